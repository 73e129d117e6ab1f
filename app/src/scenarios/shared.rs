//! `/s/<id>`: a saved scenario, read-only. Its results are recomputed here by the engine
//! from the stored inputs and the price-table version recorded with them (or a newer one,
//! when asked to reprice), through the planner's own results component.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use ::api::scenarios::{PriceTableRef, SavedFigures, ScenarioView};
use tco::format::{count, usd};

use super::actions;
use super::inputs::InputsTable;
use super::session::scenario_words;
use super::Session;
use crate::api;
use crate::app::{Nav, Page};
use crate::planner::exports::{scenario_links, ExportLinks};
use crate::planner::results::Results;
use crate::planner::trail::Snapshot;
use crate::planner::Form;

/// Context a read-only view provides: the results it draws offer no instructions about a
/// form the viewer does not have (the view's own "Fork to edit" is the way to change it).
#[derive(Clone, Copy, Debug)]
pub struct ReadOnly;

/// Whether the component asking is drawn in a read-only view.
pub fn read_only() -> bool {
    use_context::<ReadOnly>().is_some()
}

/// A table's label with its date, unless the label already states it.
fn dated(t: &PriceTableRef) -> String {
    if t.label.contains(&t.as_of) {
        t.label.clone()
    } else {
        format!("{} (as of {})", t.label, t.as_of)
    }
}

/// What the figures were computed with, said once above them.
pub fn basis(revision: i64, table: &PriceTableRef, recorded: &PriceTableRef) -> String {
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

/// The server's notice that today's engine gives other headline figures than the revision
/// showed when it was saved ("figures changed: cost model v2, see docs/cost-model.md"),
/// with what it showed then, when recorded; None when they agree.
pub fn figures_changed(saved: &ScenarioView) -> Option<String> {
    saved
        .figures_changed
        .as_deref()
        .map(|notice| notice_text(notice, saved.saved_figures.as_ref()))
}

/// The notice as a sentence, and the headline figures the revision showed when saved.
fn notice_text(notice: &str, then: Option<&SavedFigures>) -> String {
    let mut chars = notice.trim().trim_end_matches('.').chars();
    let sentence: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    let then = then.map_or_else(String::new, |f| {
        format!(
            " When saved (cost model v{}) it showed: LLM API {}, SLM {}, hybrid {} a month; break-even {}.",
            f.model_version,
            usd(f.api_monthly_usd),
            usd(f.self_hosted_monthly_usd),
            usd(f.hybrid_monthly_usd),
            f.break_even_requests_per_month
                .map_or_else(|| "none".to_string(), |r| format!("{} requests/month", count(r)))
        )
    });
    format!("{sentence}.{then}")
}

#[component]
pub fn Shared(
    form: Form,
    session: Session,
    nav: Nav,
    id: String,
    revision: Option<i64>,
) -> impl IntoView {
    let loaded = LocalResource::new(move || {
        let id = id.clone();
        async move { actions::fetch(&id, revision).await }
    });
    view! {
        <main class="shared">
            <Suspense fallback=|| view! { <p class="status">"loading the scenario…"</p> }>
                {move || loaded.get().map(|answer| match answer {
                    Ok((saved, table)) => view! { <Loaded form session nav saved table /> }.into_any(),
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
fn Loaded(
    form: Form,
    session: Session,
    nav: Nav,
    saved: ScenarioView,
    table: Arc<pricing::PriceTable>,
) -> impl IntoView {
    // The read-only form the results are drawn from; never the planner's. The results say
    // nothing a viewer cannot do here (no "tick … in the form").
    let shown = Form::of_input(&saved.scenario, table);
    provide_context(ReadOnly);
    let recorded = saved.price_table.clone();
    let priced = RwSignal::new(recorded.clone());
    let status = RwSignal::new(None::<String>);
    let revision = saved.revision;
    let server_result = saved.result.clone();
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
    let reprice = saved.newer_price_table.clone().map(|newer| {
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
                    Err(e) => status.set(Some(e.line(scenario_words))),
                }
            });
        };
        view! { <button type="button" id="reprice" on:click=go>{label}</button> }
    });
    let (id, name, latest) = (saved.id.clone(), saved.title(), saved.latest_revision);
    let changed = figures_changed(&saved);
    // Fork to edit: the planner opens this revision as a new, unsaved scenario named as a
    // copy, priced as shown here; Save keeps it as a scenario of the viewer's own.
    let fork = {
        let (input, name) = (saved.scenario.clone(), name.clone());
        move |_| {
            let mut copy = Snapshot::of_input(&input);
            copy.values
                .insert("name", crate::scenarios::copy_name(&name, &name));
            let table = priced.get_untracked().id;
            session.open.set(None);
            session.banner.set(None);
            session
                .trail
                .open_unsaved(form, copy, Some((shown.prices.get_untracked(), table)));
            session.note.set(Some(format!(
                "A copy of {name} (revision {revision}), not saved: Save keeps it as a new scenario of yours; {name} is unchanged."
            )));
            session.trail.settle(form, session, nav);
            nav.page.set(Page::Planner);
        }
    };
    let editable = session.token(&id).is_some();
    let edit = {
        let id = id.clone();
        move |_| actions::open_in_planner(nav, &id, Some(revision))
    };
    let lineage = saved.forked_from.as_ref().map(|f| {
        let short: String = f.id.as_str().chars().take(8).collect();
        view! { <p class="hint">"Forked from "<a href=format!("{}?revision={}", f.id.share_path(), f.revision)>{format!("{short} (revision {})", f.revision)}</a></p> }
    });
    view! {
        <section class="shared-head">
            <h2 id="shared-name">{name}</h2>
            <p class="sub" id="shared-revision">{format!("Revision {revision} of {latest} · read-only: anyone with this link can view and fork it; only its creator's browser can change it")}</p>
            {lineage}
            <p class="basis-line" id="shared-basis">{move || priced.with(|p| basis(revision, p, &saved.price_table))}</p>
            {changed.map(|text| view! { <p class="banner notice" id="figures-changed" role="status">{text}</p> })}
            <div class="scenario-actions">
                <button type="button" id="fork" on:click=fork>"Fork to edit"</button>
                {editable.then(|| view! { <button type="button" id="edit" on:click=edit>"Edit"</button> })}
                {reprice}
            </div>
            // Read-only viewers export too: the links name this revision.
            <ExportLinks id="shared-exports" links=scenario_links(id.as_str(), revision) />
            <p class="status" id="shared-status">{move || status.get()}</p>
        </section>
        <div class="shared-body">
            <div>
                <h2>"Inputs"</h2>
                <InputsTable input=saved.scenario.clone() />
            </div>
            <div>
                <Results form=shown />
                {agreement}
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_revision_says_so_with_what_it_showed() {
        let then = SavedFigures {
            model_version: 1,
            api_monthly_usd: 3250.0,
            self_hosted_monthly_usd: 587.5,
            hybrid_monthly_usd: 1200.0,
            break_even_requests_per_month: Some(179_692.0),
        };
        assert_eq!(
            notice_text("figures changed: cost model v2, see docs/cost-model.md", Some(&then)),
            "Figures changed: cost model v2, see docs/cost-model.md. When saved (cost model v1) it showed: LLM API $3,250.00, SLM $587.50, hybrid $1,200.00 a month; break-even 179,692 requests/month."
        );
        assert_eq!(notice_text("figures changed.", None), "Figures changed.");
    }

    #[test]
    fn basis_names_the_table_and_says_when_it_was_repriced() {
        let t = |id, label: &str| PriceTableRef {
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
