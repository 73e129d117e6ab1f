//! Monthly cost of each option at a given volume (docs/cost-model.md §1–§4).

use profiles::Workload;

use crate::break_even::{last_losing_volume, BreakEvenVolume};
use crate::fleet::{FleetBill, FleetModel, GpuCost, Owned, Rented, ReservedBase};
use crate::input::Scaling as ScalingInput;
use crate::scenario::{Fleet, FleetGpu, PricedApi, Scenario, SlmServing};

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

/// (1+a)^((t−1)/12): a price's multiplier in month t (1-based) under a yearly change a.
pub fn price_factor(price_change_annual: f64, month: u32) -> f64 {
    (1.0 + price_change_annual).powf((f64::from(month) - 1.0) / 12.0)
}

/// What one request costs on an API, interactive and batch (USD).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RequestPrice {
    /// c = (I·(1−κ_a−ω_a)·p_in + I·κ_a·p_cached + I·ω_a·p_write + (O+O_r)·p_out)/1e6
    /// + p_request, with κ_a, ω_a = κ, ω when I ≥ the caching minimum, else 0.
    pub interactive_usd: f64,
    /// c_batch = (I·p_in_batch + (O+O_r)·p_out_batch)/1e6 + p_request.
    pub batch_usd: f64,
}

impl RequestPrice {
    /// (1−β)·c + β·c_batch: the mean over interactive and batch requests.
    pub fn blended_usd(&self, batch_share: f64) -> f64 {
        (1.0 - batch_share) * self.interactive_usd + batch_share * self.batch_usd
    }
}

/// The per-request prices of an API for a workload whose tokens are scaled by τ (1 for
/// the LLM); `reasoning` adds the API's hidden reasoning tokens to the output.
pub fn request_price(api: &PricedApi, w: &Workload, token_ratio: f64) -> RequestPrice {
    let p = &api.prices;
    let input = token_ratio * w.input_tokens;
    let output = token_ratio * w.output_tokens + api.reasoning_tokens;
    // Below the provider's minimum prompt length nothing is read from or written to the
    // cache: the whole prompt is fresh input.
    let caches = input >= api.min_cached_input_tokens;
    let (kappa, omega) = if caches {
        (w.cached_input_share, w.cache_write_share)
    } else {
        (0.0, 0.0)
    };
    let interactive = (input * (1.0 - kappa - omega) * p.input_usd_per_mtok
        + input * kappa * p.cached_input_usd_per_mtok
        + input * omega * api.cache_write_usd_per_mtok
        + output * p.output_usd_per_mtok)
        / 1e6
        + p.usd_per_request;
    let batch = (input * api.batch_input_usd_per_mtok + output * api.batch_output_usd_per_mtok)
        / 1e6
        + p.usd_per_request;
    RequestPrice {
        interactive_usd: interactive,
        batch_usd: batch,
    }
}

/// a = (1−β)·c + β·c_batch for the LLM: A(R) = R·a in month 1.
pub fn api_usd_per_request(s: &Scenario) -> f64 {
    request_price(&s.llm, &s.workload, 1.0).blended_usd(s.workload.batch_share)
}

/// The same for a hosted SLM, its tokens scaled by τ.
pub fn slm_api_usd_per_request(s: &Scenario, api: &PricedApi) -> f64 {
    request_price(api, &s.workload, s.slm.token_ratio).blended_usd(s.workload.batch_share)
}

/// GPU-seconds one request holds a replica: t = τ·I·(1−κ_s)/P + τ·O/D, κ_s = κ with
/// prefix caching, else 0.
pub fn gpu_seconds_per_request(f: &Fleet, w: &Workload, token_ratio: f64) -> f64 {
    let kappa = if f.prefix_caching {
        w.cached_input_share
    } else {
        0.0
    };
    token_ratio * w.input_tokens * (1.0 - kappa) / f.prefill_tokens_per_s
        + token_ratio * w.output_tokens / f.decode_tokens_per_s
}

/// The scenario's fleet as the sizing and billing code takes it, with rented prices ×
/// `price_factor` (month t's price trend; owned capital and energy do not move).
pub fn fleet_model(s: &Scenario, f: &Fleet, price_factor: f64) -> FleetModel {
    let gpu = match f.gpu {
        FleetGpu::Rented {
            usd_per_gpu_hour,
            discount,
            spot_share,
            spot_usd_per_gpu_hour,
            spot_overhead,
            reserved_instances,
            cold_start_s,
        } => GpuCost::Rented(Rented {
            usd_per_gpu_hour: usd_per_gpu_hour * price_factor,
            reserved_discount: discount,
            spot_share,
            spot_usd_per_gpu_hour: spot_usd_per_gpu_hour.unwrap_or(0.0)
                * (1.0 + spot_overhead)
                * price_factor,
            reserved: reserved_instances.map_or(ReservedBase::Optimal, ReservedBase::Fixed),
            cold_start_s,
        }),
        FleetGpu::Owned {
            inputs,
            idle_power_watts,
            ..
        } => GpuCost::Owned(Owned {
            capital_usd_per_gpu_month: inputs.purchase_usd / inputs.amortisation_months,
            power_watts: inputs.power_watts,
            idle_power_watts,
            usd_per_watt_hour: inputs.pue * inputs.electricity_usd_per_kwh / 1000.0,
        }),
    };
    FleetModel {
        seconds_per_request: gpu_seconds_per_request(f, &s.workload, s.slm.token_ratio),
        target_utilization: f.target_utilization,
        min_replicas: f.min_replicas,
        spare_replicas: f.spare_replicas,
        scaling: match f.scaling {
            ScalingInput::AlwaysOn => crate::fleet::Scaling::AlwaysOn,
            ScalingInput::Hourly => crate::fleet::Scaling::Hourly,
        },
        gpus_per_replica: f.gpus_per_replica,
        gpus_per_instance: f.gpus_per_instance,
        gpu,
        ops_usd_per_month: f.ops_fte * f.fte_usd_per_year / 12.0,
        fixed_usd_per_month: f.fixed_usd_per_month,
    }
}

/// The SLM serving `requests_per_month` (self-hosted fleet or hosted API).
#[derive(Debug, Clone, PartialEq)]
pub struct SlmCost {
    /// S(R) for a fleet, R·a_slm for a hosted SLM.
    pub monthly_usd: f64,
    /// How the fleet was sized and billed; None for a hosted SLM (and for no SLM at all).
    pub fleet: Option<FleetBill>,
}

/// SLM(R) in month 1.
pub fn slm_cost(s: &Scenario, requests_per_month: f64) -> SlmCost {
    slm_cost_in_month(s, requests_per_month, 1)
}

/// SLM(R) with month t's prices: the fleet's bill (`FleetModel::bill` over the scenario's
/// traffic), or R·a_slm for a hosted SLM, rented and hosted prices × (1+a_slm)^((t−1)/12).
pub fn slm_cost_in_month(s: &Scenario, requests_per_month: f64, month: u32) -> SlmCost {
    match &s.slm.serving {
        SlmServing::SelfHosted(f) => {
            let factor = price_factor(f.price_change_annual, month);
            let bill = fleet_model(s, f, factor).bill(&s.traffic(), requests_per_month);
            SlmCost {
                monthly_usd: bill.monthly_usd,
                fleet: Some(bill),
            }
        }
        SlmServing::Api(api) => SlmCost {
            monthly_usd: requests_per_month
                * slm_api_usd_per_request(s, api)
                * price_factor(api.price_change_annual, month),
            fleet: None,
        },
    }
}

/// The hybrid at one volume and one SLM share (router semantics; a cascade is share 1).
#[derive(Debug, Clone, PartialEq)]
pub struct HybridCost {
    /// R_slm = s·R.
    pub slm_requests_per_month: f64,
    /// R_llm = (1−s)·R + e·s·R.
    pub llm_requests_per_month: f64,
    /// SLM(R_slm); zero, with no fleet, at s = 0.
    pub slm: SlmCost,
    /// R_llm·a.
    pub llm_usd_per_month: f64,
    /// `[split]·R·ρ`, where split = s > 0 and (s < 1 or e > 0).
    pub router_usd_per_month: f64,
    /// `Hy = SLM(R_slm) + R_llm·a + [split]·R·ρ`.
    pub monthly_usd: f64,
    /// `hybrid_quality` at s.
    pub quality: Option<f64>,
}

/// `Hy(R, s)` in month 1.
pub fn hybrid_cost(s: &Scenario, requests_per_month: f64, slm_share: f64) -> HybridCost {
    hybrid_cost_in_month(s, requests_per_month, slm_share, 1)
}

/// `Hy(R, s) = SLM(s·R) + ((1−s)·R + e·s·R)·a + [split]·R·ρ`, with month t's prices.
///
/// Router: the SLM serves s·R, the LLM (1−s)·R + e·s·R. A cascade is the router at s = 1.
/// The SLM's fleet follows the same week at s of the traffic.
///
/// No SLM is deployed at s = 0, and the router fee is charged only when requests are
/// actually split between two models (0 < s < 1, or escalations): a degenerate hybrid is
/// then exactly the single option it reduces to.
pub fn hybrid_cost_in_month(
    s: &Scenario,
    requests_per_month: f64,
    slm_share: f64,
    month: u32,
) -> HybridCost {
    let e = s.routing.escalation_rate;
    let slm_requests = slm_share * requests_per_month;
    let llm_requests = (1.0 - slm_share) * requests_per_month + e * slm_requests;
    let slm = if slm_share > 0.0 {
        slm_cost_in_month(s, slm_requests, month)
    } else {
        SlmCost {
            monthly_usd: 0.0,
            fleet: None,
        }
    };
    let llm_usd =
        llm_requests * api_usd_per_request(s) * price_factor(s.llm.price_change_annual, month);
    let splits = slm_share > 0.0 && (slm_share < 1.0 || e > 0.0);
    let router_usd = if splits {
        requests_per_month * s.routing.router_usd_per_request
    } else {
        0.0
    };
    HybridCost {
        slm_requests_per_month: slm_requests,
        llm_requests_per_month: llm_requests,
        monthly_usd: slm.monthly_usd + llm_usd + router_usd,
        slm,
        llm_usd_per_month: llm_usd,
        router_usd_per_month: router_usd,
        quality: hybrid_quality(s, slm_share),
    }
}

/// s·((1−e)·q_slm + e·q_llm) + (1−s)·q_llm, when both qualities are given.
pub fn hybrid_quality(s: &Scenario, slm_share: f64) -> Option<f64> {
    let (q_slm, q_llm) = (s.routing.slm_quality?, s.routing.llm_quality?);
    let e = s.routing.escalation_rate;
    Some(slm_share * ((1.0 - e) * q_slm + e * q_llm) + (1.0 - slm_share) * q_llm)
}

/// Break-even volume R* = sup{R ≥ 0 : S(R) > A(R)} in month 1: 0 when the API never
/// costs less; None when self-hosting's cost grows at least as fast as the API's.
///
/// A hosted SLM costs R·a_slm: R* is 0 when a_slm < a, else None. A fleet's S is a step
/// function of R; `break_even::last_losing_volume` finds its last losing step exactly.
/// For the v1 fleet (no shape, always on) this is the closed form
/// R* = (J·G + F)/c for the last step J < (cC+F)/(cC−G).
pub fn break_even_requests(s: &Scenario) -> Option<f64> {
    match break_even(s) {
        BreakEvenVolume::Exact(r) | BreakEvenVolume::AtMost(r) => Some(r),
        BreakEvenVolume::Unbounded => None,
    }
}

/// The break-even search's outcome (see `break_even_requests`), telling an exact R* from
/// the upper bound left when the search ran out of steps.
pub fn break_even(s: &Scenario) -> BreakEvenVolume {
    let a = api_usd_per_request(s);
    match &s.slm.serving {
        SlmServing::Api(api) => {
            if slm_api_usd_per_request(s, api) < a {
                BreakEvenVolume::Exact(0.0)
            } else {
                BreakEvenVolume::Unbounded
            }
        }
        SlmServing::SelfHosted(f) => {
            let model = fleet_model(s, f, 1.0);
            let traffic = s.traffic();
            last_losing_volume(
                |r| model.bill(&traffic, r).monthly_usd,
                a,
                &model.cost_bounds(&traffic),
            )
        }
    }
}
