//! The planner's "Throughput from a stored benchmark" picker: the finished benchmarks that
//! found a goodput point, one of which fills the throughput as measured — `slm.throughput`
//! and prefill and decode from `BenchResult::throughput_input`, as the Benchmarks page's
//! "Use in scenario" does.

use ::api::bench::{BenchmarkSummary, JobStatus, ThroughputChoice};
use ::api::endpoints::ListBenchmarks;
use ::api::BenchmarkId;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::device_choice::{stored_result, use_result};
use super::Form;
use crate::api::Call;
use crate::benchmarks::format::{goodput_decode, rate};

/// One option's text: "#12 · smollm2-135m q4_0 on cpu · synthetic weights · 52.9 decode tok/s".
fn label(s: &BenchmarkSummary) -> String {
    let decode = goodput_decode(s)
        .and_then(rate)
        .map_or_else(String::new, |r| format!(" · {r} decode tok/s"));
    format!(
        "#{} · {} {} on {} · {}{decode}",
        s.id,
        s.model.as_deref().unwrap_or("?"),
        s.dtype.map_or("?", |d| d.as_str()),
        s.device,
        s.weights_label
    )
}

#[component]
pub fn MeasuredPick(form: Form) -> impl IntoView {
    let list = LocalResource::new(|| Call::<ListBenchmarks>::new().send());
    let problem = RwSignal::new(None::<String>);
    let choose = move |text: String| {
        let Ok(id) = BenchmarkId::parse(&text) else {
            return;
        };
        spawn_local(async move {
            let used = match stored_result(id).await {
                Ok(r) => use_result(form, id, &r, &ThroughputChoice::Measured),
                Err(why) => Err(why),
            };
            match used {
                Ok(()) => problem.set(None),
                Err(why) => problem.set(Some(format!("benchmark #{id}: {why}"))),
            }
        });
    };
    view! {
        <Suspense fallback=|| ()>
            {move || list.get().map(|answer| match answer {
                Ok(list) => {
                    let usable: Vec<BenchmarkSummary> = list
                        .benchmarks
                        .into_iter()
                        .filter(|b| b.status == JobStatus::Done && goodput_decode(b).is_some())
                        .collect();
                    if usable.is_empty() {
                        return ().into_any();
                    }
                    view! {
                        <div class="field">
                            <label for="measured-pick">"Throughput from a stored benchmark"</label>
                            <select id="measured-pick" data-measured-pick="" on:change=move |ev| choose(event_target_value(&ev))>
                                <option value="">"— pick a result to fill prefill and decode —"</option>
                                {usable.iter().map(|s| view! { <option value=s.id.to_string()>{label(s)}</option> }).collect_view()}
                            </select>
                            <p class="error" role="alert">{move || problem.get()}</p>
                        </div>
                    }.into_any()
                }
                // The planner works without the benchmark list; say why it is missing.
                Err(why) => view! { <p class="hint">"Stored benchmarks unavailable: "{why.line(|field| field.to_string())}</p> }.into_any(),
            })}
        </Suspense>
    }
}
