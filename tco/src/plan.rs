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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PlanResult {
    pub format: String,
    pub scenario: String,
    pub prices: PricesUsed,
    pub api: ApiResult,
    pub self_hosted: SelfHostedResult,
    pub hybrid: HybridResult,
    pub break_even: BreakEven,
    pub roi: RoiResults,
    pub uncertainty: Option<UncertaintyResult>,
    pub sensitivity: Vec<SensitivityRow>,
    pub routing_curve: Vec<RoutingPoint>,
    /// The cheapest SLM share on the curve that meets `routing.min_quality` (the cheapest
    /// overall when no minimum is set); null when no share meets it.
    pub routing_best_slm_share: Option<f64>,
    /// Inputs that are valid but worth a second look (a suspect GPU price, a free LLM).
    pub warnings: Vec<FieldError>,
}

/// The per-request prices the figures were computed with, and their source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PricesUsed {
    pub llm: PriceSource,
    /// Set when the SLM is a hosted API.
    pub slm: Option<PriceSource>,
    /// Set when the SLM is self-hosted: where the GPU price came from.
    pub gpu: Option<GpuBasis>,
    /// Set when the SLM is self-hosted: whether its throughput was typed (an estimate) or
    /// measured, and where (`slm.throughput_source`).
    #[serde(default)]
    pub throughput: Option<ThroughputBasis>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ApiResult {
    pub monthly_usd: f64,
    pub usd_per_request: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct SelfHostedResult {
    /// "self_hosted" or "api" (a hosted SLM endpoint).
    pub serving: String,
    pub monthly_usd: f64,
    pub usd_per_request: Option<f64>,
    /// Null when the SLM is served by an API.
    pub replicas: Option<f64>,
    pub capacity_requests_per_s: Option<f64>,
    pub gpu_usd_per_month: Option<f64>,
    pub fixed_usd_per_month: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct HybridResult {
    pub slm_share: f64,
    pub monthly_usd: f64,
    pub usd_per_request: Option<f64>,
    pub llm_requests_per_month: f64,
    pub slm_requests_per_month: f64,
    pub slm_usd_per_month: f64,
    pub llm_usd_per_month: f64,
    pub router_usd_per_month: f64,
    pub replicas: Option<f64>,
    pub quality: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct BreakEven {
    pub requests_per_month: Option<f64>,
    pub tokens_per_month: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RoiResults {
    pub self_hosted: Roi,
    pub hybrid: Roi,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RoutingPoint {
    pub slm_share: f64,
    pub monthly_usd: f64,
    pub quality: Option<f64>,
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
