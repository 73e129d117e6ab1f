//! How long a first visit takes to show the planner's results over a slow network: `cargo
//! run -p breakeven-tests --example load_speed` (`make bench-load`; needs `trunk build
//! --release` first, like the browser tests; `BREAKEVEN_TEST_DIST` picks another build).
//! The built app is served by the real server and loaded in headless Chromium with the
//! network throttled by DevTools (10 Mbit/s with 40 ms added per request, and 1.6 Mbit/s
//! with 150 ms, Lighthouse's "slow 4G"), the cache off, at 1366 × 800. Per load: the first
//! paint (the static placeholder, or nothing until the app), the moment the first results
//! show (the API's monthly cost in the results), and the WebAssembly module's bytes on the
//! wire and decoded. Three loads per speed; median and min–max. Goal (issue 16): first
//! results ≤ 1.5 s at 10 Mbit/s. Figures: docs/performance.md. Timing lives here, never in
//! tests.

use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use breakeven_tests::cdp::{cdp, throttle};
use breakeven_tests::fantoccini::Client;
use breakeven_tests::*;
use serde_json::{json, Value};

const RUNS: usize = 3;

/// (label, kbit/s, latency added per request in ms).
const SPEEDS: [(&str, f64, f64); 2] = [
    ("10 Mbit/s, +40 ms", 10_000.0, 40.0),
    ("1.6 Mbit/s, +150 ms", 1_600.0, 150.0),
];

/// Runs in every new document before its own scripts: notes when the first results show.
const WATCH: &str = r#"
    new MutationObserver((_, observer) => {
        const cost = document.getElementById('api-monthly');
        if (cost && cost.textContent.startsWith('$')) {
            window.__firstResults = performance.now();
            observer.disconnect();
        }
    }).observe(document, {subtree: true, childList: true, characterData: true});
"#;

/// What one load measured: [first results ms (null until they show), first paint ms, the
/// wasm's body bytes as sent (compressed when the server compressed it), and decoded].
const READ: &str = r#"
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    const wasm = performance.getEntriesByType('resource').find(e => e.name.endsWith('.wasm'));
    return [window.__firstResults ?? null, paint ? paint.startTime : null,
            wasm ? wasm.encodedBodySize : null, wasm ? wasm.decodedBodySize : null];
"#;

struct Load {
    results_ms: f64,
    paint_ms: f64,
    wire_bytes: f64,
    decoded_bytes: f64,
}

async fn load_once(client: &Client, base: &str) -> anyhow::Result<Load> {
    client.goto("about:blank").await?;
    client.goto(base).await?;
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        let shown = client.execute(READ, Vec::new()).await?;
        if shown[0].is_number() {
            // The paint that showed them is recorded a frame later.
            tokio::time::sleep(Duration::from_millis(300)).await;
            let got = client.execute(READ, Vec::new()).await?;
            let results_ms = got[0].as_f64().unwrap_or(f64::NAN);
            let number = |v: &Value| v.as_f64().unwrap_or(f64::NAN);
            return Ok(Load {
                results_ms,
                paint_ms: number(&got[1]),
                wire_bytes: number(&got[2]),
                decoded_bytes: number(&got[3]),
            });
        }
        if Instant::now() > deadline {
            bail!("no results within 180 s");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// "median (min–max)" of the figures, in seconds.
fn spread(mut ms: Vec<f64>) -> String {
    ms.sort_by(f64::total_cmp);
    format!(
        "{:.2} s ({:.2}–{:.2})",
        ms[ms.len() / 2] / 1000.0,
        ms[0] / 1000.0,
        ms[ms.len() - 1] / 1000.0
    )
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dist = test_dist();
    // The real server, chromedriver and a browser with its own profile, closed at the end.
    in_browser(None, async |client: &Client, base: &str| {
        client.set_window_size(1366, 800).await?;
        cdp(
            client,
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": WATCH }),
        )
        .await
        .context("DevTools through chromedriver")?;
        println!(
            "first visit to {} in headless Chromium, throttled, cache off; {RUNS} loads each: median (min–max)",
            dist.display()
        );
        for (label, kbit, latency) in SPEEDS {
            throttle(client, kbit, latency).await?;
            let mut loads = Vec::with_capacity(RUNS);
            for _ in 0..RUNS {
                loads.push(load_once(client, base).await?);
            }
            let first = &loads[0];
            println!(
                "{label:<20} first results {}   first paint {}   wasm {:.0} KB on the wire, {:.0} KB decoded",
                spread(loads.iter().map(|l| l.results_ms).collect()),
                spread(loads.iter().map(|l| l.paint_ms).collect()),
                first.wire_bytes / 1000.0,
                first.decoded_bytes / 1000.0,
            );
        }
        Ok(())
    })
    .await
}
