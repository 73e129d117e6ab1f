//! The workload a trace shows, every figure with its basis (docs/traffic.md, "The workload
//! from a trace").

use serde::{Deserialize, Serialize};

use super::growth::{fit_log_linear, GrowthFit, DAYS_PER_MONTH, MIN_GROWTH_DAYS, MIN_GROWTH_R2};
use super::label::{label, zone, zone_words};
use super::local::{daily_requests, full_days, local_date, week_sums, WEEK_HOURS};
use super::trace::{Trace, OTHER_MODELS};
use crate::text::{days_text, requests_text, totals_over_text};

/// The workload the trace shows, every figure with its basis. A figure the trace cannot
/// give is `None` with its `…_reason`; nothing is guessed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct TraceWorkload {
    /// "from <file>, <N> requests, <first date> – <last date> (<zone>)" (dates in the
    /// offset, named: `UTC`, `UTC+02:00`).
    pub label: String,
    /// The file the trace was read from, as given.
    pub file_name: String,
    /// The fixed offset the dates, the weekly shape and the days of the growth fit are in,
    /// minutes east of UTC.
    pub offset_minutes: i32,
    /// The offset as written, `+02:00`.
    pub zone: String,
    /// First hour covered, Unix seconds (0 for an empty trace).
    pub start_unix: i64,
    /// End of the last hour covered, Unix seconds.
    pub end_unix: i64,
    /// The first day covered, ISO date in the offset (empty for an empty trace).
    pub first_date: String,
    /// The last day covered (the day of the span's last second).
    pub last_date: String,
    /// Hours covered, quiet hours inside the span included.
    pub hours: f64,
    /// Weeks covered: hours / 168.
    pub weeks_covered: f64,
    /// Requests in the trace (proxy cache hits excluded).
    pub requests: f64,
    /// requests / hours × 730.
    pub requests_per_month: f64,
    /// Mean input tokens per request, cached and cache-write ones included: Σ input /
    /// requests, over all traffic (batch and buckets included).
    pub input_tokens_mean: f64,
    /// Mean output tokens per request: Σ output / requests.
    pub output_tokens_mean: f64,
    /// Medians and 95th percentiles of single requests' tokens (nearest rank); `None` when
    /// the log holds no single requests (see `percentiles_reason`).
    pub percentiles: Option<TokenPercentiles>,
    /// Why `percentiles` is `None`.
    pub percentiles_reason: Option<String>,
    /// κ = Σ cached input tokens / Σ input tokens, 0 to 1.
    pub cached_input_share: f64,
    /// ω = Σ cache-write input tokens / Σ input tokens, 0 to 1 (κ + ω ≤ 1).
    pub cache_write_share: f64,
    /// β = batch requests / requests, 0 to 1.
    pub batch_share: f64,
    /// Requests sent through a batch API.
    pub batch_requests: f64,
    /// The 168-hour weekly shape of interactive requests; `None` when the trace covers less
    /// than a week or has no interactive requests (see `shape_reason`).
    pub shape: Option<WeeklyShape>,
    /// Why `shape` is `None`.
    pub shape_reason: Option<String>,
    /// The same shape with Monday 00:00 UTC as slot 0: the planner's load shape, whose
    /// hours are UTC (the cost depends only on the shape; the page shows `shape`, in the
    /// chosen zone). `None` exactly when `shape` is.
    pub shape_utc: Option<WeeklyShape>,
    /// The growth fitted to the daily volumes; `None` with fewer than 14 full days with
    /// requests (see `growth_reason`).
    pub growth: Option<GrowthFit>,
    /// Why `growth` is `None`, or why it does not fill the planner.
    pub growth_reason: Option<String>,
    /// Each model's traffic, most requests first (then by name).
    pub models: Vec<ModelMix>,
    /// Requests LiteLLM answered from its own cache: not counted anywhere else.
    pub proxy_cache_hits: u64,
    /// The spend the log recorded, USD, over the requests that recorded one.
    pub recorded_spend_usd: f64,
    /// Requests whose row recorded a spend.
    pub requests_with_spend: f64,
    /// True when some traffic came in buckets longer than an hour, spread over their hours.
    pub has_daily_buckets: bool,
    /// What the reader of these figures must know (buckets spread, cache hits left out,
    /// percentiles over part of the traffic, …).
    pub warnings: Vec<String>,
}

/// Per-request token percentiles by the nearest-rank rule: the p-th percentile is the
/// smallest value with at least ⌈p/100 · N⌉ of the N values ≤ it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct TokenPercentiles {
    /// Single requests counted (records with no bucket and one request).
    pub requests: u64,
    /// Median input tokens.
    pub input_p50: u64,
    /// 95th percentile of input tokens.
    pub input_p95: u64,
    /// Median output tokens.
    pub output_p50: u64,
    /// 95th percentile of output tokens.
    pub output_p95: u64,
}

/// Interactive requests per hour of the week, averaged over the weeks covered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct WeeklyShape {
    /// Slot j is local Monday 00:00 + j hours: the interactive requests in that slot summed
    /// over the span / the times the slot occurs in the span. 168 values.
    pub requests_per_hour: Vec<f64>,
    /// Weeks covered, hours / 168 (shown with one decimal).
    pub weeks_covered: f64,
    /// The busiest slot over the mean slot.
    pub peak_to_average: f64,
}

/// One model's share of the trace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ModelMix {
    /// The model as the log names it.
    pub model: String,
    /// Its requests.
    pub requests: f64,
    /// Its share of the trace's requests, 0 to 1.
    pub share: f64,
    /// Its requests sent through a batch API.
    pub batch_requests: f64,
    /// Its input tokens, cached and cache-write ones included.
    pub input_tokens: f64,
    /// Its cached input tokens.
    pub cached_input_tokens: f64,
    /// Its cache-write input tokens.
    pub cache_write_tokens: f64,
    /// Its output tokens.
    pub output_tokens: f64,
    /// The spend the log recorded for it, USD.
    pub recorded_spend_usd: f64,
    /// Its requests whose row recorded a spend.
    pub requests_with_spend: f64,
}

/// `a / b`, or 0 when `b` is 0 (no traffic: no share).
fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

/// "1 record", "12 records".
fn counted_records(records: u64) -> String {
    match records {
        1 => "1 record".to_string(),
        n => format!("{} records", tco::format::count(n as f64)),
    }
}

/// What the trace shows: the workload, ready for the planner. `offset_minutes` (minutes
/// east of UTC) places the dates, the weekly shape and the days of the growth fit.
pub fn workload(trace: &Trace, file_name: &str, offset_minutes: i32) -> TraceWorkload {
    let totals = trace.totals();
    let all = totals.combined();
    let requests = all.requests;
    let mut warnings = Vec::new();
    let (start_unix, end_unix, hours) = match trace.span() {
        Some((first, last)) => (
            first.saturating_mul(3600),
            last.saturating_add(1).saturating_mul(3600),
            trace.span_hours() as f64,
        ),
        None => (0, 0, 0.0),
    };
    let (first_date, last_date) = match trace.span() {
        Some(_) => (
            local_date(start_unix, offset_minutes),
            local_date(end_unix - 1, offset_minutes),
        ),
        None => (String::new(), String::new()),
    };
    if requests <= 0.0 {
        warnings.push("the trace holds no traffic".to_string());
    }

    let (percentiles, percentiles_reason) = percentiles(trace, &mut warnings);
    let (shape_utc, _) = weekly_shape(trace, 0, hours, totals.interactive.requests);
    let (shape, shape_reason) =
        weekly_shape(trace, offset_minutes, hours, totals.interactive.requests);
    let (growth, growth_reason) = growth(trace, offset_minutes);

    if let Some(lengths) = trace.spread_bucket_seconds() {
        warnings.push(format!(
            "{} came in {}, spread evenly over their hours: when they came within those \
             hours is not known",
            requests_text(trace.spread_requests()),
            totals_over_text(lengths)
        ));
    }
    if trace.proxy_cache_hits > 0 {
        warnings.push(format!(
            "{} answered from LiteLLM's own cache not counted: no model served them",
            requests_text(trace.proxy_cache_hits as f64)
        ));
    }
    if trace.refused_buckets > 0 {
        warnings.push(format!(
            "{} rows ({}) each cover more than 31 days and are left out: a bucket that long \
             does not say when its traffic came",
            trace.refused_buckets,
            requests_text(trace.refused_bucket_requests as f64)
        ));
    }
    if trace.other_model_records > 0 {
        warnings.push(format!(
            "{} ({}) of models past the first {} names are counted together as \"{OTHER_MODELS}\": \
             a trace keeps at most {} model names",
            counted_records(trace.other_model_records),
            requests_text(trace.other_model_requests as f64),
            tco::format::count(trace.max_models() as f64),
            tco::format::count(trace.max_models() as f64),
        ));
    }
    if trace.capped_records > 0 {
        warnings.push(format!(
            "{} ({}) are left out of every figure here: a trace keeps at most {} (hour, model) \
             entries and they would have added more; import a shorter period or fewer models",
            counted_records(trace.capped_records),
            requests_text(trace.capped_requests as f64),
            tco::format::count(trace.max_entries() as f64),
        ));
    }

    let mut models: Vec<ModelMix> = trace
        .models
        .iter()
        .zip(trace.per_model())
        .map(|(model, t)| {
            let sum = t.combined();
            ModelMix {
                model: model.clone(),
                requests: sum.requests,
                share: ratio(sum.requests, requests).clamp(0.0, 1.0),
                batch_requests: t.batch.requests,
                input_tokens: sum.input_tokens,
                cached_input_tokens: sum.cached_input_tokens,
                cache_write_tokens: sum.cache_write_tokens,
                output_tokens: sum.output_tokens,
                recorded_spend_usd: t.recorded_spend_usd,
                requests_with_spend: t.requests_with_spend,
            }
        })
        .collect();
    models.sort_by(|a, b| {
        b.requests
            .total_cmp(&a.requests)
            .then_with(|| a.model.cmp(&b.model))
    });

    let label = label(
        file_name,
        requests,
        &first_date,
        &last_date,
        &zone_words(offset_minutes),
    );
    TraceWorkload {
        label,
        file_name: file_name.to_string(),
        offset_minutes,
        zone: zone(offset_minutes),
        start_unix,
        end_unix,
        first_date,
        last_date,
        hours,
        weeks_covered: hours / WEEK_HOURS as f64,
        requests,
        requests_per_month: ratio(requests, hours) * tco::week::HOURS_PER_MONTH,
        input_tokens_mean: ratio(all.input_tokens, requests),
        output_tokens_mean: ratio(all.output_tokens, requests),
        percentiles,
        percentiles_reason,
        cached_input_share: ratio(all.cached_input_tokens, all.input_tokens).clamp(0.0, 1.0),
        cache_write_share: ratio(all.cache_write_tokens, all.input_tokens).clamp(0.0, 1.0),
        batch_share: ratio(totals.batch.requests, requests).clamp(0.0, 1.0),
        batch_requests: totals.batch.requests,
        shape,
        shape_reason,
        shape_utc,
        growth,
        growth_reason,
        models,
        proxy_cache_hits: trace.proxy_cache_hits,
        recorded_spend_usd: totals.recorded_spend_usd,
        requests_with_spend: totals.requests_with_spend,
        has_daily_buckets: trace.has_daily_buckets(),
        warnings,
    }
}

fn percentiles(
    trace: &Trace,
    warnings: &mut Vec<String>,
) -> (Option<TokenPercentiles>, Option<String>) {
    let (input, output) = (&trace.input_histogram, &trace.output_histogram);
    let found = (|| {
        Some(TokenPercentiles {
            requests: input.total(),
            input_p50: input.percentile(50)?,
            input_p95: input.percentile(95)?,
            output_p50: output.percentile(50)?,
            output_p95: output.percentile(95)?,
        })
    })();
    match found {
        Some(p) => {
            if trace.aggregated_requests > 0 {
                warnings.push(format!(
                    "p50 and p95 are of the {} single requests; {} came in totals (per hour, \
                     per day, or rows of several) and are not in them",
                    tco::format::count(p.requests as f64),
                    requests_text(trace.aggregated_requests as f64)
                ));
            }
            (Some(p), None)
        }
        None => (
            None,
            Some(
                "the log holds totals (per hour or per day), not single requests: p50 and p95 \
                 need single requests"
                    .to_string(),
            ),
        ),
    }
}

fn weekly_shape(
    trace: &Trace,
    offset_minutes: i32,
    hours: f64,
    interactive_requests: f64,
) -> (Option<WeeklyShape>, Option<String>) {
    let Some(span) = trace.span() else {
        return (None, Some("the trace holds no traffic".to_string()));
    };
    if hours < WEEK_HOURS as f64 {
        return (
            None,
            Some(format!(
                "the trace covers {} days; a week's shape needs 7",
                days_text(hours)
            )),
        );
    }
    if interactive_requests <= 0.0 {
        return (
            None,
            Some(
                "no interactive requests: every request went through a batch API (the planner \
                 spreads batch evenly over the week)"
                    .to_string(),
            ),
        );
    }
    let (sums, occurrences) = week_sums(&trace.hours, span, offset_minutes);
    let values: Vec<f64> = sums
        .iter()
        .zip(occurrences.iter())
        .map(|(&sum, &times)| ratio(sum, times))
        .collect();
    let mean = values.iter().sum::<f64>() / WEEK_HOURS as f64;
    let peak = values.iter().copied().fold(0.0, f64::max);
    (
        Some(WeeklyShape {
            requests_per_hour: values,
            weeks_covered: hours / WEEK_HOURS as f64,
            peak_to_average: ratio(peak, mean),
        }),
        None,
    )
}

fn growth(trace: &Trace, offset_minutes: i32) -> (Option<GrowthFit>, Option<String>) {
    let Some(span) = trace.span() else {
        return (None, Some("the trace holds no traffic".to_string()));
    };
    let (first_day, end_day) = full_days(span, offset_minutes);
    let days: Vec<(i64, f64)> = daily_requests(&trace.hours, offset_minutes)
        .into_iter()
        .filter(|&(day, requests)| day >= first_day && day < end_day && requests > 0.0)
        .collect();
    if days.len() < MIN_GROWTH_DAYS {
        return (
            None,
            Some(format!(
                "growth needs {MIN_GROWTH_DAYS} full days with requests; the trace has {}",
                days.len()
            )),
        );
    }
    let origin = days[0].0;
    let points: Vec<(f64, f64)> = days
        .iter()
        .map(|&(day, requests)| ((day - origin) as f64, requests))
        .collect();
    let Some((slope, r_squared)) = fit_log_linear(&points) else {
        return (None, Some("growth could not be fitted".to_string()));
    };
    let monthly_growth = (DAYS_PER_MONTH * slope).exp() - 1.0;
    let in_range = monthly_growth.is_finite() && monthly_growth > -1.0 && monthly_growth <= 1.0;
    let reason = if r_squared < MIN_GROWTH_R2 {
        Some(format!(
            "growth not filled: fit R² {r_squared:.2} < {MIN_GROWTH_R2}"
        ))
    } else if !in_range {
        Some(format!(
            "growth not filled: {} a month is outside the planner's range (above −100 %, at \
             most +100 %)",
            tco::format::percent(monthly_growth)
        ))
    } else {
        None
    };
    let last = days.last().map_or(origin, |d| d.0);
    (
        Some(GrowthFit {
            monthly_growth,
            slope_per_day: slope,
            r_squared,
            days_used: days.len() as u32,
            first_day: tco::format::civil_date(origin),
            last_day: tco::format::civil_date(last),
            fills_planner: reason.is_none(),
        }),
        reason,
    )
}

impl TraceWorkload {
    /// The planner's workload section (cost model v2 fields) filled from the trace:
    /// requests per month, mean input and output tokens, the cached, cache-write and batch
    /// shares, the 168-hour shape in UTC (`shape_utc`, when filled), the monthly growth (when it fills the
    /// planner) and the label as `source`. Everything else is left `None` (the scenario
    /// keeps its own latency targets and the rest).
    pub fn workload_input(&self) -> tco::input::WorkloadInput {
        tco::input::WorkloadInput {
            requests_per_month: Some(self.requests_per_month),
            input_tokens: Some(self.input_tokens_mean),
            output_tokens: Some(self.output_tokens_mean),
            cached_input_share: Some(self.cached_input_share),
            cache_write_share: Some(self.cache_write_share),
            batch_share: Some(self.batch_share),
            load_shape: self
                .shape_utc
                .as_ref()
                .filter(|s| s.requests_per_hour.iter().any(|&v| v > 0.0))
                .map(|s| s.requests_per_hour.clone()),
            monthly_growth: self
                .growth
                .as_ref()
                .filter(|g| g.fills_planner)
                .map(|g| g.monthly_growth),
            source: Some(self.label.clone()),
            ..tco::input::WorkloadInput::default()
        }
    }
}
