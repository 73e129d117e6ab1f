//! `slm.model` and `slm.throughput` as validated (docs/cost-model.md §11): the model named
//! and its memory fit on the priced GPU, the throughput's source with what was measured,
//! the decode adjusted to the scenario's lengths, and the coherence warnings that say when a
//! figure is applied to something other than what it was measured on.
//!
//! The failures this guards against, each seen in the product before it existed: a CPU
//! benchmark priced on an L4 offer as if the L4 had measured it; a benchmark at 128/32
//! tokens priced for 500/200-token requests; a 7B model "served" on a GPU whose memory
//! cannot hold it; a benchmark held to a looser latency target than the scenario's.

use models::WeightDtype;

use crate::input::{SlmInput, ThroughputInput, ThroughputKind};
use crate::plan::Warning;
use crate::scenario::{GpuBasis, Scenario, SlmModel, SlmServing, Throughput, ThroughputBasis};
use crate::throughput::{
    decode_step_s, kv_bytes_per_token, memory_fit, spec_gpu_named, weight_bytes, DecodeLine,
    Efficiency, GpuSheet,
};
use crate::validate::{Checker, Rule};

/// Longest free-text value of the section, in characters.
const MAX_TEXT_CHARS: usize = 200;

/// Lengths further apart than this share (|scenario − benchmark| ÷ benchmark) are a
/// different workload to a serving stack: a warning, or the fit's adjustment.
pub const SHAPE_TOLERANCE: f64 = 0.25;

/// `slm.model` and `slm.model_format` of a self-hosted SLM.
pub(crate) fn model(c: &mut Checker, slm: &SlmInput) -> Option<SlmModel> {
    let Some(id) = slm.model.as_deref() else {
        c.absent(
            "slm.model_format",
            slm.model_format.is_some(),
            "without slm.model (the format is the named model's)",
        );
        return None;
    };
    let Some(arch) = models::architecture(id) else {
        let known: Vec<&str> = models::catalog().iter().map(|a| a.id).collect();
        c.fail(
            "slm.model",
            format!(
                "`{id}` is not a catalog model; self-hosted, it names one of: {}",
                known.join(", ")
            ),
        );
        return None;
    };
    let format = slm.model_format.unwrap_or(WeightDtype::Bf16);
    Some(SlmModel {
        id: arch.id.to_string(),
        name: arch.name.to_string(),
        format,
        parameters: arch.parameter_count(),
        weight_bytes: weight_bytes(arch, format),
        kv_bytes_per_token: kv_bytes_per_token(arch, format),
    })
}

/// `slm.throughput` (or v1's `slm.throughput_source`) as validated, with
/// `stated_decode` (`slm.decode_tokens_per_s`) recorded; the adjustment to the scenario's
/// lengths is made later by [`settle`], once the workload is known.
pub(crate) fn throughput(c: &mut Checker, slm: &SlmInput, stated_decode: f64) -> Throughput {
    let mut t = Throughput {
        basis: ThroughputBasis::Typed,
        label: "estimate".into(),
        source: "typed in the scenario (an estimate, not measured)".into(),
        benchmark: None,
        model: None,
        format: None,
        device: None,
        hardware: None,
        weights: None,
        prompt_tokens: None,
        gen_tokens: None,
        concurrency: 1.0,
        slo: None,
        fit: None,
        efficiency: None,
        projected_from: None,
        stated_decode_tokens_per_s: stated_decode,
        adjusted_decode_tokens_per_s: None,
    };
    match (&slm.throughput, slm.throughput_source.as_deref()) {
        (Some(_), Some(_)) => {
            c.fail(
                "slm.throughput_source",
                "conflicts with slm.throughput: give one source (slm.throughput says what was measured)",
            );
        }
        (None, None) => {}
        (None, Some(words)) => {
            if let Some(words) = text(c, "slm.throughput_source", Some(words)) {
                t.basis = ThroughputBasis::Described;
                t.label = "measured (described only)".into();
                t.source = words;
            }
        }
        (Some(section), None) => section_into(c, section, &mut t),
    }
    t
}

fn section_into(c: &mut Checker, s: &ThroughputInput, t: &mut Throughput) {
    const P: &str = "slm.throughput";
    let Some(kind) = s.basis else {
        c.fail(
            &format!("{P}.basis"),
            "is required: \"typed\", \"benchmark\", \"endpoint\" or \"projected\"",
        );
        return;
    };
    if kind == ThroughputKind::Typed {
        let why = "with basis \"typed\" (an estimate has no measurement to describe)";
        for (key, present) in measurement_keys(s) {
            c.absent(&format!("{P}.{key}"), present, why);
        }
        t.concurrency = c.optional(
            &format!("{P}.concurrency"),
            s.concurrency,
            1.0,
            Rule::WholeBetween(1.0, 1e6),
        );
        return;
    }
    t.basis = match kind {
        ThroughputKind::Benchmark => ThroughputBasis::Benchmark,
        ThroughputKind::Endpoint => ThroughputBasis::Endpoint,
        _ => ThroughputBasis::Projected,
    };
    // A projection at an assumed efficiency has no benchmark; every measurement has one.
    let id = if kind == ThroughputKind::Projected {
        c.optional(
            &format!("{P}.benchmark"),
            s.benchmark,
            f64::NAN,
            Rule::WholeBetween(1.0, 9.007e15),
        )
    } else {
        c.required(
            &format!("{P}.benchmark"),
            s.benchmark,
            Rule::WholeBetween(1.0, 9.007e15),
        )
    };
    t.benchmark = id.is_finite().then_some(id as u64);
    t.device = text(c, &format!("{P}.device"), s.device.as_deref());
    if t.device.is_none() && s.device.is_none() {
        c.fail(
            &format!("{P}.device"),
            "is required: \"cpu\" or the GPU's name",
        );
    }
    t.hardware = text(c, &format!("{P}.hardware"), s.hardware.as_deref());
    t.weights = text(c, &format!("{P}.weights"), s.weights.as_deref());
    t.projected_from = text(
        c,
        &format!("{P}.projected_from"),
        s.projected_from.as_deref(),
    );
    if kind == ThroughputKind::Projected && s.projected_from.is_none() {
        c.fail(
            &format!("{P}.projected_from"),
            "is required with basis \"projected\": what the efficiencies were measured on",
        );
    }
    if let Some(id) = s.model.as_deref() {
        match models::architecture(id) {
            Some(arch) => t.model = Some(arch.id.to_string()),
            None => c.fail(
                &format!("{P}.model"),
                format!("`{id}` is not a catalog model"),
            ),
        }
    }
    t.format = s.format;
    let tokens = Rule::WholeBetween(1.0, 1e8);
    t.prompt_tokens = Some(c.required(&format!("{P}.prompt_tokens"), s.prompt_tokens, tokens));
    t.gen_tokens = Some(c.required(&format!("{P}.gen_tokens"), s.gen_tokens, tokens));
    t.concurrency = c.required(
        &format!("{P}.concurrency"),
        s.concurrency,
        Rule::WholeBetween(1.0, 1e6),
    );
    let ms = Rule::AboveUpTo(0.0, 1e7);
    t.slo = match (s.slo_ttft_ms, s.slo_tpot_ms) {
        (None, None) => None,
        (ttft, tpot) => Some(profiles::LatencySlo {
            ttft_ms: c.required(&format!("{P}.slo_ttft_ms"), ttft, ms),
            tpot_ms: c.required(&format!("{P}.slo_tpot_ms"), tpot, ms),
        }),
    };
    t.fit = match (s.decode_fixed_ms, s.decode_ms_per_kv_token) {
        (None, None) => None,
        (a, b) => {
            let a = c.required(&format!("{P}.decode_fixed_ms"), a, Rule::Between(-1e7, 1e7));
            let b = c.required(
                &format!("{P}.decode_ms_per_kv_token"),
                b,
                Rule::Between(0.0, 1e7),
            );
            Some(DecodeLine {
                fixed_ms: a,
                ms_per_kv_token: b,
            })
        }
    };
    t.efficiency = match (s.decode_bandwidth_efficiency, s.prefill_mfu) {
        (None, None) => None,
        (d, p) => {
            let share = Rule::AboveUpTo(0.0, 100.0);
            let d = c.required(&format!("{P}.decode_bandwidth_efficiency"), d, share);
            let p = c.required(&format!("{P}.prefill_mfu"), p, share);
            Efficiency::clamped(d, p)
        }
    };
    t.source = describe(t);
    t.label = match t.basis {
        ThroughputBasis::Projected => "projected, not measured".into(),
        _ => "measured".into(),
    };
}

/// The keys that describe a measurement, which a typed estimate must not carry.
fn measurement_keys(s: &ThroughputInput) -> [(&'static str, bool); 15] {
    [
        ("benchmark", s.benchmark.is_some()),
        ("model", s.model.is_some()),
        ("format", s.format.is_some()),
        ("device", s.device.is_some()),
        ("hardware", s.hardware.is_some()),
        ("weights", s.weights.is_some()),
        ("prompt_tokens", s.prompt_tokens.is_some()),
        ("gen_tokens", s.gen_tokens.is_some()),
        ("slo_ttft_ms", s.slo_ttft_ms.is_some()),
        ("slo_tpot_ms", s.slo_tpot_ms.is_some()),
        ("decode_fixed_ms", s.decode_fixed_ms.is_some()),
        ("decode_ms_per_kv_token", s.decode_ms_per_kv_token.is_some()),
        (
            "decode_bandwidth_efficiency",
            s.decode_bandwidth_efficiency.is_some(),
        ),
        ("prefill_mfu", s.prefill_mfu.is_some()),
        ("projected_from", s.projected_from.is_some()),
    ]
}

/// A short printable line, trimmed; None (with an error when present and bad) otherwise.
fn text(c: &mut Checker, field: &str, value: Option<&str>) -> Option<String> {
    let value = value?;
    let chars = value.chars().count();
    if value.trim().is_empty() {
        c.fail(field, "must not be empty");
    } else if chars > MAX_TEXT_CHARS {
        c.fail(
            field,
            format!("must be at most {MAX_TEXT_CHARS} characters (got {chars})"),
        );
    } else if value.chars().any(char::is_control) {
        c.fail(
            field,
            "must be printable text on one line (no control characters)",
        );
    } else {
        return Some(value.trim().to_string());
    }
    None
}

/// "benchmark #12: smollm2-135m q8_0 on cpu (Intel Xeon), synthetic weights, concurrency 4,
/// 128/32 tokens".
fn describe(t: &Throughput) -> String {
    let what = match t.basis {
        ThroughputBasis::Endpoint => "endpoint benchmark",
        ThroughputBasis::Projected => "projection from benchmark",
        _ => "benchmark",
    };
    let mut line = match t.benchmark {
        Some(id) => format!("{what} #{id}:"),
        None => "projection from a GPU spec sheet:".to_string(),
    };
    if let Some(model) = &t.model {
        line.push(' ');
        line.push_str(model);
    }
    if let Some(format) = t.format {
        line.push_str(&format!(" {format}"));
    }
    match (&t.basis, &t.projected_from) {
        (ThroughputBasis::Projected, Some(from)) => line.push_str(&format!(
            " projected onto {} from the efficiency measured on {from}",
            t.device.as_deref().unwrap_or("?")
        )),
        _ => line.push_str(&format!(" on {}", t.device.as_deref().unwrap_or("?"))),
    }
    if let Some(hardware) = &t.hardware {
        line.push_str(&format!(" ({hardware})"));
    }
    if let Some(weights) = &t.weights {
        line.push_str(&format!(", {weights}"));
    }
    line.push_str(&format!(", concurrency {}", t.concurrency));
    if let (Some(p), Some(g)) = (t.prompt_tokens, t.gen_tokens) {
        line.push_str(&format!(", {p}/{g} tokens"));
    }
    line
}

/// "benchmark #12", "endpoint benchmark #3", or "the projection" when none was stored.
fn named(t: &Throughput) -> String {
    match (t.basis, t.benchmark) {
        (ThroughputBasis::Endpoint, Some(id)) => format!("endpoint benchmark #{id}"),
        (_, Some(id)) => format!("benchmark #{id}"),
        (_, None) => "the projection".into(),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The scenario's SLM-token lengths: input and output × τ.
fn scenario_lengths(s: &Scenario) -> (f64, f64) {
    (
        s.workload.input_tokens * s.slm.token_ratio,
        s.workload.output_tokens * s.slm.token_ratio,
    )
}

/// How far `scenario` is from `measured`, as a share of `measured`.
fn apart(scenario: f64, measured: f64) -> f64 {
    ((scenario - measured) / measured).abs()
}

/// Whether the lengths measured differ from the scenario's by more than the tolerance.
fn shape_differs(t: &Throughput, (input, output): (f64, f64)) -> bool {
    match (t.prompt_tokens, t.gen_tokens) {
        (Some(p), Some(g)) => {
            apart(input, p) > SHAPE_TOLERANCE || apart(output, g) > SHAPE_TOLERANCE
        }
        _ => false,
    }
}

/// The GPU an offer rents, by its spec row's name where it has one.
fn offer_gpu(offer: &pricing::gpus::GpuOffer) -> String {
    offer
        .spec
        .as_ref()
        .map_or_else(|| offer.gpu.clone(), |spec| spec.name.clone())
}

/// After validation: the decode adjusted to the scenario's lengths (the fit's, or the
/// projection's recomputed), and the model's memory fit on the priced offer (an error on
/// `slm.gpu` when the weights and one sequence's KV cache do not fit).
pub(crate) fn settle(c: &mut Checker, s: &mut Scenario) {
    let lengths = scenario_lengths(s);
    let SlmServing::SelfHosted(fleet) = &mut s.slm.serving else {
        return;
    };
    if let (Some(model), Some(offer)) = (&s.slm.model, priced_offer(&s.slm.gpu)) {
        if let Some(arch) = models::architecture(&model.id) {
            let gpus = fleet.gpus_per_replica;
            let fit = memory_fit(
                arch,
                model.format,
                gpus,
                offer.gpu_memory_gib,
                1.0,
                lengths.0 + lengths.1,
            );
            if !fit.fits() {
                c.fail(
                    "slm.gpu",
                    format!(
                        "cannot hold {} {} on {}: {} — choose a GPU with more memory, more GPUs per replica (slm.gpus_per_replica) or a smaller format",
                        model.id,
                        model.format,
                        offer.id,
                        fit.describe(gpus, offer.gpu_memory_gib)
                    ),
                );
            }
        }
    }
    let Some(t) = s.slm.throughput.as_mut() else {
        return;
    };
    if !shape_differs(t, lengths) {
        return;
    }
    let adjusted = match (t.basis, &t.fit) {
        (ThroughputBasis::Benchmark | ThroughputBasis::Endpoint, Some(fit)) => {
            fit.decode_tokens_per_s(t.concurrency, lengths.0, lengths.1)
        }
        (ThroughputBasis::Projected, _) => reprojected_decode(t, fleet.gpus_per_replica, lengths),
        _ => None,
    };
    if let Some(decode) = adjusted {
        t.adjusted_decode_tokens_per_s = Some(decode);
        t.label = format!(
            "adjusted from {} measured at {}/{}",
            named(t),
            t.prompt_tokens.unwrap_or(f64::NAN),
            t.gen_tokens.unwrap_or(f64::NAN)
        );
        fleet.decode_tokens_per_s = decode;
    }
}

/// The offer a fleet is priced on, when it is a GPU-table offer.
fn priced_offer(gpu: &Option<GpuBasis>) -> Option<&'static pricing::gpus::GpuOffer> {
    match gpu {
        Some(GpuBasis::Table { offer, .. }) => pricing::gpus::bundled_gpus().get(offer).ok(),
        _ => None,
    }
}

/// A projection's decode at the scenario's lengths: the same GPU sheet, GPUs per replica,
/// efficiency and concurrency, the KV cache read at the scenario's mid-generation context.
fn reprojected_decode(t: &Throughput, gpus: f64, lengths: (f64, f64)) -> Option<f64> {
    let arch = models::architecture(t.model.as_deref()?)?;
    let format = t.format?;
    let eff = t.efficiency?;
    let sheet = sheet_named(t.device.as_deref()?)?;
    let step_s = decode_step_s(arch, format, &sheet, gpus, eff, t.concurrency, lengths);
    Some(t.concurrency / step_s)
}

/// The GPU sheet of the spec row named `name` (its first offer's memory).
pub(crate) fn sheet_named(name: &str) -> Option<GpuSheet> {
    pricing::gpus::bundled_gpus()
        .offers
        .iter()
        .filter(|o| o.spec.as_ref().is_some_and(|s| s.name == name))
        .find_map(GpuSheet::of)
}

/// The coherence warnings of a self-hosted scenario's throughput (docs/cost-model.md §11).
pub(crate) fn warnings(s: &Scenario) -> Vec<Warning> {
    let mut out = Vec::new();
    let SlmServing::SelfHosted(fleet) = &s.slm.serving else {
        return out;
    };
    let Some(t) = &s.slm.throughput else {
        return out;
    };
    let lengths = scenario_lengths(s);
    let offer = priced_offer(&s.slm.gpu);
    if t.basis == ThroughputBasis::Described {
        out.push(Warning::new(
            "throughput_unchecked",
            "slm.throughput_source",
            format!(
                "The throughput is described only (\"{}\"): its device, model and lengths cannot be checked against this scenario. Use a stored benchmark (Use in scenario) to have them checked.",
                t.source
            ),
        ));
        return out;
    }
    let measured = t.basis != ThroughputBasis::Typed;
    // The device measured against the GPU priced.
    if let (true, Some(offer), Some(device)) = (measured, offer, t.device.as_deref()) {
        let priced = offer_gpu(offer);
        let measured_gpu = if t.basis == ThroughputBasis::Projected {
            Some(device.to_string())
        } else if device.eq_ignore_ascii_case("cpu") {
            None
        } else {
            spec_gpu_named(device)
        };
        let what = if t.basis == ThroughputBasis::Projected {
            "projected for"
        } else {
            "measured on"
        };
        match measured_gpu {
            Some(gpu) if gpu == priced => {}
            other => out.push(Warning::new(
                "throughput_device",
                "slm.throughput.device",
                format!(
                    "The throughput was {what} {}{} but is priced on {} ({priced}): {priced}'s throughput is not that. Use the projection for {priced} from {}, or a benchmark run on {priced}, or price the hardware that was measured.",
                    device,
                    match (&other, device) {
                        (_, d) if d.eq_ignore_ascii_case("cpu") => "",
                        (None, "endpoint") => " (an endpoint whose GPU was not stated: rerun it with --gpu)",
                        (None, _) => " (a GPU the GPU table does not list)",
                        _ => "",
                    },
                    offer.id,
                    named(t)
                ),
            )),
        }
    }
    // The model measured against the model named.
    if measured {
        match (&s.slm.model, &t.model) {
            (Some(named), Some(model)) if named.id != *model => out.push(Warning::new(
                "throughput_model",
                "slm.model",
                format!(
                    "The throughput is of {model} but the scenario serves {}: another model's tokens/s do not price this one.",
                    named.id
                ),
            )),
            (Some(named), Some(_)) if t.format.is_some_and(|f| f != named.format) => {
                out.push(Warning::new(
                    "throughput_model",
                    "slm.model_format",
                    format!(
                        "The throughput was measured in {} but the scenario serves {} in {}: a number format changes the bytes read per token.",
                        t.format.map_or_else(String::new, |f| f.to_string()),
                        named.id,
                        named.format
                    ),
                ))
            }
            (None, Some(model)) => out.push(Warning::new(
                "throughput_model",
                "slm.model",
                format!(
                    "The scenario names no model (slm.model) but its throughput is of {model}: name the model served so the two can be checked."
                ),
            )),
            (Some(named), None) => out.push(Warning::new(
                "throughput_model",
                "slm.model",
                format!(
                    "The benchmark did not name a catalog model, so it cannot be checked that it measured {}.",
                    named.id
                ),
            )),
            _ => {}
        }
    }
    // The lengths measured against the scenario's.
    if measured && shape_differs(t, lengths) {
        let (p, g) = (
            t.prompt_tokens.unwrap_or(f64::NAN),
            t.gen_tokens.unwrap_or(f64::NAN),
        );
        let scenario = format!("{:.0}/{:.0}", lengths.0, lengths.1);
        match t.adjusted_decode_tokens_per_s {
            Some(adjusted) => out.push(Warning::new(
                "throughput_adjusted",
                "slm.decode_tokens_per_s",
                format!(
                    "{} ran at {p}/{g} tokens and this scenario's requests are {scenario}: decode is priced at {adjusted:.1} tokens/s from {} at the scenario's lengths (measured {:.1}); prefill is as measured at {p} prompt tokens. Run the benchmark again at this scenario's shape to measure it.",
                    capitalised(&named(t)),
                    if t.basis == ThroughputBasis::Projected { "the projection" } else { "the benchmark's decode fit" },
                    t.stated_decode_tokens_per_s
                ),
            )),
            None => out.push(Warning::new(
                "throughput_shape",
                if apart(lengths.0, p) > SHAPE_TOLERANCE {
                    "workload.input_tokens"
                } else {
                    "workload.output_tokens"
                },
                format!(
                    "{} ran at {p}/{g} tokens but this scenario's requests are {scenario} (more than {:.0} % apart) and it has no decode fit: its throughput is priced as measured. Run the benchmark again at this scenario's shape.",
                    capitalised(&named(t)),
                    SHAPE_TOLERANCE * 100.0
                ),
            )),
        }
    }
    // The latency target measured against the scenario's.
    if let (true, Some(wanted)) = (measured, &s.latency_slo) {
        let looser = match &t.slo {
            None => Some("had no latency target".to_string()),
            Some(slo) if slo.ttft_ms > wanted.ttft_ms || slo.tpot_ms > wanted.tpot_ms => {
                Some(format!(
                    "was held to TTFT ≤ {} ms and TPOT ≤ {} ms",
                    slo.ttft_ms, slo.tpot_ms
                ))
            }
            Some(_) => None,
        };
        if let Some(looser) = looser {
            out.push(Warning::new(
                "throughput_slo",
                "workload.latency_slo",
                format!(
                    "{} {looser}, looser than this scenario's TTFT ≤ {} ms and TPOT ≤ {} ms: its concurrency would miss the scenario's target, so its throughput is optimistic.",
                    capitalised(&named(t)),
                    wanted.ttft_ms,
                    wanted.tpot_ms
                ),
            ));
        }
    }
    // The concurrency's KV cache on the GPU priced.
    if let (Some(model), Some(offer)) = (&s.slm.model, offer) {
        if let Some(arch) = models::architecture(&model.id) {
            let fit = memory_fit(
                arch,
                model.format,
                fleet.gpus_per_replica,
                offer.gpu_memory_gib,
                t.concurrency,
                lengths.0 + lengths.1,
            );
            if !fit.fits() && t.concurrency > 1.0 {
                out.push(Warning::new(
                    "throughput_kv_fit",
                    "slm.gpu",
                    format!(
                        "At concurrency {} the KV cache does not fit {} at this scenario's lengths: {}. The replica cannot batch that many requests, so the throughput priced is more than it can serve.",
                        t.concurrency,
                        offer.id,
                        fit.describe(fleet.gpus_per_replica, offer.gpu_memory_gib)
                    ),
                ));
            }
        }
    }
    out
}
