//! The planner's "Throughput from a stored benchmark" picker: the finished benchmarks that
//! found a goodput point, one of which fills prefill and decode throughput as measured
//! (the same figures and `slm.throughput_source` as the Benchmarks page's "Use in scenario").

use ::api::bench::{BenchmarkSummary, JobStatus};
use ::api::endpoints::{GetBenchmark, ListBenchmarks};
use ::api::BenchmarkId;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Form;
use crate::api::Call;
use crate::benchmarks::format::{goodput_decode, measured, rate, Measured};

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

/// The figures a stored benchmark puts into the planner, or why it cannot.
async fn read(id: BenchmarkId) -> Result<Measured, String> {
    let benchmark = Call::<GetBenchmark>::at(&id)
        .send()
        .await
        .map_err(|f| f.line(|field| field.to_string()))?;
    let result = benchmark
        .result
        .ok_or_else(|| "this benchmark has no result".to_string())?;
    measured(id, &result)
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
            match read(id).await {
                Ok(m) => {
                    problem.set(None);
                    form.set_measured(m.prefill, m.decode, m.source);
                }
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
                            <select id="measured-pick" on:change=move |ev| choose(event_target_value(&ev))>
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
