//! The Traffic page: a LiteLLM spend log read in the page (through the file input, never
//! uploaded) shows the rows it read, the bad one by line and reason, the workload with
//! figures counted by hand, fills the planner's workload with its label, and replays the
//! exact traffic on the planner's scenario with the hour-by-hour fleet chart.

use std::fmt::Write as _;

use anyhow::{bail, Context};
use breakeven_tests::fantoccini::Client;
use breakeven_tests::*;

#[tokio::test]
async fn a_spend_log_read_in_the_page_fills_the_planner_and_is_replayed() -> anyhow::Result<()> {
    in_browser(None, drive).await
}

/// Two weeks of a LiteLLM spend log, Monday 2025-03-03 00:00 UTC to Sunday 2025-03-16
/// 23:59 (336 hours), counted by hand:
/// - every hour, one request of 1,000 prompt and 100 completion tokens (336 requests);
/// - every weekday (10 of them) at 10:10–10:18, nine more of 2,000 and 400 (90 requests);
/// - a malformed row on line 7 (prompt_tokens −3).
///
/// So 426 requests over 336 hours: 426 × 730 / 336 = 925.54 requests a month; mean prompt
/// (336 × 1,000 + 90 × 2,000) / 426 = 1,211.3 tokens, mean completion (336 × 100 + 90 ×
/// 400) / 426 = 163.4; p50 prompt 1,000 (336 of 426 values), p95 2,000 (the 405th value).
/// Spend at gpt-4o-mini's table prices ($0.15 and $0.60 per Mtok): $0.00021 and $0.00054.
fn spend_log() -> String {
    let mut csv = String::from(
        "request_id,call_type,spend,prompt_tokens,completion_tokens,startTime,endTime,model,cache_hit\n",
    );
    let start = 1_740_960_000_i64; // 2025-03-03T00:00:00Z, a Monday
    let mut rows = Vec::new();
    for hour in 0..336_i64 {
        let t = start + hour * 3600;
        rows.push((t + 300, 1000, 100, 0.00021));
        let (day, hour_of_day) = (hour / 24, hour % 24);
        if hour_of_day == 10 && day % 7 < 5 {
            for i in 0..9 {
                rows.push((t + 600 + i * 60, 2000, 400, 0.00054));
            }
        }
    }
    for (n, (t, prompt, completion, spend)) in rows.into_iter().enumerate() {
        if n == 5 {
            // Line 7: the header is line 1 and five rows came before.
            csv.push_str("bad1,acompletion,0.0,-3,10,2025-03-03T04:30:00Z,,gpt-4o-mini,False\n");
        }
        let _ = writeln!(
            csv,
            "r{n},acompletion,{spend},{prompt},{completion},{},{},gpt-4o-mini,False",
            iso(t),
            iso(t + 2)
        );
    }
    csv
}

/// Unix seconds as `2025-03-03T00:05:00Z`.
fn iso(t: i64) -> String {
    let days = t.div_euclid(86_400);
    let s = t.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        tco::format::civil_date(days),
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

/// A figure as the page writes it ("925", "$1,234.50", "12.5 %") as a number.
fn number(text: &str) -> anyhow::Result<f64> {
    let cleaned: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
        .collect();
    cleaned
        .parse()
        .with_context(|| format!("not a figure: {text:?}"))
}

async fn drive(client: &Client, base: &str) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("traffic-week.csv");
    std::fs::write(&path, spend_log())?;

    client.goto(base).await?;
    // Every request the page makes is kept in the resource timeline (250 by default).
    client
        .execute(
            "performance.setResourceTimingBufferSize(100000)",
            Vec::new(),
        )
        .await?;
    element(client, "#tab-traffic").await?.click().await?;
    let privacy = text_when(client, "#traffic-privacy", |t| !t.is_empty()).await?;
    if !(privacy.contains("never uploaded")
        && privacy.contains("model names are looked up on the server"))
    {
        bail!("the page does not say what leaves it: {privacy:?}");
    }
    // The zone decides the weekly shape's hours and the label's dates: UTC here.
    set_field(client, "#traffic-zone", "+00:00").await?;
    // The file goes to the input as a person's pick would; the page reads it itself.
    element(client, "#traffic-file")
        .await?
        .send_keys(&path.display().to_string())
        .await?;
    text_when(client, "#traffic-detected", |t| {
        t.contains("LiteLLM spend logs (CSV)")
    })
    .await?;

    // What was read: every row accounted for, the bad one by line and reason.
    text_when(client, "#traffic-rows-read", |t| t == "427").await?;
    text_when(client, "#traffic-rows-used", |t| t == "426").await?;
    text_when(client, "#traffic-rows-bad", |t| t == "1").await?;
    let bad = text_when(client, "#traffic-bad-rows tbody tr", |t| !t.is_empty()).await?;
    if !(bad.starts_with('7') && bad.contains("prompt_tokens") && bad.contains("-3")) {
        bail!("the bad row is not reported on line 7 with its reason: {bad:?}");
    }

    // The workload, counted by hand (see `spend_log`).
    text_when(client, "#traffic-requests", |t| t == "426").await?;
    text_when(client, "#traffic-requests-per-month", |t| t == "926").await?;
    text_when(client, "#traffic-input-mean", |t| t == "1,211.3").await?;
    text_when(client, "#traffic-output-mean", |t| t == "163.4").await?;
    text_when(client, "#traffic-input-p50", |t| t == "1,000").await?;
    text_when(client, "#traffic-input-p95", |t| t == "2,000").await?;
    text_when(client, "#traffic-weeks", |t| t == "2.0").await?;
    let label = text_when(client, "#traffic-label", |t| !t.is_empty()).await?;
    if !(label.contains("traffic-week.csv")
        && label.contains("426 requests")
        && label.contains("2025-03-03")
        && label.contains("2025-03-16"))
    {
        bail!("the workload's label does not say what it came from: {label:?}");
    }
    element(client, "#traffic-shape-chart svg").await?;

    // The replay on the planner's scenario: a total per option, and the fleet hour by hour.
    element(client, "#traffic-replay-chart svg").await?;
    for option in ["api", "self-hosted", "hybrid"] {
        let total = text_when(client, &format!("#traffic-replay-{option}-total"), |t| {
            t.starts_with('$')
        })
        .await?;
        if number(&total)? <= 0.0 {
            bail!("the replay's {option} total is {total:?}");
        }
    }
    // (b) by hand: the scenario's LLM is gpt-4o ($2.50 and $10 per Mtok, no caching in the
    // log): 516,000 × 2.5 + 69,600 × 10 = $1.986 over the two weeks, × 730 / 336 = $4.31 a
    // month.
    text_when(client, "#traffic-replay-api-total", |t| t == "$1.99").await?;
    text_when(client, "#traffic-replay-api-month", |t| t == "$4.31").await?;
    // The log's spend was computed from the table's gpt-4o-mini prices: they agree.
    text_when(client, "#traffic-agreement", |t| {
        t.contains(" 0.0 % against")
    })
    .await?;
    // The log never left the page: no request went to the server's traffic endpoints.
    let sent = client
        .execute(
            "return performance.getEntriesByType('resource').map(e => e.name)",
            Vec::new(),
        )
        .await?;
    let sent: Vec<&str> = sent
        .as_array()
        .context("the resource timeline is not a list")?
        .iter()
        .filter_map(|n| n.as_str())
        .collect();
    if sent.is_empty() {
        bail!("the resource timeline holds no request: the check would prove nothing");
    }
    if let Some(url) = sent.iter().find(|u| u.contains("/api/v1/traffic/")) {
        bail!("the page sent a request to {url}");
    }
    scroll_to(client, "#traffic-workload").await?;
    screenshot(client, "traffic-workload.png").await?;
    scroll_to(client, "#traffic-replay").await?;
    screenshot(client, "traffic-replay.png").await?;

    // Use in planner: the planner's workload is the log's, and says so.
    click(client, "#traffic-use").await?;
    let source = text_when(client, "#workload-source", |t| !t.is_empty()).await?;
    if !(source.starts_with("Workload from traffic-week.csv") && source.contains("426 requests")) {
        bail!("the planner does not say where its workload came from: {source:?}");
    }
    let volume: f64 = value_of(client, "#workload-requests_per_month")
        .await?
        .parse()?;
    if (volume - 426.0 * 730.0 / 336.0).abs() > 1e-6 {
        bail!("the planner's volume is {volume}, not 925.54");
    }
    let input: f64 = value_of(client, "#workload-input_tokens").await?.parse()?;
    if (input - 516_000.0 / 426.0).abs() > 1e-6 {
        bail!("the planner's input tokens are {input}, not 1,211.27");
    }

    // On a phone the page is one column no wider than the screen (wide tables scroll in
    // their own box).
    client.set_window_size(390, 800).await?;
    element(client, "#tab-traffic").await?.click().await?;
    element(client, "#traffic-replay-chart svg").await?;
    text_when(client, "#traffic-in-planner", |t| {
        t == "In the planner now."
    })
    .await?;
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
        bail!("at 390 px the Traffic page is {document} px wide in a {viewport} px window");
    }
    scroll_to(client, "#traffic-workload").await?;
    screenshot(client, "traffic-390.png").await?;
    Ok(())
}

/// A large log (60.7 MiB, 600,000 requests) is read a slice at a time: the progress bar counts
/// the bytes and rows while the page still answers, and Cancel stops the read and keeps
/// nothing.
#[tokio::test]
async fn a_large_log_shows_its_progress_and_cancel_stops_it() -> anyhow::Result<()> {
    in_browser(None, cancel).await
}

async fn cancel(client: &Client, base: &str) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("large.csv");
    let mut csv = String::with_capacity(50_000_000);
    csv.push_str(
        "request_id,call_type,spend,prompt_tokens,completion_tokens,startTime,endTime,model,cache_hit\n",
    );
    let start = 1_740_960_000_i64;
    for n in 0..600_000_i64 {
        let t = start + n * 2;
        let _ = writeln!(
            csv,
            "request-{n:08},acompletion,0.00021,1000,100,{},{},gpt-4o-mini,False",
            iso(t),
            iso(t + 1)
        );
    }
    std::fs::write(&path, &csv)?;
    let size = tco::format::bytes(csv.len() as f64);

    client.goto(base).await?;
    element(client, "#tab-traffic").await?.click().await?;
    element(client, "#traffic-file")
        .await?
        .send_keys(&path.display().to_string())
        .await?;
    let progress = text_when(client, "#traffic-progress p", |t| t.contains("rows used")).await?;
    if !progress.contains(&format!("of {size} read")) {
        bail!("the progress does not count the file's bytes: {progress:?}");
    }
    click(client, "#traffic-cancel").await?;
    text_when(client, "#traffic-failure", |t| t.contains("Cancelled")).await?;
    absent(client, "#traffic-progress").await?;
    absent(client, "#traffic-workload").await?;
    // Nothing was kept, and the file can be read again.
    if !element(client, "#traffic-analyse")
        .await?
        .is_enabled()
        .await?
    {
        bail!("after Cancel the file cannot be analysed again");
    }
    Ok(())
}
