//! A number as people type it into the planner: digit groups (`1,000,000`, `2 000 000`,
//! `1_000`), a scale word's letter (`1.5k`, `2M`, `3B`), and `%` where a share is asked
//! (`40%` is 0.4). Pure, so every accepted and refused form is a row of the table below.
//!
//! The scale and the percent sign are applied by moving the decimal point (`2.3M` reads as
//! `2.3e6`), never by multiplying, so `2.3M` is exactly the number `2300000` a person means.

/// What a field accepts besides a plain number: decided once per field from its unit in
/// `tco::vocabulary` (see `values::kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Kind {
    /// A share or fraction: `40%` reads as 0.4. Elsewhere `%` is refused, naming the unit.
    pub percent: bool,
    /// The engine accepts a value below zero here (a growth or a price change that falls).
    pub negative: bool,
}

/// The scale letters: thousand, million, billion (either case: `2m` is two million, as in
/// "a $2m budget"; no field of the scenario is in thousandths).
const SCALES: [(char, i32); 3] = [('k', 3), ('m', 6), ('b', 9)];

/// Spaces people put between digit groups: plain, no-break and narrow no-break.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}')
}

/// Reads `raw` as a field of kind `kind` with unit `unit` (named in a refusal). Empty text
/// is `Ok(None)`: not given. A refusal is a phrase that follows the field's name, as the
/// engine's are ("must be a number like 2M, 1.5k or 1,000,000 (got \"2MM\")").
pub fn parse(raw: &str, kind: Kind, unit: &str) -> Result<Option<f64>, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let not_a_number = || format!("must be a number like 2M, 1.5k or 1,000,000 (got \"{raw}\")");
    let mut body = raw;
    // Moves the decimal point: +6 for M, -2 for %.
    let mut shift = 0;
    if let Some(rest) = body.strip_suffix('%') {
        if !kind.percent {
            let unit = if unit.is_empty() {
                "a plain number"
            } else {
                unit
            };
            return Err(format!(
                "is not a share: give it in {unit}, without % (got \"{raw}\")"
            ));
        }
        body = rest.trim_end();
        shift = -2;
    } else if let Some(last) = body.chars().last() {
        if let Some((_, exp)) = SCALES.iter().find(|(c, _)| last.to_ascii_lowercase() == *c) {
            body = body[..body.len() - last.len_utf8()].trim_end();
            shift = *exp;
        }
    }
    let (sign, digits) = match body.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", body.strip_prefix('+').unwrap_or(body)),
    };
    let plain = ungroup(digits).ok_or_else(not_a_number)?;
    // A scale or % on a number that already has an exponent (`1e3k`) is not a way anyone
    // writes a number.
    if shift != 0 && plain.contains(['e', 'E']) {
        return Err(not_a_number());
    }
    let text = if shift == 0 {
        format!("{sign}{plain}")
    } else {
        format!("{sign}{plain}e{shift}")
    };
    let value: f64 = text.parse().map_err(|_| not_a_number())?;
    if !value.is_finite() {
        return Err(format!("is too large to be a number here (got \"{raw}\")"));
    }
    if value < 0.0 && !kind.negative {
        return Err(format!("must not be negative (got \"{raw}\")"));
    }
    // -0 reads as 0.
    Ok(Some(value + 0.0))
}

/// The digits of a number without its group separators, or None when it is not a plain
/// decimal number: digits with at most one point and an optional exponent (no `inf`, no
/// `NaN`, no second sign). Groups after the first must be of three digits, so `1,5` (a
/// decimal comma?) is refused rather than read as fifteen.
fn ungroup(digits: &str) -> Option<String> {
    let (mantissa, exponent) = match digits.find(['e', 'E']) {
        Some(at) => (&digits[..at], Some(&digits[at + 1..])),
        None => (digits, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (mantissa, None),
    };
    let separated = |c: char| matches!(c, ',' | '_') || is_space(c);
    let groups: Vec<&str> = whole.split(separated).collect();
    let grouped = groups.len() > 1;
    if grouped
        && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3))
    {
        return None;
    }
    let whole: String = groups.concat();
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let fraction = fraction.unwrap_or("");
    if !all_digits(&whole) || !all_digits(fraction) || (whole.is_empty() && fraction.is_empty()) {
        return None;
    }
    let mut out = whole;
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
    if let Some(exp) = exponent {
        let e = exp.strip_prefix(['+', '-']).unwrap_or(exp);
        if e.is_empty() || !all_digits(e) {
            return None;
        }
        out.push('e');
        out.push_str(exp);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: Kind = Kind {
        percent: false,
        negative: false,
    };
    const SHARE: Kind = Kind {
        percent: true,
        negative: false,
    };
    const GROWTH: Kind = Kind {
        percent: true,
        negative: true,
    };

    #[test]
    fn accepted_forms_read_as_the_number_meant() {
        let rows: &[(&str, Kind, Option<f64>)] = &[
            ("", PLAIN, None),
            ("   ", PLAIN, None),
            ("1000000", PLAIN, Some(1e6)),
            ("2M", PLAIN, Some(2e6)),
            ("2m", PLAIN, Some(2e6)),
            ("2 M", PLAIN, Some(2e6)),
            ("1.5k", PLAIN, Some(1500.0)),
            ("1.5K", PLAIN, Some(1500.0)),
            ("2.3M", PLAIN, Some(2_300_000.0)),
            ("3B", PLAIN, Some(3e9)),
            (".5k", PLAIN, Some(500.0)),
            ("1,000,000", PLAIN, Some(1e6)),
            ("2 000 000", PLAIN, Some(2e6)),
            ("2\u{a0}000\u{a0}000", PLAIN, Some(2e6)),
            ("1_000", PLAIN, Some(1000.0)),
            ("1,234.5", PLAIN, Some(1234.5)),
            ("1e6", PLAIN, Some(1e6)),
            ("0.8048", PLAIN, Some(0.8048)),
            ("+7", PLAIN, Some(7.0)),
            ("-0", PLAIN, Some(0.0)),
            ("40%", SHARE, Some(0.4)),
            ("40 %", SHARE, Some(0.4)),
            ("12.5%", SHARE, Some(0.125)),
            ("0.4", SHARE, Some(0.4)),
            ("100%", SHARE, Some(1.0)),
            ("-10%", GROWTH, Some(-0.1)),
            ("-0.05", GROWTH, Some(-0.05)),
        ];
        for (raw, kind, want) in rows {
            assert_eq!(parse(raw, *kind, "unit"), Ok(*want), "{raw:?}");
        }
    }

    #[test]
    fn refused_forms_say_why() {
        let rows: &[(&str, Kind, &str)] = &[
            ("2MM", PLAIN, "must be a number like 2M"),
            ("1.2.3", PLAIN, "must be a number like 2M"),
            ("abc", PLAIN, "must be a number like 2M"),
            ("k", PLAIN, "must be a number like 2M"),
            ("1,5", PLAIN, "must be a number like 2M"),
            ("1,0000", PLAIN, "must be a number like 2M"),
            (",100", PLAIN, "must be a number like 2M"),
            ("inf", PLAIN, "must be a number like 2M"),
            ("NaN", PLAIN, "must be a number like 2M"),
            ("--5", PLAIN, "must be a number like 2M"),
            ("1e", PLAIN, "must be a number like 2M"),
            ("1e3k", PLAIN, "must be a number like 2M"),
            ("40%%", SHARE, "must be a number like 2M"),
            ("5k%", SHARE, "must be a number like 2M"),
            ("1e400", PLAIN, "is too large"),
            ("-5", PLAIN, "must not be negative (got \"-5\")"),
            ("-5%", SHARE, "must not be negative"),
            (
                "40%",
                PLAIN,
                "is not a share: give it in unit, without % (got \"40%\")",
            ),
        ];
        for (raw, kind, want) in rows {
            let got = parse(raw, *kind, "unit");
            assert!(
                got.as_ref().is_err_and(|m| m.contains(want)),
                "{raw:?}: {got:?}"
            );
        }
    }
}
