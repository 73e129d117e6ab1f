//! Display formatting shared by the CLI, the app and the reports, so every surface shows
//! the same figure the same way. The engine itself never rounds.

/// USD for people: two decimals with thousands separators; six decimals below a cent
/// (per-request prices), so $0.0004 does not show as $0.00.
pub fn usd(v: f64) -> String {
    if !v.is_finite() {
        return "—".to_string();
    }
    if v.abs() < 0.01 && v != 0.0 {
        return format!("{}${:.6}", if v < 0.0 { "-" } else { "" }, v.abs());
    }
    let cents = (v.abs() * 100.0).round();
    let whole = (cents / 100.0).trunc();
    let frac = (cents - whole * 100.0) as u32;
    format!(
        "{}${}.{frac:02}",
        if v < 0.0 && cents > 0.0 { "-" } else { "" },
        group(whole)
    )
}

/// A count (requests, tokens, replicas) rounded to a whole number with separators.
pub fn count(v: f64) -> String {
    if !v.is_finite() {
        return "—".to_string();
    }
    format!(
        "{}{}",
        if v < -0.5 { "-" } else { "" },
        group(v.abs().round())
    )
}

/// A share as a percentage with one decimal.
pub fn percent(v: f64) -> String {
    if !v.is_finite() {
        return "—".to_string();
    }
    format!("{:.1} %", v * 100.0)
}

fn group(whole: f64) -> String {
    let digits = format!("{whole:.0}");
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A proleptic Gregorian date, "2026-11-22", from days since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`): one calendar for the browser and the server, neither of which links a
/// date library.
pub fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_money_counts_and_shares() {
        let cases: &[(f64, &str)] = &[
            (1234567.891, "$1,234,567.89"),
            (0.0, "$0.00"),
            (-584.0, "-$584.00"),
            (0.0004, "$0.000400"),
            (999.999, "$1,000.00"),
            (f64::NAN, "—"),
        ];
        for &(v, s) in cases {
            assert_eq!(usd(v), s, "{v}");
        }
        assert_eq!(count(179692.3076923077), "179,692");
        assert_eq!(count(1e15), "1,000,000,000,000,000");
        assert_eq!(percent(0.8), "80.0 %");
    }

    #[test]
    fn civil_dates_from_days_since_the_epoch() {
        for (days, date) in [
            (0, "1970-01-01"),
            (20_414, "2025-11-22"),
            (-1, "1969-12-31"),
            (11_016, "2000-02-29"),
        ] {
            assert_eq!(civil_date(days), date);
        }
    }
}
