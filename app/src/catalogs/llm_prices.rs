//! LLM and hosted-SLM API prices: pick the price-table version that prices the scenario,
//! search its rows, and use a row as the scenario's LLM or hosted SLM. A version of up to
//! one page (`api::catalogs::PRICE_PAGE_DEFAULT` rows) is held whole and searched here; a
//! larger one is searched on the server once typing pauses, showing "N of TOTAL".

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use ::api::catalogs::PriceQuery;
use ::api::endpoints::ListPriceVersions;
use pricing::search::Search;
use pricing::ModelPrice;

use super::MAX_ROWS;
use crate::api::{price_page, Call};
use crate::app::Page;
use crate::planner::table_rows::add_rows;
use crate::planner::Form;

/// How long the search box stays unchanged before a server-side search is sent: longer
/// than the pause between keystrokes, short enough to feel immediate.
const SEARCH_QUIET: Duration = Duration::from_millis(300);

/// What a server-side search answered: its rows and how many match, or why it failed.
type Found = Result<(Vec<ModelPrice>, usize), String>;

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
    // The stored version the form holds only part of (larger than one page): its id.
    let remote = Memo::new(move |_| {
        let list = versions.get()?.ok()?;
        form.prices.with(|p| {
            list.iter()
                .find(|v| v.name == p.source.name && v.version == p.source.version)
                .filter(|v| usize::try_from(v.model_count).unwrap_or(0) > p.models.len())
                .map(|v| v.id)
        })
    });
    let found = RwSignal::new(None::<Found>);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let (id, q) = (remote.get(), query.get());
        if let Some(handle) = timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        let Some(id) = id else {
            return;
        };
        let ask = move || {
            spawn_local(async move {
                let asked = PriceQuery {
                    price_table: Some(id),
                    q: Some(q.clone()),
                    limit: Some(MAX_ROWS),
                    ..PriceQuery::default()
                };
                let answer = price_page(&asked)
                    .await
                    .map(|p| (p.models.into_iter().map(|r| r.price).collect(), p.total))
                    .map_err(|e| e.line(tco::vocabulary::label));
                // An earlier search may answer after a later one: keep what the box says.
                if query.try_get_untracked().as_ref() == Some(&q) {
                    let _ = found.try_set(Some(answer));
                }
            });
        };
        if let Ok(handle) = set_timeout_with_handle(ask, SEARCH_QUIET) {
            timer.set_value(Some(handle));
        }
    });
    let switch = move |id: String| {
        let Ok(id) = id.parse::<i64>() else {
            return;
        };
        status.set("loading…".into());
        spawn_local(async move {
            let answer = price_page(&PriceQuery {
                price_table: Some(id),
                ..PriceQuery::default()
            })
            .await;
            match answer {
                Ok(prices) => {
                    form.prices.set(Arc::new(prices.table()));
                    let size = if prices.next_cursor.is_some() {
                        format!("{} models, searched on the server", prices.total)
                    } else {
                        format!("{} models", prices.total)
                    };
                    status.set(format!(
                        "version #{} loaded ({size}); its import noted {} issue(s)",
                        prices.id, prices.issue_count
                    ));
                }
                Err(e) => status.set(e.line(tco::vocabulary::label)),
            }
        });
    };
    let use_as = move |row: ModelPrice, as_llm: bool| {
        // A row found on the server joins the form's table, so the planner prices it now.
        let source = form.prices.with_untracked(|p| p.source.clone());
        let model = row.model.clone();
        add_rows(form, &source, vec![row]);
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
    let draw = move |m: &ModelPrice| {
        let (llm, slm) = (m.clone(), m.clone());
        let cached = if m.cached_price_listed {
            per_mtok(m.prices.cached_input_usd_per_mtok)
        } else {
            "= input".into()
        };
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
    };
    // (count line, rows): the held table searched here, or the server's answer.
    let rows = move || {
        if remote.get().is_some() {
            return found.with(|f| match f {
                None => ("searching…".to_string(), Vec::new()),
                Some(Err(e)) => (e.clone(), Vec::new()),
                Some(Ok((rows, total))) => (
                    format!("{} of {total} models", rows.len()),
                    rows.iter().map(draw).collect(),
                ),
            });
        }
        let search = Search::new(&query.get());
        form.prices.with(|table| {
            let hits: Vec<&ModelPrice> =
                table.models.iter().filter(|m| search.matches(m)).collect();
            let total = hits.len();
            let shown = if total > MAX_ROWS {
                format!(", first {MAX_ROWS} shown")
            } else {
                String::new()
            };
            (
                format!("{total} models{shown}"),
                hits.into_iter().take(MAX_ROWS).map(draw).collect(),
            )
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
                let (count, drawn) = rows();
                view! {
                    <p class="count" id="price-count">{count}</p>
                    <table class="rows" id="price-table">
                        <thead><tr><th>"Model"</th><th>"Provider"</th><th>"Input"</th><th>"Output"</th><th>"Cached input"</th><th>"Batch in / out"</th><th>"Context"</th><th></th></tr></thead>
                        <tbody>{drawn}</tbody>
                    </table>
                }
            }}
        </main>
    }
}
