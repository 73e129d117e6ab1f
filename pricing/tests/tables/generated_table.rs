//! The generator: rebuilds the bundled table from LiteLLM's file in `../shared/data` and
//! fails if the committed `pricing/data/llm-prices.json` differs from what it produces.
//!
//! Refresh after changing the selection or the snapshot:
//!     BREAKEVEN_REGENERATE=1 cargo test -p pricing --test tables generated_table::

use std::path::PathBuf;

use pricing::{is_bundled, litellm, PriceTable, TableSource};
use sha2::{Digest, Sha256};

use crate::common;

const SNAPSHOT: &str = "litellm-model-prices-1.109.1.json";
const SNAPSHOT_SHA256: &str = "8f8060d8ce7a40c91b995c74d6a27657543d49e3c1c53430dabd556f244392c6";

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn snapshot_text() -> String {
    let path = crate_dir().join("../../shared/data").join(SNAPSHOT);
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (shared/ must sit beside the checkout)",
            path.display()
        )
    })
}

fn generate() -> String {
    let text = snapshot_text();
    let sha = format!("{:x}", Sha256::digest(text.as_bytes()));
    assert_eq!(
        sha, SNAPSHOT_SHA256,
        "the snapshot is not the file the table cites"
    );
    let parsed = litellm::parse(&text).expect("the snapshot parses");
    let table = PriceTable {
        source: TableSource {
            name: "LiteLLM model_prices_and_context_window_backup.json".into(),
            version: "1.109.1".into(),
            sha256: sha,
            // LiteLLM's file carries no date of its own: the date it was read into Breakeven.
            as_of: "2026-11-22".into(),
        },
        models: parsed.models.into_iter().filter(is_bundled).collect(),
    };
    serde_json::to_string_pretty(&table).expect("a table serialises") + "\n"
}

#[test]
fn committed_table_equals_the_generators_output() {
    common::committed_equals_generated("data/llm-prices.json", &generate(), "generated_table");
}

#[test]
fn table_covers_the_providers_and_small_models_it_promises() {
    let table = pricing::bundled_table();
    let has = |pred: &dyn Fn(&pricing::ModelPrice) -> bool| table.models.iter().any(pred);
    for provider in ["openai", "anthropic", "deepseek", "mistral", "xai"] {
        assert!(has(&|m| m.provider == provider), "no {provider} model");
    }
    assert!(
        has(&|m| m.provider == "gemini" || m.provider == "vertex_ai-language-models"),
        "no Google model"
    );
    for (family, size) in [
        ("llama", 1.0),
        ("llama", 3.0),
        ("llama", 8.0),
        ("mistral", 7.0),
        ("gemma", 2.0),
    ] {
        assert!(
            has(&|m| m.model.to_ascii_lowercase().contains(family)
                && pricing::stated_billions(&m.model) == Some(size)),
            "no hosted {family} {size}B"
        );
    }
    for family in ["qwen", "ministral", "phi"] {
        assert!(
            has(&|m| m.model.to_ascii_lowercase().contains(family)),
            "no hosted {family}"
        );
    }
    // Large open-weight models hosted elsewhere are not SLMs.
    assert!(!has(
        &|m| m.model.contains("Llama-3.3-70B") && m.provider == "deepinfra"
    ));
}

#[test]
fn stated_sizes_are_read_from_names() {
    for (name, size) in [
        ("deepinfra/meta-llama/Llama-3.2-3B-Instruct", Some(3.0)),
        (
            "bedrock/us-east-1/mistral.mistral-7b-instruct-v0:2",
            Some(7.0),
        ),
        ("together_ai/Qwen/Qwen2.5-1.5B-Instruct", Some(1.5)),
        ("ollama/llama3.1:8b", Some(8.0)),
        (
            "fireworks_ai/accounts/fireworks/models/mixtral-8x7b-instruct",
            None,
        ),
        ("gpt-4o", None),
    ] {
        assert_eq!(pricing::stated_billions(name), size, "{name}");
    }
}
