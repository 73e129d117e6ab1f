//! The normalised record every reader produces.

use serde::{Deserialize, Serialize};

/// One request, or one bucket of requests, as a log recorded it, in one shape for every
/// format.
///
/// Token counts follow OpenAI's convention: `input_tokens` is every input token, including
/// the cached and cache-write ones, so `cached_input_tokens + cache_write_tokens ≤
/// input_tokens` holds for every record a reader returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrafficRecord {
    /// When the request (or the bucket) started, Unix seconds, UTC.
    pub start_unix: i64,
    /// How long the bucket is, seconds: `None` for a single request, 3,600 or 86,400 for an
    /// hourly or daily bucket (OpenAI's pages, LiteLLM's daily tables).
    pub bucket_seconds: Option<i64>,
    /// The model the log names, as written (`gpt-4o-mini`, `anthropic/claude-…`).
    pub model: String,
    /// Input tokens, cached and cache-write ones included.
    pub input_tokens: u64,
    /// Input tokens read from the provider's prompt cache (billed at the cached rate).
    pub cached_input_tokens: u64,
    /// Input tokens written to the provider's prompt cache (billed at the cache-write rate
    /// where the provider charges one).
    pub cache_write_tokens: u64,
    /// Output tokens.
    pub output_tokens: u64,
    /// Requests this record stands for: 1 for a single request, the bucket's count otherwise.
    pub requests: u64,
    /// What the log says was spent, USD, where it records a spend.
    pub spend_usd: Option<f64>,
    /// Whether the requests went through a batch API (half price at OpenAI and Anthropic);
    /// `false` where the log does not say.
    pub batch: bool,
    /// Whether LiteLLM answered from its own response cache (no provider call was made);
    /// `false` for other formats.
    pub proxy_cache_hit: bool,
}
