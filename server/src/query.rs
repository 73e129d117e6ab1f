//! The query strings of the scenario and export routes, read in one place: each route names
//! the keys it takes, a key it does not take is refused by name, and every problem is
//! reported together (sorted by field), in the error shape of `/api/v1/plan`.

use std::collections::HashMap;

use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use tco::FieldError;

use crate::report_routes::{COMPARE_MAX, COMPARE_MIN};
use crate::report_source::paper;
use crate::ApiError;

/// `?revision=N&price_table=M&paper=a4|letter&ids=a,b`: what a route allows, parsed.
#[derive(Debug, Default)]
pub struct ScenarioQuery {
    pub revision: Option<i64>,
    pub price_table: Option<i64>,
    pub paper: Option<report::pdf::Paper>,
    /// Two to four scenario ids; required where the route allows `ids`.
    pub ids: Option<Vec<String>>,
}

pub type RawQuery = Result<Query<HashMap<String, String>>, QueryRejection>;

/// Reads the keys in `allowed` (any of "revision", "price_table", "paper", "ids").
pub fn read(query: RawQuery, allowed: &[&str]) -> Result<ScenarioQuery, ApiError> {
    let Query(query) =
        query.map_err(|e| ApiError::Invalid(vec![FieldError::new("", e.body_text())]))?;
    let mut out = ScenarioQuery::default();
    let mut errors = Vec::new();
    for (key, value) in &query {
        if !allowed.contains(&key.as_str()) {
            errors.push(FieldError::new(key, "unknown query parameter"));
            continue;
        }
        let read = match key.as_str() {
            "revision" => whole(value).map(|n| out.revision = Some(n)),
            "price_table" => whole(value).map(|n| out.price_table = Some(n)),
            "paper" => paper(value)
                .map(|p| out.paper = Some(p))
                .ok_or_else(|| format!("{value:?} is not a paper size: use \"a4\" or \"letter\"")),
            "ids" => ids(value).map(|ids| out.ids = Some(ids)),
            _ => Err("unknown query parameter".to_string()),
        };
        if let Err(message) = read {
            errors.push(FieldError::new(key, message));
        }
    }
    if allowed.contains(&"ids") && out.ids.is_none() && errors.is_empty() {
        errors.push(FieldError::new(
            "ids",
            format!("is required: {COMPARE_MIN} to {COMPARE_MAX} scenario ids separated by commas"),
        ));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        errors.sort_by(|a, b| a.field.cmp(&b.field));
        Err(ApiError::Invalid(errors))
    }
}

fn whole(value: &str) -> Result<i64, String> {
    value
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| format!("{value:?} is not a whole number >= 1"))
}

fn ids(value: &str) -> Result<Vec<String>, String> {
    let ids: Vec<String> = value
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if (COMPARE_MIN..=COMPARE_MAX).contains(&ids.len()) {
        Ok(ids)
    } else {
        Err(format!(
            "a comparison takes {COMPARE_MIN} to {COMPARE_MAX} scenario ids separated by commas (got {})",
            ids.len()
        ))
    }
}
