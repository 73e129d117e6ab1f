//! The full result of a scenario, in the shape of the CLI's and the API's JSON.

use serde::{Deserialize, Serialize};

use crate::break_even::BreakEvenVolume;
use crate::cost::{fleet_model, Pricing};
use crate::fleet::{Breakdown, FleetBill, GpuCost, ReservedBase, Scaling, SlotFleet};
use crate::quality::{feasible, recommended, Choice};
use crate::roi::{roi_priced, Alternative, Roi};
use crate::scenario::{
    FleetGpu, GpuBasis, PriceSource, Scenario, SlmModel, SlmServing, Throughput,
};
use crate::sensitivity::{tornado, tornado_for, SensitivityRow};
use crate::uncertainty::{simulate, UncertaintyResult};

/// Version of the result format; bumped when a field changes meaning.
pub const RESULT_FORMAT: &str = "breakeven.plan.v3";
/// The cost model the figures come from (docs/cost-model.md): 2 since the fleet follows the
/// week, rents whole instances and counts people, and ROI is in cash.
pub const MODEL_VERSION: u32 = 2;

/// Something valid but worth a second look, with a stable code for programs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Warning {
    /// Stable identifier: `suspect_gpu_price`, `free_llm`, `batch_prices_missing`,
    /// `price_flagged`, `spot_reclaimable`, `no_people_cost`, `break_even_search_limit`,
    /// `measured_interpolated`, `measured_quality_differs`, `measured_floor_lower_bound`.
    pub code: String,
    /// The field it concerns (a scenario path; `vocabulary::label` gives its words).
    pub field: String,
    /// What to look at, as a sentence.
    pub message: String,
}

impl Warning {
    pub(crate) fn new(code: &str, field: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_string(),
            field: field.to_string(),
            message: message.into(),
        }
    }
}

/// Every figure of a scenario (docs/cost-model.md §1–§10): what `POST /api/v1/plan` and
/// `breakeven plan` answer, and what the planner and the reports show. Money is USD a
/// month at the scenario's month-1 volume unless a field says otherwise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PlanResult {
    /// [`RESULT_FORMAT`]: a reader can tell which meaning the fields have.
    pub format: String,
    /// [`MODEL_VERSION`]: the cost model the figures come from.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub model_version: u32,
    /// The scenario's name.
    pub scenario: String,
    /// The prices the figures were computed with, and where each came from.
    pub prices: PricesUsed,
    /// The baseline: every request on the LLM API (§1).
    pub api: ApiResult,
    /// The SLM serving every request alone (§3), self-hosted or a hosted API.
    pub self_hosted: SelfHostedResult,
    /// The SLM and the LLM together at the scenario's share (§4).
    pub hybrid: HybridResult,
    /// The volume from which the SLM alone stays cheaper than the API (§5).
    pub break_even: BreakEven,
    /// Payback, NPV and the monthly cash flow of each option against the API (§6).
    pub roi: RoiResults,
    /// Quantiles over the Monte Carlo draws (§7); None without an `uncertainty` section.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub uncertainty: Option<UncertaintyResult>,
    /// How far the hybrid's savings move when each input moves ±20 %, largest swing first
    /// (§8).
    pub sensitivity: Vec<SensitivityRow>,
    /// The hybrid's cost and quality at SLM shares 0, 0.01, …, 1 (§9): 101 points; with a
    /// measured cascade curve (`routing.measured`), the cascade at each measured threshold.
    pub routing_curve: Vec<RoutingPoint>,
    /// The cheapest SLM share on the curve that meets `routing.min_quality` (the cheapest
    /// overall when no minimum is set); null when no share meets it. 1 on a measured
    /// cascade curve where a point meets it.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub routing_best_slm_share: Option<f64>,
    /// On a measured cascade curve: the escalation rate of its cheapest point that meets
    /// `routing.min_quality` by its lower 95 % bound (the lowest rate on a tie); null
    /// without a measured curve or when no point meets the floor.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub routing_best_escalation_rate: Option<f64>,
    /// The same ±20 % moves for the recommended option's savings against the API; empty
    /// when the API is recommended or nothing is.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub sensitivity_recommended: Vec<SensitivityRow>,
    /// The cheapest option in month 1 that meets the quality floor (ties: api, then
    /// self_hosted, then hybrid); null when none meets it.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub recommended: Option<Choice>,
    /// Inputs that are valid but worth a second look (a suspect GPU price, a free LLM, no
    /// people cost).
    pub warnings: Vec<Warning>,
}

/// How a fleet was sized and billed in month 1 (null fields for a hosted SLM, or for the
/// hybrid at share 0).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct FleetFigures {
    /// The most replicas running in any hour (n = max(m, ⌈R/C⌉) without a shape).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub replicas: Option<f64>,
    /// Σ replicas × hours over the month.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub replica_hours_per_month: Option<f64>,
    /// The most instances rented (or owned) in any hour.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub instances: Option<f64>,
    /// GPU-hours billed: reserved GPUs all month plus the burst (owned: GPUs serving).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub gpu_hours_per_month: Option<f64>,
    /// b: instances reserved all month (owned: the owned fleet).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub reserved_instances: Option<f64>,
    /// Instances started a month (their cold starts are billed).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub instance_starts_per_month: Option<f64>,
    /// The fleet in each of the week's 168 hours (Monday 00:00 first), or one entry without
    /// a load shape.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub schedule: Vec<SlotFleet>,
    /// The monthly bill by part.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub breakdown: Option<Breakdown>,
}

impl FleetFigures {
    fn of(bill: Option<&FleetBill>) -> Self {
        let Some(b) = bill else {
            return Self::default();
        };
        Self {
            replicas: Some(b.peak_replicas),
            replica_hours_per_month: Some(b.replica_hours_per_month),
            instances: Some(b.peak_instances),
            gpu_hours_per_month: Some(b.gpu_hours_per_month),
            reserved_instances: Some(b.reserved_instances),
            instance_starts_per_month: Some(b.instance_starts_per_month),
            schedule: b.schedule.clone(),
            breakdown: Some(b.breakdown),
        }
    }
}

/// The month-1 fleet bill under each scaling policy, so the saving of each choice shows.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Policies {
    /// Always on at the week's peak, with the scenario's reserved base.
    pub always_on_usd: f64,
    /// Hourly, nothing reserved (owned: hourly on the owned fleet).
    pub hourly_usd: f64,
    /// Hourly with the optimal reserved base.
    pub hourly_optimal_reserved_usd: f64,
}

/// The per-request prices the figures were computed with, and their source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PricesUsed {
    /// Where the LLM's prices came from (table row, typed overrides).
    pub llm: PriceSource,
    /// Set when the SLM is a hosted API.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub slm: Option<PriceSource>,
    /// Set when the SLM is self-hosted: where the GPU price came from.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub gpu: Option<GpuBasis>,
    /// Set when the SLM is self-hosted: where its throughput comes from (typed, a benchmark,
    /// an endpoint benchmark, a projection), what was measured (model, device, hardware,
    /// lengths, concurrency) and whether its decode was adjusted to the scenario's lengths.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub throughput: Option<Throughput>,
    /// Set when the SLM is self-hosted and names its model (`slm.model`): the catalog model,
    /// its number format and the sizes that follow.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub model: Option<SlmModel>,
}

/// The LLM API serving every request: A(R) = R·c (§1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ApiResult {
    /// A(R): USD a month at the month-1 volume.
    pub monthly_usd: f64,
    /// a: USD per request, `monthly_usd` / R; null when R = 0.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub usd_per_request: Option<f64>,
    /// `llm_quality` meets `routing.min_quality` (true without a floor).
    #[serde(default = "yes")]
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub meets_quality: bool,
}

fn yes() -> bool {
    true
}

/// The SLM serving every request alone: a self-hosted fleet S(R) (§3), or a
/// hosted SLM API at R·c_slm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct SelfHostedResult {
    /// "self_hosted" or "api" (a hosted SLM endpoint).
    pub serving: String,
    /// USD a month at the month-1 volume, fleet and fixed cost included.
    pub monthly_usd: f64,
    /// `monthly_usd` / R; null when R = 0.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub usd_per_request: Option<f64>,
    /// μ = 1/t: requests per second one replica serves at full load. Null for an API, or
    /// when a request has no tokens (t = 0).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub capacity_requests_per_s: Option<f64>,
    /// The fleet's GPU bill a month (every part but people and F). Null for an API.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub gpu_usd_per_month: Option<f64>,
    /// F, as given. Null for an API.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub fixed_usd_per_month: Option<f64>,
    /// How the fleet was sized and billed.
    #[serde(flatten)]
    pub fleet: FleetFigures,
    /// The bill under always-on, hourly, and hourly with the optimal reserved base; null
    /// without a load shape or for an API.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub policies: Option<Policies>,
    /// `slm_quality` meets `routing.min_quality` (true without a floor).
    #[serde(default = "yes")]
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub meets_quality: bool,
}

impl SelfHostedResult {
    /// The SLM is bought from a hosted API (`serving` "api"), not served by a fleet.
    pub fn is_hosted_api(&self) -> bool {
        self.serving == "api"
    }
}

/// The hybrid at the scenario's share: `Hy(R, s) = SLM(s·R) + R_llm·c + [split]·R·ρ` (§4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct HybridResult {
    /// s: the share of requests that enter the SLM path (1 in cascade mode).
    pub slm_share: f64,
    /// Hy: USD a month, SLM, LLM and router together.
    pub monthly_usd: f64,
    /// `monthly_usd` / R; null when R = 0.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub usd_per_request: Option<f64>,
    /// R_llm = (1−s)·R + e·s·R: requests the LLM answers, escalations included.
    pub llm_requests_per_month: f64,
    /// R_slm = s·R: requests the SLM answers.
    pub slm_requests_per_month: f64,
    /// SLM(R_slm): the SLM's fleet (or hosted API) bill; 0 at s = 0, where none is deployed.
    pub slm_usd_per_month: f64,
    /// R_llm·c: the LLM API bill.
    pub llm_usd_per_month: f64,
    /// R·ρ when requests are split between the two models, else 0.
    pub router_usd_per_month: f64,
    /// The SLM fleet at R_slm (its `replicas` is the peak); null fields for a hosted SLM
    /// or at s = 0.
    #[serde(flatten)]
    pub fleet: FleetFigures,
    /// s·((1−e)·q_slm + e·q_llm) + (1−s)·q_llm, when both qualities are given.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub quality: Option<f64>,
    /// The hybrid's quality meets `routing.min_quality` (true without a floor).
    #[serde(default = "yes")]
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub meets_quality: bool,
}

/// R*: the volume from which the SLM alone costs no more than the API at every larger
/// volume (§5).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct BreakEven {
    /// R* in requests a month; 0 when a hosted SLM is cheaper per request; null when the
    /// API stays cheaper somewhere above any volume.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub requests_per_month: Option<f64>,
    /// R*·(I + O): the same volume in tokens a month.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub tokens_per_month: Option<f64>,
}

/// The ROI of each option against the API over the horizon (§6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RoiResults {
    /// The SLM serving every request, against the API.
    pub self_hosted: Roi,
    /// The hybrid at the scenario's share, against the API.
    pub hybrid: Roi,
}

/// One point of the routing curve (§9): the hybrid at one SLM share and the month-1 volume.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RoutingPoint {
    /// s, 0 to 1 in steps of 0.01.
    pub slm_share: f64,
    /// Hy(R, s): USD a month.
    pub monthly_usd: f64,
    /// quality(s), when both qualities are given.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub quality: Option<f64>,
    /// quality(s) ≥ q_min (within 1e-12); true at every share when no minimum is set. On a
    /// measured curve, its lower 95 % bound ≥ q_min.
    pub meets_min_quality: bool,
    /// A measured curve's point only: q(θ)'s one-sided lower 95 % bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality_lower_95: Option<f64>,
    /// A measured curve's point only: e(θ), the share of requests escalated to the LLM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalation_rate: Option<f64>,
    /// A measured curve's point only: θ, the confidence below which a request escalates
    /// (None at the two ends, and on the share curve).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
}

/// Steps of the routing curve: shares 0, 0.01, …, 1.
const CURVE_STEPS: u32 = 100;

fn per_request(monthly: f64, requests: f64) -> Option<f64> {
    (requests > 0.0).then(|| monthly / requests)
}

/// Computes every figure of a validated scenario.
pub fn plan(s: &Scenario) -> PlanResult {
    let requests = s.workload.requests_per_month;
    let pricing = Pricing::new(s);
    let api_monthly = pricing.api_usd(requests, 1);
    let own = pricing.slm_bill(requests);
    let share = s.routing.effective_slm_share();
    let hybrid = pricing.hybrid(requests, share);
    let found = pricing.break_even();
    let break_even = match found {
        BreakEvenVolume::Exact(r) | BreakEvenVolume::AtMost(r) => Some(r),
        BreakEvenVolume::Unbounded => None,
    };
    let routing_curve = routing_curve_priced(&pricing);
    let meets = feasible(s);
    let own_fleet = own.fleet.as_ref();
    let choice = recommended([api_monthly, own.monthly_usd, hybrid.monthly_usd], meets);
    PlanResult {
        format: RESULT_FORMAT.to_string(),
        model_version: MODEL_VERSION,
        scenario: s.name.clone(),
        prices: PricesUsed {
            llm: s.llm.source.clone(),
            slm: match &s.slm.serving {
                SlmServing::Api(api) => Some(api.source.clone()),
                SlmServing::SelfHosted(_) => None,
            },
            gpu: s.slm.gpu.clone(),
            throughput: s.slm.throughput.clone(),
            model: s.slm.model.clone(),
        },
        api: ApiResult {
            monthly_usd: api_monthly,
            usd_per_request: per_request(api_monthly, requests),
            meets_quality: meets[0],
        },
        self_hosted: SelfHostedResult {
            serving: match s.slm.serving {
                SlmServing::SelfHosted(_) => "self_hosted",
                SlmServing::Api(_) => "api",
            }
            .to_string(),
            monthly_usd: own.monthly_usd,
            usd_per_request: per_request(own.monthly_usd, requests),
            capacity_requests_per_s: capacity(s),
            gpu_usd_per_month: own_fleet.map(|f| f.breakdown.gpu_usd()),
            fixed_usd_per_month: own_fleet.map(|f| f.breakdown.fixed_usd),
            fleet: FleetFigures::of(own_fleet),
            policies: policies(s, requests),
            meets_quality: meets[1],
        },
        hybrid: HybridResult {
            slm_share: share,
            monthly_usd: hybrid.monthly_usd,
            usd_per_request: per_request(hybrid.monthly_usd, requests),
            llm_requests_per_month: hybrid.llm_requests_per_month,
            slm_requests_per_month: hybrid.slm_requests_per_month,
            slm_usd_per_month: hybrid.slm.monthly_usd,
            llm_usd_per_month: hybrid.llm_usd_per_month,
            router_usd_per_month: hybrid.router_usd_per_month,
            fleet: FleetFigures::of(hybrid.slm.fleet.as_ref()),
            quality: hybrid.quality,
            meets_quality: meets[2],
        },
        break_even: BreakEven {
            requests_per_month: break_even,
            tokens_per_month: break_even.map(|r| r * s.workload.tokens_per_request()),
        },
        roi: RoiResults {
            self_hosted: roi_priced(&pricing, Alternative::SelfHosted),
            hybrid: roi_priced(&pricing, Alternative::Hybrid),
        },
        uncertainty: s.uncertainty.as_ref().map(|u| simulate(s, u)),
        sensitivity: tornado(s),
        routing_best_slm_share: best(&routing_curve).map(|p| p.slm_share),
        routing_best_escalation_rate: best(&routing_curve).and_then(|p| p.escalation_rate),
        routing_curve,
        sensitivity_recommended: choice.map_or_else(Vec::new, |c| tornado_for(s, c)),
        recommended: choice,
        warnings: warnings(s, found),
    }
}

/// μ = 1/t for a fleet whose requests take GPU time.
fn capacity(s: &Scenario) -> Option<f64> {
    let SlmServing::SelfHosted(f) = &s.slm.serving else {
        return None;
    };
    let t = fleet_model(s, f, 1.0).seconds_per_request;
    (t > 0.0).then(|| 1.0 / t)
}

/// The month-1 bill under each policy, for a fleet with a load shape.
fn policies(s: &Scenario, requests: f64) -> Option<Policies> {
    let SlmServing::SelfHosted(f) = &s.slm.serving else {
        return None;
    };
    s.load_shape.as_ref()?;
    let traffic = s.traffic();
    let base = fleet_model(s, f, 1.0);
    let with = |scaling: Scaling, reserved: Option<ReservedBase>| {
        let mut m = base;
        m.scaling = scaling;
        if scaling == Scaling::AlwaysOn {
            m.min_replicas = m.min_replicas.max(1.0);
        }
        if let (GpuCost::Rented(r), Some(b)) = (&mut m.gpu, reserved) {
            r.reserved = b;
        }
        m.bill(&traffic, requests).monthly_usd
    };
    let scenario_base = match f.gpu {
        FleetGpu::Rented {
            reserved_instances, ..
        } => Some(reserved_instances.map_or(ReservedBase::Optimal, ReservedBase::Fixed)),
        FleetGpu::Owned { .. } => None,
    };
    Some(Policies {
        always_on_usd: with(Scaling::AlwaysOn, scenario_base),
        hourly_usd: with(Scaling::Hourly, Some(ReservedBase::Fixed(0.0))),
        hourly_optimal_reserved_usd: with(Scaling::Hourly, Some(ReservedBase::Optimal)),
    })
}

/// The plan's warnings: the scenario's own ([`scenario_warnings`]), then the break-even
/// search's limit when it was reached.
fn warnings(s: &Scenario, break_even: BreakEvenVolume) -> Vec<Warning> {
    let mut out = scenario_warnings(s);
    if let BreakEvenVolume::AtMost(r) = break_even {
        out.push(Warning::new(
            "break_even_search_limit",
            "slm",
            format!("the break-even search stopped after {} steps: R* is at most {r:.0} requests a month (the fleet's marginal cost is within a hair of the API's)", crate::break_even::MAX_STEPS),
        ));
    }
    out
}

/// The warnings a scenario carries whatever is computed from it: the throughput's fit
/// (§11), a suspect GPU offer, flagged price rows, a free LLM, batch requests without batch
/// prices, spot capacity, no people cost. Every figure priced from the scenario needs them
/// (the plan, and the replay of a trace on it, `traffic::replay`).
pub fn scenario_warnings(s: &Scenario) -> Vec<Warning> {
    let mut out = crate::throughput_source::warnings(s);
    if let Some(GpuBasis::Table { offer, flag, .. }) = &s.slm.gpu {
        if flag == "suspect" {
            out.push(Warning::new(
                "suspect_gpu_price",
                "slm.gpu",
                format!("{offer} is flagged suspect in the GPU table: check its price"),
            ));
        }
    }
    out.extend(flagged_prices(s));
    out.extend(measured_warnings(s));
    let p = &s.llm.prices;
    if p.input_usd_per_mtok == 0.0 && p.output_usd_per_mtok == 0.0 && p.usd_per_request == 0.0 {
        out.push(Warning::new(
            "free_llm",
            "llm",
            "every LLM price is $0: the API is free in this scenario",
        ));
    }
    if s.workload.batch_share > 0.0 {
        let apis = [
            ("llm", Some(&s.llm)),
            (
                "slm",
                match &s.slm.serving {
                    SlmServing::Api(a) => Some(a),
                    SlmServing::SelfHosted(_) => None,
                },
            ),
        ];
        for (section, api) in apis {
            if api.is_some_and(|a| !a.batch_prices_listed) {
                out.push(Warning::new(
                    "batch_prices_missing",
                    &format!("{section}.batch_input_usd_per_mtok"),
                    "the price table lists no batch prices for this model: batch requests are billed at the interactive prices",
                ));
            }
        }
    }
    if let SlmServing::SelfHosted(f) = &s.slm.serving {
        let spot = match f.gpu {
            FleetGpu::Rented { spot_share, .. } => {
                spot_share > 0.0
                    || matches!(&s.slm.gpu, Some(GpuBasis::Table { price, .. }) if *price == crate::scenario::GpuPriceKind::Spot)
            }
            FleetGpu::Owned { .. } => false,
        };
        if spot {
            out.push(Warning::new(
                "spot_reclaimable",
                "slm.spot_share",
                "spot capacity can be reclaimed at short notice: plan for retries or on-demand fallback",
            ));
        }
        if f.ops_fte * f.fte_usd_per_year == 0.0 && f.fixed_usd_per_month == 0.0 {
            out.push(Warning::new(
                "no_people_cost",
                "slm.ops_fte",
                format!(
                    "no people or tooling cost is included: a self-hosted fleet needs engineers to run it ({}, {}, {})",
                    crate::vocabulary::label("slm.ops_fte"),
                    crate::vocabulary::label("slm.fte_usd_per_year"),
                    crate::vocabulary::label("slm.fixed_usd_per_month")
                ),
            ));
        }
    }
    out
}

/// With a measured cascade curve: `measured_interpolated` when the scenario's escalation
/// rate lies between two measured points (its quality is read off the straight line between
/// them), `measured_quality_differs` when a typed SLM or LLM quality is not the curve's end,
/// and `measured_floor_lower_bound` when a quality floor is set (it is judged on the
/// curve's one-sided lower 95 % bound, not the point estimate).
fn measured_warnings(s: &Scenario) -> Vec<Warning> {
    use crate::format::percent;
    let Some(m) = &s.routing.measured else {
        return Vec::new();
    };
    let e = s.routing.escalation_rate;
    let here = m.at(e);
    let mut out = Vec::new();
    if let Some((lo, hi)) = here.between {
        out.push(Warning::new(
            "measured_interpolated",
            "routing.escalation_rate",
            format!(
                "{} escalated lies between two measured thresholds ({} and {} escalated): its quality {} (lower 95 % bound {}) is read off the straight line between them, which a random mix of the two thresholds reaches",
                percent(e),
                percent(lo),
                percent(hi),
                percent(here.quality),
                percent(here.quality_lower_95)
            ),
        ));
    }
    let ends = [
        (
            "routing.slm_quality",
            s.routing.slm_quality,
            m.points.first(),
            0.0,
        ),
        (
            "routing.llm_quality",
            s.routing.llm_quality,
            m.points.last(),
            1.0,
        ),
    ];
    for (field, typed, end, end_rate) in ends {
        if let (Some(typed), Some(end)) = (typed, end) {
            if (typed - end.quality).abs() > crate::measured::SAME_QUALITY {
                out.push(Warning::new(
                    "measured_quality_differs",
                    field,
                    format!(
                        "{} is typed as {} but the measured curve gives {} at {} escalated: the hybrid's quality and the quality floor use the curve",
                        crate::vocabulary::label(field),
                        percent(typed),
                        percent(end.quality),
                        percent(end_rate)
                    ),
                ));
            }
        }
    }
    if let Some(min) = s.routing.min_quality {
        out.push(Warning::new(
            "measured_floor_lower_bound",
            "routing.min_quality",
            format!(
                "the quality floor {} is judged on the measured curve's one-sided lower 95 % bound ({} at {} escalated), not its point estimate ({}): {}",
                percent(min),
                percent(here.quality_lower_95),
                percent(e),
                percent(here.quality),
                m.label
            ),
        ));
    }
    out
}

/// One `price_flagged` warning per flag the table's import put on a row that prices the
/// scenario (the LLM's, and a hosted SLM's), naming the model, the flag and the table: a
/// flagged row was activated with the operator's consent, and its figures may rest on a
/// unit slip.
fn flagged_prices(s: &Scenario) -> Vec<Warning> {
    let hosted = match &s.slm.serving {
        SlmServing::Api(a) => Some(a),
        SlmServing::SelfHosted(_) => None,
    };
    let priced = [("llm.model", Some(&s.llm)), ("slm.model", hosted)];
    let mut out = Vec::new();
    for (field, api) in priced {
        let Some(source) = api.map(|a| &a.source) else {
            continue;
        };
        let model = source.model.as_deref().unwrap_or_default();
        let table = source.table.as_deref().unwrap_or_default();
        for flag in &source.flags {
            out.push(Warning::new(
                "price_flagged",
                field,
                format!(
                    "{model} is flagged in the price table {table} ({}: {}): check its price before relying on these figures",
                    flag.kind.words(),
                    flag.message
                ),
            ));
        }
    }
    out
}

/// Hybrid cost (and quality) at every SLM share from 0 to 1 in steps of 0.01.
pub fn routing_curve(s: &Scenario) -> Vec<RoutingPoint> {
    routing_curve_priced(&Pricing::new(s))
}

fn routing_curve_priced(pricing: &Pricing) -> Vec<RoutingPoint> {
    let s = pricing.scenario();
    let requests = s.workload.requests_per_month;
    if let Some(m) = &s.routing.measured {
        return m
            .points
            .iter()
            .map(|p| RoutingPoint {
                slm_share: 1.0,
                monthly_usd: pricing.hybrid_usd_at(requests, 1.0, p.escalation_rate, 1).0,
                quality: Some(p.quality),
                meets_min_quality: s
                    .routing
                    .min_quality
                    .is_none_or(|min| p.quality_lower_95 >= min - 1e-12),
                quality_lower_95: Some(p.quality_lower_95),
                escalation_rate: Some(p.escalation_rate),
                threshold: p.threshold,
            })
            .collect();
    }
    (0..=CURVE_STEPS)
        .map(|i| {
            let share = f64::from(i) / f64::from(CURVE_STEPS);
            let quality = crate::cost::hybrid_quality(s, share);
            let meets = match (s.routing.min_quality, quality) {
                (Some(min), Some(q)) => q >= min - 1e-12,
                (Some(_), None) => false,
                (None, _) => true,
            };
            RoutingPoint {
                slm_share: share,
                monthly_usd: pricing.hybrid_usd(requests, share, 1).0,
                quality,
                meets_min_quality: meets,
                quality_lower_95: None,
                escalation_rate: None,
                threshold: None,
            }
        })
        .collect()
}

/// The cheapest point that meets the quality floor; the first point (the lowest share, or
/// the lowest escalation rate on a measured curve) wins a tie.
fn best(curve: &[RoutingPoint]) -> Option<&RoutingPoint> {
    curve
        .iter()
        .filter(|p| p.meets_min_quality)
        .min_by(|a, b| a.monthly_usd.total_cmp(&b.monthly_usd))
}
