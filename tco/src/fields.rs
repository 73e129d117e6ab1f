//! The numeric inputs of a scenario, by path, with their domain. Monte Carlo draws and
//! the sensitivity analysis move inputs through this one table, so both speak the same
//! field names as the scenario format and the error messages.

use crate::scenario::{Fleet, FleetGpu, PricedApi, RoutingMode, Scenario, SlmServing};

/// Where an input's values may lie; decides how it is drawn and how it is clamped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Domain {
    /// >= 0; drawn lognormal.
    NonNegative,
    /// > 0; drawn lognormal.
    Positive,
    /// 0..=1; drawn logit-normal.
    Share,
    /// 0 < u <= 1; drawn logit-normal.
    Utilization,
    /// >= 1; drawn lognormal, clamped to 1.
    AtLeastOne,
    /// -1 < g <= 1 (monthly growth); drawn normal, clamped.
    Growth,
    /// >= 0 (a rate such as the discount rate); drawn normal, clamped to 0.
    Rate,
}

impl Domain {
    /// Brings a moved or drawn value back into the domain.
    pub fn clamp(self, v: f64) -> f64 {
        match self {
            Domain::NonNegative | Domain::Rate => v.max(0.0),
            // The smallest positive normal keeps "> 0" true without inventing a scale.
            Domain::Positive => v.max(f64::MIN_POSITIVE),
            Domain::Share => v.clamp(0.0, 1.0),
            Domain::Utilization => v.clamp(f64::MIN_POSITIVE, 1.0),
            Domain::AtLeastOne => v.max(1.0),
            Domain::Growth => v.clamp(-0.99, 1.0),
        }
    }
}

/// One numeric input the Monte Carlo can draw and the tornado can move, with how to read and
/// write it on a validated scenario.
pub struct NumericField {
    /// The input's path in the scenario format; `vocabulary::label` gives its words.
    pub path: &'static str,
    /// Where its values may lie: how it is drawn and clamped.
    pub domain: Domain,
    /// Moves the hybrid's month-1 savings, so it belongs in the sensitivity tornado.
    pub in_tornado: bool,
    /// The value, or None where the field does not apply to this scenario.
    pub get: fn(&Scenario) -> Option<f64>,
    /// Writes a value; does nothing where the field does not apply (a GPU price on a hosted
    /// SLM).
    pub set: fn(&mut Scenario, f64),
}

fn fleet(s: &Scenario) -> Option<&Fleet> {
    match &s.slm.serving {
        SlmServing::SelfHosted(f) => Some(f),
        SlmServing::Api(_) => None,
    }
}

fn fleet_mut(s: &mut Scenario) -> Option<&mut Fleet> {
    match &mut s.slm.serving {
        SlmServing::SelfHosted(f) => Some(f),
        SlmServing::Api(_) => None,
    }
}

/// A rented fleet's (p, d, p_spot, σ).
fn rented(s: &Scenario) -> Option<(f64, f64, Option<f64>, f64)> {
    match fleet(s)?.gpu {
        FleetGpu::Rented {
            usd_per_gpu_hour,
            discount,
            spot_usd_per_gpu_hour,
            spot_share,
            ..
        } => Some((
            usd_per_gpu_hour,
            discount,
            spot_usd_per_gpu_hour,
            spot_share,
        )),
        FleetGpu::Owned { .. } => None,
    }
}

fn slm_api(s: &Scenario) -> Option<&PricedApi> {
    match &s.slm.serving {
        SlmServing::Api(a) => Some(a),
        SlmServing::SelfHosted(_) => None,
    }
}

fn slm_api_mut(s: &mut Scenario) -> Option<&mut PricedApi> {
    match &mut s.slm.serving {
        SlmServing::Api(a) => Some(a),
        SlmServing::SelfHosted(_) => None,
    }
}

macro_rules! field {
    ($path:literal, $domain:ident, $tornado:literal, |$s:ident| $get:expr, |$m:ident, $v:ident| $set:expr) => {
        NumericField {
            path: $path,
            domain: Domain::$domain,
            in_tornado: $tornado,
            get: |$s| $get,
            set: |$m, $v| $set,
        }
    };
}

/// Every numeric input that can be drawn or moved. Whole-number inputs (GPUs per replica,
/// minimum replicas, horizon) are left out: a ±20 % move or a continuous draw of them has
/// no meaning.
pub static NUMERIC_FIELDS: &[NumericField] = &[
    field!(
        "workload.requests_per_month",
        NonNegative,
        true,
        |s| Some(s.workload.requests_per_month),
        |s, v| s.workload.requests_per_month = v
    ),
    field!(
        "workload.input_tokens",
        NonNegative,
        true,
        |s| Some(s.workload.input_tokens),
        |s, v| s.workload.input_tokens = v
    ),
    field!(
        "workload.output_tokens",
        NonNegative,
        true,
        |s| Some(s.workload.output_tokens),
        |s, v| s.workload.output_tokens = v
    ),
    field!(
        "workload.cached_input_share",
        Share,
        true,
        |s| Some(s.workload.cached_input_share),
        |s, v| s.workload.cached_input_share = v
    ),
    field!(
        "workload.batch_share",
        Share,
        true,
        |s| Some(s.workload.batch_share),
        |s, v| s.workload.batch_share = v
    ),
    field!(
        "workload.peak_to_average",
        AtLeastOne,
        true,
        |s| s.load_shape.is_none().then_some(s.workload.peak_to_average),
        |s, v| s.workload.peak_to_average = v
    ),
    field!(
        "workload.monthly_growth",
        Growth,
        false,
        |s| Some(s.workload.monthly_growth),
        |s, v| s.workload.monthly_growth = v
    ),
    field!(
        "llm.input_usd_per_mtok",
        NonNegative,
        true,
        |s| Some(s.llm.prices.input_usd_per_mtok),
        |s, v| s.llm.prices.input_usd_per_mtok = v
    ),
    field!(
        "llm.output_usd_per_mtok",
        NonNegative,
        true,
        |s| Some(s.llm.prices.output_usd_per_mtok),
        |s, v| s.llm.prices.output_usd_per_mtok = v
    ),
    field!(
        "llm.cached_input_usd_per_mtok",
        NonNegative,
        true,
        |s| Some(s.llm.prices.cached_input_usd_per_mtok),
        |s, v| s.llm.prices.cached_input_usd_per_mtok = v
    ),
    field!(
        "llm.usd_per_request",
        NonNegative,
        true,
        |s| Some(s.llm.prices.usd_per_request),
        |s, v| s.llm.prices.usd_per_request = v
    ),
    field!(
        "slm.input_usd_per_mtok",
        NonNegative,
        true,
        |s| slm_api(s).map(|a| a.prices.input_usd_per_mtok),
        |s, v| if let Some(a) = slm_api_mut(s) {
            a.prices.input_usd_per_mtok = v
        }
    ),
    field!(
        "slm.output_usd_per_mtok",
        NonNegative,
        true,
        |s| slm_api(s).map(|a| a.prices.output_usd_per_mtok),
        |s, v| if let Some(a) = slm_api_mut(s) {
            a.prices.output_usd_per_mtok = v
        }
    ),
    field!(
        "slm.cached_input_usd_per_mtok",
        NonNegative,
        true,
        |s| slm_api(s).map(|a| a.prices.cached_input_usd_per_mtok),
        |s, v| if let Some(a) = slm_api_mut(s) {
            a.prices.cached_input_usd_per_mtok = v
        }
    ),
    field!(
        "slm.usd_per_request",
        NonNegative,
        true,
        |s| slm_api(s).map(|a| a.prices.usd_per_request),
        |s, v| if let Some(a) = slm_api_mut(s) {
            a.prices.usd_per_request = v
        }
    ),
    field!(
        "slm.gpu_usd_per_hour",
        Positive,
        true,
        |s| rented(s).map(|r| r.0),
        |s, v| if let Some(FleetGpu::Rented {
            usd_per_gpu_hour, ..
        }) = fleet_mut(s).map(|f| &mut f.gpu)
        {
            *usd_per_gpu_hour = v
        }
    ),
    field!(
        "slm.gpu_discount",
        Share,
        true,
        |s| rented(s).map(|r| r.1),
        |s, v| if let Some(FleetGpu::Rented { discount, .. }) = fleet_mut(s).map(|f| &mut f.gpu) {
            *discount = v.min(0.99)
        }
    ),
    field!(
        "slm.spot_share",
        Share,
        true,
        |s| rented(s).filter(|r| r.2.is_some()).map(|r| r.3),
        |s, v| if let Some(FleetGpu::Rented { spot_share, .. }) = fleet_mut(s).map(|f| &mut f.gpu) {
            *spot_share = v
        }
    ),
    field!(
        "slm.throughput_scale",
        Positive,
        true,
        |s| fleet(s).map(|f| f.throughput_scale),
        |s, v| if let Some(f) = fleet_mut(s) {
            f.throughput_scale = v
        }
    ),
    field!(
        "slm.prefill_tokens_per_s",
        Positive,
        true,
        |s| fleet(s).map(|f| f.prefill_tokens_per_s),
        |s, v| if let Some(f) = fleet_mut(s) {
            f.prefill_tokens_per_s = v
        }
    ),
    field!(
        "slm.decode_tokens_per_s",
        Positive,
        true,
        |s| fleet(s).map(|f| f.decode_tokens_per_s),
        |s, v| if let Some(f) = fleet_mut(s) {
            f.decode_tokens_per_s = v
        }
    ),
    field!(
        "slm.target_utilization",
        Utilization,
        true,
        |s| fleet(s).map(|f| f.target_utilization),
        |s, v| if let Some(f) = fleet_mut(s) {
            f.target_utilization = v
        }
    ),
    field!(
        "slm.hours_per_month",
        Positive,
        true,
        |s| fleet(s)
            .filter(|_| s.load_shape.is_none())
            .map(|f| f.hours_per_month),
        |s, v| if let Some(f) = fleet_mut(s) {
            f.hours_per_month = v
        }
    ),
    field!(
        "slm.fixed_usd_per_month",
        NonNegative,
        true,
        |s| fleet(s).map(|f| f.fixed_usd_per_month),
        |s, v| if let Some(f) = fleet_mut(s) {
            f.fixed_usd_per_month = v
        }
    ),
    field!(
        "slm.ops_fte",
        NonNegative,
        true,
        |s| fleet(s).map(|f| f.ops_fte),
        |s, v| if let Some(f) = fleet_mut(s) {
            f.ops_fte = v
        }
    ),
    field!(
        "slm.fte_usd_per_year",
        NonNegative,
        true,
        |s| fleet(s).map(|f| f.fte_usd_per_year),
        |s, v| if let Some(f) = fleet_mut(s) {
            f.fte_usd_per_year = v
        }
    ),
    field!(
        "slm.token_ratio",
        Positive,
        true,
        |s| Some(s.slm.token_ratio),
        |s, v| s.slm.token_ratio = v
    ),
    field!(
        "slm.price_change_annual",
        Growth,
        false,
        |s| match &s.slm.serving {
            SlmServing::SelfHosted(f) => Some(f.price_change_annual),
            SlmServing::Api(a) => Some(a.price_change_annual),
        },
        |s, v| match &mut s.slm.serving {
            SlmServing::SelfHosted(f) => f.price_change_annual = v,
            SlmServing::Api(a) => a.price_change_annual = v,
        }
    ),
    field!(
        "llm.reasoning_tokens",
        NonNegative,
        true,
        |s| Some(s.llm.reasoning_tokens),
        |s, v| s.llm.reasoning_tokens = v
    ),
    field!(
        "llm.price_change_annual",
        Growth,
        false,
        |s| Some(s.llm.price_change_annual),
        |s, v| s.llm.price_change_annual = v
    ),
    field!(
        "slm.one_time_usd",
        NonNegative,
        false,
        |s| Some(s.slm.one_time_usd),
        |s, v| s.slm.one_time_usd = v
    ),
    field!(
        "routing.slm_share",
        Share,
        true,
        |s| (s.routing.mode == RoutingMode::Router).then_some(s.routing.slm_share),
        |s, v| s.routing.slm_share = v
    ),
    field!(
        "routing.escalation_rate",
        Share,
        true,
        |s| Some(s.routing.escalation_rate),
        |s, v| s.routing.escalation_rate = v
    ),
    field!(
        "routing.router_usd_per_request",
        NonNegative,
        true,
        |s| Some(s.routing.router_usd_per_request),
        |s, v| s.routing.router_usd_per_request = v
    ),
    field!(
        "routing.slm_quality",
        Share,
        false,
        // A measured curve sets both qualities (its ends): they are not beliefs then.
        |s| s
            .routing
            .slm_quality
            .filter(|_| s.routing.measured.is_none()),
        |s, v| s.routing.slm_quality = Some(v)
    ),
    field!(
        "routing.llm_quality",
        Share,
        false,
        |s| s
            .routing
            .llm_quality
            .filter(|_| s.routing.measured.is_none()),
        |s, v| s.routing.llm_quality = Some(v)
    ),
    field!(
        "finance.discount_rate_annual",
        Rate,
        false,
        |s| Some(s.finance.discount_rate_annual),
        |s, v| s.finance.discount_rate_annual = v
    ),
];

/// Looks a field up by its path.
pub fn numeric_field(path: &str) -> Option<&'static NumericField> {
    NUMERIC_FIELDS.iter().find(|f| f.path == path)
}
