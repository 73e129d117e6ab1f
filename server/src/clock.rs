//! The clock, read in one place: every stored timestamp is whole seconds since the Unix
//! epoch, and every date shown is that instant's UTC calendar day.

/// Seconds since the Unix epoch (0 if the clock is before it).
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The UTC date (YYYY-MM-DD) of a Unix timestamp.
pub fn date_of(unix: i64) -> String {
    tco::format::civil_date(unix.div_euclid(86_400))
}

/// Today's date in UTC (YYYY-MM-DD).
pub fn today_utc() -> String {
    date_of(now_unix())
}
