//! LLM and hosted-SLM API prices: pick the price-table version that prices the scenario,
//! search its rows, and use a row as the scenario's LLM or hosted SLM.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use ::api::endpoints::{GetLlmPrices, ListPriceVersions};

use super::{matches, MAX_ROWS};
use crate::api::Call;
use crate::app::Page;
use crate::planner::Form;

fn per_mtok(v: f64) -> String {
    if v == 0.0 {
        "$0".to_string()
    } else {
        format!("${v}")
    }
}

#[component]
pub fn LlmPrices(form: Form, page: RwSignal<Page>) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let versions = LocalResource::new(|| Call::<ListPriceVersions>::new().send());
    let switch = move |id: String| {
        let Ok(id) = id.parse::<i64>() else {
            return;
        };
        status.set("loading…".into());
        spawn_local(async move {
            let answer = Call::<GetLlmPrices>::new()
                .query("price_table", Some(id))
                .send()
                .await;
            match answer {
                Ok(prices) => {
                    form.prices.set(Arc::new(prices.table()));
                    status.set(format!(
                        "version #{} loaded; its import noted {} issue(s)",
                        prices.id,
                        prices.issues.len()
                    ));
                }
                Err(e) => status.set(e.line(tco::vocabulary::label)),
            }
        });
    };
    let use_as = move |model: String, as_llm: bool| {
        if as_llm {
            form.set("llm.model", model);
            for p in [
                "llm.input_usd_per_mtok",
                "llm.output_usd_per_mtok",
                "llm.cached_input_usd_per_mtok",
            ] {
                form.set(p, String::new());
            }
        } else {
            form.set("slm.serving", "api".into());
            form.set("slm.model", model);
            form.set("slm.input_usd_per_mtok", String::new());
            form.set("slm.output_usd_per_mtok", String::new());
        }
        page.set(Page::Planner);
    };
    let rows = move || {
        form.prices.with(|table| {
            let q = query.get();
            let hits: Vec<&pricing::ModelPrice> =
                table.models.iter().filter(|m| matches(&q, &format!("{} {}", m.model, m.provider))).collect();
            let total = hits.len();
            let drawn = hits
                .into_iter()
                .take(MAX_ROWS)
                .map(|m| {
                    let (llm, slm) = (m.model.clone(), m.model.clone());
                    let cached = if m.cached_price_listed { per_mtok(m.prices.cached_input_usd_per_mtok) } else { "= input".into() };
                    let batch = match (m.batch_input_usd_per_mtok, m.batch_output_usd_per_mtok) {
                        (Some(i), Some(o)) => format!("{} / {}", per_mtok(i), per_mtok(o)),
                        _ => "—".into(),
                    };
                    view! {
                        <tr>
                            <td class="model">{m.model.clone()}</td>
                            <td>{m.provider.clone()}</td>
                            <td class="num">{per_mtok(m.prices.input_usd_per_mtok)}</td>
                            <td class="num">{per_mtok(m.prices.output_usd_per_mtok)}</td>
                            <td class="num">{cached}</td>
                            <td class="num">{batch}</td>
                            <td class="num">{m.max_input_tokens.map(|t| tco::format::count(t as f64)).unwrap_or_else(|| "—".into())}</td>
                            <td class="actions">
                                <button type="button" class="use-llm" on:click=move |_| use_as(llm.clone(), true)>"Use as LLM"</button>
                                <button type="button" class="use-slm" on:click=move |_| use_as(slm.clone(), false)>"Use as SLM API"</button>
                            </td>
                        </tr>
                    }
                })
                .collect_view();
            (total, drawn)
        })
    };
    view! {
        <main class="catalog">
            <h2>"LLM and hosted-SLM API prices"</h2>
            <p class="source" id="price-source">
                "Pricing with: "{move || form.prices.with(|p| p.source.label())}
                " · USD per million tokens · a price typed in the planner overrides the table's"
            </p>
            <div class="toolbar">
                <label for="price-version">"Version"</label>
                <Suspense fallback=|| view! { <span>"loading versions…"</span> }>
                    {move || versions.get().map(|answer| match answer {
                        Ok(list) => view! {
                            <select id="price-version" on:change=move |ev| switch(event_target_value(&ev))>
                                {list.into_iter().map(|v| {
                                    let label = format!("#{} {} {} (as of {}, {} models){}", v.id, v.name, v.version, v.as_of, v.model_count,
                                        if v.active { " · active" } else { "" });
                                    let selected = form.prices.with_untracked(|p| p.source.name == v.name && p.source.version == v.version);
                                    view! { <option value=v.id.to_string() selected=selected>{label}</option> }
                                }).collect_view()}
                            </select>
                        }.into_any(),
                        Err(e) => view! { <span class="error">{format!("{}; showing the bundled table", e.line(tco::vocabulary::label))}</span> }.into_any(),
                    })}
                </Suspense>
                <span class="status">{move || status.get()}</span>
                <label for="price-search">"Search"</label>
                <input id="price-search" type="search" placeholder="model or provider, e.g. llama 8b"
                    prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev)) />
            </div>
            {move || {
                let (total, drawn) = rows();
                view! {
                    <p class="count" id="price-count">{format!("{total} models{}", if total > MAX_ROWS { format!(", first {MAX_ROWS} shown") } else { String::new() })}</p>
                    <table class="rows" id="price-table">
                        <thead><tr><th>"Model"</th><th>"Provider"</th><th>"Input"</th><th>"Output"</th><th>"Cached input"</th><th>"Batch in / out"</th><th>"Context"</th><th></th></tr></thead>
                        <tbody>{drawn}</tbody>
                    </table>
                }
            }}
        </main>
    }
}
