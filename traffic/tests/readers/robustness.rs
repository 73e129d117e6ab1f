//! No input makes a reader panic, and every row read is either used or reported.

use proptest::prelude::*;
use traffic::{read, ColumnMapping, Format, Importer, TrafficError, MAX_LISTED_BAD_ROWS};

fn formats() -> Vec<Format> {
    let mapping = ColumnMapping {
        timestamp: "t".into(),
        model: Some("m".into()),
        input_tokens: "i".into(),
        output_tokens: "o".into(),
        requests: Some("n".into()),
        ..ColumnMapping::default()
    };
    vec![
        Format::LitellmSpendLogsCsv,
        Format::LitellmSpendLogsJson,
        Format::LitellmDailySpendCsv,
        Format::LitellmDailySpendJson,
        Format::OpenaiUsageCompletions,
        Format::GenericCsv {
            mapping: mapping.clone(),
        },
        Format::GenericJsonl { mapping },
    ]
}

fn check(bytes: &[u8]) {
    for format in formats() {
        let mut used = 0u64;
        match read(&format, bytes, &mut |_| used += 1) {
            Ok(report) => {
                assert_eq!(report.rows_used, used);
                assert_eq!(
                    report.rows_read,
                    report.rows_used + report.bad_rows_total + report.rows_skipped
                );
                assert!(report.bad_rows.len() <= MAX_LISTED_BAD_ROWS);
            }
            Err(TrafficError::NothingUsable { report }) => {
                assert_eq!(report.rows_used, 0);
                assert_eq!(
                    report.rows_read,
                    report.bad_rows_total + report.rows_skipped
                );
            }
            Err(_) => {}
        }
    }
}

proptest! {
    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        check(&bytes);
    }

    #[test]
    fn json_and_csv_shaped_text(text in r#"[\[\]{}",:\n 0-9a-z\-\.\\tmion]{0,300}"#) {
        check(text.as_bytes());
    }
}

#[test]
fn bad_rows_past_the_cap_are_counted_not_listed() {
    let mut text = String::from("t,m,i,o,n\n2025-01-01T00:00:00Z,a,1,1,1\n");
    for _ in 0..250 {
        text.push_str("2025-01-01T00:00:00Z,a,-1,1,1\n");
    }
    let format = &formats()[5];
    let report = read(format, text.as_bytes(), &mut |_| {}).expect("one row usable");
    assert_eq!((report.rows_read, report.bad_rows_total), (251, 250));
    assert_eq!(report.bad_rows.len(), MAX_LISTED_BAD_ROWS);
    assert_eq!(report.bad_rows[99].line, 102);
}

#[test]
fn unclosed_and_cut_json_is_reported() {
    let text = "[{\"startTime\":\"2025-01-01T00:00:00Z\",\"model\":\"a\",\"prompt_tokens\":1,\"completion_tokens\":1},\n{\"startTime\": \"2025";
    let report = read(&Format::LitellmSpendLogsJson, text.as_bytes(), &mut |_| {})
        .expect("the first row is usable");
    let reasons: Vec<_> = report
        .bad_rows
        .iter()
        .map(|b| (b.line, b.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            (2, "the JSON value is cut off at the end of the file"),
            (2, "the JSON array is not closed"),
        ]
    );
}

#[test]
fn a_cell_that_is_not_utf8_is_named() {
    let mut bytes = b"t,m,i,o,n\n2025-01-01T00:00:00Z,a,1,1,1\n2025-01-01T00:00:00Z,".to_vec();
    bytes.extend_from_slice(b"\xff\xfe,1,1,1\n");
    let report = read(&formats()[5], bytes.as_slice(), &mut |_| {}).expect("one row usable");
    assert_eq!(report.bad_rows[0].reason, "m: not UTF-8 text");
    assert_eq!(report.bad_rows[0].line, 3);
}

/// Every fixture read whole and fed in chunks of every small size (splitting a BOM, a CRLF,
/// a quoted cell, a multi-byte character) gives the same records and the same report.
#[test]
fn chunks_of_any_size_read_the_same() {
    let crlf = crate::litellm::DAILY_CSV.replace('\n', "\r\n");
    let bom_jsonl = format!(
        "\u{feff}{}",
        "{\"startTime\":\"2025-03-26T15:00:00Z\",\"model\":\"é\",\"prompt_tokens\":1,\"completion_tokens\":1}\r\n\r\n{\"model\":1}\n"
    );
    let cases: Vec<(Format, &str)> = vec![
        (Format::LitellmSpendLogsCsv, crate::litellm::SPEND_LOGS_CSV),
        (
            Format::LitellmSpendLogsJson,
            crate::litellm::SPEND_LOGS_JSON,
        ),
        (Format::LitellmDailySpendCsv, crate::litellm::DAILY_CSV),
        (Format::LitellmDailySpendCsv, &crlf),
        (Format::LitellmSpendLogsJson, &bom_jsonl),
        (Format::OpenaiUsageCompletions, crate::openai::PAGES),
    ];
    for (format, text) in cases {
        let mut whole = Vec::new();
        let expected = read(&format, text.as_bytes(), &mut |r| whole.push(r)).expect("usable");
        for size in 1..=9 {
            let mut importer = Importer::new(&format).expect("a known format");
            let mut records = Vec::new();
            for chunk in text.as_bytes().chunks(size) {
                importer
                    .feed(chunk, &mut |r| records.push(r))
                    .expect("a header");
            }
            assert_eq!(importer.bytes_read(), text.len() as u64);
            let report = importer.finish(&mut |r| records.push(r)).expect("usable");
            assert_eq!(records, whole, "{format:?} in chunks of {size}");
            assert_eq!(report, expected, "{format:?} in chunks of {size}");
        }
    }
}

#[test]
fn crlf_and_a_byte_order_mark_keep_lines_and_names() {
    let crlf = crate::litellm::DAILY_CSV.replace('\n', "\r\n");
    let mut records = Vec::new();
    let report = read(
        &Format::LitellmDailySpendCsv,
        format!("\u{feff}{crlf}").as_bytes(),
        &mut |r| records.push(r),
    )
    .expect("two days");
    assert_eq!(records.len(), 2);
    let lines: Vec<u64> = report.bad_rows.iter().map(|b| b.line).collect();
    assert_eq!(lines, [4, 5, 6]);
    assert!(report.ignored_columns.contains(&"id".to_string()));
}
