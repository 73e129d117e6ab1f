//! The Wilson score interval of a binomial proportion and the normal quantiles it uses.

use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, Normal};

use super::error::QualityError;

/// A closed interval on a proportion, `0 ≤ low ≤ high ≤ 1`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Interval {
    /// Lower end, a share in 0..1.
    pub low: f64,
    /// Upper end, a share in 0..1.
    pub high: f64,
}

/// z for a two-sided interval at `level` (0.95 → Φ⁻¹(0.975) ≈ 1.959964), from statrs's
/// standard normal quantile. `level` must lie strictly between 0 and 1.
pub fn z_two_sided(level: f64) -> Result<f64, QualityError> {
    check_level(level)?;
    Ok(Normal::standard().inverse_cdf(0.5 + level / 2.0))
}

/// z for a one-sided bound at `level` (0.95 → Φ⁻¹(0.95) ≈ 1.644854), from statrs's standard
/// normal quantile. The lower one-sided bound at 95 % is the low end of the two-sided 90 %
/// interval. `level` must lie strictly between 0.5 and 1 (z > 0).
pub fn z_one_sided(level: f64) -> Result<f64, QualityError> {
    if !(level > 0.5 && level < 1.0) {
        return Err(QualityError::OutOfRange {
            field: "level",
            expected: "a confidence level strictly between 0.5 and 1".into(),
            value: level,
        });
    }
    Ok(Normal::standard().inverse_cdf(level))
}

fn check_level(level: f64) -> Result<(), QualityError> {
    if level > 0.0 && level < 1.0 {
        Ok(())
    } else {
        Err(QualityError::OutOfRange {
            field: "level",
            expected: "a confidence level strictly between 0 and 1".into(),
            value: level,
        })
    }
}

/// The Wilson score interval for `successes` out of `n` at normal quantile `z`:
///
/// p̂ = s/n, centre = (p̂ + z²/2n) / (1 + z²/n),
/// half-width = z/(1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²),
/// interval = [centre − half-width, centre + half-width], clamped to 0..1 (the exact ends
/// at s = 0 and s = n are 0 and 1; clamping only removes rounding).
///
/// `successes` may be fractional (an expected count, as in the cascade's quality when the
/// LLM's correctness is the typed `llm_quality`); it must lie in 0..=n. `n` ≥ 1, `z` > 0 and
/// finite. Errors name the argument (`successes`, `n`, `z`).
pub fn wilson(successes: f64, n: usize, z: f64) -> Result<Interval, QualityError> {
    if n == 0 {
        return Err(QualityError::OutOfRange {
            field: "n",
            expected: "at least 1 item".into(),
            value: 0.0,
        });
    }
    let n_f = n as f64;
    if !(successes.is_finite() && (0.0..=n_f).contains(&successes)) {
        return Err(QualityError::OutOfRange {
            field: "successes",
            expected: format!("a number between 0 and n = {n}"),
            value: successes,
        });
    }
    if !(z.is_finite() && z > 0.0) {
        return Err(QualityError::OutOfRange {
            field: "z",
            expected: "a finite number above 0".into(),
            value: z,
        });
    }
    Ok(wilson_unchecked(successes, n_f, z))
}

/// [`wilson`] on arguments already checked: `0 ≤ successes ≤ n`, `n > 0`, `z > 0` finite.
pub(crate) fn wilson_unchecked(successes: f64, n: f64, z: f64) -> Interval {
    let p = successes / n;
    let z2 = z * z;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    // p(1 − p) can come out a hair below 0 for a fractional p next to 1; the exact value is ≥ 0.
    let spread = (p * (1.0 - p)).max(0.0) / n + z2 / (4.0 * n * n);
    let half = z / denominator * spread.sqrt();
    // The low end is at most p̂ exactly; rounding leaves 1e-17 above p̂ = 0.
    Interval {
        low: (centre - half).clamp(0.0, p.clamp(0.0, 1.0)),
        high: (centre + half).clamp(0.0, 1.0),
    }
}

/// Φ⁻¹(0.975) ≈ 1.959964: z of the two-sided 95 % interval.
pub fn z_95_two_sided() -> f64 {
    Normal::standard().inverse_cdf(0.975)
}

/// Φ⁻¹(0.95) ≈ 1.644854: z of the one-sided lower 95 % bound.
pub fn z_95_one_sided() -> f64 {
    Normal::standard().inverse_cdf(0.95)
}
