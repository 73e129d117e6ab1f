//! The catalogs a scenario is filled from: LLM and hosted-SLM API prices (a stored
//! price-table version), cloud GPU offers, and workload profiles (presets and saved ones).

mod gpus;
mod llm_prices;
mod profiles;

pub use gpus::Gpus;
pub use llm_prices::LlmPrices;
pub use profiles::Profiles;

/// Case-insensitive match of every word of `query` somewhere in `haystack`: the rule the
/// server searches a large price table by (`pricing::search`).
pub fn matches(query: &str, haystack: &str) -> bool {
    pricing::search::Search::new(query).matches_text(haystack)
}

/// At most this many rows are drawn; the count of the rest is shown.
pub const MAX_ROWS: usize = 150;
