//! The app on a phone (issue 16): at 390 CSS px the planner is one column no wider than the
//! screen (and so are the catalogs and the benchmarks page; the compare page has its own
//! test), the tabs scroll in their row, a wide table scrolls inside its own box, and the
//! summary bar with the three monthly costs and the recommendation stays in sight while
//! the form is scrolled, one tap away from the full results. The page starts from the
//! static "Loading the planner…" placeholder, which the app replaces.

use anyhow::{bail, ensure};
use breakeven_tests::cdp::{phone, PHONE_WIDTH};
use breakeven_tests::fantoccini::Client;
use breakeven_tests::*;
use serde_json::Value;

#[tokio::test]
async fn the_planner_fits_a_phone_and_keeps_its_summary_in_sight() -> anyhow::Result<()> {
    in_browser(None, drive).await
}

/// (document width, viewport width) in CSS px: wider means the page scrolls sideways.
async fn widths(client: &Client) -> anyhow::Result<(f64, f64)> {
    let got = client
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth]",
            Vec::new(),
        )
        .await?;
    Ok((
        got[0].as_f64().unwrap_or(f64::NAN),
        got[1].as_f64().unwrap_or(f64::NAN),
    ))
}

/// The elements wider than the viewport, for the failure message.
/// The header's tabs in order, one per page (a new page adds its tab here).
const EVERY_TAB: &str =
    "tab-planner tab-compare tab-llm-prices tab-gpus tab-profiles tab-benchmarks tab-traffic tab-quality";

const TOO_WIDE: &str = "return [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
    .filter(e => !e.closest('nav, .table-scroll, table.rows, .history-scroll'))
    .slice(0, 8).map(e => `${e.tagName.toLowerCase()}#${e.id}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)";

async fn fits(client: &Client, page: &str) -> anyhow::Result<()> {
    let (document, viewport) = widths(client).await?;
    if document > viewport || viewport != f64::from(PHONE_WIDTH) {
        let wide = client.execute(TOO_WIDE, Vec::new()).await?;
        bail!("{page}: the document is {document} px wide in a {viewport} px viewport; too wide: {wide}");
    }
    Ok(())
}

/// Whether the summary bar is on screen and on top (not covered) at its middle.
const BAR_IN_SIGHT: &str = "const bar = document.querySelector('#summary-bar');
    const r = bar.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return [r.top, r.bottom, window.innerHeight, window.scrollY, !!hit && bar.contains(hit)]";

async fn drive(client: &Client, base: &str) -> anyhow::Result<()> {
    // The page as served, before any script: the placeholder and the message without one.
    client.goto(base).await?;
    let html = client
        .execute_async(
            "const done = arguments[0]; fetch('/').then(r => r.text()).then(done);",
            Vec::new(),
        )
        .await?;
    let html = html.as_str().unwrap_or_default();
    for words in ["Loading the planner…", "<noscript>", "needs JavaScript"] {
        ensure!(html.contains(words), "index.html lacks {words:?}: {html}");
    }

    phone(client).await?;
    client.goto(base).await?;
    let api = text_when(client, "#api-monthly", |t| t.starts_with('$')).await?;
    let gone: Value = client
        .execute(
            "return document.getElementById('loading') === null",
            Vec::new(),
        )
        .await?;
    ensure!(
        gone == true,
        "the loading placeholder is still there after the app mounted"
    );
    fits(client, "the planner").await?;
    // One column: the results come after the form.
    let stacked = client
        .execute(
            "const f = document.querySelector('form.scenario').getBoundingClientRect();
             const r = document.querySelector('main.planner .results').getBoundingClientRect();
             return r.top >= f.bottom",
            Vec::new(),
        )
        .await?;
    ensure!(
        stacked == true,
        "the results are not under the form at 390 px"
    );
    // The tabs: every page's, scrolling in their own row.
    let tabs = client
        .execute(
            "const nav = document.querySelector('header nav');
             return [[...nav.querySelectorAll('.tab')].map(t => t.id).join(' '),
                     nav.scrollWidth > nav.clientWidth, getComputedStyle(nav).overflowX]",
            Vec::new(),
        )
        .await?;
    ensure!(
        tabs[0] == EVERY_TAB && tabs[1] == true && tabs[2] == "auto",
        "the tabs at 390 px: {tabs}"
    );
    screenshot(client, "layout-390-planner-top.png").await?;

    // Deep in the form, the bar is still on screen with the three costs and the answer.
    scroll_to(client, "#fieldset-finance").await?;
    let sight = client.execute(BAR_IN_SIGHT, Vec::new()).await?;
    let (top, bottom, height, scrolled) = (
        sight[0].as_f64().unwrap_or(-1.0),
        sight[1].as_f64().unwrap_or(-1.0),
        sight[2].as_f64().unwrap_or(0.0),
        sight[3].as_f64().unwrap_or(0.0),
    );
    ensure!(scrolled > 1000.0, "the form did not scroll far: {sight}");
    ensure!(
        top >= 0.0 && bottom <= height / 3.0 && sight[4] == true,
        "the summary bar is not in sight at the top after scrolling: {sight}"
    );
    let bar_api = text_when(client, "#summary-api", |t| t.starts_with('$')).await?;
    ensure!(
        bar_api == api,
        "the bar's API cost {bar_api} is not the results' {api}"
    );
    for id in ["#summary-self-hosted", "#summary-hybrid"] {
        text_when(client, id, |t| t.starts_with('$')).await?;
    }
    text_when(client, "#summary-recommended", |t| {
        t.starts_with("Recommended: ")
    })
    .await?;
    screenshot(client, "layout-390-planner-scrolled.png").await?;
    // It follows the form, and "Results ↓" brings the full results into view.
    set_field(client, "#workload-requests_per_month", "2000000").await?;
    let api2 = text_when(client, "#api-monthly", |t| t != api).await?;
    text_when(client, "#summary-api", |t| t == api2).await?;
    click(client, "#summary-bar .to-results").await?;
    let landed = client
        .execute(
            "const r = document.querySelector('#api-monthly').getBoundingClientRect();
             return r.top > 0 && r.bottom < window.innerHeight",
            Vec::new(),
        )
        .await?;
    ensure!(
        landed == true,
        "\"Results ↓\" did not bring the costs into view"
    );

    // A wide table scrolls inside its box; the page itself does not.
    click(client, "#tab-llm-prices").await?;
    element(client, "#price-table tbody tr").await?;
    fits(client, "the LLM prices").await?;
    let table = client
        .execute(
            "const t = document.querySelector('#price-table');
             return [t.scrollWidth > t.clientWidth, getComputedStyle(t).overflowX]",
            Vec::new(),
        )
        .await?;
    ensure!(
        table[0] == true && table[1] == "auto",
        "the price table does not scroll in its box: {table}"
    );
    // The other catalogs, the benchmarks and the Traffic page fit too.
    for (tab, ready) in [
        ("#tab-gpus", "#gpu-table tbody tr"),
        ("#tab-profiles", "main.catalog"),
        ("#tab-benchmarks", "form.bench-form"),
        ("#tab-traffic", "#traffic-file"),
    ] {
        click(client, tab).await?;
        element(client, ready).await?;
        fits(client, tab).await?;
    }
    Ok(())
}
