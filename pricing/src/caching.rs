//! Providers' documented minimum prompt length for prompt caching: a prompt shorter than
//! this is billed in full, whatever share of it repeats.
//!
//! Only providers whose documentation states a minimum are listed; elsewhere the engine
//! assumes none (0) and the scenario can type one (`llm.min_cached_input_tokens`).
//! Sources (read 2026-12-02):
//! - OpenAI, "Prompt caching" guide: caching applies to prompts of 1,024 tokens or more.
//! - Anthropic, "Prompt caching" docs, minimum cacheable prompt length: 4,096 tokens for
//!   Claude Opus 4.5/4.6 and Haiku 4.5; 2,048 for Claude Haiku 3.5 and Haiku 3; 1,024 for
//!   the other Claude models (Sonnet 3.7/4/4.5, Opus 4/4.1, Opus 3).

use crate::ModelPrice;

/// The minimum, in prompt tokens, of the row's provider and model; None where the
/// provider documents none that Breakeven knows.
pub fn min_cached_input_tokens(row: &ModelPrice) -> Option<f64> {
    let model = row.model.to_ascii_lowercase();
    match row.provider.as_str() {
        "openai" | "azure" | "text-completion-openai" => Some(1024.0),
        "anthropic" => Some(anthropic_minimum(&model)),
        "bedrock" | "bedrock_converse" | "vertex_ai-anthropic_models"
            if model.contains("claude") =>
        {
            Some(anthropic_minimum(&model))
        }
        _ => None,
    }
}

fn anthropic_minimum(model: &str) -> f64 {
    let any = |names: &[&str]| names.iter().any(|n| model.contains(n));
    if any(&[
        "opus-4-5",
        "opus-4.5",
        "opus-4-6",
        "opus-4.6",
        "haiku-4-5",
        "haiku-4.5",
    ]) {
        4096.0
    } else if any(&["haiku-3", "3-haiku", "3-5-haiku", "3.5-haiku"]) {
        2048.0
    } else {
        1024.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ApiPrices;

    fn row(provider: &str, model: &str) -> ModelPrice {
        ModelPrice {
            model: model.to_string(),
            provider: provider.to_string(),
            prices: ApiPrices {
                input_usd_per_mtok: 1.0,
                output_usd_per_mtok: 1.0,
                cached_input_usd_per_mtok: 1.0,
                usd_per_request: 0.0,
            },
            cached_price_listed: false,
            batch_input_usd_per_mtok: None,
            batch_output_usd_per_mtok: None,
            cache_write_usd_per_mtok: None,
            max_input_tokens: None,
            flags: Vec::new(),
        }
    }

    #[test]
    fn each_documented_minimum() {
        let cases = [
            ("openai", "gpt-4o", Some(1024.0)),
            ("anthropic", "claude-sonnet-4-5-20250929", Some(1024.0)),
            ("anthropic", "claude-3-5-haiku-20241022", Some(2048.0)),
            ("anthropic", "claude-haiku-4-5-20251001", Some(4096.0)),
            ("anthropic", "claude-opus-4-5-20251101", Some(4096.0)),
            (
                "bedrock",
                "anthropic.claude-3-haiku-20240307-v1:0",
                Some(2048.0),
            ),
            ("bedrock", "mistral.mistral-7b-instruct-v0:2", None),
            ("gemini", "gemini-2.5-pro", None),
        ];
        for (provider, model, expected) in cases {
            assert_eq!(
                min_cached_input_tokens(&row(provider, model)),
                expected,
                "{provider} {model}"
            );
        }
    }
}
