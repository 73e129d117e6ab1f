//! A price table larger than one page of `GET /api/v1/pricing/llm`: the LLM prices page
//! searches it on the server, and a row found there beyond the first page prices the
//! scenario.

use api::catalogs::PRICE_PAGE_DEFAULT;
use breakeven_tests::fantoccini::Client;
use breakeven_tests::*;

/// Rows of the stored version: half a page more than the first page.
const ROWS: usize = PRICE_PAGE_DEFAULT + 500;

/// The model sorted after every other row, so never on the first page.
const FAR: &str = "zz-far-model";

fn table() -> String {
    let mut rows: Vec<String> = (0..ROWS - 1)
        .map(|i| {
            format!(
                r#""gen-model-{i:05}": {{"litellm_provider": "together_ai", "mode": "chat", "input_cost_per_token": 2e-7, "output_cost_per_token": 8e-7}}"#
            )
        })
        .collect();
    // $3 in and $15 out per Mtok.
    rows.push(format!(
        r#""{FAR}": {{"litellm_provider": "anthropic", "mode": "chat", "input_cost_per_token": 3e-6, "output_cost_per_token": 1.5e-5}}"#
    ));
    format!("{{{}}}", rows.join(","))
}

#[tokio::test]
async fn a_row_beyond_the_first_page_is_found_on_the_server_and_prices_the_scenario(
) -> anyhow::Result<()> {
    in_browser(Some(&table()), drive).await
}

async fn drive(client: &Client, base: &str) -> anyhow::Result<()> {
    client.goto(base).await?;
    text_when(client, "#api-monthly", |t| t == "$3,250.00").await?;
    click(client, "#tab-llm-prices").await?;
    element(client, "#price-version")
        .await?
        .select_by_value("2")
        .await?;
    text_when(client, "#price-source", |t| t.contains("browser-test v2")).await?;
    // Too large to hold: the first rows of the server's answer, out of all of them.
    text_when(client, "#price-count", |t| {
        t == format!("150 of {ROWS} models")
    })
    .await?;
    set_field(client, "#price-search", "far anthropic").await?;
    text_when(client, "#price-count", |t| t == "1 of 1 models").await?;
    text_when(client, "#price-table tbody tr td.model", |t| t == FAR).await?;
    screenshot(client, "llm-prices-server-search.png").await?;
    click(client, "#price-table .use-llm").await?;
    // 1M × (500 · $3 + 200 · $15) / 1e6.
    text_when(client, "#api-monthly", |t| t == "$4,500.00").await?;
    // The planner's model choice shows the row, though its list holds the first page only.
    let chosen = element(client, "#llm-model").await?.prop("value").await?;
    anyhow::ensure!(chosen.as_deref() == Some(FAR), "LLM model shows {chosen:?}");
    Ok(())
}
