//! Timestamps as logs write them, read to Unix seconds (UTC).
//!
//! Accepted: RFC 3339 / ISO 8601 date-times with `T` or a space between date and time,
//! optional fractional seconds, and an offset written `Z`, `+HH:MM`, `+HHMM` or `+HH` (the
//! last is what PostgreSQL prints for a `timestamptz`); a bare date `YYYY-MM-DD` (midnight);
//! and Unix seconds, integer or fractional. A date-time without an offset is read in the
//! reader's `naive_offset` (minutes east of UTC) and refused when there is none, because a
//! time whose zone is unknown cannot be placed on the week.

/// The earliest second accepted (1970-01-01T00:00:00Z).
const MIN_SECONDS: i64 = 0;
/// The latest second accepted (9999-12-31T23:59:59Z).
const MAX_SECONDS: i64 = 253_402_300_799;

/// Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days inverse).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A fixed-width run of ASCII digits at `at`, or `None`.
fn digits(bytes: &[u8], at: usize, width: usize) -> Option<u32> {
    let run = bytes.get(at..at + width)?;
    run.iter().try_fold(0u32, |acc, b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

/// Reads a timestamp to Unix seconds (UTC), or says why it cannot.
///
/// `naive_offset_minutes` is the zone of a date-time written without an offset (minutes
/// east of UTC); `None` refuses such a time.
pub fn parse_timestamp(text: &str, naive_offset_minutes: Option<i32>) -> Result<i64, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("empty time".into());
    }
    let seconds = if text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        parse_unix(text)?
    } else {
        parse_date_time(text, naive_offset_minutes)?
    };
    if !(MIN_SECONDS..=MAX_SECONDS).contains(&seconds) {
        return Err(format!("time `{text}` is outside 1970 to 9999"));
    }
    Ok(seconds)
}

fn parse_unix(text: &str) -> Result<i64, String> {
    let whole = text.split('.').next().unwrap_or(text);
    if text.matches('.').count() > 1 || whole.is_empty() {
        return Err(format!("`{text}` is not Unix seconds"));
    }
    // More than 12 digits is past the year 9999 in seconds: most likely milliseconds,
    // which are refused rather than guessed.
    if whole.len() > 12 {
        return Err(format!(
            "`{text}` is too large for Unix seconds (milliseconds are not accepted)"
        ));
    }
    whole
        .parse::<i64>()
        .map_err(|_| format!("`{text}` is not Unix seconds"))
}

fn parse_date_time(text: &str, naive_offset_minutes: Option<i32>) -> Result<i64, String> {
    let bad = || format!("`{text}` is not an RFC 3339 time or Unix seconds");
    let b = text.as_bytes();
    let (Some(year), Some(month), Some(day)) = (digits(b, 0, 4), digits(b, 5, 2), digits(b, 8, 2))
    else {
        return Err(bad());
    };
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return Err(bad());
    }
    let year = i64::from(year);
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err(format!("`{text}` is not a calendar date"));
    }
    let days = days_from_civil(year, month, day);
    if b.len() == 10 {
        let offset = naive_offset_minutes.ok_or_else(|| {
            format!("`{text}` has no time zone (give the file's zone to read it)")
        })?;
        return Ok(days * 86_400 - i64::from(offset) * 60);
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return Err(bad());
    }
    let (Some(hour), Some(minute)) = (digits(b, 11, 2), digits(b, 14, 2)) else {
        return Err(bad());
    };
    if b.get(13) != Some(&b':') {
        return Err(bad());
    }
    let mut at = 16;
    let mut second = 0;
    if b.get(at) == Some(&b':') {
        second = digits(b, at + 1, 2).ok_or_else(bad)?;
        at += 3;
        if matches!(b.get(at), Some(b'.' | b',')) {
            at += 1;
            let start = at;
            while b.get(at).is_some_and(u8::is_ascii_digit) {
                at += 1;
            }
            if at == start {
                return Err(bad());
            }
        }
    }
    // A leap second is read as the last second of its minute.
    if hour > 23 || minute > 59 || second > 60 {
        return Err(format!("`{text}` is not a time of day"));
    }
    let second = second.min(59);
    let rest = text.get(at..).ok_or_else(bad)?.trim_start();
    let offset_minutes: i64 = match rest.as_bytes() {
        [] => i64::from(naive_offset_minutes.ok_or_else(|| {
            format!("`{text}` has no time zone (give the file's zone to read it)")
        })?),
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), tail @ ..] => {
            let (h, m) = match tail {
                [_, _] => (digits(tail, 0, 2), Some(0)),
                [_, _, b':', _, _] => (digits(tail, 0, 2), digits(tail, 3, 2)),
                [_, _, _, _] => (digits(tail, 0, 2), digits(tail, 2, 2)),
                _ => (None, None),
            };
            let (Some(h), Some(m)) = (h, m) else {
                return Err(format!("`{text}` has an unreadable offset"));
            };
            if h > 23 || m > 59 {
                return Err(format!("`{text}` has an unreadable offset"));
            }
            let minutes = i64::from(h * 60 + m);
            if *sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => return Err(bad()),
    };
    Ok(
        days * 86_400 + i64::from(hour) * 3_600 + i64::from(minute) * 60 + i64::from(second)
            - offset_minutes * 60,
    )
}
