//! A validated scenario: every default applied, every price resolved, every number finite
//! and in range. The engine only ever sees this type.

use std::collections::BTreeMap;

use pricing::ApiPrices;
use profiles::Workload;
use serde::{Deserialize, Serialize};

pub use crate::input::{GpuPriceKind, QuantileRange, RoutingMode, Serving};

/// A scenario `validate` accepted: the only input the engine's functions take.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Scenario {
    /// What the scenario is called (not blank, at most 200 characters).
    pub name: String,
    /// The traffic with every default applied; `peak_to_average` comes from `load_shape`
    /// when one was given.
    pub workload: Workload,
    /// The daily load shape the peak-to-average came from, when one was given.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub load_shape: Option<[f64; 24]>,
    /// The latency targets a self-hosted deployment must meet (used by the benchmark).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub latency_slo: Option<profiles::LatencySlo>,
    /// The LLM API's prices, resolved from the table and the typed overrides.
    pub llm: PricedApi,
    /// The small model and how it is served.
    pub slm: Slm,
    /// How the hybrid splits requests.
    pub routing: Routing,
    /// The ROI's horizon and discount rate.
    pub finance: Finance,
    /// The Monte Carlo beliefs; None when the scenario has no `uncertainty` section.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub uncertainty: Option<Uncertainty>,
}

/// API prices plus where they came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PricedApi {
    /// The prices the figures use: the table row's, with each typed price on top.
    pub prices: ApiPrices,
    /// Which table row and which typed keys the prices came from, shown with every result.
    pub source: PriceSource,
}

/// The provenance of an API's prices: a table row, typed overrides, or only typed prices
/// (then `model` and `table` are None).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PriceSource {
    /// The model looked up in the price table, if any.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub model: Option<String>,
    /// The table's label ("name version (as_of)"), when a model was looked up.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub table: Option<String>,
    /// The paths of the price keys typed in the scenario (`llm.input_usd_per_mtok`), which
    /// override the table's row; empty when no model was looked up.
    pub overridden: Vec<String>,
}

/// The small model: how it is served, what it costs once, and the basis of its figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Slm {
    /// A self-hosted fleet or a hosted API, with what each needs to be priced.
    pub serving: SlmServing,
    /// Fine-tuning, integration and other one-off costs, charged in month 0 of the ROI.
    pub one_time_usd: f64,
    /// Where a self-hosted fleet's GPU price came from.
    #[cfg_attr(feature = "schema", schema(required = true))]
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
    Measured {
        /// The measurement as the user or the benchmark named it, trimmed (at most 200
        /// printable characters).
        source: String,
    },
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
        /// The offer's id in the GPU table ("aws:g6e.xlarge").
        offer: String,
        /// The GPU part as the table names it ("L40S").
        gpu: String,
        /// Which of the offer's prices was paid.
        price: GpuPriceKind,
        /// That price as the table lists it, before the discount (USD per GPU-hour).
        listed_usd_per_gpu_hour: f64,
        /// The reserved or committed-use discount taken off it, 0 to 0.99.
        discount: f64,
        /// The offer's row source (catalog file and commit).
        source: String,
        /// The date the table's rows were read (ISO 8601).
        as_of: String,
        /// The table's flag for the row ("ok", "derived", "suspect", …).
        flag: String,
    },
    /// Owned hardware: straight-line capital plus energy.
    Owned {
        /// Purchase over amortisation months times hours used per month (USD/GPU-hour).
        capital_usd_per_gpu_hour: f64,
        /// Watts / 1000 · PUE · USD per kWh (USD/GPU-hour).
        energy_usd_per_gpu_hour: f64,
        /// The owned-hardware inputs as validated.
        inputs: pricing::gpus::OwnedGpu,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(tag = "serving", rename_all = "snake_case")]
/// How the SLM is served, with what pricing it needs.
pub enum SlmServing {
    /// A fleet of GPU replicas, sized for the peak.
    SelfHosted(Fleet),
    /// A hosted endpoint priced per token, like the LLM.
    Api(PricedApi),
}

/// A self-hosted fleet of identical replicas.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Fleet {
    /// USD per GPU-hour (> 0): typed, a table offer less its discount, or owned hardware's
    /// capital plus energy (`Slm::gpu` says which).
    pub gpu_usd_per_hour: f64,
    /// Whole GPUs per replica (validated integer >= 1).
    pub gpus_per_replica: f64,
    /// Aggregate prefill tokens/s of one replica at its SLO-compliant concurrency.
    pub prefill_tokens_per_s: f64,
    /// Aggregate decode tokens/s of one replica at its SLO-compliant concurrency.
    pub decode_tokens_per_s: f64,
    /// Share of a replica's capacity planned for use at the peak, 0 < u <= 1.
    pub target_utilization: f64,
    /// Whole replicas always running (validated integer >= 1).
    pub min_replicas: f64,
    /// Hours a month each replica runs and is billed, 0 < H <= 744 (730: always on).
    pub hours_per_month: f64,
    /// USD a month that does not scale with traffic (people, monitoring), >= 0.
    pub fixed_usd_per_month: f64,
}

/// How the hybrid splits requests, with every default applied.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Routing {
    /// Router or cascade.
    pub mode: RoutingMode,
    /// Router mode: share of requests sent to the SLM. Cascade mode sends all (1.0); read
    /// it through [`Routing::effective_slm_share`].
    pub slm_share: f64,
    /// Share of SLM-path requests sent on to the LLM as well (paid twice), 0 to 1.
    pub escalation_rate: f64,
    /// USD per request for the routing decision, charged only when requests are split.
    pub router_usd_per_request: f64,
    /// The SLM's task score, 0 to 1, when typed.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub slm_quality: Option<f64>,
    /// The LLM's task score, 0 to 1, when typed.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub llm_quality: Option<f64>,
    /// The hybrid quality the best share must reach; only set with both qualities.
    #[cfg_attr(feature = "schema", schema(required = true))]
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

/// The ROI's horizon and discount rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Finance {
    /// Whole months (validated integer 1..=120).
    pub horizon_months: u32,
    /// Annual discount rate of the NPV (0.10 = 10 %), 0 to 10; compounded monthly.
    pub discount_rate_annual: f64,
}

/// The Monte Carlo's validated beliefs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Uncertainty {
    /// Scenarios drawn, 1 to 200,000.
    pub draws: u32,
    /// Seed of the `StdRng` the draws come from.
    pub seed: u64,
    /// Field path (see `fields::NUMERIC_FIELDS`) to its belief.
    pub inputs: BTreeMap<String, QuantileRange>,
}
