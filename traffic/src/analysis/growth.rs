//! Monthly growth fitted to daily volumes: least squares of ln(requests) on the day.

use serde::{Deserialize, Serialize};

/// Days in a month: 730 hours / 24 (the planner's month), 30.4167.
pub const DAYS_PER_MONTH: f64 = tco::week::HOURS_PER_MONTH / 24.0;
/// The fewest full days with requests a growth fit needs.
pub const MIN_GROWTH_DAYS: usize = 14;
/// The lowest fit quality (R²) at which the fitted growth fills the planner.
pub const MIN_GROWTH_R2: f64 = 0.5;

/// Growth of requests fitted to the trace's daily volumes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct GrowthFit {
    /// Compounded growth per month, `exp(30.4167 · slope) − 1` (0.1 = +10 % a month).
    pub monthly_growth: f64,
    /// The fitted slope of ln(requests per day) per day.
    pub slope_per_day: f64,
    /// Fit quality, 1 − SS_res / SS_tot, 0 to 1 (1 when every day lies on the line,
    /// including a perfectly flat series).
    pub r_squared: f64,
    /// Full local days with requests the fit used.
    pub days_used: u32,
    /// The first day used, ISO date in the chosen offset.
    pub first_day: String,
    /// The last day used.
    pub last_day: String,
    /// Whether the planner's `monthly_growth` is filled from it: R² ≥ 0.5 and the growth
    /// within the planner's range (−100 % exclusive to +100 % a month).
    pub fills_planner: bool,
}

/// The least-squares line of ln(y) on x over `points` (x, y) with y > 0 (others ignored):
/// `(slope, R²)`, or `None` with fewer than two such points or a single x.
/// R² = 1 − Σ(ln y − fit)² / Σ(ln y − mean)², and 1 when Σ(ln y − mean)² is 0 (a flat
/// series lies on its line).
pub fn fit_log_linear(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    let used: Vec<(f64, f64)> = points
        .iter()
        .filter(|&&(x, y)| y > 0.0 && y.is_finite() && x.is_finite())
        .map(|&(x, y)| (x, y.ln()))
        .collect();
    if used.len() < 2 {
        return None;
    }
    let n = used.len() as f64;
    let mean_x = used.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = used.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = used.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    if sxx <= 0.0 {
        return None;
    }
    let sxy: f64 = used.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    let slope = sxy / sxx;
    let intercept = mean_y - slope * mean_x;
    let ss_tot: f64 = used.iter().map(|p| (p.1 - mean_y).powi(2)).sum();
    let ss_res: f64 = used
        .iter()
        .map(|p| (p.1 - (intercept + slope * p.0)).powi(2))
        .sum();
    // A series flat to rounding has ss_tot ≈ 0: it lies on its (flat) line.
    let r_squared = if ss_tot <= 1e-18 * n {
        1.0
    } else {
        (1.0 - ss_res / ss_tot).clamp(0.0, 1.0)
    };
    Some((slope, r_squared))
}
