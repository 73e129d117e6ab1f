//! `POST /api/v1/traffic/analyse`: a LiteLLM spend-log export analysed over a socket (the
//! figures counted by hand), the replay on a saved scenario, and the refusals: a file with
//! nothing usable (422 naming line and reason), a bad offset, format or mapping (400 naming
//! the key), an unknown scenario (404), a body over the limit (413, declared or streamed);
//! a mapped log's times without an offset read in `tz`; uploads that trickle, are cut or
//! time out never keep a plan from its slot.

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::scenarios::{create, example, WORKED_EXAMPLE};
use crate::common::{configured, spawn, spawn_with, TestApp};

/// A LiteLLM spend-log export (the table's own columns, a prompt column that is never
/// read) of three requests and one bad row, on 2025-03-03 (a Monday) in UTC:
///
/// | line | hour (UTC) | model       | input | cached | output | spend  |
/// |------|------------|-------------|-------|--------|--------|--------|
/// | 2    | 10:05      | gpt-4o-mini | 100   | 40     | 20     | 0.001  |
/// | 3    | 10:40      | gpt-4o-mini | 300   | 0      | 60     | 0.002  |
/// | 4    | 12:15      | gpt-4o      | 200   | 0      | 40     | 0.003  |
/// | 5    | bad: prompt_tokens −5                                          |
///
/// Span 10:00–13:00 = 3 hours; 3 requests → 3 / 3 × 730 = 730 a month; mean input
/// 600 / 3 = 200, output 120 / 3 = 40; κ = 40 / 600; p50 input (nearest rank: the smallest
/// value with at least 1.5 of 3 at or below it) 200, p95 (2.85 of 3) 300; output p50 40,
/// p95 60; recorded spend 0.006 over 3 requests.
pub const SPEND_LOG: &str = r#"request_id,call_type,spend,prompt_tokens,completion_tokens,startTime,model,metadata,cache_hit,messages
a1,acompletion,0.001,100,20,2025-03-03T10:05:00Z,gpt-4o-mini,"{""usage_object"": {""prompt_tokens_details"": {""cached_tokens"": 40}}}",False,"[{""content"": ""secret""}]"
a2,acompletion,0.002,300,60,2025-03-03T10:40:00Z,gpt-4o-mini,{},False,
a3,acompletion,0.003,200,40,2025-03-03T12:15:00Z,gpt-4o,{},False,
a4,acompletion,0.0,-5,1,2025-03-03T12:20:00Z,gpt-4o,{},False,
"#;

const PATH: &str = "/api/v1/traffic/analyse";

async fn post_log(app: &TestApp, query: &str, body: &str) -> (u16, Value) {
    let reply = app
        .request(
            Method::POST,
            &format!("{PATH}{query}"),
            &[("content-type", "text/csv")],
            body.as_bytes().to_vec(),
        )
        .await;
    (reply.status, reply.json())
}

fn close(a: &Value, b: f64) -> bool {
    a.as_f64()
        .is_some_and(|a| (a - b).abs() <= 1e-9 * b.abs().max(1.0))
}

#[tokio::test]
async fn a_litellm_export_is_analysed_as_counted_by_hand() {
    let app = spawn(None).await;
    // The format named, and detected from the header: the same answer.
    for query in ["?format=litellm_spend_logs_csv&tz=%2B02:00", "?tz=%2B02:00"] {
        let (status, reply) = post_log(&app, query, SPEND_LOG).await;
        assert_eq!(status, 200, "{query}: {reply}");
        let report = &reply["report"];
        assert_eq!(report["rows_read"], json!(4), "{report}");
        assert_eq!(report["rows_used"], json!(3));
        assert_eq!(report["bad_rows_total"], json!(1));
        assert_eq!(
            report["bad_rows"],
            json!([{ "line": 5, "reason": "prompt_tokens: must be ≥ 0, got -5" }])
        );
        assert!(report["ignored_columns"]
            .as_array()
            .unwrap()
            .contains(&json!("messages")));
        let w = &reply["workload"];
        assert_eq!(w["hours"], json!(3.0), "{w}");
        assert_eq!(w["requests"], json!(3.0));
        assert!(close(&w["requests_per_month"], 730.0), "{w}");
        assert!(close(&w["input_tokens_mean"], 200.0), "{w}");
        assert!(close(&w["output_tokens_mean"], 40.0), "{w}");
        assert!(close(&w["cached_input_share"], 40.0 / 600.0), "{w}");
        assert_eq!(w["batch_share"], json!(0.0));
        let p = &w["percentiles"];
        assert_eq!(
            (
                &p["input_p50"],
                &p["input_p95"],
                &p["output_p50"],
                &p["output_p95"]
            ),
            (&json!(200), &json!(300), &json!(40), &json!(60)),
            "{p}"
        );
        assert!(close(&w["recorded_spend_usd"], 0.006), "{w}");
        assert_eq!(w["requests_with_spend"], json!(3.0));
        assert_eq!(w["offset_minutes"], json!(120));
        assert_eq!(w["first_date"], json!("2025-03-03"));
        let models: Vec<(&Value, &Value)> = w["models"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| (&m["model"], &m["requests"]))
            .collect();
        assert_eq!(
            models,
            [
                (&json!("gpt-4o-mini"), &json!(2.0)),
                (&json!("gpt-4o"), &json!(1.0))
            ]
        );
        // Three hours are not a week: no shape, and the reason says so.
        assert!(w["shape"].is_null(), "{w}");
        assert!(w["shape_reason"].as_str().is_some(), "{w}");
        assert!(reply["replay"].is_null());
        // The prompt column is never echoed.
        assert!(!reply.to_string().contains("secret"));
    }
}

#[tokio::test]
async fn a_saved_scenario_is_replayed_on_the_trace() {
    let app = spawn(None).await;
    let (id, _) = create(&app, &example()).await;
    let (status, reply) = post_log(&app, &format!("?scenario={id}"), SPEND_LOG).await;
    assert_eq!(status, 200, "{reply}");
    let replay = &reply["replay"];
    assert!(replay.is_object(), "{reply}");
    assert_eq!(replay["hours"], json!(3.0), "{replay}");
    assert!(close(&replay["months"], 3.0 / 730.0), "{replay}");
    // An unknown (or malformed) scenario is 404 naming it, before the body is analysed.
    for unknown in ["f".repeat(32), "nope".to_string()] {
        let (status, reply) = post_log(&app, &format!("?scenario={unknown}"), SPEND_LOG).await;
        assert_eq!(status, 404, "{reply}");
        assert_eq!(reply["error"]["field"], json!("scenario"), "{reply}");
    }
}

#[tokio::test]
async fn a_file_with_nothing_usable_is_422_naming_each_line_and_reason() {
    let app = configured(None, |s| s).await;
    let broken = "request_id,call_type,spend,prompt_tokens,completion_tokens,startTime,model\n\
                  b1,acompletion,0.0,-5,1,2025-03-03T12:20:00Z,gpt-4o\n\
                  b2,acompletion,0.0,7,2,yesterday,gpt-4o\n";
    let (status, reply) = post_log(&app, "?format=litellm_spend_logs_csv", broken).await;
    assert_eq!(status, 422, "{reply}");
    let errors: Vec<(&str, &str)> = reply["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["message"].as_str().unwrap()))
        .collect();
    assert_eq!(errors.len(), 3, "{reply}");
    assert!(
        errors[0].1.starts_with("nothing usable in the file"),
        "{errors:?}"
    );
    assert_eq!(
        errors[1..],
        [
            ("body", "line 2: prompt_tokens: must be ≥ 0, got -5"),
            (
                "body",
                "line 3: startTime: `yesterday` is not an RFC 3339 time or Unix seconds"
            ),
        ]
    );
    // A header without a column the format needs: 422 naming it.
    let (status, reply) = post_log(&app, "?format=litellm_spend_logs_csv", "a,b\n1,2\n").await;
    assert_eq!(status, 422, "{reply}");
    let message = reply["error"]["message"].as_str().unwrap();
    assert!(message.contains("startTime"), "{message}");
}

#[tokio::test]
async fn bad_query_values_are_400_naming_the_key() {
    let app = configured(None, |s| s).await;
    let mapping =
        r#"{"timestamp": "ts", "fixed_model": "m", "input_tokens": "in", "output_tokens": "out"}"#;
    let cases: [(String, &str, &str); 7] = [
        ("?tz=%2B25:00".into(), "tz", "outside"),
        ("?tz=Europe/Paris".into(), "tz", "not a fixed offset"),
        ("?format=excel".into(), "format", "unknown format `excel`"),
        (
            "?format=generic_csv".into(),
            "mapping",
            "needs a column mapping",
        ),
        (
            "?format=generic_csv&mapping=%7B%7D".into(),
            "mapping",
            "not a column mapping",
        ),
        (
            format!(
                "?format=litellm_spend_logs_csv&mapping={}",
                urlencode(mapping)
            ),
            "mapping",
            "takes no mapping",
        ),
        ("?revision=1".into(), "revision", "unknown query parameter"),
    ];
    for (query, field, says) in cases {
        let (status, reply) = post_log(&app, &query, SPEND_LOG).await;
        assert_eq!(status, 400, "{query}: {reply}");
        assert_eq!(reply["error"]["field"], json!(field), "{query}: {reply}");
        let message = reply["error"]["message"].as_str().unwrap();
        assert!(message.contains(says), "{query}: {message}");
    }
    // Bytes no format is detected in: 400 `format`, asking for one.
    let (status, reply) = post_log(&app, "", "hello,world\n1,2\n").await;
    assert_eq!(status, 400, "{reply}");
    assert_eq!(reply["error"]["field"], json!("format"));
    // A mapped generic CSV is read through its mapping.
    let csv = "ts,in,out\n2025-03-03T10:00:00Z,10,5\n2025-03-03T11:30:00Z,30,15\n";
    let (status, reply) = post_log(
        &app,
        &format!("?format=generic_csv&mapping={}", urlencode(mapping)),
        csv,
    )
    .await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["workload"]["requests"], json!(2.0));
    assert_eq!(reply["workload"]["hours"], json!(2.0));
    assert!(close(&reply["workload"]["input_tokens_mean"], 20.0));
}

#[tokio::test]
async fn a_log_must_come_as_a_log_media_type() {
    let app = configured(None, |s| s).await;
    for (content_type, status) in [
        ("text/plain", 415),
        ("application/x-www-form-urlencoded", 415),
        ("application/x-ndjson", 400),
        ("application/octet-stream; charset=binary", 200),
        ("text/csv; charset=utf-8", 200),
    ] {
        let body = match status {
            400 => b"not a log".to_vec(),
            _ => SPEND_LOG.as_bytes().to_vec(),
        };
        let reply = app
            .request(Method::POST, PATH, &[("content-type", content_type)], body)
            .await;
        assert_eq!(reply.status, status, "{content_type}: {:?}", reply.json());
    }
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_declared_or_streamed() {
    let big = format!(
        "{SPEND_LOG}{}",
        "a2,acompletion,0.002,300,60,2025-03-03T10:40:00Z,gpt-4o-mini,{},False,\n".repeat(40)
    );
    assert!(big.len() > 2048);
    // Over a socket the length is declared: refused before a byte is analysed.
    let served = spawn_with(
        None,
        |s| s.with_traffic_body_limit(2048),
        breakeven::ConnectionLimits::default(),
    )
    .await;
    // In process no length is declared: the streamed bytes are counted.
    let in_process = configured(None, |s| s.with_traffic_body_limit(2048)).await;
    for app in [&served, &in_process] {
        let (status, reply) = post_log(app, "", &big).await;
        assert_eq!(status, 413, "{reply}");
        let message = reply["error"]["message"].as_str().unwrap();
        assert!(message.contains("breakeven traffic import"), "{message}");
        // Under the limit it is read.
        let (status, reply) = post_log(app, "", SPEND_LOG).await;
        assert_eq!(status, 200, "{reply}");
    }
}

#[tokio::test]
async fn a_mapped_logs_naive_times_are_read_in_tz_unless_the_mapping_names_their_zone() {
    let app = configured(None, |s| s).await;
    // 23:30 on Sunday 2 March without an offset: in +02:00 it is 2 March there; read as
    // UTC it would be 01:30 on 3 March in +02:00.
    let csv = "ts,in,out\n2025-03-02T23:30:00,10,5\n2025-03-03T00:30:00,30,15\n";
    let open =
        r#"{"timestamp": "ts", "fixed_model": "m", "input_tokens": "in", "output_tokens": "out"}"#;
    let utc = r#"{"timestamp": "ts", "fixed_model": "m", "input_tokens": "in", "output_tokens": "out", "naive_offset_minutes": 0}"#;
    for (mapping, tz, first_date) in [
        (open, "%2B02:00", "2025-03-02"),
        (utc, "%2B02:00", "2025-03-03"),
        // No tz: UTC, for the shape and the naive times alike.
        (open, "Z", "2025-03-02"),
    ] {
        let query = format!("?format=generic_csv&tz={tz}&mapping={}", urlencode(mapping));
        let (status, reply) = post_log(&app, &query, csv).await;
        assert_eq!(status, 200, "{query}: {reply}");
        assert_eq!(reply["report"]["rows_used"], json!(2), "{reply}");
        assert_eq!(
            reply["workload"]["first_date"],
            json!(first_date),
            "{query}"
        );
    }
}

#[tokio::test]
async fn long_query_values_are_echoed_cut_and_a_mapping_over_4_kib_is_refused() {
    let app = configured(None, |s| s).await;
    let long = "q".repeat(300);
    let huge = format!(r#"{{"timestamp": "{}"}}"#, "t".repeat(5000));
    for (query, field) in [
        (format!("?tz={long}"), "tz"),
        (format!("?format={long}"), "format"),
        (format!("?{long}=1"), &*format!("{}…", "q".repeat(60))),
        (
            format!("?format=generic_csv&mapping={}", urlencode(&huge)),
            "mapping",
        ),
    ] {
        let (status, reply) = post_log(&app, &query, SPEND_LOG).await;
        assert_eq!(status, 400, "{reply}");
        assert_eq!(reply["error"]["field"], json!(field), "{reply}");
        let text = reply.to_string();
        assert!(
            !text.contains(&"q".repeat(61)) && !text.contains(&"t".repeat(61)),
            "{text}"
        );
    }
}

/// Sends a chunked upload's head and its first bytes, and leaves the body open.
async fn open_upload(base: &str, first: &str) -> TcpStream {
    let addr = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST {PATH} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/csv\r\n\
         Transfer-Encoding: chunked\r\n\r\n{:x}\r\n{first}\r\n",
        first.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream
}

/// The status line's code of the answer on `stream`.
async fn status_of(stream: &mut TcpStream) -> u16 {
    let mut reply = vec![0u8; 1024];
    let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut reply))
        .await
        .expect("an answer within 10 s")
        .unwrap();
    let text = String::from_utf8_lossy(&reply[..n]);
    text.split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

#[tokio::test]
async fn uploads_that_trickle_are_cut_or_time_out_never_keep_a_plan_from_its_slot() {
    // One slot for expensive work, a plan waits at most 300 ms for it.
    let app = spawn_with(
        None,
        |s| {
            s.with_expensive_slots(1, Duration::from_millis(300))
                .with_traffic_body_limit(4096)
                .with_request_timeout(Duration::from_secs(2))
        },
        breakeven::ConnectionLimits::default(),
    )
    .await;
    let plan = || app.post_plan(WORKED_EXAMPLE, "application/json");
    let (header, rows) = SPEND_LOG.split_once('\n').unwrap();
    // An upload under way, its body trickling in: a plan still gets its slot.
    let mut trickling = open_upload(&app.base, &format!("{header}\n{rows}")).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (status, reply) = plan().await;
    assert_eq!(status, 200, "while an upload trickles: {reply}");
    // Its end comes: it is analysed.
    trickling.write_all(b"0\r\n\r\n").await.unwrap();
    assert_eq!(status_of(&mut trickling).await, 200);
    // An upload cut off mid-body.
    let cut = open_upload(&app.base, SPEND_LOG).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    drop(cut);
    let (status, reply) = plan().await;
    assert_eq!(status, 200, "after a cut upload: {reply}");
    // A body streamed past the limit, no length declared: 413.
    let mut over = open_upload(&app.base, SPEND_LOG).await;
    let row = "a2,acompletion,0.002,300,60,2025-03-03T10:40:00Z,gpt-4o-mini,{},False,\n";
    let more = row.repeat(80);
    let chunk = format!("{:x}\r\n{more}\r\n0\r\n\r\n", more.len());
    over.write_all(chunk.as_bytes()).await.unwrap();
    assert_eq!(status_of(&mut over).await, 413);
    let (status, reply) = plan().await;
    assert_eq!(status, 200, "after a streamed 413: {reply}");
    // An upload that never ends: 503 at the request timeout, and a plan after it.
    let mut stalled = open_upload(&app.base, SPEND_LOG).await;
    assert_eq!(status_of(&mut stalled).await, 503);
    let (status, reply) = plan().await;
    assert_eq!(status, 200, "after a timed-out upload: {reply}");
}

/// Percent-encodes a query value.
pub fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
