//! A hand-picked subset of LiteLLM's price table, enough to price scenarios by model name.
//!
//! Each row was copied from `litellm-model-prices-1.109.1.json` (see `shared/data/README.md`);
//! `pricing/tests/bundled_matches_source.rs` re-reads that file and fails if any row drifts.
//! Prices are USD per million tokens (LiteLLM stores USD per token).

use crate::{ApiPrices, ModelPrice, PriceTable, TableSource};

/// Provenance of the bundled rows.
pub const BUNDLED_SOURCE: (&str, &str, &str, &str) = (
    "LiteLLM model_prices_and_context_window_backup.json",
    "1.109.1",
    "8f8060d8ce7a40c91b995c74d6a27657543d49e3c1c53430dabd556f244392c6",
    // LiteLLM's file carries no date of its own: this is the date it was read into Breakeven.
    "2026-11-22",
);

/// (model, provider, input, output, cached input or None when the row lists none) in USD/Mtok.
const ROWS: &[(&str, &str, f64, f64, Option<f64>)] = &[
    ("gpt-4", "openai", 30.0, 60.0, None),
    ("gpt-4o", "openai", 2.5, 10.0, Some(1.25)),
    ("gpt-4o-mini", "openai", 0.15, 0.6, Some(0.075)),
    ("gpt-4.1", "openai", 2.0, 8.0, Some(0.5)),
    ("gpt-4.1-mini", "openai", 0.4, 1.6, Some(0.1)),
    ("gpt-5", "openai", 1.25, 10.0, Some(0.125)),
    ("gpt-5-mini", "openai", 0.25, 2.0, Some(0.025)),
    ("claude-sonnet-4-5", "anthropic", 3.0, 15.0, Some(0.3)),
    ("claude-haiku-4-5", "anthropic", 1.0, 5.0, Some(0.1)),
    (
        "gemini-2.5-pro",
        "vertex_ai-language-models",
        1.25,
        10.0,
        Some(0.125),
    ),
    (
        "gemini-2.5-flash",
        "vertex_ai-language-models",
        0.3,
        2.5,
        Some(0.03),
    ),
    (
        "deepseek/deepseek-chat",
        "deepseek",
        0.28,
        0.42,
        Some(0.028),
    ),
    (
        "mistral/mistral-small-latest",
        "mistral",
        0.15,
        0.6,
        Some(0.015),
    ),
    (
        "bedrock/us-east-1/mistral.mistral-7b-instruct-v0:2",
        "bedrock",
        0.15,
        0.2,
        None,
    ),
    (
        "deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct",
        "deepinfra",
        0.03,
        0.05,
        None,
    ),
    (
        "deepinfra/meta-llama/Llama-3.2-3B-Instruct",
        "deepinfra",
        0.02,
        0.02,
        None,
    ),
];

/// The table the app and the CLI use when a scenario names `llm.model`.
pub fn bundled_table() -> PriceTable {
    let (name, version, sha256, as_of) = BUNDLED_SOURCE;
    PriceTable {
        source: TableSource {
            name: name.to_string(),
            version: version.to_string(),
            sha256: sha256.to_string(),
            as_of: as_of.to_string(),
        },
        models: ROWS
            .iter()
            .map(|&(model, provider, input, output, cached)| ModelPrice {
                model: model.to_string(),
                provider: provider.to_string(),
                prices: ApiPrices {
                    input_usd_per_mtok: input,
                    output_usd_per_mtok: output,
                    cached_input_usd_per_mtok: cached.unwrap_or(input),
                    usd_per_request: 0.0,
                },
                cached_price_listed: cached.is_some(),
            })
            .collect(),
    }
}
