//! A validated scenario: every default applied, every price resolved, every number finite
//! and in range. The engine only ever sees this type.

use std::collections::BTreeMap;

use pricing::ApiPrices;
use profiles::Workload;
use serde::{Deserialize, Serialize};

use crate::week::Traffic;

pub use crate::input::{GpuPriceKind, QuantileRange, RoutingMode, Scaling, Serving};

/// A scenario `validate` accepted: the only input the engine's functions take.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Scenario {
    /// What the scenario is called (not blank, at most 200 characters).
    pub name: String,
    /// The traffic with every default applied; `peak_to_average` comes from `load_shape`
    /// when one was given.
    pub workload: Workload,
    /// The load shape as validated (24 or 168 hourly weights), when one was given.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub load_shape: Option<Vec<f64>>,
    /// The day weights (Monday..Sunday) over a 24-hour shape, when given.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub weekly_shape: Option<[f64; 7]>,

    /// The latency targets a self-hosted deployment must meet (used by the benchmark).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub latency_slo: Option<profiles::LatencySlo>,
    /// Where the workload's figures came from (`workload.source`), when the scenario says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workload_source: Option<String>,
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

impl Scenario {
    /// When the month's requests arrive: the week's 168 slots with a load shape, else one
    /// block of H hours at the peak rate (v1; H is 730 for a hosted SLM, which has none).
    pub fn traffic(&self) -> Traffic {
        let batch_share = self.workload.batch_share;
        match &self.load_shape {
            Some(shape) => Traffic::week(shape, self.weekly_shape.as_ref(), batch_share),
            None => Traffic::Flat {
                hours_per_month: match &self.slm.serving {
                    SlmServing::SelfHosted(f) => f.hours_per_month,
                    SlmServing::Api(_) => crate::week::HOURS_PER_MONTH,
                },
                peak_to_average: self.workload.peak_to_average,
                batch_share,
            },
        }
    }
}

/// API prices plus where they came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PricedApi {
    /// The prices the figures use: the table row's, with each typed price on top.
    pub prices: ApiPrices,
    /// USD per million input tokens of a batch request.
    pub batch_input_usd_per_mtok: f64,
    /// USD per million output tokens of a batch request.
    pub batch_output_usd_per_mtok: f64,
    /// Whether the batch prices were typed or listed (false: the interactive prices stand
    /// in, and the result warns).
    pub batch_prices_listed: bool,
    /// USD per million input tokens written to the prompt cache.
    pub cache_write_usd_per_mtok: f64,
    /// The shortest prompt (tokens) the provider caches; shorter prompts pay full price.
    pub min_cached_input_tokens: f64,
    /// Hidden reasoning tokens billed as output on every request.
    pub reasoning_tokens: f64,
    /// Yearly change of every price, > −1: month t's prices × (1+a)^((t−1)/12).
    pub price_change_annual: f64,
    /// Which table row and which typed keys the prices came from, shown with every result.
    pub source: PriceSource,
}

impl PricedApi {
    /// Plain per-token prices with nothing else: batch at the interactive prices, cache
    /// writes at the input price, no caching minimum, no reasoning tokens, no price trend.
    pub fn from_prices(prices: ApiPrices) -> Self {
        Self {
            batch_input_usd_per_mtok: prices.input_usd_per_mtok,
            batch_output_usd_per_mtok: prices.output_usd_per_mtok,
            batch_prices_listed: false,
            cache_write_usd_per_mtok: prices.input_usd_per_mtok,
            min_cached_input_tokens: 0.0,
            reasoning_tokens: 0.0,
            price_change_annual: 0.0,
            prices,
            source: PriceSource {
                model: None,
                table: None,
                overridden: Vec::new(),
                flags: Vec::new(),
            },
        }
    }
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
    /// What the table's import flagged on the row (listed at $0, a 1000× jump, an
    /// implausible price for a new model); each one is also a `price_flagged` warning.
    /// Absent when the row has none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<pricing::PriceFlag>,
}

/// The small model: how it is served, what it costs once, and the basis of its figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Slm {
    /// A self-hosted fleet or a hosted API, with what each needs to be priced.
    pub serving: SlmServing,
    /// Fine-tuning, integration and other one-off costs, charged in month 0 of the ROI.
    pub one_time_usd: f64,
    /// τ: SLM tokens per LLM token for the same text (tokenizers differ), 0.1 to 10.
    pub token_ratio: f64,
    /// Where a self-hosted fleet's GPU price came from.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub gpu: Option<GpuBasis>,
    /// Where a self-hosted fleet's throughput came from (None when served by an API).
    #[serde(default)]
    pub throughput: Option<Throughput>,
    /// The self-hosted model, when named (`slm.model`).
    #[serde(default)]
    pub model: Option<SlmModel>,
}

/// Where `Fleet::prefill_tokens_per_s` and `Fleet::decode_tokens_per_s` come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ThroughputBasis {
    /// Typed in the scenario: an estimate, not a measurement.
    Typed,
    /// A stored candle benchmark's goodput point.
    Benchmark,
    /// A stored benchmark of an OpenAI-compatible serving endpoint.
    Endpoint,
    /// Projected onto a GPU from a benchmark's measured efficiency: not measured.
    Projected,
    /// Named only in words (`slm.throughput_source`, scenario v1): measured elsewhere,
    /// nothing about it can be checked.
    Described,
}

/// The throughput a self-hosted replica is priced with, where it comes from, and what it
/// was measured on (`prices.throughput` in the result).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Throughput {
    /// Typed, a benchmark, an endpoint, a projection, or words only.
    pub basis: ThroughputBasis,
    /// What a person must know first: "estimate", "measured", "projected, not measured",
    /// "adjusted from benchmark #12 measured at 512/128".
    pub label: String,
    /// The source in one line: "benchmark #12: smollm2-135m q8_0 on cpu (Intel Xeon),
    /// synthetic weights, concurrency 4, 128/32 tokens".
    pub source: String,
    /// The stored benchmark (#N).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub benchmark: Option<u64>,
    /// The catalog id of the model measured.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub model: Option<String>,
    /// The number format measured.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub format: Option<models::WeightDtype>,
    /// `cpu`, the GPU as the machine named it, or (projected) the GPU projected onto.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub device: Option<String>,
    /// The machine in words.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub hardware: Option<String>,
    /// "synthetic weights", "real weights", or the model an endpoint served.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub weights: Option<String>,
    /// Prompt tokens measured at.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub prompt_tokens: Option<f64>,
    /// Generated tokens measured at.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub gen_tokens: Option<f64>,
    /// Sequences in flight at the figures (1 when a typed estimate does not say).
    pub concurrency: f64,
    /// The benchmark's latency targets (p95), when it had any.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub slo: Option<profiles::LatencySlo>,
    /// The benchmark's decode fit (step ms = a + b·KV tokens) at that concurrency.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub fit: Option<crate::throughput::DecodeLine>,
    /// The efficiencies measured (clamped to 1), for projections onto other GPUs.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub efficiency: Option<crate::throughput::Efficiency>,
    /// Projected: what the efficiencies were measured on.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub projected_from: Option<String>,
    /// The decode tokens/s as measured or typed (`slm.decode_tokens_per_s`), before any
    /// adjustment to the scenario's lengths.
    pub stated_decode_tokens_per_s: f64,
    /// Set when the decode figure priced is the fit's (or the projection's) at the
    /// scenario's lengths rather than the figure as stated.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub adjusted_decode_tokens_per_s: Option<f64>,
}

impl Throughput {
    /// The basis in one line for every surface: "estimate: typed in the scenario (an
    /// estimate, not measured)", "measured: benchmark #12: …", "projected, not measured:
    /// projection from benchmark #12: …", "adjusted from benchmark #12 measured at 512/128:
    /// benchmark #12: …".
    pub fn in_words(&self) -> String {
        format!("{}: {}", self.label, self.source)
    }
}

/// The self-hosted model (`slm.model`, `slm.model_format`) with the sizes that follow from
/// its catalog shapes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct SlmModel {
    /// The catalog id (`qwen2.5-7b`).
    pub id: String,
    /// Its name as the publisher writes it.
    pub name: String,
    /// The number format served.
    pub format: models::WeightDtype,
    /// Parameters, computed from the catalog's shapes.
    pub parameters: u64,
    /// Bytes of weights in that format.
    pub weight_bytes: f64,
    /// Bytes one token of context takes in the KV cache.
    pub kv_bytes_per_token: f64,
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

/// A self-hosted fleet of identical replicas (docs/cost-model.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Fleet {
    /// What a GPU-hour costs: rented (typed or a table offer) or owned.
    pub gpu: FleetGpu,
    /// N: whole GPUs per replica (1 to 1024).
    pub gpus_per_replica: f64,
    /// G: whole GPUs in the smallest unit that can be rented or bought (the offer's, or
    /// `slm.gpus_per_instance`); N ≤ G, or N a multiple of G.
    pub gpus_per_instance: f64,
    /// P: aggregate prefill tokens/s of one replica at its SLO-compliant concurrency.
    pub prefill_tokens_per_s: f64,
    /// D: aggregate decode tokens/s of one replica at its SLO-compliant concurrency.
    pub decode_tokens_per_s: f64,
    /// Multiplies P and D together (1 as typed): the Monte Carlo's belief
    /// `slm.throughput_scale`, because prefill and decode throughput move together.
    #[serde(default = "one")]
    pub throughput_scale: f64,
    /// The serving stack reuses cached prompt prefixes: κ_s = κ, else 0.
    pub prefix_caching: bool,
    /// u: share of a replica's capacity planned for use, 0 < u ≤ 1.
    pub target_utilization: f64,
    /// m: whole replicas always running (0 only with hourly scaling).
    pub min_replicas: f64,
    /// Whole replicas on top of the need.
    pub spare_replicas: f64,
    /// Always on, or hour by hour.
    pub scaling: Scaling,
    /// H: hours a month the fleet runs and is billed without a load shape (730 with one).
    pub hours_per_month: f64,
    /// Full-time engineers running the fleet.
    pub ops_fte: f64,
    /// Yearly cost of one of them, USD.
    pub fte_usd_per_year: f64,
    /// F: USD a month that does not scale with traffic (tooling, monitoring), ≥ 0.
    pub fixed_usd_per_month: f64,
    /// Yearly change of the rented GPU price, > −1.
    pub price_change_annual: f64,
}

fn one() -> f64 {
    1.0
}

/// What the fleet's GPUs cost.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FleetGpu {
    /// Rented GPUs: a reserved base at (1−d)·p, the burst on demand and on spot.
    Rented {
        /// p: USD per GPU-hour before any discount: typed, or the offer's on-demand price
        /// (its spot price when `gpu_price` is "spot": the whole fleet on spot, v1).
        usd_per_gpu_hour: f64,
        /// d: reserved or committed-use discount, 0 to 0.99.
        discount: f64,
        /// σ: share of the burst GPU-hours on spot, 0 to 1.
        spot_share: f64,
        /// p_spot: USD per spot GPU-hour (typed or the offer's); None when there is none.
        #[cfg_attr(feature = "schema", schema(required = true))]
        spot_usd_per_gpu_hour: Option<f64>,
        /// o: extra cost of spot as a share of its price, 0 to 10.
        spot_overhead: f64,
        /// b: whole instances reserved, or None for the optimal base.
        #[cfg_attr(feature = "schema", schema(required = true))]
        reserved_instances: Option<f64>,
        /// Seconds an instance is billed before it serves, each time it starts, 0 to 3600.
        cold_start_s: f64,
    },
    /// Owned GPUs: capital on the peak, energy serving and idle.
    Owned {
        /// Purchase, amortisation, power, PUE and electricity price as validated.
        inputs: pricing::gpus::OwnedGpu,
        /// Watts an owned GPU draws while no replica runs on it.
        idle_power_watts: f64,
        /// Share of the purchase price recovered at the horizon's end, 0 to 1.
        resale_share: f64,
    },
}

/// How the hybrid splits requests, with every default applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// The cascade curve measured on the user's sample (mode is then cascade, and
    /// `slm_quality`, `llm_quality` are the curve's ends); None when the qualities are
    /// typed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured: Option<MeasuredCascade>,
}

/// A measured cascade curve, validated: at least two points, the escalation rate never
/// falling from 0 at the first to 1 at the last, points at the same escalation rate with the
/// same quality, every quality and bound a share with the bound at most the quality.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct MeasuredCascade {
    /// Where it was measured, in words ("measured on 168 items of the demo sample
    /// support-intent.jsonl (95 % interval 35.0 %–49.8 %)"), trimmed, 1 to 300 characters.
    pub label: String,
    /// Items in the sample (≥ 1).
    pub items: u64,
    /// The curve in increasing threshold.
    pub points: Vec<MeasuredPoint>,
}

/// One threshold of a measured cascade curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct MeasuredPoint {
    /// θ; None for the two ends (−∞: nothing escalated, +∞: everything).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub threshold: Option<f64>,
    /// e(θ), the share of requests escalated to the LLM, 0 to 1.
    pub escalation_rate: f64,
    /// q(θ), the cascade's quality on the sample, 0 to 1.
    pub quality: f64,
    /// q(θ)'s one-sided lower 95 % bound, 0 to `quality`.
    pub quality_lower_95: f64,
}

/// The measured curve read at one escalation rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeasuredAt {
    /// The quality, linear in e between the two neighbouring points.
    pub quality: f64,
    /// Its lower 95 % bound, likewise.
    pub quality_lower_95: f64,
    /// The neighbouring points' escalation rates when e lies strictly between two points;
    /// None when e is a point's own.
    pub between: Option<(f64, f64)>,
}

impl MeasuredCascade {
    /// The curve at escalation rate e (clamped to 0..1): a point's own quality and bound
    /// when e is a point's rate to within 1e-6 (the first such point), else the straight line between the
    /// neighbouring points, which a random mix of their two thresholds reaches
    /// (docs/cost-model.md §4).
    pub fn at(&self, escalation_rate: f64) -> MeasuredAt {
        let e = if escalation_rate.is_nan() {
            0.0
        } else {
            escalation_rate.clamp(0.0, 1.0)
        };
        let own = |p: &MeasuredPoint| MeasuredAt {
            quality: p.quality,
            quality_lower_95: p.quality_lower_95,
            between: None,
        };
        // A rate within 1e-6 of a point's (the planner writes six decimals) is that point's.
        if let Some(p) = self
            .points
            .iter()
            .find(|p| (p.escalation_rate - e).abs() <= crate::measured::SAME_QUALITY)
        {
            return own(p);
        }
        let i = self.points.partition_point(|p| p.escalation_rate < e);
        match (
            i.checked_sub(1).and_then(|j| self.points.get(j)),
            self.points.get(i),
        ) {
            (Some(lo), Some(hi)) => {
                // lo.e < e < hi.e: a rate equal to a point's was found above, so span > 0.
                let t = (e - lo.escalation_rate) / (hi.escalation_rate - lo.escalation_rate);
                MeasuredAt {
                    quality: lo.quality + t * (hi.quality - lo.quality),
                    quality_lower_95: lo.quality_lower_95
                        + t * (hi.quality_lower_95 - lo.quality_lower_95),
                    between: Some((lo.escalation_rate, hi.escalation_rate)),
                }
            }
            (Some(p), None) | (None, Some(p)) => own(p),
            // Validated curves have at least two points; an empty one reads as nothing
            // measured.
            (None, None) => MeasuredAt {
                quality: 0.0,
                quality_lower_95: 0.0,
                between: None,
            },
        }
    }
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
