//! Scenario format v1 as it is written (JSON or TOML): every key optional at this layer,
//! unknown keys rejected, so that `validate` can report every missing or out-of-range
//! field at once with its path.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::FieldError;

/// A scenario document as written: what is stored, shared and reopened exactly as typed.
/// Every key is optional here; `validate` says which are required.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ScenarioInput {
    /// What the scenario is called in lists, links and reports. Required: not blank, at
    /// most 200 characters.
    pub name: Option<String>,
    /// The traffic. Required.
    pub workload: Option<WorkloadInput>,
    /// The LLM API everything is compared against. Required.
    pub llm: Option<ApiInput>,
    /// The small model: self-hosted on GPUs, or a hosted API. Required.
    pub slm: Option<SlmInput>,
    /// How the hybrid splits requests; every key has a default.
    pub routing: Option<RoutingInput>,
    /// Horizon and discount rate of the ROI; every key has a default.
    pub finance: Option<FinanceInput>,
    /// Monte Carlo beliefs; absent means no Monte Carlo.
    pub uncertainty: Option<UncertaintyInput>,
}

/// The traffic: `profiles::Workload` as written, plus an optional load shape and latency
/// targets.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WorkloadInput {
    /// Requests in month 1, 0 to 1e15. Required.
    pub requests_per_month: Option<f64>,
    /// Mean prompt tokens per request, system prompt and retrieved context included,
    /// 0 to 1e8. Required.
    pub input_tokens: Option<f64>,
    /// Mean generated tokens per request, 0 to 1e8. Required.
    pub output_tokens: Option<f64>,
    /// Share of input tokens billed at the cached-input price, 0 to 1; default 0.
    pub cached_input_share: Option<f64>,
    /// Busiest hour's request rate over the month's mean, 1 to 1e6; default 1, or the load
    /// shape's max/mean when a shape is given (giving both, disagreeing, is an error).
    pub peak_to_average: Option<f64>,
    /// Compounded growth of requests per month (0.05 = +5 % a month), > -1 and <= 1;
    /// default 0.
    pub monthly_growth: Option<f64>,
    /// Relative request rate for each hour of the day (24 values), or of the whole week
    /// (168 values, Monday 00:00 first); each >= 0, at least one > 0. When given, the week
    /// decides when traffic comes (`slm.hours_per_month` is then an error) and
    /// `peak_to_average` is derived from it.
    pub load_shape: Option<Vec<f64>>,
    /// Relative traffic of each day, Monday to Sunday (7 values >= 0, at least one > 0);
    /// only with a 24-value `load_shape`. Slot j of the week weighs
    /// load_shape[j mod 24] · weekly_shape[j div 24].
    pub weekly_shape: Option<Vec<f64>>,
    /// Share of requests that need no interactive latency, 0 to 1; default 0. The API bills
    /// them at its batch prices; a self-hosted fleet serves them spread evenly over the week.
    pub batch_share: Option<f64>,
    /// Share of input tokens written to the provider's prompt cache (billed at the
    /// cache-write price), 0 to 1; default 0. With `cached_input_share` at most 1.
    pub cache_write_share: Option<f64>,
    /// Latency targets for a self-hosted fleet; carried into the result for the benchmark,
    /// not used by the cost formulas.
    pub latency_slo: Option<LatencySloInput>,
    /// Where these figures came from, in words ("from spend.csv, 41,212 requests,
    /// 2026-11-02 – 2026-11-29" for a workload derived from an imported log); at most 300
    /// characters, not blank. Shown with the workload; not used by the cost formulas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Latency targets: time to first token and time per output token, milliseconds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LatencySloInput {
    /// Longest acceptable wait for the first token (ms, > 0); required when the SLO is given.
    pub ttft_ms: Option<f64>,
    /// Longest acceptable time between output tokens (ms, > 0); required when the SLO is
    /// given.
    pub tpot_ms: Option<f64>,
}

/// Prices of an API: a model from the price table, explicit prices, or both (explicit wins).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApiInput {
    /// A model name exactly as the price table spells it ("gpt-4o"); an unknown name is an
    /// error, never a $0 price.
    pub model: Option<String>,
    /// USD per million fresh input tokens, 0 to 1e6; overrides the table's.
    pub input_usd_per_mtok: Option<f64>,
    /// USD per million output tokens, 0 to 1e6; overrides the table's.
    pub output_usd_per_mtok: Option<f64>,
    /// USD per million cached input tokens, 0 to 1e6; overrides the table's. Without it and
    /// without a model, cached input costs the input price (no discount).
    pub cached_input_usd_per_mtok: Option<f64>,
    /// Flat USD fee per request, 0 to 1e6; overrides the table's (0 for most LLM APIs).
    pub usd_per_request: Option<f64>,
    /// USD per million input tokens of a batch request, 0 to 1e6; default the table's batch
    /// price, else the interactive input price (with a warning).
    pub batch_input_usd_per_mtok: Option<f64>,
    /// USD per million output tokens of a batch request, 0 to 1e6; default the table's batch
    /// price, else the interactive output price (with a warning).
    pub batch_output_usd_per_mtok: Option<f64>,
    /// USD per million input tokens written to the prompt cache, 0 to 1e6; default the
    /// table's cache-creation price where it lists one, else the input price.
    pub cache_write_usd_per_mtok: Option<f64>,
    /// The shortest prompt the provider caches (tokens, whole, 0 to 1e8): below it no input
    /// is billed as cached. Default: the provider's documented minimum where the price
    /// table names a provider with one, else 0.
    pub min_cached_input_tokens: Option<f64>,
    /// Hidden reasoning tokens billed as output on every request (whole-request mean),
    /// 0 to 1e8; default 0.
    pub reasoning_tokens: Option<f64>,
    /// Yearly change of every price of this API (−0.2 = 20 % cheaper each year), > −1 and
    /// <= 10; default 0. Month t's prices are × (1+a)^((t−1)/12).
    pub price_change_annual: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
/// How the SLM is served (`slm.serving`); decides which of `SlmInput`'s keys apply.
pub enum Serving {
    /// On GPUs rented or owned, sized as a fleet of replicas for the peak.
    SelfHosted,
    /// On a hosted endpoint priced per token, like the LLM.
    Api,
}

/// The SLM section holds the keys of both serving modes; `validate` rejects the keys
/// of the mode that is not chosen, so a misplaced key is an error rather than ignored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SlmInput {
    /// `"self_hosted"` or `"api"`. Required.
    pub serving: Option<Serving>,
    // both, with different meanings
    /// Serving "api": the hosted model's name in the price table. Self-hosted: the model
    /// served, a catalog id (`qwen2.5-7b`; see `models::catalog`), which lets the memory
    /// fit and the throughput's coherence be checked.
    pub model: Option<String>,
    /// Self-hosted with `model`: the number format its weights are served in (`bf16`,
    /// `f16`, `f32`, `q8_0`, `q4_0`, `q4_1`, `q4_k`); default `bf16`.
    pub model_format: Option<models::WeightDtype>,
    /// Self-hosted: where `prefill_tokens_per_s` and `decode_tokens_per_s` come from — typed
    /// (an estimate), a stored candle benchmark, an endpoint benchmark, or a projection onto
    /// a GPU from a benchmark — with what was measured, so the plan can check it against
    /// the model, the GPU and the lengths priced. At most one of this and
    /// `throughput_source`.
    pub throughput: Option<ThroughputInput>,
    // api
    /// Serving "api": USD per million fresh input tokens, overriding the table's.
    pub input_usd_per_mtok: Option<f64>,
    /// Serving "api": USD per million output tokens, overriding the table's.
    pub output_usd_per_mtok: Option<f64>,
    /// Serving "api": USD per million cached input tokens, overriding the table's.
    pub cached_input_usd_per_mtok: Option<f64>,
    /// Serving "api": flat USD fee per request, overriding the table's.
    pub usd_per_request: Option<f64>,
    // self_hosted: the GPU price is typed, taken from the GPU table, or owned hardware
    /// Self-hosted: the price of one GPU-hour, typed (> 0, up to 1e6). One of this, `gpu`
    /// and `owned` is required.
    pub gpu_usd_per_hour: Option<f64>,
    /// An offer id from the GPU table, e.g. "aws:g6e.xlarge".
    pub gpu: Option<String>,
    /// Which of the offer's prices to pay; default on demand. Only with `gpu`.
    pub gpu_price: Option<GpuPriceKind>,
    /// Reserved or committed-use discount off the rented price (typed or the table's),
    /// 0 to 0.99; default 0. Reserved instances (`reserved_instances`) pay (1−d)·p.
    pub gpu_discount: Option<f64>,
    /// Self-hosted on GPUs bought rather than rented: purchase and electricity become a
    /// USD per GPU-hour.
    pub owned: Option<OwnedInput>,
    /// Whole GPUs one replica of the model needs, 1 to 1024; default 1.
    pub gpus_per_replica: Option<f64>,
    /// Input tokens one replica processes per second, all concurrent requests together,
    /// at the concurrency that meets the latency target (> 0). Required when self-hosted.
    pub prefill_tokens_per_s: Option<f64>,
    /// Output tokens one replica generates per second, all concurrent sequences together,
    /// at the concurrency that meets the latency target (> 0). Required when self-hosted.
    pub decode_tokens_per_s: Option<f64>,
    /// Share of a replica's capacity planned for use at the peak, > 0 and <= 1; default 0.7
    /// (the rest is headroom).
    pub target_utilization: Option<f64>,
    /// Whole replicas kept running whatever the traffic, 1 to 1e6 (0 allowed with hourly
    /// scaling: scale to zero); default 1.
    pub min_replicas: Option<f64>,
    /// Hours a month the fleet runs and is billed, > 0 and <= 744; default 730 (always on).
    /// Only without a load shape (the shape says when traffic comes).
    pub hours_per_month: Option<f64>,
    /// Monthly USD that does not scale with traffic (people, monitoring), 0 to 1e12;
    /// default 0.
    pub fixed_usd_per_month: Option<f64>,
    /// Where the throughput figures were measured (a benchmark run, a vendor sheet); absent
    /// when they were typed as estimates. Shown with every result.
    pub throughput_source: Option<String>,
    /// Self-hosted: whether the serving stack reuses cached prompt prefixes (vLLM, SGLang
    /// do), so the cached share of the input costs no prefill; default true.
    pub prefix_caching: Option<bool>,
    /// Self-hosted: `"always_on"` (default: sized for the week's busiest hour, running
    /// every hour) or `"hourly"` (sized hour by hour; needs a load shape).
    pub scaling: Option<Scaling>,
    /// Self-hosted: whole replicas on top of the need, for redundancy (N+1 is 1), 0 to
    /// 1e6; default 0.
    pub spare_replicas: Option<f64>,
    /// Self-hosted with a typed or owned price: GPUs in the smallest unit that can be
    /// rented or bought, 1 to 1024; default 1. A GPU-table offer brings its own.
    pub gpus_per_instance: Option<f64>,
    /// Self-hosted, rented: share of the burst (non-reserved) GPU-hours run on spot, 0 to
    /// 1; default 0. Needs an offer that lists a spot price, or `spot_usd_per_hour`.
    pub spot_share: Option<f64>,
    /// Self-hosted with a typed price: the spot price of one GPU-hour (> 0, up to 1e6).
    pub spot_usd_per_hour: Option<f64>,
    /// Self-hosted: extra spot cost for reclaimed capacity (retries, checkpoints), as a
    /// share of the spot price, 0 to 10; default 0.
    pub spot_overhead: Option<f64>,
    /// Self-hosted, rented: instances reserved for the whole month at the discounted
    /// price — a whole number, or `"optimal"` (default: the cheapest base).
    pub reserved_instances: Option<ReservedInstances>,
    /// Self-hosted, rented: seconds an instance is billed before it serves, each time it
    /// starts, 0 to 3600; default 0.
    pub cold_start_s: Option<f64>,
    /// Self-hosted: full-time engineers running the fleet (0.25 = a quarter of one), 0 to
    /// 1e4; default 0.
    pub ops_fte: Option<f64>,
    /// Self-hosted: yearly cost of one of those engineers, salary and overheads, USD, 0 to
    /// 1e8; default 0.
    pub fte_usd_per_year: Option<f64>,
    /// SLM tokens per LLM token for the same text (tokenizers differ), 0.1 to 10; default 1.
    pub token_ratio: Option<f64>,
    /// Yearly change of the rented GPU price or the hosted SLM's prices (−0.2 = 20 %
    /// cheaper each year), > −1 and <= 10; default 0.
    pub price_change_annual: Option<f64>,
    /// Serving "api": USD per million input tokens of a batch request, overriding the
    /// table's.
    pub batch_input_usd_per_mtok: Option<f64>,
    /// Serving "api": USD per million output tokens of a batch request, overriding the
    /// table's.
    pub batch_output_usd_per_mtok: Option<f64>,
    /// Serving "api": USD per million input tokens written to the prompt cache.
    pub cache_write_usd_per_mtok: Option<f64>,
    /// Serving "api": the shortest prompt the provider caches, tokens.
    pub min_cached_input_tokens: Option<f64>,
    // both
    /// USD paid once in month 0 (fine-tuning, evaluation, integration), 0 to 1e12; default
    /// 0. Either serving mode.
    pub one_time_usd: Option<f64>,
}

/// Where a self-hosted replica's throughput comes from (`slm.throughput`), and what the
/// measurement was of. Written by "Use in scenario" from a stored benchmark
/// (`api::bench::BenchResult::throughput_input`); typed by hand it is an estimate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ThroughputInput {
    /// `"typed"`, `"benchmark"`, `"endpoint"` or `"projected"`. Required.
    pub basis: Option<ThroughputKind>,
    /// The stored benchmark's number (#N). Required unless typed.
    pub benchmark: Option<f64>,
    /// The catalog id of the model measured (an endpoint benchmark: when the served model
    /// was named as one).
    pub model: Option<String>,
    /// The number format measured.
    pub format: Option<models::WeightDtype>,
    /// What ran it: `"cpu"`, or a GPU as the machine names it ("NVIDIA H100 80GB HBM3");
    /// projected: the GPU projected onto, as the GPU table names it. Required unless typed.
    pub device: Option<String>,
    /// The machine in words (CPU model, GPU, or the endpoint's host), for people.
    pub hardware: Option<String>,
    /// "synthetic weights", "real weights", or the model name an endpoint served.
    pub weights: Option<String>,
    /// Prompt tokens per request measured at. Required unless typed.
    pub prompt_tokens: Option<f64>,
    /// Generated tokens per request measured at. Required unless typed.
    pub gen_tokens: Option<f64>,
    /// Sequences in flight at the figures (the goodput point; typed: what the estimate
    /// assumes, default 1).
    pub concurrency: Option<f64>,
    /// The benchmark's p95 TTFT target, ms; absent when it had none.
    pub slo_ttft_ms: Option<f64>,
    /// The benchmark's p95 TPOT target, ms; absent when it had none.
    pub slo_tpot_ms: Option<f64>,
    /// The decode fit at that concurrency: step ms with an empty cache (a).
    pub decode_fixed_ms: Option<f64>,
    /// The decode fit: ms each token in the KV cache adds to a step (b).
    pub decode_ms_per_kv_token: Option<f64>,
    /// The measured decode bandwidth efficiency (0 to 1; above 1 is clamped), for
    /// projections onto other GPUs.
    pub decode_bandwidth_efficiency: Option<f64>,
    /// The measured prefill MFU (0 to 1; above 1 is clamped), for projections.
    pub prefill_mfu: Option<f64>,
    /// Projected: what the efficiencies were measured on (`"cpu"` or a GPU's name).
    pub projected_from: Option<String>,
}

/// The four sources of a self-hosted throughput.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ThroughputKind {
    /// Typed by hand: an estimate.
    Typed,
    /// Measured by a stored candle benchmark, at its goodput point.
    Benchmark,
    /// Measured against a serving stack's OpenAI-compatible endpoint.
    Endpoint,
    /// Projected onto a GPU from a benchmark's measured efficiency (not measured).
    Projected,
}

impl ThroughputKind {
    /// The spelling in a scenario: `typed`, `benchmark`, `endpoint`, `projected`.
    pub fn as_str(self) -> &'static str {
        match self {
            ThroughputKind::Typed => "typed",
            ThroughputKind::Benchmark => "benchmark",
            ThroughputKind::Endpoint => "endpoint",
            ThroughputKind::Projected => "projected",
        }
    }
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
            batch_input_usd_per_mtok: self.batch_input_usd_per_mtok,
            batch_output_usd_per_mtok: self.batch_output_usd_per_mtok,
            cache_write_usd_per_mtok: self.cache_write_usd_per_mtok,
            min_cached_input_tokens: self.min_cached_input_tokens,
            reasoning_tokens: None,
            price_change_annual: self.price_change_annual,
        }
    }
}

/// How a self-hosted fleet follows the traffic (`slm.scaling`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Scaling {
    /// Sized for the week's busiest hour and running every hour: the default (v1).
    #[default]
    AlwaysOn,
    /// Sized hour by hour from the load shape; scales to zero when `min_replicas` is 0.
    Hourly,
}

/// `slm.reserved_instances`: a whole number of instances, or the word "optimal".
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum ReservedInstances {
    /// This many instances, billed every hour of the month.
    Count(f64),
    /// `"optimal"`: the base with the lowest monthly bill.
    Choice(ReservedChoice),
}

/// The word form of `slm.reserved_instances`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReservedChoice {
    /// The b in 0..=peak instances with the lowest monthly GPU bill, the smallest on a tie.
    Optimal,
}

/// Which of a GPU offer's prices to pay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GpuPriceKind {
    /// The on-demand price: always available, the default.
    #[default]
    OnDemand,
    /// The spot price: cheaper, but the provider can reclaim the GPU; not every offer has
    /// one.
    Spot,
}

/// Owned (on-premises) GPUs, turned into an equivalent USD per GPU-hour.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OwnedInput {
    /// Purchase price of one GPU (its share of the server included).
    pub purchase_usd: Option<f64>,
    /// Months over which the purchase is written off, straight line (> 0, up to 240).
    pub amortisation_months: Option<f64>,
    /// Power drawn per GPU (its share of the server included), watts.
    pub power_watts: Option<f64>,
    /// Power usage effectiveness of the facility (>= 1).
    pub pue: Option<f64>,
    /// What a kilowatt-hour costs where the GPUs run, USD, 0 to 100.
    pub electricity_usd_per_kwh: Option<f64>,
    /// Power drawn per owned GPU while no replica runs on it, watts; default `power_watts`.
    pub idle_power_watts: Option<f64>,
    /// Share of the purchase price recovered by selling the GPUs at the horizon's end,
    /// 0 to 1; default 0.
    pub resale_share: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
/// How the hybrid decides which model answers a request (docs/cost-model.md §4).
pub enum RoutingMode {
    /// A router sends `slm_share` of the requests to the SLM and the rest to the LLM; the
    /// default.
    Router,
    /// Every request tries the SLM first and `escalation_rate` of them go on to the LLM:
    /// the router at share 1.
    Cascade,
}

/// How the hybrid splits requests between the SLM and the LLM, and what quality each gives.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RoutingInput {
    /// Router or cascade; default router.
    pub mode: Option<RoutingMode>,
    /// Router mode: share of requests sent to the SLM, 0 to 1; default 0.8. Refused in
    /// cascade mode, where it is 1 by definition.
    pub slm_share: Option<f64>,
    /// Share of SLM requests sent on to the LLM as well (paid twice), 0 to 1; default 0.
    pub escalation_rate: Option<f64>,
    /// USD per request for deciding where it goes, 0 to 1e6; default 0. Charged on every
    /// request, only when requests are really split.
    pub router_usd_per_request: Option<f64>,
    /// The SLM's score on the user's task, 0 to 1 (e.g. accuracy); optional.
    pub slm_quality: Option<f64>,
    /// The LLM's score on the same task, 0 to 1; optional.
    pub llm_quality: Option<f64>,
    /// The lowest acceptable hybrid quality, 0 to 1; needs both qualities (or a measured
    /// curve). The best share is the cheapest that reaches it.
    pub min_quality: Option<f64>,
    /// A cascade curve measured on the user's own labelled sample (docs/quality.md): the
    /// escalation rate and the cascade's quality at each confidence threshold. With it the
    /// mode is a cascade, the hybrid's quality is the curve's at `escalation_rate`, and the
    /// quality floor is judged on the curve's one-sided lower 95 % bound
    /// (docs/cost-model.md §4, §9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured: Option<MeasuredCascadeInput>,
}

/// A measured cascade curve as written: "Use in scenario" on the Quality page writes it from
/// an eval (`api::quality::routing_input`), so nobody types it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MeasuredCascadeInput {
    /// Where the curve was measured, in words ("measured on 168 items of the demo sample
    /// support-intent.jsonl (95 % interval 35.0 %–49.8 %)"); required, not blank, at most
    /// 300 characters.
    pub label: Option<String>,
    /// Items in the sample the curve was measured on (whole, ≥ 1); required.
    pub items: Option<u64>,
    /// The curve, 2 to 1,001 points in increasing threshold: the escalation rate never
    /// falls, the first point escalates nothing (0) and the last everything (1).
    pub points: Option<Vec<MeasuredPointInput>>,
}

/// One threshold of a measured cascade curve.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MeasuredPointInput {
    /// θ: items whose confidence is below it go to the LLM; null for the two ends
    /// (θ = −∞ and +∞). Finite, increasing along the curve where given.
    #[serde(default)]
    pub threshold: Option<f64>,
    /// e(θ): the share of items escalated, 0 to 1; required.
    pub escalation_rate: Option<f64>,
    /// q(θ): the cascade's quality on the sample, 0 to 1; required.
    pub quality: Option<f64>,
    /// Its one-sided lower 95 % bound, 0 to `quality`; required.
    pub quality_lower_95: Option<f64>,
}

/// The ROI's horizon and discount rate (docs/cost-model.md §6).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FinanceInput {
    /// Whole months the cash flow, payback and NPV cover, 1 to 120; default 36.
    pub horizon_months: Option<f64>,
    /// Annual rate future savings are discounted at (0.10 = 10 %), 0 to 10; default 0.10.
    pub discount_rate_annual: Option<f64>,
}

/// Monte Carlo over the inputs the user is unsure of (docs/cost-model.md §7).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UncertaintyInput {
    /// Whole number of scenarios drawn, 1 to 200,000; default 10,000.
    pub draws: Option<f64>,
    /// Seed of the draws; default 1. The same seed gives the same answer in the browser and
    /// on the server.
    pub seed: Option<u64>,
    /// A belief per uncertain input, keyed by the input's path (`slm.gpu_usd_per_hour`);
    /// only the numeric inputs of `fields::NUMERIC_FIELDS` that apply to the scenario.
    #[serde(default)]
    pub inputs: BTreeMap<String, QuantileRange>,
}

/// A belief about an input: 80 % of the mass between p10 and p90.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QuantileRange {
    /// The value the input is above with 90 % probability; <= `p90`.
    pub p10: f64,
    /// The value the input is below with 90 % probability.
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
