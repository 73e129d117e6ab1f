//! The words for every scenario field: its path in the scenario format, the label a person
//! reads, its unit and a sentence of help. Defined once here and used by every surface that
//! names a field — the planner's form, the compare page, the tornado chart, the PDF's
//! assumptions and the workbook's input sheet — so a field is called the same thing
//! everywhere, and no surface shows a raw key such as `workload.cached_input_share`.
//!
//! `tests/engine/vocabulary.rs` holds the table complete: every key a scenario can carry, and every
//! path the engine reports in an error, a warning or a sensitivity row, has an entry.

mod options;
pub use options::{option_name, option_short};

/// One scenario field as people see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The field's path in the scenario format (`workload.input_tokens`).
    pub path: &'static str,
    /// What the field is called ("Input tokens per request").
    pub label: &'static str,
    /// Its unit, short ("tokens", "USD/Mtok", "share 0–1"); empty for text and choices.
    pub unit: &'static str,
    /// One or two sentences: what it means and where a value comes from.
    pub help: &'static str,
}

impl Field {
    /// "Label (unit)", or the label alone when there is no unit.
    pub fn label_with_unit(&self) -> String {
        if self.unit.is_empty() {
            self.label.to_string()
        } else {
            format!("{} ({})", self.label, self.unit)
        }
    }
}

const fn f(
    path: &'static str,
    label: &'static str,
    unit: &'static str,
    help: &'static str,
) -> Field {
    Field {
        path,
        label,
        unit,
        help,
    }
}

/// Every field of the scenario format, in the order the planner shows them.
pub static FIELDS: &[Field] = &[
    f("name", "Scenario name", "", "What the scenario is called in lists, links and reports."),
    // workload
    f("workload", "Workload", "", "The traffic: volume, tokens per request, caching, its shape over the week, growth and latency targets."),
    f("workload.requests_per_month", "Requests per month", "requests/month",
      "Requests the workload sends in month 1; growth compounds from here."),
    f("workload.input_tokens", "Input tokens per request", "tokens",
      "Mean prompt tokens per request, system prompt and retrieved context included."),
    f("workload.output_tokens", "Output tokens per request", "tokens",
      "Mean generated tokens per request."),
    f("workload.cached_input_share", "Cached input share", "share 0–1",
      "Share of input tokens served from the provider's prompt cache (billed at the cached-input price)."),
    f("workload.peak_to_average", "Peak-to-average load", "≥ 1",
      "Busiest hour's request rate over the month's average: sizes the self-hosted fleet. Derived from the load shape when one is given."),
    f("workload.monthly_growth", "Monthly growth", "share per month",
      "Compounded growth of requests per month (0.05 = +5 % a month)."),
    f("workload.load_shape", "Load shape", "24 or 168 hourly rates",
      "Relative request rate for each hour of the day, or of the week from Monday 00:00 (in one time zone: the cost depends on the shape, not the zone); 0 for hours without traffic. The peak-to-average load is its max over its mean."),
    f("workload.weekly_shape", "Weekly shape", "7 daily weights",
      "Relative traffic of each day, Monday to Sunday, over the 24-hour load shape (office tools: weekdays only)."),
    f("workload.batch_share", "Batch share", "share 0–1",
      "Share of requests that need no interactive answer: billed at the API's batch prices, served evenly over the week when self-hosted."),
    f("workload.cache_write_share", "Cache-write share", "share 0–1",
      "Share of input tokens written to the provider's prompt cache, billed at the cache-write price."),
    f("workload.source", "Workload source", "",
      "Where the workload's figures came from, e.g. an imported usage log with its request count and dates. Words only: the cost does not read it."),
    f("workload.latency_slo", "Latency SLO", "",
      "Latency targets the self-hosted fleet must meet at its busiest hour."),
    f("workload.latency_slo.ttft_ms", "Latency SLO: time to first token", "ms",
      "Longest acceptable wait for the first token (p95)."),
    f("workload.latency_slo.tpot_ms", "Latency SLO: time per output token", "ms",
      "Longest acceptable time between output tokens (p95)."),
    // llm
    f("llm", "LLM API", "", "The large model's API and its prices."),
    f("llm.model", "LLM model", "",
      "A model from the price table; its prices fill the fields below unless they are typed."),
    f("llm.input_usd_per_mtok", "LLM input price", "USD/Mtok",
      "Price of a million fresh input tokens on the LLM API."),
    f("llm.output_usd_per_mtok", "LLM output price", "USD/Mtok",
      "Price of a million output tokens on the LLM API."),
    f("llm.cached_input_usd_per_mtok", "LLM cached input price", "USD/Mtok",
      "Price of a million input tokens served from the LLM provider's prompt cache."),
    f("llm.usd_per_request", "LLM per-request fee", "USD/request",
      "A flat fee per request, where the API charges one (rare for LLM APIs)."),
    f("llm.batch_input_usd_per_mtok", "LLM batch input price", "USD/Mtok",
      "Price of a million input tokens of a batch request (answered within a day); the table's where it lists one."),
    f("llm.batch_output_usd_per_mtok", "LLM batch output price", "USD/Mtok",
      "Price of a million output tokens of a batch request; the table's where it lists one."),
    f("llm.cache_write_usd_per_mtok", "LLM cache-write price", "USD/Mtok",
      "Price of a million input tokens written to the prompt cache; the table's where it lists one, else the input price."),
    f("llm.min_cached_input_tokens", "LLM caching minimum", "tokens",
      "The shortest prompt the provider caches: shorter prompts pay full price. Defaults to the provider's documented minimum."),
    f("llm.reasoning_tokens", "LLM reasoning tokens", "tokens/request",
      "Hidden reasoning tokens the LLM bills as output on every request."),
    f("llm.price_change_annual", "LLM price trend", "per year",
      "Yearly change of the LLM's prices over the horizon (−0.2 = 20 % cheaper each year)."),
    // slm
    f("slm", "Small model", "", "How the small model is served: self-hosted GPUs or a hosted API, with its costs and throughput."),
    f("slm.serving", "SLM serving", "",
      "Self-hosted on GPUs you rent or own, or a hosted SLM API priced per token."),
    f("slm.model", "SLM model", "",
      "The small model. Self-hosted: a model from the catalog (qwen2.5-7b), so its memory on the GPU and the throughput's model can be checked. Hosted API: a model from the price table, whose prices fill the hosted SLM fields unless they are typed."),
    f("slm.model_format", "Number format", "",
      "Self-hosted: the number format the model's weights are served in (bf16 unless given); it sets the bytes read per token and the memory the weights take."),
    f("slm.input_usd_per_mtok", "Hosted SLM input price", "USD/Mtok",
      "Price of a million fresh input tokens on the hosted SLM endpoint."),
    f("slm.output_usd_per_mtok", "Hosted SLM output price", "USD/Mtok",
      "Price of a million output tokens on the hosted SLM endpoint."),
    f("slm.cached_input_usd_per_mtok", "Hosted SLM cached input price", "USD/Mtok",
      "Price of a million cached input tokens on the hosted SLM endpoint."),
    f("slm.usd_per_request", "Hosted SLM per-request fee", "USD/request",
      "A flat fee per request on the hosted SLM endpoint."),
    f("slm.batch_input_usd_per_mtok", "Hosted SLM batch input price", "USD/Mtok",
      "Price of a million input tokens of a batch request on the hosted SLM endpoint."),
    f("slm.batch_output_usd_per_mtok", "Hosted SLM batch output price", "USD/Mtok",
      "Price of a million output tokens of a batch request on the hosted SLM endpoint."),
    f("slm.cache_write_usd_per_mtok", "Hosted SLM cache-write price", "USD/Mtok",
      "Price of a million input tokens written to the hosted SLM's prompt cache."),
    f("slm.min_cached_input_tokens", "Hosted SLM caching minimum", "tokens",
      "The shortest prompt the hosted SLM's provider caches."),
    f("slm.gpu_usd_per_hour", "GPU price", "USD/GPU-hour",
      "What one GPU costs per hour, typed (an estimate unless you have a quote)."),
    f("slm.gpu", "GPU offer", "",
      "A cloud offer from the GPU table; its on-demand or spot price per GPU-hour is used."),
    f("slm.gpu_price", "GPU price kind", "",
      "Which of the offer's prices to pay: on demand, or spot (cheaper, can be reclaimed)."),
    f("slm.gpu_discount", "Reserved / committed discount", "share 0–0.99",
      "Discount off the rented price for reserved or committed-use instances."),
    f("slm.gpus_per_instance", "GPUs per instance", "GPUs",
      "GPUs in the smallest unit you can rent or buy; a GPU-table offer brings its own."),
    f("slm.reserved_instances", "Reserved instances", "instances or optimal",
      "Instances reserved for the whole month at the discounted price; \"optimal\" picks the cheapest base."),
    f("slm.spot_share", "Spot share", "share 0–1",
      "Share of the burst (non-reserved) GPU-hours run on spot capacity."),
    f("slm.spot_usd_per_hour", "Spot price", "USD/GPU-hour",
      "What one spot GPU-hour costs, for a typed price."),
    f("slm.spot_overhead", "Spot overhead", "share of spot price",
      "Extra cost of spot capacity being reclaimed (retries, checkpoints), as a share of its price."),
    f("slm.cold_start_s", "Cold start", "s",
      "Seconds an instance is billed before it serves, each time one starts."),
    f("slm.scaling", "Scaling", "",
      "Always on at the week's busiest hour, or hour by hour with the load shape."),
    f("slm.spare_replicas", "Spare replicas", "replicas",
      "Replicas on top of the need, for redundancy (N+1 is 1)."),
    f("slm.prefix_caching", "Prefix caching", "",
      "The serving stack reuses cached prompt prefixes (vLLM, SGLang), so the cached share of the input needs no prefill."),
    f("slm.token_ratio", "SLM token ratio", "SLM tokens per LLM token",
      "Tokens the SLM's tokenizer needs for the text the LLM counts as one token."),
    f("slm.ops_fte", "Operations staff", "FTE",
      "Engineers running the fleet, as full-time equivalents (0.25 = a quarter of one)."),
    f("slm.fte_usd_per_year", "Cost per engineer", "USD/year",
      "What one full-time engineer costs a year, salary and overheads."),
    f("slm.price_change_annual", "SLM price trend", "per year",
      "Yearly change of the rented GPU price or the hosted SLM's prices (−0.2 = 20 % cheaper each year)."),
    f("slm.throughput_scale", "Throughput scale", "× typed throughput",
      "A belief only: multiplies prefill and decode throughput together, because they move together."),
    f("slm.owned", "Owned GPUs", "",
      "GPUs you buy: purchase amortised over months plus electricity."),
    f("slm.owned.purchase_usd", "Purchase price per GPU", "USD",
      "What one GPU costs to buy, its share of the server included."),
    f("slm.owned.amortisation_months", "Amortisation", "months",
      "Months over which the purchase is spread."),
    f("slm.owned.power_watts", "Power per GPU", "W",
      "Power one GPU draws with its share of the server."),
    f("slm.owned.pue", "PUE", "≥ 1",
      "Power usage effectiveness of the facility: total power over IT power."),
    f("slm.owned.electricity_usd_per_kwh", "Electricity price", "USD/kWh",
      "What a kilowatt-hour costs where the GPUs run."),
    f("slm.owned.idle_power_watts", "Idle power per GPU", "W",
      "Power an owned GPU draws while no replica runs on it (default: the power per GPU)."),
    f("slm.owned.resale_share", "Resale value", "share of purchase",
      "Share of the purchase price recovered by selling the GPUs at the horizon's end."),
    f("slm.gpus_per_replica", "GPUs per replica", "GPUs",
      "GPUs one serving replica of the model needs."),
    f("slm.prefill_tokens_per_s", "Prefill throughput", "tokens/s per replica",
      "Input tokens one replica processes per second under load."),
    f("slm.decode_tokens_per_s", "Decode throughput", "tokens/s per replica",
      "Output tokens one replica generates per second under load (all concurrent sequences together)."),
    f("slm.target_utilization", "Target utilisation", "share 0–1",
      "Share of a replica's capacity planned for use at the peak; the rest is headroom."),
    f("slm.min_replicas", "Minimum replicas", "replicas",
      "Replicas kept running whatever the traffic (0 with hourly scaling: scale to zero)."),
    f("slm.hours_per_month", "Hours per month", "hours",
      "Without a load shape: hours the fleet runs and is billed each month (730: always on)."),
    f("slm.fixed_usd_per_month", "Fixed cost", "USD/month",
      "Monthly cost that does not scale with traffic: monitoring, tooling, support contracts."),
    f("slm.throughput_source", "Throughput source", "",
      "Where the throughput was measured, in words only (a vendor sheet, a run elsewhere): nothing about it can be checked; empty when it was typed as an estimate."),
    f("slm.throughput", "Where the throughput comes from", "",
      "Where the prefill and decode throughput come from — typed (an estimate), a stored benchmark, an endpoint benchmark, or a projection onto a GPU — and what was measured, so it can be checked against the model, the GPU and the lengths priced."),
    f("slm.throughput.basis", "Throughput basis", "",
      "Typed by hand (an estimate), measured by a stored benchmark or an endpoint benchmark, or projected onto a GPU from a benchmark's measured efficiency (not measured)."),
    f("slm.throughput.benchmark", "Benchmark", "",
      "The number of the stored benchmark the throughput comes from (benchmark #N)."),
    f("slm.throughput.model", "Model measured", "",
      "The catalog model the benchmark ran; checked against the SLM model served."),
    f("slm.throughput.format", "Number format measured", "",
      "The number format of the weights the benchmark ran; checked against the number format served."),
    f("slm.throughput.device", "Device measured", "",
      "What ran the benchmark: the CPU, or a GPU as the machine names it; for a projection, the GPU projected onto. Checked against the GPU priced."),
    f("slm.throughput.hardware", "Hardware measured", "",
      "The machine the benchmark ran on, in words (CPU model, GPU, or the endpoint's host)."),
    f("slm.throughput.weights", "Weights measured", "",
      "Synthetic or real weights, or the model name an endpoint served."),
    f("slm.throughput.prompt_tokens", "Prompt tokens measured", "tokens",
      "Prompt tokens per request the benchmark ran at; checked against the scenario's input tokens."),
    f("slm.throughput.gen_tokens", "Generated tokens measured", "tokens",
      "Generated tokens per request the benchmark ran at; checked against the scenario's output tokens."),
    f("slm.throughput.concurrency", "Concurrency", "sequences",
      "Requests in flight together at the throughput figures (the benchmark's goodput point); a typed estimate's assumption, 1 unless given."),
    f("slm.throughput.slo_ttft_ms", "Benchmark time-to-first-token target", "ms",
      "The p95 time to first token the benchmark held its concurrency to; checked against the scenario's latency SLO."),
    f("slm.throughput.slo_tpot_ms", "Benchmark time-per-output-token target", "ms",
      "The p95 time per output token the benchmark held its concurrency to; checked against the scenario's latency SLO."),
    f("slm.throughput.decode_fixed_ms", "Decode step with an empty cache", "ms",
      "The benchmark's decode fit, a in step = a + b × KV tokens: a decode step's time before any context is cached."),
    f("slm.throughput.decode_ms_per_kv_token", "Decode step per cached token", "ms per KV token",
      "The benchmark's decode fit, b in step = a + b × KV tokens: what each token in the KV cache adds to a decode step. With the fit, decode is recomputed at the scenario's lengths when they differ from the benchmark's."),
    f("slm.throughput.decode_bandwidth_efficiency", "Decode bandwidth efficiency", "share 0–1",
      "Share of the device's memory bandwidth the benchmark's decode reached; used to project onto other GPUs."),
    f("slm.throughput.prefill_mfu", "Prefill compute utilisation (MFU)", "share 0–1",
      "Share of the device's peak compute the benchmark's prefill reached; used to project onto other GPUs."),
    f("slm.throughput.projected_from", "Projected from", "",
      "For a projection: the device the efficiencies were measured on (the CPU or a GPU's name)."),
    f("slm.one_time_usd", "One-time cost", "USD",
      "Paid once in month 0: fine-tuning, evaluation, integration."),
    // routing
    f("routing", "Routing", "", "How the hybrid splits traffic between the small model and the LLM, and the quality each reaches."),
    f("routing.mode", "Routing mode", "",
      "Router: a share of traffic goes to the SLM. Cascade: every request tries the SLM first and some escalate."),
    f("routing.slm_share", "SLM share", "share 0–1",
      "Share of requests the router sends to the SLM."),
    f("routing.escalation_rate", "Escalation rate", "share 0–1",
      "Share of SLM requests sent on to the LLM as well (paid twice)."),
    f("routing.router_usd_per_request", "Router fee", "USD/request",
      "What deciding where a request goes costs, per request."),
    f("routing.slm_quality", "SLM quality", "0–1",
      "The SLM's score on your task (e.g. accuracy), typed."),
    f("routing.llm_quality", "LLM quality", "0–1",
      "The LLM's score on your task, typed."),
    f("routing.min_quality", "Minimum hybrid quality", "0–1",
      "The best SLM share is the cheapest one whose hybrid quality reaches this. With a measured cascade curve it is judged on the curve's lower 95 % bound."),
    f("routing.measured", "Measured cascade curve", "",
      "The cascade's escalation rate and quality at each confidence threshold, measured on your own labelled sample (Quality page, \"Use in scenario\"). With it the hybrid's quality is the curve's at the escalation rate, and the quality floor is judged on its lower 95 % bound."),
    f("routing.measured.label", "Quality measured on", "",
      "Where the curve was measured, in words: the sample, its size and the SLM's accuracy interval."),
    f("routing.measured.items", "Items measured", "items",
      "Labelled items in the sample the curve was measured on."),
    f("routing.measured.points", "Measured thresholds", "",
      "The curve: one point per confidence threshold, from nothing escalated (0) to everything (1)."),
    f("routing.measured.points.threshold", "Confidence threshold", "",
      "Requests whose SLM confidence is below it go on to the LLM; empty at the two ends."),
    f("routing.measured.points.escalation_rate", "Share escalated", "share 0–1",
      "Share of the sample's items below the threshold, sent on to the LLM."),
    f("routing.measured.points.quality", "Cascade quality", "0–1",
      "The cascade's score on the sample at this threshold: the SLM's answers kept, the LLM's for the escalated items."),
    f("routing.measured.points.quality_lower_95", "Cascade quality, lower 95 % bound", "0–1",
      "The one-sided lower 95 % (Wilson) bound of the cascade quality: the quality floor is judged on it."),
    // finance
    f("finance", "Finance", "", "The horizon and the discount rate of the ROI figures."),
    f("finance.horizon_months", "Horizon", "months",
      "Months the cash flow, payback and NPV cover."),
    f("finance.discount_rate_annual", "Discount rate", "per year",
      "Annual rate future savings are discounted at for the NPV."),
    // uncertainty
    f("uncertainty", "Uncertainty", "", "Monte Carlo: how many draws, their seed, and the beliefs about uncertain inputs."),
    f("uncertainty.draws", "Monte Carlo draws", "draws",
      "How many scenarios are drawn from the beliefs (0: no Monte Carlo)."),
    f("uncertainty.seed", "Monte Carlo seed", "",
      "Seed of the draws: the same seed gives the same answer everywhere."),
    f("uncertainty.inputs", "Beliefs", "",
      "For each uncertain input, the range that holds it with 80 % probability (P10 to P90)."),
];

/// The words for each value of a field with a closed set of values: (field path, the value
/// as the scenario format spells it, what a person reads).
pub static CHOICES: &[(&str, &str, &str)] = &[
    ("slm.serving", "self_hosted", "Self-hosted GPUs"),
    ("slm.serving", "api", "Hosted SLM API"),
    ("slm.gpu_price", "on_demand", "On demand"),
    ("slm.gpu_price", "spot", "Spot"),
    ("slm.scaling", "always_on", "Always on"),
    ("slm.scaling", "hourly", "Hour by hour"),
    ("slm.reserved_instances", "optimal", "Optimal"),
    ("slm.model_format", "f32", "32-bit float (f32)"),
    ("slm.model_format", "bf16", "bfloat16 (bf16)"),
    ("slm.model_format", "f16", "16-bit float (f16)"),
    ("slm.model_format", "q8_0", "8-bit blocks (Q8_0)"),
    ("slm.model_format", "q4_0", "4-bit blocks (Q4_0)"),
    (
        "slm.model_format",
        "q4_1",
        "4-bit blocks with offsets (Q4_1)",
    ),
    ("slm.model_format", "q4_k", "4-bit super-blocks (Q4_K)"),
    ("slm.throughput.format", "f32", "32-bit float (f32)"),
    ("slm.throughput.format", "bf16", "bfloat16 (bf16)"),
    ("slm.throughput.format", "f16", "16-bit float (f16)"),
    ("slm.throughput.format", "q8_0", "8-bit blocks (Q8_0)"),
    ("slm.throughput.format", "q4_0", "4-bit blocks (Q4_0)"),
    (
        "slm.throughput.format",
        "q4_1",
        "4-bit blocks with offsets (Q4_1)",
    ),
    ("slm.throughput.format", "q4_k", "4-bit super-blocks (Q4_K)"),
    ("slm.throughput.basis", "typed", "Typed: an estimate"),
    (
        "slm.throughput.basis",
        "benchmark",
        "Measured by a stored benchmark",
    ),
    (
        "slm.throughput.basis",
        "endpoint",
        "Measured by an endpoint benchmark",
    ),
    (
        "slm.throughput.basis",
        "projected",
        "Projected onto a GPU, not measured",
    ),
    (
        "routing.mode",
        "router",
        "Router: a share of traffic to the SLM",
    ),
    ("routing.mode", "cascade", "Cascade: SLM first, escalate"),
];

/// The words of a field whose meaning depends on how the SLM is served (`slm.serving`):
/// (field path, the serving mode as the scenario format spells it, label, help). A surface
/// that knows the mode names the field with [`label_when_served`]; one that does not uses
/// the field's own entry, which covers both modes.
pub static BY_SERVING: &[(&str, &str, &str, &str)] = &[
    (
        "slm.model",
        "self_hosted",
        "Self-hosted model",
        "The model served on the fleet, from the model catalog (qwen2.5-7b): its weights and KV cache are checked against the GPU's memory, and its id against the model the throughput was measured on.",
    ),
    (
        "slm.model",
        "api",
        "Hosted SLM model",
        "A model from the price table for a hosted SLM endpoint; its prices fill the hosted SLM fields unless they are typed.",
    ),
];

/// What to call the field at `path` when the SLM is served as `serving` (`self_hosted`,
/// `api`): its words for that mode where it has them ("Self-hosted model"), else
/// [`label`].
pub fn label_when_served(path: &str, serving: &str) -> String {
    BY_SERVING
        .iter()
        .find(|(p, mode, _, _)| *p == path && *mode == serving)
        .map_or_else(|| label(path), |(_, _, words, _)| (*words).to_string())
}

/// The help of the field at `path` when the SLM is served as `serving`: its help for that
/// mode where it has one, else the field's; empty for a path the table does not know.
pub fn help_when_served(path: &str, serving: &str) -> &'static str {
    BY_SERVING
        .iter()
        .find(|(p, mode, _, _)| *p == path && *mode == serving)
        .map_or_else(
            || field(path).map_or("", |f| f.help),
            |(_, _, _, help)| help,
        )
}

/// What to call `value` of the field at `path` ("self_hosted" → "Self-hosted GPUs"); None
/// where the field has no closed set of values or the value is not one of them.
pub fn choice(path: &str, value: &str) -> Option<&'static str> {
    CHOICES
        .iter()
        .find(|(p, v, _)| *p == path && *v == value)
        .map(|(_, _, words)| *words)
}

/// The values of the field at `path` and their words, in the order a picker lists them.
pub fn choices(path: &str) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    CHOICES
        .iter()
        .filter(move |(p, _, _)| *p == path)
        .map(|(_, value, words)| (*value, *words))
}

/// The unit of the value at `path`: its field's, or for a belief about an input
/// (`uncertainty.inputs.<path>[.p10|.p90]`) the unit of that input; empty where there is none.
pub fn unit(path: &str) -> &'static str {
    let about = path
        .strip_prefix("uncertainty.inputs.")
        .map_or(path, |belief| {
            belief
                .strip_suffix(".p10")
                .or_else(|| belief.strip_suffix(".p90"))
                .unwrap_or(belief)
        });
    field(about).map_or("", |f| f.unit)
}

/// The field at `path`, if the scenario format has one.
pub fn field(path: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.path == path)
}

/// What to call the thing at `path` when showing it to a person: the field's label; for a
/// belief (`uncertainty.inputs.<path>[.p10|.p90]`) the input's label with "P10 of", "P90
/// of" or "belief about"; an array element (`workload.load_shape[3]`) as "Load shape, value
/// 4"; the scenario as a whole for an empty path. A path the table does not know (a key the
/// format refuses, say) is shown as it was written, quoted — never silently.
pub fn label(path: &str) -> String {
    if path.is_empty() {
        return "Scenario".to_string();
    }
    if let Some(f) = field(path) {
        return f.label.to_string();
    }
    if let Some(belief) = path.strip_prefix("uncertainty.inputs.") {
        for (suffix, words) in [(".p10", "P10 of"), (".p90", "P90 of")] {
            if let Some(input) = belief.strip_suffix(suffix) {
                if let Some(f) = field(input) {
                    return format!("{words} {}", lowercase_first(f.label));
                }
            }
        }
        if let Some(f) = field(belief) {
            return format!("Belief about {}", lowercase_first(f.label));
        }
    }
    if let Some((base, rest)) = path.split_once('[') {
        if let (Some(f), Some(index)) = (
            field(base),
            rest.strip_suffix(']').and_then(|i| i.parse::<usize>().ok()),
        ) {
            return format!("{}, value {}", f.label, index + 1);
        }
        // A key of a list's element: `routing.measured.points[3].quality` → "Cascade
        // quality (Measured thresholds, value 4)".
        if let Some((index, key)) = rest.split_once("].") {
            if let (Some(list), Some(f), Ok(index)) = (
                field(base),
                field(&format!("{base}.{key}")),
                index.parse::<usize>(),
            ) {
                return format!("{} ({}, value {})", f.label, list.label, index + 1);
            }
        }
    }
    format!("“{path}”")
}

/// "Requests per month" → "requests per month"; an acronym ("LLM", "GPU", "PUE") keeps its
/// case.
fn lowercase_first(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => {
            first.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label.to_string(),
    }
}

/// An engine message with every scenario path in it named by its label: the engine's
/// messages name related fields by path ("needs workload.load_shape"), and no surface shows
/// a raw key. Text that is not a known path (numbers, file names) is left as it is.
pub fn in_words(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        // A sentence may end right after a path: "… workload.load_shape."
        let trimmed = word.trim_end_matches('.');
        match field(trimmed).filter(|_| trimmed.contains('.')) {
            Some(f) => {
                out.push_str(f.label);
                out.push_str(&word[trimmed.len()..]);
            }
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in message.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_unique_and_labels_plain() {
        for (i, a) in FIELDS.iter().enumerate() {
            assert!(
                !a.label.contains('_') && !a.label.contains('.'),
                "{}",
                a.path
            );
            assert!(!a.help.is_empty(), "{}", a.path);
            assert!(
                FIELDS[i + 1..].iter().all(|b| b.path != a.path),
                "{}",
                a.path
            );
        }
    }

    #[test]
    fn choices_and_units_have_words() {
        assert_eq!(
            choice("slm.serving", "self_hosted"),
            Some("Self-hosted GPUs")
        );
        assert_eq!(choice("slm.serving", "gpu"), None);
        assert_eq!(
            choices("routing.mode").map(|(v, _)| v).collect::<Vec<_>>(),
            ["router", "cascade"]
        );
        assert_eq!(
            unit("uncertainty.inputs.slm.gpu_usd_per_hour.p90"),
            "USD/GPU-hour"
        );
        assert_eq!(unit("workload.requests_per_month"), "requests/month");
        assert_eq!(unit("name"), "");
    }

    #[test]
    fn mode_dependent_fields_have_words_for_each_mode() {
        assert_eq!(
            label_when_served("slm.model", "self_hosted"),
            "Self-hosted model"
        );
        assert_eq!(label_when_served("slm.model", "api"), "Hosted SLM model");
        assert_eq!(label("slm.model"), "SLM model");
        assert_eq!(label_when_served("slm.gpu", "self_hosted"), "GPU offer");
        assert!(help_when_served("slm.model", "self_hosted").contains("catalog"));
        assert!(help_when_served("slm.model", "api").contains("price table"));
        for (path, mode, label, help) in BY_SERVING {
            assert!(field(path).is_some(), "{path}");
            assert!(choice("slm.serving", mode).is_some(), "{mode}");
            assert!(!label.contains('_') && !label.contains('.') && !help.is_empty());
        }
    }

    #[test]
    fn derived_paths_get_words() {
        assert_eq!(label(""), "Scenario");
        assert_eq!(label("workload.input_tokens"), "Input tokens per request");
        assert_eq!(
            label("uncertainty.inputs.workload.requests_per_month.p10"),
            "P10 of requests per month"
        );
        assert_eq!(
            label("uncertainty.inputs.llm.output_usd_per_mtok"),
            "Belief about LLM output price"
        );
        assert_eq!(label("workload.load_shape[3]"), "Load shape, value 4");
        assert_eq!(
            label("routing.measured.points[3].quality_lower_95"),
            "Cascade quality, lower 95 % bound (Measured thresholds, value 4)"
        );
        assert_eq!(label("workload.colour"), "“workload.colour”");
        assert_eq!(
            field("slm.gpu_usd_per_hour").map(Field::label_with_unit),
            Some("GPU price (USD/GPU-hour)".to_string())
        );
    }
}
