//! The few words the analysis and the replay write about a trace, one way each: a count
//! of requests, a number of days, the length of buckets,
//! a list of model names.

/// The most model names a warning lists; the rest are counted ("and 3 more").
pub(crate) const MAX_LISTED_NAMES: usize = 20;

/// "1 request", "41,212 requests".
pub(crate) fn requests_text(requests: f64) -> String {
    tco::format::counted(requests, "request", "requests")
}

/// Hours as days with one decimal, without a trailing `.0` (`3`, `2.5`).
pub(crate) fn days_text(hours: f64) -> String {
    let text = format!("{:.1}", hours / 24.0);
    text.strip_suffix(".0").map(str::to_string).unwrap_or(text)
}

/// The buckets spread over their hours, by length: "totals over 24 hours", "totals over
/// 2 to 24 hours" (from the shortest and the longest bucket, seconds).
pub(crate) fn totals_over_text((shortest, longest): (i64, i64)) -> String {
    let hours = |seconds: i64| {
        let text = format!("{:.1}", seconds as f64 / 3600.0);
        text.strip_suffix(".0").map(str::to_string).unwrap_or(text)
    };
    if shortest == longest {
        format!("totals over {} hours", hours(longest))
    } else {
        format!(
            "totals over {} to {} hours",
            hours(shortest),
            hours(longest)
        )
    }
}

/// "a, b, c": at most [`MAX_LISTED_NAMES`] names, then "and N more" for the rest.
pub(crate) fn names_text<S: AsRef<str>>(names: &[S]) -> String {
    let listed: Vec<&str> = names
        .iter()
        .take(MAX_LISTED_NAMES)
        .map(AsRef::as_ref)
        .collect();
    let mut text = listed.join(", ");
    if names.len() > MAX_LISTED_NAMES {
        text.push_str(&format!(
            " and {} more",
            tco::format::count((names.len() - MAX_LISTED_NAMES) as f64)
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_requests_days_and_bucket_hours() {
        assert_eq!(requests_text(1.0), "1 request");
        assert_eq!(requests_text(41_212.0), "41,212 requests");
        assert_eq!(requests_text(0.0), "0 requests");
        assert_eq!(days_text(72.0), "3");
        assert_eq!(days_text(60.0), "2.5");
        assert_eq!(totals_over_text((86_400, 86_400)), "totals over 24 hours");
        assert_eq!(
            totals_over_text((5_400, 86_400)),
            "totals over 1.5 to 24 hours"
        );
    }
}
