//! The basis of each figure in words: the formula with the inputs it was computed from,
//! shown on hover (`title`) and in the expandable basis list. Every number goes through
//! `tco::format` or `num`, so a non-finite value shows as "—", never NaN or inf.

use pricing::ApiPrices;
use profiles::Workload;
use tco::cost::{api_usd_per_request, gpu_seconds_per_request, replica_requests_per_month};
use tco::format::{count, percent, usd};
use tco::scenario::{Fleet, GpuBasis, PriceSource, SlmServing, ThroughputBasis};
use tco::uncertainty::Quantiles;
use tco::{PlanResult, Scenario};

/// A raw input as typed (a price per Mtok, a rate): its shortest exact text, or "—".
pub fn num(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        "—".into()
    }
}

/// A typed price in dollars exactly as given ("$0.8048"), where `usd` would round to cents.
fn dollars(v: f64) -> String {
    if v.is_finite() {
        format!("${v}")
    } else {
        "—".into()
    }
}

/// "1 replica", "3 replicas".
fn counted(n: f64, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1.0 { one } else { many })
}

/// "$2.5/Mtok".
fn per_mtok(v: f64) -> String {
    if v.is_finite() {
        format!("${v}/Mtok")
    } else {
        "—".into()
    }
}

/// The per-request price of an API and its parts: "$0.003250 (500 input tokens × $2.5/Mtok
/// + 200 output × $10/Mtok)". Cached tokens and a per-request fee appear when they count.
pub fn api_request(prices: &ApiPrices, w: &Workload) -> String {
    let cached = w.input_tokens * w.cached_input_share;
    let mut parts = vec![format!(
        "{} input tokens × {}",
        count(w.input_tokens - cached),
        per_mtok(prices.input_usd_per_mtok)
    )];
    if cached > 0.0 {
        parts.push(format!(
            "{} cached × {}",
            count(cached),
            per_mtok(prices.cached_input_usd_per_mtok)
        ));
    }
    parts.push(format!(
        "{} output × {}",
        count(w.output_tokens),
        per_mtok(prices.output_usd_per_mtok)
    ));
    if prices.usd_per_request != 0.0 {
        parts.push(format!("{} per request", usd(prices.usd_per_request)));
    }
    format!(
        "{} ({})",
        usd(api_usd_per_request(prices, w)),
        parts.join(" + ")
    )
}

/// Where an API's prices came from: "gpt-4o from LiteLLM 1.109.1 (2025-…)".
pub fn source(s: &PriceSource) -> String {
    let base = match (&s.model, &s.table) {
        (Some(model), Some(table)) => format!("{model} from {table}"),
        _ => "prices typed in the scenario".to_string(),
    };
    if s.overridden.is_empty() {
        base
    } else {
        let typed: Vec<String> = s
            .overridden
            .iter()
            .map(|path| tco::vocabulary::label(path))
            .collect();
        format!("{base}; typed over the table: {}", typed.join(", "))
    }
}

/// "API: 1,000,000 requests × $0.003250 (…) · gpt-4o from …".
pub fn api(s: &Scenario) -> String {
    format!(
        "API: {} requests × {} · {}",
        count(s.workload.requests_per_month),
        api_request(&s.llm.prices, &s.workload),
        source(&s.llm.source)
    )
}

/// The GPU price and where it came from.
pub fn gpu(g: &GpuBasis, usd_per_hour: f64) -> String {
    match g {
        GpuBasis::Typed => format!("{}/GPU-hour typed in the scenario", dollars(usd_per_hour)),
        GpuBasis::Table {
            offer,
            gpu,
            price,
            listed_usd_per_gpu_hour,
            discount,
            source,
            as_of,
            ..
        } => format!(
            "{offer} ({gpu}) {} {}/GPU-hour{} from {source}, read {as_of}",
            match price {
                tco::input::GpuPriceKind::OnDemand => "on demand",
                tco::input::GpuPriceKind::Spot => "spot",
            },
            dollars(*listed_usd_per_gpu_hour),
            if *discount > 0.0 {
                format!(" less {}", percent(*discount))
            } else {
                String::new()
            }
        ),
        GpuBasis::Owned {
            capital_usd_per_gpu_hour,
            energy_usd_per_gpu_hour,
            inputs,
        } => format!(
            "owned: {} purchase over {} months = {} capital + {} W × PUE {} × {}/kWh = {} energy per GPU-hour",
            usd(inputs.purchase_usd),
            num(inputs.amortisation_months),
            usd(*capital_usd_per_gpu_hour),
            num(inputs.power_watts),
            num(inputs.pue),
            dollars(inputs.electricity_usd_per_kwh),
            usd(*energy_usd_per_gpu_hour)
        ),
    }
}

/// Typed or measured, and where.
pub fn throughput(t: Option<&ThroughputBasis>) -> String {
    match t {
        Some(ThroughputBasis::Measured { source }) => format!("measured: {source}"),
        Some(ThroughputBasis::Typed) | None => "typed, not measured (an estimate)".into(),
    }
}

fn fleet(s: &Scenario, f: &Fleet, replicas: f64, requests: f64) -> String {
    let w = &s.workload;
    let t = gpu_seconds_per_request(f, w);
    let peak = requests * w.peak_to_average / (f.hours_per_month * 3600.0);
    format!(
        "{} × {} × {}/GPU-hour × {} h + fixed {}; replicas = max(minimum {}, ⌈peak {} requests/s × {} GPU-s per request ({} in / {} prefill tokens/s + {} out / {} decode tokens/s) ÷ utilisation {}⌉) · GPU: {} · throughput {}",
        counted(replicas, "replica", "replicas"),
        counted(f.gpus_per_replica, "GPU", "GPUs"),
        dollars(f.gpu_usd_per_hour),
        num(f.hours_per_month),
        usd(f.fixed_usd_per_month),
        count(f.min_replicas),
        fixed3(peak),
        fixed3(t),
        count(w.input_tokens),
        num(f.prefill_tokens_per_s),
        count(w.output_tokens),
        num(f.decode_tokens_per_s),
        num(f.target_utilization),
        s.slm.gpu.as_ref().map_or_else(|| "—".into(), |g| gpu(g, f.gpu_usd_per_hour)),
        throughput(s.slm.throughput.as_ref())
    )
}

/// Three decimals for small derived quantities (requests/s, seconds), "—" when not finite.
fn fixed3(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.3}")
    } else {
        "—".into()
    }
}

/// The SLM serving all traffic: its fleet, or its API price.
pub fn self_hosted(s: &Scenario, r: &PlanResult) -> String {
    let requests = s.workload.requests_per_month;
    match &s.slm.serving {
        SlmServing::SelfHosted(f) => format!(
            "Self-hosted: {}",
            fleet(s, f, r.self_hosted.replicas.unwrap_or(f64::NAN), requests)
        ),
        SlmServing::Api(a) => format!(
            "SLM API: {} requests × {} · {}",
            count(requests),
            api_request(&a.prices, &s.workload),
            source(&a.source)
        ),
    }
}

/// The hybrid's three parts.
pub fn hybrid(s: &Scenario, r: &PlanResult) -> String {
    let h = &r.hybrid;
    format!(
        "Hybrid: SLM {} for {} requests ({} of traffic) + LLM {} for {} requests ({} escalated) + router {} ({} per request)",
        usd(h.slm_usd_per_month),
        count(h.slm_requests_per_month),
        percent(h.slm_share),
        usd(h.llm_usd_per_month),
        count(h.llm_requests_per_month),
        percent(s.routing.escalation_rate),
        usd(h.router_usd_per_month),
        usd(s.routing.router_usd_per_request)
    )
}

/// How the break-even volume is found.
pub fn break_even(s: &Scenario) -> String {
    let c = api_usd_per_request(&s.llm.prices, &s.workload);
    match &s.slm.serving {
        SlmServing::SelfHosted(f) => format!(
            "The smallest volume from which self-hosting all traffic costs no more than the API at every larger volume: API {} per request against a staircase of {} per replica-month, each serving {} requests/month, from {}, plus fixed {}",
            usd(c),
            usd(f.gpus_per_replica * f.gpu_usd_per_hour * f.hours_per_month),
            count(replica_requests_per_month(f, &s.workload)),
            counted(f.min_replicas, "replica", "replicas"),
            usd(f.fixed_usd_per_month)
        ),
        SlmServing::Api(a) => format!(
            "Both are priced per request: the SLM API ({}) against the LLM API ({})",
            usd(api_usd_per_request(&a.prices, &s.workload)),
            usd(c)
        ),
    }
}

/// Payback and NPV, with the growth and discount rate they use.
pub fn roi(s: &Scenario) -> String {
    format!(
        "Monthly savings against the API over {} months, volume growing {} a month, less the one-time {} in month 0; payback = first month the cumulative net is ≥ 0; NPV discounts each month at {} a year",
        s.finance.horizon_months,
        percent(s.workload.monthly_growth),
        usd(s.slm.one_time_usd),
        percent(s.finance.discount_rate_annual)
    )
}

/// "P10–P90 $2,900.00 – $3,600.00".
pub fn range(q: &Quantiles) -> String {
    format!("P10–P90 {} – {}", usd(q.p10), usd(q.p90))
}

#[cfg(test)]
mod tests;
