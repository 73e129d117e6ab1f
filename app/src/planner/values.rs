//! The planner's form as text: what the user typed in each field, keyed by the field's
//! scenario path, and how that text reads as a number (`number::parse`: `2M`, `1.5k`,
//! `1,000,000`, `40%` where a share is asked).

pub mod number;

use std::collections::BTreeMap;

use tco::FieldError;

pub use number::Kind;

/// Field path → the text the user typed. Empty means "not given" (default or table price).
pub type Values = BTreeMap<&'static str, String>;

/// The text at `path`, trimmed ("" when absent).
pub fn text<'a>(values: &'a Values, path: &str) -> &'a str {
    values.get(path).map(|s| s.trim()).unwrap_or("")
}

/// Fields whose engine range goes below zero: growth and yearly price changes can fall.
/// (The engine checks the range itself; this only lets a minus sign through to it.)
const NEGATIVE: [&str; 3] = [
    "workload.monthly_growth",
    "llm.price_change_annual",
    "slm.price_change_annual",
];

/// The field a belief's P10 or P90 is about (`uncertainty.inputs.<path>.p10` → `<path>`),
/// or `path` itself.
fn believed(path: &str) -> &str {
    path.strip_prefix("uncertainty.inputs.")
        .and_then(|p| p.strip_suffix(".p10").or_else(|| p.strip_suffix(".p90")))
        .unwrap_or(path)
}

/// What the field at `path` accepts, from its unit in the vocabulary: a share or fraction
/// ("share 0–1", "share per month", "0–1", "per year") takes `%`; the rest do not. A
/// belief's bounds are read as the field they are about. Also returns the unit, for a
/// refusal to name.
pub fn kind(path: &str) -> (Kind, &'static str) {
    let path = believed(path);
    let unit = tco::vocabulary::field(path).map_or("", |f| f.unit);
    let percent = unit.starts_with("share") || unit == "0–1" || unit == "per year";
    (
        Kind {
            percent,
            negative: NEGATIVE.contains(&path),
        },
        unit,
    )
}

/// The number typed at `path` (None when empty). Text that does not read as a number of
/// this field's kind is reported in `errors` with its field.
pub fn number(values: &Values, path: &'static str, errors: &mut Vec<FieldError>) -> Option<f64> {
    let (kind, unit) = kind(path);
    match number::parse(text(values, path), kind, unit) {
        Ok(v) => v,
        Err(message) => {
            errors.push(FieldError::new(path, message));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_takes_percent_when_its_unit_is_a_share() {
        let rows = [
            ("routing.slm_share", true, false),
            ("workload.cached_input_share", true, false),
            ("workload.monthly_growth", true, true),
            ("slm.price_change_annual", true, true),
            ("finance.discount_rate_annual", true, false),
            ("routing.min_quality", true, false),
            (
                "uncertainty.inputs.routing.escalation_rate.p10",
                true,
                false,
            ),
            ("uncertainty.inputs.workload.monthly_growth.p90", true, true),
            ("workload.requests_per_month", false, false),
            ("slm.gpu_usd_per_hour", false, false),
            ("finance.horizon_months", false, false),
        ];
        for (path, percent, negative) in rows {
            assert_eq!(kind(path).0, Kind { percent, negative }, "{path}");
        }
    }

    #[test]
    fn a_refusal_names_the_unit_it_wants() {
        let mut v = Values::new();
        v.insert("workload.requests_per_month", "40%".into());
        v.insert("routing.slm_share", "40%".into());
        v.insert("workload.input_tokens", "1.5k".into());
        let mut errors = Vec::new();
        assert_eq!(number(&v, "workload.requests_per_month", &mut errors), None);
        assert_eq!(number(&v, "routing.slm_share", &mut errors), Some(0.4));
        assert_eq!(
            number(&v, "workload.input_tokens", &mut errors),
            Some(1500.0)
        );
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "workload.requests_per_month");
        assert_eq!(
            errors[0].message,
            "is not a share: give it in requests/month, without % (got \"40%\")"
        );
    }
}
