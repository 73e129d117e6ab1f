//! A validated scenario: every default applied, every price resolved, every number finite
//! and in range. The engine only ever sees this type.

use std::collections::BTreeMap;

use pricing::ApiPrices;
use profiles::Workload;
use serde::{Deserialize, Serialize};

pub use crate::input::{GpuPriceKind, QuantileRange, RoutingMode, Serving};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Scenario {
    pub name: String,
    pub workload: Workload,
    /// The daily load shape the peak-to-average came from, when one was given.
    pub load_shape: Option<[f64; 24]>,
    /// The latency targets a self-hosted deployment must meet (used by the benchmark).
    pub latency_slo: Option<profiles::LatencySlo>,
    pub llm: PricedApi,
    pub slm: Slm,
    pub routing: Routing,
    pub finance: Finance,
    pub uncertainty: Option<Uncertainty>,
}

/// API prices plus where they came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PricedApi {
    pub prices: ApiPrices,
    pub source: PriceSource,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PriceSource {
    /// The model looked up in the price table, if any.
    pub model: Option<String>,
    /// The table's label ("name version (as_of)"), when a model was looked up.
    pub table: Option<String>,
    /// Price keys given explicitly in the scenario; they override the table.
    pub overridden: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Slm {
    pub serving: SlmServing,
    /// Fine-tuning, integration and other one-off costs, charged in month 0 of the ROI.
    pub one_time_usd: f64,
    /// Where a self-hosted fleet's GPU price came from.
    pub gpu: Option<GpuBasis>,
    /// Where a self-hosted fleet's throughput came from (None when served by an API).
    #[serde(default)]
    pub throughput: Option<ThroughputBasis>,
}

/// The basis of `Fleet::prefill_tokens_per_s` and `Fleet::decode_tokens_per_s`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(tag = "basis", rename_all = "snake_case")]
pub enum ThroughputBasis {
    /// Typed in the scenario: an estimate, not a measurement.
    Typed,
    /// Measured; `source` says where (`slm.throughput_source`), e.g.
    /// "benchmark #12: smollm2-135m q8_0 on cpu, synthetic weights, concurrency 4".
    Measured { source: String },
}

/// The basis of `Fleet::gpu_usd_per_hour`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(tag = "basis", rename_all = "snake_case")]
pub enum GpuBasis {
    /// Typed in the scenario.
    Typed,
    /// An offer of the GPU table, less the discount.
    Table {
        offer: String,
        gpu: String,
        price: GpuPriceKind,
        listed_usd_per_gpu_hour: f64,
        discount: f64,
        /// The offer's row source (catalog file and commit).
        source: String,
        as_of: String,
        /// The table's flag for the row ("ok", "derived", "suspect", …).
        flag: String,
    },
    /// Owned hardware: straight-line capital plus energy.
    Owned {
        capital_usd_per_gpu_hour: f64,
        energy_usd_per_gpu_hour: f64,
        inputs: pricing::gpus::OwnedGpu,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(tag = "serving", rename_all = "snake_case")]
pub enum SlmServing {
    SelfHosted(Fleet),
    Api(PricedApi),
}

/// A self-hosted fleet of identical replicas.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Fleet {
    pub gpu_usd_per_hour: f64,
    /// Whole GPUs per replica (validated integer >= 1).
    pub gpus_per_replica: f64,
    /// Aggregate prefill tokens/s of one replica at its SLO-compliant concurrency.
    pub prefill_tokens_per_s: f64,
    /// Aggregate decode tokens/s of one replica at its SLO-compliant concurrency.
    pub decode_tokens_per_s: f64,
    pub target_utilization: f64,
    /// Whole replicas always running (validated integer >= 1).
    pub min_replicas: f64,
    pub hours_per_month: f64,
    pub fixed_usd_per_month: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Routing {
    pub mode: RoutingMode,
    /// Router mode: share of requests sent to the SLM. Cascade mode sends all (1.0).
    pub slm_share: f64,
    pub escalation_rate: f64,
    pub router_usd_per_request: f64,
    pub slm_quality: Option<f64>,
    pub llm_quality: Option<f64>,
    pub min_quality: Option<f64>,
}

impl Routing {
    /// The share of requests that enter the SLM path: 1 in a cascade.
    pub fn effective_slm_share(&self) -> f64 {
        match self.mode {
            RoutingMode::Router => self.slm_share,
            RoutingMode::Cascade => 1.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Finance {
    /// Whole months (validated integer 1..=120).
    pub horizon_months: u32,
    pub discount_rate_annual: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Uncertainty {
    pub draws: u32,
    pub seed: u64,
    /// Field path (see `fields::NUMERIC_FIELDS`) to its belief.
    pub inputs: BTreeMap<String, QuantileRange>,
}
