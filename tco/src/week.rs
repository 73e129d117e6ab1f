//! Traffic over the week (docs/cost-model.md §2): how a month's requests spread over
//! the hours in which a fleet is sized and billed.
//!
//! A month is 730 hours, 730/168 typical weeks. With a load shape the week has 168 hour
//! slots; without one (v1) the month is one block of H billed hours at a peak rate.

/// Hours in the week's schedule.
pub const HOURS_PER_WEEK: usize = 168;
/// Hours in the engine's month: 8760/12.
pub const HOURS_PER_MONTH: f64 = 730.0;
/// Typical weeks in a month: 730/168.
pub const WEEKS_PER_MONTH: f64 = HOURS_PER_MONTH / HOURS_PER_WEEK as f64;
const SECONDS_PER_HOUR: f64 = 3600.0;

/// When a month's requests arrive.
#[derive(Debug, Clone, PartialEq)]
pub enum Traffic {
    /// No load shape (v1): every hour of the H billed hours is sized for the peak rate
    /// λ = R·((1−β)·k + β)/(H·3600).
    Flat {
        /// H: hours a month the fleet runs and is billed, 0 < H ≤ 744.
        hours_per_month: f64,
        /// k: peak rate over the mean rate, ≥ 1.
        peak_to_average: f64,
        /// β: the share of requests that need no interactive latency, spread evenly.
        batch_share: f64,
    },
    /// A typical week: `shares[j]` is the share of the month's requests that arrive in the
    /// week's hour j (Monday 00:00 first), batch requests spread evenly included; Σ = 1.
    Week {
        /// (1−β)·w_j/Σw + β/168 for j in 0..168.
        shares: Box<[f64; HOURS_PER_WEEK]>,
    },
}

/// One block of hours in which the fleet has one size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slot {
    /// Requests per second in this slot per request of monthly volume: λ_j = R·rate.
    pub rate_per_monthly_request: f64,
    /// Hours a month this slot lasts: 730/168 in a week, H for the v1 block.
    pub hours_per_month: f64,
}

impl Traffic {
    /// The week from a validated shape: 24 hourly weights repeated on every day, each day
    /// scaled by `weekly` (Monday..Sunday) when given, or 168 weights for the whole week.
    /// Weights are ≥ 0 with at least one > 0 (`validate` checks); β is 0 to 1.
    pub fn week(weights: &[f64], weekly: Option<&[f64; 7]>, batch_share: f64) -> Traffic {
        let mut w = [0.0; HOURS_PER_WEEK];
        for (j, slot) in w.iter_mut().enumerate() {
            *slot = if weights.len() == HOURS_PER_WEEK {
                weights[j]
            } else {
                let day = weekly.map_or(1.0, |d| d[j / 24]);
                weights.get(j % 24).copied().unwrap_or(0.0) * day
            };
        }
        let total: f64 = w.iter().sum();
        let even = batch_share / HOURS_PER_WEEK as f64;
        let shares = w.map(|x| {
            if total > 0.0 {
                (1.0 - batch_share) * x / total + even
            } else {
                1.0 / HOURS_PER_WEEK as f64
            }
        });
        Traffic::Week {
            shares: Box::new(shares),
        }
    }

    /// The slots the fleet is sized in: one block of H hours without a shape, else the
    /// week's 168 hours, each 730/168 hours a month.
    pub fn slots(&self) -> Vec<Slot> {
        match self {
            Traffic::Flat {
                hours_per_month,
                peak_to_average,
                batch_share,
            } => vec![Slot {
                rate_per_monthly_request: ((1.0 - batch_share) * peak_to_average + batch_share)
                    / (hours_per_month * SECONDS_PER_HOUR),
                hours_per_month: *hours_per_month,
            }],
            Traffic::Week { shares } => shares
                .iter()
                .map(|share| Slot {
                    rate_per_monthly_request: share * HOURS_PER_WEEK as f64
                        / (HOURS_PER_MONTH * SECONDS_PER_HOUR),
                    hours_per_month: WEEKS_PER_MONTH,
                })
                .collect(),
        }
    }

    /// Hours a month the fleet exists: H without a shape, 730 with one.
    pub fn hours_per_month(&self) -> f64 {
        match self {
            Traffic::Flat {
                hours_per_month, ..
            } => *hours_per_month,
            Traffic::Week { .. } => HOURS_PER_MONTH,
        }
    }

    /// True for a week of hour slots, in which the fleet may scale and instances start.
    pub fn is_week(&self) -> bool {
        matches!(self, Traffic::Week { .. })
    }

    /// Peak rate over mean rate: max share·168 for a week, ((1−β)·k + β) for the v1 block.
    pub fn peak_to_average(&self) -> f64 {
        match self {
            Traffic::Flat {
                peak_to_average,
                batch_share,
                ..
            } => (1.0 - batch_share) * peak_to_average + batch_share,
            Traffic::Week { shares } => {
                shares.iter().copied().fold(0.0, f64::max) * HOURS_PER_WEEK as f64
            }
        }
    }
}
