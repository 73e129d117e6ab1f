//! A benchmark that finds no goodput, end to end on the server's CPU with the smallest
//! catalog model (synthetic weights, 8 + 4 tokens, concurrency 1): the form says which
//! format the default runs in; while it runs, the bar counts steps with the time left and
//! the past-runs row says "running" without a reload; an impossible TPOT target ends it in
//! the warning state with the reason in words and the hardware in the summary line; the
//! relax fix fills the form with the measured figures, and "Run without an SLO" reruns it
//! and finds goodput.

use std::time::{Duration, Instant};

use anyhow::bail;
use breakeven_tests::fantoccini::{Client, Locator};
use breakeven_tests::*;

/// A CPU benchmark in a debug build on a busy machine takes tens of seconds, not the
/// harness's 15.
const RUN_LIMIT: Duration = Duration::from_secs(240);

/// Waits up to `limit` until the element's text satisfies `ok`.
async fn text_within(
    client: &Client,
    css: &str,
    limit: Duration,
    ok: impl Fn(&str) -> bool,
) -> anyhow::Result<String> {
    let deadline = Instant::now() + limit;
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Ok(e) = client.find(Locator::Css(css)).await {
            last = e.text().await.unwrap_or_default();
            if ok(&last) {
                return Ok(last);
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("{css} never showed the expected text; last seen: {last:?}")
}

#[tokio::test]
async fn no_goodput_is_a_warning_with_fixes_and_runs_show_live() -> anyhow::Result<()> {
    in_browser(None, drive).await
}

async fn drive(client: &Client, base: &str) -> anyhow::Result<()> {
    client.goto(&format!("{base}/benchmarks")).await?;
    element(client, "#bench-model option[value='smollm2-135m']").await?;
    element(client, "#bench-model")
        .await?
        .select_by_value("smollm2-135m")
        .await?;
    // The default format's option says what the benchmark will run in on this device.
    let default = text_when(client, "#bench-dtype option[value='']", |t| {
        t.contains("Default")
    })
    .await?;
    if !default.contains("q4_0") || default.contains("f32") {
        bail!("the default format's hint does not say q4_0 on the CPU: {default:?}");
    }
    set_field(client, "#bench-concurrency", "1").await?;
    set_field(client, "#bench-prompt_tokens", "8").await?;
    set_field(client, "#bench-gen_tokens", "4").await?;
    // A TTFT anyone meets, a TPOT nobody does: the point is measured and breaks the SLO.
    set_field(client, "#bench-slo-ttft_ms", "60000").await?;
    set_field(client, "#bench-slo-tpot_ms", "0.001").await?;
    click(client, "#bench-run").await?;

    // Running: the past-runs row says so (no reload), the bar counts steps.
    text_within(client, "tr[data-bench-row='1'] .status", RUN_LIMIT, |t| {
        t.starts_with("running")
    })
    .await?;
    let eta = text_within(client, "#bench-eta", RUN_LIMIT, |t| t.starts_with("step")).await?;
    if !(eta.contains("estimating…") || eta.contains("left")) {
        bail!("the progress line gives no time left: {eta:?}");
    }

    // Done without goodput: a warning with the reason, not a green "done".
    text_within(client, "#bench-outcome", RUN_LIMIT, |t| t == "no goodput").await?;
    let status_class = element(client, "#bench-status")
        .await?
        .attr("class")
        .await?
        .unwrap_or_default();
    if !status_class.contains("status-warning") {
        bail!("the finished status is not a warning: class {status_class:?}");
    }
    let reason = element(client, "#bench-no-goodput-reason")
        .await?
        .text()
        .await?;
    for words in [
        "time per output token",
        "target of ≤ 0.001 ms (missed)",
        "(met)",
    ] {
        if !reason.contains(words) {
            bail!("the reason does not say {words:?}: {reason:?}");
        }
    }
    if client.find(Locator::Css("#use-in-scenario")).await.is_ok() {
        bail!("a run without goodput offers \"Use in scenario\"");
    }
    let hardware = element(client, "#bench-hardware").await?.text().await?;
    if !(hardware.contains("core") && hardware.contains("threads used")) {
        bail!("the summary line does not name the CPU and its cores: {hardware:?}");
    }
    text_within(client, "tr[data-bench-row='1'] .status", RUN_LIMIT, |t| {
        t == "done · no goodput"
    })
    .await?;
    scroll_to(client, "#bench-current").await?;
    screenshot(client, "benchmarks-no-goodput.png").await?;

    // Relax: the form holds the measured figures, rounded up, and the TTFT target that was met.
    let relax = element(client, "#bench-relax-slo").await?;
    let ttft = relax.attr("data-ttft-ms").await?.unwrap_or_default();
    let tpot = relax.attr("data-tpot-ms").await?.unwrap_or_default();
    relax.click().await?;
    element(client, "#bench-relax-filled").await?;
    if value_of(client, "#bench-slo-ttft_ms").await? != ttft || ttft != "60000" {
        bail!("the relaxed TTFT is not the target that was met: {ttft:?}");
    }
    let relaxed_tpot: f64 = value_of(client, "#bench-slo-tpot_ms").await?.parse()?;
    if tpot.parse::<f64>()? != relaxed_tpot || relaxed_tpot <= 0.001 {
        bail!("the relaxed TPOT is not the measured figure: {relaxed_tpot} (button {tpot:?})");
    }

    // Run without an SLO: reruns at once and finds goodput.
    click(client, "#bench-run-without-slo").await?;
    text_within(client, "#bench-current h2", RUN_LIMIT, |t| {
        t == "Benchmark #2"
    })
    .await?;
    if !value_of(client, "#bench-slo-tpot_ms").await?.is_empty() {
        bail!("the form still holds an SLO after \"Run without an SLO\"");
    }
    text_within(client, "#goodput-decode", RUN_LIMIT, |t| !t.is_empty()).await?;
    if client.find(Locator::Css("#bench-no-goodput")).await.is_ok() {
        bail!("the rerun without an SLO still shows the no-goodput warning");
    }
    text_within(client, "tr[data-bench-row='2'] .status", RUN_LIMIT, |t| {
        t == "done"
    })
    .await?;
    Ok(())
}
