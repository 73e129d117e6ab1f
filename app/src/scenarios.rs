//! Saved scenarios: the answers of `/api/v1/scenarios…`, the edit tokens this browser
//! keeps (localStorage `breakeven.scenarios`), and the actions the scenario bar, the
//! shared view and the compare page take (open, save, fork, delete).

use std::sync::Arc;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use tco::ScenarioInput;

use crate::api::{self, Failure};
use crate::{form, Form, Nav, Page};

/// localStorage key: JSON array of `{"id","edit_token","name"}`.
pub const STORE_KEY: &str = "breakeven.scenarios";

/// A scenario this browser created or forked, and the token that edits it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub id: String,
    pub edit_token: String,
    pub name: String,
}

/// A price-table version as a scenario view names it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TableRef {
    pub id: i64,
    pub label: String,
    pub as_of: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ForkedFrom {
    pub id: String,
    pub revision: u32,
}

/// `GET /api/v1/scenarios/{id}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ScenarioView {
    pub id: String,
    pub name: Option<String>,
    pub revision: u32,
    pub latest_revision: u32,
    pub forked_from: Option<ForkedFrom>,
    pub scenario: ScenarioInput,
    pub price_table: TableRef,
    pub newer_price_table: Option<TableRef>,
    /// The server's own figures, held against the browser's (they must agree).
    pub result: tco::PlanResult,
}

impl ScenarioView {
    pub fn title(&self) -> String {
        self.name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| "(unnamed scenario)".into())
    }
}

/// 201 of a create or a fork.
#[derive(Debug, Clone, Deserialize)]
pub struct Created {
    pub id: String,
    pub edit_token: String,
    pub revision: u32,
}

/// 200 of a PUT.
#[derive(Debug, Clone, Deserialize)]
pub struct Updated {
    pub revision: u32,
}

/// One row of `GET /api/v1/scenarios/{id}/revisions`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RevisionRow {
    pub revision: u32,
    pub name: Option<String>,
    pub created_unix: i64,
    pub price_table_id: i64,
}

/// The saved scenario the planner's form holds, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Open {
    pub id: String,
    pub name: String,
    pub revision: u32,
    pub latest: u32,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// What localStorage holds; an unreadable entry reads as none (it is rewritten on save).
pub fn read_store(text: Option<&str>) -> Vec<Saved> {
    text.and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or_default()
}

/// The browser's saved scenarios and the open one, shared by every page.
#[derive(Clone, Copy)]
pub struct Session {
    pub saved: RwSignal<Vec<Saved>>,
    pub open: RwSignal<Option<Open>>,
    /// A message for the top of the planner (a link that did not open, a server refusal).
    pub banner: RwSignal<Option<String>>,
    /// The last action that went well ("Saved revision 2").
    pub note: RwSignal<Option<String>>,
}

impl Session {
    pub fn new() -> Self {
        let text = storage().and_then(|s| s.get_item(STORE_KEY).ok().flatten());
        Self {
            saved: RwSignal::new(read_store(text.as_deref())),
            open: RwSignal::new(None),
            banner: RwSignal::new(None),
            note: RwSignal::new(None),
        }
    }

    fn write(&self) {
        let text = self
            .saved
            .with_untracked(|s| serde_json::to_string(s).unwrap_or_else(|_| "[]".into()));
        if let Some(storage) = storage() {
            let _ = storage.set_item(STORE_KEY, &text);
        }
    }

    pub fn token(&self, id: &str) -> Option<String> {
        self.saved
            .with_untracked(|s| s.iter().find(|x| x.id == id).map(|x| x.edit_token.clone()))
    }

    /// Adds or renames an entry.
    pub fn keep(&self, entry: Saved) {
        self.saved
            .update(|s| match s.iter_mut().find(|x| x.id == entry.id) {
                Some(x) => *x = entry,
                None => s.push(entry),
            });
        self.write();
    }

    pub fn forget(&self, id: &str) {
        self.saved.update(|s| s.retain(|x| x.id != id));
        self.write();
    }

    fn report(&self, form: Form, failure: Failure) {
        if let Failure::Fields(errors) = &failure {
            form.server_errors.set(errors.clone());
        }
        self.note.set(None);
        self.banner.set(Some(failure.line()));
    }
}

pub fn view_url(id: &str, revision: Option<u32>, price_table: Option<i64>) -> String {
    let mut url = format!("/api/v1/scenarios/{id}");
    let mut sep = '?';
    for (key, value) in [
        ("revision", revision.map(|r| r as i64)),
        ("price_table", price_table),
    ] {
        if let Some(v) = value {
            url.push_str(&format!("{sep}{key}={v}"));
            sep = '&';
        }
    }
    url
}

/// A saved scenario and its recorded price table: what every page computes from.
pub async fn fetch(
    id: &str,
    revision: Option<u32>,
) -> Result<(ScenarioView, Arc<pricing::PriceTable>), String> {
    let view: ScenarioView = api::get_checked(&view_url(id, revision, None))
        .await
        .map_err(|f| f.line())?;
    let table = api::price_table(view.price_table.id).await?;
    Ok((view, Arc::new(table)))
}

/// Opens a saved scenario (a revision of it) into the planner's form.
pub async fn open_in_planner(
    form: Form,
    session: Session,
    nav: Nav,
    id: String,
    revision: Option<u32>,
) {
    match fetch(&id, revision).await {
        Ok((view, table)) => {
            form.load(form::from_input(&view.scenario), table);
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

/// The form as the server stores it, priced with the form's table version.
async fn body(form: Form) -> Result<serde_json::Value, Failure> {
    let input = form
        .input()
        .map_err(|n| Failure::Other(format!("Fix the {n} marked field(s) before saving")))?;
    let source = form.prices.with_untracked(|p| p.source.clone());
    let price_table = api::price_table_id(&source).await.map_err(Failure::Other)?;
    Ok(serde_json::json!({ "scenario": input, "price_table": price_table }))
}

fn form_name(form: Form) -> String {
    let name = form.value("name");
    if name.trim().is_empty() {
        "(unnamed scenario)".into()
    } else {
        name
    }
}

/// A new revision of the open scenario (PUT with its token), or a new scenario (POST).
pub async fn save(form: Form, session: Session) {
    form.server_errors.set(Vec::new());
    let outcome = async {
        let body = body(form).await?;
        let name = form_name(form);
        let open = session.open.get_untracked();
        if let Some((open, token)) = open.and_then(|o| session.token(&o.id).map(|t| (o, t))) {
            let url = format!("/api/v1/scenarios/{}", open.id);
            let saved: Updated = api::put_checked(&url, &token, &body).await?;
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
            let created: Created = api::post_checked("/api/v1/scenarios", &body).await?;
            remember(session, created, name);
            Ok("Saved as a new scenario".to_string())
        }
    }
    .await;
    finish(form, session, outcome);
}

fn remember(session: Session, created: Created, name: String) {
    session.keep(Saved {
        id: created.id.clone(),
        edit_token: created.edit_token,
        name: name.clone(),
    });
    session.open.set(Some(Open {
        id: created.id,
        name,
        revision: created.revision,
        latest: created.revision,
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
        let body = body(form).await?;
        let fork_url = format!(
            "/api/v1/scenarios/{}/fork?revision={}",
            open.id, open.revision
        );
        let fork: Created = api::post_empty(&fork_url).await?;
        let url = format!("/api/v1/scenarios/{}", fork.id);
        let saved: Updated = api::put_checked(&url, &fork.edit_token, &body).await?;
        let id = fork.id.clone();
        remember(session, fork, name.clone());
        session.open.update(|o| {
            if let Some(o) = o {
                o.revision = saved.revision;
                o.latest = saved.revision;
            }
        });
        Ok(format!("Saved a copy ({id}), forked from {}", open.name))
    }
    .await;
    finish(form, session, outcome);
}

/// Forks a saved scenario (anyone with its link may) and keeps the fork's token here.
pub async fn fork(
    id: &str,
    revision: u32,
    name: String,
    session: Session,
) -> Result<String, String> {
    let url = format!("/api/v1/scenarios/{id}/fork?revision={revision}");
    let created: Created = api::post_empty(&url).await.map_err(|f| f.line())?;
    let fork_id = created.id.clone();
    session.keep(Saved {
        id: created.id,
        edit_token: created.edit_token,
        name,
    });
    Ok(fork_id)
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
        api::delete_checked(&format!("/api/v1/scenarios/{}", open.id), &token).await?;
        session.forget(&open.id);
        session.open.set(None);
        Ok(format!("Deleted {}; its link no longer opens", open.name))
    }
    .await;
    finish(form, session, outcome);
}

pub async fn revisions(id: &str) -> Result<Vec<RevisionRow>, String> {
    api::get(&format!("/api/v1/scenarios/{id}/revisions")).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_reads_what_it_writes_and_survives_garbage() {
        let saved = vec![Saved {
            id: "a".repeat(32),
            edit_token: "t".into(),
            name: "Support".into(),
        }];
        let text = serde_json::to_string(&saved).unwrap();
        assert!(text.contains(r#""edit_token":"t""#));
        assert_eq!(read_store(Some(&text)), saved);
        assert!(read_store(Some("{not json")).is_empty());
        assert!(read_store(None).is_empty());
    }

    #[test]
    fn view_urls_carry_revision_and_table() {
        assert_eq!(view_url("x", None, None), "/api/v1/scenarios/x");
        assert_eq!(
            view_url("x", Some(2), Some(5)),
            "/api/v1/scenarios/x?revision=2&price_table=5"
        );
        assert_eq!(
            view_url("x", None, Some(5)),
            "/api/v1/scenarios/x?price_table=5"
        );
    }
}
