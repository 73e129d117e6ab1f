//! Timestamps: every accepted spelling of one instant, and the refused ones with reasons.

use traffic::time::parse_timestamp;

/// 2025-03-26T17:10:02Z.
const INSTANT: i64 = 1_743_009_002;

#[test]
fn every_spelling_of_one_instant_is_the_same_second() {
    let cases: &[(&str, Option<i32>)] = &[
        ("2025-03-26T17:10:02Z", None),
        ("2025-03-26t17:10:02z", None),
        ("2025-03-26T19:10:02+02:00", None),
        ("2025-03-26 17:10:02.999+00", None),
        ("2025-03-26T12:10:02-0500", None),
        ("2025-03-26T22:40:02+05:30", None),
        ("1743009002", None),
        ("1743009002.7", None),
        (" 2025-03-26T17:10:02Z ", None),
        ("2025-03-26T17:10:02", Some(0)),
        ("2025-03-26 18:10:02", Some(60)),
        ("2025-03-26T10:10:02", Some(-420)),
    ];
    for (text, naive) in cases {
        assert_eq!(parse_timestamp(text, *naive), Ok(INSTANT), "{text}");
    }
}

#[test]
fn dates_minutes_and_leap_days() {
    assert_eq!(parse_timestamp("2024-02-29", Some(0)), Ok(1_709_164_800));
    assert_eq!(
        parse_timestamp("2024-02-29T00:00Z", None),
        Ok(1_709_164_800)
    );
    assert_eq!(parse_timestamp("1970-01-01T00:00:00Z", None), Ok(0));
    // A leap second is the last second of its minute.
    assert_eq!(
        parse_timestamp("2016-12-31T23:59:60Z", None),
        parse_timestamp("2016-12-31T23:59:59Z", None)
    );
}

#[test]
fn refused_times_say_why() {
    let cases: &[(&str, Option<i32>, &str)] = &[
        ("", None, "empty time"),
        ("2025-03-26T17:10:02", None, "has no time zone"),
        ("2025-03-26", None, "has no time zone"),
        ("2025-02-29T00:00:00Z", None, "is not a calendar date"),
        ("2025-13-01T00:00:00Z", None, "is not a calendar date"),
        ("2025-03-26T24:00:00Z", None, "is not a time of day"),
        ("2025-03-26T17:10:02+25:00", None, "unreadable offset"),
        ("2025-03-26T17:10:02 PST", None, "is not an RFC 3339 time"),
        ("1743009002000", None, "milliseconds are not accepted"),
        ("1.2.3", None, "is not Unix seconds"),
        ("1969-12-31T23:59:59Z", None, "outside 1970 to 9999"),
        ("yesterday", None, "is not an RFC 3339 time"),
        ("2025-03-26T17", None, "is not an RFC 3339 time"),
        ("2025-03-26T17:10:02.Z", None, "is not an RFC 3339 time"),
        ("２０２５-03-26", Some(0), "is not an RFC 3339 time"),
    ];
    for (text, naive, reason) in cases {
        match parse_timestamp(text, *naive) {
            Ok(v) => panic!("{text:?} was read as {v}"),
            Err(e) => assert!(e.contains(reason), "{text:?}: {e}"),
        }
    }
}
