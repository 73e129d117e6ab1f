//! Exact counts of per-request token counts, for the nearest-rank percentiles.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Values below this are counted in a dense array (one slot per value, grown to the largest
/// value seen); larger ones in a sorted map. Memory: at most `DENSE_LIMIT` counters plus one
/// entry per distinct larger value.
const DENSE_LIMIT: u64 = 1 << 16;

/// How many times each value occurred: exact, memory bounded by the number of distinct
/// values (never the number of requests). Serialised as `[[value, count], …]`, ascending.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(into = "Vec<(u64, u64)>", from = "Vec<(u64, u64)>")]
pub struct Histogram {
    dense: Vec<u64>,
    sparse: BTreeMap<u64, u64>,
    total: u64,
}

impl Histogram {
    /// Counts one occurrence of `value`.
    #[inline]
    pub fn add(&mut self, value: u64) {
        self.add_n(value, 1);
    }

    /// Counts `n` occurrences of `value`.
    pub fn add_n(&mut self, value: u64, n: u64) {
        if n == 0 {
            return;
        }
        self.total = self.total.saturating_add(n);
        if value < DENSE_LIMIT {
            // In range of the dense array by the check above, so the cast is exact.
            let at = value as usize;
            if at >= self.dense.len() {
                self.dense.resize(at + 1, 0);
            }
            self.dense[at] = self.dense[at].saturating_add(n);
        } else {
            let count = self.sparse.entry(value).or_insert(0);
            *count = count.saturating_add(n);
        }
    }

    /// Values counted.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The `percent` percentile by the nearest-rank rule: the smallest value with at least
    /// ⌈percent/100 · N⌉ values ≤ it (N = [`Histogram::total`]); `None` when empty.
    /// `percent` is clamped to 1..=100.
    pub fn percentile(&self, percent: u32) -> Option<u64> {
        if self.total == 0 {
            return None;
        }
        let percent = u128::from(percent.clamp(1, 100));
        // Integer arithmetic: 0.95 · 20 must be 19, not 19.000000000000004.
        let rank = (percent * u128::from(self.total)).div_ceil(100).max(1);
        let mut seen: u128 = 0;
        for (value, &count) in self.dense.iter().enumerate() {
            seen += u128::from(count);
            if seen >= rank {
                return Some(value as u64);
            }
        }
        for (&value, &count) in &self.sparse {
            seen += u128::from(count);
            if seen >= rank {
                return Some(value);
            }
        }
        None
    }

    /// Distinct values counted, ascending, with their counts.
    pub fn iter(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.dense
            .iter()
            .enumerate()
            .filter(|(_, &count)| count > 0)
            .map(|(value, &count)| (value as u64, count))
            .chain(self.sparse.iter().map(|(&value, &count)| (value, count)))
    }
}

impl From<Histogram> for Vec<(u64, u64)> {
    fn from(histogram: Histogram) -> Self {
        histogram.iter().collect()
    }
}

impl From<Vec<(u64, u64)>> for Histogram {
    fn from(pairs: Vec<(u64, u64)>) -> Self {
        let mut histogram = Histogram::default();
        for (value, count) in pairs {
            histogram.add_n(value, count);
        }
        histogram
    }
}
