//! `/s/<id>`: a saved scenario, read-only. Its results are recomputed here by the engine
//! from the stored inputs and the price-table version recorded with them (or a newer one,
//! when asked to reprice), through the planner's own results component.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::inputs::InputsTable;
use crate::exports::{scenario_links, ExportLinks};
use crate::scenarios::{self, ScenarioView, Session, TableRef};
use crate::{api, form, results, Form, Nav};

/// A table's label with its date, unless the label already states it.
fn dated(t: &TableRef) -> String {
    if t.label.contains(&t.as_of) {
        t.label.clone()
    } else {
        format!("{} (as of {})", t.label, t.as_of)
    }
}

/// What the figures were computed with, said once above them.
pub fn basis(revision: u32, table: &TableRef, recorded: &TableRef) -> String {
    if table.id == recorded.id {
        format!(
            "Recomputed from the stored inputs of revision {revision} with price table {}.",
            dated(table)
        )
    } else {
        format!(
            "Repriced: recomputed from the stored inputs of revision {revision} with price table {}, not the recorded {}.",
            dated(table),
            dated(recorded)
        )
    }
}

/// Whether the browser's monthly costs equal the server's (same engine, same inputs).
fn agrees(browser: &tco::PlanResult, server: &tco::PlanResult) -> bool {
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0);
    close(browser.api.monthly_usd, server.api.monthly_usd)
        && close(
            browser.self_hosted.monthly_usd,
            server.self_hosted.monthly_usd,
        )
        && close(browser.hybrid.monthly_usd, server.hybrid.monthly_usd)
}

#[component]
pub fn Shared(form: Form, id: String, revision: Option<u32>) -> impl IntoView {
    let key = id.clone();
    let loaded = LocalResource::new(move || {
        let id = key.clone();
        async move { scenarios::fetch(&id, revision).await }
    });
    view! {
        <main class="shared">
            <Suspense fallback=|| view! { <p class="status">"loading the scenario…"</p> }>
                {move || loaded.get().map(|answer| match answer {
                    Ok((view, table)) => Loaded(LoadedProps { form, view, table }).into_any(),
                    Err(e) => view! {
                        <div class="banner" id="shared-error" role="alert">
                            <h2>"This scenario cannot be shown"</h2>
                            <p>{e}</p>
                        </div>
                    }.into_any(),
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn Loaded(form: Form, view: ScenarioView, table: Arc<pricing::PriceTable>) -> impl IntoView {
    let session = expect_context::<Session>();
    let nav = expect_context::<Nav>();
    // The read-only form the results are drawn from; never the planner's.
    let shown = Form::with(form::from_input(&view.scenario), table);
    let recorded = view.price_table.clone();
    let priced = RwSignal::new(recorded.clone());
    let status = RwSignal::new(None::<String>);
    let revision = view.revision;
    let server_result = view.result.clone();
    let agreement = move || {
        if priced.with(|p| p.id != recorded.id) {
            return None;
        }
        shown.outcome.with(|o| {
            o.as_ref().ok().map(|(_, mine)| {
                if agrees(mine, &server_result) {
                    view! { <p class="hint" id="server-agrees">"The server's engine computed the same monthly costs."</p> }.into_any()
                } else {
                    view! { <p class="banner" id="server-agrees" role="alert">"The server computed different monthly costs for these inputs; please report this."</p> }.into_any()
                }
            })
        })
    };
    let reprice = view.newer_price_table.clone().map(|newer| {
        let label = format!("Reprice with {}", dated(&newer));
        let go = move |_| {
            let newer = newer.clone();
            status.set(Some("loading the newer price table…".into()));
            spawn_local(async move {
                match api::price_table(newer.id).await {
                    Ok(t) => {
                        shown.prices.set(Arc::new(t));
                        priced.set(newer);
                        status.set(None);
                    }
                    Err(e) => status.set(Some(e)),
                }
            });
        };
        view! { <button type="button" id="reprice" on:click=go>{label}</button> }
    });
    let (id, name, latest) = (view.id.clone(), view.title(), view.latest_revision);
    let fork = {
        let (id, name) = (id.clone(), name.clone());
        move |_| {
            let (id, name) = (id.clone(), format!("{name} (fork)"));
            status.set(Some("forking…".into()));
            spawn_local(async move {
                match scenarios::fork(&id, revision, name.clone(), session).await {
                    Ok(fork_id) => {
                        scenarios::open_in_planner(form, session, nav, fork_id, None).await;
                        // The fork starts as a copy of the revision, name included; its new
                        // name is the first edit, saved with the next save.
                        form.set("name", name);
                    }
                    Err(e) => status.set(Some(e)),
                }
            });
        }
    };
    let editable = session.token(&id).is_some();
    let edit = {
        let id = id.clone();
        move |_| {
            spawn_local(scenarios::open_in_planner(
                form,
                session,
                nav,
                id.clone(),
                Some(revision),
            ))
        }
    };
    let lineage = view.forked_from.as_ref().map(|f| {
        view! { <p class="hint">"Forked from "<a href=format!("/s/{}?revision={}", f.id, f.revision)>{format!("{} (revision {})", &f.id[..8.min(f.id.len())], f.revision)}</a></p> }
    });
    view! {
        <section class="shared-head">
            <h2 id="shared-name">{name}</h2>
            <p class="sub" id="shared-revision">{format!("Revision {revision} of {latest} · read-only: anyone with this link can view and fork it; only its creator's browser can change it")}</p>
            {lineage}
            <p class="basis-line" id="shared-basis">{move || priced.with(|p| basis(revision, p, &view.price_table))}</p>
            <div class="scenario-actions">
                <button type="button" id="fork" on:click=fork>"Fork (editable copy)"</button>
                {editable.then(|| view! { <button type="button" id="edit" on:click=edit>"Edit"</button> })}
                {reprice}
            </div>
            // Read-only viewers export too: the links name this revision.
            <ExportLinks id="shared-exports" links=scenario_links(&id, revision) />
            <p class="status" id="shared-status">{move || status.get()}</p>
        </section>
        <div class="shared-body">
            <div>
                <h2>"Inputs"</h2>
                <InputsTable input=view.scenario.clone() />
            </div>
            <div>
                <results::Results form=shown />
                {agreement}
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basis_names_the_table_and_says_when_it_was_repriced() {
        let t = |id, label: &str| TableRef {
            id,
            label: label.into(),
            as_of: "2026-11-01".into(),
        };
        let recorded = t(1, "LiteLLM 1.109.1");
        assert_eq!(
            basis(3, &recorded, &recorded),
            "Recomputed from the stored inputs of revision 3 with price table LiteLLM 1.109.1 (as of 2026-11-01)."
        );
        let newer = basis(3, &t(2, "v2"), &recorded);
        assert!(
            newer.starts_with("Repriced")
                && newer.contains("v2")
                && newer.contains("not the recorded LiteLLM 1.109.1")
        );
    }
}
