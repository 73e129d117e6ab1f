//! What a self-hosted fleet's figures rest on, as rows for the PDF's assumptions and the
//! workbook's Inputs sheet: the model served (`slm.model`, `slm.model_format`) and where
//! its throughput comes from (`slm.throughput` and what was measured: benchmark, model,
//! format, device, lengths, concurrency, latency targets, decode fit, efficiencies). One
//! list for both surfaces, so they name and show the same things; each row's field is named
//! by `tco::vocabulary`.

use tco::format::count;
use tco::scenario::{SlmServing, Throughput, ThroughputBasis};
use tco::vocabulary;

use crate::summary::format_words;
use crate::ReportScenario;

/// A row's value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// A number as measured or typed.
    Num(f64),
    /// A share, 0 to 1 (shown as a percentage).
    Share(f64),
    /// Text: an id, a device's name, or a choice in the vocabulary's words.
    Text(String),
}

/// One row: the scenario field it shows, the workbook's defined name for its cell, its
/// value and where the value comes from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub path: &'static str,
    pub key: &'static str,
    pub value: Value,
    pub source: String,
}

fn entry(path: &'static str, key: &'static str, value: Value, source: impl Into<String>) -> Entry {
    Entry {
        path,
        key,
        value,
        source: source.into(),
    }
}

/// The spelling of a basis in the scenario format (`slm.throughput.basis`); None for a
/// throughput described in words only (`slm.throughput_source`), which has no basis key.
fn spelled(basis: ThroughputBasis) -> Option<&'static str> {
    match basis {
        ThroughputBasis::Typed => Some("typed"),
        ThroughputBasis::Benchmark => Some("benchmark"),
        ThroughputBasis::Endpoint => Some("endpoint"),
        ThroughputBasis::Projected => Some("projected"),
        ThroughputBasis::Described => None,
    }
}

/// What the measurement rows cite as their source: "benchmark #7", "endpoint benchmark #3",
/// "projection from benchmark #7", or a projection without a stored benchmark.
fn origin(t: &Throughput) -> String {
    match (t.basis, t.benchmark) {
        (ThroughputBasis::Endpoint, Some(id)) => format!("endpoint benchmark #{id}"),
        (ThroughputBasis::Projected, Some(id)) => format!("projection from benchmark #{id}"),
        (ThroughputBasis::Projected, None) => "projection from a GPU spec sheet".to_string(),
        (_, Some(id)) => format!("benchmark #{id}"),
        (_, None) => "the measurement".to_string(),
    }
}

/// The self-hosted model's rows (`slm.model`, `slm.model_format`); none for a hosted SLM
/// (its model is a price-table row, shown with its prices) or when no model is named.
pub(crate) fn model(r: &ReportScenario) -> Vec<Entry> {
    let (SlmServing::SelfHosted(_), Some(m)) = (&r.scenario.slm.serving, &r.scenario.slm.model)
    else {
        return Vec::new();
    };
    let format_given = r
        .input
        .slm
        .as_ref()
        .is_some_and(|s| s.model_format.is_some());
    vec![
        entry(
            "slm.model",
            "slm_model",
            Value::Text(m.id.clone()),
            format!(
                "typed; the model catalog's {}: {} parameters, {:.2} GB of weights in {}, {:.1} KB of KV cache per token",
                m.name,
                count(m.parameters as f64),
                m.weight_bytes / 1e9,
                m.format,
                m.kv_bytes_per_token / 1e3
            ),
        ),
        entry(
            "slm.model_format",
            "slm_model_format",
            Value::Text(format_words(m.format.as_str())),
            if format_given {
                "typed"
            } else {
                "default: bf16 (16-bit weights)"
            },
        ),
    ]
}

/// The throughput's rows: its basis, then what was measured (for a benchmark, an endpoint
/// benchmark or a projection). Empty for a hosted SLM.
pub(crate) fn throughput(r: &ReportScenario) -> Vec<Entry> {
    let SlmServing::SelfHosted(_) = &r.scenario.slm.serving else {
        return Vec::new();
    };
    let Some(t) = &r.scenario.slm.throughput else {
        return Vec::new();
    };
    let section = r.input.slm.as_ref().and_then(|s| s.throughput.as_ref());
    let mut out = Vec::new();
    match spelled(t.basis) {
        None => {
            out.push(entry(
                "slm.throughput_source",
                "throughput_source",
                Value::Text("described".to_string()),
                format!("{}, in words only", t.in_words()),
            ));
            return out;
        }
        Some(basis) => out.push(entry(
            "slm.throughput.basis",
            "throughput_basis",
            Value::Text(
                vocabulary::choice("slm.throughput.basis", basis)
                    .unwrap_or(basis)
                    .to_string(),
            ),
            match section {
                Some(_) => format!("typed; {}", t.in_words()),
                None => format!("default: no throughput basis given, so {}", t.in_words()),
            },
        )),
    }
    if t.basis == ThroughputBasis::Typed {
        if section.is_some_and(|s| s.concurrency.is_some()) {
            out.push(entry(
                "slm.throughput.concurrency",
                "throughput_concurrency",
                Value::Num(t.concurrency),
                "typed: what the estimate assumes",
            ));
        }
        return out;
    }
    let from = origin(t);
    let text = |path, key, v: &Option<String>| {
        v.as_ref()
            .map(|v| entry(path, key, Value::Text(v.clone()), from.clone()))
    };
    let num = |path, key, v: Option<f64>| v.map(|v| entry(path, key, Value::Num(v), from.clone()));
    let share =
        |path, key, v: Option<f64>| v.map(|v| entry(path, key, Value::Share(v), from.clone()));
    out.extend(
        [
            t.benchmark.map(|id| {
                entry(
                    "slm.throughput.benchmark",
                    "throughput_benchmark",
                    Value::Num(id as f64),
                    t.source.clone(),
                )
            }),
            text("slm.throughput.model", "throughput_model", &t.model),
            t.format.map(|f| {
                entry(
                    "slm.throughput.format",
                    "throughput_format",
                    Value::Text(format_words(f.as_str())),
                    from.clone(),
                )
            }),
            text("slm.throughput.device", "throughput_device", &t.device),
            text(
                "slm.throughput.hardware",
                "throughput_hardware",
                &t.hardware,
            ),
            text("slm.throughput.weights", "throughput_weights", &t.weights),
            text(
                "slm.throughput.projected_from",
                "throughput_projected_from",
                &t.projected_from,
            ),
            num(
                "slm.throughput.prompt_tokens",
                "throughput_prompt_tokens",
                t.prompt_tokens,
            ),
            num(
                "slm.throughput.gen_tokens",
                "throughput_gen_tokens",
                t.gen_tokens,
            ),
            num(
                "slm.throughput.concurrency",
                "throughput_concurrency",
                Some(t.concurrency),
            ),
            num(
                "slm.throughput.slo_ttft_ms",
                "throughput_slo_ttft_ms",
                t.slo.map(|s| s.ttft_ms),
            ),
            num(
                "slm.throughput.slo_tpot_ms",
                "throughput_slo_tpot_ms",
                t.slo.map(|s| s.tpot_ms),
            ),
            num(
                "slm.throughput.decode_fixed_ms",
                "throughput_decode_fixed_ms",
                t.fit.map(|f| f.fixed_ms),
            ),
            num(
                "slm.throughput.decode_ms_per_kv_token",
                "throughput_decode_ms_per_kv_token",
                t.fit.map(|f| f.ms_per_kv_token),
            ),
            share(
                "slm.throughput.decode_bandwidth_efficiency",
                "throughput_decode_bandwidth_efficiency",
                t.efficiency.map(|e| e.decode_bandwidth),
            ),
            share(
                "slm.throughput.prefill_mfu",
                "throughput_prefill_mfu",
                t.efficiency.map(|e| e.prefill_mfu),
            ),
        ]
        .into_iter()
        .flatten(),
    );
    out
}

/// The source of a typed throughput figure, as the source column says of every typed input.
const TYPED: &str = "typed (an estimate, not measured)";

/// Whether the throughput is typed: an estimate.
fn typed(r: &ReportScenario) -> bool {
    r.scenario
        .slm
        .throughput
        .as_ref()
        .is_none_or(|t| t.basis == ThroughputBasis::Typed)
}

/// Where the decode figure priced comes from: typed (an estimate), the throughput's label,
/// and when it was adjusted to the scenario's lengths, what it was adjusted from.
pub(crate) fn decode_source(r: &ReportScenario) -> String {
    if typed(r) {
        return TYPED.to_string();
    }
    match &r.scenario.slm.throughput {
        Some(t) => match t.adjusted_decode_tokens_per_s {
            Some(_) => format!(
                "{}: the decode priced at this scenario's lengths ({}), measured {}",
                t.label,
                if t.basis == ThroughputBasis::Projected {
                    "the projection recomputed"
                } else {
                    "the benchmark's decode fit"
                },
                crate::summary::tokens_per_s(t.stated_decode_tokens_per_s)
            ),
            None => t.label.clone(),
        },
        None => "estimate".to_string(),
    }
}

/// Where the prefill figure comes from: typed (an estimate), or the throughput's label
/// ("measured", "projected, not measured"); an adjustment to the scenario's lengths is the decode's
/// alone, so the prefill of an adjusted benchmark is as measured.
pub(crate) fn prefill_source(r: &ReportScenario) -> String {
    if typed(r) {
        return TYPED.to_string();
    }
    match &r.scenario.slm.throughput {
        None => "estimate".to_string(),
        Some(t) => match (t.adjusted_decode_tokens_per_s, t.basis) {
            (Some(_), ThroughputBasis::Projected) => format!(
                "projected, not measured ({}), not adjusted to this scenario's lengths",
                origin(t)
            ),
            (Some(_), _) => format!(
                "measured ({}), not adjusted to this scenario's lengths",
                origin(t)
            ),
            (None, _) => t.label.clone(),
        },
    }
}

/// What an export says when its provenance lists no benchmark result but the throughput
/// names one: that its stored result was not attached (a scenario file, say). None when the
/// throughput names no benchmark.
pub(crate) fn unattached_benchmark(r: &ReportScenario) -> Option<String> {
    let SlmServing::SelfHosted(_) = r.scenario.slm.serving else {
        return None;
    };
    let t = r.scenario.slm.throughput.as_ref()?;
    t.benchmark.map(|_| {
        format!(
            "{}, as the throughput names it; its stored result is not attached to this export",
            origin(t)
        )
    })
}
