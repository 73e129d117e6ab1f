//! The browser-test harness shared by the modules of `tests/browser/`: the real server on port 0 with
//! a temp database and the built `dist/`, chromedriver, and headless Chromium sessions,
//! each with its own profile directory (a fresh browser context: its own localStorage).
//!
//! Needs `dist/` (built by `make test`, which runs `trunk build --release` first) and
//! Debian's chromium + chromium-driver (installed by `scripts/setup.sh`). Screenshots go
//! to `test-artifacts/` (ignored by git) for a reviewer to look at.

use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

pub use fantoccini;

pub mod cdp;

/// The workspace's root: `dist/` and `test-artifacts/` are found from here.
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    // This package lives in `tests/` of the workspace, so its manifest folder has a parent;
    // the fallback only keeps the harness free of a panic.
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// chromedriver, killed when the test ends however it ends; it holds one of the
/// [`BROWSERS_AT_ONCE`] slots until then.
pub struct Driver {
    child: Child,
    _slot: Slot,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How many browser tests run at once. The tests of the one browser binary run on parallel
/// threads; on CI's two cores, more than three Chromiums at once make pages slower than the
/// tests' waits allow. Each test starts one driver, so a test never waits on itself.
pub const BROWSERS_AT_ONCE: usize = 3;

static RUNNING: Mutex<usize> = Mutex::new(0);
static FREED: Condvar = Condvar::new();

/// A place among the browsers running at once, given back when dropped.
struct Slot;

impl Slot {
    /// Waits (blocking this test's thread, before it has started anything) for a place.
    fn take() -> Slot {
        // A test that panicked while holding the lock leaves the count consistent (it is
        // only ever changed by one statement), so a poisoned lock is used as it is.
        let mut running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
        while *running >= BROWSERS_AT_ONCE {
            running = FREED.wait(running).unwrap_or_else(|e| e.into_inner());
        }
        *running += 1;
        Slot
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
        *running = running.saturating_sub(1);
        FREED.notify_one();
    }
}

/// A port nothing listens on right now, for chromedriver.
pub fn free_port() -> anyhow::Result<u16> {
    StdListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .context("no free port on 127.0.0.1")
}

/// chromedriver on a free port, once it listens (`CHROMEDRIVER` overrides the binary).
pub async fn start_driver() -> anyhow::Result<(Driver, u16)> {
    let slot = Slot::take();
    let binary = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    let port = free_port()?;
    let child = Command::new(&binary)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| {
            format!("cannot start {binary}: run scripts/setup.sh (installs chromium-driver)")
        })?;
    let driver = Driver { child, _slot: slot };
    let deadline = Instant::now() + Duration::from_secs(20);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        if Instant::now() > deadline {
            bail!("chromedriver did not listen on port {port} within 20 s");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok((driver, port))
}

/// The built app the tests serve: `dist/`, or `BREAKEVEN_TEST_DIST` when set (so two people
/// working in one tree can each test their own build, `trunk build --dist …`).
pub fn test_dist() -> PathBuf {
    std::env::var_os("BREAKEVEN_TEST_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("dist"))
}

/// The server on port 0; `extra_prices`, a LiteLLM-format file's text, is stored as
/// price-table version #2 ("browser-test v2") before the first request.
pub async fn start_server(
    extra_prices: Option<&str>,
) -> anyhow::Result<(String, tempfile::TempDir)> {
    start_server_with(extra_prices, false).await
}

/// `start_server`, with version #2 made the active table when `activate` (so scenarios
/// saved with the bundled #1 are offered a reprice).
pub async fn start_server_with(
    extra_prices: Option<&str>,
    activate: bool,
) -> anyhow::Result<(String, tempfile::TempDir)> {
    start_server_configured(extra_prices, activate, |state| state).await
}

/// `start_server_with`, the server's state changed by `configure` as `serve`'s flags would
/// (a benchmark token, say).
pub async fn start_server_configured(
    extra_prices: Option<&str>,
    activate: bool,
    configure: impl FnOnce(breakeven::AppState) -> breakeven::AppState,
) -> anyhow::Result<(String, tempfile::TempDir)> {
    let dist = test_dist();
    if !dist.join("index.html").is_file() {
        bail!(
            "{} has no built app: run `make test`, which builds it with Trunk first",
            dist.display()
        );
    }
    let dir = tempfile::tempdir()?;
    let pool = breakeven::store::open(&dir.path().join("browser.db")).await?;
    if let Some(text) = extra_prices {
        breakeven::store::prices::import(
            &pool,
            text,
            "browser-test",
            Some("v2"),
            "2026-12-01",
            if activate {
                breakeven::store::prices::Activate::Yes
            } else {
                breakeven::store::prices::Activate::No
            },
        )
        .await?;
    }
    let state = configure(breakeven::AppState::new(pool));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    // Served the way `breakeven serve` serves it: the same connection limits and layers.
    let app = breakeven::app(state, Some(dist));
    let limits = breakeven::ConnectionLimits::default();
    tokio::spawn(
        async move { breakeven::serve(listener, app, limits, std::future::pending()).await },
    );
    Ok((format!("http://{addr}"), dir))
}

/// One page session, the way most browser tests run: a fresh server (`extra_prices` stored as
/// version #2, as in [`start_server`]), chromedriver and a browser with its own profile;
/// `drive` gets the browser and the app's address, and the browser is closed whatever it
/// returned.
pub async fn in_browser(
    extra_prices: Option<&str>,
    drive: impl AsyncFnOnce(&Client, &str) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    in_browser_on(start_server(extra_prices).await?, drive).await
}

/// [`in_browser`] against a server already started (by [`start_server_configured`], say):
/// its address and the directory its database lives in, kept until the browser is done.
pub async fn in_browser_on(
    server: (String, tempfile::TempDir),
    drive: impl AsyncFnOnce(&Client, &str) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let (base, _db_dir) = server;
    let (_driver, port) = start_driver().await?;
    let profile = tempfile::tempdir()?;
    let client = browser(port, profile.path()).await?;
    let outcome = drive(&client, &base).await;
    client.close().await?;
    outcome
}

/// A headless Chromium session with its own profile directory (a fresh browser context),
/// in a 1280×800 window (`CHROMIUM` overrides the binary).
pub async fn browser(driver_port: u16, profile: &Path) -> anyhow::Result<Client> {
    let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": binary,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--no-first-run", "--window-size=1280,800",
                     format!("--user-data-dir={}", profile.display())]
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let client = ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await?;
    // Screenshots are taken at a laptop's 1280×800.
    client.set_window_size(1280, 800).await?;
    Ok(client)
}

/// Waits until the element's text satisfies `ok`, returning the text (the app recomputes
/// on the next animation frame after an input event).
pub async fn text_when(
    client: &Client,
    css: &str,
    ok: impl Fn(&str) -> bool,
) -> anyhow::Result<String> {
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Ok(element) = client.find(Locator::Css(css)).await {
            last = element.text().await.unwrap_or_default();
            if ok(&last) {
                return Ok(last);
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("{css} never showed the expected text; last seen: {last:?}")
}

/// Saves a screenshot as `test-artifacts/<name>` for a reviewer.
pub async fn screenshot(client: &Client, name: &str) -> anyhow::Result<()> {
    let dir = workspace_root().join("test-artifacts");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(name), client.screenshot().await?)?;
    Ok(())
}

/// Waits until nothing matches `css` (a warning cleared).
pub async fn absent(client: &Client, css: &str) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(15);
    while client.find(Locator::Css(css)).await.is_ok() {
        if Instant::now() > deadline {
            bail!("{css} is still shown");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

/// Replaces an input's text, as a person typing it.
pub async fn set_field(client: &Client, css: &str, text: &str) -> anyhow::Result<()> {
    let input = client.find(Locator::Css(css)).await?;
    input.clear().await?;
    input.send_keys(text).await?;
    Ok(())
}

/// The element, once it exists (parts of a page load after the server answers).
pub async fn element(client: &Client, css: &str) -> anyhow::Result<fantoccini::elements::Element> {
    Ok(client
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(css))
        .await?)
}

/// Clicks the element (an error naming the selector when there is none).
pub async fn click(client: &Client, css: &str) -> anyhow::Result<()> {
    client
        .find(Locator::Css(css))
        .await
        .with_context(|| format!("no {css}"))?
        .click()
        .await?;
    Ok(())
}

/// Scrolls an element to the top of the window (for a screenshot of it).
pub async fn scroll_to(client: &Client, css: &str) -> anyhow::Result<()> {
    client
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView()",
            vec![json!(css)],
        )
        .await?;
    Ok(())
}

/// The Content-Security-Policy violations the page in the window has reported since it
/// loaded, as "directive blocked-url" lines: a `ReportingObserver` with `buffered` receives
/// those that happened before it was created too.
pub async fn csp_violations(client: &Client) -> anyhow::Result<Vec<String>> {
    let script = r#"
        const done = arguments[arguments.length - 1];
        const lines = [];
        const keep = reports => {
            for (const r of reports) lines.push(`${r.body.effectiveDirective} ${r.body.blockedURL}`);
        };
        const observer = new ReportingObserver(keep, {types: ["csp-violation"], buffered: true});
        observer.observe();
        setTimeout(() => { keep(observer.takeRecords()); observer.disconnect(); done(lines); }, 300);
    "#;
    let lines = client.execute_async(script, Vec::new()).await?;
    Ok(serde_json::from_value(lines)?)
}

/// An input's current value (what the page put there, not the attribute).
pub async fn value_of(client: &Client, css: &str) -> anyhow::Result<String> {
    Ok(element(client, css)
        .await?
        .prop("value")
        .await?
        .unwrap_or_default())
}
