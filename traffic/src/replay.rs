//! Replay (issue 17, item 3): the exact trace priced on every option, hour by hour
//! (docs/cost-model.md, "Replay of a trace").
//!
//! - (a) the trace's own models at their own rows of the price table, checked against the
//!   spend the log recorded;
//! - (b) the scenario's LLM;
//! - (c) the scenario's SLM: a self-hosted fleet sized and billed in every real hour of the
//!   span (cost model v2's rules: hourly or always on, whole instances, a reserved base
//!   fixed or optimal over the span, on-demand and spot burst, cold starts, owned GPUs,
//!   people), or a hosted SLM priced per token;
//! - (d) the hybrid, every hour split by the scenario's routing.
//!
//! Each option's total over the span and per month (÷ hours/730), set beside the plan of the
//! same scenario from the trace's averages and weekly shape: the difference is what the
//! averaging hides.

mod fleet;
mod prices;

use serde::{Deserialize, Serialize};
use tco::cost::{fleet_model, Pricing};
use tco::quality::Choice;
use tco::scenario::{Fleet, SlmServing};
use tco::Scenario;

use crate::analysis::{Totals, Trace, TraceWorkload};
use crate::text;

use fleet::{replay_fleet, HourLoad};
pub use fleet::{FleetHours, FleetReplay};
pub use prices::{find_row, row_names, OwnModelPrice, OwnPrices};

/// Hours in the engine's month.
const HOURS_PER_MONTH: f64 = tco::week::HOURS_PER_MONTH;

/// The longest span replayed hour by hour: five years of 8,766 hours. The replay walks
/// every hour of the span, quiet ones included, so a log whose first and last rows are
/// decades apart (a stray timestamp) would otherwise ask for millions of hours.
pub const MAX_REPLAY_HOURS: i64 = 5 * 8_766;

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
    fn of(replay: f64, averaged: f64) -> Self {
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
    fn new(code: &str, message: impl Into<String>) -> Self {
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

/// The scenario the trace is replayed on: `scenario` with its workload replaced by the
/// trace's (`workload_input()`; the latency targets kept), no Monte Carlo, and:
/// - no weekly shape in the trace (under a week, or no interactive request): a flat week,
///   the trace's mean rate in every hour, so that the averaged plan and hourly scaling have
///   a week to work with;
/// - `slm.hours_per_month` dropped (the trace says when traffic comes).
///
/// The warnings say which of these applied.
pub fn replay_scenario(
    workload: &TraceWorkload,
    scenario: &tco::input::ScenarioInput,
) -> (tco::input::ScenarioInput, Vec<ReplayWarning>) {
    let mut warnings = Vec::new();
    let mut input = scenario.clone();
    let mut w = workload.workload_input();
    w.latency_slo = input.workload.take().and_then(|own| own.latency_slo);
    w.weekly_shape = None;
    w.peak_to_average = None;
    if w.load_shape.is_none() {
        w.load_shape = Some(vec![1.0; tco::week::HOURS_PER_WEEK]);
        let reason = workload
            .shape_reason
            .as_deref()
            .unwrap_or("the trace has no weekly shape");
        warnings.push(ReplayWarning::new(
            "no_weekly_shape",
            format!(
                "{reason}: the averaged plan spreads the requests evenly over the week's 168 \
                 hours"
            ),
        ));
    }
    input.workload = Some(w);
    if let Some(slm) = input.slm.as_mut() {
        if slm.hours_per_month.take().is_some() {
            warnings.push(ReplayWarning::new(
                "hours_per_month_ignored",
                "the scenario's hours a month the fleet runs is not used: the trace says \
                 when traffic comes, and the fleet exists in every hour of it",
            ));
        }
    }
    input.uncertainty = None;
    (input, warnings)
}

/// Replays `trace` on `scenario` (its workload replaced by the trace's, see
/// [`replay_scenario`]), prices from `table`.
pub fn replay(
    trace: &Trace,
    workload: &TraceWorkload,
    scenario: &tco::input::ScenarioInput,
    table: &pricing::PriceTable,
) -> Result<Replay, ReplayError> {
    let (first, last) = trace.span().ok_or(ReplayError::Empty)?;
    if trace.span_hours() > MAX_REPLAY_HOURS {
        let date = |hour: i64| tco::format::civil_date(hour.div_euclid(24));
        return Err(ReplayError::SpanTooLong {
            hours: trace.span_hours(),
            first: date(first),
            last: date(last),
        });
    }
    let hourly = trace.hourly();
    let requests: f64 = hourly
        .iter()
        .map(|(_, t)| t.interactive.requests + t.batch.requests)
        .sum();
    if hourly.is_empty() || requests <= 0.0 {
        return Err(ReplayError::Empty);
    }
    let (input, mut warnings) = replay_scenario(workload, scenario);
    let s = tco::validate(&input, table).map_err(ReplayError::Scenario)?;
    let hours = hourly.len() as f64;
    let months = hours / HOURS_PER_MONTH;
    let per_month = |usd: f64| usd / months;

    // (a)
    let own_prices = prices::own_prices(trace, table, months);

    // (b): every hour at the LLM's prices.
    let llm_usd: f64 = hourly
        .iter()
        .map(|(_, t)| prices::hour_usd(&s.llm, &t.interactive, &t.batch, 1.0))
        .sum();

    // (c)
    let (serving, own_usd, own_fleet) = match &s.slm.serving {
        SlmServing::SelfHosted(f) => {
            let fleet = replay_fleet(
                &fleet_model(&s, f, 1.0),
                first,
                &loads(&hourly, f, s.slm.token_ratio, 1.0),
            );
            ("self_hosted", fleet.usd, Some(fleet))
        }
        SlmServing::Api(api) => {
            let usd: f64 = hourly
                .iter()
                .map(|(_, t)| prices::hour_usd(api, &t.interactive, &t.batch, s.slm.token_ratio))
                .sum();
            ("api", usd, None)
        }
    };

    // (d): tco's split of one request gives every hour's shares (it is linear in R).
    let pricing = Pricing::new(&s);
    let share = s.routing.effective_slm_share();
    let (slm_part, llm_part, router_per_request) = pricing.split(1.0, share);
    let (hybrid_slm_usd, hybrid_fleet) = if slm_part > 0.0 {
        match &s.slm.serving {
            SlmServing::SelfHosted(f) => {
                let fleet = replay_fleet(
                    &fleet_model(&s, f, 1.0),
                    first,
                    &loads(&hourly, f, s.slm.token_ratio, slm_part),
                );
                (fleet.usd, Some(fleet))
            }
            SlmServing::Api(_) => (slm_part * own_usd, None),
        }
    } else {
        (0.0, None)
    };
    let hybrid_llm_usd = llm_part * llm_usd;
    let router_usd = router_per_request * requests;
    let hybrid_usd = hybrid_slm_usd + hybrid_llm_usd + router_usd;

    // The averaged plan: the engine's month 1 at the trace's averages (tco::plan's figures).
    let r = s.workload.requests_per_month;
    let averaged = Averaged {
        requests_per_month: r,
        api: Difference::of(per_month(llm_usd), pricing.api_usd(r, 1)),
        self_hosted: Difference::of(per_month(own_usd), pricing.slm_usd(r, 1).0),
        hybrid: Difference::of(per_month(hybrid_usd), pricing.hybrid_usd(r, share, 1).0),
    };
    let cheapest =
        tco::quality::recommended([llm_usd, own_usd, hybrid_usd], tco::quality::feasible(&s));
    warnings.extend(
        tco::scenario_warnings(&s)
            .into_iter()
            .map(ReplayWarning::from),
    );
    warnings.extend(trace_warnings(trace, &s, &own_prices, hours));
    Ok(Replay {
        scenario: s.name.clone(),
        start_unix: first.saturating_mul(3600),
        end_unix: last.saturating_add(1).saturating_mul(3600),
        hours,
        months,
        requests,
        own_prices,
        api: OptionReplay {
            usd: llm_usd,
            usd_per_month: per_month(llm_usd),
        },
        self_hosted: SelfHostedReplay {
            serving: serving.to_string(),
            usd: own_usd,
            usd_per_month: per_month(own_usd),
            fleet: own_fleet,
        },
        hybrid: HybridReplay {
            slm_share: share,
            usd: hybrid_usd,
            usd_per_month: per_month(hybrid_usd),
            slm_usd: hybrid_slm_usd,
            llm_usd: hybrid_llm_usd,
            router_usd,
            fleet: hybrid_fleet,
        },
        cheapest,
        averaged,
        warnings,
    })
}

/// What a replica must serve in each hour, × `share` (the hybrid's SLM part): the hour's
/// interactive requests, plus the span's batch requests spread evenly over its hours (a
/// fleet serves batch work when it has room, as the engine spreads it over the week, §2).
///
/// GPU-seconds_h = τ·(input_h − cached_h·[prefix caching])/P + τ·output_h/D, P and D × the
/// throughput scale (1 as typed).
fn loads(
    hourly: &[(crate::analysis::UnixHour, crate::analysis::HourModelTotals)],
    f: &Fleet,
    token_ratio: f64,
    share: f64,
) -> Vec<HourLoad> {
    let n = hourly.len().max(1) as f64;
    let mut batch = Totals::default();
    for (_, t) in hourly {
        batch.requests += t.batch.requests;
        batch.input_tokens += t.batch.input_tokens;
        batch.cached_input_tokens += t.batch.cached_input_tokens;
        batch.output_tokens += t.batch.output_tokens;
    }
    let prefill = f.prefill_tokens_per_s * f.throughput_scale;
    let decode = f.decode_tokens_per_s * f.throughput_scale;
    let seconds = |input: f64, cached: f64, output: f64| {
        let prefilled = if f.prefix_caching {
            input - cached
        } else {
            input
        };
        token_ratio * prefilled.max(0.0) / prefill + token_ratio * output / decode
    };
    let batch_seconds = seconds(
        batch.input_tokens,
        batch.cached_input_tokens,
        batch.output_tokens,
    ) / n;
    hourly
        .iter()
        .map(|(_, t)| {
            let i = &t.interactive;
            HourLoad {
                requests: share * (i.requests + batch.requests / n),
                gpu_seconds: share
                    * (seconds(i.input_tokens, i.cached_input_tokens, i.output_tokens)
                        + batch_seconds),
            }
        })
        .collect()
}

/// The trace's caveats: buckets spread over their hours, unpriced models, flagged own-price
/// rows, missing spend, a short span, and models other than the scenario's LLM.
fn trace_warnings(trace: &Trace, s: &Scenario, own: &OwnPrices, hours: f64) -> Vec<ReplayWarning> {
    let mut out = Vec::new();
    if let Some(lengths) = trace.spread_bucket_seconds() {
        out.push(ReplayWarning::new(
            "daily_buckets",
            format!(
                "{} came in {}, spread evenly over their hours: the fleet follows that even \
                 spread, not the hours the requests really came in",
                text::requests_text(trace.spread_requests()),
                text::totals_over_text(lengths)
            ),
        ));
    }
    for model in &own.unpriced {
        out.push(ReplayWarning::new(
            "unpriced_model",
            format!(
                "{model} is not in the price table {}: its requests are left out of the \
                 own-price check (unpriced, not $0)",
                own.table
            ),
        ));
    }
    for m in &own.models {
        let row = m.matched.as_deref().unwrap_or_default();
        for flag in &m.flags {
            out.push(ReplayWarning::new(
                "price_flagged",
                format!(
                    "{}'s own-price row {row} is flagged in the price table {} ({}: {}): \
                     check its price before relying on the own-price check",
                    m.model,
                    own.table,
                    flag.kind.words(),
                    flag.message
                ),
            ));
        }
    }
    let with_spend: f64 = own.models.iter().map(|m| m.requests_with_spend).sum();
    let all: f64 = own.models.iter().map(|m| m.requests).sum();
    if with_spend <= 0.0 {
        out.push(ReplayWarning::new(
            "recorded_spend_missing",
            "the log records no spend: the own-price check has nothing to compare with",
        ));
    } else if with_spend < all - 1e-9 * all {
        out.push(ReplayWarning::new(
            "recorded_spend_missing",
            format!(
                "{} of {} requests recorded no spend: the agreement is over the others",
                tco::format::count(all - with_spend),
                tco::format::count(all)
            ),
        ));
    }
    if hours < tco::week::HOURS_PER_WEEK as f64 {
        out.push(ReplayWarning::new(
            "short_trace",
            format!(
                "the trace covers {} days, less than a week: its per-month figures scale \
                 {} hours up to 730 and hold no week's pattern",
                text::days_text(hours),
                hours
            ),
        ));
    }
    let llm = s.llm.source.model.as_deref();
    let others: Vec<&str> = trace
        .models
        .iter()
        .map(String::as_str)
        .filter(|m| llm.is_none_or(|l| !prices::row_names(m).contains(&l)))
        .collect();
    if !others.is_empty() {
        out.push(ReplayWarning::new(
            "other_models",
            format!(
                "the trace ran {}; option (b) prices it all on {}",
                others.join(", "),
                llm.unwrap_or("the scenario's LLM prices")
            ),
        ));
    }
    out
}
