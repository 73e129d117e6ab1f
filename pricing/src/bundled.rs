//! The price table compiled into every build: the chat models of the frontier API
//! providers and the hosted open-weight small models, generated from LiteLLM's table.
//!
//! `data/llm-prices.json` is written by the generator test
//! (`BREAKEVEN_REGENERATE=1 cargo test -p pricing --test tables generated_table::`), which fails
//! when the committed file drifts from what `../shared/data` produces.

use std::sync::OnceLock;

use crate::{ModelPrice, PriceTable, TableSource};

const GENERATED: &str = include_str!("../data/llm-prices.json");

/// LiteLLM's `litellm_provider` values of the frontier API vendors (Google has two).
pub const FRONTIER_PROVIDERS: &[&str] = &[
    "openai",
    "anthropic",
    "gemini",
    "vertex_ai-language-models",
    "deepseek",
    "mistral",
    "xai",
];

/// Open-weight families whose small (≤ 8.5B) models are hosted by many providers.
const SMALL_FAMILIES: &[&str] = &[
    "llama",
    "qwen",
    "mistral",
    "ministral",
    "gemma",
    "phi",
    "smollm",
    "tinyllama",
];
/// The largest stated size (billions of parameters) that counts as a small model.
pub const SMALL_MAX_BILLIONS: f64 = 8.5;

/// The size a model's name states, e.g. 3.0 for "Llama-3.2-3B-Instruct"; None if it states none.
pub fn stated_billions(name: &str) -> Option<f64> {
    name.to_ascii_lowercase()
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .find_map(|token| {
            token
                .strip_suffix('b')?
                .parse::<f64>()
                .ok()
                .filter(|v| *v > 0.0)
        })
}

/// Whether a row belongs in the bundled table: every model of a frontier provider, and the
/// models of the small open-weight families whose name states at most
/// [`SMALL_MAX_BILLIONS`] parameters (Phi's small models by their "mini" tier). The
/// generator test applies it to LiteLLM's file.
pub fn is_bundled(m: &ModelPrice) -> bool {
    if FRONTIER_PROVIDERS.contains(&m.provider.as_str()) {
        return true;
    }
    let lower = m.model.to_ascii_lowercase();
    let Some(family) = SMALL_FAMILIES.iter().find(|f| lower.contains(*f)) else {
        return false;
    };
    match stated_billions(&m.model) {
        Some(b) => b <= SMALL_MAX_BILLIONS,
        // Phi's small models are named by tier ("phi-3-mini", "phi-4-mini"), not by size.
        None => *family == "phi" && lower.contains("mini"),
    }
}

/// The bundled table, parsed once.
pub fn bundled_table() -> &'static PriceTable {
    static TABLE: OnceLock<PriceTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        serde_json::from_str(GENERATED).unwrap_or_else(|_| PriceTable {
            // Unreachable: the generator test parses this very file. An empty table makes
            // every model lookup fail with a clear error rather than panic in a browser.
            source: TableSource {
                name: "bundled table unreadable".into(),
                version: String::new(),
                sha256: String::new(),
                as_of: String::new(),
            },
            models: Vec::<ModelPrice>::new(),
        })
    })
}
