//! `clock`: every date shown is the instant's UTC calendar day.

use breakeven::clock::date_of;

#[test]
fn dates_are_utc_days() {
    for (unix, date) in [
        (0, "1970-01-01"),
        (20_779 * 86_400 + 86_399, "2026-11-22"),
        (11_016 * 86_400, "2000-02-29"),
        (-1, "1969-12-31"),
    ] {
        assert_eq!(date_of(unix), date);
    }
}
