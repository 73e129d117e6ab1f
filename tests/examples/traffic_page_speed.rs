//! How fast the Traffic page reads a large usage log, and how well it answers while it reads:
//! `cargo run -p breakeven-tests --example traffic_page_speed` (`make bench-traffic-page`;
//! needs `trunk build --release` first, like the browser tests; `BREAKEVEN_TEST_DIST` picks
//! another build). A deterministic LiteLLM spend-log CSV (the generator of the traffic
//! crate's criterion bench, `traffic/benches/common/spend_log.rs`) is written to a temporary
//! file and picked through the page's file input, in headless Chromium against the real
//! server. Measured in the page, from the input's `change` event: the moment the workload
//! shows (rows/s and MiB/s over that time) and the moment the replay chart shows; while
//! reading, a `requestAnimationFrame` loop records every frame and a `PerformanceObserver`
//! every long task (> 50 ms). Reported: the median and the longest gap between frames up to
//! the last progress update (the read itself), the gap that ends with the workload shown
//! (the analysis and the render after the read), and the long tasks. One warm-up on a small
//! file, then three runs, each in a freshly loaded page; median and min–max. Figures:
//! docs/performance.md. Timing lives here, never in tests.

use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use breakeven_tests::fantoccini::Client;
use breakeven_tests::*;
use serde_json::Value;

// The generator's `spend_log` (the whole log in memory) is the criterion bench's; the file
// here is streamed from `SpendLog`.
#[allow(dead_code)]
#[path = "../../traffic/benches/common/spend_log.rs"]
mod spend_log;

const ROWS: u64 = 300_000;
const WARM_UP_ROWS: u64 = 2_000;
const RUNS: usize = 3;

/// Installed in the page before the file is picked: the time of the pick, of each frame, of
/// each progress update, of the workload and the replay showing, and every long task.
const WATCH: &str = r#"
    const b = window.__bench = {pick: null, frames: [], progress: [], workload: null,
                                replay: null, failure: null, longtasks: [], done: false};
    window.addEventListener('change', e => {
        if (e.target.id === 'traffic-file' && b.pick === null) b.pick = performance.now();
    }, true);
    const frame = t => {
        if (b.pick !== null) b.frames.push(t);
        if (!b.done) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    new PerformanceObserver(list => {
        for (const e of list.getEntries()) b.longtasks.push([e.startTime, e.duration]);
    }).observe({type: 'longtask'});
    new MutationObserver(() => {
        const now = performance.now();
        if (b.pick === null) return;
        if (document.getElementById('traffic-progress')) b.progress.push(now);
        const requests = document.getElementById('traffic-requests');
        if (b.workload === null && requests && requests.textContent.trim() !== '') b.workload = now;
        if (b.replay === null && document.querySelector('#traffic-replay-chart svg')) b.replay = now;
        const failure = document.getElementById('traffic-failure');
        if (failure && b.failure === null) b.failure = failure.textContent;
        // A few frames past the replay, then stop.
        if (b.replay !== null) setTimeout(() => { b.done = true; }, 300);
    }).observe(document.body, {subtree: true, childList: true, characterData: true});
"#;

/// A 120 ms task, for the long-task observer to see.
const PROBE: &str = r#"
    setTimeout(() => { const end = performance.now() + 120; while (performance.now() < end) {} }, 0);
"#;

/// What one run measured, in milliseconds from the pick.
struct Run {
    workload_ms: f64,
    replay_ms: f64,
    /// Frame gaps up to the last progress update: the read.
    median_gap_ms: f64,
    longest_gap_ms: f64,
    /// The longest gap between frames after the last progress update, up to the replay
    /// shown: the analysis, the replay and their render.
    end_gap_ms: f64,
    /// Long tasks (> 50 ms) from the pick to the workload shown, and the longest.
    long_tasks: usize,
    longest_task_ms: f64,
    /// Of those, the ones that began before the last progress update.
    long_tasks_reading: usize,
    rows_read: String,
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

async fn run_once(client: &Client, base: &str, file: &std::path::Path) -> anyhow::Result<Run> {
    client.goto("about:blank").await?;
    client.goto(base).await?;
    element(client, "#tab-traffic").await?.click().await?;
    element(client, "#traffic-file").await?;
    client.execute(WATCH, Vec::new()).await?;
    // The observers are proved to see a long task (one of 120 ms, before the pick, so not
    // counted), and the frame loop runs for a few frames before the pick.
    client.execute(PROBE, Vec::new()).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let seen = client
        .execute("return window.__bench.longtasks.length", Vec::new())
        .await?;
    if seen.as_u64().unwrap_or(0) == 0 {
        bail!("this browser reports no long tasks: the count would prove nothing");
    }
    element(client, "#traffic-file")
        .await?
        .send_keys(&file.display().to_string())
        .await?;
    let deadline = Instant::now() + Duration::from_secs(600);
    let b = loop {
        // Polled rarely: each poll is a script on the page's own thread.
        tokio::time::sleep(Duration::from_millis(1000)).await;
        let b = client.execute("return window.__bench", Vec::new()).await?;
        if let Some(failure) = b["failure"].as_str() {
            bail!("the page failed to read the log: {failure}");
        }
        if b["done"].as_bool() == Some(true) {
            break b;
        }
        if Instant::now() > deadline {
            bail!("no replay within 600 s");
        }
    };
    let pick = b["pick"].as_f64().context("no change event was seen")?;
    let workload = b["workload"].as_f64().context("no workload time")?;
    let replay = b["replay"].as_f64().context("no replay time")?;
    let last_progress = numbers(&b["progress"])
        .into_iter()
        .filter(|&t| t <= workload)
        .fold(pick, f64::max);
    let frames = numbers(&b["frames"]);
    let gaps_reading: Vec<f64> = frames
        .windows(2)
        .filter(|w| w[1] <= last_progress)
        .map(|w| w[1] - w[0])
        .collect();
    // From the frame before the last progress update to the first frame with the replay.
    let end_gap_ms = frames
        .windows(2)
        .filter(|w| w[1] > last_progress && w[0] <= replay)
        .map(|w| w[1] - w[0])
        .fold(0.0, f64::max);
    let tasks: Vec<(f64, f64)> = b["longtasks"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|t| Some((t[0].as_f64()?, t[1].as_f64()?)))
                .filter(|&(start, duration)| start + duration >= pick && start <= workload)
                .collect()
        })
        .unwrap_or_default();
    let rows_read = element(client, "#traffic-rows-read").await?.text().await?;
    Ok(Run {
        workload_ms: workload - pick,
        replay_ms: replay - pick,
        median_gap_ms: median(gaps_reading.clone()),
        longest_gap_ms: gaps_reading.iter().copied().fold(0.0, f64::max),
        end_gap_ms,
        long_tasks: tasks.len(),
        longest_task_ms: tasks.iter().map(|t| t.1).fold(0.0, f64::max),
        long_tasks_reading: tasks.iter().filter(|t| t.0 < last_progress).count(),
        rows_read,
    })
}

fn median(mut xs: Vec<f64>) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

fn line(label: &str, unit: &str, xs: impl Iterator<Item = f64>) {
    let mut xs: Vec<f64> = xs.collect();
    xs.sort_by(f64::total_cmp);
    let (lo, hi) = (xs[0], xs[xs.len() - 1]);
    println!(
        "{label:<58} {:>9.1} {unit} ({lo:.1}–{hi:.1})",
        median(xs.clone())
    );
}

fn write_log(path: &std::path::Path, rows: u64) -> anyhow::Result<u64> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let bytes = std::io::copy(&mut spend_log::SpendLog::new(rows), &mut file)?;
    std::io::Write::flush(&mut file)?;
    Ok(bytes)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let small = dir.path().join("spend-logs-small.csv");
    let large = dir.path().join("spend-logs.csv");
    write_log(&small, WARM_UP_ROWS)?;
    let bytes = write_log(&large, ROWS)?;
    let mib = bytes as f64 / (1024.0 * 1024.0);
    in_browser(None, async |client: &Client, base: &str| {
        let warm = run_once(client, base, &small).await?;
        println!(
            "warm-up: {WARM_UP_ROWS} rows, workload shown in {:.0} ms",
            warm.workload_ms
        );
        println!(
            "Traffic page, a LiteLLM spend-log CSV of {ROWS} rows ({mib:.1} MiB) picked in headless \
             Chromium, {RUNS} runs after a warm-up: median (min–max)"
        );
        let mut runs = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let run = run_once(client, base, &large).await?;
            let read: u64 = run
                .rows_read
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
                .parse()?;
            if read != ROWS {
                bail!("the page read {read} rows of {ROWS}");
            }
            runs.push(run);
        }
        line(
            "pick to workload shown",
            "ms",
            runs.iter().map(|r| r.workload_ms),
        );
        line(
            "  rows/s",
            "k",
            runs.iter().map(|r| ROWS as f64 / r.workload_ms),
        );
        line(
            "  MiB/s",
            "  ",
            runs.iter().map(|r| mib / (r.workload_ms / 1000.0)),
        );
        line(
            "pick to replay chart shown",
            "ms",
            runs.iter().map(|r| r.replay_ms),
        );
        line(
            "frame gap while reading, median",
            "ms",
            runs.iter().map(|r| r.median_gap_ms),
        );
        line(
            "frame gap while reading, longest",
            "ms",
            runs.iter().map(|r| r.longest_gap_ms),
        );
        line(
            "longest frame gap after the read (analysis, replay, render)",
            "ms",
            runs.iter().map(|r| r.end_gap_ms),
        );
        line(
            "long tasks > 50 ms, pick to workload shown",
            "  ",
            runs.iter().map(|r| r.long_tasks as f64),
        );
        line(
            "  of which while reading",
            "  ",
            runs.iter().map(|r| r.long_tasks_reading as f64),
        );
        line(
            "  the longest",
            "ms",
            runs.iter().map(|r| r.longest_task_ms),
        );
        Ok(())
    })
    .await
}
