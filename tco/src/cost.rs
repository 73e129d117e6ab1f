//! Monthly cost of each option at a given volume (docs/cost-model.md §1–§4).

use pricing::ApiPrices;
use profiles::Workload;

use crate::scenario::{Fleet, Scenario, SlmServing};

const SECONDS_PER_HOUR: f64 = 3600.0;
/// Relative distance within which a value counts as the integer next to it, so that
/// 3.0000000000000004 replicas (float noise) is 3, not 4.
const INTEGER_TOLERANCE: f64 = 1e-9;

/// ⌈x⌉, treating values within 1e-9 relative of an integer as that integer.
pub fn ceil_tolerant(x: f64) -> f64 {
    let nearest = x.round();
    if (x - nearest).abs() <= INTEGER_TOLERANCE * nearest.abs() {
        nearest
    } else {
        x.ceil()
    }
}

/// c = (I(1−κ)·p_in + Iκ·p_cached + O·p_out)/1e6 + p_request.
pub fn api_usd_per_request(prices: &ApiPrices, w: &Workload) -> f64 {
    let fresh = w.input_tokens * (1.0 - w.cached_input_share);
    let cached = w.input_tokens * w.cached_input_share;
    (fresh * prices.input_usd_per_mtok
        + cached * prices.cached_input_usd_per_mtok
        + w.output_tokens * prices.output_usd_per_mtok)
        / 1e6
        + prices.usd_per_request
}

/// A fleet sized for a monthly volume.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FleetCost {
    /// n = max(m, ⌈λ·t/u⌉): whole replicas.
    pub replicas: f64,
    /// Requests/s one replica serves at full load; None when a request costs no GPU time.
    pub capacity_requests_per_s: Option<f64>,
    /// n·G: the replicas' GPU bill.
    pub gpu_usd_per_month: f64,
    /// F.
    pub fixed_usd_per_month: f64,
    /// S = n·G + F.
    pub monthly_usd: f64,
}

/// GPU-seconds one request occupies a replica: t = I/prefill + O/decode.
pub fn gpu_seconds_per_request(f: &Fleet, w: &Workload) -> f64 {
    w.input_tokens / f.prefill_tokens_per_s + w.output_tokens / f.decode_tokens_per_s
}

/// Requests a month one replica serves at target utilisation under the peak:
/// C = μ·u·H·3600/k. Infinite when a request costs no GPU time.
pub fn replica_requests_per_month(f: &Fleet, w: &Workload) -> f64 {
    let t = gpu_seconds_per_request(f, w);
    if t <= 0.0 {
        return f64::INFINITY;
    }
    f.target_utilization * f.hours_per_month * SECONDS_PER_HOUR / (t * w.peak_to_average)
}

/// Monthly GPU bill of one replica: G = gpus_per_replica · gpu_usd_per_hour · H.
pub fn replica_usd_per_month(f: &Fleet) -> f64 {
    f.gpus_per_replica * f.gpu_usd_per_hour * f.hours_per_month
}

/// S(R) = n·G + F, with n = max(m, ⌈λ/(μ·u)⌉) replicas for the peak rate
/// λ = R·k/(H·3600).
pub fn fleet_cost(f: &Fleet, w: &Workload, requests_per_month: f64) -> FleetCost {
    let t = gpu_seconds_per_request(f, w);
    let peak_rate = requests_per_month * w.peak_to_average / (f.hours_per_month * SECONDS_PER_HOUR);
    let needed = if t > 0.0 {
        peak_rate * t / f.target_utilization
    } else {
        0.0
    };
    let replicas = f.min_replicas.max(ceil_tolerant(needed));
    let gpu = replicas * replica_usd_per_month(f);
    FleetCost {
        replicas,
        capacity_requests_per_s: (t > 0.0).then(|| 1.0 / t),
        gpu_usd_per_month: gpu,
        fixed_usd_per_month: f.fixed_usd_per_month,
        monthly_usd: gpu + f.fixed_usd_per_month,
    }
}

/// The SLM serving all of `requests_per_month` (self-hosted fleet or hosted API).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlmCost {
    /// S(R) for a fleet, R·c_slm for a hosted SLM.
    pub monthly_usd: f64,
    /// How the fleet was sized; None for a hosted SLM (and for no SLM at all).
    pub fleet: Option<FleetCost>,
}

/// SLM(R) = S(R) = n·G + F for a self-hosted fleet (`fleet_cost`), R·c_slm for a hosted
/// SLM (c_slm: `api_usd_per_request` at the SLM's prices).
pub fn slm_cost(s: &Scenario, requests_per_month: f64) -> SlmCost {
    match &s.slm.serving {
        SlmServing::SelfHosted(f) => {
            let fleet = fleet_cost(f, &s.workload, requests_per_month);
            SlmCost {
                monthly_usd: fleet.monthly_usd,
                fleet: Some(fleet),
            }
        }
        SlmServing::Api(api) => SlmCost {
            monthly_usd: requests_per_month * api_usd_per_request(&api.prices, &s.workload),
            fleet: None,
        },
    }
}

/// The hybrid at one volume and one SLM share (router semantics; a cascade is share 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HybridCost {
    /// R_slm = s·R.
    pub slm_requests_per_month: f64,
    /// R_llm = (1−s)·R + e·s·R.
    pub llm_requests_per_month: f64,
    /// SLM(R_slm); zero, with no fleet, at s = 0.
    pub slm: SlmCost,
    /// R_llm·c.
    pub llm_usd_per_month: f64,
    /// `[split]·R·ρ`, where split = s > 0 and (s < 1 or e > 0).
    pub router_usd_per_month: f64,
    /// `Hy = SLM(R_slm) + R_llm·c + [split]·R·ρ`.
    pub monthly_usd: f64,
    /// `hybrid_quality` at s.
    pub quality: Option<f64>,
}

/// `Hy(R, s) = SLM(s·R) + ((1−s)·R + e·s·R)·c + [split]·R·ρ`.
///
/// Router: the SLM serves s·R, the LLM (1−s)·R + e·s·R. A cascade is the router at s = 1.
///
/// No SLM is deployed at s = 0, and the router fee is charged only when requests are
/// actually split between two models (0 < s < 1, or escalations): a degenerate hybrid is
/// then exactly the single option it reduces to.
pub fn hybrid_cost(s: &Scenario, requests_per_month: f64, slm_share: f64) -> HybridCost {
    let e = s.routing.escalation_rate;
    let slm_requests = slm_share * requests_per_month;
    let llm_requests = (1.0 - slm_share) * requests_per_month + e * slm_requests;
    let slm = if slm_share > 0.0 {
        slm_cost(s, slm_requests)
    } else {
        SlmCost {
            monthly_usd: 0.0,
            fleet: None,
        }
    };
    let llm_usd = llm_requests * api_usd_per_request(&s.llm.prices, &s.workload);
    let splits = slm_share > 0.0 && (slm_share < 1.0 || e > 0.0);
    let router_usd = if splits {
        requests_per_month * s.routing.router_usd_per_request
    } else {
        0.0
    };
    HybridCost {
        slm_requests_per_month: slm_requests,
        llm_requests_per_month: llm_requests,
        slm,
        llm_usd_per_month: llm_usd,
        router_usd_per_month: router_usd,
        monthly_usd: slm.monthly_usd + llm_usd + router_usd,
        quality: hybrid_quality(s, slm_share),
    }
}

/// s·((1−e)·q_slm + e·q_llm) + (1−s)·q_llm, when both qualities are given.
pub fn hybrid_quality(s: &Scenario, slm_share: f64) -> Option<f64> {
    let (q_slm, q_llm) = (s.routing.slm_quality?, s.routing.llm_quality?);
    let e = s.routing.escalation_rate;
    Some(slm_share * ((1.0 - e) * q_slm + e * q_llm) + (1.0 - slm_share) * q_llm)
}

/// Break-even volume R*: the smallest volume from which self-hosting all traffic costs no
/// more than the LLM API at every larger volume. None when the SLM's marginal cost per
/// request is not below the API's (the API then stays cheaper somewhere above any volume).
///
/// Self-hosted cost is a staircase S(R) = max(m, ⌈R/C⌉)·G + F against the line A(R) = c·R.
/// On step j (volumes ((j−1)C, jC]) the API is cheaper for R < (jG+F)/c, so R* is
/// (J·G+F)/c for the last step J with (J·G+F)/c > (J−1)C, i.e. J < (cC+F)/(cC−G).
pub fn break_even_requests(s: &Scenario) -> Option<f64> {
    let c = api_usd_per_request(&s.llm.prices, &s.workload);
    match &s.slm.serving {
        SlmServing::Api(api) => {
            let slm = api_usd_per_request(&api.prices, &s.workload);
            (slm < c).then_some(0.0)
        }
        SlmServing::SelfHosted(f) => {
            if c <= 0.0 {
                return None;
            }
            let capacity = replica_requests_per_month(f, &s.workload);
            let g = replica_usd_per_month(f);
            let fixed = f.fixed_usd_per_month;
            let m = f.min_replicas;
            if capacity.is_infinite() {
                // The fleet never grows: a flat cost m·G + F against c·R.
                return Some((m * g + fixed) / c);
            }
            let api_per_replica = c * capacity;
            if api_per_replica <= g {
                return None;
            }
            let bound = (api_per_replica + fixed) / (api_per_replica - g);
            let last_step = m.max(ceil_tolerant(bound) - 1.0);
            Some((last_step * g + fixed) / c)
        }
    }
}
