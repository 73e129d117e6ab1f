//! Format sniffing on each format's fixture.

use traffic::{detect, Format};

use crate::{litellm, openai};

#[test]
fn each_fixture_is_recognised() {
    let daily_json = r#"[{"team_id":"t1","date":"2025-04-01","model":"gpt-4o","prompt_tokens":10,"completion_tokens":4,"spend":0.1,"api_requests":2}]"#;
    let litellm_jsonl = r#"{"request_id":"l1","startTime":"2025-03-26T15:00:00Z","model":"gpt-4o","prompt_tokens":10,"completion_tokens":2}"#;
    let results_only = r#"[{"start_time": 1730419200, "end_time": 1730505600, "results": [{"input_tokens": 3, "output_tokens": 1, "num_model_requests": 1}]}]"#;
    let cases: &[(&str, &[u8], Option<Format>)] = &[
        (
            "spend logs CSV",
            litellm::SPEND_LOGS_CSV.as_bytes(),
            Some(Format::LitellmSpendLogsCsv),
        ),
        (
            "spend logs JSON",
            litellm::SPEND_LOGS_JSON.as_bytes(),
            Some(Format::LitellmSpendLogsJson),
        ),
        (
            "spend logs JSONL",
            litellm_jsonl.as_bytes(),
            Some(Format::LitellmSpendLogsJson),
        ),
        (
            "daily CSV",
            litellm::DAILY_CSV.as_bytes(),
            Some(Format::LitellmDailySpendCsv),
        ),
        (
            "daily JSON",
            daily_json.as_bytes(),
            Some(Format::LitellmDailySpendJson),
        ),
        (
            "OpenAI pages",
            openai::PAGES.as_bytes(),
            Some(Format::OpenaiUsageCompletions),
        ),
        // The first 80 bytes of a page: `"object": "page"` is enough.
        (
            "OpenAI page, cut",
            &openai::PAGES.as_bytes()[..80],
            Some(Format::OpenaiUsageCompletions),
        ),
        (
            "OpenAI buckets without a page",
            results_only.as_bytes(),
            Some(Format::OpenaiUsageCompletions),
        ),
        // A byte-order mark and blank lines before the header.
        (
            "spend logs CSV with a BOM",
            "\u{feff}\n request_id,\"startTime\",prompt_tokens\nr1,x,1\n".as_bytes(),
            Some(Format::LitellmSpendLogsCsv),
        ),
        // Columns no format names: the user maps them.
        ("a generic CSV", b"ts,model,in,out\n1,m,1,1\n", None),
        // A key-like text inside a value is not a key.
        (
            "keys only inside a prompt",
            br#"{"messages": "\"request_id\": 1, \"startTime\": 2, \"prompt_tokens\": 3", "x": 1}"#,
            None,
        ),
        // "page" as the value of another key, or below the top level, is no page.
        (
            "page elsewhere",
            br#"{"kind": "page", "inner": {"object": "page"}}"#,
            None,
        ),
        ("empty", b"", None),
        ("blank", b"  \n\t ", None),
        ("not UTF-8", b"\xff\xfe,\x00\n", None),
    ];
    for (name, bytes, expected) in cases {
        assert_eq!(&detect(bytes), expected, "{name}");
    }
}
