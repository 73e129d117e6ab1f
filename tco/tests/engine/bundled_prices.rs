//! Every bundled model prices a request exactly as LiteLLM's per-token figures say.

use pricing::bundled_table;
use profiles::Workload;

#[test]
fn engine_cost_matches_the_source_per_token_prices_for_every_bundled_model() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/data/litellm-model-prices-1.109.1.json"
    );
    let source: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(path).expect("shared/ sits beside the checkout"),
    )
    .unwrap();
    // 1,000 input tokens of which 500 come from the cache, and 1,000 output tokens.
    let w = Workload {
        requests_per_month: 1.0,
        input_tokens: 1000.0,
        output_tokens: 1000.0,
        cached_input_share: 0.5,
        peak_to_average: 1.0,
        monthly_growth: 0.0,
        batch_share: 0.0,
        cache_write_share: 0.0,
    };
    let table = bundled_table();
    assert!(table.models.len() > 300);
    for m in &table.models {
        let row = &source[&m.model];
        let per_token = |k: &str| row[k].as_f64();
        let input = per_token("input_cost_per_token").unwrap();
        let cached = per_token("cache_read_input_token_cost").unwrap_or(input);
        let expected =
            500.0 * input + 500.0 * cached + 1000.0 * per_token("output_cost_per_token").unwrap();
        let actual =
            tco::cost::request_price(&tco::scenario::PricedApi::from_prices(m.prices), &w, 1.0)
                .interactive_usd;
        // Equal up to float rounding of the two evaluation orders (1e-12 relative).
        assert!(
            (actual - expected).abs() <= 1e-12 * expected.max(1e-300),
            "{}: {actual} vs {expected}",
            m.model
        );
    }
}
