//! Daily load shapes: the relative request rate in each hour of the day (UTC).
//!
//! A shape is normalised to mean 1.0, so hour `h` carries `shape[h]` times the day's
//! average rate, and `peak_to_average` (max over mean) is the figure the engine uses to
//! size a self-hosted fleet for the busiest hour. Every function here is `const`, so the
//! preset catalog derives its peak-to-average ratios at compile time.

/// Hours in a load shape.
pub const HOURS: usize = 24;

/// Sum of the shape, in hour order.
const fn sum(shape: &[f64; HOURS]) -> f64 {
    let mut total = 0.0;
    let mut h = 0;
    while h < HOURS {
        total += shape[h];
        h += 1;
    }
    total
}

/// Largest hourly value; NaN when any value is NaN.
const fn max(shape: &[f64; HOURS]) -> f64 {
    let mut top = shape[0];
    let mut h = 1;
    while h < HOURS {
        let v = shape[h];
        if v > top || v.is_nan() {
            top = v;
        }
        h += 1;
    }
    top
}

/// Mean hourly value.
pub const fn mean(shape: &[f64; HOURS]) -> f64 {
    sum(shape) / HOURS as f64
}

/// Whether the mean is a usable divisor: positive and finite (false for NaN).
const fn positive_finite(x: f64) -> bool {
    x > 0.0 && x < f64::INFINITY
}

/// Peak over mean of an hourly load shape (>= 1 for any shape with a positive mean).
///
/// Returns NaN when the shape's mean is not a positive finite number (an all-zero shape has
/// no peak-to-average ratio); callers validating user input should reject that.
pub const fn peak_to_average(shape: &[f64; HOURS]) -> f64 {
    let m = mean(shape);
    if !positive_finite(m) {
        return f64::NAN;
    }
    max(shape) / m
}

/// Scales a shape to mean 1.0, keeping its proportions. A shape whose mean is not a
/// positive finite number is returned unchanged.
pub const fn normalise(raw: [f64; HOURS]) -> [f64; HOURS] {
    let m = mean(&raw);
    if !positive_finite(m) {
        return raw;
    }
    let mut out = raw;
    let mut h = 0;
    while h < HOURS {
        out[h] = raw[h] / m;
        h += 1;
    }
    out
}

/// Days in a weekly shape, Monday to Sunday.
pub const DAYS: usize = 7;

/// How much a weekly shape raises the busiest hour over the month's mean:
/// max(weekly)·7/Σweekly (1 when every day is alike, 1.4 for weekdays only). The week's
/// peak over its mean is the 24-hour shape's `peak_to_average` times this. NaN when the
/// days do not sum to a positive finite number (no traffic on any day).
pub const fn weekly_peak_factor(weekly: &[f64; DAYS]) -> f64 {
    let mut total = 0.0;
    let mut top = weekly[0];
    let mut d = 0;
    while d < DAYS {
        total += weekly[d];
        if weekly[d] > top || weekly[d].is_nan() {
            top = weekly[d];
        }
        d += 1;
    }
    if !positive_finite(total) {
        return f64::NAN;
    }
    top * DAYS as f64 / total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekly_factor_of_weekdays_is_seven_fifths() {
        assert_eq!(weekly_peak_factor(&[1.0; DAYS]), 1.0);
        assert_eq!(
            weekly_peak_factor(&[1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0]),
            1.4
        );
        assert!(weekly_peak_factor(&[0.0; DAYS]).is_nan());
    }

    #[test]
    fn flat_shape_has_ratio_one() {
        assert_eq!(peak_to_average(&[1.0; HOURS]), 1.0);
        assert_eq!(normalise([5.0; HOURS]), [1.0; HOURS]);
    }

    #[test]
    fn degenerate_shapes_do_not_panic() {
        assert!(peak_to_average(&[0.0; HOURS]).is_nan());
        assert!(peak_to_average(&[f64::INFINITY; HOURS]).is_nan());
        let mut one_nan = [1.0; HOURS];
        one_nan[3] = f64::NAN;
        assert!(peak_to_average(&one_nan).is_nan());
        assert_eq!(normalise([0.0; HOURS]), [0.0; HOURS]);
    }

    #[test]
    fn single_busy_hour() {
        let mut s = [0.0; HOURS];
        s[12] = 1.0;
        assert_eq!(peak_to_average(&s), 24.0);
    }
}
