//! The benchmark form's checks: the request it builds, and every problem named.

use super::*;

fn form(pairs: &[(&'static str, &str)]) -> Fields {
    let mut f: Fields = [
        (MODEL, "smollm2-135m"),
        (WEIGHTS, SYNTHETIC),
        (DTYPE, "q8_0"),
        (DEVICE, "cpu"),
        (CONCURRENCY, "1,2,4,8"),
        (PROMPT_TOKENS, "512"),
        (GEN_TOKENS, "128"),
        (REPETITIONS, "5"),
        (SLO_TTFT, "2000"),
        (SLO_TPOT, "200"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_string()))
    .collect();
    for (k, v) in pairs {
        f.insert(k, v.to_string());
    }
    f
}

#[test]
fn the_form_builds_the_servers_request() {
    let r = request(&form(&[])).unwrap();
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        serde_json::json!({
            "model": "smollm2-135m", "weights": {"kind": "synthetic"}, "dtype": "q8_0",
            "device": "cpu", "concurrency": [1, 2, 4, 8], "prompt_tokens": 512,
            "gen_tokens": 128, "repetitions": 5, "slo": {"ttft_ms": 2000.0, "tpot_ms": 200.0},
            "threads": null, "seed": 0, "max_memory_bytes": null
        })
    );
    let file = request(&form(&[
        (WEIGHTS, "/models/a.gguf"),
        (MODEL, ""),
        (DTYPE, ""),
        (SLO_TTFT, ""),
        (SLO_TPOT, ""),
        (CONCURRENCY, "8 4, 4"),
        (DEVICE, "cuda:1"),
    ]))
    .unwrap();
    assert_eq!(
        file.weights,
        WeightsSource::Path {
            path: "/models/a.gguf".into()
        }
    );
    assert_eq!((file.model, file.dtype, file.slo), (None, None, None));
    assert_eq!(file.concurrency, vec![4, 8]);
    assert_eq!(file.device, Device::Cuda(1));
}

#[test]
fn bad_fields_are_named() {
    type Edits = &'static [(&'static str, &'static str)];
    // (case, fields changed, the field, a word of its message)
    let cases: &[(&str, Edits, &str, &str)] = &[
        (
            "no concurrency",
            &[(CONCURRENCY, " ")],
            CONCURRENCY,
            "at least one",
        ),
        (
            "zero concurrency",
            &[(CONCURRENCY, "0,2")],
            CONCURRENCY,
            "≥ 1",
        ),
        (
            "text",
            &[(PROMPT_TOKENS, "lots")],
            PROMPT_TOKENS,
            "whole number",
        ),
        ("no gen", &[(GEN_TOKENS, "")], GEN_TOKENS, "required"),
        ("half an SLO", &[(SLO_TPOT, "")], SLO_TPOT, "> 0"),
        (
            "synthetic without a model",
            &[(MODEL, "")],
            MODEL,
            "architecture",
        ),
        ("threads", &[(THREADS, "-1")], THREADS, "whole number"),
        ("no device", &[(DEVICE, "")], DEVICE, "required"),
        ("a TPU", &[(DEVICE, "tpu")], DEVICE, "cuda:N"),
        ("a format", &[(DTYPE, "int3")], DTYPE, "number format"),
    ];
    for (case, pairs, field, word) in cases {
        let problems = request(&form(pairs)).unwrap_err();
        assert!(
            problems
                .iter()
                .any(|p| p.field == *field && p.message.contains(word)),
            "{case}: {problems:?}"
        );
    }
}

#[test]
fn server_errors_find_their_field() {
    for (field, key) in [
        ("concurrency", Some(CONCURRENCY)),
        ("concurrency[1]", Some(CONCURRENCY)),
        ("weights.path", Some(WEIGHTS)),
        ("slo", Some(SLO_TTFT)),
        ("slo.tpot_ms", Some(SLO_TPOT)),
        ("memory", None),
        ("modelx", None),
    ] {
        assert_eq!(form_key(field), key, "{field}");
    }
    assert_eq!(words("concurrency[1]"), "Concurrent requests[1]");
    assert_eq!(words("slo.tpot_ms"), "SLO: time per output token");
    assert_eq!(words("max_memory_bytes"), "max_memory_bytes");
}

#[test]
fn the_endpoint_option_builds_an_endpoint_request() {
    let r = request(&form(&[
        (DEVICE, ENDPOINT),
        (ENDPOINT_URL, "http://gpu-box:8000"),
        (ENDPOINT_MODEL, "Qwen/Qwen2.5-0.5B-Instruct"),
        (ENDPOINT_API, "completions"),
        (ENDPOINT_GPU, " NVIDIA L4 "),
        (DTYPE, ""),
        (THREADS, "4"),
    ]))
    .unwrap();
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        serde_json::json!({
            "model": "smollm2-135m", "weights": {"kind": "synthetic"}, "dtype": null,
            "device": "cpu", "concurrency": [1, 2, 4, 8], "prompt_tokens": 512,
            "gen_tokens": 128, "repetitions": 5, "slo": {"ttft_ms": 2000.0, "tpot_ms": 200.0},
            "threads": null, "seed": 0, "max_memory_bytes": null,
            "endpoint": {"url": "http://gpu-box:8000", "model": "Qwen/Qwen2.5-0.5B-Instruct",
                         "api": "completions", "gpu": "NVIDIA L4"}
        })
    );
    let problems = request(&form(&[(DEVICE, ENDPOINT), (ENDPOINT_API, "grpc")])).unwrap_err();
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, [ENDPOINT_URL, ENDPOINT_MODEL, ENDPOINT_API]);
    assert_eq!(words("endpoint.url"), "Endpoint");
}

#[test]
fn a_fix_refills_the_form_with_what_ran_and_its_new_slo() {
    // A request as the server stores it reads back from the refilled form unchanged but
    // for the SLO: relaxed (Some) or removed (None).
    let relaxed = Slo {
        ttft_ms: 60_000.0,
        tpot_ms: 9.2,
    };
    let from = |pairs: &[(&'static str, &str)]| request(&form(pairs)).unwrap();
    let cases = [
        from(&[(THREADS, "2"), (DTYPE, "")]),
        from(&[(WEIGHTS, "a.gguf"), (MODEL, ""), (DEVICE, "cuda:1")]),
        from(&[
            (DEVICE, ENDPOINT),
            (ENDPOINT_URL, "http://gpu-box:8000"),
            (ENDPOINT_MODEL, "m"),
            (ENDPOINT_GPU, "NVIDIA L4"),
        ]),
    ];
    for ran in cases {
        for slo in [Some(relaxed), None] {
            let mut refilled: Fields = BTreeMap::new();
            refilled.extend(fields_of(&ran, slo));
            let again = request(&refilled).unwrap();
            assert_eq!(again, BenchRequest { slo, ..ran.clone() });
        }
    }
}
