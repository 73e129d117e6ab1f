//! The workload a trace shows (issue 17, item 2): fed records one at a time, it keeps
//! hour-by-hour totals per model and the token histograms, never the records.
//!
//! DESIGN SKELETON — owned by the analysis helper; signatures agreed with the replay,
//! server and app helpers. Replace the bodies, keep the names (or tell the lead).

use serde::{Deserialize, Serialize};

use crate::record::TrafficRecord;

/// Unix hour: `start_unix.div_euclid(3600)` (UTC hours since 1970).
pub type UnixHour = i64;

/// Token and request totals of some requests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Totals {
    /// Requests (fractional only where a daily bucket was spread over its hours).
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

/// A trace gathered from records: what the workload and the replay are computed from.
/// Memory: one entry per (hour, model) with traffic, plus the histograms (bounded by the
/// number of distinct token counts), never the records.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Trace {
    /// Model names, in order of first appearance; `hours` refers to them by index.
    pub models: Vec<String>,
    /// (hour, model index) → totals, sorted by hour then model.
    pub hours: std::collections::BTreeMap<(UnixHour, u32), HourModelTotals>,
    // the analysis helper adds: histograms of per-request input/output tokens, the covered
    // span (first start, last end), daily-bucket flag, proxy cache hits, …
}

impl Trace {
    /// An empty trace.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one record (a request, or a bucket: a daily bucket is spread evenly over its 24
    /// hours and the trace remembers it). A LiteLLM proxy cache hit is counted apart and
    /// not added to the traffic (no model served it).
    pub fn add(&mut self, record: &TrafficRecord) {
        let _ = record;
        unimplemented!("analysis helper")
    }

    /// The covered span: from the first request's (bucket's) start hour to the last one's
    /// end, whole UTC hours `[first, last]`; `None` for an empty trace.
    pub fn span(&self) -> Option<(UnixHour, UnixHour)> {
        unimplemented!("analysis helper")
    }

    /// Each hour of the span with its totals summed over models (empty hours included, as
    /// zeros), interactive and batch apart: what the replay walks.
    pub fn hourly(&self) -> Vec<(UnixHour, HourModelTotals)> {
        unimplemented!("analysis helper")
    }

    /// True when some traffic came in daily buckets, spread evenly over the day's hours.
    pub fn has_daily_buckets(&self) -> bool {
        unimplemented!("analysis helper")
    }
}

/// The workload the trace shows, every figure with its basis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct TraceWorkload {
    /// "from <file>, <N> requests, <first date> – <last date>".
    pub label: String,
    /// First hour covered, Unix seconds.
    pub start_unix: i64,
    /// End of the last hour covered, Unix seconds.
    pub end_unix: i64,
    /// Hours covered.
    pub hours: f64,
    /// Requests in the trace (proxy cache hits excluded).
    pub requests: f64,
    /// requests / hours × 730.
    pub requests_per_month: f64,
    // the analysis helper adds: means, p50/p95 (None with a reason when the log holds
    // buckets), shares, shape (168 values, tz, weeks covered), growth (rate, R², days),
    // model mix, warnings …
}

/// What the trace shows: the workload, ready for the planner.
pub fn workload(trace: &Trace, file_name: &str, offset_minutes: i32) -> TraceWorkload {
    let _ = (trace, file_name, offset_minutes);
    unimplemented!("analysis helper")
}

impl TraceWorkload {
    /// The planner's workload section (cost model v2 fields) filled from the trace.
    pub fn workload_input(&self) -> tco::input::WorkloadInput {
        unimplemented!("analysis helper")
    }
}
