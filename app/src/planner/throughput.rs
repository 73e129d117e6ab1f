//! Where the self-hosted throughput came from: typed (an estimate), or measured by a stored
//! benchmark that `slm.throughput_source` names.

use leptos::prelude::*;

use super::Form;

#[component]
pub fn ThroughputBasis(form: Form) -> impl IntoView {
    // A memo: the block is rebuilt when the source changes, not on every keystroke.
    let source = Memo::new(move |_| form.value("slm.throughput_source"));
    move || {
        let source = source.get();
        if source.trim().is_empty() {
            view! {
                <p class="hint" id="throughput-basis">"Throughput is typed, not measured: an estimate until a stored benchmark result fills it (the picker above, or \"Use in scenario\" on the Benchmarks page)."</p>
            }
            .into_any()
        } else {
            view! {
                <div class="measured" id="throughput-basis">
                    <p>"Throughput measured by "{source}"."</p>
                    <p class="hint">"Typing a figure makes it typed again. "
                        <button type="button" id="throughput-typed" on:click=move |_| form.set("slm.throughput_source", String::new())>"Mark as typed"</button>
                    </p>
                    <p class="error" role="alert">{move || form.error("slm.throughput_source")}</p>
                </div>
            }
            .into_any()
        }
    }
}
