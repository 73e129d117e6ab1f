//! Monthly cost of each option at a given volume (docs/cost-model.md §1–§5).

use profiles::Workload;

use crate::break_even::{last_losing_volume, BreakEvenVolume};
use crate::fleet::{
    Breakdown, FleetBill, FleetCost, FleetModel, GpuCost, Owned, Rented, ReservedBase, Slots,
};
use crate::input::Scaling as ScalingInput;
use crate::scenario::{Fleet, FleetGpu, PricedApi, Scenario, SlmServing};

/// Relative distance within which a value counts as the integer next to it, so that
/// 3.0000000000000004 replicas (float noise) is 3, not 4.
const INTEGER_TOLERANCE: f64 = 1e-9;

/// ⌈x⌉, treating values within 1e-9 relative of an integer as that integer.
pub fn ceil_tolerant(x: f64) -> f64 {
    // Below 2^52 an integer cast is exact and far cheaper than libm's round and ceil,
    // which the fleet calls for every hour of every volume it prices.
    if (0.0..4_503_599_627_370_496.0).contains(&x) {
        let floor = x as u64 as f64;
        let nearest = if x - floor >= 0.5 { floor + 1.0 } else { floor };
        return if (x - nearest).abs() <= INTEGER_TOLERANCE * nearest {
            nearest
        } else {
            crate::fleet::whole_ceil(x)
        };
    }
    let nearest = x.round();
    if (x - nearest).abs() <= INTEGER_TOLERANCE * nearest.abs() {
        nearest
    } else {
        x.ceil()
    }
}

/// (1+a)^((t−1)/12): a price's multiplier in month t (1-based) under a yearly change a.
pub fn price_factor(price_change_annual: f64, month: u32) -> f64 {
    if price_change_annual == 0.0 || month == 1 {
        // Exactly 1, and no powf in the Monte Carlo's inner loop.
        return 1.0;
    }
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
/// prefix caching, else 0 (P and D × the Monte Carlo's throughput scale, 1 as typed).
pub fn gpu_seconds_per_request(f: &Fleet, w: &Workload, token_ratio: f64) -> f64 {
    gpu_seconds(
        f,
        w.input_tokens,
        w.cached_input_share,
        w.output_tokens,
        token_ratio,
    )
}

/// GPU-seconds some tokens hold a replica: τ·input·(1 − κ_s)/P + τ·output/D, κ_s the
/// cached share of the input with prefix caching, else 0 (P and D × the throughput
/// scale, 1 as typed): a request's means (above) or an hour's totals (the replay).
pub fn gpu_seconds(
    f: &Fleet,
    input_tokens: f64,
    cached_input_share: f64,
    output_tokens: f64,
    token_ratio: f64,
) -> f64 {
    let kappa = if f.prefix_caching {
        cached_input_share
    } else {
        0.0
    };
    token_ratio * input_tokens * (1.0 - kappa) / (f.prefill_tokens_per_s * f.throughput_scale)
        + token_ratio * output_tokens / (f.decode_tokens_per_s * f.throughput_scale)
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

/// A fleet's rented parts (reserved, on demand, spot, cold starts) × `factor`: month t's
/// price trend. The schedule and the reserved base do not move, since every rented price
/// scales alike; owned capital and energy, people and F do not move.
fn trended(b: Breakdown, factor: f64) -> Breakdown {
    Breakdown {
        reserved_usd: b.reserved_usd * factor,
        on_demand_usd: b.on_demand_usd * factor,
        spot_usd: b.spot_usd * factor,
        cold_start_usd: b.cold_start_usd * factor,
        ..b
    }
}

/// A scenario ready to be priced at many volumes: its traffic's slots, its fleet and its
/// per-request prices worked out once. A plan prices the fleet hundreds of times and a
/// Monte Carlo millions, so nothing here allocates per volume.
pub struct Pricing<'a> {
    s: &'a Scenario,
    slots: Slots,
    fleet: Option<FleetModel>,
    /// a: the LLM's blended USD per request in month 1.
    api_per_request: f64,
    /// a_slm for a hosted SLM.
    slm_api_per_request: Option<f64>,
}

impl<'a> Pricing<'a> {
    /// Works out everything that does not depend on the volume.
    pub fn new(s: &'a Scenario) -> Self {
        let (fleet, slm_api_per_request) = match &s.slm.serving {
            SlmServing::SelfHosted(f) => (Some(fleet_model(s, f, 1.0)), None),
            SlmServing::Api(api) => (None, Some(slm_api_usd_per_request(s, api))),
        };
        Self {
            s,
            slots: Slots::of(&s.traffic()),
            fleet,
            api_per_request: api_usd_per_request(s),
            slm_api_per_request,
        }
    }

    /// The scenario being priced.
    pub fn scenario(&self) -> &Scenario {
        self.s
    }

    /// A(R) in month t: R·a·(1+a_llm)^((t−1)/12).
    pub fn api_usd(&self, requests_per_month: f64, month: u32) -> f64 {
        requests_per_month
            * self.api_per_request
            * price_factor(self.s.llm.price_change_annual, month)
    }

    /// a: the LLM's blended USD per request in month 1.
    pub fn api_usd_per_request(&self) -> f64 {
        self.api_per_request
    }

    /// The SLM alone in month t: its monthly cost and, for a fleet, how it is made up.
    pub fn slm_usd(&self, requests_per_month: f64, month: u32) -> (f64, Option<FleetCost>) {
        match (&self.fleet, &self.s.slm.serving) {
            (Some(model), SlmServing::SelfHosted(f)) => {
                let mut cost = model.cost(&self.slots, requests_per_month);
                cost.breakdown =
                    trended(cost.breakdown, price_factor(f.price_change_annual, month));
                (cost.breakdown.total_usd(), Some(cost))
            }
            (_, SlmServing::Api(api)) => (
                requests_per_month
                    * self.slm_api_per_request.unwrap_or(0.0)
                    * price_factor(api.price_change_annual, month),
                None,
            ),
            (None, SlmServing::SelfHosted(_)) => (0.0, None),
        }
    }

    /// The SLM alone in month 1 with the fleet's hour-by-hour schedule.
    pub fn slm_bill(&self, requests_per_month: f64) -> SlmCost {
        match &self.fleet {
            Some(model) => {
                let bill = model.bill_in(&self.slots, requests_per_month);
                SlmCost {
                    monthly_usd: bill.monthly_usd,
                    fleet: Some(bill),
                }
            }
            None => SlmCost {
                monthly_usd: self.slm_usd(requests_per_month, 1).0,
                fleet: None,
            },
        }
    }

    /// R_slm = s·R, R_llm = (1−s)·R + e·s·R and the router fee [split]·R·ρ of the hybrid
    /// at share s (docs/cost-model.md §4); split = s > 0 and (s < 1 or e > 0). Linear in R:
    /// the replay of a trace splits every hour with it.
    pub fn split(&self, requests_per_month: f64, slm_share: f64) -> (f64, f64, f64) {
        self.split_at(
            requests_per_month,
            slm_share,
            self.s.routing.escalation_rate,
        )
    }

    /// [`Pricing::split`] at escalation rate e instead of the scenario's: a measured
    /// cascade curve prices each of its thresholds with it.
    pub fn split_at(&self, requests_per_month: f64, slm_share: f64, e: f64) -> (f64, f64, f64) {
        let slm_requests = slm_share * requests_per_month;
        let llm_requests = (1.0 - slm_share) * requests_per_month + e * slm_requests;
        let splits = slm_share > 0.0 && (slm_share < 1.0 || e > 0.0);
        let router = if splits {
            requests_per_month * self.s.routing.router_usd_per_request
        } else {
            0.0
        };
        (slm_requests, llm_requests, router)
    }

    /// Hy(R, s) in month t and its SLM part's fleet cost (None for a hosted SLM or s = 0).
    pub fn hybrid_usd(
        &self,
        requests_per_month: f64,
        slm_share: f64,
        month: u32,
    ) -> (f64, Option<FleetCost>) {
        self.hybrid_usd_at(
            requests_per_month,
            slm_share,
            self.s.routing.escalation_rate,
            month,
        )
    }

    /// Hy(R, s) in month t at escalation rate e instead of the scenario's (a measured
    /// cascade's threshold), without copying the scenario.
    pub fn hybrid_usd_at(
        &self,
        requests_per_month: f64,
        slm_share: f64,
        e: f64,
        month: u32,
    ) -> (f64, Option<FleetCost>) {
        let (slm_requests, llm_requests, router) = self.split_at(requests_per_month, slm_share, e);
        let (slm, fleet) = if slm_share > 0.0 {
            self.slm_usd(slm_requests, month)
        } else {
            (0.0, None)
        };
        (slm + self.api_usd(llm_requests, month) + router, fleet)
    }

    /// The hybrid in month 1, in full.
    pub fn hybrid(&self, requests_per_month: f64, slm_share: f64) -> HybridCost {
        let (slm_requests, llm_requests, router) = self.split(requests_per_month, slm_share);
        let slm = if slm_share > 0.0 {
            self.slm_bill(slm_requests)
        } else {
            SlmCost {
                monthly_usd: 0.0,
                fleet: None,
            }
        };
        let llm_usd = self.api_usd(llm_requests, 1);
        HybridCost {
            slm_requests_per_month: slm_requests,
            llm_requests_per_month: llm_requests,
            monthly_usd: slm.monthly_usd + llm_usd + router,
            slm,
            llm_usd_per_month: llm_usd,
            router_usd_per_month: router,
            quality: hybrid_quality(self.s, slm_share),
        }
    }

    /// The break-even search (`break_even`).
    pub fn break_even(&self) -> BreakEvenVolume {
        let a = self.api_per_request;
        match (&self.fleet, self.slm_api_per_request) {
            (Some(model), _) => last_losing_volume(
                |r| model.cost(&self.slots, r).breakdown.total_usd(),
                a,
                &model.cost_bounds_in(&self.slots),
            ),
            (None, Some(slm)) if slm < a => BreakEvenVolume::Exact(0.0),
            (None, _) => BreakEvenVolume::Unbounded,
        }
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

/// SLM(R) in month 1, with the fleet's schedule.
pub fn slm_cost(s: &Scenario, requests_per_month: f64) -> SlmCost {
    Pricing::new(s).slm_bill(requests_per_month)
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

/// `Hy(R, s) = SLM(s·R) + ((1−s)·R + e·s·R)·a + [split]·R·ρ` in month 1.
///
/// Router: the SLM serves s·R, the LLM (1−s)·R + e·s·R. A cascade is the router at s = 1.
/// The SLM's fleet follows the same week at s of the traffic.
///
/// No SLM is deployed at s = 0, and the router fee is charged only when requests are
/// actually split between two models (0 < s < 1, or escalations): a degenerate hybrid is
/// then exactly the single option it reduces to.
pub fn hybrid_cost(s: &Scenario, requests_per_month: f64, slm_share: f64) -> HybridCost {
    Pricing::new(s).hybrid(requests_per_month, slm_share)
}

/// s·((1−e)·q_slm + e·q_llm) + (1−s)·q_llm, when both qualities are given. With a
/// measured cascade curve (`routing.measured`, always a cascade) the SLM path's quality is
/// the curve's at e instead, linear between its neighbouring points: s·q_m(e) + (1−s)·q_llm.
pub fn hybrid_quality(s: &Scenario, slm_share: f64) -> Option<f64> {
    let q_llm = s.routing.llm_quality?;
    let e = s.routing.escalation_rate;
    let slm_path = match &s.routing.measured {
        Some(m) => m.at(e).quality,
        None => (1.0 - e) * s.routing.slm_quality? + e * q_llm,
    };
    Some(slm_share * slm_path + (1.0 - slm_share) * q_llm)
}

/// The quality the floor is judged on (docs/cost-model.md §4): with a measured curve its
/// one-sided lower 95 % bound at e for the hybrid (s·q_low(e) + (1−s)·q_low(1)); without
/// one, the point estimate [`hybrid_quality`].
pub fn hybrid_quality_for_floor(s: &Scenario, slm_share: f64) -> Option<f64> {
    match &s.routing.measured {
        Some(m) => {
            let own = m.at(s.routing.escalation_rate).quality_lower_95;
            let llm = m.at(1.0).quality_lower_95;
            Some(slm_share * own + (1.0 - slm_share) * llm)
        }
        None => hybrid_quality(s, slm_share),
    }
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
    Pricing::new(s).break_even()
}
