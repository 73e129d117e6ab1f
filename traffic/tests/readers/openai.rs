//! OpenAI's `/v1/organization/usage/completions` pages (fields per OpenAI's API reference,
//! cited in docs/traffic.md): hourly buckets grouped by model and batch.

use traffic::{read_all, Format, TrafficRecord, UNGROUPED_MODEL};

use crate::{assert_report, bad, request};

/// Two pages as fetched one after the other, pretty-printed; the second page starts on
/// line 18. Its first result is not grouped by model, the others are bad.
pub(crate) const PAGES: &str = r#"{
  "object": "page",
  "data": [
    {
      "object": "bucket",
      "start_time": 1730419200,
      "end_time": 1730422800,
      "results": [
        {"object": "organization.usage.completions.result", "input_tokens": 1000, "output_tokens": 500, "input_cached_tokens": 800, "num_model_requests": 5, "project_id": null, "user_id": null, "api_key_id": null, "model": "gpt-4o-mini-2024-07-18", "batch": false},
        {"object": "organization.usage.completions.result", "input_tokens": 2000, "output_tokens": 100, "input_cached_tokens": 0, "num_model_requests": 2, "project_id": null, "model": "gpt-4o-mini-2024-07-18", "batch": true, "input_audio_tokens": 0}
      ]
    },
    {"object": "bucket", "start_time": 1730422800, "end_time": 1730426400, "results": []}
  ],
  "has_more": true,
  "next_page": "page_AAAA"
}
{
  "object": "page",
  "data": [
    {
      "object": "bucket",
      "start_time": 1730426400,
      "end_time": 1730430000,
      "results": [
        {"object": "organization.usage.completions.result", "input_tokens": 10, "output_tokens": 5, "num_model_requests": 1, "model": null, "batch": null},
        {"object": "organization.usage.completions.result", "input_tokens": -1, "output_tokens": 5, "num_model_requests": 1, "model": "gpt-4o"},
        {"object": "organization.usage.completions.result", "input_tokens": 10, "output_tokens": 5, "input_cached_tokens": 8, "input_cache_write_tokens": 4, "num_model_requests": 1, "model": "gpt-4o"}
      ]
    },
    {"object": "bucket", "start_time": 1730433600, "end_time": 1730430000, "results": [{"input_tokens": 1, "output_tokens": 1, "num_model_requests": 1, "model": "gpt-4o"}]}
  ],
  "has_more": false,
  "next_page": null
}
"#;

fn bucket(start: i64, span: i64, model: &str, input: u64, output: u64, n: u64) -> TrafficRecord {
    TrafficRecord {
        bucket_seconds: Some(span),
        requests: n,
        ..request(start, model, input, output)
    }
}

#[test]
fn hourly_pages_grouped_by_model_and_batch() {
    let (records, report) =
        read_all(&Format::OpenaiUsageCompletions, PAGES.as_bytes()).expect("three results");
    assert_eq!(
        records,
        vec![
            TrafficRecord {
                cached_input_tokens: 800,
                ..bucket(1_730_419_200, 3600, "gpt-4o-mini-2024-07-18", 1000, 500, 5)
            },
            TrafficRecord {
                batch: true,
                ..bucket(1_730_419_200, 3600, "gpt-4o-mini-2024-07-18", 2000, 100, 2)
            },
            bucket(1_730_426_400, 3600, UNGROUPED_MODEL, 10, 5, 1),
        ]
    );
    assert_report(
        &report,
        6,
        &[
            bad(18, "data[0].results[1]: input_tokens: must be ≥ 0, got -1"),
            bad(
                18,
                "data[0].results[2]: cached (8) and cache-write (4) input tokens exceed the input tokens (10)",
            ),
            bad(18, "data[1]: end_time is not after start_time"),
        ],
        &["api_key_id", "input_audio_tokens", "project_id", "user_id"],
    );
}

#[test]
fn an_array_of_daily_pages_and_a_stray_value() {
    let text = r#"[{"object":"page","data":[{"start_time":1730419200,"end_time":1730505600,"results":[{"input_tokens":3,"output_tokens":1,"num_model_requests":1,"model":"o1","batch":true}]}]},
42]"#;
    let (records, report) =
        read_all(&Format::OpenaiUsageCompletions, text.as_bytes()).expect("one result");
    assert_eq!(
        records,
        vec![TrafficRecord {
            batch: true,
            ..bucket(1_730_419_200, 86_400, "o1", 3, 1, 1)
        }]
    );
    assert_report(
        &report,
        2,
        &[bad(
            2,
            "a number without `data` or `results`: not a usage page",
        )],
        &[],
    );
}
