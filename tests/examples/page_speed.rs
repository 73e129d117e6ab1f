//! How long the planner page takes to recompute when a field changes: `cargo run -p
//! breakeven-tests --example page_speed` (`make bench-page`; needs `trunk build --release`
//! first, as the browser tests do: the page runs the release wasm, whatever the server's
//! build). The built app runs in headless Chromium
//! against the real server; each run sets the monthly volume to a new value and times, in
//! the page, from the input event to the moment both the API cost and the cost-against-volume
//! chart show the new figures (the engine's plan and every chart redrawn). One warm-up, then
//! 20 runs; median and min–max. Goal (docs/cost-model.md, "Speed"): ≤ 20 ms per recompute
//! for the planner's default scenario. Then the "Where to run it" table with a model named:
//! every GPU offer priced in the page (timed from the end of the 400 ms typing pause).
//! Timing lives here, never in tests.

use std::time::Duration;

use anyhow::Context;
use breakeven_tests::fantoccini::Client;
use breakeven_tests::*;
use serde_json::json;

const RUNS: usize = 20;

/// Sets the volume through an input event and resolves with the milliseconds until every
/// element the selectors name (`arguments[1]`) has changed, less `arguments[2]` ms.
const TIME_ONE_CHANGE: &str = r#"
    const [value, selectors, wait_ms, done] = arguments;
    const input = document.querySelector('#workload-requests_per_month');
    const now = () => selectors.map(s => document.querySelector(s)?.outerHTML);
    const before = now();
    const start = performance.now();
    const check = () => {
        const after = now();
        if (after.every((html, i) => html && html !== before[i])) {
            observer.disconnect();
            done(performance.now() - start - wait_ms);
        }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
    input.value = value;
    input.dispatchEvent(new Event('input', {bubbles: true}));
    setTimeout(() => { observer.disconnect(); done(-1); }, 5000);
"#;

/// The API cost and the cost-against-volume chart: the plan and every chart redrawn.
const PLAN: (&[&str], u64) = (&["#api-monthly", "#chart-cost-vs-volume svg"], 0);

/// The "Where to run it" table, timed from the end of the 400 ms the page waits for typing
/// to stop before computing it (`app/src/planner/draws.rs`, `QUIET`): the engine's
/// placements over every GPU offer plus the table's redraw.
const PLACEMENTS: (&[&str], u64) = (&["#placements-table"], 400);

async fn time_changes(
    client: &Client,
    label: &str,
    (selectors, wait_ms): (&[&str], u64),
) -> anyhow::Result<()> {
    let mut samples = Vec::with_capacity(RUNS);
    for i in 0..=RUNS {
        let volume = 1_000_000 + 10_000 * (i + 1);
        let ms = client
            .execute_async(
                TIME_ONE_CHANGE,
                vec![json!(volume.to_string()), json!(selectors), json!(wait_ms)],
            )
            .await?
            .as_f64()
            .context("no timing came back")?;
        anyhow::ensure!(ms >= 0.0, "{label}: the page did not update within 5 s");
        if i > 0 {
            samples.push(ms);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    samples.sort_by(f64::total_cmp);
    let median = (samples[RUNS / 2 - 1] + samples[RUNS / 2]) / 2.0;
    println!(
        "{label:<52} {median:>7.1} ms ({:.1}–{:.1})",
        samples[0],
        samples[RUNS - 1]
    );
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // The real server, chromedriver and a browser with its own profile, closed at the end.
    in_browser(None, async |client: &Client, base: &str| {
        client.goto(base).await?;
        text_when(client, "#api-monthly", |t| t == "$3,250.00").await?;
        println!(
            "planner recompute in headless Chromium, {RUNS} runs after a warm-up: median (min–max)"
        );
        time_changes(client, "default scenario (no Monte Carlo)", PLAN).await?;
        element(client, "#slm-self_hosted_model")
            .await?
            .select_by_value("llama-3.2-3b")
            .await?;
        element(client, "#placements-table").await?;
        time_changes(
            client,
            "where to run it: llama-3.2-3b on every GPU offer",
            PLACEMENTS,
        )
        .await?;
        element(client, "#workload-preset")
            .await?
            .select_by_value("preset:code-completion")
            .await?;
        element(client, "#slm-scaling")
            .await?
            .select_by_value("hourly")
            .await?;
        element(client, "#chart-week svg").await?;
        time_changes(
            client,
            "code completion, weekdays, hourly (no Monte Carlo)",
            PLAN,
        )
        .await
    })
    .await
}
