//! The planner: figures worked by hand as the volume changes, its charts, invalid input
//! named in words, the catalogs filling it, and a real benchmark's throughput used in it.

use std::time::{Duration, Instant};

use anyhow::bail;
use breakeven_tests::fantoccini::{Client, Locator};
use breakeven_tests::*;

#[tokio::test]
async fn page_recomputes_costs_when_the_volume_changes() -> anyhow::Result<()> {
    in_browser(None, drive).await
}

async fn drive(client: &Client, base: &str) -> anyhow::Result<()> {
    client.goto(base).await?;
    // Defaults: 1M requests of 500 in / 200 out on GPT-4o at $2.50/$10 per Mtok = $3,250.
    text_when(client, "#api-monthly", |t| t == "$3,250.00").await?;
    // One L4 at $0.8048/h for 730 h.
    text_when(client, "#self-hosted-monthly", |t| t == "$587.50").await?;
    screenshot(client, "planner-default.png").await?;

    // Twice the volume: the API doubles; the fleet needs ⌈2.283 req/s · 0.5 s / 0.7⌉ = 2
    // replicas ($1,175.01); the hybrid keeps 2 replicas for 1.6M requests and pays the LLM
    // for 560k requests ($1,820): $2,995.01.
    set_field(client, "#workload-requests_per_month", "2000000").await?;
    text_when(client, "#api-monthly", |t| t == "$6,500.00").await?;
    text_when(client, "#self-hosted-monthly", |t| t == "$1,175.01").await?;
    text_when(client, "#hybrid-monthly", |t| t == "$2,995.01").await?;
    text_when(client, "#replicas", |t| t.starts_with("2 ")).await?;
    screenshot(client, "planner-2m-requests.png").await?;

    // The charts, with Monte Carlo turned on: each is an SVG, none shows NaN.
    click(client, "#uncertainty-enabled").await?;
    for chart in [
        "cost-vs-volume",
        "routing",
        "breakdown",
        "cumulative-savings",
        "monte-carlo",
        "tornado",
    ] {
        let svg = element(client, &format!("#chart-{chart} svg[data-chart='{chart}']"))
            .await?
            .prop("outerHTML")
            .await?
            .unwrap_or_default();
        if svg.contains("NaN") || svg.contains("inf") {
            bail!("chart {chart} draws a non-finite number");
        }
    }
    text_when(client, "#hybrid-monthly-range", |t| t.contains("P10")).await?;
    scroll_to(client, "#plan-charts").await?;
    screenshot(client, "planner-charts.png").await?;
    scroll_to(client, "#chart-monte-carlo").await?;
    screenshot(client, "planner-charts-monte-carlo.png").await?;

    // Bad input is marked in place with its reason, and the figures left are marked as
    // not updated (form_ergonomics tests that path in full).
    set_field(client, "#workload-requests_per_month", "-5").await?;
    text_when(client, "#workload-requests_per_month-error", |t| {
        t.contains("must not be negative")
    })
    .await?;
    // Named as the planner names the field, never by its path.
    text_when(client, "#problems", |t| {
        t.contains("Requests per month") && !t.contains("workload.requests_per_month")
    })
    .await?;
    text_when(client, "#stale-note", |t| t.contains("Not updated")).await?;
    if client
        .find(Locator::Css("#results-figures[data-stale] #api-monthly"))
        .await
        .is_err()
    {
        bail!("the figures shown for an invalid volume are not marked as not updated");
    }
    screenshot(client, "planner-invalid.png").await?;
    // All of it ran under the server's Content-Security-Policy without a refusal.
    let refused = csp_violations(client).await?;
    if !refused.is_empty() {
        bail!("the Content-Security-Policy refused {refused:?}");
    }
    Ok(())
}

#[tokio::test]
async fn catalog_rows_fill_the_scenario() -> anyhow::Result<()> {
    // Version #2 halves GPT-4o's prices.
    let newer = r#"{"gpt-4o": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1.25e-6, "output_cost_per_token": 5e-6}}"#;
    in_browser(Some(newer), drive_catalogs).await
}

async fn drive_catalogs(client: &Client, base: &str) -> anyhow::Result<()> {
    client.goto(base).await?;
    text_when(client, "#api-monthly", |t| t == "$3,250.00").await?;

    // LLM prices: switch to version #2, and the planner reprices: 1M × (500·1.25 + 200·5)/1e6.
    click(client, "#tab-llm-prices").await?;
    text_when(client, "#price-count", |t| t.contains("models")).await?;
    element(client, "#price-version")
        .await?
        .select_by_value("2")
        .await?;
    text_when(client, "#price-source", |t| t.contains("browser-test v2")).await?;
    screenshot(client, "llm-prices.png").await?;
    click(client, "#tab-planner").await?;
    text_when(client, "#api-monthly", |t| t == "$1,625.00").await?;

    // Back to the bundled version, search it, and use a row as the LLM:
    // Claude Haiku 4.5 at $1/$5 → 1M × (500·1 + 200·5)/1e6 = $1,500.
    click(client, "#tab-llm-prices").await?;
    element(client, "#price-version")
        .await?
        .select_by_value("1")
        .await?;
    text_when(client, "#price-source", |t| t.contains("1.109.1")).await?;
    set_field(client, "#price-search", "claude-haiku-4-5 anthropic").await?;
    // The dated alias (claude-haiku-4-5-20251001) matches too; rows are sorted by name.
    text_when(client, "#price-table tbody tr td.model", |t| {
        t == "claude-haiku-4-5"
    })
    .await?;
    click(client, "#price-table .use-llm").await?;
    text_when(client, "#api-monthly", |t| t == "$1,500.00").await?;

    // GPUs: search, use an H100 offer; one replica for 730 h at its on-demand price.
    click(client, "#tab-gpus").await?;
    set_field(client, "#gpu-search", "lambda h100").await?;
    // Wait for the final filter, not an intermediate one typed on the way.
    let lambda_h100 = pricing::gpus::bundled_gpus()
        .offers
        .iter()
        .filter(|o| o.id.starts_with("lambda:") && o.gpu.contains("H100"))
        .count();
    assert!(lambda_h100 > 0);
    text_when(client, "#gpu-count", |t| {
        t == format!("{lambda_h100} offers")
    })
    .await?;
    screenshot(client, "gpus.png").await?;
    let offer_id = client
        .find(Locator::Css("#gpu-table tbody tr td.model"))
        .await?
        .text()
        .await?;
    let offer = pricing::gpus::bundled_gpus().get(&offer_id)?;
    click(client, "#gpu-table .use-gpu").await?;
    let expected = tco::format::usd(offer.on_demand_usd_per_gpu_hour * 730.0);
    text_when(client, "#self-hosted-monthly", |t| t == expected).await?;

    // Profiles: the ticket-classification preset fills the workload (300,000 requests).
    click(client, "#tab-profiles").await?;
    text_when(client, "#preset-ticket-classification", |t| {
        t.contains("From the seeds")
    })
    .await?;
    screenshot(client, "profiles.png").await?;
    click(client, "#preset-ticket-classification .use-preset").await?;
    let requests = client
        .find(Locator::Css("#workload-requests_per_month"))
        .await?
        .prop("value")
        .await?;
    if requests.as_deref() != Some("300000") {
        bail!("the preset did not fill the volume: {requests:?}");
    }
    let shape = client
        .find(Locator::Css("#workload-load_shape"))
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    if shape.split(',').count() != 24 {
        bail!("the preset did not fill the load shape: {shape:?}");
    }
    // Claude Haiku 4.5 caches only prompts of 4,096 tokens or more, so the 400-token
    // prompt is all fresh: 300k × (400·$1 + 5·$5)/1e6 = $127.50.
    text_when(client, "#api-monthly", |t| t == "$127.50").await?;

    // Save that workload as a profile; it is listed under saved profiles.
    click(client, "#tab-profiles").await?;
    set_field(client, "#profile-name", "Tickets, EU").await?;
    click(client, "#save-profile").await?;
    text_when(client, "#profile-status", |t| t.starts_with("saved as")).await?;
    text_when(client, "#saved-profiles", |t| {
        t.contains("Tickets, EU") && t.contains("300,000 requests/month")
    })
    .await?;
    Ok(())
}

#[tokio::test]
async fn benchmarks_page_runs_a_benchmark_and_feeds_the_planner() -> anyhow::Result<()> {
    in_browser(None, drive_benchmark).await
}

async fn drive_benchmark(client: &Client, base: &str) -> anyhow::Result<()> {
    client.goto(base).await?;
    text_when(client, "#api-monthly", |t| t == "$3,250.00").await?;
    // Typed throughput until a benchmark fills it: an estimate, and said so.
    element(client, "#throughput-basis[data-throughput='estimate']").await?;
    text_when(client, "#throughput-basis", |t| {
        t.contains("an estimate, not measured")
    })
    .await?;

    // SmolLM2-135M with synthetic weights in Q8_0 on the CPU: one concurrency, 8 prompt
    // tokens, 4 generated. The SLO is prefilled (2000 ms / 200 ms: the default workload has
    // none); a loose one here, so that an unoptimised build on a small CPU still has a goodput.
    click(client, "#tab-benchmarks").await?;
    element(client, "#bench-model option[value='smollm2-135m']").await?;
    element(client, "#bench-model")
        .await?
        .select_by_value("smollm2-135m")
        .await?;
    text_when(client, "#bench-model-note", |t| t.contains("parameters")).await?;
    element(client, "#bench-dtype")
        .await?
        .select_by_value("q8_0")
        .await?;
    set_field(client, "#bench-concurrency", "1").await?;
    set_field(client, "#bench-prompt_tokens", "8").await?;
    set_field(client, "#bench-gen_tokens", "4").await?;
    for (css, prefilled) in [
        ("#bench-slo-ttft_ms", "2000"),
        ("#bench-slo-tpot_ms", "200"),
    ] {
        let value = element(client, css).await?.prop("value").await?;
        if value.as_deref() != Some(prefilled) {
            bail!("{css} should be prefilled with {prefilled}, is {value:?}");
        }
    }
    set_field(client, "#bench-slo-ttft_ms", "60000").await?;
    set_field(client, "#bench-slo-tpot_ms", "10000").await?;
    click(client, "#bench-run").await?;
    text_when(client, "#bench-status", |t| {
        ["queued", "running", "done"].contains(&t)
    })
    .await?;

    // The run itself: loading, warm-up and five repetitions on a small CPU.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if client
            .find(Locator::Css("#bench-points tbody tr"))
            .await
            .is_ok()
        {
            break;
        }
        if let Ok(error) = client.find(Locator::Css("#bench-error")).await {
            bail!("the benchmark failed: {}", error.text().await?);
        }
        if Instant::now() > deadline {
            let status = match client.find(Locator::Css("#bench-current")).await {
                Ok(e) => e.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            bail!("no result within 120 s; the page shows: {status:?}");
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    text_when(client, "#bench-status", |t| t == "done").await?;
    text_when(client, "#bench-weights-label", |t| t == "synthetic weights").await?;
    let rows = client
        .find_all(Locator::Css("#bench-points tbody tr"))
        .await?;
    if rows.len() != 1 {
        bail!("expected one measured concurrency, got {} rows", rows.len());
    }
    for chart in [
        "#chart-throughput svg",
        "#chart-tpot svg",
        "#chart-bandwidth svg",
    ] {
        element(client, chart).await?;
    }
    let shown = element(client, "#bench-current").await?.text().await?;
    for bad in ["NaN", "Infinity", "inf "] {
        if shown.contains(bad) {
            bail!("the result shows {bad:?}: {shown}");
        }
    }
    // Before the figures are checked, so a failure leaves the page to look at.
    scroll_to(client, "#bench-current").await?;
    screenshot(client, "benchmarks-result.png").await?;
    let goodput = text_when(client, "#goodput-decode", |t| {
        t.replace(',', "").parse::<f64>().is_ok_and(|v| v > 0.0)
    })
    .await?;
    // The run is listed with the others.
    text_when(client, "#bench-list", |t| t.contains("smollm2-135m")).await?;

    // Its goodput becomes the planner's throughput, named as measured.
    click(client, "#use-in-scenario").await?;
    let decode = element(client, "#slm-decode_tokens_per_s")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    // The field holds the stored figure itself; the page shows it to a tenth.
    if !same_rate(&decode, &goodput) {
        bail!("the planner's decode throughput is {decode:?}, the goodput {goodput:?}");
    }
    text_when(client, "#throughput-basis", |t| {
        t.contains("benchmark #") && t.contains("smollm2-135m q8_0 on cpu")
    })
    .await?;
    let basis = element(client, ".basis")
        .await?
        .prop("textContent")
        .await?
        .unwrap_or_default();
    if !(basis.contains("Self-hosted throughput: ") && basis.contains("benchmark #")) {
        bail!("the results' basis does not say the throughput was measured: {basis:?}");
    }
    text_when(client, "#self-hosted-monthly", |t| t.starts_with('$')).await?;

    // Typing over it makes it typed again; the planner's own picker brings the stored
    // result back without visiting the Benchmarks page.
    set_field(client, "#slm-decode_tokens_per_s", "123").await?;
    element(client, "#throughput-basis[data-throughput='estimate']").await?;
    text_when(client, "#throughput-made-typed", |t| {
        t.contains("now typed: an estimate") && t.contains("benchmark #")
    })
    .await?;
    element(client, "#measured-pick")
        .await?
        .select_by_index(1)
        .await?;
    text_when(client, "#throughput-basis", |t| {
        t.contains("benchmark #") && t.contains("smollm2-135m q8_0 on cpu")
    })
    .await?;
    let decode = value_of(client, "#slm-decode_tokens_per_s").await?;
    if !same_rate(&decode, &goodput) {
        bail!("the picker filled decode throughput {decode:?}, the goodput is {goodput:?}");
    }
    scroll_to(client, "#slm-gpus_per_replica").await?;
    screenshot(client, "planner-measured-throughput.png").await?;
    Ok(())
}

/// Whether a figure the planner holds ("61.0412…") is the rate the Benchmarks page shows
/// ("61.0", to a tenth above 10 and to 3 significant figures below).
fn same_rate(held: &str, shown: &str) -> bool {
    let read = |t: &str| t.replace(',', "").parse::<f64>().ok();
    match (read(held), read(shown)) {
        (Some(h), Some(s)) => (h - s).abs() <= 0.05f64.max(s * 0.005),
        _ => false,
    }
}
