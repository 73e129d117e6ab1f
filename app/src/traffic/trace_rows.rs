//! The price rows of the trace's own models. A price-table version larger than one page is
//! held as its first page (`crate::api::price_table`), so a model the log names may not be
//! on it; its row is fetched by name and added, as the planner does for the scenario's
//! models (`planner::table_rows`), so the own-price check never calls a listed model
//! unpriced. Only model names leave the page, never the log: the names of at most
//! [`MAX_LOOKED_UP_MODELS`] models the table lacks, each under the names
//! `traffic::replay::row_names` gives (the ones `find_row` tries).

use leptos::prelude::*;

use crate::planner::table_rows::fetch_named;
use crate::planner::Form;

/// The most models the table lacks whose rows are looked up on the server (one request per
/// name, in sequence): a log naming thousands of models sends no more.
pub const MAX_LOOKED_UP_MODELS: usize = 50;

/// The names to look up for `models` the table has no row for: each model's row names, no
/// name twice, for the first [`MAX_LOOKED_UP_MODELS`] of them; and how many models the
/// table lacks in all.
pub fn names_to_look_up(models: &[String], has_row: impl Fn(&str) -> bool) -> (Vec<String>, usize) {
    let missing: Vec<&String> = models.iter().filter(|m| !has_row(m)).collect();
    let mut names: Vec<String> = Vec::new();
    for model in missing.iter().take(MAX_LOOKED_UP_MODELS) {
        for name in ::traffic::replay::row_names(model) {
            if !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
    }
    (names, missing.len())
}

/// Fetches the rows of `models` the form's table has no row for (under any of their row
/// names); the number of models the table lacks in all (those past
/// [`MAX_LOOKED_UP_MODELS`] are not looked up).
pub fn fetch_missing(form: Form, models: &[String]) -> usize {
    let (names, missing) = form.prices.with_untracked(|table| {
        names_to_look_up(models, |m| ::traffic::replay::find_row(table, m).is_some())
    });
    fetch_named(form, names);
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_models_are_looked_up_under_their_row_names_fifty_at_most() {
        let models: Vec<String> = ["gpt-4o", "openai/gpt-4o-mini", "azure/eu/gpt-4o-mini"]
            .map(String::from)
            .to_vec();
        let (names, missing) = names_to_look_up(&models, |m| m == "gpt-4o");
        assert_eq!(missing, 2);
        assert_eq!(
            names,
            [
                "openai/gpt-4o-mini",
                "gpt-4o-mini",
                "azure/eu/gpt-4o-mini",
                "eu/gpt-4o-mini"
            ]
        );
        let many: Vec<String> = (0..120).map(|i| format!("model-{i}")).collect();
        let (names, missing) = names_to_look_up(&many, |_| false);
        assert_eq!(missing, 120);
        assert_eq!(names.len(), 50);
        assert_eq!(names.last().map(String::as_str), Some("model-49"));
        let (names, missing) = names_to_look_up(&many, |_| true);
        assert!(names.is_empty());
        assert_eq!(missing, 0);
    }
}
