//! The bar at the top of the planner: which saved scenario the form holds, and saving,
//! copying, renaming, deleting, its revisions, its links and the browser's scenarios.

use ::api::scenarios::RevisionSummary;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::edit_buttons::EditButtons;
use super::exports::{scenario_links, ExportLinks};
use super::Form;
use crate::app::{url, Nav};
use crate::scenarios::{self, Session};

/// `tco::share` link of the form as it is now, priced with the form's table version.
async fn state_link(form: Form) -> Result<String, String> {
    let scenario = form
        .input()
        .map_err(|n| format!("Fix the {n} marked field(s) first"))?;
    let source = form.prices.with_untracked(|p| p.source.clone());
    // Without a stored version the link carries none and opens with the bundled table.
    let price_table = crate::api::price_table_id(&source).await.ok();
    let state = tco::share::SharedState {
        scenario,
        price_table,
    };
    Ok(format!(
        "{}{}",
        url::origin(),
        url::path_of(&url::Route::Planner {
            state: Some(tco::share::encode(&state))
        })
    ))
}

/// Puts `text` on the clipboard where the browser allows it (the box shows it anyway).
fn copy(text: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

fn confirm(message: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(message).ok())
        .unwrap_or(false)
}

#[component]
pub fn ScenarioBar(form: Form, session: Session, nav: Nav) -> impl IntoView {
    let busy = RwSignal::new(false);
    let renaming = RwSignal::new(None::<String>);
    let revisions = RwSignal::new(None::<Result<Vec<RevisionSummary>, String>>);
    let link = RwSignal::new(None::<(&'static str, String)>);
    let run = move |action: &'static str| {
        busy.set(true);
        session.trail.saving.set(true);
        revisions.set(None);
        spawn_local(async move {
            match action {
                "save" => scenarios::save(form, session).await,
                "copy" => scenarios::save_copy(form, session).await,
                _ => scenarios::delete(form, session).await,
            }
            busy.set(false);
            session.trail.saving.set(false);
            // What was saved (or copied) has its address at once: a new history entry.
            session.trail.settle(form, session, nav);
        });
    };
    let has_token = move || {
        session
            .open
            .with(|o| o.as_ref().is_some_and(|o| session.token(&o.id).is_some()))
    };
    let status = move || match session.open.get() {
        Some(o) => format!("{} · revision {} of {}", o.name, o.revision, o.latest),
        None => "Not saved".to_string(),
    };
    let show_revisions = move |_| {
        let Some(open) = session.open.get_untracked() else {
            return;
        };
        spawn_local(async move { revisions.set(Some(scenarios::revisions(&open.id).await)) });
    };
    let share = move |_| {
        if let Some(open) = session.open.get_untracked() {
            let text = format!("{}/s/{}", url::origin(), open.id);
            copy(&text);
            link.set(Some(("share-link", text)));
        }
    };
    let unsaved = move |_| {
        spawn_local(async move {
            match state_link(form).await {
                Ok(text) => {
                    copy(&text);
                    link.set(Some(("state-link", text)));
                }
                Err(e) => session.banner.set(Some(e)),
            }
        })
    };
    let revision_list = move || {
        revisions.get().map(|answer| match answer {
            Ok(rows) => {
                let items = rows
                    .into_iter()
                    .map(|r| {
                        let label = format!(
                            "Revision {} · {} · {} · price table #{}",
                            r.revision,
                            r.name,
                            tco::format::civil_date(r.created_unix.div_euclid(86_400)),
                            r.price_table_id
                        );
                        let pick = move |_| {
                            let Some(open) = session.open.get_untracked() else {
                                return;
                            };
                            revisions.set(None);
                            scenarios::open_in_planner(nav, &open.id, Some(r.revision));
                        };
                        view! { <li><button type="button" class="open-revision" data-revision=r.revision on:click=pick>{label}</button></li> }
                    })
                    .collect_view();
                view! { <ul id="revision-list" class="revisions">{items}</ul> }.into_any()
            }
            Err(e) => view! { <p class="error">{e}</p> }.into_any(),
        })
    };
    let my_scenarios = move || {
        session
            .saved
            .get()
            .into_iter()
            .map(|s| {
                let id = s.id.clone();
                let open = move |_| scenarios::open_in_planner(nav, &id, None);
                let short: String = s.id.as_str().chars().take(8).collect();
                view! { <li><button type="button" class="open-scenario" data-id=s.id.to_string() on:click=open>{s.name}</button>" "<code>{short}</code></li> }
            })
            .collect_view()
    };
    view! {
        <section class="scenario-bar" aria-label="Saved scenario">
            <p class="scenario-status"><span class="label">"Scenario: "</span><strong id="scenario-status">{status}</strong></p>
            <div class="scenario-actions">
                <button type="button" id="save-scenario" disabled=move || busy.get() on:click=move |_| run("save")>"Save"</button>
                <button type="button" id="save-copy" disabled=move || busy.get() on:click=move |_| run("copy")>"Save as copy"</button>
                <EditButtons form session nav />
                <Show when=has_token>
                    <button type="button" id="rename-scenario" on:click=move |_| renaming.set(Some(form.value("name")))>"Rename"</button>
                    <button type="button" id="delete-scenario" disabled=move || busy.get()
                        on:click=move |_| if confirm("Delete this scenario and all its revisions? Its share link will stop working.") { run("delete") }>"Delete"</button>
                </Show>
                <Show when=move || session.open.with(|o| o.is_some())>
                    <button type="button" id="show-revisions" on:click=show_revisions>"Revisions"</button>
                    <button type="button" id="copy-share-link" on:click=share>"Copy share link"</button>
                </Show>
                <button type="button" id="link-unsaved" on:click=unsaved>"Link without saving"</button>
            </div>
            // Exports are of a saved revision (the server renders them), so they appear
            // once the form is saved; until then a hint says how to get them.
            {move || match session.open.get() {
                Some(o) => view! { <ExportLinks id="exports" links=scenario_links(o.id.as_str(), o.revision) /> }.into_any(),
                None => view! { <p class="hint" id="export-hint">"Save to export: PDF report, XLSX workbook, CSV."</p> }.into_any(),
            }}
            {move || renaming.get().map(|current| view! {
                <div class="rename">
                    <label for="rename-name">"New name"</label>
                    <input id="rename-name" type="text" prop:value=current
                        on:input=move |ev| renaming.set(Some(event_target_value(&ev))) />
                    <button type="button" id="rename-save" on:click=move |_| {
                        let name = renaming.get_untracked().unwrap_or_default();
                        renaming.set(None);
                        form.set("name", name);
                        run("save");
                    }>"Save name"</button>
                    <button type="button" on:click=move |_| renaming.set(None)>"Cancel"</button>
                </div>
            })}
            {move || link.get().map(|(id, text)| view! {
                <p class="link-box">
                    <label for=id>{if id == "share-link" { "Share link (read-only for others; copied where the browser allows):" } else { "Link with the whole scenario in it, nothing saved (copied where the browser allows):" }}</label>
                    <input id=id type="text" readonly prop:value=text />
                </p>
            })}
            {revision_list}
            <p class="banner" id="scenario-banner" role="alert">{move || session.banner.get()}</p>
            <p class="note" id="scenario-note" role="status">{move || session.note.get()}</p>
            <details id="my-scenarios">
                <summary>{move || format!("My scenarios ({})", session.saved.with(Vec::len))}</summary>
                <ul class="saved-scenarios">{my_scenarios}</ul>
            </details>
        </section>
    }
}
