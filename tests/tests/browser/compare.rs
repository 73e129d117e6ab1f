//! The compare page answers the question (issue 16): two saved scenarios side by side open
//! with the verdict sentence, the chart of both costs against volume, a measured/typed
//! badge on each column and every input named in words; on a 390-px phone the table gives
//! way to one card per scenario, none overlapping, and the page does not scroll sideways.

use anyhow::{bail, ensure, Context};
use breakeven_tests::cdp::{phone, PHONE_WIDTH};
use breakeven_tests::fantoccini::{Client, Locator};
use breakeven_tests::*;
use serde_json::{json, Value};

/// The worked example's fleet (one replica of $0.80/h × 730 h = $584 a month at 1M
/// requests) on GPT-4o at (500·$2.50 + 200·$10)/1e6 = $0.00325 a request, its throughput
/// typed.
const TYPED: &str = r#"{"name": "Typed estimate", "workload": {"requests_per_month": 1000000,
    "input_tokens": 500, "output_tokens": 200, "peak_to_average": 3},
    "llm": {"model": "gpt-4o"},
    "slm": {"serving": "self_hosted", "gpu_usd_per_hour": 0.8, "prefill_tokens_per_s": 5000,
            "decode_tokens_per_s": 500}}"#;

/// The same at $1.20/h ($876 a month), its throughput measured by a stored benchmark.
const MEASURED: &str = r#"{"name": "Measured box", "workload": {"requests_per_month": 1000000,
    "input_tokens": 500, "output_tokens": 200, "peak_to_average": 3},
    "llm": {"model": "gpt-4o"},
    "slm": {"serving": "self_hosted", "gpu_usd_per_hour": 1.2, "prefill_tokens_per_s": 5000,
            "decode_tokens_per_s": 500,
            "throughput": {"basis": "benchmark", "benchmark": 3, "device": "cpu",
                           "prompt_tokens": 500, "gen_tokens": 200, "concurrency": 1}}}"#;

/// Saves a scenario through the API from the page (same origin), returning its id.
async fn save(client: &Client, scenario: &str) -> anyhow::Result<String> {
    let script = r#"
        const [body, done] = arguments;
        fetch('/api/v1/scenarios', {method: 'POST', headers: {'Content-Type': 'application/json'},
              body: JSON.stringify({scenario: JSON.parse(body), price_table: null})})
            .then(r => r.json()).then(j => done(j.id || JSON.stringify(j)), e => done(String(e)));
    "#;
    let id = client.execute_async(script, vec![json!(scenario)]).await?;
    let id = id.as_str().context("no id")?.to_string();
    ensure!(
        id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit()),
        "saving answered {id}"
    );
    Ok(id)
}

#[tokio::test]
async fn compare_answers_with_a_verdict_a_chart_and_badges() -> anyhow::Result<()> {
    in_browser(None, drive).await
}

async fn drive(client: &Client, base: &str) -> anyhow::Result<()> {
    // Any page of the app gives the same origin to save from.
    client.goto(&format!("{base}/compare")).await?;
    element(client, "#compare-add").await?;
    let typed = save(client, TYPED).await?;
    let measured = save(client, MEASURED).await?;
    client
        .goto(&format!("{base}/compare?ids={typed},{measured}"))
        .await?;

    // The verdict, worked by hand: $584 against $876 at 1M, both on the API below the
    // typed one's break-even, 584 / 0.00325 = 179,692 requests.
    let verdict = text_when(client, "#compare-verdict", |t| t.contains("cheapest")).await?;
    for words in [
        "At 1,000,000 requests/month, “Typed estimate” is the cheapest at $584.00/month (self-hosted), saving $292.00/month against “Measured box”.",
        "below 179,692 requests/month “Typed estimate” and “Measured box” cost the same",
        "“Measured box”'s throughput is measured; “Typed estimate”'s is typed, an estimate.",
    ] {
        ensure!(verdict.contains(words), "the verdict lacks {words:?}: {verdict}");
    }
    // Both costs on one chart, each scenario's own volume marked on its line.
    let volumes = client
        .find_all(Locator::Css(
            "#compare-chart svg[data-chart='compare-costs'] [data-marker='volume']",
        ))
        .await?;
    ensure!(
        volumes.len() == 2,
        "{} volume markers, not 2",
        volumes.len()
    );
    // A badge per column: measured and typed, each explained on hover.
    for (id, word) in [(&typed, "typed"), (&measured, "measured")] {
        let badge = element(
            client,
            &format!("th.compare-col[data-id='{id}'] .evidence[data-evidence='{word}']"),
        )
        .await?;
        ensure!(
            badge.text().await?.eq_ignore_ascii_case(word),
            "badge of {word}"
        );
        let title = badge.attr("title").await?.unwrap_or_default();
        ensure!(
            title.starts_with("Throughput "),
            "the {word} badge says {title:?}"
        );
    }
    // Every input row named in words: no quoted unknown path, no dotted key.
    let labels: Value = client
        .execute(
            "return [...document.querySelectorAll('#compare-inputs td.model, #compare-table th[scope=row]')].map(e => e.textContent)",
            Vec::new(),
        )
        .await?;
    let labels: Vec<String> = serde_json::from_value(labels)?;
    ensure!(labels.len() > 10, "only {} labelled rows", labels.len());
    for label in &labels {
        let raw = label.split_whitespace().any(|w| {
            w.contains('.')
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_')
        });
        if raw || label.contains('“') {
            bail!("a row is named by its key: {label:?}");
        }
    }
    screenshot(client, "compare-1280.png").await?;
    scroll_to(client, "#compare-table").await?;
    screenshot(client, "compare-1280-table.png").await?;

    // A phone: one card per scenario instead of the table, side by side with nothing.
    phone(client).await?;
    client.refresh().await?;
    text_when(client, "#compare-verdict", |t| t.contains("cheapest")).await?;
    let layout: Value = client
        .execute(
            "const cards = [...document.querySelectorAll('.compare-card')].map(c => c.getBoundingClientRect());
             const overlap = cards.some((a, i) => cards.some((b, j) => i < j &&
                 a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom));
             const table = document.querySelector('#compare-table').getBoundingClientRect();
             return [cards.length, overlap, table.width, document.documentElement.scrollWidth,
                     window.innerWidth, Math.max(...cards.map(c => c.right)),
                     document.querySelector('#compare-chart svg').getBoundingClientRect().right];",
            Vec::new(),
        )
        .await?;
    let n = |i: usize| layout[i].as_f64().unwrap_or(f64::NAN);
    ensure!(n(0) == 2.0, "{} cards at 390 px, not 2", layout[0]);
    ensure!(layout[1] == false, "the cards overlap: {layout}");
    ensure!(n(2) == 0.0, "the table is still shown at 390 px: {layout}");
    ensure!(
        n(4) == f64::from(PHONE_WIDTH) && n(3) <= n(4) && n(5) <= n(4) && n(6) <= n(4),
        "the compare page scrolls sideways on a phone (document, viewport, cards, chart): {layout}"
    );
    let card = element(client, &format!(".compare-card[data-id='{measured}']")).await?;
    let text = card.text().await?;
    for words in ["MEASURED", "Monthly cost: self-hosted / SLM", "$876.00"] {
        ensure!(
            text.to_uppercase().contains(&words.to_uppercase()),
            "the card lacks {words}: {text}"
        );
    }
    screenshot(client, "compare-390.png").await?;
    scroll_to(client, "#compare-cards").await?;
    screenshot(client, "compare-390-cards.png").await?;
    Ok(())
}
