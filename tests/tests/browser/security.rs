//! The app under the server's security headers (issue 15): every page runs with the
//! Content-Security-Policy on and reports no violation, and the check itself sees one when
//! a page breaks the policy (an inline style attribute, an injected inline script).

use anyhow::{bail, Context};
use breakeven_tests::fantoccini::Client;
use breakeven_tests::*;
use serde_json::Value;

#[tokio::test]
async fn every_page_runs_under_the_content_security_policy() -> anyhow::Result<()> {
    in_browser(None, drive).await
}

async fn drive(client: &Client, base: &str) -> anyhow::Result<()> {
    // The planner, with its Monte Carlo charts (SVG written into the page) and the week's
    // bars (heights set through the CSSOM).
    client.goto(base).await?;
    text_when(client, "#api-monthly", |t| t == "$3,250.00").await?;
    // The policy the page was served with.
    let csp = client
        .execute_async(
            "const done = arguments[0];\
             fetch('/').then(r => done(r.headers.get('content-security-policy') || ''));",
            Vec::new(),
        )
        .await?;
    let csp = csp.as_str().unwrap_or_default();
    for directive in ["frame-ancestors 'none'", "'sha256-", "'wasm-unsafe-eval'"] {
        if !csp.contains(directive) {
            bail!("{directive} missing from the policy: {csp:?}");
        }
    }
    click(client, "#uncertainty-enabled").await?;
    element(client, "#chart-monte-carlo svg[data-chart='monte-carlo']").await?;
    element(client, ".shape-bars").await?;
    let started: Value = client
        .execute("return typeof window.wasmBindings", Vec::new())
        .await?;
    if started != "object" {
        bail!("Trunk's inline loader did not run (window.wasmBindings is {started})");
    }
    no_violations(client, "/").await?;

    // Every other page, each a fresh document.
    for (path, ready) in [
        ("/llm-prices", "table"),
        ("/gpus", "table"),
        ("/profiles", "main.catalog"),
        ("/benchmarks", "form.bench-form"),
        ("/compare", "main.compare"),
    ] {
        client.goto(&format!("{base}{path}")).await?;
        element(client, ready)
            .await
            .with_context(|| format!("{path}: no {ready}"))?;
        no_violations(client, path).await?;
    }

    // The check sees a violation when there is one: an inline style attribute and an
    // injected inline script are both refused and reported.
    client
        .execute(
            "document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>');\
             const s = document.createElement('script');\
             s.textContent = 'window.__injected = true';\
             document.body.append(s);",
            Vec::new(),
        )
        .await?;
    let injected: Value = client
        .execute("return window.__injected === true", Vec::new())
        .await?;
    if injected == true {
        bail!("an injected inline script ran");
    }
    let seen = csp_violations(client).await?;
    for directive in ["style-src", "script-src"] {
        if !seen.iter().any(|line| line.starts_with(directive)) {
            bail!("the injected {directive} violation was not reported: {seen:?}");
        }
    }
    Ok(())
}

async fn no_violations(client: &Client, page: &str) -> anyhow::Result<()> {
    let seen = csp_violations(client).await?;
    if !seen.is_empty() {
        bail!("{page}: the Content-Security-Policy refused {seen:?}");
    }
    Ok(())
}
