//! The planner's "Throughput from a stored benchmark" picker: the finished benchmarks that
//! found a goodput point, one of which fills prefill and decode throughput as measured
//! (the same figures and `slm.throughput_source` as the Benchmarks page's "Use in scenario").

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::bench::{self, BenchList, Detail, Summary};
use crate::{api, Form};

/// One option's text: "#12 · smollm2-135m q4_0 on cpu · synthetic weights · 52.9 decode tok/s".
fn label(s: &Summary) -> String {
    let part = |v: &Option<String>| v.clone().unwrap_or_else(|| "?".into());
    let decode = s
        .goodput_decode()
        .and_then(bench::rate)
        .map_or_else(String::new, |r| format!(" · {r} decode tok/s"));
    format!(
        "#{} · {} {} on {} · {}{decode}",
        s.id.0,
        part(&s.model),
        part(&s.dtype),
        part(&s.device),
        part(&s.weights_label)
    )
}

/// The figures and source a stored result puts into the planner, or why it cannot.
fn measured(detail: &Detail) -> Result<(String, String, String), String> {
    let result = detail
        .result()
        .ok_or_else(|| "this benchmark has no result".to_string())??;
    let g = result
        .goodput
        .as_ref()
        .ok_or_else(|| "no concurrency met the SLO in this benchmark".to_string())?;
    let positive = |v: f64| bench::rate(v).filter(|_| v > 0.0);
    match (
        positive(g.prefill_tokens_per_s),
        positive(g.decode_tokens_per_s),
    ) {
        (Some(prefill), Some(decode)) => Ok((
            prefill,
            decode,
            bench::throughput_source(&detail.id.0, &result, g),
        )),
        _ => Err("the goodput point has no throughput".to_string()),
    }
}

#[component]
pub fn MeasuredPick(form: Form) -> impl IntoView {
    let list = LocalResource::new(|| api::get::<BenchList>("/api/v1/benchmarks"));
    let problem = RwSignal::new(None::<String>);
    let choose = move |id: String| {
        if id.is_empty() {
            return;
        }
        spawn_local(async move {
            match api::get::<Detail>(&format!("/api/v1/benchmarks/{id}")).await {
                Ok(detail) => match measured(&detail) {
                    Ok((prefill, decode, source)) => {
                        problem.set(None);
                        form.set_measured(prefill, decode, source);
                    }
                    Err(why) => problem.set(Some(format!("benchmark #{id}: {why}"))),
                },
                Err(why) => problem.set(Some(format!("benchmark #{id}: {why}"))),
            }
        });
    };
    view! {
        <Suspense fallback=|| ()>
            {move || list.get().map(|answer| match answer {
                Ok(BenchList { benchmarks }) => {
                    let usable: Vec<Summary> = benchmarks
                        .into_iter()
                        .filter(|b| b.status == "done" && b.goodput_decode().is_some())
                        .collect();
                    if usable.is_empty() {
                        return ().into_any();
                    }
                    view! {
                        <div class="field">
                            <label for="measured-pick">"Throughput from a stored benchmark"</label>
                            <select id="measured-pick" on:change=move |ev| choose(event_target_value(&ev))>
                                <option value="">"— pick a result to fill prefill and decode —"</option>
                                {usable.iter().map(|s| view! { <option value=s.id.0.clone()>{label(s)}</option> }).collect_view()}
                            </select>
                            <p class="error" role="alert">{move || problem.get()}</p>
                        </div>
                    }.into_any()
                }
                // The planner works without the benchmark list; say why it is missing.
                Err(why) => view! { <p class="hint">"Stored benchmarks unavailable: "{why}</p> }.into_any(),
            })}
        </Suspense>
    }
}
