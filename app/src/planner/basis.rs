//! The basis of each figure in words: the formula with the inputs it was computed from,
//! shown on hover (`title`) and in the expandable basis list. Every number goes through
//! `tco::format` or `num`, so a non-finite value shows as "—", never NaN or inf.

use profiles::Workload;
use tco::cost::{
    api_usd_per_request, gpu_seconds_per_request, request_price, slm_api_usd_per_request,
};
use tco::format::{count, counted, percent, usd};
use tco::scenario::{
    Fleet, FleetGpu, GpuBasis, PriceSource, PricedApi, Scaling, SlmServing, Throughput,
};
use tco::uncertainty::Quantiles;
use tco::{FleetFigures, PlanResult, Scenario};

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

/// "$2.5/Mtok".
fn per_mtok(v: f64) -> String {
    if v.is_finite() {
        format!("${v}/Mtok")
    } else {
        "—".into()
    }
}

/// The per-request price of an API and its parts, for a workload whose tokens are scaled
/// by `token_ratio` (1 for the LLM): "$0.003250 (500 input tokens × $2.5/Mtok + 200 output
/// × $10/Mtok)". Cached tokens, cache writes, reasoning tokens, a per-request fee, the
/// caching minimum and the batch price appear when they count.
pub fn api_request(api: &PricedApi, w: &Workload, token_ratio: f64) -> String {
    let p = &api.prices;
    let input = token_ratio * w.input_tokens;
    let caches = input >= api.min_cached_input_tokens;
    let (kappa, omega) = if caches {
        (w.cached_input_share, w.cache_write_share)
    } else {
        (0.0, 0.0)
    };
    let mut parts = vec![format!(
        "{} input tokens × {}",
        count(input * (1.0 - kappa - omega)),
        per_mtok(p.input_usd_per_mtok)
    )];
    if kappa > 0.0 {
        parts.push(format!(
            "{} cached × {}",
            count(input * kappa),
            per_mtok(p.cached_input_usd_per_mtok)
        ));
    }
    if omega > 0.0 {
        parts.push(format!(
            "{} written to the cache × {}",
            count(input * omega),
            per_mtok(api.cache_write_usd_per_mtok)
        ));
    }
    let output = token_ratio * w.output_tokens;
    parts.push(if api.reasoning_tokens > 0.0 {
        format!(
            "({} output + {} reasoning) × {}",
            count(output),
            count(api.reasoning_tokens),
            per_mtok(p.output_usd_per_mtok)
        )
    } else {
        format!(
            "{} output × {}",
            count(output),
            per_mtok(p.output_usd_per_mtok)
        )
    });
    if p.usd_per_request != 0.0 {
        parts.push(format!("{} per request", usd(p.usd_per_request)));
    }
    let price = request_price(api, w, token_ratio);
    let mut text = format!("{} ({})", usd(price.interactive_usd), parts.join(" + "));
    if !caches && w.cached_input_share + w.cache_write_share > 0.0 {
        text.push_str(&format!(
            "; the prompt is under the provider's caching minimum of {} tokens, so nothing is cached",
            count(api.min_cached_input_tokens)
        ));
    }
    if w.batch_share > 0.0 {
        text = format!(
            "{} on average: interactive {text}; {} batch at {} ({} × {} in, {} × {} out{})",
            usd(price.blended_usd(w.batch_share)),
            percent(w.batch_share),
            usd(price.batch_usd),
            count(input),
            per_mtok(api.batch_input_usd_per_mtok),
            count(output + api.reasoning_tokens),
            per_mtok(api.batch_output_usd_per_mtok),
            if api.batch_prices_listed {
                ""
            } else {
                "; no batch prices listed: the interactive ones"
            }
        );
    }
    text
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
        api_request(&s.llm, &s.workload, 1.0),
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
pub fn throughput(t: Option<&Throughput>) -> String {
    match t {
        Some(t) => t.in_words(),
        None => "typed, not measured (an estimate)".into(),
    }
}

/// The scaling policy in the vocabulary's words.
fn scaling_words(scaling: Scaling) -> &'static str {
    let value = match scaling {
        Scaling::AlwaysOn => "always_on",
        Scaling::Hourly => "hourly",
    };
    tco::vocabulary::choice("slm.scaling", value).unwrap_or(value)
}

/// The price of a rented GPU-hour before any discount, or "owned".
fn rented_price(f: &Fleet) -> f64 {
    match f.gpu {
        FleetGpu::Rented {
            usd_per_gpu_hour, ..
        } => usd_per_gpu_hour,
        FleetGpu::Owned { .. } => f64::NAN,
    }
}

fn fleet(s: &Scenario, f: &Fleet, own: &FleetFigures, requests: f64) -> String {
    let w = &s.workload;
    let tau = s.slm.token_ratio;
    let t = gpu_seconds_per_request(f, w, tau);
    let traffic = s.traffic();
    let peak = requests * traffic.peak_to_average() / (traffic.hours_per_month() * 3600.0);
    let b = own.breakdown.unwrap_or_default();
    let replicas = own.replicas.unwrap_or(f64::NAN);
    let cached = if f.prefix_caching && w.cached_input_share > 0.0 {
        format!(" less {} prefix-cached", percent(w.cached_input_share))
    } else {
        String::new()
    };
    format!(
        "{} × {} at the busiest hour, on {} of {} ({} reserved); GPUs {} for {} GPU-hours a month + people {} + fixed {}; replicas in an hour = max(minimum {}, ⌈requests/s × {} GPU-s per request ({} in{cached} / {} prefill tokens/s + {} out / {} decode tokens/s) ÷ utilisation {}⌉) + {} spare, {}, busiest hour {} requests/s · GPU: {} · throughput {}",
        counted(replicas, "replica", "replicas"),
        counted(f.gpus_per_replica, "GPU", "GPUs"),
        counted(own.instances.unwrap_or(f64::NAN), "instance", "instances"),
        counted(f.gpus_per_instance, "GPU", "GPUs"),
        count(own.reserved_instances.unwrap_or(f64::NAN)),
        usd(b.gpu_usd()),
        count(own.gpu_hours_per_month.unwrap_or(f64::NAN)),
        usd(b.ops_usd),
        usd(b.fixed_usd),
        count(f.min_replicas),
        fixed3(t),
        count(tau * w.input_tokens),
        num(f.prefill_tokens_per_s),
        count(tau * w.output_tokens),
        num(f.decode_tokens_per_s),
        num(f.target_utilization),
        count(f.spare_replicas),
        scaling_words(f.scaling),
        fixed3(peak),
        s.slm
            .gpu
            .as_ref()
            .map_or_else(|| "—".into(), |g| gpu(g, rented_price(f))),
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
            fleet(s, f, &r.self_hosted.fleet, requests)
        ),
        SlmServing::Api(a) => format!(
            "SLM API: {} requests × {} · {}",
            count(requests),
            api_request(a, &s.workload, s.slm.token_ratio),
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
    let c = api_usd_per_request(s);
    match &s.slm.serving {
        SlmServing::SelfHosted(f) => format!(
            "The largest volume at which self-hosting all traffic still costs more than the API, found exactly over the fleet's steps: API {} per request against a fleet that grows by whole replicas ({} GPU-s per request at utilisation {}) and whole instances of {}, from {}, plus people {} and fixed {} a month",
            usd(c),
            fixed3(gpu_seconds_per_request(f, &s.workload, s.slm.token_ratio)),
            num(f.target_utilization),
            counted(f.gpus_per_instance, "GPU", "GPUs"),
            counted(f.min_replicas, "replica", "replicas"),
            usd(f.ops_fte * f.fte_usd_per_year / 12.0),
            usd(f.fixed_usd_per_month)
        ),
        SlmServing::Api(a) => format!(
            "Both are priced per request: the SLM API ({}) against the LLM API ({})",
            usd(slm_api_usd_per_request(s, a)),
            usd(c)
        ),
    }
}

/// Payback and NPV, with the growth, price trends and discount rate they use.
pub fn roi(s: &Scenario) -> String {
    let slm_trend = match &s.slm.serving {
        SlmServing::SelfHosted(f) => match f.gpu {
            FleetGpu::Rented { .. } => Some(f.price_change_annual),
            FleetGpu::Owned { .. } => None,
        },
        SlmServing::Api(a) => Some(a.price_change_annual),
    };
    let owned = matches!(
        &s.slm.serving,
        SlmServing::SelfHosted(f) if matches!(f.gpu, FleetGpu::Owned { .. })
    );
    format!(
        "Monthly savings against the API over {} months, volume growing {} a month, LLM prices changing {} a year{}, less the one-time {} in month 0{}; payback = first month the cumulative net is ≥ 0; NPV discounts each month at {} a year",
        s.finance.horizon_months,
        percent(s.workload.monthly_growth),
        percent(s.llm.price_change_annual),
        slm_trend.map_or_else(String::new, |a| format!(", SLM prices {} a year", percent(a))),
        usd(s.slm.one_time_usd),
        if owned {
            "; owned GPUs paid in cash when bought, their resale value back at the end"
        } else {
            ""
        },
        percent(s.finance.discount_rate_annual)
    )
}

/// "P10–P90 $2,900.00 – $3,600.00".
pub fn range(q: &Quantiles) -> String {
    format!("P10–P90 {} – {}", usd(q.p10), usd(q.p90))
}

#[cfg(test)]
mod tests;
