//! The bundled rows must equal the upstream file they cite (read from `../shared/data`).

use std::path::PathBuf;

fn upstream() -> Option<serde_json::Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/data/litellm-model-prices-1.109.1.json");
    let text = std::fs::read_to_string(&path).ok()?;
    Some(serde_json::from_str(&text).expect("upstream price file is valid JSON"))
}

#[test]
fn every_bundled_row_equals_the_litellm_file() {
    let Some(upstream) = upstream() else {
        // shared/ sits beside every clone in CI; a developer without it cannot check provenance.
        eprintln!("skipped: ../shared/data is not beside this checkout");
        return;
    };
    let table = pricing::bundled_table();
    assert!(table.models.len() >= 10);
    for row in &table.models {
        let entry = &upstream[&row.model];
        assert!(
            entry.is_object(),
            "{} is not in the upstream file",
            row.model
        );
        let per_mtok = |key: &str| entry[key].as_f64().map(|v| v * 1e6);
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
        assert!(
            close(
                row.prices.input_usd_per_mtok,
                per_mtok("input_cost_per_token").unwrap()
            ),
            "{}",
            row.model
        );
        assert!(
            close(
                row.prices.output_usd_per_mtok,
                per_mtok("output_cost_per_token").unwrap()
            ),
            "{}",
            row.model
        );
        match per_mtok("cache_read_input_token_cost") {
            Some(cached) => assert!(
                close(row.prices.cached_input_usd_per_mtok, cached),
                "{}",
                row.model
            ),
            None => assert!(!row.cached_price_listed, "{}", row.model),
        }
        assert_eq!(
            entry["litellm_provider"].as_str(),
            Some(row.provider.as_str())
        );
    }
}
