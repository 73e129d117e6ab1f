//! Scenario format v1 as it is written (JSON or TOML): every key optional at this layer,
//! unknown keys rejected, so that `validate` can report every missing or out-of-range
//! field at once with its path.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::FieldError;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ScenarioInput {
    pub name: Option<String>,
    pub workload: Option<WorkloadInput>,
    pub llm: Option<ApiInput>,
    pub slm: Option<SlmInput>,
    pub routing: Option<RoutingInput>,
    pub finance: Option<FinanceInput>,
    pub uncertainty: Option<UncertaintyInput>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WorkloadInput {
    pub requests_per_month: Option<f64>,
    pub input_tokens: Option<f64>,
    pub output_tokens: Option<f64>,
    pub cached_input_share: Option<f64>,
    pub peak_to_average: Option<f64>,
    pub monthly_growth: Option<f64>,
    /// Relative request rate for each hour of the day (24 values > 0); when given,
    /// `peak_to_average` is its max/mean.
    pub load_shape: Option<Vec<f64>>,
    pub latency_slo: Option<LatencySloInput>,
}

/// Latency targets: time to first token and time per output token, milliseconds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LatencySloInput {
    pub ttft_ms: Option<f64>,
    pub tpot_ms: Option<f64>,
}

/// Prices of an API: a model from the price table, explicit prices, or both (explicit wins).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApiInput {
    pub model: Option<String>,
    pub input_usd_per_mtok: Option<f64>,
    pub output_usd_per_mtok: Option<f64>,
    pub cached_input_usd_per_mtok: Option<f64>,
    pub usd_per_request: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Serving {
    SelfHosted,
    Api,
}

/// The SLM section holds the keys of both serving modes; `validate` rejects the keys
/// of the mode that is not chosen, so a misplaced key is an error rather than ignored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SlmInput {
    pub serving: Option<Serving>,
    // api
    pub model: Option<String>,
    pub input_usd_per_mtok: Option<f64>,
    pub output_usd_per_mtok: Option<f64>,
    pub cached_input_usd_per_mtok: Option<f64>,
    pub usd_per_request: Option<f64>,
    // self_hosted: the GPU price is typed, taken from the GPU table, or owned hardware
    pub gpu_usd_per_hour: Option<f64>,
    /// An offer id from the GPU table, e.g. "aws:g6e.xlarge".
    pub gpu: Option<String>,
    pub gpu_price: Option<GpuPriceKind>,
    /// Reserved or committed-use discount off the table price, 0 <= d < 1.
    pub gpu_discount: Option<f64>,
    pub owned: Option<OwnedInput>,
    pub gpus_per_replica: Option<f64>,
    pub prefill_tokens_per_s: Option<f64>,
    pub decode_tokens_per_s: Option<f64>,
    pub target_utilization: Option<f64>,
    pub min_replicas: Option<f64>,
    pub hours_per_month: Option<f64>,
    pub fixed_usd_per_month: Option<f64>,
    /// Where the throughput figures were measured (a benchmark run, a vendor sheet); absent
    /// when they were typed as estimates. Shown with every result.
    pub throughput_source: Option<String>,
    // both
    pub one_time_usd: Option<f64>,
}

impl SlmInput {
    /// The API-price keys, split out so both the LLM and a hosted SLM resolve the same way.
    pub fn api_part(&self) -> ApiInput {
        ApiInput {
            model: self.model.clone(),
            input_usd_per_mtok: self.input_usd_per_mtok,
            output_usd_per_mtok: self.output_usd_per_mtok,
            cached_input_usd_per_mtok: self.cached_input_usd_per_mtok,
            usd_per_request: self.usd_per_request,
        }
    }
}

/// Which of a GPU offer's prices to pay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GpuPriceKind {
    #[default]
    OnDemand,
    Spot,
}

/// Owned (on-premises) GPUs, turned into an equivalent USD per GPU-hour.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OwnedInput {
    /// Purchase price of one GPU (its share of the server included).
    pub purchase_usd: Option<f64>,
    pub amortisation_months: Option<f64>,
    /// Power drawn per GPU (its share of the server included), watts.
    pub power_watts: Option<f64>,
    /// Power usage effectiveness of the facility (>= 1).
    pub pue: Option<f64>,
    pub electricity_usd_per_kwh: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoutingMode {
    Router,
    Cascade,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RoutingInput {
    pub mode: Option<RoutingMode>,
    pub slm_share: Option<f64>,
    pub escalation_rate: Option<f64>,
    pub router_usd_per_request: Option<f64>,
    pub slm_quality: Option<f64>,
    pub llm_quality: Option<f64>,
    pub min_quality: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FinanceInput {
    pub horizon_months: Option<f64>,
    pub discount_rate_annual: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UncertaintyInput {
    pub draws: Option<f64>,
    pub seed: Option<u64>,
    #[serde(default)]
    pub inputs: BTreeMap<String, QuantileRange>,
}

/// A belief about an input: 80 % of the mass between p10 and p90.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QuantileRange {
    pub p10: f64,
    pub p90: f64,
}

/// Reads a scenario from JSON. Syntax errors, unknown keys and wrong types name their path.
pub fn from_json(text: &str) -> Result<ScenarioInput, FieldError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed: ScenarioInput =
        serde_path_to_error::deserialize(&mut de).map_err(|e| path_error(&e, e.inner()))?;
    de.end()
        .map_err(|e| FieldError::new("", format!("invalid JSON: {e}")))?;
    Ok(parsed)
}

/// Reads a scenario from TOML with the same structure as the JSON form.
pub fn from_toml(text: &str) -> Result<ScenarioInput, FieldError> {
    let de = toml::Deserializer::new(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        // toml's message carries a source excerpt over several lines; keep the first.
        let message = e.inner().message().to_string();
        FieldError::new(path_string(e.path()), message)
    })
}

fn path_error(
    e: &serde_path_to_error::Error<serde_json::Error>,
    inner: &serde_json::Error,
) -> FieldError {
    FieldError::new(path_string(e.path()), inner.to_string())
}

fn path_string(path: &serde_path_to_error::Path) -> String {
    let s = path.to_string();
    // serde_path_to_error spells the root as "."
    if s == "." {
        String::new()
    } else {
        s
    }
}
