//! `endpoint_bench`: the endpoint's URL and the host allowlist, the Server-Sent Events
//! reader and error bodies, a point's figures from its samples, and the seeded prompts.

use api::bench::{EndpointApi, Slo};
use breakeven::endpoint_bench::{allowed_hosts, check_allowed, Target};
use breakeven::testing::{
    error_message, point, prompt, read_event, redact, Sample, SseReader, Streamed, Usage,
};

// The endpoint's URL and the allowlist.

#[test]
fn urls_become_a_v1_base_and_a_host() {
    for (text, base, host) in [
        ("http://gpu:8000", "http://gpu:8000/v1", "gpu:8000"),
        ("http://GPU:8000/v1/", "http://gpu:8000/v1", "gpu:8000"),
        (
            "http://10.0.0.2/v1/chat/completions",
            "http://10.0.0.2/v1",
            "10.0.0.2",
        ),
        (
            "http://h:1/proxy/v1/completions",
            "http://h:1/proxy/v1",
            "h:1",
        ),
    ] {
        let t = Target::parse(text).unwrap();
        assert_eq!((t.base.as_str(), t.host.as_str()), (base, host), "{text}");
    }
    let t = Target::parse("http://h:1").unwrap();
    assert_eq!(t.url(EndpointApi::Chat), "http://h:1/v1/chat/completions");
    assert_eq!(t.url(EndpointApi::Completions), "http://h:1/v1/completions");
}

#[test]
fn secrets_queries_and_https_are_refused_without_echoing_secrets() {
    let e = Target::parse("http://me:sk-secret@h:1")
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("endpoint.url: must not carry credentials"),
        "{e}"
    );
    assert!(!e.contains("sk-secret"), "{e}");
    for text in ["http://h:1/v1?key=x", "https://h", "ftp://h", "not a url"] {
        let e = Target::parse(text).unwrap_err().to_string();
        assert!(e.starts_with("endpoint.url: "), "{text}: {e}");
    }
}

#[test]
fn the_allowlist_matches_host_and_port_exactly() {
    let hosts = allowed_hosts(&[" GPU:8000".into(), "".into(), "other".into()]);
    assert_eq!(hosts, ["gpu:8000", "other"]);
    let allowed = |u: &str| check_allowed(&Target::parse(u).unwrap(), &hosts);
    assert!(allowed("http://gpu:8000/v1").is_ok());
    assert!(allowed("http://other/v1").is_ok());
    let e = allowed("http://gpu:8001").unwrap_err().to_string();
    assert!(
        e.contains("gpu:8001 is not allowed") && e.contains("gpu:8000, other"),
        "{e}"
    );
    // http's default port is the same address written two ways.
    assert!(allowed("http://other:80").is_ok());
    assert!(allowed("http://other:81").is_err());
    let none = check_allowed(&Target::parse("http://gpu:8000").unwrap(), &[]);
    assert!(none.unwrap_err().to_string().contains("--bench-endpoints"));
}

// The Server-Sent Events reader and error bodies.

#[test]
fn events_split_across_chunks_are_read_whole() {
    let mut reader = SseReader::default();
    assert!(reader.push(b"data: {\"a\"").is_empty());
    assert_eq!(
        reader.push(b":1}\r\n\r\ndata: [DONE]\n"),
        ["{\"a\":1}", "[DONE]"]
    );
    assert!(reader.push(b": comment\nevent: x\n").is_empty());
}

#[test]
fn chat_and_completion_events_give_text_usage_and_reason() {
    let mut out = Streamed {
        chunk_s: vec![],
        text: String::new(),
        usage: None,
        finish_reason: None,
    };
    let role = r#"{"choices":[{"delta":{"role":"assistant","content":""}}]}"#;
    read_event(role, 0.1, &mut out).unwrap();
    assert!(out.chunk_s.is_empty());
    read_event(r#"{"choices":[{"delta":{"content":"Hi"}}]}"#, 0.2, &mut out).unwrap();
    read_event(
        r#"{"choices":[{"text":" there","finish_reason":"length"}]}"#,
        0.3,
        &mut out,
    )
    .unwrap();
    let usage = r#"{"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2}}"#;
    read_event(usage, 0.4, &mut out).unwrap();
    assert_eq!(out.chunk_s, [0.2, 0.3]);
    assert_eq!(out.text, "Hi there");
    assert_eq!(out.finish_reason.as_deref(), Some("length"));
    assert_eq!(
        out.usage,
        Some(Usage {
            prompt_tokens: 5,
            completion_tokens: 2
        })
    );
    assert!((out.decode_span_s() - 0.1).abs() < 1e-12);
    let e = read_event(r#"{"error":{"message":"overloaded"}}"#, 0.5, &mut out);
    assert!(e.unwrap_err().contains("overloaded"));
    assert!(read_event("nope", 0.5, &mut out)
        .unwrap_err()
        .contains("not JSON"));
}

#[test]
fn error_bodies_give_their_message_without_the_key() {
    assert_eq!(
        error_message(r#"{"error":{"message":"bad key"}}"#),
        "bad key"
    );
    assert_eq!(error_message(r#"{"detail":"Not Found"}"#), "Not Found");
    assert_eq!(error_message("  plain text "), "plain text");
    assert_eq!(error_message(""), "no message");
    assert!(error_message(&"x".repeat(1000)).ends_with('…'));
    assert_eq!(
        redact("key sk-1 is wrong", Some("sk-1")),
        "key [API key] is wrong"
    );
}

// A point's figures from its samples.

fn s(first: f64, last: f64, tokens: usize) -> Sample {
    Sample {
        ttft_s: first,
        first_s: first,
        last_s: last,
        gaps_s: vec![(last - first) / (tokens - 1) as f64; tokens - 1],
        tokens,
        prompt_tokens: 100,
        chunks: tokens,
    }
}

#[test]
fn a_point_is_worked_from_its_samples() {
    // Two requests decoded together: 0.1 → 1.0 s, 10 tokens each.
    let together = vec![vec![s(0.1, 1.0, 10), s(0.1, 1.0, 10)]; 5];
    let p = point(2, &together, None, "u").unwrap();
    assert!((p.ttft_ms_p50 - 100.0).abs() < 1e-9);
    assert!((p.tpot_ms_p50 - 100.0).abs() < 1e-9);
    assert!((p.prefill_tokens_per_s - 2000.0).abs() < 1e-9);
    // 18 decoded tokens over 0.9 s.
    assert!((p.decode_tokens_per_s - 20.0).abs() < 1e-9);
    assert_eq!(p.inter_token_ms.unwrap().samples, 5 * 2 * 9);
    // The same two queued one after the other: half the rate.
    let queued = vec![vec![s(0.1, 1.0, 10), s(1.1, 2.0, 10)]; 5];
    let q = point(2, &queued, None, "u").unwrap();
    assert!((q.decode_tokens_per_s - 18.0 / 1.9).abs() < 1e-9);
    let slo = Slo {
        ttft_ms: 500.0,
        tpot_ms: 200.0,
    };
    assert_eq!(q.meets_slo, None);
    assert_eq!(
        point(2, &queued, Some(&slo), "u").unwrap().meets_slo,
        Some(false)
    );
}

// Prompts.

#[test]
fn prompts_are_seeded_and_differ_from_the_first_words() {
    assert_eq!(prompt(1, 3, 20), prompt(1, 3, 20));
    assert_eq!(prompt(1, 3, 20).split(' ').count(), 20);
    let starts: std::collections::HashSet<String> = (0..50)
        .map(|i| {
            prompt(1, i, 20)
                .split(' ')
                .take(4)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert_eq!(starts.len(), 50);
}
