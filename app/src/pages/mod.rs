//! The app's pages; `Page` in main.rs picks one.

pub mod benchmarks;
pub mod compare;
pub mod gpus;
pub mod inputs;
pub mod llm_prices;
pub mod measured_pick;
pub mod planner;
pub mod profiles;
pub mod shared;

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
