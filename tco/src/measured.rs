//! `routing.measured`: a cascade curve measured on the user's own labelled sample, checked
//! (every problem named by its path, `routing.measured.points[3].quality_lower_95`) and
//! tied to the routing's typed fields (docs/cost-model.md §4).

use crate::input::MeasuredCascadeInput;
use crate::scenario::{MeasuredCascade, MeasuredPoint};
use crate::validate::{Checker, Rule, MAX_SOURCE_CHARS};

/// Fewest points a measured curve has: its two ends.
pub const MIN_MEASURED_POINTS: usize = 2;
/// Most points a measured curve may carry: an eval reports at most 201, and 1,001 leaves
/// room for a finer curve while bounding the routing curve's length.
pub const MAX_MEASURED_POINTS: usize = 1_001;
/// How far the qualities of two points at the same escalation rate may differ and still be
/// the same (float noise; the same share escalated is the same items escalated). The
/// tolerance for a typed quality against the curve's end is [`SAME_QUALITY`].
const SAME_POINT_QUALITY: f64 = 1e-9;

/// z = Φ⁻¹(0.95) of the one-sided lower 95 % bound, as `quality` computes it (statrs'
/// normal quantile; the engine does not depend on it, so the value is written out).
pub const Z_95_ONE_SIDED: f64 = 1.644_853_626_951_472_2;

/// How far a point's `quality_lower_95` may sit from the Wilson one-sided bound of
/// (items·quality, items) and still be that bound: four decimals, as docs/cost-model.md
/// writes them.
pub const LOWER_BOUND_TOLERANCE: f64 = 1e-4;

/// How far escalation_rate·items may sit from a whole number of items (float noise in the
/// share an eval writes).
pub const WHOLE_ITEMS_TOLERANCE: f64 = 1e-6;

/// The lower end of Wilson's score interval at z for `successes` of `n` (n > 0; successes may
/// be an expected count), within 0..p̂ (docs/quality.md, "Accuracy and the Wilson interval";
/// rounding would leave 1e-17 above p̂ = 0).
pub fn wilson_lower(successes: f64, n: f64, z: f64) -> f64 {
    let p = successes / n;
    let z2 = z * z;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let spread = (p * (1.0 - p)).max(0.0) / n + z2 / (4.0 * n * n);
    (centre - z / denominator * spread.sqrt()).clamp(0.0, p.clamp(0.0, 1.0))
}

/// The validated curve, or None with every problem recorded.
pub(crate) fn validate(c: &mut Checker, m: &MeasuredCascadeInput) -> Option<MeasuredCascade> {
    let errors = c.errors.len();
    let label = label(c, m.label.as_deref());
    let items = match m.items {
        None => {
            c.fail("routing.measured.items", "is required");
            0
        }
        Some(0) => {
            c.fail("routing.measured.items", "must be at least 1 (got 0)");
            0
        }
        Some(n) => n,
    };
    let points = points(c, m.points.as_deref());
    if items > 0 && c.errors.len() == errors {
        measured_on(c, &points, items);
    }
    (c.errors.len() == errors).then_some(MeasuredCascade {
        label: label.unwrap_or_default(),
        items,
        points,
    })
}

/// The label: not blank, at most [`MAX_SOURCE_CHARS`] characters, trimmed (as
/// `workload.source`).
fn label(c: &mut Checker, label: Option<&str>) -> Option<String> {
    let path = "routing.measured.label";
    let Some(label) = label else {
        c.fail(path, "is required (where the curve was measured, in words)");
        return None;
    };
    let label = label.trim();
    let chars = label.chars().count();
    if label.is_empty() {
        c.fail(path, "must not be blank");
        None
    } else if chars > MAX_SOURCE_CHARS {
        c.fail(
            path,
            format!("must be at most {MAX_SOURCE_CHARS} characters (got {chars})"),
        );
        None
    } else {
        Some(label.to_string())
    }
}

fn points(
    c: &mut Checker,
    points: Option<&[crate::input::MeasuredPointInput]>,
) -> Vec<MeasuredPoint> {
    let path = "routing.measured.points";
    let Some(points) = points else {
        c.fail(path, "is required");
        return Vec::new();
    };
    if !(MIN_MEASURED_POINTS..=MAX_MEASURED_POINTS).contains(&points.len()) {
        c.fail(
            path,
            format!(
                "must have {MIN_MEASURED_POINTS} to {} points (got {})",
                crate::format::count(MAX_MEASURED_POINTS as f64),
                points.len()
            ),
        );
        return Vec::new();
    }
    let share = Rule::Between(0.0, 1.0);
    let mut out: Vec<MeasuredPoint> = Vec::with_capacity(points.len());
    let mut last_threshold: Option<f64> = None;
    let last = points.len() - 1;
    for (i, p) in points.iter().enumerate() {
        let at = |key: &str| format!("{path}[{i}].{key}");
        let value = |c: &mut Checker, key: &str, v: Option<f64>| match v {
            None => {
                c.fail(&at(key), "is required");
                None
            }
            Some(v) => c.check(&at(key), v, share),
        };
        let e = value(c, "escalation_rate", p.escalation_rate);
        let q = value(c, "quality", p.quality);
        let low = value(c, "quality_lower_95", p.quality_lower_95);
        if let (Some(t), true) = (p.threshold, i == 0 || i == last) {
            c.fail(
                &at("threshold"),
                format!(
                    "must be null at the {} point, where {} is escalated (got {t})",
                    if i == 0 { "first" } else { "last" },
                    if i == 0 { "nothing" } else { "everything" }
                ),
            );
        } else if let Some(t) = p.threshold {
            if !t.is_finite() {
                c.fail(
                    &at("threshold"),
                    format!("must be a finite number or null (got {t})"),
                );
            } else if last_threshold.is_some_and(|before| t <= before) {
                c.fail(
                    &at("threshold"),
                    format!("must be above the previous point's threshold (got {t})"),
                );
            } else {
                last_threshold = Some(t);
            }
        }
        if let (Some(q), Some(low)) = (q, low) {
            if low > q {
                c.fail(
                    &at("quality_lower_95"),
                    format!("must not exceed the point's quality {q} (got {low})"),
                );
            }
        }
        if let Some(e) = e {
            if i == 0 && e != 0.0 {
                c.fail(
                    &at("escalation_rate"),
                    format!("must be 0 at the first point, where nothing is escalated (got {e})"),
                );
            }
            if i == last && e != 1.0 {
                c.fail(
                    &at("escalation_rate"),
                    format!("must be 1 at the last point, where everything is escalated (got {e})"),
                );
            }
            if let Some(before) = out.last() {
                if e < before.escalation_rate {
                    c.fail(
                        &at("escalation_rate"),
                        format!(
                            "must not fall along the curve (got {e} after {})",
                            before.escalation_rate
                        ),
                    );
                } else if e == before.escalation_rate
                    && q.is_some_and(|q| (q - before.quality).abs() > SAME_POINT_QUALITY)
                {
                    // The same share escalated is the same items escalated: the same quality.
                    c.fail(
                        &at("quality"),
                        format!(
                            "must equal the previous point's quality {} at the same escalation rate (got {})",
                            before.quality,
                            q.unwrap_or_default()
                        ),
                    );
                }
            }
        }
        if let (Some(e), Some(q), Some(low)) = (e, q, low) {
            out.push(MeasuredPoint {
                threshold: p.threshold.filter(|t| t.is_finite()),
                escalation_rate: e,
                quality: q,
                quality_lower_95: low,
            });
        }
    }
    out
}

/// The curve was measured on `items` items: each point escalates a whole number of them
/// (escalation_rate·items within [`WHOLE_ITEMS_TOLERANCE`] of a whole number), and its
/// `quality_lower_95` is the Wilson one-sided lower 95 % bound of (items·quality, items)
/// with z = [`Z_95_ONE_SIDED`], within [`LOWER_BOUND_TOLERANCE`]: a bound typed by hand
/// or from another sample size is refused rather than trusted.
fn measured_on(c: &mut Checker, points: &[MeasuredPoint], items: u64) {
    let n = items as f64;
    for (i, p) in points.iter().enumerate() {
        let at = |key: &str| format!("routing.measured.points[{i}].{key}");
        let escalated = p.escalation_rate * n;
        if (escalated - escalated.round()).abs() > WHOLE_ITEMS_TOLERANCE {
            c.fail(
                &at("escalation_rate"),
                format!(
                    "must escalate a whole number of the {} items measured (got {} × {} = {escalated})",
                    crate::format::count(n),
                    p.escalation_rate,
                    crate::format::count(n)
                ),
            );
        }
        let wilson = wilson_lower(p.quality * n, n, Z_95_ONE_SIDED);
        if (p.quality_lower_95 - wilson).abs() > LOWER_BOUND_TOLERANCE {
            c.fail(
                &at("quality_lower_95"),
                format!(
                    "must be the one-sided lower 95 % Wilson bound of quality {} on {} items, {wilson:.4} (got {})",
                    p.quality,
                    crate::format::count(n),
                    p.quality_lower_95
                ),
            );
        }
    }
}

/// `routing.slm_quality` or `routing.llm_quality` with a measured curve: as typed, else the
/// curve's quality at its first (nothing escalated: the SLM alone) or last point (everything
/// escalated: the LLM's answers). The floor and the hybrid's quality read the curve either
/// way; a typed value that differs from its end by more than [`SAME_QUALITY`] is warned
/// about (`measured_quality_differs`), not refused, so a planner that writes rounded or
/// differently measured figures beside the curve still prices.
pub(crate) fn end_quality(
    typed: Option<f64>,
    measured: &MeasuredCascade,
    index: usize,
) -> Option<f64> {
    typed.or(measured.points.get(index).map(|p| p.quality))
}

/// How far a typed quality or escalation rate may sit from the curve's and still read as
/// the same: the planner writes six decimals.
pub const SAME_QUALITY: f64 = 1e-6;
