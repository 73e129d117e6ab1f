//! Where the self-hosted throughput comes from, beside its fields: the engine's basis in
//! words (`tco::scenario::Throughput::in_words`: an estimate, measured, projected, adjusted),
//! the warnings that say when it is applied to something else than what was measured, and
//! — when a stored benchmark ran on another device than the GPU priced — the choices that
//! make the two agree (`device_choice.rs`).

use leptos::prelude::*;
use tco::scenario::{Throughput, ThroughputBasis as Basis};

use super::device_choice::DeviceChoices;
use super::fields::{error_line, warning_line};
use super::Form;

/// The basis as a `data-throughput` value and CSS class: estimate, measured, projected,
/// adjusted, described.
fn kind(t: &Throughput) -> &'static str {
    match t.basis {
        Basis::Typed => "estimate",
        Basis::Described => "described",
        _ if t.adjusted_decode_tokens_per_s.is_some() => "adjusted",
        Basis::Projected => "projected",
        Basis::Benchmark | Basis::Endpoint => "measured",
    }
}

/// The scenario paths whose warnings are shown in this block.
const WARNED: [&str; 3] = [
    "slm.throughput",
    "slm.throughput.device",
    "slm.throughput_source",
];

#[component]
pub fn ThroughputBasis(form: Form) -> impl IntoView {
    for path in WARNED {
        form.show(path);
    }
    // A memo: the block is rebuilt when the basis changes, not on every keystroke.
    let basis = Memo::new(move |_| {
        form.outcome.with(|o| {
            o.as_ref()
                .ok()
                .and_then(|(_, r)| r.prices.throughput.clone())
        })
    });
    let mark_typed = move |_| {
        let was = basis.with_untracked(|t| t.as_ref().map(Throughput::in_words));
        form.made_typed.set(was);
        form.throughput.set(None);
        form.set("slm.throughput_source", String::new());
    };
    let block = move || match basis.get() {
        // An invalid scenario has no basis to show; the form's errors say why.
        None => view! {
            <p class="hint">"The throughput's source is shown once the scenario is valid."</p>
        }
        .into_any(),
        Some(t) => {
            let kind = kind(&t);
            let typed = t.basis == Basis::Typed;
            view! {
                <p class=format!("throughput-label {kind}") data-throughput-label=t.label.clone()>{t.label.clone()}</p>
                <p class="throughput-source" id="throughput-in-words">{t.in_words()}</p>
                {typed.then(|| view! {
                    <p class="hint">"Typed figures are an estimate until a stored benchmark fills them (the picker above, or \"Use in scenario\" on the Benchmarks page)."</p>
                })}
                {(!typed).then(|| view! {
                    <p class="hint">"Typing a prefill or decode figure makes the throughput typed: an estimate. "
                        <button type="button" id="throughput-typed" on:click=mark_typed>"Mark as typed"</button>
                    </p>
                })}
            }
            .into_any()
        }
    };
    view! {
        <div class="measured" id="throughput-basis"
            data-throughput=move || basis.with(|t| t.as_ref().map_or("", kind))>
            {block}
            {move || form.made_typed.get().map(|was| view! {
                <p class="note" id="throughput-made-typed" role="status">
                    {format!("You typed over it, so the throughput is now typed: an estimate, not measured (it was {was}).")}
                </p>
            })}
            {error_line(form, "slm.throughput_source")}
            {error_line(form, "slm.throughput")}
            {WARNED.map(|path| warning_line(form, path)).into_iter().collect_view()}
            <DeviceChoices form />
        </div>
    }
}
