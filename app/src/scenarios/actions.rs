//! What the scenario bar, the shared view and the compare page do with saved scenarios:
//! fetch one (a revision of it) with its recorded price table, open it in the planner,
//! save, save a copy, delete, list revisions.

use std::sync::Arc;

use ::api::endpoints::{CreateScenario, DeleteScenario, GetScenario, ListRevisions, SaveScenario};
use ::api::scenarios::{RevisionSummary, ScenarioView, ScenarioWrite};
use ::api::{EditToken, ScenarioId};
use leptos::prelude::*;

use super::session::{scenario_words, Open, Saved, Session};
use crate::api::{self, Call, Failure};
use crate::app::url::Route;
use crate::app::Nav;
use crate::planner::trail::Snapshot;
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

/// Opens a saved scenario (a revision of it; the latest when None) in the planner: its
/// address is shown, and `planner::trail` loads what the address names.
pub fn open_in_planner(nav: Nav, id: &ScenarioId, revision: Option<i64>) {
    nav.show(Route::Edit {
        id: id.to_string(),
        revision,
        state: None,
    });
}

/// The form as the server stores it, priced with the form's table version, and the form's
/// state it was read from (what Reset returns to once it is saved).
async fn write(form: Form) -> Result<(ScenarioWrite, Snapshot), Failure> {
    let snapshot = Snapshot::of(form);
    let scenario = form
        .input()
        .map_err(|n| Failure::Other(format!("Fix the {n} marked field(s) before saving")))?;
    let source = form.prices.with_untracked(|p| p.source.clone());
    let price_table = api::price_table_id(&source).await?;
    let write = ScenarioWrite {
        scenario,
        price_table: Some(price_table),
    };
    Ok((write, snapshot))
}

/// The name of a copy of the open scenario, named `saved`, whose form holds `current`:
/// `current` itself when the user already renamed it in the form, else the saved name
/// marked once as a copy ("X (copy)"; a copy of a copy is "X (copy 2)", never
/// "X (copy) (copy)").
pub fn copy_name(current: &str, saved: &str) -> String {
    let current = current.trim();
    if !current.is_empty() && current != saved.trim() {
        return current.to_string();
    }
    let name = if current.is_empty() {
        "Unnamed scenario"
    } else {
        current
    };
    let numbered = |tail: &str| -> Option<u32> {
        match tail {
            "" => Some(1),
            n => n.strip_prefix(' ')?.parse().ok().filter(|n| *n >= 2),
        }
    };
    let copies = name
        .strip_suffix(')')
        .and_then(|n| n.rsplit_once(" (copy"))
        .and_then(|(base, tail)| Some((base, numbered(tail)?)));
    match copies {
        Some((base, n)) if !base.trim().is_empty() => format!("{base} (copy {})", n + 1),
        _ => format!("{name} (copy)"),
    }
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
        let (body, snapshot) = write(form).await?;
        let name = form_name(form);
        let open = session.open.get_untracked();
        if let Some((open, token)) = open.and_then(|o| session.token(&o.id).map(|t| (o, t))) {
            let saved = Call::<SaveScenario>::at(&open.id)
                .token(&token)
                .send_body(&body)
                .await?;
            session.trail.saved(form, snapshot, saved.price_table_id);
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
            session.trail.saved(form, snapshot, created.price_table_id);
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

/// Save as copy: a new scenario whose revision 1 is exactly what the form shows, named
/// once as a copy (`copy_name`); the open scenario is left as it was saved. An unsaved
/// form is simply saved.
pub async fn save_copy(form: Form, session: Session) {
    form.server_errors.set(Vec::new());
    let Some(open) = session.open.get_untracked() else {
        return save(form, session).await;
    };
    let name = copy_name(&form.value("name"), &open.name);
    if name != form.value("name") {
        form.set("name", name.clone());
    }
    let outcome = async {
        let (body, snapshot) = write(form).await?;
        let created = Call::<CreateScenario>::new().send_body(&body).await?;
        session.trail.saved(form, snapshot, created.price_table_id);
        remember(
            session,
            created.id,
            created.edit_token,
            created.revision,
            name.clone(),
        );
        Ok(format!(
            "Saved a copy as {name}: its revision 1 is the form as shown; {} is unchanged",
            open.name
        ))
    }
    .await;
    finish(form, session, outcome);
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

#[cfg(test)]
mod tests {
    use super::copy_name;

    #[test]
    fn a_copy_is_named_once_and_a_renamed_form_keeps_its_name() {
        for (current, saved, copy) in [
            (
                "Tickets on an L4",
                "Tickets on an L4",
                "Tickets on an L4 (copy)",
            ),
            // The user renamed the form before copying: that is the copy's name.
            (
                "Tickets on an H100",
                "Tickets on an L4",
                "Tickets on an H100",
            ),
            (
                " Tickets on an L4 ",
                "Tickets on an L4",
                "Tickets on an L4 (copy)",
            ),
            // A copy of a copy is numbered, never "(copy) (copy)".
            ("Tickets (copy)", "Tickets (copy)", "Tickets (copy 2)"),
            ("Tickets (copy 2)", "Tickets (copy 2)", "Tickets (copy 3)"),
            ("Tickets (copy 9)", "Tickets (copy 9)", "Tickets (copy 10)"),
            // Brackets that are not a copy's mark stay part of the name.
            (
                "Tickets (copyright)",
                "Tickets (copyright)",
                "Tickets (copyright) (copy)",
            ),
            (
                "Tickets (copy 1)",
                "Tickets (copy 1)",
                "Tickets (copy 1) (copy)",
            ),
            ("", "", "Unnamed scenario (copy)"),
            // An emptied name is not a new name.
            ("", "Tickets", "Unnamed scenario (copy)"),
        ] {
            assert_eq!(
                copy_name(current, saved),
                copy,
                "{current:?} saved as {saved:?}"
            );
        }
    }
}
