//! A server that runs benchmarks only for holders of its token (`serve --bench-token-env`):
//! the Benchmarks page asks for the token, says beside the field why a run without it was
//! refused (in words, not as a raw key), and starts and cancels a run once it is typed.

use anyhow::bail;
use breakeven_tests::fantoccini::Client;
use breakeven_tests::*;

const TOKEN: &str = "browser-test-bench-token-0123456789";

#[tokio::test]
async fn the_benchmarks_page_asks_for_the_servers_token() -> anyhow::Result<()> {
    let server = start_server_configured(None, false, |s| s.with_bench_token(Some(TOKEN))).await?;
    in_browser_on(server, drive).await
}

async fn drive(client: &Client, base: &str) -> anyhow::Result<()> {
    client.goto(&format!("{base}/benchmarks")).await?;
    element(client, "#bench-token").await?;
    element(client, "#bench-model option[value='smollm2-135m']").await?;
    element(client, "#bench-model")
        .await?
        .select_by_value("smollm2-135m")
        .await?;
    set_field(client, "#bench-concurrency", "1").await?;
    set_field(client, "#bench-prompt_tokens", "8").await?;
    set_field(client, "#bench-gen_tokens", "4").await?;

    // No token: refused, and said beside the token field, not in the list under a raw key.
    click(client, "#bench-run").await?;
    text_when(client, "#bench-token-error", |t| t.contains("token")).await?;
    let listed = element(client, "#bench-problems").await?.text().await?;
    if listed.contains("authorization") {
        bail!("the refusal is listed under a raw key: {listed:?}");
    }
    if client
        .find(fantoccini::Locator::Css("#bench-status"))
        .await
        .is_ok()
    {
        bail!("a run started without the token");
    }

    // With it: the run starts, and the same token cancels it.
    set_field(client, "#bench-token", TOKEN).await?;
    text_when(client, "#bench-token-error", |t| t.is_empty()).await?;
    click(client, "#bench-run").await?;
    text_when(client, "#bench-status", |t| {
        ["queued", "running", "done"].contains(&t)
    })
    .await?;
    if element(client, "#bench-status").await?.text().await? != "done" {
        click(client, "#bench-cancel").await?;
        text_when(client, "#bench-status", |t| {
            ["cancelled", "done"].contains(&t)
        })
        .await?;
    }
    let note = match client.find(fantoccini::Locator::Css("#bench-note")).await {
        Ok(e) => e.text().await?,
        Err(_) => String::new(),
    };
    if note.contains("cancel failed") {
        bail!("cancelling with the token failed: {note}");
    }
    Ok(())
}
