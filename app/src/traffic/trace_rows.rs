//! The price rows of the trace's own models. A price-table version larger than one page is
//! held as its first page (`crate::api::price_table`), so a model the log names may not be
//! on it; its row is fetched by name and added, as the planner does for the scenario's
//! models (`planner::table_rows`), so the own-price check never calls a listed model
//! unpriced. Only the model names leave the page, never the log.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::planner::table_rows::add_rows;
use crate::planner::Form;

/// The names to ask for, for a model the table lacks: as written, then without a provider
/// prefix (`openai/gpt-4o` → `gpt-4o`, `azure/eu/gpt-4o` → `eu/gpt-4o` and `gpt-4o`), the
/// names `traffic::replay::find_row` tries.
pub fn candidates(model: &str) -> Vec<String> {
    let mut out = vec![model.to_string()];
    for rest in [
        model.split_once('/').map(|(_, rest)| rest),
        model.rsplit_once('/').map(|(_, rest)| rest),
    ]
    .into_iter()
    .flatten()
    {
        if !rest.is_empty() && !out.iter().any(|n| n == rest) {
            out.push(rest.to_string());
        }
    }
    out
}

/// Fetches the rows of `models` the form's table has no row for (under any candidate name).
pub fn fetch_missing(form: Form, models: &[String]) {
    let names: Vec<String> = form.prices.with_untracked(|table| {
        models
            .iter()
            .filter(|m| ::traffic::replay::find_row(table, m).is_none())
            .flat_map(|m| candidates(m))
            .collect()
    });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_provider_prefix_is_tried_off() {
        assert_eq!(candidates("gpt-4o"), ["gpt-4o"]);
        assert_eq!(candidates("openai/gpt-4o"), ["openai/gpt-4o", "gpt-4o"]);
        assert_eq!(
            candidates("azure/eu/gpt-4o"),
            ["azure/eu/gpt-4o", "eu/gpt-4o", "gpt-4o"]
        );
        assert_eq!(candidates("odd/"), ["odd/"]);
    }
}
