//! The scenarios this browser saved, with the tokens that edit them (localStorage
//! `breakeven.scenarios`), the one the planner holds (and its edits since, `trail`), and the
//! lines the scenario bar shows.

use ::api::{EditToken, ScenarioId};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::Failure;
use crate::planner::trail::Trail;
use crate::planner::Form;

/// localStorage key: JSON array of `{"id","edit_token","name"}` (the app's own format).
pub const STORE_KEY: &str = "breakeven.scenarios";

/// A scenario this browser created or forked, and the token that edits it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub id: ScenarioId,
    pub edit_token: EditToken,
    #[serde(default)]
    pub name: String,
}

/// The saved scenario the planner's form holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Open {
    pub id: ScenarioId,
    pub name: String,
    pub revision: i64,
    pub latest: i64,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// What localStorage holds, entry by entry: an entry that cannot be read (not an id and a
/// token) is left out rather than losing the others, and the list is rewritten on the
/// next save.
pub fn read_store(text: Option<&str>) -> Vec<Saved> {
    let entries: Vec<serde_json::Value> = text
        .and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or_default();
    entries
        .into_iter()
        .filter_map(|entry| serde_json::from_value(entry).ok())
        .collect()
}

/// A field of a refused scenario write in words: the server names the scenario's fields
/// under `scenario.` (the scenario as a whole as `scenario`), and the price table the
/// write named as `price_table`.
pub fn scenario_words(field: &str) -> String {
    match field {
        "scenario" => tco::vocabulary::label(""),
        "price_table" => "Price table".to_string(),
        _ => tco::vocabulary::label(field.strip_prefix("scenario.").unwrap_or(field)),
    }
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
    /// The form's edits since it was opened or saved: Undo, Reset, the address.
    pub trail: Trail,
}

impl Session {
    pub fn new() -> Self {
        let text = storage().and_then(|s| s.get_item(STORE_KEY).ok().flatten());
        Self {
            saved: RwSignal::new(read_store(text.as_deref())),
            open: RwSignal::new(None),
            banner: RwSignal::new(None),
            note: RwSignal::new(None),
            trail: Trail::new(),
        }
    }

    fn write(&self) {
        let text = self
            .saved
            .with_untracked(|s| serde_json::to_string(s).unwrap_or_else(|_| "[]".into()));
        if let Some(storage) = storage() {
            // A browser that refuses storage (private mode, quota) keeps the list for this
            // page only; the scenarios themselves are saved on the server either way.
            let _ = storage.set_item(STORE_KEY, &text);
        }
    }

    /// The token that edits `id`, if this browser holds it.
    pub fn token(&self, id: &ScenarioId) -> Option<EditToken> {
        self.saved
            .with_untracked(|s| s.iter().find(|x| x.id == *id).map(|x| x.edit_token.clone()))
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

    pub fn forget(&self, id: &ScenarioId) {
        self.saved.update(|s| s.retain(|x| x.id != *id));
        self.write();
    }

    /// Shows why a write failed; refused fields are marked in the planner's form too.
    pub fn report(&self, form: Form, failure: Failure) {
        if let Failure::Fields(errors) = &failure {
            let in_form = errors
                .iter()
                .filter_map(|e| {
                    let path = e.field.strip_prefix("scenario.")?;
                    Some(tco::FieldError::new(path, e.message.clone()))
                })
                .collect();
            form.server_errors.set(in_form);
        }
        self.note.set(None);
        self.banner.set(Some(failure.line(scenario_words)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_reads_what_it_writes_and_survives_garbage() {
        let id = "ab".repeat(16);
        let token = "7".repeat(64);
        // What earlier versions of the app wrote.
        let old = format!(r#"[{{"id":"{id}","edit_token":"{token}","name":"Support"}}]"#);
        let saved = read_store(Some(&old));
        assert_eq!(saved.len(), 1);
        assert_eq!(saved[0].name, "Support");
        assert_eq!(saved[0].edit_token.expose(), token);
        let text = serde_json::to_string(&saved).unwrap();
        assert!(text.contains(&format!(r#""edit_token":"{token}""#)));
        assert_eq!(read_store(Some(&text)), saved);
        assert!(read_store(Some("{not json")).is_empty());
        assert!(read_store(None).is_empty());
        // One bad entry does not lose the good ones.
        let mixed = format!(
            r#"[{{"id":"x","edit_token":"t"}}, {}]"#,
            &old[1..old.len() - 1]
        );
        assert_eq!(read_store(Some(&mixed)), saved);
    }

    #[test]
    fn refused_fields_are_named_in_words() {
        assert_eq!(
            scenario_words("scenario.workload.cached_input_share"),
            "Cached input share"
        );
        assert_eq!(scenario_words("scenario"), "Scenario");
        assert_eq!(scenario_words("price_table"), "Price table");
    }
}
