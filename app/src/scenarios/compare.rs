//! Compare: two to four saved scenarios side by side. Each column is computed here by the
//! engine from the scenario's stored inputs and its recorded price table, as the shared
//! view does; the verdict (`tco::compare`) and the chart of every scenario's cost against
//! volume come first, the best value of each row is marked, each column says whether its
//! throughput is measured, typed or projected, and inputs that differ are highlighted. On a
//! phone the table gives way to one card per scenario (`cards`).

mod cards;
mod verdict;

use leptos::prelude::*;
use tco::{PlanResult, ScenarioInput};

use super::actions;
use super::compare_figures::{best, input_matrix, Better, Cell, ROWS};
use super::inputs;
use super::Session;
use crate::app::{url, Nav};
use crate::planner::exports::{compare_links, ExportLinks};

pub const MAX_COLUMNS: usize = 4;

/// One computed column.
#[derive(Clone)]
pub struct Column {
    pub id: String,
    pub title: String,
    pub revision: i64,
    pub table: String,
    pub input: ScenarioInput,
    pub horizon: u32,
    /// The self-hosted model the scenario names, with its sizes (engine-derived).
    pub model: Option<tco::scenario::SlmModel>,
    /// The validated scenario, priced again at the other columns' volumes by the verdict.
    pub scenario: Option<tco::Scenario>,
    pub result: Result<PlanResult, String>,
}

async fn column(id: String) -> Column {
    match actions::fetch(&id, None).await {
        Ok((view, table)) => {
            let computed = tco::validate(&view.scenario, &table);
            Column {
                title: view.title(),
                revision: view.revision,
                table: view.price_table.label.clone(),
                horizon: computed.as_ref().map_or(0, |s| s.finance.horizon_months),
                model: computed.as_ref().ok().and_then(|s| s.slm.model.clone()),
                scenario: computed.as_ref().ok().cloned(),
                result: computed.map(|s| tco::plan(&s)).map_err(|e| {
                    e.iter()
                        .map(|e| format!("{}: {}", tco::vocabulary::label(&e.field), e.message))
                        .collect::<Vec<_>>()
                        .join("; ")
                }),
                input: view.scenario,
                id,
            }
        }
        Err(e) => Column {
            title: id.chars().take(8).collect(),
            id,
            revision: 0,
            table: String::new(),
            input: ScenarioInput::default(),
            horizon: 0,
            model: None,
            scenario: None,
            result: Err(e),
        },
    }
}

#[component]
pub fn Compare(session: Session, nav: Nav) -> impl IntoView {
    let ids = nav.compare_ids;
    let pasted = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let add = move |id: String| {
        ids.update(|list| {
            if !list.contains(&id) && list.len() < MAX_COLUMNS {
                list.push(id);
            }
        })
    };
    let add_pasted = move |_| match url::scenario_id(&pasted.get_untracked())
        .map(|id| id.to_string())
    {
        Some(id) if ids.with_untracked(|l| l.len() >= MAX_COLUMNS && !l.contains(&id)) => problem
            .set(Some(format!(
                "At most {MAX_COLUMNS} scenarios side by side"
            ))),
        Some(id) => {
            add(id);
            pasted.set(String::new());
            problem.set(None);
        }
        None => problem.set(Some(
            "Not a share link or scenario id (32 hex digits)".into(),
        )),
    };
    let mine = move || {
        session.saved.get().into_iter().map(|s| {
            let id = s.id.to_string();
            let checked = {
                let id = id.clone();
                move || ids.with(|l| l.contains(&id))
            };
            let toggle = move |_| {
                if ids.with_untracked(|l| l.contains(&id)) {
                    ids.update(|l| l.retain(|x| x != &id));
                } else {
                    add(id.clone());
                }
            };
            view! { <label class="pick"><input type="checkbox" class="compare-pick" data-id=s.id.to_string() prop:checked=checked on:change=toggle />{s.name}</label> }
        }).collect_view()
    };
    let columns = LocalResource::new(move || {
        let list = ids.get();
        async move {
            let mut out = Vec::new();
            for id in list {
                out.push(column(id).await);
            }
            out
        }
    });
    view! {
        <main class="compare">
            <h2>"Compare scenarios"</h2>
            <p class="hint">"Choose two to four: from your scenarios, or paste a share link or id. The address of this page reopens the comparison."</p>
            <div class="toolbar">
                <span>"My scenarios:"</span>{mine}
            </div>
            <div class="toolbar">
                <label for="compare-add">"Share link or id"</label>
                <input id="compare-add" type="text" prop:value=move || pasted.get() on:input=move |ev| pasted.set(event_target_value(&ev)) />
                <button type="button" id="compare-add-button" on:click=add_pasted>"Add"</button>
                <span class="error">{move || problem.get()}</span>
            </div>
            <Suspense fallback=|| view! { <p class="status">"computing…"</p> }>
                {move || columns.get().map(|cols| table(cols, ids))}
            </Suspense>
        </main>
    }
}

fn table(cols: Vec<Column>, ids: RwSignal<Vec<String>>) -> impl IntoView {
    if cols.len() < 2 {
        return view! { <p class="status" id="compare-empty">{format!("{} chosen; choose at least two.", cols.len())}</p> }.into_any();
    }
    let head = cols.iter().map(|c| {
        let id = c.id.clone();
        let remove = move |_| ids.update(|l| l.retain(|x| x != &id));
        view! {
            <th class="compare-col" data-id=c.id.clone()>
                <a href=format!("/s/{}", c.id)>{c.title.clone()}</a>
                <span class="sub">{format!(" rev. {} · {}", c.revision, c.table)}</span>
                " "{verdict::badge(c)}
                " "<button type="button" class="remove" aria-label="Remove" on:click=remove>"×"</button>
            </th>
        }
    }).collect_view();
    let failed = cols
        .iter()
        .filter_map(|c| c.result.as_ref().err().map(|e| format!("{}: {e}", c.title)))
        .collect::<Vec<_>>();
    let figures = figure_rows(&cols);
    let body = figures.iter().map(|row| {
        let tds = row.cells.iter().map(|(text, why, top)| {
            let top = *top;
            view! { <td class="num" class:cheapest=top title=*why>{text.clone()}{top.then(|| view! { <span class="marker">" "{row.marker}</span> })}</td> }
        }).collect_view();
        view! { <tr><th scope="row">{row.label}</th>{tds}</tr> }
    }).collect_view();
    let served = served_rows(&cols);
    let inputs = inputs_rows(&cols);
    let comparison = verdict::comparison(&cols);
    view! {
        {(!failed.is_empty()).then(|| view! { <p class="banner" role="alert">{failed.join(" · ")}</p> })}
        {verdict::answer(&comparison)}
        <table class="rows compare-table" id="compare-table">
            <thead><tr><th></th>{head}</tr></thead>
            <tbody>{served}{body}</tbody>
        </table>
        {cards::cards(&cols, &figures)}
        <ExportLinks id="compare-exports" links=compare_links(&cols.iter().map(|c| c.id.clone()).collect::<Vec<_>>()) />
        <p class="hint">{format!("NPV over each scenario's horizon ({} months).", cols.iter().map(|c| c.horizon.to_string()).collect::<Vec<_>>().join(" / "))}</p>
        <h2>"Inputs"</h2>
        <p class="hint">"Rows whose values differ are highlighted."</p>
        <div class="table-scroll">
            <table class="rows compare-inputs" id="compare-inputs">
                <thead><tr><th>"Input"</th>{cols.iter().map(|c| view! { <th>{c.title.clone()}</th> }).collect_view()}<th>"Unit"</th></tr></thead>
                <tbody>{inputs}</tbody>
            </table>
        </div>
    }.into_any()
}

/// One row of the figures table, computed once for the table and the phone's cards.
pub struct FigureRow {
    pub label: &'static str,
    /// What a marked cell says it is ("★ cheapest", "★ best").
    pub marker: &'static str,
    /// Each column's text, why it is blank (on hover) and whether it is the row's best.
    pub cells: Vec<(String, Option<&'static str>, bool)>,
}

fn figure_rows(cols: &[Column]) -> Vec<FigureRow> {
    ROWS.iter()
        .map(|(label, better, cell)| {
            let cells: Vec<Option<Cell>> = cols
                .iter()
                .map(|c| c.result.as_ref().ok().map(cell))
                .collect();
            let marked = best(
                &cells
                    .iter()
                    .map(|c| c.as_ref().and_then(|c| c.0))
                    .collect::<Vec<_>>(),
                *better,
            );
            FigureRow {
                label,
                marker: if *better == Better::Higher {
                    "★ best"
                } else {
                    "★ cheapest"
                },
                cells: cells
                    .into_iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let (_, text, why) = c.unwrap_or((
                            None,
                            "—".into(),
                            Some("this scenario could not be computed"),
                        ));
                        (text, why, marked.contains(&i))
                    })
                    .collect(),
            }
        })
        .collect()
}

/// What each scenario serves and prices it with: the self-hosted model (name, format) and
/// where its throughput comes from, in the engine's words (estimate, measured, projected).
fn served_rows(cols: &[Column]) -> impl IntoView {
    let model = |c: &Column| match (&c.model, &c.result) {
        (Some(m), _) => format!("{} ({}) in {}", m.name, m.id, m.format),
        (None, Ok(r)) if r.self_hosted.is_hosted_api() => "— (a hosted API)".to_string(),
        (None, _) => "not named".to_string(),
    };
    let throughput = |c: &Column| match &c.result {
        Ok(r) => r
            .prices
            .throughput
            .as_ref()
            .map_or_else(|| "— (a hosted API)".to_string(), |t| t.in_words()),
        Err(_) => "—".to_string(),
    };
    let rows: [(&str, String, Vec<String>); 2] = [
        (
            "model",
            tco::vocabulary::label("slm.model"),
            cols.iter().map(model).collect(),
        ),
        (
            "throughput",
            tco::vocabulary::label("slm.throughput"),
            cols.iter().map(throughput).collect(),
        ),
    ];
    rows.into_iter()
        .map(|(key, label, cells)| {
            view! {
                <tr data-row=key>
                    <th scope="row">{label}</th>
                    {cells.into_iter().map(|text| view! { <td class="source">{text}</td> }).collect_view()}
                </tr>
            }
        })
        .collect_view()
}

fn inputs_rows(cols: &[Column]) -> impl IntoView {
    let inputs: Vec<&ScenarioInput> = cols.iter().map(|c| &c.input).collect();
    input_matrix(&inputs)
        .into_iter()
        .map(|(path, values, differs)| {
            let unit = inputs::unit(&path);
            let label = tco::vocabulary::label(&path);
            view! {
                <tr class:differs=differs data-path=path>
                    <td class="model">{label}</td>
                    {values.into_iter().map(|v| view! { <td class="num">{v}</td> }).collect_view()}
                    <td class="unit-cell">{unit}</td>
                </tr>
            }
        })
        .collect_view()
}
