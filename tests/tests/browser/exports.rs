//! Exports from the browser, in headless Chromium against the real server on port 0: the
//! planner offers them once the scenario is saved (a hint before), the shared view offers
//! them to a fresh browser without the edit token, and the compare page offers the
//! comparison's. Every link is fetched by the page itself and must answer 200 with its
//! format's content type and first bytes, as a download (`Content-Disposition`).

use anyhow::{bail, Context};
use breakeven_tests::fantoccini::{Client, Locator};
use breakeven_tests::*;
use serde_json::{json, Value};

/// What each link must download: (data-export, content type, first bytes as text).
const EXPECTED: [(&str, &str, &str); 7] = [
    ("pdf-a4", "application/pdf", "%PDF-"),
    ("pdf-letter", "application/pdf", "%PDF-"),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "PK",
    ),
    ("csv-cashflow", "text/csv; charset=utf-8", ""),
    ("csv-routing", "text/csv; charset=utf-8", ""),
    ("csv-schedule", "text/csv; charset=utf-8", ""),
    ("csv-breakdown", "text/csv; charset=utf-8", ""),
];

/// Fetches `href` from the page: status, content type, disposition and the first bytes.
async fn fetch(client: &Client, href: &str) -> anyhow::Result<Value> {
    let script = r#"
        const [href, done] = arguments;
        fetch(href).then(async r => {
            const bytes = new Uint8Array(await r.arrayBuffer());
            done({status: r.status, type: r.headers.get("content-type"),
                  disposition: r.headers.get("content-disposition"),
                  head: String.fromCharCode(...bytes.slice(0, 5)), size: bytes.length});
        }, e => done({error: String(e)}));
    "#;
    Ok(client.execute_async(script, vec![json!(href)]).await?)
}

/// Every export link inside `container` downloads what it says; returns the hrefs.
async fn links_download(client: &Client, container: &str) -> anyhow::Result<Vec<String>> {
    element(client, &format!("{container} a.export")).await?;
    let links = client
        .find_all(Locator::Css(&format!("{container} a.export")))
        .await?;
    let mut seen = Vec::new();
    for link in links {
        let what = link.attr("data-export").await?.unwrap_or_default();
        let href = link.attr("href").await?.context("a link without href")?;
        if link.attr("download").await?.is_none() {
            bail!("{container} {what}: not a download link");
        }
        let (_, content_type, head) = EXPECTED
            .iter()
            .find(|(w, _, _)| *w == what)
            .with_context(|| format!("unexpected export {what:?}"))?;
        let got = fetch(client, &href).await?;
        if got["status"] != json!(200)
            || got["type"] != json!(content_type)
            || !got["head"].as_str().unwrap_or_default().starts_with(head)
            || !got["disposition"]
                .as_str()
                .unwrap_or_default()
                .starts_with("attachment; filename=\"breakeven-")
            || got["size"].as_u64().unwrap_or(0) < 50
        {
            bail!("{container} {what} {href}: {got}");
        }
        seen.push(what);
    }
    let expected: Vec<&str> = EXPECTED.iter().map(|e| e.0).collect();
    if seen != expected {
        bail!("{container} offers {seen:?}, not {expected:?}");
    }
    Ok(seen)
}

fn share_id(base: &str, link: &str) -> anyhow::Result<String> {
    link.strip_prefix(&format!("{base}/s/"))
        .map(str::to_string)
        .with_context(|| format!("{link:?} is not a share link of {base}"))
}

#[tokio::test]
async fn exports_download_from_the_planner_the_shared_view_and_compare() -> anyhow::Result<()> {
    let (base, _db_dir) = start_server(None).await?;
    let (_driver, port) = start_driver().await?;
    let profiles = [tempfile::tempdir()?, tempfile::tempdir()?];
    let author = browser(port, profiles[0].path()).await?;
    let outcome = async {
        let (first, second) = author_exports(&author, &base).await?;
        let viewer = browser(port, profiles[1].path()).await?;
        let seen = viewer_exports(&viewer, &base, &first, &second).await;
        viewer.close().await?;
        seen
    }
    .await;
    author.close().await?;
    outcome
}

/// The author: a hint before saving, links after; a copy gives a second scenario.
async fn author_exports(client: &Client, base: &str) -> anyhow::Result<(String, String)> {
    client.goto(base).await?;
    text_when(client, "#api-monthly", |t| t == "$3,250.00").await?;
    text_when(client, "#export-hint", |t| t.contains("Save to export")).await?;
    if client.find(Locator::Css("#exports")).await.is_ok() {
        bail!("exports are offered before the scenario is saved");
    }
    set_field(client, "#name", "Exports <b>\"bold\"</b> & co").await?;
    click(client, "#save-scenario").await?;
    text_when(client, "#scenario-status", |t| {
        t.ends_with("revision 1 of 1")
    })
    .await?;
    links_download(client, "#exports").await?;
    if client.find(Locator::Css("#export-hint")).await.is_ok() {
        bail!("the hint stays after saving");
    }
    screenshot(client, "exports-planner.png").await?;
    click(client, "#copy-share-link").await?;
    let first = value_of(client, "#share-link").await?;
    click(client, "#save-copy").await?;
    text_when(client, "#scenario-status", |t| t.contains("(copy)")).await?;
    // The links follow the open scenario: the copy's own id and revision.
    let href = element(client, "#exports a[data-export='xlsx']")
        .await?
        .attr("href")
        .await?
        .unwrap_or_default();
    let first_id = share_id(base, &first)?;
    if href.contains(&first_id) {
        bail!("the copy's export link still names the original: {href}");
    }
    click(client, "#copy-share-link").await?;
    let second = value_of(client, "#share-link").await?;
    Ok((first, second))
}

/// A fresh browser without tokens: the shared view's links and the comparison's.
async fn viewer_exports(
    client: &Client,
    base: &str,
    first: &str,
    second: &str,
) -> anyhow::Result<()> {
    client.goto(first).await?;
    text_when(client, "#shared-name", |t| t.contains("Exports <b>")).await?;
    links_download(client, "#shared-exports").await?;
    let href = element(client, "#shared-exports a[data-export='pdf-letter']")
        .await?
        .attr("href")
        .await?
        .unwrap_or_default();
    if !href.ends_with("report.pdf?paper=letter&revision=1") {
        bail!("the shared view's Letter link is {href}");
    }
    screenshot(client, "exports-shared.png").await?;
    let (a, b) = (share_id(base, first)?, share_id(base, second)?);
    client.goto(&format!("{base}/compare?ids={a},{b}")).await?;
    text_when(client, "#compare-table thead", |t| t.contains("(copy)")).await?;
    links_download(client, "#compare-exports").await?;
    let href = element(client, "#compare-exports a[data-export='csv-cashflow']")
        .await?
        .attr("href")
        .await?
        .unwrap_or_default();
    if href != format!("/api/v1/compare/cashflow.csv?ids={a},{b}") {
        bail!("the comparison's CSV link is {href}");
    }
    screenshot(client, "exports-compare.png").await?;
    Ok(())
}
