//! Profiles users save: a name, a workload and optional latency targets.
//!
//! Deserialisation rejects unknown fields at every level (the `workload` object included,
//! through a strict mirror of `Workload`); `validate` applies the same ranges as `tco`'s
//! scenario validation and reports every problem with its field path.

use serde::{Deserialize, Serialize};

use crate::presets::LatencySlo;
use crate::Workload;

/// Longest accepted profile name, in characters.
pub const MAX_NAME_CHARS: usize = 200;
const MAX_REQUESTS_PER_MONTH: f64 = 1e15;
const MAX_TOKENS_PER_REQUEST: f64 = 1e8;
const MAX_PEAK_TO_AVERAGE: f64 = 1e6;

/// A user-saved workload profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SavedProfile {
    /// What the user called the profile: not blank, at most [`MAX_NAME_CHARS`] characters.
    pub name: String,
    /// The traffic, in the ranges `tco` accepts (checked by [`SavedProfile::validate`]).
    #[serde(with = "strict_workload")]
    pub workload: Workload,
    /// Latency targets, when the user gave them; both must be > 0.
    #[serde(default)]
    pub slo: Option<LatencySlo>,
}

/// A field path (`"workload.input_tokens"`) and what is wrong with its value.
pub type FieldProblem = (String, String);

impl SavedProfile {
    /// Checks every field; on failure returns all problems, in field order.
    pub fn validate(&self) -> Result<(), Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let mut fail = |field: &str, reason: String| problems.push((field.to_owned(), reason));

        let chars = self.name.chars().count();
        if self.name.trim().is_empty() {
            fail("name", "must not be empty".to_owned());
        } else if chars > MAX_NAME_CHARS {
            fail(
                "name",
                format!("must be at most {MAX_NAME_CHARS} characters (got {chars})"),
            );
        } else if self.name.contains('\0') {
            // Never typed on purpose, and no PostgreSQL text can hold it.
            fail(
                "name",
                "must not contain the NUL character (U+0000)".to_owned(),
            );
        }

        let w = &self.workload;
        let checks = [
            (
                "workload.requests_per_month",
                w.requests_per_month,
                Range::Between(0.0, MAX_REQUESTS_PER_MONTH),
            ),
            (
                "workload.input_tokens",
                w.input_tokens,
                Range::Between(0.0, MAX_TOKENS_PER_REQUEST),
            ),
            (
                "workload.output_tokens",
                w.output_tokens,
                Range::Between(0.0, MAX_TOKENS_PER_REQUEST),
            ),
            (
                "workload.cached_input_share",
                w.cached_input_share,
                Range::Between(0.0, 1.0),
            ),
            (
                "workload.peak_to_average",
                w.peak_to_average,
                Range::Between(1.0, MAX_PEAK_TO_AVERAGE),
            ),
            (
                "workload.monthly_growth",
                w.monthly_growth,
                Range::AboveUpTo(-1.0, 1.0),
            ),
            (
                "workload.batch_share",
                w.batch_share,
                Range::Between(0.0, 1.0),
            ),
            (
                "workload.cache_write_share",
                w.cache_write_share,
                Range::Between(0.0, 1.0 - w.cached_input_share.clamp(0.0, 1.0)),
            ),
        ];
        let slo = self.slo.map(|s| {
            [
                ("slo.ttft_ms", s.ttft_ms, Range::Positive),
                ("slo.tpot_ms", s.tpot_ms, Range::Positive),
            ]
        });
        for (field, v, range) in checks.into_iter().chain(slo.into_iter().flatten()) {
            if let Some(reason) = range.problem(v) {
                fail(field, reason);
            }
        }

        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

/// An accepted range for one number; non-finite values are always rejected.
#[derive(Clone, Copy)]
enum Range {
    /// lo <= v <= hi
    Between(f64, f64),
    /// lo < v <= hi
    AboveUpTo(f64, f64),
    /// 0 < v
    Positive,
}

impl Range {
    /// Why `v` is out of range, in the wording `tco` uses; None when it is fine.
    fn problem(self, v: f64) -> Option<String> {
        if !v.is_finite() {
            return Some(format!("must be a finite number (got {v})"));
        }
        match self {
            Range::Between(lo, hi) if !(lo..=hi).contains(&v) => Some(format!(
                "must be between {} and {} (got {v})",
                bound(lo),
                bound(hi)
            )),
            Range::AboveUpTo(lo, hi) if !(v > lo && v <= hi) => Some(format!(
                "must be > {} and <= {} (got {v})",
                bound(lo),
                bound(hi)
            )),
            Range::Positive if v <= 0.0 => Some(format!("must be > 0 (got {v})")),
            _ => None,
        }
    }
}

/// A range bound as people read it: 1e15 rather than 1000000000000000.
fn bound(x: f64) -> String {
    if x.abs() >= 1e6 {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// Serialises a `Workload` as is; deserialises it rejecting unknown fields, which
/// `Workload` itself (shared with other crates) does not.
mod strict_workload {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::Workload;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Strict {
        requests_per_month: f64,
        input_tokens: f64,
        output_tokens: f64,
        cached_input_share: f64,
        peak_to_average: f64,
        monthly_growth: f64,
        #[serde(default)]
        batch_share: f64,
        #[serde(default)]
        cache_write_share: f64,
    }

    pub fn serialize<S: Serializer>(w: &Workload, s: S) -> Result<S::Ok, S::Error> {
        w.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Workload, D::Error> {
        let s = Strict::deserialize(d)?;
        Ok(Workload {
            requests_per_month: s.requests_per_month,
            input_tokens: s.input_tokens,
            output_tokens: s.output_tokens,
            cached_input_share: s.cached_input_share,
            peak_to_average: s.peak_to_average,
            monthly_growth: s.monthly_growth,
            batch_share: s.batch_share,
            cache_write_share: s.cache_write_share,
        })
    }
}
