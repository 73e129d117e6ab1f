//! The full result of a scenario, in the shape of the CLI's and the API's JSON.

use serde::{Deserialize, Serialize};

use crate::cost::{api_usd_per_request, break_even_requests, hybrid_cost, slm_cost};
use crate::roi::{roi, Alternative, Roi};
use crate::scenario::{GpuBasis, PriceSource, Scenario, SlmServing, ThroughputBasis};
use crate::sensitivity::{tornado, SensitivityRow};
use crate::uncertainty::{simulate, UncertaintyResult};
use crate::FieldError;

/// Version of the result format; bumped when a field changes meaning.
pub const RESULT_FORMAT: &str = "breakeven.plan.v1";

/// Every figure of a scenario (docs/cost-model.md §1–§8): what `POST /api/v1/plan` and
/// `breakeven plan` answer, and what the planner and the reports show. Money is USD a
/// month at the scenario's month-1 volume unless a field says otherwise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PlanResult {
    /// [`RESULT_FORMAT`]: a reader can tell which meaning the fields have.
    pub format: String,
    /// The scenario's name.
    pub scenario: String,
    /// The prices the figures were computed with, and where each came from.
    pub prices: PricesUsed,
    /// The baseline: every request on the LLM API (§1).
    pub api: ApiResult,
    /// The SLM serving every request alone (§2), self-hosted or a hosted API.
    pub self_hosted: SelfHostedResult,
    /// The SLM and the LLM together at the scenario's share (§3).
    pub hybrid: HybridResult,
    /// The volume from which the SLM alone stays cheaper than the API (§4).
    pub break_even: BreakEven,
    /// Payback, NPV and the monthly cash flow of each option against the API (§5).
    pub roi: RoiResults,
    /// Quantiles over the Monte Carlo draws (§6); None without an `uncertainty` section.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub uncertainty: Option<UncertaintyResult>,
    /// How far the hybrid's savings move when each input moves ±20 %, largest swing first
    /// (§7).
    pub sensitivity: Vec<SensitivityRow>,
    /// The hybrid's cost and quality at SLM shares 0, 0.01, …, 1 (§8): 101 points.
    pub routing_curve: Vec<RoutingPoint>,
    /// The cheapest SLM share on the curve that meets `routing.min_quality` (the cheapest
    /// overall when no minimum is set); null when no share meets it.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub routing_best_slm_share: Option<f64>,
    /// Inputs that are valid but worth a second look (a suspect GPU price, a free LLM).
    pub warnings: Vec<FieldError>,
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
    /// Set when the SLM is self-hosted: whether its throughput was typed (an estimate) or
    /// measured, and where (`slm.throughput_source`).
    #[serde(default)]
    pub throughput: Option<ThroughputBasis>,
}

/// The LLM API serving every request: A(R) = R·c (§1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ApiResult {
    /// A(R): USD a month at the month-1 volume.
    pub monthly_usd: f64,
    /// c: USD per request, `monthly_usd` / R; null when R = 0.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub usd_per_request: Option<f64>,
}

/// The SLM serving every request alone: a self-hosted fleet S(R) = n·G + F (§2), or a
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
    /// n = max(m, ⌈R/C⌉), a whole number. Null when the SLM is served by an API.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub replicas: Option<f64>,
    /// μ = 1/t: requests per second one replica serves at full load. Null for an API, or
    /// when a request has no tokens (t = 0).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub capacity_requests_per_s: Option<f64>,
    /// n·G: the fleet's GPU bill a month. Null for an API.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub gpu_usd_per_month: Option<f64>,
    /// F, as given. Null for an API.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub fixed_usd_per_month: Option<f64>,
}

/// The hybrid at the scenario's share: `Hy(R, s) = SLM(s·R) + R_llm·c + [split]·R·ρ` (§3).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
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
    /// The SLM fleet's replicas at R_slm; null for a hosted SLM or at s = 0.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub replicas: Option<f64>,
    /// s·((1−e)·q_slm + e·q_llm) + (1−s)·q_llm, when both qualities are given.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub quality: Option<f64>,
}

/// R*: the volume from which the SLM alone costs no more than the API at every larger
/// volume (§4).
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

/// The ROI of each option against the API over the horizon (§5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RoiResults {
    /// The SLM serving every request, against the API.
    pub self_hosted: Roi,
    /// The hybrid at the scenario's share, against the API.
    pub hybrid: Roi,
}

/// One point of the routing curve (§8): the hybrid at one SLM share and the month-1 volume.
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
    /// quality(s) ≥ q_min (within 1e-12); true at every share when no minimum is set.
    pub meets_min_quality: bool,
}

/// Steps of the routing curve: shares 0, 0.01, …, 1.
const CURVE_STEPS: u32 = 100;

fn per_request(monthly: f64, requests: f64) -> Option<f64> {
    (requests > 0.0).then(|| monthly / requests)
}

/// Computes every figure of a validated scenario.
pub fn plan(s: &Scenario) -> PlanResult {
    let requests = s.workload.requests_per_month;
    let api_monthly = requests * api_usd_per_request(&s.llm.prices, &s.workload);
    let own = slm_cost(s, requests);
    let share = s.routing.effective_slm_share();
    let hybrid = hybrid_cost(s, requests, share);
    let break_even = break_even_requests(s);
    let routing_curve = routing_curve(s);
    PlanResult {
        format: RESULT_FORMAT.to_string(),
        scenario: s.name.clone(),
        prices: PricesUsed {
            llm: s.llm.source.clone(),
            slm: match &s.slm.serving {
                SlmServing::Api(api) => Some(api.source.clone()),
                SlmServing::SelfHosted(_) => None,
            },
            gpu: s.slm.gpu.clone(),
            throughput: s.slm.throughput.clone(),
        },
        api: ApiResult {
            monthly_usd: api_monthly,
            usd_per_request: per_request(api_monthly, requests),
        },
        self_hosted: SelfHostedResult {
            serving: match s.slm.serving {
                SlmServing::SelfHosted(_) => "self_hosted",
                SlmServing::Api(_) => "api",
            }
            .to_string(),
            monthly_usd: own.monthly_usd,
            usd_per_request: per_request(own.monthly_usd, requests),
            replicas: own.fleet.map(|f| f.replicas),
            capacity_requests_per_s: own.fleet.and_then(|f| f.capacity_requests_per_s),
            gpu_usd_per_month: own.fleet.map(|f| f.gpu_usd_per_month),
            fixed_usd_per_month: own.fleet.map(|f| f.fixed_usd_per_month),
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
            replicas: hybrid.slm.fleet.map(|f| f.replicas),
            quality: hybrid.quality,
        },
        break_even: BreakEven {
            requests_per_month: break_even,
            tokens_per_month: break_even.map(|r| r * s.workload.tokens_per_request()),
        },
        roi: RoiResults {
            self_hosted: roi(s, Alternative::SelfHosted),
            hybrid: roi(s, Alternative::Hybrid),
        },
        uncertainty: s.uncertainty.as_ref().map(|u| simulate(s, u)),
        sensitivity: tornado(s),
        routing_best_slm_share: best_share(&routing_curve),
        routing_curve,
        warnings: warnings(s),
    }
}

fn warnings(s: &Scenario) -> Vec<FieldError> {
    let mut out = Vec::new();
    if let Some(GpuBasis::Table { offer, flag, .. }) = &s.slm.gpu {
        if flag == "suspect" {
            out.push(FieldError::new(
                "slm.gpu",
                format!("{offer} is flagged suspect in the GPU table: check its price"),
            ));
        }
    }
    let p = &s.llm.prices;
    if p.input_usd_per_mtok == 0.0 && p.output_usd_per_mtok == 0.0 && p.usd_per_request == 0.0 {
        out.push(FieldError::new(
            "llm",
            "every LLM price is $0: the API is free in this scenario",
        ));
    }
    out
}

/// Hybrid cost (and quality) at every SLM share from 0 to 1 in steps of 0.01.
pub fn routing_curve(s: &Scenario) -> Vec<RoutingPoint> {
    let requests = s.workload.requests_per_month;
    (0..=CURVE_STEPS)
        .map(|i| {
            let share = f64::from(i) / f64::from(CURVE_STEPS);
            let h = hybrid_cost(s, requests, share);
            let meets = match (s.routing.min_quality, h.quality) {
                (Some(min), Some(q)) => q >= min - 1e-12,
                (Some(_), None) => false,
                (None, _) => true,
            };
            RoutingPoint {
                slm_share: share,
                monthly_usd: h.monthly_usd,
                quality: h.quality,
                meets_min_quality: meets,
            }
        })
        .collect()
}

/// The cheapest point that meets the quality floor; the lowest share wins a tie.
fn best_share(curve: &[RoutingPoint]) -> Option<f64> {
    curve
        .iter()
        .filter(|p| p.meets_min_quality)
        .min_by(|a, b| a.monthly_usd.total_cmp(&b.monthly_usd))
        .map(|p| p.slm_share)
}
