//! Chrome DevTools Protocol commands through chromedriver (`POST /session/{id}/goog/cdp/
//! execute`), for what WebDriver itself cannot do: a phone's screen (390 CSS px, touch,
//! mobile viewport) and a slow network. Used by the 390-px layout test and the throttled
//! load measurement (`examples/load_speed.rs`).

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::Client;
use serde_json::{json, Value};

/// One DevTools command and its parameters.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _url: &url::Url) -> (axum::http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (axum::http::Method::POST, Some(body.to_string()))
    }
}

/// Runs a DevTools command in the browser's current page; its result.
pub async fn cdp(client: &Client, cmd: &'static str, params: Value) -> anyhow::Result<Value> {
    Ok(client.issue_cmd(Cdp { cmd, params }).await?)
}

/// The width of the phone the layout is checked at (an iPhone 12 to 15, CSS pixels).
pub const PHONE_WIDTH: u32 = 390;

/// Shows pages as a phone of `PHONE_WIDTH` × 844 CSS px would (a mobile viewport, so
/// `<meta name="viewport">` applies), until [`desktop`].
pub async fn phone(client: &Client) -> anyhow::Result<()> {
    let metrics = json!({
        "width": PHONE_WIDTH, "height": 844, "deviceScaleFactor": 1, "mobile": true,
    });
    cdp(client, "Emulation.setDeviceMetricsOverride", metrics).await?;
    Ok(())
}

/// Back to the browser window's own size.
pub async fn desktop(client: &Client) -> anyhow::Result<()> {
    cdp(client, "Emulation.clearDeviceMetricsOverride", json!({})).await?;
    Ok(())
}

/// Holds the page's network to `kbit_per_s` both ways with `latency_ms` added to each
/// request, as Chromium's DevTools throttling does (the browser cache off, so every load
/// downloads everything again).
pub async fn throttle(client: &Client, kbit_per_s: f64, latency_ms: f64) -> anyhow::Result<()> {
    let bytes_per_s = kbit_per_s * 1000.0 / 8.0;
    cdp(client, "Network.enable", json!({})).await?;
    cdp(
        client,
        "Network.setCacheDisabled",
        json!({ "cacheDisabled": true }),
    )
    .await?;
    let conditions = json!({
        "offline": false, "latency": latency_ms,
        "downloadThroughput": bytes_per_s, "uploadThroughput": bytes_per_s,
    });
    cdp(client, "Network.emulateNetworkConditions", conditions).await?;
    Ok(())
}
