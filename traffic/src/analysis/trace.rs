//! The trace: per (UTC hour, model) totals, fed one record at a time.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::{Histogram, HourModelTotals, UnixHour};
use crate::record::TrafficRecord;

/// The longest bucket a trace spreads over its hours: 31 days. A longer one (a mapping's
/// `bucket_seconds` of a year) would say nothing about when traffic came and could hold
/// memory for every hour of it, so it is counted in [`Trace::refused_buckets`] instead.
pub const MAX_BUCKET_SECONDS: i64 = 31 * 86_400;

/// The most distinct model names a trace keeps: records of a model first seen after this
/// many go to one [`OTHER_MODELS`] entry, counted in [`Trace::other_model_records`]. A log
/// naming more models than this (a bad mapping's model column holding user ids, say) would
/// otherwise grow every per-model list without bound.
pub const MAX_MODELS: usize = 1_000;

/// The name of the entry that holds the records of models past [`MAX_MODELS`].
pub const OTHER_MODELS: &str = "(other models)";

/// The most (hour, model) entries a trace keeps: 400,000, about 80 MiB (an entry is a
/// 16-byte key and 96 bytes of totals in a B-tree, 210 bytes measured with the nodes'
/// overhead when hours come in order) — a year of hours for 45 models, five years for 9.
/// A record that would add entries past it is left out whole, counted in
/// [`Trace::capped_records`].
pub const MAX_ENTRIES: usize = 400_000;

const HOUR: i64 = 3_600;

/// A trace gathered from records: what the workload and the replay are computed from.
///
/// Memory: one entry per (hour, model) with traffic (at most [`MAX_ENTRIES`]), the model
/// names (at most [`MAX_MODELS`] and [`OTHER_MODELS`]), and the two histograms (bounded,
/// see [`super::Histogram`]), never the records. A month of traffic on 5 models is at most
/// 744 × 5 entries, whatever the number of requests.
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
    /// Records of models first seen after [`MAX_MODELS`] names, added under
    /// [`OTHER_MODELS`].
    #[serde(default)]
    pub other_model_records: u64,
    /// The requests of those records.
    #[serde(default)]
    pub other_model_requests: u64,
    /// Records left out because they would have added (hour, model) entries past
    /// [`MAX_ENTRIES`]: not in any figure.
    #[serde(default)]
    pub capped_records: u64,
    /// The requests of those records.
    #[serde(default)]
    pub capped_requests: u64,
    /// First and last UTC hour covered by traffic.
    covered: Option<(UnixHour, UnixHour)>,
    /// Requests in buckets spread over more than one hour.
    spread_requests: f64,
    /// The shortest and the longest of those buckets, seconds.
    #[serde(default)]
    spread_bucket_seconds: Option<(i64, i64)>,
    /// The index of the [`OTHER_MODELS`] entry, once a model past the cap was seen.
    #[serde(default)]
    other_model: Option<u32>,
    #[serde(skip)]
    lookup: Lookup,
    #[serde(skip)]
    limits: Limits,
}

/// The caps a trace keeps to: [`MAX_MODELS`] and [`MAX_ENTRIES`] unless a test sets
/// smaller ones.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Limits {
    models: usize,
    entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            models: MAX_MODELS,
            entries: MAX_ENTRIES,
        }
    }
}

/// What makes [`Trace::add`] cheap: the model names' index (the [`OTHER_MODELS`] entry
/// not in it) and the last model seen. Not part of a trace's value (two traces with the
/// same totals are equal whatever their lookups hold).
#[derive(Debug, Clone, Default)]
struct Lookup {
    index: HashMap<String, u32>,
    built: bool,
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

    /// An empty trace keeping at most `max_models` model names and `max_entries` (hour,
    /// model) entries (each at least 1), for tests of the caps; [`Trace::new`] keeps
    /// [`MAX_MODELS`] and [`MAX_ENTRIES`].
    pub fn with_limits(max_models: usize, max_entries: usize) -> Self {
        Self {
            limits: Limits {
                models: max_models.clamp(1, MAX_MODELS),
                entries: max_entries.clamp(1, MAX_ENTRIES),
            },
            ..Self::default()
        }
    }

    /// Adds one record (a request, or a bucket: a bucket longer than an hour is spread over
    /// the hours it covers in proportion to the seconds of each it covers, evenly for an
    /// aligned daily bucket, and the trace remembers it; one of an hour or less goes to its
    /// start hour). A LiteLLM proxy cache hit is counted apart and not added to the traffic
    /// (no model served it). A model first seen after [`MAX_MODELS`] names is added under
    /// [`OTHER_MODELS`]; a record that would add (hour, model) entries past [`MAX_ENTRIES`]
    /// is left out whole. Both are counted.
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
        let start = record.start_unix;
        let first = start.div_euclid(HOUR);
        let last = match bucket {
            Some(seconds) if seconds > HOUR => start.saturating_add(seconds - 1).div_euclid(HOUR),
            _ => first,
        };
        let found = self.find_model(&record.model);
        let named = self.models.len() - usize::from(self.other_model.is_some());
        let other = found.is_none() && named >= self.limits.models;
        let existing = if other { self.other_model } else { found };
        if !self.room_for(existing, first, last) {
            self.capped_records += 1;
            self.capped_requests = self.capped_requests.saturating_add(record.requests);
            return;
        }
        let model = match existing {
            Some(index) => index,
            None => self.new_model(&record.model, other),
        };
        if other {
            self.other_model_records += 1;
            self.other_model_requests = self.other_model_requests.saturating_add(record.requests);
        }
        if bucket.is_none() && record.requests == 1 {
            self.input_histogram.add(record.input_tokens);
            self.output_histogram.add(record.output_tokens);
        } else {
            self.aggregated_requests = self.aggregated_requests.saturating_add(record.requests);
        }
        match bucket {
            Some(seconds) if seconds > HOUR => {
                let end = start.saturating_add(seconds);
                for hour in first..=last {
                    let from = start.max(hour.saturating_mul(HOUR));
                    let to = end.min(hour.saturating_add(1).saturating_mul(HOUR));
                    let share = (to - from) as f64 / seconds as f64;
                    self.add_share(hour, model, record, share);
                }
                if last > first {
                    self.spread_requests += record.requests as f64;
                    self.spread_bucket_seconds = Some(match self.spread_bucket_seconds {
                        Some((a, b)) => (a.min(seconds), b.max(seconds)),
                        None => (seconds, seconds),
                    });
                }
            }
            _ => self.add_share(first, model, record, 1.0),
        }
        self.covered = Some(match self.covered {
            Some((a, b)) => (a.min(first), b.max(last)),
            None => (first, last),
        });
    }

    /// Whether the entries (hour, `model`) for `first..=last` fit under the entry cap
    /// (`None`: a model not yet in the trace, all its entries new); counted one by one only
    /// near the cap (a record adds at most 745 hours).
    fn room_for(&self, model: Option<u32>, first: UnixHour, last: UnixHour) -> bool {
        let room = self.limits.entries.saturating_sub(self.hours.len());
        let hours = usize::try_from(last - first + 1).unwrap_or(usize::MAX);
        if hours <= room {
            return true;
        }
        let Some(model) = model else {
            return false;
        };
        let mut new = 0;
        for hour in first..=last {
            if !self.hours.contains_key(&(hour, model)) {
                new += 1;
                if new > room {
                    return false;
                }
            }
        }
        true
    }

    /// The index of a model the trace already holds (never the [`OTHER_MODELS`] entry's);
    /// no allocation.
    #[inline]
    fn find_model(&mut self, model: &str) -> Option<u32> {
        let other = self.other_model;
        if let Some(last) = self.lookup.last {
            if self.models.get(last as usize).is_some_and(|m| m == model) {
                return Some(last);
            }
        }
        // A few models (the usual log) are found faster by comparing names than by hashing.
        if self.models.len() <= 8 {
            if let Some(at) = (0..self.models.len() as u32)
                .find(|&i| Some(i) != other && self.models[i as usize] == model)
            {
                self.lookup.last = Some(at);
                return Some(at);
            }
            // Not found among them: a new name, unless the other-models entry hid one.
            other?;
        }
        if !self.lookup.built {
            // A new or deserialised trace (the lookup is not serialised): built once.
            self.lookup.index = self
                .models
                .iter()
                .enumerate()
                .map(|(i, m)| (m.clone(), i as u32))
                .filter(|&(_, i)| Some(i) != other)
                .collect();
            self.lookup.built = true;
        }
        let found = self.lookup.index.get(model).copied();
        if found.is_some() {
            self.lookup.last = found;
        }
        found
    }

    /// Adds a model first seen, or (`other`, past the model cap) the [`OTHER_MODELS`]
    /// entry; its index.
    fn new_model(&mut self, model: &str, other: bool) -> u32 {
        let index = self.models.len() as u32;
        if other {
            self.models.push(OTHER_MODELS.to_string());
            self.other_model = Some(index);
        } else {
            self.models.push(model.to_string());
            self.lookup.index.insert(model.to_string(), index);
            self.lookup.last = Some(index);
        }
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
    /// [`Trace::span_hours`], which the replay checks against `MAX_REPLAY_HOURS` first (a
    /// stray timestamp can make the span millions of hours).
    pub(crate) fn hourly(&self) -> Vec<(UnixHour, HourModelTotals)> {
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

    /// One hour's totals summed over models, interactive and batch apart (zeros for a quiet
    /// hour).
    pub fn hour(&self, hour: UnixHour) -> HourModelTotals {
        let mut out = HourModelTotals::default();
        for totals in self
            .hours
            .range((hour, 0)..=(hour, u32::MAX))
            .map(|(_, t)| t)
        {
            out.add(totals);
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

    /// The shortest and the longest bucket spread over more than one hour, seconds; `None`
    /// when there is none.
    pub fn spread_bucket_seconds(&self) -> Option<(i64, i64)> {
        self.spread_bucket_seconds
    }

    /// The model cap this trace keeps to ([`MAX_MODELS`] but in tests).
    pub fn max_models(&self) -> usize {
        self.limits.models
    }

    /// The (hour, model) entry cap this trace keeps to ([`MAX_ENTRIES`] but in tests).
    pub fn max_entries(&self) -> usize {
        self.limits.entries
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
