//! Compare: two to four saved scenarios side by side. Each column is computed here by the
//! engine from the scenario's stored inputs and its recorded price table, as the shared
//! view does; the best value of each row is marked and inputs that differ are highlighted.

use leptos::prelude::*;
use tco::format::{count, usd};
use tco::{PlanResult, ScenarioInput};

use super::inputs;
use crate::exports::{compare_links, ExportLinks};
use crate::scenarios::{self, Session};
use crate::{url, Nav};

pub const MAX_COLUMNS: usize = 4;

/// Which way a row improves; rows that are not costs are not marked.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Better {
    Lower,
    Higher,
    Neither,
}

/// The columns holding the best value of a row: none when fewer than two have a value or
/// all of them are equal (nothing to choose between).
pub fn best(values: &[Option<f64>], better: Better) -> Vec<usize> {
    let known: Vec<(usize, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.filter(|x| x.is_finite()).map(|x| (i, x)))
        .collect();
    if better == Better::Neither || known.len() < 2 {
        return Vec::new();
    }
    let pick = |a: f64, b: f64| {
        if better == Better::Lower {
            a.min(b)
        } else {
            a.max(b)
        }
    };
    let target = known.iter().map(|(_, x)| *x).reduce(pick).unwrap_or(0.0);
    let same = |x: f64| (x - target).abs() <= 1e-9 * x.abs().max(target.abs()).max(1.0);
    if known.iter().all(|(_, x)| same(*x)) {
        return Vec::new();
    }
    known
        .into_iter()
        .filter(|(_, x)| same(*x))
        .map(|(i, _)| i)
        .collect()
}

/// One computed column.
#[derive(Clone)]
pub struct Column {
    pub id: String,
    pub title: String,
    pub revision: u32,
    pub table: String,
    pub input: ScenarioInput,
    pub horizon: u32,
    pub result: Result<PlanResult, String>,
}

/// One cell: the number compared (if any), its text, and why it is blank (on hover).
type Cell = (Option<f64>, String, Option<&'static str>);

fn money(v: Option<f64>) -> Cell {
    match v {
        Some(x) => (Some(x), usd(x), None),
        None => (None, "—".into(), Some("no traffic: no cost per request")),
    }
}

fn payback(m: Option<u32>) -> Cell {
    match m {
        Some(m) => (Some(m as f64), format!("month {m}"), None),
        None => (None, "not within the horizon".into(), None),
    }
}

/// The rows of the figures table: label, direction, cell of a result.
type Row = (&'static str, Better, fn(&PlanResult) -> Cell);

pub const ROWS: [Row; 13] = [
    ("Monthly cost: LLM API", Better::Lower, |r| {
        money(Some(r.api.monthly_usd))
    }),
    ("Monthly cost: self-hosted / SLM", Better::Lower, |r| {
        money(Some(r.self_hosted.monthly_usd))
    }),
    ("Monthly cost: hybrid", Better::Lower, |r| {
        money(Some(r.hybrid.monthly_usd))
    }),
    ("Cost per request: LLM API", Better::Lower, |r| {
        money(r.api.usd_per_request)
    }),
    ("Cost per request: self-hosted / SLM", Better::Lower, |r| {
        money(r.self_hosted.usd_per_request)
    }),
    ("Cost per request: hybrid", Better::Lower, |r| {
        money(r.hybrid.usd_per_request)
    }),
    ("Replicas: all traffic / hybrid", Better::Neither, |r| {
        let n = |v: Option<f64>| v.map_or_else(|| "—".to_string(), count);
        (
            None,
            format!("{} / {}", n(r.self_hosted.replicas), n(r.hybrid.replicas)),
            None,
        )
    }),
    (
        "Break-even volume (self-hosted vs API)",
        Better::Neither,
        |r| match r.break_even.requests_per_month {
            Some(v) => (Some(v), format!("{} requests/month", count(v)), None),
            None => (None, "none".into(), None),
        },
    ),
    ("Payback: self-hosted", Better::Lower, |r| {
        payback(r.roi.self_hosted.payback_month)
    }),
    ("Payback: hybrid", Better::Lower, |r| {
        payback(r.roi.hybrid.payback_month)
    }),
    ("NPV over the horizon: self-hosted", Better::Higher, |r| {
        money(Some(r.roi.self_hosted.npv_usd))
    }),
    ("NPV over the horizon: hybrid", Better::Higher, |r| {
        money(Some(r.roi.hybrid.npv_usd))
    }),
    (
        "Hybrid savings vs API, P10–P90",
        Better::Neither,
        |r| match &r.uncertainty {
            Some(u) => (
                None,
                format!(
                    "{} – {}",
                    usd(u.hybrid_savings_usd.p10),
                    usd(u.hybrid_savings_usd.p90)
                ),
                None,
            ),
            None => (
                None,
                "—".into(),
                Some("this scenario states no uncertainty ranges, so no Monte Carlo was run"),
            ),
        },
    ),
];

async fn column(id: String) -> Column {
    match scenarios::fetch(&id, None).await {
        Ok((view, table)) => {
            let computed = tco::validate(&view.scenario, &table);
            Column {
                title: view.title(),
                revision: view.revision,
                table: view.price_table.label.clone(),
                horizon: computed.as_ref().map_or(0, |s| s.finance.horizon_months),
                result: computed.map(|s| tco::plan(&s)).map_err(|e| {
                    e.iter()
                        .map(|e| format!("{}: {}", e.field, e.message))
                        .collect::<Vec<_>>()
                        .join("; ")
                }),
                input: view.scenario,
                id,
            }
        }
        Err(e) => Column {
            title: id[..8.min(id.len())].to_string(),
            id,
            revision: 0,
            table: String::new(),
            input: ScenarioInput::default(),
            horizon: 0,
            result: Err(e),
        },
    }
}

#[component]
pub fn Compare(nav: Nav) -> impl IntoView {
    let session = expect_context::<Session>();
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
    let add_pasted = move |_| match url::scenario_id(&pasted.get_untracked()) {
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
            let id = s.id.clone();
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
            view! { <label class="pick"><input type="checkbox" class="compare-pick" data-id=s.id.clone() prop:checked=checked on:change=toggle />{s.name}</label> }
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
                " "<button type="button" class="remove" aria-label="Remove" on:click=remove>"×"</button>
            </th>
        }
    }).collect_view();
    let failed = cols
        .iter()
        .filter_map(|c| c.result.as_ref().err().map(|e| format!("{}: {e}", c.title)))
        .collect::<Vec<_>>();
    let body = ROWS.iter().map(|(label, better, cell)| {
        let cells: Vec<Option<Cell>> = cols.iter().map(|c| c.result.as_ref().ok().map(cell)).collect();
        let marked = best(&cells.iter().map(|c| c.as_ref().and_then(|c| c.0)).collect::<Vec<_>>(), *better);
        let marker = if *better == Better::Higher { "★ best" } else { "★ cheapest" };
        let tds = cells.into_iter().enumerate().map(|(i, c)| {
            let (_, text, why) = c.unwrap_or((None, "—".into(), Some("this scenario could not be computed")));
            let top = marked.contains(&i);
            view! { <td class="num" class:cheapest=top title=why>{text}{top.then(|| view! { <span class="marker">" "{marker}</span> })}</td> }
        }).collect_view();
        view! { <tr><th scope="row">{*label}</th>{tds}</tr> }
    }).collect_view();
    let inputs = inputs_rows(&cols);
    view! {
        {(!failed.is_empty()).then(|| view! { <p class="banner" role="alert">{failed.join(" · ")}</p> })}
        <table class="rows compare-table" id="compare-table">
            <thead><tr><th></th>{head.clone()}</tr></thead>
            <tbody>{body}</tbody>
        </table>
        <ExportLinks id="compare-exports" links=compare_links(&cols.iter().map(|c| c.id.clone()).collect::<Vec<_>>()) />
        <p class="hint">{format!("NPV over each scenario's horizon ({} months).", cols.iter().map(|c| c.horizon.to_string()).collect::<Vec<_>>().join(" / "))}</p>
        <h2>"Inputs"</h2>
        <p class="hint">"Rows whose values differ are highlighted."</p>
        <table class="rows compare-inputs" id="compare-inputs">
            <thead><tr><th>"Input"</th>{cols.iter().map(|c| view! { <th>{c.title.clone()}</th> }).collect_view()}<th>"Unit"</th></tr></thead>
            <tbody>{inputs}</tbody>
        </table>
    }.into_any()
}

/// The union of every column's stated inputs, one row each; a row differs when its
/// values (absent counting as "—") are not all the same.
pub fn input_matrix(inputs: &[&ScenarioInput]) -> Vec<(String, Vec<String>, bool)> {
    let per: Vec<Vec<(String, String)>> = inputs.iter().map(|i| inputs::rows(i)).collect();
    let mut paths: Vec<String> = Vec::new();
    for rows in &per {
        for (p, _) in rows {
            if !paths.contains(p) {
                paths.push(p.clone());
            }
        }
    }
    paths
        .into_iter()
        .map(|p| {
            let values: Vec<String> = per
                .iter()
                .map(|rows| {
                    rows.iter()
                        .find(|(q, _)| *q == p)
                        .map_or("—".into(), |(_, v)| v.clone())
                })
                .collect();
            let differs = values.iter().any(|v| *v != values[0]);
            (p, values, differs)
        })
        .collect()
}

fn inputs_rows(cols: &[Column]) -> impl IntoView {
    let inputs: Vec<&ScenarioInput> = cols.iter().map(|c| &c.input).collect();
    input_matrix(&inputs)
        .into_iter()
        .map(|(path, values, differs)| {
            let unit = inputs::unit(&path);
            view! {
                <tr class:differs=differs>
                    <td class="model">{path}</td>
                    {values.into_iter().map(|v| view! { <td class="num">{v}</td> }).collect_view()}
                    <td class="unit-cell">{unit}</td>
                </tr>
            }
        })
        .collect_view()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_best_of_a_row_is_marked_only_when_there_is_a_choice() {
        assert_eq!(best(&[Some(3.0), Some(1.0), None], Better::Lower), vec![1]);
        assert_eq!(best(&[Some(3.0), Some(1.0)], Better::Higher), vec![0]);
        assert_eq!(
            best(&[Some(2.0), Some(2.0), Some(5.0)], Better::Lower),
            vec![0, 1]
        );
        assert!(best(&[Some(2.0), Some(2.0)], Better::Lower).is_empty());
        assert!(best(&[Some(2.0), None], Better::Lower).is_empty());
        assert!(best(&[Some(1.0), Some(2.0)], Better::Neither).is_empty());
        assert!(best(&[Some(f64::NAN), Some(2.0)], Better::Lower).is_empty());
    }

    #[test]
    fn inputs_that_differ_are_flagged() {
        let a =
            tco::from_json(r#"{"name": "a", "workload": {"requests_per_month": 1000}}"#).unwrap();
        let b = tco::from_json(
            r#"{"name": "a", "workload": {"requests_per_month": 2000, "input_tokens": 5}}"#,
        )
        .unwrap();
        let m = input_matrix(&[&a, &b]);
        let row = |p: &str| m.iter().find(|(q, _, _)| q == p).cloned().unwrap();
        assert!(!row("name").2);
        assert!(row("workload.requests_per_month").2);
        assert_eq!(
            row("workload.input_tokens").1,
            vec!["—".to_string(), "5".to_string()]
        );
    }
}
