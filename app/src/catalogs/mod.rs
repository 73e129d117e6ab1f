//! The catalogs a scenario is filled from: LLM and hosted-SLM API prices (a stored
//! price-table version), cloud GPU offers, and workload profiles (presets and saved ones).

mod gpus;
mod llm_prices;
mod profiles;

pub use gpus::Gpus;
pub use llm_prices::LlmPrices;
pub use profiles::Profiles;

/// Case-insensitive match of every word of `query` somewhere in `haystack`.
pub fn matches(query: &str, haystack: &str) -> bool {
    let haystack = haystack.to_lowercase();
    query
        .to_lowercase()
        .split_whitespace()
        .all(|word| haystack.contains(word))
}

/// At most this many rows are drawn; the count of the rest is shown.
pub const MAX_ROWS: usize = 150;
