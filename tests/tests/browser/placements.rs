//! A benchmark never priced silently on another device, and "where to run it": a CPU
//! benchmark used in a scenario priced on an L4 offer is warned about beside its field with
//! the choices shown; the projection for the L4 clears the warning; the placements table
//! lists the offers cheapest first, and "use this offer" changes the cost cards.

use std::time::{Duration, Instant};

use anyhow::bail;
use breakeven_tests::fantoccini::{Client, Locator};
use breakeven_tests::*;

#[tokio::test]
async fn a_cpu_benchmark_on_a_gpu_offer_is_projected_and_placed() -> anyhow::Result<()> {
    let (base, _db_dir) = start_server(None).await?;
    let (_driver, port) = start_driver().await?;
    let profile = tempfile::tempdir()?;
    let client = browser(port, profile.path()).await?;
    let outcome = drive(&client, &base).await;
    if outcome.is_err() {
        let _ = screenshot(&client, "placements-failure.png").await;
    }
    client.close().await?;
    outcome
}

/// "$1,762.51" → 1762.51.
fn dollars(text: &str) -> anyhow::Result<f64> {
    Ok(text
        .trim()
        .trim_start_matches('$')
        .replace(',', "")
        .parse()?)
}

/// Runs SmolLM2-135M (synthetic weights, Q8_0) on the server's CPU at concurrency 1, 8 prompt
/// and 4 generated tokens, with a latency target loose enough for any CPU, and waits for it.
async fn run_cpu_benchmark(client: &Client) -> anyhow::Result<()> {
    click(client, "#tab-benchmarks").await?;
    element(client, "#bench-model option[value='smollm2-135m']").await?;
    element(client, "#bench-model")
        .await?
        .select_by_value("smollm2-135m")
        .await?;
    element(client, "#bench-dtype")
        .await?
        .select_by_value("q8_0")
        .await?;
    element(client, "#bench-device")
        .await?
        .select_by_value("cpu")
        .await?;
    set_field(client, "#bench-concurrency", "1").await?;
    set_field(client, "#bench-prompt_tokens", "8").await?;
    set_field(client, "#bench-gen_tokens", "4").await?;
    set_field(client, "#bench-slo-ttft_ms", "60000").await?;
    set_field(client, "#bench-slo-tpot_ms", "10000").await?;
    click(client, "#bench-run").await?;
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        if let Ok(status) = client.find(Locator::Css("#bench-status")).await {
            if status.text().await? == "done" {
                break;
            }
        }
        if let Ok(error) = client.find(Locator::Css("#bench-error")).await {
            bail!("the benchmark failed: {}", error.text().await?);
        }
        if Instant::now() > deadline {
            bail!("the benchmark did not finish within 180 s");
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    element(client, "#goodput-decode").await?;
    Ok(())
}

async fn drive(client: &Client, base: &str) -> anyhow::Result<()> {
    client.goto(base).await?;
    // The default scenario: priced on one AWS g6.xlarge (an L4), 500/200-token requests.
    text_when(client, "#api-monthly", |t| t == "$3,250.00").await?;
    if value_of(client, "#slm-gpu").await? != "aws:g6.xlarge" {
        bail!("the default scenario is not priced on aws:g6.xlarge");
    }
    run_cpu_benchmark(client).await?;

    // The result knows the planner prices an L4, and offers the projection onto it.
    element(
        client,
        "#bench-priced-elsewhere[data-priced-offer='aws:g6.xlarge']",
    )
    .await?;
    element(client, "[data-use-projection='L4']").await?;
    // Measured at 8/4 tokens, the scenario's requests are 500/200: it offers a rerun at
    // the scenario's shape, which fills the form.
    let shape = element(client, "#bench-rerun-button")
        .await?
        .attr("data-rerun-shape")
        .await?
        .unwrap_or_default();
    let Some((prompt, gen)) = shape.split_once('/') else {
        bail!("the rerun button names no shape: {shape:?}");
    };
    click(client, "#bench-rerun-button").await?;
    if value_of(client, "#bench-prompt_tokens").await? != prompt
        || value_of(client, "#bench-gen_tokens").await? != gen
    {
        bail!("\"run again at this scenario's shape\" did not fill {prompt}/{gen}");
    }

    // Used as measured: the warning beside the device field and in the list, the choices.
    click(client, "#use-in-scenario").await?;
    element(
        client,
        "#slm-throughput-device-warning [data-warning='throughput_device']",
    )
    .await?;
    element(client, "#warnings li[data-warning='throughput_device']").await?;
    let listed = element(client, "#warnings li[data-warning='throughput_device']")
        .await?
        .text()
        .await?;
    if listed.contains("slm.throughput") {
        bail!("the warning names a raw key: {listed:?}");
    }
    element(client, "#throughput-basis[data-throughput]").await?;
    // The scenario named no model: the benchmark's is used.
    if value_of(client, "#slm-self_hosted_model").await? != "smollm2-135m"
        || value_of(client, "#slm-model_format").await? != "q8_0"
    {
        bail!("the benchmark's model and format were not taken into the scenario");
    }
    text_when(client, "#device-choices", |t| {
        t.contains("Use the projection for L4") && t.contains("price the device measured")
    })
    .await?;
    scroll_to(client, "#throughput-basis").await?;
    screenshot(client, "planner-device-choices.png").await?;

    // Pricing the device measured: a CPU is not in the GPU table, so the price becomes
    // typed and the page asks for the CPU instance's; once typed, no warning is left.
    click(
        client,
        "#device-choices button[data-choice='price-measured']",
    )
    .await?;
    text_when(client, "#device-choice-note", |t| {
        t.contains("type the hourly price of the CPU instance")
    })
    .await?;
    if value_of(client, "#slm-gpu_source").await? != "typed" {
        bail!("pricing the CPU measured did not switch to a typed price");
    }
    element(client, "#slm-gpu_usd_per_hour").await?;
    set_field(client, "#slm-gpu_usd_per_hour", "0.17").await?;
    element(client, "#throughput-basis[data-throughput='measured'], #throughput-basis[data-throughput='adjusted']").await?;
    absent(client, "[data-warning='throughput_device']").await?;
    // Back on the L4 offer the warning and the choices return.
    element(client, "#slm-gpu_source")
        .await?
        .select_by_value("table")
        .await?;
    element(client, "#device-choices button[data-choice='projection']").await?;

    // The projection for the L4 clears the warning and says it is not measured.
    click(client, "#device-choices button[data-choice='projection']").await?;
    element(client, "#throughput-basis[data-throughput='adjusted'], #throughput-basis[data-throughput='projected']").await?;
    absent(client, "[data-warning='throughput_device']").await?;
    text_when(client, "#throughput-basis", |t| {
        t.contains("projection from benchmark #") && t.contains("L4")
    })
    .await?;

    // Where to run it: every offer, cheapest first, the current one highlighted.
    element(
        client,
        "#placements-table tr.current[data-placement='aws:g6.xlarge']",
    )
    .await?;
    let rows = client
        .find_all(Locator::Css("#placements-table tbody tr"))
        .await?;
    let before = element(client, "#self-hosted-monthly")
        .await?
        .text()
        .await?;
    let mut costs = Vec::new();
    let mut other = None;
    for row in &rows {
        let offer = row.attr("data-placement").await?.unwrap_or_default();
        let basis = row.attr("data-basis").await?.unwrap_or_default();
        if basis.is_empty() {
            bail!("{offer}: the row has no basis");
        }
        let shown = row
            .find(Locator::Css("td[data-monthly-cell]"))
            .await?
            .text()
            .await?;
        if shown == "—" {
            continue;
        }
        costs.push((offer.clone(), dollars(&shown)?));
        let current = row
            .attr("class")
            .await?
            .unwrap_or_default()
            .contains("current");
        let usable = row
            .find(Locator::Css("button[data-use-offer]"))
            .await
            .is_ok();
        if other.is_none() && !current && usable && shown != before {
            other = Some((offer, shown));
        }
    }
    if costs.len() < 3 {
        bail!("expected several priced offers, got {costs:?}");
    }
    if let Some(pair) = costs.windows(2).find(|w| w[0].1 > w[1].1) {
        bail!(
            "offers are not cheapest first: {} before {}",
            pair[0].0,
            pair[1].0
        );
    }
    scroll_to(client, "#placements").await?;
    screenshot(client, "planner-placements.png").await?;

    // Use another offer: the cost card becomes the row's figure, the row the current one.
    let Some((offer, shown)) = other else {
        bail!("no other offer with another cost than {before} to use");
    };
    click(client, &format!("button[data-use-offer='{offer}']")).await?;
    text_when(client, "#self-hosted-monthly", |t| t == shown).await?;
    if value_of(client, "#slm-gpu").await? != offer {
        bail!("the scenario is not priced on {offer} after using it");
    }
    element(
        client,
        &format!("#placements-table tr.current[data-placement='{offer}']"),
    )
    .await?;

    // A link to the scenario keeps its throughput's source whole: reopened, it is the same
    // projection of the same benchmark, on the same model, at the same cost.
    let words = element(client, "#throughput-in-words")
        .await?
        .text()
        .await?;
    click(client, "#link-unsaved").await?;
    let link = value_of(client, "#state-link").await?;
    client.goto(&link).await?;
    text_when(client, "#throughput-in-words", |t| t == words).await?;
    text_when(client, "#self-hosted-monthly", |t| t == shown).await?;
    if value_of(client, "#slm-self_hosted_model").await? != "smollm2-135m" {
        bail!("the link lost the scenario's model");
    }
    Ok(())
}
