//! LiteLLM's spend logs and daily spend tables, as CSV and JSON exports of the tables'
//! columns (schema: BerriAI/litellm `schema.prisma`, cited in docs/traffic.md).

use traffic::{read_all, Format, TrafficError, TrafficRecord};

use crate::{assert_report, bad, request};

/// `LiteLLM_SpendLogs` as a CSV export: the first row's prompt holds a comma and a newline
/// (so the next row starts on line 4), one row is in another zone, one is out of order, one
/// has no zone (LiteLLM stores UTC), and six are bad. `x_custom` is not a LiteLLM column.
pub(crate) const SPEND_LOGS_CSV: &str = r#"request_id,call_type,api_key,spend,total_tokens,prompt_tokens,completion_tokens,startTime,endTime,model,api_base,user,metadata,cache_hit,messages,response,team_id,x_custom
r1,acompletion,h1,0.00025,150,100,50,2025-03-26T17:10:02.123Z,2025-03-26T17:10:03Z,gpt-4o-mini,https://api.openai.com,u1,"{""usage_object"": {""prompt_tokens"": 100, ""prompt_tokens_details"": {""cached_tokens"": 64}}}",False,"[{""role"": ""user"", ""content"": ""a prompt,
with a newline""}]","{""text"": ""an answer""}",t1,zzz
r2,acompletion,h1,0.001,2010,2000,10,2025-03-26 19:40:00+02:00,2025-03-26 19:40:02+02:00,anthropic/claude-3-5-haiku,,u2,"{""usage_object"": {""cache_read_input_tokens"": 1500, ""cache_creation_input_tokens"": 300}}",,,,t1,
r3,acompletion,h1,0.0,7,-3,10,2025-03-26T17:00:00Z,,gpt-4o-mini,,,,,,,,
r4,acompletion,h1,0.0,7,4,3,yesterday,,gpt-4o-mini,,,,,,,,
r5,acompletion,h1,0.0,7,4,3,2025-03-26T17:00:00Z,,,,,,,,,,
r6,acompletion,h1,0.0,25,20,5,2025-03-25T23:59:59Z,,gpt-4o-mini,,,{},True,,,,
r7,acompletion,h1,0.0001,10,7,3,2025-03-26 08:00:00,,gpt-4o-mini,,,,,,,,
r8,acompletion,h1
r9,acompletion,h1,abc,10,7,3,2025-03-26T08:00:00Z,,gpt-4o-mini,,,,,,,,
r10,acompletion,h1,0.0,10,x,-1,2025-03-26T08:00:00Z,,gpt-4o-mini,,,,,,,,
"#;

#[test]
fn spend_logs_csv() {
    let (records, report) = read_all(&Format::LitellmSpendLogsCsv, SPEND_LOGS_CSV.as_bytes())
        .expect("four rows are usable");
    let expected = vec![
        TrafficRecord {
            cached_input_tokens: 64,
            spend_usd: Some(0.00025),
            ..request(1_743_009_002, "gpt-4o-mini", 100, 50)
        },
        TrafficRecord {
            cached_input_tokens: 1500,
            cache_write_tokens: 300,
            spend_usd: Some(0.001),
            ..request(1_743_010_800, "anthropic/claude-3-5-haiku", 2000, 10)
        },
        TrafficRecord {
            spend_usd: Some(0.0),
            proxy_cache_hit: true,
            ..request(1_742_947_199, "gpt-4o-mini", 20, 5)
        },
        TrafficRecord {
            spend_usd: Some(0.0001),
            ..request(1_742_976_000, "gpt-4o-mini", 7, 3)
        },
    ];
    assert_eq!(records, expected);
    assert_report(
        &report,
        10,
        &[
            bad(5, "prompt_tokens: must be ≥ 0, got -3"),
            bad(
                6,
                "startTime: `yesterday` is not an RFC 3339 time or Unix seconds",
            ),
            bad(7, "model: missing"),
            bad(10, "3 fields where the header has 18"),
            bad(11, "spend: not a number: `abc`"),
            bad(
                12,
                "prompt_tokens: not a number: `x`; completion_tokens: must be ≥ 0, got -1",
            ),
        ],
        &[
            "api_base",
            "api_key",
            "endTime",
            "messages",
            "request_id",
            "response",
            "team_id",
            "total_tokens",
            "user",
            "x_custom",
        ],
    );
}

/// The same table as a JSON array (metadata as an object, a prompt whose text holds braces
/// and an escaped quote, numbers as strings and floats, nulls), an embedding call and a
/// failed request (skipped, counted by reason).
pub(crate) const SPEND_LOGS_JSON: &str = r#"[
  {
    "request_id": "j1",
    "startTime": "2025-03-26T17:10:02Z",
    "model": "gpt-4o-mini",
    "prompt_tokens": 100,
    "completion_tokens": 50,
    "spend": 0.00025,
    "cache_hit": "False",
    "metadata": {"usage_object": {"prompt_tokens_details": {"cached_tokens": 64}}},
    "messages": [{"role": "user", "content": "brace } and [ bracket, \" quoted"}]
  },
  {"request_id": "j2", "startTime": "2025-03-26T16:30:00Z", "model": "gpt-4o", "prompt_tokens": "12", "completion_tokens": 3.0, "spend": null},
  {"request_id": "j3", "startTime": "2025-03-26T16:30:00Z", "model": "gpt-4o", "prompt_tokens": null, "completion_tokens": 1.5},
  "not an object",
  {"request_id": "j4", "call_type": "aembedding", "startTime": "2025-03-26T16:30:00Z", "model": "text-embedding-3-small", "prompt_tokens": 8, "completion_tokens": 0},
  {"request_id": "j5", "call_type": "acompletion", "status": "failure", "startTime": "2025-03-26T16:30:00Z", "model": "gpt-4o", "prompt_tokens": 0, "completion_tokens": 0},
  {"request_id": "j6", "call_type": "acompletion", "status": "success", "startTime": "2025-03-26T16:30:00+05:30", "model": "gpt-4o", "prompt_tokens": 9, "completion_tokens": 1}
]
"#;

#[test]
fn spend_logs_json_array() {
    let (records, report) = read_all(&Format::LitellmSpendLogsJson, SPEND_LOGS_JSON.as_bytes())
        .expect("two rows are usable");
    assert_eq!(
        records,
        vec![
            TrafficRecord {
                cached_input_tokens: 64,
                spend_usd: Some(0.00025),
                ..request(1_743_009_002, "gpt-4o-mini", 100, 50)
            },
            request(1_743_006_600, "gpt-4o", 12, 3),
            // 16:30 at +05:30 is 11:00 UTC.
            request(1_742_986_800, "gpt-4o", 9, 1),
        ]
    );
    assert_eq!(report.rows_skipped, 2);
    assert_eq!(
        report
            .skipped_by_reason
            .clone()
            .into_iter()
            .collect::<Vec<_>>(),
        [
            ("a failed request (status `failure`)".to_string(), 1),
            ("not a completion (call_type `aembedding`)".to_string(), 1),
        ]
    );
    assert_report(
        &report,
        7,
        &[
            bad(
                14,
                "prompt_tokens: missing; completion_tokens: must be a whole number, got 1.5",
            ),
            bad(15, "not a JSON object: a string"),
        ],
        &["messages", "request_id"],
    );
}

#[test]
fn spend_logs_jsonl_with_a_broken_line() {
    let text = concat!(
        r#"{"request_id":"l1","startTime":"2025-03-26T15:00:00Z","model":"gpt-4o","prompt_tokens":10,"completion_tokens":2,"spend":0.0001}"#,
        "\n",
        r#"{"request_id":"l2","startTime":"2025-03-26T15:00:00Z","model":"gpt-4o","prompt_tokens":10,"#,
        "\n\n",
        r#"{"request_id":"l3","startTime":1743001200,"model":"gpt-4o","prompt_tokens":10,"completion_tokens":2}"#,
        "\n",
    );
    let (records, report) =
        read_all(&Format::LitellmSpendLogsJson, text.as_bytes()).expect("two rows are usable");
    assert_eq!(
        records,
        vec![
            TrafficRecord {
                spend_usd: Some(0.0001),
                ..request(1_743_001_200, "gpt-4o", 10, 2)
            },
            request(1_743_001_200, "gpt-4o", 10, 2),
        ]
    );
    assert_eq!((report.rows_read, report.rows_used), (3, 2));
    assert_eq!(report.bad_rows.len(), 1);
    assert_eq!(report.bad_rows[0].line, 2);
    assert!(
        report.bad_rows[0].reason.starts_with("not valid JSON: "),
        "{:?}",
        report.bad_rows[0]
    );
}

/// `LiteLLM_DailyUserSpend` as a CSV export: one row per UTC day, key and model.
pub(crate) const DAILY_CSV: &str = "\
id,user_id,date,api_key,model,model_group,custom_llm_provider,prompt_tokens,completion_tokens,cache_read_input_tokens,cache_creation_input_tokens,spend,api_requests,successful_requests,failed_requests,created_at,updated_at
d1,u1,2025-04-02,k1,gpt-4o,gpt-4o,openai,120000,30000,50000,0,0.9,40,40,0,2025-04-02 10:00:00,2025-04-02 23:00:00
d2,u1,2025-04-01,k1,claude-3-5-sonnet,,anthropic,5000,1000,0,2000,0.02,3,3,0,2025-04-01 10:00:00,2025-04-01 23:00:00
d3,u1,2025-04-31,k1,gpt-4o,,openai,5000,1000,0,0,0.02,3,3,0,,
d4,u1,2025-04-03,k1,gpt-4o,,openai,5000,1000,0,0,0.02,,3,0,,
d5,u1,2025-04-03,k1,gpt-4o,,openai,5000,1000,6000,0,0.02,3,3,0,,
";

fn day(start_unix: i64, model: &str, input: u64, output: u64, requests: u64) -> TrafficRecord {
    TrafficRecord {
        bucket_seconds: Some(86_400),
        requests,
        ..request(start_unix, model, input, output)
    }
}

#[test]
fn daily_spend_csv() {
    let (records, report) =
        read_all(&Format::LitellmDailySpendCsv, DAILY_CSV.as_bytes()).expect("two days usable");
    assert_eq!(
        records,
        vec![
            TrafficRecord {
                cached_input_tokens: 50_000,
                spend_usd: Some(0.9),
                ..day(1_743_552_000, "gpt-4o", 120_000, 30_000, 40)
            },
            TrafficRecord {
                cache_write_tokens: 2_000,
                spend_usd: Some(0.02),
                ..day(1_743_465_600, "claude-3-5-sonnet", 5_000, 1_000, 3)
            },
        ]
    );
    assert_report(
        &report,
        5,
        &[
            bad(4, "date: `2025-04-31` is not a calendar date"),
            bad(5, "api_requests: missing"),
            bad(
                6,
                "cached (6000) and cache-write (0) input tokens exceed the input tokens (5000)",
            ),
        ],
        &[
            "api_key",
            "created_at",
            "custom_llm_provider",
            "failed_requests",
            "id",
            "model_group",
            "successful_requests",
            "updated_at",
            "user_id",
        ],
    );
}

#[test]
fn daily_spend_json_team_table_without_cache_columns() {
    // `LiteLLM_DailyTeamSpend` rows from before the cache columns were added.
    let text = r#"[{"team_id":"t1","date":"2025-04-01","model":"gpt-4o","prompt_tokens":10,"completion_tokens":4,"spend":0.1,"api_requests":2},
{"team_id":"t1","date":"2025-04-01","model":"gpt-4o","prompt_tokens":10,"completion_tokens":4,"spend":-0.1,"api_requests":2}]"#;
    let (records, report) =
        read_all(&Format::LitellmDailySpendJson, text.as_bytes()).expect("one day usable");
    assert_eq!(
        records,
        vec![TrafficRecord {
            spend_usd: Some(0.1),
            ..day(1_743_465_600, "gpt-4o", 10, 4, 2)
        }]
    );
    assert_report(
        &report,
        2,
        &[bad(2, "spend: must be a finite amount ≥ 0, got -0.1")],
        &["team_id"],
    );
}

#[test]
fn a_header_without_a_required_column_is_refused_at_once() {
    let text = "date,model,prompt_tokens,completion_tokens\n2025-04-01,gpt-4o,1,1\n";
    match read_all(&Format::LitellmDailySpendCsv, text.as_bytes()) {
        Err(TrafficError::MissingColumns { missing, found }) => {
            assert_eq!(missing, ["api_requests"]);
            assert_eq!(
                found,
                ["date", "model", "prompt_tokens", "completion_tokens"]
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_file_of_bad_rows_fails_naming_the_first() {
    let text = "startTime,model,prompt_tokens,completion_tokens\n\
                2025-03-26T17:00:00Z,gpt-4o,-1,1\n\
                2025-03-26T17:00:00Z,gpt-4o,1,-1\n";
    let err = read_all(&Format::LitellmSpendLogsCsv, text.as_bytes()).expect_err("nothing usable");
    assert_eq!(
        err.to_string(),
        "nothing usable in the file: 2 rows read, all refused (the first, line 2: \
         prompt_tokens: must be ≥ 0, got -1)"
    );
    let TrafficError::NothingUsable { report } = err else {
        panic!("{err:?}")
    };
    assert_eq!(report.bad_rows_total, 2);
}

#[test]
fn a_log_of_embeddings_only_says_so() {
    let text = "call_type,startTime,model,prompt_tokens,completion_tokens\n\
                aembedding,2025-03-26T17:00:00Z,text-embedding-3-small,8,0\n";
    let err = read_all(&Format::LitellmSpendLogsCsv, text.as_bytes()).expect_err("nothing usable");
    assert_eq!(
        err.to_string(),
        "nothing usable in the file: 1 rows read, none of them completion traffic \
         (1 × not a completion (call_type `aembedding`))"
    );
}
