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

/// A proleptic Gregorian date, "2026-11-22", from days since 1970-01-01: [`civil`]'s
/// year, month and day.
pub fn civil_date(days: i64) -> String {
    let (year, month, day) = civil(days);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The proleptic Gregorian (year, month 1–12, day 1–31) of days since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`): one calendar for the browser and the server, neither of
/// which links a date library.
pub fn civil(days: i64) -> (i64, u32, u32) {
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    // Both within 1..=31 and 1..=12 by construction.
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A fixed offset from UTC, minutes east, as people write it: "+02:00", "-05:30",
/// "+00:00" (what `api::traffic::parse_offset` reads back).
pub fn utc_offset(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

/// A signed amount of money to the cent, for a difference of totals: "+$12.30", "-$4.50",
/// "+$1,234.00"; what rounds to no cent (−0.0 included) is "$0.00", unsigned.
pub fn signed_usd(v: f64) -> String {
    if !v.is_finite() {
        return "—".to_string();
    }
    let cents = (v * 100.0).round();
    if cents == 0.0 {
        return "$0.00".to_string();
    }
    // A whole number of cents, at least one: `usd` shows it with two decimals.
    let text = usd(cents / 100.0);
    if cents > 0.0 {
        format!("+{text}")
    } else {
        text
    }
}

/// A share as a signed percentage with one decimal (as [`percent`], with its sign):
/// "+4.1 %", "-0.3 %"; what rounds to 0.0 (−0.0 included) is "0.0 %", unsigned.
pub fn signed_percent(share: f64) -> String {
    if !share.is_finite() {
        return "—".to_string();
    }
    let tenths = (share * 1000.0).round();
    if tenths == 0.0 {
        return "0.0 %".to_string();
    }
    let sign = if tenths > 0.0 { '+' } else { '-' };
    format!("{sign}{:.1} %", tenths.abs() / 10.0)
}

/// A figure with one decimal and thousands separators: "1,211.3", "0.0", "-2.3"; what
/// rounds to 0.0 (−0.0 included) is "0.0", unsigned.
pub fn decimal1(v: f64) -> String {
    if !v.is_finite() {
        return "—".to_string();
    }
    let tenths = (v.abs() * 10.0).round();
    let whole = (tenths / 10.0).trunc();
    format!(
        "{}{}.{}",
        if v < 0.0 && tenths > 0.0 { "-" } else { "" },
        group(whole),
        (tenths - whole * 10.0) as u8
    )
}

/// A size in bytes, binary units (the body limit and the read slices are MiB): "512 bytes",
/// "1 byte", "64.0 KiB", "12.5 MiB", "1.2 GiB".
pub fn bytes(n: f64) -> String {
    const KIB: f64 = 1024.0;
    if !n.is_finite() || n < 0.0 {
        return "—".to_string();
    }
    if n < KIB {
        return counted(n, "byte", "bytes");
    }
    let (value, unit) = if n < KIB * KIB {
        (n / KIB, "KiB")
    } else if n < KIB * KIB * KIB {
        (n / (KIB * KIB), "MiB")
    } else {
        (n / (KIB * KIB * KIB), "GiB")
    };
    format!("{} {unit}", decimal1(value))
}

/// A count with its noun: "1 replica", "3 replicas", "0 replicas", "1,200 requests"; the
/// singular when the count shows as 1.
pub fn counted(n: f64, one: &str, many: &str) -> String {
    let shown = count(n);
    let noun = if shown == "1" { one } else { many };
    format!("{shown} {noun}")
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
    #[test]
    fn civil_dates_as_numbers() {
        for (days, ymd) in [
            (0, (1970, 1, 1)),
            (20_414, (2025, 11, 22)),
            (-1, (1969, 12, 31)),
            (11_016, (2000, 2, 29)),
            (-719_468, (0, 3, 1)),
            (2_932_896, (9999, 12, 31)),
        ] {
            assert_eq!(civil(days), ymd, "{days}");
        }
    }

    #[test]
    fn utc_offsets_as_people_write_them() {
        for (minutes, text) in [
            (0, "+00:00"),
            (120, "+02:00"),
            (-330, "-05:30"),
            (345, "+05:45"),
            (-720, "-12:00"),
            (840, "+14:00"),
            (-30, "-00:30"),
        ] {
            assert_eq!(utc_offset(minutes), text, "{minutes}");
        }
    }

    #[test]
    fn signed_money_to_the_cent() {
        for (v, text) in [
            (12.3, "+$12.30"),
            (-4.5, "-$4.50"),
            (0.0, "$0.00"),
            (-0.0, "$0.00"),
            (1e-9, "$0.00"),
            (-0.004, "$0.00"),
            (0.006, "+$0.01"),
            (-0.006, "-$0.01"),
            (1_234_567.891, "+$1,234,567.89"),
            (-1e12, "-$1,000,000,000,000.00"),
            (f64::INFINITY, "—"),
        ] {
            assert_eq!(signed_usd(v), text, "{v}");
        }
    }

    #[test]
    fn signed_percentages_of_shares() {
        for (v, text) in [
            (0.041, "+4.1 %"),
            (-0.003, "-0.3 %"),
            (0.0, "0.0 %"),
            (-0.0, "0.0 %"),
            (-0.0004, "0.0 %"),
            (0.0004, "0.0 %"),
            (0.0006, "+0.1 %"),
            (1.0, "+100.0 %"),
            (-1.0, "-100.0 %"),
            (25.0, "+2500.0 %"),
            (f64::NAN, "—"),
        ] {
            assert_eq!(signed_percent(v), text, "{v}");
        }
    }

    #[test]
    fn one_decimal_rounds_and_groups() {
        for (v, text) in [
            (516_000.0 / 426.0, "1,211.3"),
            (163.38, "163.4"),
            (0.0, "0.0"),
            (-0.0, "0.0"),
            (0.04, "0.0"),
            (-0.04, "0.0"),
            (-2.25, "-2.3"),
            (999.96, "1,000.0"),
            (1e12 + 0.25, "1,000,000,000,000.3"),
            (f64::NEG_INFINITY, "—"),
        ] {
            assert_eq!(decimal1(v), text, "{v}");
        }
    }

    #[test]
    fn sizes_in_binary_units() {
        for (n, text) in [
            (0.0, "0 bytes"),
            (1.0, "1 byte"),
            (1023.0, "1,023 bytes"),
            (1024.0, "1.0 KiB"),
            (65_536.0, "64.0 KiB"),
            (1_048_576.0, "1.0 MiB"),
            (13_107_200.0, "12.5 MiB"),
            (268_435_456.0, "256.0 MiB"),
            (1_288_490_189.0, "1.2 GiB"),
            (1024.0f64.powi(4), "1,024.0 GiB"),
            (-1.0, "—"),
        ] {
            assert_eq!(bytes(n), text, "{n}");
        }
    }

    #[test]
    fn counts_with_their_noun() {
        for (n, text) in [
            (1.0, "1 replica"),
            (3.0, "3 replicas"),
            (0.0, "0 replicas"),
            (-0.0, "0 replicas"),
            (1.4, "1 replica"),
            (1.6, "2 replicas"),
            (1200.0, "1,200 replicas"),
        ] {
            assert_eq!(counted(n, "replica", "replicas"), text, "{n}");
        }
    }
}
