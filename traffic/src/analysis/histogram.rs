//! Counts of per-request token counts, for the nearest-rank percentiles: exact up to
//! 65,535 tokens, to 11 significant bits above.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Values below this are counted in a dense array (one slot per value, grown to the largest
/// value seen); larger ones in a sorted map, rounded to [`SPARSE_BITS`] significant bits.
/// Memory: at most `DENSE_LIMIT` counters (512 KiB) plus at most [`MAX_SPARSE`] entries.
const DENSE_LIMIT: u64 = 1 << 16;

/// The significant bits a value of `DENSE_LIMIT` or more keeps: it is rounded down to a
/// multiple of 64 below 131,072, of 128 below 262,144, and so on, at most 1/1,024 (< 0.1 %)
/// below itself.
pub const SPARSE_BITS: u32 = 11;

/// The most entries the sparse map can hold: 2^10 per power of two from 2^16 to 2^64.
pub const MAX_SPARSE: usize = 48 << (SPARSE_BITS - 1);

/// `value` (≥ `DENSE_LIMIT`) rounded down to [`SPARSE_BITS`] significant bits.
fn sparse_key(value: u64) -> u64 {
    let bits = u64::BITS - value.leading_zeros();
    let drop = bits.saturating_sub(SPARSE_BITS);
    value >> drop << drop
}

/// How many times each value occurred: exact below 65,536, each larger value counted at
/// itself rounded down to [`SPARSE_BITS`] significant bits (a percentile there is at most
/// 0.1 % below the true one); memory bounded (never the number of requests). Serialised as
/// `[[value, count], …]`, ascending.
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
            let count = self.sparse.entry(sparse_key(value)).or_insert(0);
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

    /// Distinct values counted (those of 65,536 or more as rounded), ascending, with their
    /// counts.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_above_65535_keep_eleven_significant_bits() {
        let mut h = Histogram::default();
        h.add(65_535);
        // 65,536 + 63 rounds down to 65,536 (multiples of 64 below 131,072); 131,071 to
        // 131,008; 200,000 (18 bits) to a multiple of 128: 199,936.
        h.add(65_599);
        h.add(131_071);
        h.add(200_000);
        h.add(u64::MAX);
        assert_eq!(
            h.iter().collect::<Vec<_>>(),
            [
                (65_535, 1),
                (65_536, 1),
                (131_008, 1),
                (199_936, 1),
                (u64::MAX >> 53 << 53, 1)
            ]
        );
        assert_eq!(h.total(), 5);
        assert_eq!(h.percentile(100), Some(u64::MAX >> 53 << 53));
        // Every value of 2^16 to 2^20: 16 powers of two × 1,024 keys, not 983,040 entries.
        let mut many = Histogram::default();
        for v in (1 << 16)..(1 << 20) {
            many.add(v);
        }
        assert_eq!(many.sparse.len(), 4 << 10);
        assert_eq!(MAX_SPARSE, 49_152);
    }
}
