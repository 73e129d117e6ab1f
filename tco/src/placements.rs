//! "Where to run it" (docs/cost-model.md §12): the scenario's model on every offer of the GPU
//! table — whether it fits, its throughput (measured where the scenario's benchmark ran on
//! that GPU, else projected from the benchmark's efficiency, else from the spec sheet at an
//! assumed efficiency; always labelled), the fleet the cost model v2 sizes for it, its
//! monthly cost, USD per million tokens and break-even — cheapest first.
//!
//! Each row is the scenario with one offer applied ([`apply`]) and priced by the same
//! engine, so "use this offer" gives the cost cards exactly the row's figures.

use models::WeightDtype;
use pricing::gpus::GpuOffer;
use pricing::PriceTable;
use serde::{Deserialize, Serialize};

use crate::break_even::BreakEvenVolume;
use crate::cost::Pricing;
use crate::input::{ScenarioInput, ThroughputInput, ThroughputKind};
use crate::scenario::{GpuBasis, Scenario, SlmServing, ThroughputBasis};
use crate::throughput::{
    max_concurrency, memory_fit, project, spec_gpu_named, Efficiency, GpuSheet, Targets,
    ASSUMED_EFFICIENCY,
};
use crate::{validate, FieldError};

/// How a row's throughput was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PlacementBasis {
    /// The scenario's own measurement, made on this GPU (or this CPU).
    Measured,
    /// The spec sheet × the efficiency the scenario's benchmark measured.
    ProjectedFromBenchmark,
    /// The spec sheet × [`ASSUMED_EFFICIENCY`]: no benchmark measured any efficiency.
    ProjectedAssumed,
    /// No figures: the model does not fit, misses the latency target, or the table lacks the
    /// GPU's sheet (`note` says which).
    None,
}

/// One offer of the GPU table for the scenario's model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Placement {
    /// The offer's id in the GPU table ("aws:g6.xlarge"), or "cpu" for the CPU measured.
    pub offer: String,
    /// Cloud or marketplace.
    pub provider: String,
    /// The instance type rented.
    pub instance_type: String,
    /// The GPU, by its spec row's name where the table has one.
    pub gpu: String,
    /// GPUs in one instance.
    pub gpus_per_instance: f64,
    /// GPUs one replica uses: the fewest (1, 2, 4, … up to the instance's) that hold the
    /// weights and one request's KV cache.
    pub gpus_per_replica: f64,
    /// Whether the model fits at all.
    pub fits: bool,
    /// The memory arithmetic in words.
    pub memory: String,
    /// Measured, projected from the benchmark, projected at an assumed efficiency, or none.
    pub basis: PlacementBasis,
    /// The basis as people read it ("measured", "projected, not measured: …").
    pub label: String,
    /// Sequences batched per replica.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub concurrency: Option<f64>,
    /// Prefill tokens/s of one replica.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub prefill_tokens_per_s: Option<f64>,
    /// Decode tokens/s of one replica.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub decode_tokens_per_s: Option<f64>,
    /// Replicas in the busiest hour of month 1.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub replicas: Option<f64>,
    /// Instances in the busiest hour of month 1.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub instances: Option<f64>,
    /// The self-hosted SLM's month-1 cost on this offer (cost model v2), USD.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub monthly_usd: Option<f64>,
    /// That cost per million workload tokens (input + output, LLM tokens), USD.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub usd_per_mtok: Option<f64>,
    /// The requests a month above which self-hosting on this offer costs less than the API
    /// (None: never within the search, or no figures).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub break_even_requests_per_month: Option<f64>,
    /// Why a figure is missing, or what to know about it.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub note: Option<String>,
    /// The offer the scenario is priced on now.
    pub current: bool,
    /// What "use this offer" writes into the scenario (None: nothing to use).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub apply: Option<PlacementInput>,
}

impl Placement {
    /// A row with no figures yet: one GPU per instance and replica, fitting, not current.
    fn empty(offer: String, gpu: String, memory: String) -> Self {
        Self {
            offer,
            provider: "—".into(),
            instance_type: String::new(),
            gpu,
            gpus_per_instance: 1.0,
            gpus_per_replica: 1.0,
            fits: true,
            memory,
            basis: PlacementBasis::None,
            label: "no figures".into(),
            concurrency: None,
            prefill_tokens_per_s: None,
            decode_tokens_per_s: None,
            replicas: None,
            instances: None,
            monthly_usd: None,
            usd_per_mtok: None,
            break_even_requests_per_month: None,
            note: None,
            current: false,
            apply: None,
        }
    }
}

/// The keys a placement sets in `slm` (everything else of the scenario is kept).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PlacementInput {
    /// `slm.gpu` (None for the CPU row, which keeps the scenario's typed price).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub gpu: Option<String>,
    /// `slm.gpus_per_replica`.
    pub gpus_per_replica: f64,
    /// `slm.prefill_tokens_per_s`.
    pub prefill_tokens_per_s: f64,
    /// `slm.decode_tokens_per_s`.
    pub decode_tokens_per_s: f64,
    /// `slm.throughput`.
    pub throughput: ThroughputInput,
}

/// The scenario input with a placement's keys written into `slm`: the offer replaces a typed
/// or owned price (and a typed instance size and spot price), the throughput and its source
/// replace the old ones.
pub fn apply(input: &ScenarioInput, placement: &PlacementInput) -> ScenarioInput {
    let mut out = input.clone();
    let slm = out.slm.get_or_insert_with(Default::default);
    if let Some(gpu) = &placement.gpu {
        slm.gpu = Some(gpu.clone());
        slm.gpu_usd_per_hour = None;
        slm.owned = None;
        slm.gpus_per_instance = None;
        slm.spot_usd_per_hour = None;
        slm.gpu_price = None;
    }
    slm.gpus_per_replica = Some(placement.gpus_per_replica);
    slm.prefill_tokens_per_s = Some(placement.prefill_tokens_per_s);
    slm.decode_tokens_per_s = Some(placement.decode_tokens_per_s);
    slm.throughput = Some(placement.throughput.clone());
    slm.throughput_source = None;
    out
}

/// Every offer of the bundled GPU table (and the CPU, when the scenario's throughput was
/// measured on one) for the scenario's model, cheapest first; rows without a cost last.
/// Errors: the scenario itself is invalid, is not self-hosted, or names no model.
pub fn placements(
    input: &ScenarioInput,
    prices: &PriceTable,
) -> Result<Vec<Placement>, Vec<FieldError>> {
    let base = validate(input, prices)?;
    let SlmServing::SelfHosted(fleet) = &base.slm.serving else {
        return Err(vec![FieldError::new(
            "slm.serving",
            "must be \"self_hosted\" to compare where to run the SLM",
        )]);
    };
    let Some(model) = base.slm.model.clone() else {
        return Err(vec![FieldError::new(
            "slm.model",
            "is required to compare where to run the SLM: name the model served",
        )]);
    };
    let Some(arch) = models::architecture(&model.id) else {
        return Err(vec![FieldError::new("slm.model", "is not a catalog model")]);
    };
    let ctx = Context::of(
        &base,
        input,
        fleet.prefill_tokens_per_s,
        fleet.decode_tokens_per_s,
    );
    let mut rows: Vec<Placement> = pricing::gpus::bundled_gpus()
        .offers
        .iter()
        .map(|offer| row(&ctx, input, prices, arch, model.format, offer))
        .collect();
    if let Some(cpu) = cpu_row(&ctx, &base) {
        rows.push(cpu);
    }
    rows.sort_by(|a, b| match (a.monthly_usd, b.monthly_usd) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.offer.cmp(&b.offer),
    });
    Ok(rows)
}

/// What every row needs from the scenario.
struct Context {
    lengths: (f64, f64),
    targets: Option<Targets>,
    /// The GPU the scenario's throughput was measured on (a spec name), when measured on one.
    measured_gpu: Option<String>,
    measured_on_cpu: bool,
    /// The scenario's throughput section and figures, as stated.
    stated: Option<(ThroughputInput, f64, f64)>,
    efficiency: Efficiency,
    efficiency_from: Option<(u64, String)>,
    current_offer: Option<String>,
    requests: f64,
    tokens_per_request: f64,
}

impl Context {
    fn of(base: &Scenario, input: &ScenarioInput, prefill: f64, decode: f64) -> Self {
        let t = base.slm.throughput.as_ref();
        let measured = t.filter(|t| {
            matches!(
                t.basis,
                ThroughputBasis::Benchmark | ThroughputBasis::Endpoint
            )
        });
        let device = measured.and_then(|t| t.device.clone());
        let stated_section = input.slm.as_ref().and_then(|s| s.throughput.clone());
        let stated_decode = t.map_or(decode, |t| t.stated_decode_tokens_per_s);
        let (efficiency, efficiency_from) = match t.and_then(|t| t.efficiency.map(|e| (t, e))) {
            Some((t, e)) if t.basis != ThroughputBasis::Typed => (
                e,
                Some((
                    t.benchmark.unwrap_or(0),
                    t.projected_from
                        .clone()
                        .or_else(|| t.device.clone())
                        .unwrap_or_default(),
                )),
            ),
            _ => (ASSUMED_EFFICIENCY, None),
        };
        Self {
            lengths: (
                (base.workload.input_tokens * base.slm.token_ratio)
                    .round()
                    .max(1.0),
                (base.workload.output_tokens * base.slm.token_ratio)
                    .round()
                    .max(1.0),
            ),
            targets: base.latency_slo.map(|s| Targets {
                ttft_ms: s.ttft_ms,
                tpot_ms: s.tpot_ms,
            }),
            measured_gpu: device
                .as_deref()
                .filter(|d| !d.eq_ignore_ascii_case("cpu"))
                .and_then(spec_gpu_named),
            measured_on_cpu: device
                .as_deref()
                .is_some_and(|d| d.eq_ignore_ascii_case("cpu")),
            stated: measured
                .and(stated_section)
                .map(|s| (s, prefill, stated_decode)),
            efficiency,
            efficiency_from,
            current_offer: match &base.slm.gpu {
                Some(GpuBasis::Table { offer, .. }) => Some(offer.clone()),
                _ => None,
            },
            requests: base.workload.requests_per_month,
            tokens_per_request: base.workload.input_tokens + base.workload.output_tokens,
        }
    }
}

fn row(
    ctx: &Context,
    input: &ScenarioInput,
    prices: &PriceTable,
    arch: &models::Architecture,
    format: WeightDtype,
    offer: &GpuOffer,
) -> Placement {
    let gpu = offer
        .spec
        .as_ref()
        .map_or_else(|| offer.gpu.clone(), |s| s.name.clone());
    let g = f64::from(offer.gpus_per_instance.max(1));
    let context = ctx.lengths.0 + ctx.lengths.1;
    let mut n = 1.0;
    while n < g && max_concurrency(arch, format, n, offer.gpu_memory_gib, context) == 0 {
        n *= 2.0;
    }
    let n = n.min(g);
    let fit = memory_fit(arch, format, n, offer.gpu_memory_gib, 1.0, context);
    let mut p = Placement::empty(
        offer.id.clone(),
        gpu.clone(),
        fit.describe(n, offer.gpu_memory_gib),
    );
    p.provider = offer.provider.clone();
    p.instance_type = offer.instance_type.clone();
    p.gpus_per_instance = g;
    p.gpus_per_replica = n;
    p.fits = fit.fits();
    p.current = ctx.current_offer.as_deref() == Some(offer.id.as_str());
    if !p.fits {
        p.note = Some(format!("does not fit: {}", p.memory));
        return p;
    }
    let measured_here = ctx.measured_gpu.as_deref() == Some(gpu.as_str());
    let placement_input = match (&ctx.stated, measured_here) {
        (Some((section, prefill, decode)), true) => {
            p.basis = PlacementBasis::Measured;
            p.label = "measured".into();
            p.concurrency = section.concurrency;
            PlacementInput {
                gpu: Some(offer.id.clone()),
                gpus_per_replica: n,
                prefill_tokens_per_s: *prefill,
                decode_tokens_per_s: *decode,
                throughput: section.clone(),
            }
        }
        _ => {
            let Some(sheet) = GpuSheet::of(offer) else {
                p.note = Some(format!(
                    "the GPU table lists no memory bandwidth for {gpu}: nothing to project from"
                ));
                return p;
            };
            let projected = match project(
                arch,
                format,
                &sheet,
                n,
                ctx.efficiency,
                ctx.lengths,
                ctx.targets,
            ) {
                Ok(projected) => projected,
                Err(e) => {
                    p.note = Some(e.to_string());
                    return p;
                }
            };
            let (basis, label, benchmark, from) = match &ctx.efficiency_from {
                Some((id, from)) => (
                    PlacementBasis::ProjectedFromBenchmark,
                    format!(
                        "projected, not measured: {gpu} spec sheet × the efficiency benchmark #{id} measured on {from}"
                    ),
                    Some(*id as f64),
                    from.clone(),
                ),
                None => (
                    PlacementBasis::ProjectedAssumed,
                    format!(
                        "projected, not measured: {gpu} spec sheet × an assumed {:.0} % of its bandwidth and {:.0} % of its BF16 peak (no benchmark)",
                        ASSUMED_EFFICIENCY.decode_bandwidth * 100.0,
                        ASSUMED_EFFICIENCY.prefill_mfu * 100.0
                    ),
                    None,
                    ASSUMED_FROM.to_string(),
                ),
            };
            p.basis = basis;
            p.label = label;
            p.concurrency = Some(projected.concurrency as f64);
            PlacementInput {
                gpu: Some(offer.id.clone()),
                gpus_per_replica: n,
                prefill_tokens_per_s: projected.prefill_tokens_per_s,
                decode_tokens_per_s: projected.decode_tokens_per_s,
                throughput: ThroughputInput {
                    basis: Some(ThroughputKind::Projected),
                    benchmark,
                    model: Some(arch.id.to_string()),
                    format: Some(format),
                    device: Some(gpu.clone()),
                    hardware: Some(format!("{gpu} spec sheet, {n} GPU per replica")),
                    weights: None,
                    prompt_tokens: Some(ctx.lengths.0),
                    gen_tokens: Some(ctx.lengths.1),
                    concurrency: Some(projected.concurrency as f64),
                    slo_ttft_ms: ctx.targets.map(|t| t.ttft_ms),
                    slo_tpot_ms: ctx.targets.map(|t| t.tpot_ms),
                    decode_fixed_ms: None,
                    decode_ms_per_kv_token: None,
                    decode_bandwidth_efficiency: Some(ctx.efficiency.decode_bandwidth),
                    prefill_mfu: Some(ctx.efficiency.prefill_mfu),
                    projected_from: Some(from),
                },
            }
        }
    };
    p.prefill_tokens_per_s = Some(placement_input.prefill_tokens_per_s);
    p.decode_tokens_per_s = Some(placement_input.decode_tokens_per_s);
    let applied = apply(input, &placement_input);
    p.apply = Some(placement_input);
    match validate(&applied, prices) {
        Ok(s) => price(ctx, &s, &mut p),
        Err(errors) => {
            p.note = Some(
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            );
        }
    }
    p
}

/// What a projection's `projected_from` says when no benchmark measured an efficiency.
pub const ASSUMED_FROM: &str = "assumed efficiency (no benchmark)";

/// The row's fleet, cost and break-even from the scenario with the offer applied.
fn price(ctx: &Context, s: &Scenario, p: &mut Placement) {
    let pricing = Pricing::new(s);
    let bill = pricing.slm_bill(ctx.requests);
    p.monthly_usd = Some(bill.monthly_usd);
    if let Some(fleet) = &bill.fleet {
        p.replicas = Some(fleet.peak_replicas);
        p.instances = Some(fleet.peak_instances);
    }
    let tokens = ctx.requests * ctx.tokens_per_request;
    p.usd_per_mtok = (tokens > 0.0).then(|| bill.monthly_usd / tokens * 1e6);
    p.break_even_requests_per_month = match pricing.break_even() {
        BreakEvenVolume::Exact(r) | BreakEvenVolume::AtMost(r) => Some(r),
        BreakEvenVolume::Unbounded => None,
    };
}

/// The CPU the scenario's throughput was measured on: priced when the scenario types its
/// own hourly price (then it is the scenario as it stands), otherwise listed with why not.
fn cpu_row(ctx: &Context, base: &Scenario) -> Option<Placement> {
    if !ctx.measured_on_cpu {
        return None;
    }
    let (section, prefill, decode) = ctx.stated.clone()?;
    let mut p = Placement::empty("cpu".into(), "CPU".into(), "as measured".into());
    p.instance_type = section
        .hardware
        .clone()
        .unwrap_or_else(|| "the CPU measured".into());
    p.basis = PlacementBasis::Measured;
    p.label = "measured".into();
    p.concurrency = section.concurrency;
    p.prefill_tokens_per_s = Some(prefill);
    p.decode_tokens_per_s = Some(decode);
    p.current = matches!(base.slm.gpu, Some(GpuBasis::Typed));
    if p.current {
        price(ctx, base, &mut p);
        p.note = Some("priced at the scenario's typed price per hour".into());
    } else {
        p.note = Some(
            "no CPU instance in the GPU table: type the CPU instance's price per hour (slm.gpu_usd_per_hour) to price it".into(),
        );
    }
    Some(p)
}
