//! Shapes as text: the load shape (24 or 168 hourly weights) and the weekly shape (7 day
//! weights) are kept in the form as the numbers a person would type, separated by commas.
//! The bar editors change one number of that text at a time; `read` turns it into the
//! scenario's list, naming a bad number by its position as the engine does
//! (`workload.load_shape[3]`).

use tco::FieldError;

use crate::planner::values::{text, Values};

/// The numbers of a shape's text: split at commas, or at spaces when there is no comma.
/// A trailing comma is allowed; an empty place between two commas is kept (as "") so that
/// every bar keeps its position while one is being retyped.
pub fn tokens(raw: &str) -> Vec<&str> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Vec::new();
    }
    if !raw.contains(',') {
        return raw.split_whitespace().collect();
    }
    let mut out: Vec<&str> = raw.split(',').map(str::trim).collect();
    if out.last().is_some_and(|t| t.is_empty()) {
        out.pop();
    }
    out
}

/// The shape at `path` as typed, or None when its text is empty. Each number that does not
/// read is reported at `path[i]`, and the shape is then left out.
pub fn read(values: &Values, path: &'static str, errors: &mut Vec<FieldError>) -> Option<Vec<f64>> {
    let mut ok = true;
    let mut out = Vec::new();
    for (i, token) in tokens(text(values, path)).into_iter().enumerate() {
        match token.parse::<f64>() {
            Ok(v) => out.push(v),
            Err(_) => {
                ok = false;
                errors.push(FieldError::new(
                    format!("{path}[{i}]"),
                    format!("must be a number (got \"{token}\")"),
                ));
            }
        }
    }
    (ok && !out.is_empty()).then_some(out)
}

/// Writes a shape as the form shows it: each weight's shortest exact text, so the engine
/// derives exactly the same peak-to-average from the reopened text.
pub fn shape_text(shape: &[f64]) -> String {
    shape
        .iter()
        .map(|v| format!("{v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The text of a shape of `count` values with the value at `index` replaced by `typed`.
/// A shape that is empty, or of another length, starts from `count` ones (flat), so typing
/// into any bar of an empty editor starts a shape.
pub fn with_value(raw: &str, count: usize, index: usize, typed: &str) -> String {
    let mut places: Vec<String> = tokens(raw).into_iter().map(str::to_string).collect();
    if places.len() != count {
        places = vec!["1".to_string(); count];
    }
    if let Some(place) = places.get_mut(index) {
        // A comma typed into one bar would shift every later bar: it is not a decimal mark.
        *place = typed.replace(',', "").trim().to_string();
    }
    places.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_positions_and_accept_spaces_or_commas() {
        assert_eq!(tokens("1, 2,3,"), ["1", "2", "3"]);
        assert_eq!(tokens("1 2  3"), ["1", "2", "3"]);
        assert_eq!(tokens("1, , 3"), ["1", "", "3"]);
        assert!(tokens("  ").is_empty());
    }

    #[test]
    fn a_bad_number_is_named_by_its_place() {
        let mut v = Values::new();
        v.insert("workload.weekly_shape", "1, 1, x, 1, 1, 0, 0".into());
        let mut errors = Vec::new();
        assert_eq!(read(&v, "workload.weekly_shape", &mut errors), None);
        assert_eq!(errors[0].field, "workload.weekly_shape[2]");
        v.insert("workload.weekly_shape", "1, 1, 1, 1, 1, 0, 0".into());
        let mut errors = Vec::new();
        assert_eq!(
            read(&v, "workload.weekly_shape", &mut errors),
            Some(vec![1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0])
        );
        assert!(errors.is_empty());
    }

    #[test]
    fn a_bar_edit_changes_one_place_and_starts_an_empty_shape_flat() {
        assert_eq!(with_value("", 7, 5, "0"), "1, 1, 1, 1, 1, 0, 1");
        assert_eq!(with_value("1, 2, 3", 3, 1, " 2.5"), "1, 2.5, 3");
        assert_eq!(with_value("1, 2, 3", 3, 1, ""), "1, , 3");
        assert_eq!(with_value("1, 2, 3", 3, 0, "1,5"), "15, 2, 3");
    }
}
