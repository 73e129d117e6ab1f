//! The planner's form as text: what the user typed in each field, keyed by the field's
//! scenario path, and how that text reads as a number.

use std::collections::BTreeMap;

use tco::FieldError;

/// Field path → the text the user typed. Empty means "not given" (default or table price).
pub type Values = BTreeMap<&'static str, String>;

/// The text at `path`, trimmed ("" when absent).
pub fn text<'a>(values: &'a Values, path: &str) -> &'a str {
    values.get(path).map(|s| s.trim()).unwrap_or("")
}

/// A number as people type it: "1,000,000", "1 000 000" and "1_000_000" all read as 1e6.
/// Text that is not a number is reported in `errors` with its field.
pub fn number(values: &Values, path: &'static str, errors: &mut Vec<FieldError>) -> Option<f64> {
    let raw: String = text(values, path)
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' '))
        .collect();
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<f64>() {
        Ok(v) => Some(v),
        Err(_) => {
            errors.push(FieldError::new(
                path,
                format!("must be a number (got \"{raw}\")"),
            ));
            None
        }
    }
}
