//! UTC hours placed in a fixed offset's local hours, days and week slots.
//!
//! An offset that is not a whole number of hours (+05:30) makes a UTC hour straddle two
//! local hours (and, near midnight, two local days); its traffic is shared between them by
//! the minutes it spends in each, as the trace keeps hours, not instants.

use std::collections::BTreeMap;

use super::{HourModelTotals, UnixHour};

/// Hours in a week: the weekly shape's slots.
pub(crate) use tco::week::HOURS_PER_WEEK as WEEK_HOURS;

const DAY_MINUTES: i64 = 1_440;

/// The local hours (hours since 1970-01-01 00:00 local time) a UTC hour overlaps, with the
/// share of the UTC hour spent in each (the second share is 0 for a whole-hour offset).
pub(crate) fn local_hours(hour: UnixHour, offset_minutes: i32) -> [(i64, f64); 2] {
    let minute = hour
        .saturating_mul(60)
        .saturating_add(i64::from(offset_minutes));
    let local = minute.div_euclid(60);
    let into = minute.rem_euclid(60);
    [
        (local, (60 - into) as f64 / 60.0),
        (local + 1, into as f64 / 60.0),
    ]
}

/// The week slot of a local hour: 0 is Monday 00:00–01:00. 1970-01-01 was a Thursday, so
/// local hour 0 is slot 3 × 24 = 72.
pub(crate) fn week_slot(local_hour: i64) -> usize {
    // rem_euclid(168) is in 0..168, so the cast is exact.
    (local_hour + 72).rem_euclid(WEEK_HOURS as i64) as usize
}

/// Interactive requests summed in each week slot, and how many times each slot occurs in
/// the span `[first, last]` (shares of a slot for an offset that is not whole hours).
pub(crate) fn week_sums(
    hours: &BTreeMap<(UnixHour, u32), HourModelTotals>,
    span: (UnixHour, UnixHour),
    offset_minutes: i32,
) -> ([f64; WEEK_HOURS], [f64; WEEK_HOURS]) {
    let mut sums = [0.0; WEEK_HOURS];
    for (&(hour, _), totals) in hours {
        for (local, share) in local_hours(hour, offset_minutes) {
            if share > 0.0 {
                sums[week_slot(local)] += totals.interactive.requests * share;
            }
        }
    }
    // Any 168 consecutive UTC hours cover every slot exactly once; only the remainder
    // needs walking.
    let (first, last) = span;
    let count = last - first + 1;
    let weeks = count.div_euclid(WEEK_HOURS as i64);
    let mut occurrences = [weeks as f64; WEEK_HOURS];
    for hour in first + weeks * WEEK_HOURS as i64..=last {
        for (local, share) in local_hours(hour, offset_minutes) {
            if share > 0.0 {
                occurrences[week_slot(local)] += share;
            }
        }
    }
    (sums, occurrences)
}

/// Requests (interactive and batch) per local day (days since 1970-01-01 local time), only
/// days with traffic.
pub(crate) fn daily_requests(
    hours: &BTreeMap<(UnixHour, u32), HourModelTotals>,
    offset_minutes: i32,
) -> BTreeMap<i64, f64> {
    let mut days: BTreeMap<i64, f64> = BTreeMap::new();
    for (&(hour, _), totals) in hours {
        let requests = totals.requests();
        if requests <= 0.0 {
            continue;
        }
        let minute = hour
            .saturating_mul(60)
            .saturating_add(i64::from(offset_minutes));
        let day = minute.div_euclid(DAY_MINUTES);
        let into = minute.rem_euclid(DAY_MINUTES);
        let in_day = ((DAY_MINUTES - into).min(60)) as f64 / 60.0;
        *days.entry(day).or_insert(0.0) += requests * in_day;
        if in_day < 1.0 {
            *days.entry(day + 1).or_insert(0.0) += requests * (1.0 - in_day);
        }
    }
    days
}

/// The local days wholly inside the span `[first, last]` (UTC hours): `first_day..end_day`.
pub(crate) fn full_days(span: (UnixHour, UnixHour), offset_minutes: i32) -> (i64, i64) {
    let offset = i64::from(offset_minutes);
    let start = span.0.saturating_mul(60).saturating_add(offset);
    let end = span
        .1
        .saturating_add(1)
        .saturating_mul(60)
        .saturating_add(offset);
    (
        start
            .saturating_add(DAY_MINUTES - 1)
            .div_euclid(DAY_MINUTES),
        end.div_euclid(DAY_MINUTES),
    )
}

/// The local date (ISO, `2025-03-09`) of a Unix second in the offset.
pub(crate) fn local_date(unix_seconds: i64, offset_minutes: i32) -> String {
    let local = unix_seconds.saturating_add(i64::from(offset_minutes) * 60);
    tco::format::civil_date(local.div_euclid(86_400))
}
