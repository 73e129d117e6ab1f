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

/// `v` to three significant digits, written shortest: a bar moved by a tenth of the
/// largest value reads "0.3", never "0.30000000000000004".
fn tidy(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return 0.0;
    }
    let digits = 2 - v.abs().log10().floor() as i32;
    let scale = 10f64.powi(digits.abs());
    if digits >= 0 {
        (v * scale).round() / scale
    } else {
        (v / scale).round() * scale
    }
}

/// The values of a shape of `count` places as the bars read them: an empty shape is flat
/// (all 1, as `with_value` starts it); None when the text holds another count of values.
fn bar_values(raw: &str, count: usize) -> Option<Vec<Option<f64>>> {
    let t = tokens(raw);
    match t.len() {
        0 => Some(vec![Some(1.0); count]),
        n if n == count => Some(
            t.iter()
                .map(|v| v.parse::<f64>().ok().filter(|v| v.is_finite()))
                .collect(),
        ),
        _ => None,
    }
}

/// The largest value of the shape (1 when none is above 0): the bars' full height.
fn top(values: &[Option<f64>]) -> f64 {
    let top = values.iter().flatten().copied().fold(0.0, f64::max);
    if top > 0.0 {
        top
    } else {
        1.0
    }
}

/// The shape's text after a key pressed on bar `index` (a slider): ↑/→ raise it by a tenth
/// of the largest value, ↓/← lower it (never below 0), Page Up/Down by half the largest,
/// Home to 0, End to the largest. None for another key, or a bar whose text is not a
/// number (the box under it says why).
pub fn nudged(raw: &str, count: usize, index: usize, key: &str) -> Option<String> {
    let values = bar_values(raw, count)?;
    let now = (*values.get(index)?)?;
    let top = top(&values);
    let step = top / 10.0;
    let next = match key {
        "ArrowUp" | "ArrowRight" => now + step,
        "ArrowDown" | "ArrowLeft" => now - step,
        "PageUp" => now + top / 2.0,
        "PageDown" => now - top / 2.0,
        "Home" => 0.0,
        "End" => top,
        _ => return None,
    };
    Some(with_value(
        raw,
        count,
        index,
        &format!("{}", tidy(next.max(0.0))),
    ))
}

/// The shape's text after a click at `fraction` of bar `index`'s height (0 at the bottom,
/// 1 at the top, which is the largest value).
pub fn set_at(raw: &str, count: usize, index: usize, fraction: f64) -> Option<String> {
    let values = bar_values(raw, count)?;
    let fraction = if fraction.is_finite() {
        fraction.clamp(0.0, 1.0)
    } else {
        return None;
    };
    let value = tidy(top(&values) * fraction);
    Some(with_value(raw, count, index, &format!("{value}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_move_a_bar_by_a_tenth_of_the_largest() {
        let rows: &[(&str, usize, &str, Option<&str>)] = &[
            ("1, 2, 4", 0, "ArrowUp", Some("1.4, 2, 4")),
            ("1, 2, 4", 0, "ArrowRight", Some("1.4, 2, 4")),
            ("1, 2, 4", 1, "ArrowDown", Some("1, 1.6, 4")),
            ("1, 2, 4", 0, "ArrowDown", Some("0.6, 2, 4")),
            ("0.1, 2, 1", 0, "ArrowDown", Some("0, 2, 1")),
            ("1, 2, 4", 0, "PageUp", Some("3, 2, 4")),
            ("1, 2, 4", 2, "PageDown", Some("1, 2, 2")),
            ("1, 2, 4", 1, "Home", Some("1, 0, 4")),
            ("1, 2, 4", 0, "End", Some("4, 2, 4")),
            ("0.1, 0.2, 0.3", 0, "ArrowUp", Some("0.13, 0.2, 0.3")),
            // An empty shape starts flat.
            ("", 0, "ArrowUp", Some("1.1, 1, 1")),
            ("0, 0, 0", 1, "ArrowUp", Some("0, 0.1, 0")),
            ("1, 2, 4", 0, "Tab", None),
            ("1, x, 4", 1, "ArrowUp", None),
            ("1, 2", 0, "ArrowUp", None),
        ];
        for (raw, index, key, want) in rows {
            assert_eq!(
                nudged(raw, 3, *index, key).as_deref(),
                *want,
                "{raw:?} {index} {key}"
            );
        }
    }

    #[test]
    fn a_click_sets_a_bar_to_its_share_of_the_largest() {
        assert_eq!(set_at("1, 2, 4", 3, 0, 0.5).as_deref(), Some("2, 2, 4"));
        assert_eq!(set_at("1, 2, 4", 3, 0, 1.5).as_deref(), Some("4, 2, 4"));
        assert_eq!(
            set_at("1, 2, 4", 3, 1, 0.333).as_deref(),
            Some("1, 1.33, 4")
        );
        assert_eq!(set_at("", 2, 1, 0.25).as_deref(), Some("1, 0.25"));
        assert_eq!(set_at("1, 2", 3, 0, 0.5), None);
        assert_eq!(tidy(123_456.0), 123_000.0);
        assert_eq!(tidy(0.30000000000000004), 0.3);
    }

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
