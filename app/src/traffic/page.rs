//! The Traffic page: pick or drop a usage log, check the format (detected from its first
//! 64 KiB, overridable), the zone and, for a generic log, the column mapping; the file is
//! read here in 1 MiB slices with a progress bar and Cancel; then what was read, the
//! workload it shows, "Use in planner", and the replay on the planner's scenario.

use leptos::prelude::*;
use tco::format::{bytes, count, percent};
use wasm_bindgen::JsCast;

use super::formats::{self, MAPPING_FIELDS};
use super::replay_view::ReplayView;
use super::report_view::report_view;
use super::state::TrafficState;
use super::workload_view::WorkloadView;
use crate::app::Page;
use crate::planner::Form;

fn file_input(traffic: TrafficState) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        let file = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        if let Some(file) = file {
            traffic.pick(file);
        }
    };
    let dragging = RwSignal::new(false);
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            traffic.pick(file);
        }
    };
    view! {
        <div class="traffic-drop" class:dragging=move || dragging.get()
            on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop>
            <label for="traffic-file">"Usage log"</label>
            <input id="traffic-file" type="file" accept=".csv,.json,.jsonl,.ndjson,.txt,text/csv,application/json"
                on:change=on_change />
            <p class="hint" id="traffic-privacy">"or drop the file here. It is read in this page and never uploaded; only model names are looked up on the server, for the prices of models the price table's first page lacks."</p>
        </div>
    }
}

fn format_select(traffic: TrafficState) -> impl IntoView {
    let detected_hint = move || match traffic.detected.get() {
        None => None,
        Some(Some(key)) => Some(format!("Detected: {}.", formats::words(key))),
        Some(None) => Some(
            "The format was not recognised: choose it, or map the columns of a CSV or JSONL."
                .to_string(),
        ),
    };
    let options = api::traffic::FORMATS
        .iter()
        .map(|c| {
            view! { <option value=c.name selected=move || traffic.format_key() == c.name>{c.words}</option> }
        })
        .collect_view();
    view! {
        <div class="traffic-field">
            <label for="traffic-format">"Format"</label>
            <select id="traffic-format" on:change=move |ev| traffic.choice.set(event_target_value(&ev))>
                <option value="" selected=move || traffic.format_key().is_empty()>"— choose —"</option>
                {options}
            </select>
            <p class="hint" id="traffic-detected">{detected_hint}</p>
        </div>
    }
}

fn zone_field(traffic: TrafficState) -> impl IntoView {
    let error = move || {
        traffic
            .zone
            .with(|z| formats::zone_minutes(z).err())
            .map(|e| view! { <p class="error" role="alert">{e}</p> })
    };
    view! {
        <div class="traffic-field">
            <label for="traffic-zone">"Time zone (offset from UTC)"</label>
            <input id="traffic-zone" type="text" inputmode="text" size="7"
                prop:value=move || traffic.zone.get()
                on:input=move |ev| traffic.zone.set(event_target_value(&ev)) />
            <p class="hint">"The weekly shape's hours and the days of the growth fit are in this zone (this browser's now, by default); a mapped log's times without an offset are read in it."</p>
            {error}
        </div>
    }
}

fn mapping_fields(traffic: TrafficState) -> impl IntoView {
    let fields = MAPPING_FIELDS
        .iter()
        .map(|(name, label, help)| {
            let id = format!("traffic-map-{name}");
            view! {
                <div class="traffic-field">
                    <label for=id.clone()>{*label}</label>
                    <input id=id type="text"
                        prop:value=move || traffic.mapping.with(|m| m.get(name).cloned().unwrap_or_default())
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            traffic.mapping.update(|m| { m.insert(name, text); });
                        } />
                    <p class="hint">{*help}</p>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="traffic-mapping" id="traffic-mapping">
            <legend>"Column mapping"</legend>
            <p class="hint">"Name the file's columns (CSV) or keys (JSONL; a dotted path such as usage.prompt_tokens reaches into nested objects)."</p>
            {fields}
            <div class="traffic-field">
                <label for="traffic-map-bucket">"Bucket length (seconds)"</label>
                <input id="traffic-map-bucket" type="text" inputmode="numeric"
                    prop:value=move || traffic.bucket_seconds.get()
                    on:input=move |ev| traffic.bucket_seconds.set(event_target_value(&ev)) />
                <p class="hint">"When each row totals a period (3600 for hourly rows); empty when each row is one request."</p>
            </div>
        </fieldset>
    }
}

fn progress_view(traffic: TrafficState) -> impl IntoView {
    move || {
        traffic.progress.get().map(|p| {
            let rate = p
                .rows_per_second()
                .map_or_else(String::new, |r| format!(" · {} rows/s", count(r)));
            view! {
                <div class="traffic-progress" id="traffic-progress" role="status">
                    <progress max="1" value=p.fraction().to_string()></progress>
                    <p>
                        {format!(
                            "{} of {} read ({}){rate} · {} rows used, {} bad so far",
                            bytes(p.bytes_read),
                            bytes(p.size),
                            percent(p.fraction()),
                            count(p.rows_used as f64),
                            count(p.rows_bad as f64),
                        )}
                    </p>
                    <button type="button" id="traffic-cancel" on:click=move |_| traffic.cancel()>"Cancel"</button>
                </div>
            }
        })
    }
}

fn outcome_view(form: Form, traffic: TrafficState, page: RwSignal<Page>) -> impl IntoView {
    move || {
        traffic.outcome.get().map(|outcome| match outcome {
            Err(failure) => view! {
                <div class="problems" id="traffic-failure" role="alert">
                    <p>{failure.message.clone()}</p>
                    {failure.report.as_ref().map(|r| report_view(r, "traffic-report"))}
                </div>
            }
            .into_any(),
            Ok(analysed) => {
                let read = format!(
                    "{} ({}) read as {} in {:.1} s.",
                    analysed.file_name,
                    bytes(analysed.bytes),
                    formats::words(analysed.format),
                    analysed.seconds
                );
                view! {
                    <p class="hint" id="traffic-read">{read}</p>
                    {report_view(&analysed.report, "traffic-report")}
                    <WorkloadView form traffic page />
                    <ReplayView form traffic analysed=analysed.clone() />
                }
                .into_any()
            }
        })
    }
}

#[component]
pub fn TrafficPage(form: Form, traffic: TrafficState, page: RwSignal<Page>) -> impl IntoView {
    let generic = move || formats::is_generic(&traffic.format_key());
    let can_start = move || {
        traffic.file.with(Option::is_some)
            && !traffic.format_key().is_empty()
            && traffic.progress.with(Option::is_none)
    };
    let start_words = move || {
        if traffic.outcome.with(Option::is_some) {
            "Analyse again"
        } else {
            "Analyse"
        }
    };
    view! {
        <main class="traffic-page">
            <h2>"Traffic from your own logs"</h2>
            <p class="hint">
                "A LiteLLM spend log or daily spend table, OpenAI's usage pages, or any CSV or JSONL: read and analysed in this page with the same code as the server's, so the log never leaves your machine. The workload it shows can fill the planner, and the exact traffic is replayed on the planner's scenario, hour by hour."
            </p>
            <div class="traffic-inputs">
                {file_input(traffic)}
                {format_select(traffic)}
                {zone_field(traffic)}
            </div>
            <Show when=generic>{mapping_fields(traffic)}</Show>
            <div class="toolbar">
                <button type="button" id="traffic-analyse" disabled=move || !can_start()
                    on:click=move |_| traffic.start()>{start_words}</button>
            </div>
            {progress_view(traffic)}
            {outcome_view(form, traffic, page)}
        </main>
    }
}
