//! The workload a trace shows (issue 17, item 2): fed records one at a time, a [`Trace`]
//! keeps hour-by-hour totals per model and the token histograms, never the records;
//! [`workload`] turns it into the figures the planner needs ([`TraceWorkload`]). Every
//! formula is in docs/traffic.md, "The workload from a trace".

mod growth;
mod histogram;
mod label;
mod local;
mod trace;
mod workload;

use serde::{Deserialize, Serialize};

pub use growth::{fit_log_linear, GrowthFit, DAYS_PER_MONTH, MIN_GROWTH_DAYS, MIN_GROWTH_R2};
pub use histogram::{Histogram, MAX_SPARSE, SPARSE_BITS};
pub use trace::{Trace, MAX_BUCKET_SECONDS, MAX_ENTRIES, MAX_MODELS, OTHER_MODELS};
pub use workload::{workload, ModelMix, TokenPercentiles, TraceWorkload, WeeklyShape};

/// Unix hour: `start_unix.div_euclid(3600)` (UTC hours since 1970).
pub type UnixHour = i64;

/// Token and request totals of some requests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Totals {
    /// Requests (fractional only where a bucket longer than an hour was spread over its
    /// hours).
    pub requests: f64,
    /// Input tokens, cached and cache-write ones included.
    pub input_tokens: f64,
    /// Cached input tokens.
    pub cached_input_tokens: f64,
    /// Cache-write input tokens.
    pub cache_write_tokens: f64,
    /// Output tokens.
    pub output_tokens: f64,
}

impl Totals {
    /// Adds `other` to these totals.
    pub fn add(&mut self, other: &Totals) {
        self.requests += other.requests;
        self.input_tokens += other.input_tokens;
        self.cached_input_tokens += other.cached_input_tokens;
        self.cache_write_tokens += other.cache_write_tokens;
        self.output_tokens += other.output_tokens;
    }
}

/// One model's traffic in one UTC hour, interactive and batch apart (they are priced apart).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct HourModelTotals {
    /// Requests not sent through a batch API.
    pub interactive: Totals,
    /// Requests sent through a batch API.
    pub batch: Totals,
    /// The spend the log recorded for these requests, USD (0 where it records none).
    pub recorded_spend_usd: f64,
    /// Requests among these whose row recorded a spend.
    pub requests_with_spend: f64,
}

impl HourModelTotals {
    /// Interactive and batch requests together.
    pub fn requests(&self) -> f64 {
        self.interactive.requests + self.batch.requests
    }

    /// Interactive and batch totals together.
    pub fn combined(&self) -> Totals {
        let mut out = self.interactive;
        out.add(&self.batch);
        out
    }

    /// Adds `other` to these totals.
    pub fn add(&mut self, other: &HourModelTotals) {
        self.interactive.add(&other.interactive);
        self.batch.add(&other.batch);
        self.recorded_spend_usd += other.recorded_spend_usd;
        self.requests_with_spend += other.requests_with_spend;
    }
}
