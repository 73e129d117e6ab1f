//! The time left of a running benchmark in words, from its progress event's steps
//! (`api::bench::Steps::seconds_left`: the steps left × the mean of the latest measured
//! ones).

use ::api::bench::Steps;

/// Seconds as people read a wait: "8 s", "1 min 05 s", "1 h 02 min".
pub fn duration(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min {:02} s", s / 60, s % 60),
        _ => format!("{} h {:02} min", s / 3600, (s % 3600) / 60),
    }
}

/// "step 8 of 26 · about 11 s left", or "… · estimating…" until a sweep step has been timed.
pub fn words(steps: &Steps) -> String {
    let left = match steps.seconds_left() {
        Some(s) => format!("about {} left", duration(s)),
        None => "estimating…".to_string(),
    };
    format!(
        "step {} of {} · {left}",
        steps.done.min(steps.total),
        steps.total
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_read_in_the_largest_sensible_unit() {
        for (seconds, text) in [
            (0.0, "0 s"),
            (0.4, "0 s"),
            (10.8, "11 s"),
            (59.4, "59 s"),
            (65.0, "1 min 05 s"),
            (3599.0, "59 min 59 s"),
            (3720.0, "1 h 02 min"),
            (-3.0, "0 s"),
        ] {
            assert_eq!(duration(seconds), text, "{seconds}");
        }
    }

    #[test]
    fn the_line_says_estimating_until_a_step_is_timed() {
        let steps = |done, recent_s: Vec<f64>| Steps {
            total: 26,
            done,
            elapsed_s: 3.0,
            recent_s,
        };
        assert_eq!(words(&steps(2, vec![])), "step 2 of 26 · estimating…");
        // 18 steps left × 0.6 s = 10.8 s.
        assert_eq!(
            words(&steps(8, vec![0.5, 0.6, 0.7])),
            "step 8 of 26 · about 11 s left"
        );
    }
}
