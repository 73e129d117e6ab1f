//! The Quality page end to end on the server's CPU with the real SmolLM2-135M fixture
//! (`.fixtures/`, scripts/fetch-fixture.sh) as the models directory: "Try it with the demo
//! sample" runs the 168-item support-intent eval; the bar counts items while it runs; the
//! result shows the accuracy with its interval and the confusion matrix; "Use in scenario"
//! writes the cascade into the planner, whose routing chart is then drawn from the measured
//! curve with its label; and the page fits a 390 px phone.

use std::time::{Duration, Instant};

use anyhow::bail;
use breakeven_tests::fantoccini::{Client, Locator};
use breakeven_tests::*;

/// The demo eval in a test build (bench at opt-level 2) on a shared CPU.
const RUN_LIMIT: Duration = Duration::from_secs(300);

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

/// The directory holding the fixture model, or the test is skipped with why.
fn fixtures() -> Option<std::path::PathBuf> {
    let dir = workspace_root().join(".fixtures");
    dir.join("SmolLM2-135M-Instruct.Q4_1.gguf")
        .is_file()
        .then_some(dir)
}

#[tokio::test]
async fn the_demo_eval_runs_and_its_cascade_goes_into_the_planner() -> anyhow::Result<()> {
    let Some(models) = fixtures() else {
        bail!("no .fixtures/SmolLM2-135M-Instruct.Q4_1.gguf: run scripts/fetch-fixture.sh");
    };
    let server =
        start_server_configured(None, false, move |state| state.with_models_dir(models)).await?;
    in_browser_on(server, drive).await
}

async fn drive(client: &Client, base: &str) -> anyhow::Result<()> {
    client.goto(&format!("{base}/quality")).await?;
    // The model list is the server's GGUF files; the demo sample is read here first.
    element(
        client,
        "#quality-weights option[value='SmolLM2-135M-Instruct.Q4_1.gguf']",
    )
    .await?;
    let check = text_when(client, "#quality-sample-check", |t| t.contains("items")).await?;
    if !check.contains("168 items") {
        bail!("the demo sample's check does not count 168 items: {check:?}");
    }
    let started = Instant::now();
    click(client, "#quality-demo").await?;

    // Running: the bar counts items of 168.
    let progress = text_within(client, "#quality-progress-text", RUN_LIMIT, |t| {
        t.contains("of 168 items")
    })
    .await?;
    element(client, "#quality-progress").await?;
    element(client, "#quality-cancel").await?;

    // Done: the accuracy with its interval, the confusion matrix of the four intents.
    let accuracy = text_within(client, "#quality-accuracy", RUN_LIMIT, |t| {
        t.contains("accuracy")
    })
    .await?;
    let took = started.elapsed();
    eprintln!(
        "the demo eval took {:.1} s in the browser test ({progress})",
        took.as_secs_f64()
    );
    // What the fixture scores on the demo with the plain prompt (docs/quality.md): 71 right,
    // 42.3 %, the same at every batch size.
    if !accuracy.contains("42.3 %") || !accuracy.contains("71 of 168 items right") {
        bail!("the accuracy is not the fixture's 71 of 168 (42.3 %): {accuracy:?}");
    }
    let interval = element(client, "#quality-interval").await?.text().await?;
    if !interval.contains("95 % interval") || !interval.contains("at least") {
        bail!("the interval and lower bound are missing: {interval:?}");
    }
    let rows = client
        .find_all(Locator::Css("#quality-confusion tbody tr"))
        .await?;
    if rows.len() != 4 {
        bail!("the confusion matrix has {} rows, not 4", rows.len());
    }
    element(client, "#quality-cascade-chart svg[data-chart='cascade']").await?;
    let label = element(client, "#quality-label").await?.text().await?;
    if !label.starts_with("measured on 168 items of the demo sample support-intent.jsonl") {
        bail!("the eval's label: {label:?}");
    }
    // The eval is listed and its address names it.
    element(client, "tr[data-eval-row] .open-eval").await?;
    let url = client.current_url().await?;
    if url.query().is_none_or(|q| !q.starts_with("eval=")) {
        bail!("the address does not name the eval: {url}");
    }

    // On a phone the page fits the screen (wide tables scroll in their own box).
    client.set_window_size(390, 800).await?;
    let got = client
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth]",
            Vec::new(),
        )
        .await?;
    let (document, viewport) = (
        got[0].as_f64().unwrap_or(f64::NAN),
        got[1].as_f64().unwrap_or(f64::NAN),
    );
    if document.is_nan() || document > viewport + 0.5 {
        bail!("at 390 px the Quality page is {document} px wide in a {viewport} px window");
    }
    scroll_to(client, "#quality-result").await?;
    screenshot(client, "quality-390.png").await?;
    client.set_window_size(1280, 800).await?;

    // "Use in scenario": the planner's routing is the measured cascade.
    click(client, "#quality-use").await?;
    element(client, "#tab-planner[aria-selected='true']").await?;
    let mode = value_of(client, "#routing-mode").await?;
    if mode != "cascade" {
        bail!("the planner's routing mode is {mode:?}, not cascade");
    }
    element(
        client,
        "#chart-routing svg[data-chart='routing'][data-curve='measured']",
    )
    .await?;
    text_when(client, "#chart-routing figcaption", |t| {
        t.contains("measured on 168 items of the demo sample support-intent.jsonl")
    })
    .await?;
    scroll_to(client, "#chart-routing").await?;
    screenshot(client, "quality-in-planner.png").await?;
    Ok(())
}
