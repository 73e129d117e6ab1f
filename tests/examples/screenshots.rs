//! Screenshots of every page for a reviewer, at a laptop's 1366 px and a phone's 390 px:
//! `cargo run -p breakeven-tests --example screenshots` (`make screenshots`; needs `trunk
//! build --release` first, like the browser tests; `BREAKEVEN_TEST_DIST` picks another
//! build). Two copies of the worked example are saved first, so the shared view and the
//! comparison have something to show. Each page is captured whole (beyond the window) into
//! `test-artifacts/page-<name>-<width>.png` (ignored by git).

use anyhow::{bail, Context};
use base64::Engine;
use breakeven_tests::cdp::{cdp, desktop, phone, PHONE_WIDTH};
use breakeven_tests::fantoccini::Client;
use breakeven_tests::*;
use serde_json::{json, Value};

const WORKED_EXAMPLE: &str = include_str!("../../examples/worked-example.json");

/// Saves the worked example at `requests_per_month` under `name`, through the page's own
/// origin (as the app saves); the new scenario's id.
async fn save(client: &Client, name: &str, requests_per_month: f64) -> anyhow::Result<String> {
    let mut scenario: Value = serde_json::from_str(WORKED_EXAMPLE)?;
    scenario["name"] = json!(name);
    scenario["workload"]["requests_per_month"] = json!(requests_per_month);
    let script = r#"
        const [scenario, done] = arguments;
        fetch('/api/v1/scenarios', {method: 'POST', headers: {'Content-Type': 'application/json'},
                                    body: JSON.stringify({scenario})})
            .then(r => r.json()).then(done, e => done(String(e)));
    "#;
    let answer = client.execute_async(script, vec![scenario]).await?;
    answer["id"]
        .as_str()
        .map(str::to_string)
        .with_context(|| format!("saving {name}: {answer}"))
}

/// When the page is wider than the window: the boxes whose content spills out sideways
/// (not those that scroll, like the tabs and the wide tables).
const TOO_WIDE: &str = "const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return [];
    return [...document.querySelectorAll('body *')]
        .filter(e => e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0)
        .filter(e => getComputedStyle(e).overflowX === 'visible')
        .slice(0, 6)
        .map(e => `${e.tagName.toLowerCase()}#${e.id}.${e.className} ${e.scrollWidth}/${e.clientWidth} px`)";

/// The whole page as a PNG.
async fn capture(client: &Client, file: &str) -> anyhow::Result<()> {
    let shot = cdp(
        client,
        "Page.captureScreenshot",
        json!({ "format": "png", "captureBeyondViewport": true }),
    )
    .await?;
    let data = shot["data"].as_str().context("no screenshot came back")?;
    let dir = workspace_root().join("test-artifacts");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(
        dir.join(file),
        base64::engine::general_purpose::STANDARD.decode(data)?,
    )?;
    println!("test-artifacts/{file}");
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // The real server, chromedriver and a browser with its own profile, closed at the end.
    in_browser(None, async |client: &Client, base: &str| {
        client.goto(base).await?;
        element(client, "#api-monthly").await?;
        let a = save(client, "Support bot at 1M requests", 1e6).await?;
        let b = save(client, "Support bot at 20M requests", 20e6).await?;
        // (name, path, what shows once the page has loaded)
        let pages = [
            ("planner", "/".to_string(), "#api-monthly"),
            ("shared", format!("/s/{a}"), "#shared-name"),
            ("compare", format!("/compare?ids={a},{b}"), "#compare-table"),
            (
                "llm-prices",
                "/llm-prices".to_string(),
                "#price-table tbody tr",
            ),
            ("gpus", "/gpus".to_string(), "#gpu-table tbody tr"),
            ("profiles", "/profiles".to_string(), "main.catalog"),
            ("benchmarks", "/benchmarks".to_string(), "form.bench-form"),
        ];
        for width in [1366, PHONE_WIDTH] {
            if width == PHONE_WIDTH {
                phone(client).await?;
            } else {
                desktop(client).await?;
                client.set_window_size(width, 800).await?;
            }
            for (name, path, ready) in &pages {
                client.goto(&format!("{base}{path}")).await?;
                if element(client, ready).await.is_err() {
                    bail!("{name} at {width} px: {ready} never showed");
                }
                // Charts and the catalogs' second requests settle.
                tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
                capture(client, &format!("page-{name}-{width}.png")).await?;
                let wide = client.execute(TOO_WIDE, Vec::new()).await?;
                if wide.as_array().is_some_and(|w| !w.is_empty()) {
                    println!("  wider than the window: {wide}");
                }
            }
        }
        Ok(())
    })
    .await
}
