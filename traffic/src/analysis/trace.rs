//! The trace: per (UTC hour, model) totals, fed one record at a time.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::{Histogram, HourModelTotals, Totals, UnixHour};
use crate::record::TrafficRecord;

/// The longest bucket a trace spreads over its hours: 31 days. A longer one (a mapping's
/// `bucket_seconds` of a year) would say nothing about when traffic came and could hold
/// memory for every hour of it, so it is counted in [`Trace::refused_buckets`] instead.
pub const MAX_BUCKET_SECONDS: i64 = 31 * 86_400;

const HOUR: i64 = 3_600;

/// A trace gathered from records: what the workload and the replay are computed from.
///
/// Memory: one entry per (hour, model) with traffic, the model names, and the two
/// histograms (bounded by the number of distinct token counts), never the records. A month
/// of traffic on 5 models is at most 744 × 5 entries, whatever the number of requests.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Trace {
    /// Model names, in order of first appearance; `hours` refers to them by index.
    pub models: Vec<String>,
    /// (hour, model index) → totals, sorted by hour then model. Serialised as a list of
    /// `[[hour, model], totals]` pairs (JSON keys must be strings).
    #[serde(with = "hours_as_list")]
    pub hours: BTreeMap<(UnixHour, u32), HourModelTotals>,
    /// Requests LiteLLM answered from its own response cache: no model served them, so they
    /// are not in `hours` (nor in the span, the histograms or the workload's volume).
    pub proxy_cache_hits: u64,
    /// Input tokens of each single request (a record with no bucket and one request).
    pub input_histogram: Histogram,
    /// Output tokens of each single request.
    pub output_histogram: Histogram,
    /// Requests that came in buckets or in rows standing for several requests: in `hours`,
    /// not in the histograms.
    pub aggregated_requests: u64,
    /// Records whose bucket is longer than [`MAX_BUCKET_SECONDS`], left out of the trace.
    pub refused_buckets: u64,
    /// The requests of those records.
    pub refused_bucket_requests: u64,
    /// First and last UTC hour covered by traffic.
    covered: Option<(UnixHour, UnixHour)>,
    /// Requests in buckets spread over more than one hour.
    spread_requests: f64,
    #[serde(skip)]
    lookup: Lookup,
}

/// What makes [`Trace::add`] cheap: the model names' index and the last model seen. Not
/// part of a trace's value (two traces with the same totals are equal whatever their
/// lookups hold).
#[derive(Debug, Clone, Default)]
struct Lookup {
    index: HashMap<String, u32>,
    last: Option<u32>,
}

impl PartialEq for Lookup {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Trace {
    /// An empty trace.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one record (a request, or a bucket: a bucket longer than an hour is spread over
    /// the hours it covers in proportion to the seconds of each it covers, evenly for an
    /// aligned daily bucket, and the trace remembers it; one of an hour or less goes to its
    /// start hour). A LiteLLM proxy cache hit is counted apart and not added to the traffic
    /// (no model served it).
    pub fn add(&mut self, record: &TrafficRecord) {
        if record.proxy_cache_hit {
            self.proxy_cache_hits = self.proxy_cache_hits.saturating_add(record.requests);
            return;
        }
        let bucket = record.bucket_seconds.filter(|&s| s > 0);
        if bucket.is_some_and(|s| s > MAX_BUCKET_SECONDS) {
            self.refused_buckets += 1;
            self.refused_bucket_requests =
                self.refused_bucket_requests.saturating_add(record.requests);
            return;
        }
        let model = self.model_index(&record.model);
        if bucket.is_none() && record.requests == 1 {
            self.input_histogram.add(record.input_tokens);
            self.output_histogram.add(record.output_tokens);
        } else {
            self.aggregated_requests = self.aggregated_requests.saturating_add(record.requests);
        }
        let start = record.start_unix;
        let first = start.div_euclid(HOUR);
        let last = match bucket {
            Some(seconds) if seconds > HOUR => {
                let end = start.saturating_add(seconds);
                let last = end.saturating_sub(1).div_euclid(HOUR);
                for hour in first..=last {
                    let from = start.max(hour.saturating_mul(HOUR));
                    let to = end.min(hour.saturating_add(1).saturating_mul(HOUR));
                    let share = (to - from) as f64 / seconds as f64;
                    self.add_share(hour, model, record, share);
                }
                if last > first {
                    self.spread_requests += record.requests as f64;
                }
                last
            }
            _ => {
                self.add_share(first, model, record, 1.0);
                first
            }
        };
        self.covered = Some(match self.covered {
            Some((a, b)) => (a.min(first), b.max(last)),
            None => (first, last),
        });
    }

    /// The model's index, adding it on first sight; no allocation for a model already seen.
    #[inline]
    fn model_index(&mut self, model: &str) -> u32 {
        if let Some(last) = self.lookup.last {
            if self.models.get(last as usize).is_some_and(|m| m == model) {
                return last;
            }
        }
        // A few models (the usual log) are found faster by comparing names than by hashing.
        if self.models.len() <= 8 {
            if let Some(at) = self.models.iter().position(|m| m == model) {
                self.lookup.last = Some(at as u32);
                return at as u32;
            }
        }
        if self.lookup.index.len() != self.models.len() {
            // A deserialised trace: its lookup was not serialised; rebuild it once.
            self.lookup.index = self
                .models
                .iter()
                .enumerate()
                .map(|(i, m)| (m.clone(), i as u32))
                .collect();
        }
        let index = match self.lookup.index.get(model) {
            Some(&index) => index,
            None => {
                let index = self.models.len() as u32;
                self.models.push(model.to_string());
                self.lookup.index.insert(model.to_string(), index);
                index
            }
        };
        self.lookup.last = Some(index);
        index
    }

    fn add_share(&mut self, hour: UnixHour, model: u32, record: &TrafficRecord, share: f64) {
        let slot = self.hours.entry((hour, model)).or_default();
        let requests = record.requests as f64 * share;
        let part = if record.batch {
            &mut slot.batch
        } else {
            &mut slot.interactive
        };
        part.requests += requests;
        part.input_tokens += record.input_tokens as f64 * share;
        part.cached_input_tokens += record.cached_input_tokens as f64 * share;
        part.cache_write_tokens += record.cache_write_tokens as f64 * share;
        part.output_tokens += record.output_tokens as f64 * share;
        if let Some(spend) = record.spend_usd {
            slot.recorded_spend_usd += spend * share;
            slot.requests_with_spend += requests;
        }
    }

    /// The covered span: from the first request's (bucket's) start hour to the last one's
    /// end, whole UTC hours `[first, last]`; `None` for an empty trace.
    pub fn span(&self) -> Option<(UnixHour, UnixHour)> {
        self.covered
    }

    /// Hours in the span, `last − first + 1` (empty hours inside it count: they are real
    /// quiet hours); 0 for an empty trace.
    pub fn span_hours(&self) -> i64 {
        self.covered.map_or(0, |(a, b)| b - a + 1)
    }

    /// Each hour of the span with its totals summed over models (empty hours included, as
    /// zeros), interactive and batch apart: what the replay walks. Its length is
    /// [`Trace::span_hours`].
    pub fn hourly(&self) -> Vec<(UnixHour, HourModelTotals)> {
        let Some((first, last)) = self.covered else {
            return Vec::new();
        };
        let mut out: Vec<(UnixHour, HourModelTotals)> = (first..=last)
            .map(|hour| (hour, HourModelTotals::default()))
            .collect();
        for (&(hour, _), totals) in &self.hours {
            if let Some((_, slot)) = usize::try_from(hour - first)
                .ok()
                .and_then(|at| out.get_mut(at))
            {
                slot.add(totals);
            }
        }
        out
    }

    /// True when some traffic came in buckets longer than an hour (LiteLLM's daily tables,
    /// OpenAI's `1d` pages), spread evenly over their hours: the hour-by-hour shape within
    /// those days is not known.
    pub fn has_daily_buckets(&self) -> bool {
        self.spread_requests > 0.0
    }

    /// Requests that came in buckets spread over more than one hour.
    pub fn spread_requests(&self) -> f64 {
        self.spread_requests
    }

    /// Each model's totals over the whole trace (interactive and batch apart), indexed like
    /// [`Trace::models`].
    pub fn per_model(&self) -> Vec<HourModelTotals> {
        let mut out = vec![HourModelTotals::default(); self.models.len()];
        for (&(_, model), totals) in &self.hours {
            if let Some(slot) = out.get_mut(model as usize) {
                slot.add(totals);
            }
        }
        out
    }

    /// The whole trace's totals, interactive and batch apart.
    pub fn totals(&self) -> HourModelTotals {
        let mut out = HourModelTotals::default();
        for totals in self.hours.values() {
            out.add(totals);
        }
        out
    }
}

/// Both parts of some totals together.
pub(crate) fn both(totals: &HourModelTotals) -> Totals {
    let mut out = totals.interactive;
    out.add(&totals.batch);
    out
}

mod hours_as_list {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serializer};

    use super::{HourModelTotals, UnixHour};

    type Key = (UnixHour, u32);

    pub fn serialize<S: Serializer>(
        hours: &BTreeMap<Key, HourModelTotals>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(hours.iter())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<Key, HourModelTotals>, D::Error> {
        let pairs = Vec::<(Key, HourModelTotals)>::deserialize(deserializer)?;
        Ok(pairs.into_iter().collect())
    }
}
