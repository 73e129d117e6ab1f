//! The self-hosted model: a model of the catalog (`models::catalog`, shown by name and size)
//! and the number format its weights are served in, sent as `slm.model` and
//! `slm.model_format`, with what the engine derives from them (the weights' and KV cache's
//! bytes) and its errors and warnings in place.

use leptos::prelude::*;
use tco::format::count;

use super::fields::Select;
use super::form::slm::SELF_HOSTED_MODEL;
use super::Form;

/// "1.54B", "134.5M" parameters.
pub fn parameters(n: u64) -> String {
    let n = n as f64;
    if n >= 1e9 {
        format!("{:.2}B", n / 1e9)
    } else {
        format!("{:.1}M", n / 1e6)
    }
}

/// The catalog's models: (id, "Qwen2.5 7B Instruct · 7.62B parameters").
fn model_choices() -> Vec<(String, String)> {
    models::catalog()
        .iter()
        .map(|a| {
            (
                a.id.to_string(),
                format!(
                    "{} · {} parameters",
                    a.name,
                    parameters(a.parameter_count())
                ),
            )
        })
        .collect()
}

/// Every number format, in the vocabulary's words.
fn format_choices() -> Vec<(String, String)> {
    models::WeightDtype::ALL
        .iter()
        .map(|f| {
            let words = tco::vocabulary::choice("slm.model_format", f.as_str())
                .map_or_else(|| f.as_str().to_string(), str::to_string);
            (f.as_str().to_string(), words)
        })
        .collect()
}

/// Bytes as people read them: "15.2 GB", "131 KB".
pub fn bytes(b: f64) -> String {
    if b >= 1e9 {
        format!("{:.1} GB", b / 1e9)
    } else if b >= 1e6 {
        format!("{:.1} MB", b / 1e6)
    } else {
        format!("{} KB", count(b / 1e3))
    }
}

/// The model served, its format, and what they weigh (from the validated scenario).
#[component]
pub fn ModelFields(form: Form) -> impl IntoView {
    let sizes = move || {
        form.outcome.with(|o| {
            o.as_ref()
                .ok()
                .and_then(|(s, _)| s.slm.model.clone())
                .map(|m| {
                    format!(
                        "{}: {} of weights in {}, {} of KV cache per token of context",
                        m.name,
                        bytes(m.weight_bytes),
                        m.format,
                        bytes(m.kv_bytes_per_token)
                    )
                })
        })
    };
    view! {
        <Select form path=SELF_HOSTED_MODEL field="slm.model" options=model_choices()
            none="(not named: memory and the throughput's model are not checked)" />
        <Select form path="slm.model_format" options=format_choices() none="(the default: bf16)" />
        <p class="hint" id="slm-model-size" data-model-size="">{sizes}</p>
    }
}
