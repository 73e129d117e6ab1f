//! What the scenario bar, the shared view and the compare page do with saved scenarios:
//! open one (a revision of it) with its recorded price table, save, save a copy, fork,
//! delete, list revisions; and open an unsaved scenario carried by a `/?state=` link.

use std::sync::Arc;

use ::api::endpoints::{
    CreateScenario, DeleteScenario, ForkScenario, GetScenario, ListRevisions, SaveScenario,
};
use ::api::scenarios::{RevisionSummary, ScenarioView, ScenarioWrite};
use ::api::{EditToken, ScenarioId};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::session::{scenario_words, Open, Saved, Session};
use crate::api::{self, Call, Failure};
use crate::app::{Nav, Page};
use crate::planner::Form;

/// A saved scenario and its recorded price table: what every page computes from. `id` is
/// as the address bar or a pasted link gave it.
pub async fn fetch(
    id: &str,
    revision: Option<i64>,
) -> Result<(ScenarioView, Arc<pricing::PriceTable>), String> {
    let id = ScenarioId::parse(id).map_err(|e| format!("“{id}” is {e}"))?;
    let view = Call::<GetScenario>::at(&id)
        .query("revision", revision)
        .send()
        .await
        .map_err(|f| f.line(scenario_words))?;
    let table = api::price_table(view.price_table.id)
        .await
        .map_err(|f| f.line(scenario_words))?;
    Ok((view, Arc::new(table)))
}

/// Opens a saved scenario (a revision of it) into the planner's form.
pub async fn open_in_planner(
    form: Form,
    session: Session,
    nav: Nav,
    id: ScenarioId,
    revision: Option<i64>,
) {
    match fetch(id.as_str(), revision).await {
        Ok((view, table)) => {
            form.load(&view.scenario, table);
            session.open.set(Some(Open {
                id: view.id.clone(),
                name: view.title(),
                revision: view.revision,
                latest: view.latest_revision,
            }));
            session.banner.set(None);
            session.note.set(Some(format!(
                "Opened revision {} of {}",
                view.revision,
                view.title()
            )));
        }
        Err(e) => {
            session
                .banner
                .set(Some(format!("Cannot open scenario {id}: {e}")));
        }
    }
    nav.page.set(Page::Planner);
}

/// Fills the planner from a `/?state=` link; a link that cannot be read leaves the default
/// scenario and says why.
pub fn open_state_link(form: Form, session: Session, text: &str) {
    match tco::share::decode(text) {
        Err(e) => session.banner.set(Some(format!(
            "This link's scenario could not be read ({}); the default scenario is shown.",
            e.message
        ))),
        Ok(state) => {
            form.open(&state.scenario);
            session
                .note
                .set(Some("Opened from a link; not saved.".into()));
            if let Some(id) = state.price_table {
                spawn_local(async move {
                    match api::price_table(id).await {
                        Ok(table) => form.prices.set(Arc::new(table)),
                        Err(e) => session.banner.set(Some(format!(
                            "The link's price table #{id} is not available ({}); priced with the bundled table.",
                            e.line(scenario_words)
                        ))),
                    }
                });
            }
        }
    }
}

/// The form as the server stores it, priced with the form's table version.
async fn write(form: Form) -> Result<ScenarioWrite, Failure> {
    let scenario = form
        .input()
        .map_err(|n| Failure::Other(format!("Fix the {n} marked field(s) before saving")))?;
    let source = form.prices.with_untracked(|p| p.source.clone());
    let price_table = api::price_table_id(&source).await?;
    Ok(ScenarioWrite {
        scenario,
        price_table: Some(price_table),
    })
}

fn form_name(form: Form) -> String {
    let name = form.value("name");
    if name.trim().is_empty() {
        "(unnamed scenario)".into()
    } else {
        name
    }
}

/// Keeps a new scenario's token here and makes it the open one.
fn remember(session: Session, id: ScenarioId, edit_token: EditToken, revision: i64, name: String) {
    session.keep(Saved {
        id: id.clone(),
        edit_token,
        name: name.clone(),
    });
    session.open.set(Some(Open {
        id,
        name,
        revision,
        latest: revision,
    }));
}

fn finish(form: Form, session: Session, outcome: Result<String, Failure>) {
    match outcome {
        Ok(note) => {
            session.banner.set(None);
            session.note.set(Some(note));
        }
        Err(failure) => session.report(form, failure),
    }
}

/// A new revision of the open scenario (with its token), or a new scenario.
pub async fn save(form: Form, session: Session) {
    form.server_errors.set(Vec::new());
    let outcome = async {
        let body = write(form).await?;
        let name = form_name(form);
        let open = session.open.get_untracked();
        if let Some((open, token)) = open.and_then(|o| session.token(&o.id).map(|t| (o, t))) {
            let saved = Call::<SaveScenario>::at(&open.id)
                .token(&token)
                .send_body(&body)
                .await?;
            session.keep(Saved {
                id: open.id.clone(),
                edit_token: token,
                name: name.clone(),
            });
            session.open.set(Some(Open {
                name,
                revision: saved.revision,
                latest: saved.revision,
                ..open
            }));
            Ok(format!("Saved revision {}", saved.revision))
        } else {
            let created = Call::<CreateScenario>::new().send_body(&body).await?;
            remember(
                session,
                created.id,
                created.edit_token,
                created.revision,
                name,
            );
            Ok("Saved as a new scenario".to_string())
        }
    }
    .await;
    finish(form, session, outcome);
}

/// Save as copy: the open scenario is forked (so the copy records where it came from) and
/// the form, named "… (copy)", becomes the fork's next revision; an unsaved form is
/// simply saved as a new scenario.
pub async fn save_copy(form: Form, session: Session) {
    form.server_errors.set(Vec::new());
    let name = format!("{} (copy)", form_name(form));
    form.set("name", name.clone());
    let Some(open) = session.open.get_untracked() else {
        return save(form, session).await;
    };
    let outcome = async {
        let body = write(form).await?;
        let fork = Call::<ForkScenario>::at(&open.id)
            .query("revision", Some(open.revision))
            .send()
            .await?;
        let saved = Call::<SaveScenario>::at(&fork.id)
            .token(&fork.edit_token)
            .send_body(&body)
            .await?;
        let id = fork.id.clone();
        remember(session, fork.id, fork.edit_token, saved.revision, name);
        Ok(format!("Saved a copy ({id}), forked from {}", open.name))
    }
    .await;
    finish(form, session, outcome);
}

/// Forks a saved scenario (anyone with its link may) and keeps the fork's token here.
pub async fn fork(
    id: &ScenarioId,
    revision: i64,
    name: String,
    session: Session,
) -> Result<ScenarioId, String> {
    let fork = Call::<ForkScenario>::at(id)
        .query("revision", Some(revision))
        .send()
        .await
        .map_err(|f| f.line(scenario_words))?;
    session.keep(Saved {
        id: fork.id.clone(),
        edit_token: fork.edit_token,
        name,
    });
    Ok(fork.id)
}

/// Deletes the open scenario (its token is needed) and forgets it here.
pub async fn delete(form: Form, session: Session) {
    let Some(open) = session.open.get_untracked() else {
        return;
    };
    let outcome = async {
        let token = session.token(&open.id).ok_or_else(|| {
            Failure::Other("this browser holds no edit token for the scenario".into())
        })?;
        Call::<DeleteScenario>::at(&open.id)
            .token(&token)
            .send()
            .await?;
        session.forget(&open.id);
        session.open.set(None);
        Ok(format!("Deleted {}; its link no longer opens", open.name))
    }
    .await;
    finish(form, session, outcome);
}

/// Every revision of `id`, newest first.
pub async fn revisions(id: &ScenarioId) -> Result<Vec<RevisionSummary>, String> {
    Call::<ListRevisions>::at(id)
        .send()
        .await
        .map_err(|f| f.line(scenario_words))
}
