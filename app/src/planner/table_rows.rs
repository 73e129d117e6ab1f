//! The rows a scenario names, kept in the form's table. A price-table version larger than
//! one page is held as its first page (`crate::api::price_table`), so the LLM or hosted
//! SLM a scenario names may not be on it: such a row is fetched by its exact name and
//! added. A name the version lacks stays missing, and the engine refuses it, naming the
//! table — a missing row is never priced at $0.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Form;

/// Fetches, whenever the scenario names a model the form's table lacks, that model's row.
pub fn follow(form: Form) {
    let missing = Memo::new(move |_| {
        let mut names = vec![form.value("llm.model")];
        if form.value("slm.serving") == "api" {
            names.push(form.value("slm.model"));
        }
        form.prices.with(|table| {
            names
                .into_iter()
                .filter(|name| !name.is_empty() && table.get(name).is_err())
                .collect::<Vec<_>>()
        })
    });
    Effect::new(move |_| fetch_named(form, missing.get()));
}

/// Fetches the rows named `names` of the form's table version and adds them (nothing when
/// the app holds the whole version or `names` is empty); the planner's scenario models and
/// the Traffic page's trace models alike.
pub fn fetch_named(form: Form, names: Vec<String>) {
    if names.is_empty() {
        return;
    }
    let (source, held) = form
        .prices
        .with_untracked(|t| (t.source.clone(), t.models.len()));
    spawn_local(async move {
        if let Ok(rows) = crate::api::rows_named(&source, held, &names).await {
            add_rows(form, &source, rows);
        }
    });
}

/// Adds `rows` of the version `source` to the form's table, unless another version was
/// picked meanwhile; a row already held is not added twice.
pub fn add_rows(form: Form, source: &pricing::TableSource, rows: Vec<pricing::ModelPrice>) {
    let new: Vec<pricing::ModelPrice> = form.prices.with_untracked(|table| {
        rows.into_iter()
            .filter(|row| table.source == *source && table.get(&row.model).is_err())
            .collect()
    });
    if !new.is_empty() {
        form.prices
            .update(|table| Arc::make_mut(table).models.extend(new));
    }
}
