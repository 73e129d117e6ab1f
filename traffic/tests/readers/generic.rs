//! Any CSV or JSONL through a column mapping.

use traffic::{read_all, ColumnMapping, Format, TrafficError, TrafficRecord};

use crate::{assert_report, bad, request};

#[test]
fn csv_with_a_mapping_and_a_zone_for_naive_times() {
    let text = "\
ts,model,in,out,cached,n,region
1743001200,gpt-4o,100,20,10,2,eu
2025-03-26T10:00:00-05:00,gpt-4o,50,5,,1,us
2025-03-26 16:00:00,llama-3.1-8b,30,3,0,1,eu
2025-03-26T15:00:00Z,gpt-4o,30,3,0,0.5,eu
,gpt-4o,1,1,0,1,eu
";
    let mapping = ColumnMapping {
        timestamp: "ts".into(),
        model: Some("model".into()),
        input_tokens: "in".into(),
        output_tokens: "out".into(),
        cached_input_tokens: Some("cached".into()),
        requests: Some("n".into()),
        naive_offset_minutes: Some(60),
        ..ColumnMapping::default()
    };
    let (records, report) =
        read_all(&Format::GenericCsv { mapping }, text.as_bytes()).expect("three rows");
    assert_eq!(
        records,
        vec![
            TrafficRecord {
                cached_input_tokens: 10,
                requests: 2,
                ..request(1_743_001_200, "gpt-4o", 100, 20)
            },
            request(1_743_001_200, "gpt-4o", 50, 5),
            request(1_743_001_200, "llama-3.1-8b", 30, 3),
        ]
    );
    assert_report(
        &report,
        5,
        &[
            bad(5, "n: must be a whole number, got 0.5"),
            bad(6, "ts: missing"),
        ],
        &["region"],
    );
}

#[test]
fn jsonl_hourly_buckets_of_one_model() {
    let text = r#"{"hour":"2025-03-26T15:00:00Z","prompt":400,"completion":40,"calls":4,"usd":0.01,"is_batch":"yes","note":"x"}
{"hour":"2025-03-26T14:00:00Z","prompt":100,"completion":10,"calls":1,"usd":"NaN","is_batch":"maybe"}
"#;
    let mapping = ColumnMapping {
        timestamp: "hour".into(),
        fixed_model: Some("my-model".into()),
        input_tokens: "prompt".into(),
        output_tokens: "completion".into(),
        requests: Some("calls".into()),
        spend_usd: Some("usd".into()),
        batch: Some("is_batch".into()),
        bucket_seconds: Some(3600),
        ..ColumnMapping::default()
    };
    let (records, report) =
        read_all(&Format::GenericJsonl { mapping }, text.as_bytes()).expect("one row");
    assert_eq!(
        records,
        vec![TrafficRecord {
            bucket_seconds: Some(3600),
            requests: 4,
            spend_usd: Some(0.01),
            batch: true,
            ..request(1_743_001_200, "my-model", 400, 40)
        }]
    );
    assert_report(
        &report,
        2,
        &[bad(
            2,
            "usd: must be a finite amount ≥ 0, got NaN; is_batch: not a yes/no: `maybe`",
        )],
        &["note"],
    );
}

#[test]
fn an_unusable_mapping_names_every_problem() {
    let mapping = ColumnMapping {
        naive_offset_minutes: Some(900),
        ..ColumnMapping::default()
    };
    match read_all(&Format::GenericCsv { mapping }, "a\n1\n".as_bytes()) {
        Err(TrafficError::Mapping(m)) => assert_eq!(
            m,
            "timestamp: name the column; input_tokens: name the column; output_tokens: name \
             the column; model: name the model column or give fixed_model (one of them); \
             naive_offset_minutes: must be −720 to 840, got 900"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn jsonl_with_nested_usage_read_through_dotted_paths() {
    let text = r#"{"created_at":"2025-03-26T15:00:00Z","model":"gpt-4o","usage":{"prompt_tokens":120,"completion_tokens":30,"prompt_tokens_details":{"cached_tokens":100}},"trace":{"id":"x"}}
{"created_at":"2025-03-26T15:00:00Z","model":"gpt-4o","usage":{"prompt_tokens":120}}
"#;
    let mapping = ColumnMapping {
        timestamp: "created_at".into(),
        model: Some("model".into()),
        input_tokens: "usage.prompt_tokens".into(),
        output_tokens: "usage.completion_tokens".into(),
        cached_input_tokens: Some("usage.prompt_tokens_details.cached_tokens".into()),
        ..ColumnMapping::default()
    };
    let (records, report) =
        read_all(&Format::GenericJsonl { mapping }, text.as_bytes()).expect("one row");
    assert_eq!(
        records,
        vec![TrafficRecord {
            cached_input_tokens: 100,
            ..request(1_743_001_200, "gpt-4o", 120, 30)
        }]
    );
    assert_report(
        &report,
        2,
        &[bad(2, "usage.completion_tokens: missing")],
        &["trace"],
    );
}
