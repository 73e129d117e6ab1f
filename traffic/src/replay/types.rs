//! The replay's result: every option's cost over the span, the averaged plan beside it,
//! the warnings and the errors.

use serde::{Deserialize, Serialize};
use tco::quality::Choice;

use super::{FleetReplay, OwnPrices, MAX_REPLAY_HOURS};

/// The replay of a trace on a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Replay {
    /// The scenario replayed on (its name).
    pub scenario: String,
    /// Start of the span's first hour, Unix seconds (UTC).
    pub start_unix: i64,
    /// End of the span's last hour, Unix seconds (UTC).
    pub end_unix: i64,
    /// Hours replayed: the trace's span, quiet hours included.
    pub hours: f64,
    /// hours / 730.
    pub months: f64,
    /// Requests replayed (interactive and batch).
    pub requests: f64,
    /// (a) the trace's own models at their own prices, against the recorded spend.
    pub own_prices: OwnPrices,
    /// (b) every request on the scenario's LLM.
    pub api: OptionReplay,
    /// (c) every request on the scenario's SLM: its fleet replayed hour by hour, or a
    /// hosted SLM per token.
    pub self_hosted: SelfHostedReplay,
    /// (d) the hybrid at the scenario's routing.
    pub hybrid: HybridReplay,
    /// The cheapest of (b), (c), (d) over the span among those that meet the scenario's
    /// quality floor (ties to the API, then self-hosted, as the plan's recommendation).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub cheapest: Option<Choice>,
    /// The plan of the same scenario from the trace's averages and weekly shape, and the
    /// difference replay − averaged per option.
    pub averaged: Averaged,
    /// Every caveat, visible, never silent.
    pub warnings: Vec<ReplayWarning>,
}

/// An option's cost over the span.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct OptionReplay {
    /// USD over the whole span.
    pub usd: f64,
    /// usd ÷ months.
    pub usd_per_month: f64,
}

/// Option (c).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct SelfHostedReplay {
    /// `"self_hosted"` (a fleet) or `"api"` (a hosted SLM per token).
    pub serving: String,
    /// USD over the whole span.
    pub usd: f64,
    /// usd ÷ months.
    pub usd_per_month: f64,
    /// The fleet hour by hour; None for a hosted SLM.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub fleet: Option<FleetReplay>,
}

/// Option (d): every hour split as tco's hybrid splits a month (docs/cost-model.md §4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct HybridReplay {
    /// s: the share of requests sent to the SLM (1 in a cascade).
    pub slm_share: f64,
    /// USD over the whole span: SLM + LLM + router.
    pub usd: f64,
    /// usd ÷ months.
    pub usd_per_month: f64,
    /// The SLM part, USD over the span (its fleet on s of every hour, or s of the hosted
    /// SLM's cost); 0 at s = 0.
    pub slm_usd: f64,
    /// The LLM part: (1 − s + e·s) of (b), USD over the span.
    pub llm_usd: f64,
    /// The router: ρ × every request when the hybrid splits (s > 0 and (s < 1 or e > 0)).
    pub router_usd: f64,
    /// The SLM part's fleet hour by hour; None for a hosted SLM or s = 0.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub fleet: Option<FleetReplay>,
}

/// The averaged plan beside the replay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Averaged {
    /// The plan's month-1 volume: requests / hours × 730.
    pub requests_per_month: f64,
    /// (b) against the plan's A.
    pub api: Difference,
    /// (c) against the plan's S.
    pub self_hosted: Difference,
    /// (d) against the plan's Hy.
    pub hybrid: Difference,
}

/// One option, replayed and averaged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Difference {
    /// The plan's month-1 cost from the averages, USD a month.
    pub averaged_usd_per_month: f64,
    /// The replay's cost per month, USD.
    pub replay_usd_per_month: f64,
    /// replay − averaged, USD a month: what the averaging hides (> 0: the real traffic
    /// costs more than its average shape says).
    pub difference_usd_per_month: f64,
    /// difference ÷ averaged, in %; None when the averaged cost is 0.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub difference_pct: Option<f64>,
}

impl Difference {
    pub(super) fn of(replay: f64, averaged: f64) -> Self {
        let difference = replay - averaged;
        Self {
            averaged_usd_per_month: averaged,
            replay_usd_per_month: replay,
            difference_usd_per_month: difference,
            difference_pct: (averaged != 0.0).then(|| difference / averaged * 100.0),
        }
    }
}

/// A caveat of the replay, with a stable code for programs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ReplayWarning {
    /// The replay's own: `daily_buckets`, `unpriced_model`, `price_flagged` (a trace
    /// model's own row), `recorded_spend_missing`, `short_trace`, `no_weekly_shape`,
    /// `hours_per_month_ignored`, `other_models`; and the engine's on the replay scenario
    /// (`tco::scenario_warnings`, the plan's codes: `batch_prices_missing`,
    /// `price_flagged`, `spot_reclaimable`, `no_people_cost`, `throughput_*` …).
    pub code: String,
    /// What to look at, as a sentence.
    pub message: String,
}

impl From<tco::Warning> for ReplayWarning {
    fn from(w: tco::Warning) -> Self {
        Self {
            code: w.code,
            message: w.message,
        }
    }
}

impl ReplayWarning {
    pub(super) fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_string(),
            message: message.into(),
        }
    }
}

/// Why a replay cannot run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReplayError {
    /// The scenario with the trace's workload is not valid (every problem, by field).
    #[error("the scenario is not valid with the trace's workload: {}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Scenario(Vec<tco::FieldError>),
    /// The trace is empty.
    #[error("the trace holds no traffic")]
    Empty,
    /// The trace spans more hours than a replay walks.
    #[error("the trace spans {hours} hours, from {first} to {last}; a replay walks at most {MAX_REPLAY_HOURS} (five years): check the log for a stray timestamp, or import a shorter period")]
    SpanTooLong {
        /// Hours from the first record's hour to the last one's.
        hours: i64,
        /// The first hour, as a date.
        first: String,
        /// The last hour, as a date.
        last: String,
    },
}
