//! Saved scenarios, share links, forks and the compare page, in headless Chromium against
//! the real server on port 0. Each "fresh context" is a new chromedriver session with its
//! own profile directory, so it holds none of the other's localStorage (no edit tokens).

use anyhow::{bail, Context};
use breakeven_tests::fantoccini::{Client, Locator};
use breakeven_tests::*;
use serde_json::json;

/// The figures a scenario's results show, read from the page.
#[derive(Debug, PartialEq)]
struct Figures {
    api: String,
    self_hosted: String,
    hybrid: String,
    break_even: String,
}

async fn figures(client: &Client) -> anyhow::Result<Figures> {
    let read = |css: &'static str| async move {
        text_when(client, css, |t| !t.is_empty() && !t.contains("NaN")).await
    };
    Ok(Figures {
        api: read("#api-monthly").await?,
        self_hosted: read("#self-hosted-monthly").await?,
        hybrid: read("#hybrid-monthly").await?,
        break_even: read("#break-even").await?,
    })
}

/// Nothing on the page is wider than the 1280 px window (a long value wraps instead).
async fn fits_the_window(client: &Client, page: &str) -> anyhow::Result<()> {
    let width = client
        .execute("return document.documentElement.scrollWidth", vec![])
        .await?;
    if width.as_i64().is_none_or(|w| w > 1280) {
        bail!("the {page} page is {width} px wide");
    }
    Ok(())
}

/// A share link the page shows: `<origin>/s/<32 hex>`.
fn share_id(base: &str, link: &str) -> anyhow::Result<String> {
    let id = link
        .strip_prefix(&format!("{base}/s/"))
        .with_context(|| format!("{link:?} is not a share link of {base}"))?;
    if id.len() != 32 || !id.chars().all(|c| c.is_ascii_hexdigit()) {
        bail!("share id {id:?} is not 128 bits of hex");
    }
    Ok(id.to_string())
}

/// Status of a `fetch` the page itself makes (same origin, this context's storage).
async fn fetch_status(
    client: &Client,
    method: &str,
    path: &str,
    token: Option<&str>,
) -> anyhow::Result<i64> {
    let script = r#"
        const [method, path, token, done] = arguments;
        const headers = {"Content-Type": "application/json"};
        if (token) headers["Authorization"] = "Bearer " + token;
        fetch(path, {method, headers, body: JSON.stringify({scenario: {name: "hijacked"}, price_table: null})})
            .then(r => done(r.status), e => done(String(e)));
    "#;
    let answer = client
        .execute_async(script, vec![json!(method), json!(path), json!(token)])
        .await?;
    answer
        .as_i64()
        .with_context(|| format!("fetch failed: {answer}"))
}

#[tokio::test]
async fn scenarios_save_share_fork_and_compare() -> anyhow::Result<()> {
    // An active version #2 newer than the bundled #1 the planner prices with; it halves
    // GPT-4o's prices and lists no cached price (cached input is then billed as input).
    let newer = r#"{"gpt-4o": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1.25e-6, "output_cost_per_token": 5e-6}}"#;
    let (base, _db_dir) = start_server_with(Some(newer), true).await?;
    let (_driver, port) = start_driver().await?;
    let profiles = [
        tempfile::tempdir()?,
        tempfile::tempdir()?,
        tempfile::tempdir()?,
    ];
    let author = browser(port, profiles[0].path()).await?;
    let outcome = async {
        let (original, unsaved, before) = author_saves(&author, &base).await?;
        let viewer = browser(port, profiles[1].path()).await?;
        let seen = viewer_forks(&viewer, &base, &original, &before).await;
        viewer.close().await?;
        let compare_url = seen?;
        // The compare address reproduces the comparison in another browser.
        author.goto(&compare_url).await?;
        text_when(&author, "#compare-table thead", |t| t.contains("(copy)")).await?;
        author_reopens(&author, &original).await?;
        let third = browser(port, profiles[2].path()).await?;
        let opened = unsaved_link_opens(&third, &base, &unsaved, &before).await;
        third.close().await?;
        opened
    }
    .await;
    author.close().await?;
    outcome
}

/// The author builds a scenario from a preset, saves it, and takes both links.
async fn author_saves(client: &Client, base: &str) -> anyhow::Result<(String, String, Figures)> {
    client.goto(base).await?;
    text_when(client, "#scenario-status", |t| t == "Not saved").await?;
    text_when(client, "#api-monthly", |t| t == "$3,250.00").await?;
    // Ticket classification: 300k requests of 400 input tokens (40 % repeated) and 5 output
    // on GPT-4o, which caches only prompts of 1,024 tokens or more, so all 400 are fresh:
    // 300k × (400·$2.50 + 5·$10)/1e6 = $315.00.
    element(
        client,
        "#workload-preset option[value='preset:ticket-classification']",
    )
    .await?;
    element(client, "#workload-preset")
        .await?
        .select_by_value("preset:ticket-classification")
        .await?;
    text_when(client, "#api-monthly", |t| t == "$315.00").await?;
    set_field(client, "#name", "Tickets on an L4").await?;
    click(client, "#save-scenario").await?;
    text_when(client, "#scenario-status", |t| {
        t == "Tickets on an L4 · revision 1 of 1"
    })
    .await?;
    let before = figures(client).await?;

    // The cost-vs-volume chart carries the break-even marker exactly when there is one.
    let chart = element(client, "svg[data-chart='cost-vs-volume']").await?;
    let marker = chart
        .find(Locator::Css("[data-marker='break-even']"))
        .await
        .is_ok();
    if marker == before.break_even.starts_with("none") {
        bail!(
            "break-even {:?} but marker present: {marker}",
            before.break_even
        );
    }
    screenshot(client, "planner-saved.png").await?;

    click(client, "#copy-share-link").await?;
    let link = value_of(client, "#share-link").await?;
    share_id(base, &link)?;
    click(client, "#link-unsaved").await?;
    let unsaved = value_of(client, "#state-link").await?;
    if !unsaved.starts_with(&format!("{base}/?state=1.")) {
        bail!("unexpected unsaved link {unsaved:?}");
    }
    // The tabs are history entries: back returns to the planner.
    click(client, "#tab-compare").await?;
    element(client, "#compare-empty").await?;
    if !client.current_url().await?.as_str().ends_with("/compare") {
        bail!("the compare tab did not change the address");
    }
    client.back().await?;
    text_when(client, "#api-monthly", |t| t == "$315.00").await?;
    for (tab, shot) in [
        ("#tab-llm-prices", "scenarios-llm-prices.png"),
        ("#tab-gpus", "scenarios-gpus.png"),
        ("#tab-profiles", "scenarios-profiles.png"),
        ("#tab-benchmarks", "scenarios-benchmarks.png"),
    ] {
        click(client, tab).await?;
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        screenshot(client, shot).await?;
    }
    click(client, "#tab-planner").await?;
    Ok((link, unsaved, before))
}

/// Someone else opens the link: same figures, no way to edit, a fork they can edit, and a
/// comparison of the two. Returns the compare page's address.
async fn viewer_forks(
    client: &Client,
    base: &str,
    link: &str,
    before: &Figures,
) -> anyhow::Result<String> {
    let id = share_id(base, link)?;
    client.goto(link).await?;
    text_when(client, "#shared-basis", |t| {
        t.starts_with("Recomputed from the stored inputs of revision 1 with price table")
    })
    .await?;
    if figures(client).await? != *before {
        bail!("the shared view shows other figures than the planner did");
    }
    text_when(client, "#server-agrees", |t| {
        t.contains("same monthly costs")
    })
    .await?;
    text_when(client, "#shared-inputs", |t| {
        t.contains("Requests per month")
            && t.contains("300000")
            && t.contains("requests/month")
            && !t.contains("workload.")
    })
    .await?;
    screenshot(client, "shared-view.png").await?;
    fits_the_window(client, "shared").await?;

    // Reprice with the newer table: 300k × (400·$1.25 + 5·$5)/1e6 = $157.50.
    text_when(client, "#reprice", |t| t.contains("browser-test v2")).await?;
    click(client, "#reprice").await?;
    text_when(client, "#api-monthly", |t| t == "$157.50").await?;
    text_when(client, "#shared-basis", |t| {
        t.starts_with("Repriced: recomputed from the stored inputs of revision 1 with price table browser-test v2")
    })
    .await?;
    screenshot(client, "shared-view-repriced.png").await?;

    // No edit through the link: the view offers none, and the API refuses this browser.
    if client.find(Locator::Css("#edit")).await.is_ok() {
        bail!("the shared view offers Edit to a browser without the token");
    }
    let path = format!("/api/v1/scenarios/{id}");
    for token in [None, Some("not-the-token")] {
        let status = fetch_status(client, "PUT", &path, token).await?;
        if status != 403 {
            bail!("PUT with token {token:?} answered {status}, not 403");
        }
    }
    if fetch_status(client, "DELETE", &path, None).await? != 403 {
        bail!("DELETE without the token was not refused");
    }
    client.refresh().await?;
    text_when(client, "#shared-revision", |t| {
        t.starts_with("Revision 1 of 1")
    })
    .await?;

    // Fork to edit: an unsaved copy in the planner, and edit it: twice the volume doubles
    // the API cost. Saved, it is a scenario of this browser's whose revision 1 is the form.
    click(client, "#fork").await?;
    text_when(client, "#scenario-status", |t| t == "Not saved").await?;
    text_when(client, "#api-monthly", |t| t == before.api).await?;
    if value_of(client, "#name").await? != "Tickets on an L4 (copy)" {
        bail!("the fork is not named as a copy");
    }
    set_field(client, "#workload-requests_per_month", "600000").await?;
    // Twice the volume: 600k × (400·$2.50 + 5·$10)/1e6 = $630.00.
    text_when(client, "#api-monthly", |t| t == "$630.00").await?;
    click(client, "#save-scenario").await?;
    text_when(client, "#scenario-status", |t| {
        t == "Tickets on an L4 (copy) · revision 1 of 1"
    })
    .await?;

    // The original's link still shows the old figures.
    client.goto(link).await?;
    text_when(client, "#shared-basis", |t| t.contains("revision 1")).await?;
    if figures(client).await? != *before {
        bail!("the original changed after its fork was edited");
    }

    // Compare the fork (from this browser's scenarios) with the original (pasted link).
    client.goto(&format!("{base}/compare")).await?;
    element(client, ".compare-pick").await?.click().await?;
    set_field(client, "#compare-add", link).await?;
    click(client, "#compare-add-button").await?;
    text_when(client, "#compare-table thead", |t| {
        t.contains("Tickets on an L4 (copy)") && t.matches("Tickets on an L4").count() == 2
    })
    .await?;
    let columns = client.find_all(Locator::Css("th.compare-col")).await?;
    if columns.len() != 2 {
        bail!("{} columns, not 2", columns.len());
    }
    text_when(client, "#compare-table td.cheapest .marker", |t| {
        t.contains("cheapest")
    })
    .await?;
    let mut differing = Vec::new();
    for row in client
        .find_all(Locator::Css("#compare-inputs tr.differs td.model"))
        .await?
    {
        differing.push(row.text().await?);
    }
    // The fork's latest revision has twice the volume (and its own name); nothing else differs.
    if differing != ["Scenario name", "Requests per month"] {
        bail!("highlighted inputs: {differing:?}");
    }
    let table = element(client, "#compare-table").await?.text().await?;
    for bad in ["NaN", "Infinity"] {
        if table.contains(bad) {
            bail!("the comparison shows {bad}");
        }
    }
    screenshot(client, "compare.png").await?;
    fits_the_window(client, "compare").await?;
    let url = client.current_url().await?.to_string();
    if !url.contains("/compare?ids=") || !url.contains(&id) {
        bail!("the compare address {url:?} does not name both scenarios");
    }
    Ok(url)
}

/// A link that was never saved opens the same scenario in a fresh browser; a damaged one
/// says why and leaves the default scenario.
async fn unsaved_link_opens(
    client: &Client,
    base: &str,
    link: &str,
    before: &Figures,
) -> anyhow::Result<()> {
    client.goto(&format!("{base}/?state=1.damaged")).await?;
    text_when(client, "#scenario-banner", |t| {
        t.contains("could not be read")
    })
    .await?;
    text_when(client, "#api-monthly", |t| t == "$3,250.00").await?;
    client.goto(link).await?;
    text_when(client, "#api-monthly", |t| t == before.api).await?;
    if figures(client).await? != *before {
        bail!("the unsaved link shows other figures");
    }
    text_when(client, "#scenario-status", |t| t == "Not saved").await?;

    // Saved here; saved as a copy (a new scenario whose revision 1 is the form); the copy
    // renamed (a new revision) and deleted: its link then finds nothing, the first one
    // still opens.
    click(client, "#save-scenario").await?;
    text_when(client, "#scenario-status", |t| {
        t == "Tickets on an L4 · revision 1 of 1"
    })
    .await?;
    click(client, "#copy-share-link").await?;
    let first = value_of(client, "#share-link").await?;
    click(client, "#save-copy").await?;
    text_when(client, "#scenario-status", |t| {
        t == "Tickets on an L4 (copy) · revision 1 of 1"
    })
    .await?;
    text_when(client, "#my-scenarios", |t| t.contains("My scenarios (2)")).await?;
    click(client, "#copy-share-link").await?;
    let copy = value_of(client, "#share-link").await?;
    if copy == first {
        bail!("the copy has the original's link");
    }
    click(client, "#rename-scenario").await?;
    set_field(client, "#rename-name", "Renamed tickets").await?;
    click(client, "#rename-save").await?;
    text_when(client, "#scenario-status", |t| {
        t == "Renamed tickets · revision 2 of 2"
    })
    .await?;
    click(client, "#delete-scenario").await?;
    client.accept_alert().await?;
    text_when(client, "#scenario-status", |t| t == "Not saved").await?;
    text_when(client, "#my-scenarios", |t| t.contains("My scenarios (1)")).await?;
    client.goto(&copy).await?;
    text_when(client, "#shared-error", |t| t.contains("cannot be shown")).await?;
    client.goto(&first).await?;
    text_when(client, "#shared-revision", |t| {
        t.starts_with("Revision 1 of 1")
    })
    .await?;
    Ok(())
}

/// The author's browser holds the token: the shared view offers Edit, and the scenario is
/// listed under My scenarios, either of which opens it in the planner.
async fn author_reopens(client: &Client, link: &str) -> anyhow::Result<()> {
    client.goto(link).await?;
    click_when(client, "#edit").await?;
    text_when(client, "#scenario-status", |t| {
        t == "Tickets on an L4 · revision 1 of 1"
    })
    .await?;
    text_when(client, "#api-monthly", |t| t == "$315.00").await?;
    // A new page at `/` holds no open scenario until one is chosen from the list.
    let base = client.current_url().await?.origin().ascii_serialization();
    client.goto(&base).await?;
    text_when(client, "#scenario-status", |t| t == "Not saved").await?;
    click(client, "#my-scenarios summary").await?;
    click_when(client, "#my-scenarios .open-scenario").await?;
    text_when(client, "#scenario-status", |t| {
        t.ends_with("revision 1 of 1")
    })
    .await?;
    text_when(client, "#api-monthly", |t| t == "$315.00").await?;
    Ok(())
}

/// Clicks an element once it exists.
async fn click_when(client: &Client, css: &str) -> anyhow::Result<()> {
    element(client, css).await?.click().await?;
    Ok(())
}
