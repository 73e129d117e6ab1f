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
mod scenario;
mod types;

use tco::cost::{fleet_model, Pricing};
use tco::scenario::{Fleet, SlmServing};

use crate::analysis::{Totals, Trace, TraceWorkload};

use fleet::{replay_fleet, HourLoad};
pub use fleet::{FleetHours, FleetReplay};
pub use prices::{find_row, row_names, OwnModelPrice, OwnPrices};
pub use scenario::replay_scenario;
use scenario::trace_warnings;
pub use types::{
    Averaged, Difference, HybridReplay, OptionReplay, Replay, ReplayError, ReplayWarning,
    SelfHostedReplay,
};

/// The longest span replayed hour by hour: five years of 8,766 hours. The replay walks
/// every hour of the span, quiet ones included, so a log whose first and last rows are
/// decades apart (a stray timestamp) would otherwise ask for millions of hours.
pub const MAX_REPLAY_HOURS: i64 = 5 * 8_766;

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
    let months = hours / tco::week::HOURS_PER_MONTH;
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
    // tco's GPU-seconds, its cached share the totals' own (0 without input).
    let seconds = |input: f64, cached: f64, output: f64| {
        let cached_share = if input > 0.0 {
            (cached / input).clamp(0.0, 1.0)
        } else {
            0.0
        };
        tco::cost::gpu_seconds(f, input, cached_share, output, token_ratio)
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
