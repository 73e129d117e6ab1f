//! Bad input is rejected with the field's path and the reason; nothing becomes a default.

use tco::{parse_scenario, Format};

const VALID: &str = r#"{"name": "ok", "workload": {"requests_per_month": 1000, "input_tokens": 100, "output_tokens": 50},
  "llm": {"model": "gpt-4o"},
  "slm": {"serving": "self_hosted", "gpu_usd_per_hour": 1, "prefill_tokens_per_s": 1000, "decode_tokens_per_s": 100}}"#;

fn errors(text: &str, format: Format) -> Vec<(String, String)> {
    match parse_scenario(text, format, pricing::bundled_table()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.into_iter().map(|e| (e.field, e.message)).collect(),
    }
}

/// (case, JSON, expected field, a word the message must contain)
const JSON_CASES: &[(&str, &str, &str, &str)] = &[
    (
        "typo in a key",
        r#"{"name": "x", "workload": {"requets_per_month": 1}}"#,
        "workload.requets_per_month",
        "unknown field",
    ),
    (
        "unknown section",
        r#"{"name": "x", "extra": {}}"#,
        "extra",
        "unknown field",
    ),
    (
        "wrong type",
        r#"{"name": "x", "workload": {"requests_per_month": "many"}}"#,
        "workload.requests_per_month",
        "invalid type",
    ),
    (
        "unknown serving",
        r#"{"name": "x", "slm": {"serving": "cloud"}}"#,
        "slm.serving",
        "unknown variant",
    ),
    (
        "trailing garbage",
        "{\"name\": \"x\"} {",
        "",
        "invalid JSON",
    ),
];

#[test]
fn parse_errors_name_their_path() {
    for &(case, json, field, word) in JSON_CASES {
        let errs = errors(json, Format::Json);
        assert_eq!(errs.len(), 1, "{case}: {errs:?}");
        assert_eq!(errs[0].0, field, "{case}: {errs:?}");
        assert!(errs[0].1.contains(word), "{case}: {errs:?}");
    }
}

/// (case, replacement applied to VALID, expected field, a word the message must contain)
const RANGE_CASES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "blank workload source",
        r#""output_tokens": 50"#,
        r#""output_tokens": 50, "source": "  ""#,
        "workload.source",
        "blank",
    ),
    (
        "negative volume",
        r#""requests_per_month": 1000"#,
        r#""requests_per_month": -5"#,
        "workload.requests_per_month",
        "between 0",
    ),
    (
        "share above 1",
        r#""output_tokens": 50"#,
        r#""output_tokens": 50, "cached_input_share": 1.5"#,
        "workload.cached_input_share",
        "between 0 and 1",
    ),
    (
        "peak below 1",
        r#""output_tokens": 50"#,
        r#""output_tokens": 50, "peak_to_average": 0.5"#,
        "workload.peak_to_average",
        "between 1",
    ),
    (
        "growth of -100 %",
        r#""output_tokens": 50"#,
        r#""output_tokens": 50, "monthly_growth": -1"#,
        "workload.monthly_growth",
        "> -1",
    ),
    (
        "zero GPU price",
        r#""gpu_usd_per_hour": 1"#,
        r#""gpu_usd_per_hour": 0"#,
        "slm.gpu_usd_per_hour",
        "> 0",
    ),
    (
        "fractional GPUs",
        r#""gpu_usd_per_hour": 1"#,
        r#""gpu_usd_per_hour": 1, "gpus_per_replica": 1.5"#,
        "slm.gpus_per_replica",
        "whole number",
    ),
    (
        "utilisation above 1",
        r#""gpu_usd_per_hour": 1"#,
        r#""gpu_usd_per_hour": 1, "target_utilization": 1.2"#,
        "slm.target_utilization",
        "<= 1",
    ),
    (
        "unknown model",
        r#""model": "gpt-4o""#,
        r#""model": "gpt-9""#,
        "llm.model",
        "not in the price table",
    ),
    (
        "API price on a self-hosted SLM",
        r#""gpu_usd_per_hour": 1"#,
        r#""gpu_usd_per_hour": 1, "input_usd_per_mtok": 1"#,
        "slm.input_usd_per_mtok",
        "not used",
    ),
    (
        "empty name",
        r#""name": "ok""#,
        r#""name": "  ""#,
        "name",
        "empty",
    ),
    (
        "a NUL in the name",
        r#""name": "ok""#,
        r#""name": "o\u0000k""#,
        "name",
        "NUL character (U+0000)",
    ),
    (
        "llm with nothing",
        r#""llm": {"model": "gpt-4o"}"#,
        r#""llm": {}"#,
        "llm",
        "at least one price",
    ),
    (
        "share in a cascade",
        r#""name": "ok""#,
        r#""name": "ok", "routing": {"mode": "cascade", "slm_share": 0.5}"#,
        "routing.slm_share",
        "cascade",
    ),
    (
        "min quality alone",
        r#""name": "ok""#,
        r#""name": "ok", "routing": {"min_quality": 0.9}"#,
        "routing.min_quality",
        "needs",
    ),
    (
        "horizon of 0",
        r#""name": "ok""#,
        r#""name": "ok", "finance": {"horizon_months": 0}"#,
        "finance.horizon_months",
        "whole number",
    ),
    (
        "uncertain unknown path",
        r#""name": "ok""#,
        r#""name": "ok", "uncertainty": {"inputs": {"workload.foo": {"p10": 1, "p90": 2}}}"#,
        "uncertainty.inputs.workload.foo",
        "not a numeric input",
    ),
    (
        "inverted quantiles",
        r#""name": "ok""#,
        r#""name": "ok", "uncertainty": {"inputs": {"slm.gpu_usd_per_hour": {"p10": 3, "p90": 2}}}"#,
        "uncertainty.inputs.slm.gpu_usd_per_hour",
        "must not exceed",
    ),
    (
        "uncertain field of the other mode",
        r#""name": "ok""#,
        r#""name": "ok", "uncertainty": {"inputs": {"slm.input_usd_per_mtok": {"p10": 1, "p90": 2}}}"#,
        "uncertainty.inputs.slm.input_usd_per_mtok",
        "does not apply",
    ),
];

#[test]
fn out_of_range_values_name_the_field_and_reason() {
    assert!(errors(VALID, Format::Json).is_empty());
    for &(case, from, to, field, word) in RANGE_CASES {
        let json = VALID.replacen(from, to, 1);
        assert_ne!(json, VALID, "{case}: replacement did not apply");
        let errs = errors(&json, Format::Json);
        assert!(
            errs.iter().any(|(f, m)| f == field && m.contains(word)),
            "{case}: {errs:?}"
        );
    }
}

#[test]
fn every_missing_field_is_reported_at_once() {
    let errs = errors(
        r#"{"workload": {}, "slm": {"serving": "self_hosted"}}"#,
        Format::Json,
    );
    let fields: Vec<&str> = errs.iter().map(|(f, _)| f.as_str()).collect();
    for expected in [
        "name",
        "workload.requests_per_month",
        "workload.input_tokens",
        "workload.output_tokens",
        "llm",
        "slm.gpu_usd_per_hour",
        "slm.prefill_tokens_per_s",
        "slm.decode_tokens_per_s",
    ] {
        assert!(
            fields.contains(&expected),
            "{expected} missing from {fields:?}"
        );
    }
}

#[test]
fn toml_has_the_same_structure_and_rejects_nan() {
    let toml = r#"
name = "toml"
[workload]
requests_per_month = 1000
input_tokens = 100
output_tokens = 50
[llm]
model = "gpt-4o"
[slm]
serving = "api"
usd_per_request = 0.001
"#;
    assert!(errors(toml, Format::Toml).is_empty());
    let nan = toml.replace("requests_per_month = 1000", "requests_per_month = nan");
    assert_eq!(
        errors(&nan, Format::Toml),
        vec![(
            "workload.requests_per_month".to_string(),
            "must be a finite number (got NaN)".to_string()
        )]
    );
    let inf = toml.replace("input_tokens = 100", "input_tokens = inf");
    assert_eq!(errors(&inf, Format::Toml)[0].0, "workload.input_tokens");
    let typo = toml.replace("[slm]", "[slm]\ngpu_price = 1");
    assert_eq!(errors(&typo, Format::Toml)[0].0, "slm.gpu_price");
}

#[test]
fn explicit_prices_override_the_table_and_say_so() {
    let json = VALID.replace(
        r#""model": "gpt-4o""#,
        r#""model": "gpt-4o", "output_usd_per_mtok": 12"#,
    );
    let s = parse_scenario(&json, Format::Json, pricing::bundled_table()).unwrap();
    assert_eq!(s.llm.prices.output_usd_per_mtok, 12.0);
    assert_eq!(s.llm.prices.input_usd_per_mtok, 2.5);
    assert_eq!(
        s.llm.source.overridden,
        vec!["llm.output_usd_per_mtok".to_string()]
    );
    assert!(s.llm.source.table.unwrap().contains("1.109.1"));
}

#[test]
fn a_load_shape_sets_the_peak_and_an_slo_is_kept() {
    // Hours 0–11 at 1, hours 12–23 at 2: mean 1.5, max 2 → peak-to-average 4/3.
    let shape: Vec<String> = (0..24)
        .map(|h| {
            if h < 12 {
                "1".to_string()
            } else {
                "2".to_string()
            }
        })
        .collect();
    let with = |extra: &str| {
        VALID.replacen(
            r#""output_tokens": 50"#,
            &format!(r#""output_tokens": 50, {extra}"#),
            1,
        )
    };
    let json = with(&format!(
        r#""load_shape": [{}], "latency_slo": {{"ttft_ms": 500, "tpot_ms": 40}}"#,
        shape.join(", ")
    ));
    let s = parse_scenario(&json, Format::Json, pricing::bundled_table()).unwrap();
    assert!((s.workload.peak_to_average - 4.0 / 3.0).abs() < 1e-12);
    assert_eq!(
        s.latency_slo,
        Some(profiles::LatencySlo {
            ttft_ms: 500.0,
            tpot_ms: 40.0
        })
    );
    assert_eq!(s.load_shape.unwrap()[12], 2.0);

    let cases: &[(String, &str, &str)] = &[
        (
            with(r#""load_shape": [1, 2, 3]"#),
            "workload.load_shape",
            "must have 24 or 168 values (got 3)",
        ),
        (
            with(&format!(r#""load_shape": [-1, {}]"#, shape[1..].join(", "))),
            "workload.load_shape[0]",
            "between 0",
        ),
        (
            with(&format!(r#""load_shape": [{}]"#, ["0"; 24].join(", "))),
            "workload.load_shape",
            "at least one value above 0",
        ),
        (
            with(&format!(r#""load_shape": [{}]"#, ["1"; 169].join(", "))),
            "workload.load_shape",
            "(got 169)",
        ),
        (
            with(r#""weekly_shape": [1, 1, 1, 1, 1, 0, 0]"#),
            "workload.weekly_shape",
            "needs a 24-value workload.load_shape",
        ),
        (
            with(&format!(
                r#""load_shape": [{}], "weekly_shape": [1, 1, 1]"#,
                shape.join(", ")
            )),
            "workload.weekly_shape",
            "must have 7 values (got 3)",
        ),
        (
            with(r#""cached_input_share": 0.7, "cache_write_share": 0.5"#),
            "workload.cache_write_share",
            "must not exceed 1",
        ),
        (
            with(&format!(
                r#""load_shape": [{}], "peak_to_average": 3"#,
                shape.join(", ")
            )),
            "workload.peak_to_average",
            "disagrees with workload.load_shape",
        ),
        (
            with(r#""latency_slo": {"ttft_ms": 500}"#),
            "workload.latency_slo.tpot_ms",
            "is required",
        ),
        (
            with(r#""latency_slo": {"ttft": 500}"#),
            "workload.latency_slo.ttft",
            "unknown field",
        ),
    ];
    for (json, field, word) in cases {
        let errs = errors(json, Format::Json);
        assert!(
            errs.iter().any(|(f, m)| f == field && m.contains(word)),
            "{field}: {errs:?}"
        );
    }
}

#[test]
fn every_preset_is_a_valid_workload_section() {
    for p in profiles::presets() {
        let shape: Vec<String> = p.load_shape.iter().map(|v| format!("{v:?}")).collect();
        let w = &p.workload;
        let json = format!(
            r#"{{"name": "{}", "workload": {{"requests_per_month": {:?}, "input_tokens": {:?}, "output_tokens": {:?},
               "cached_input_share": {:?}, "monthly_growth": {:?}, "load_shape": [{}],
               "latency_slo": {{"ttft_ms": {:?}, "tpot_ms": {:?}}}}},
               "llm": {{"model": "gpt-4o"}}, "slm": {{"serving": "api", "usd_per_request": 0.001}}}}"#,
            p.name,
            w.requests_per_month,
            w.input_tokens,
            w.output_tokens,
            w.cached_input_share,
            w.monthly_growth,
            shape.join(", "),
            p.slo.ttft_ms,
            p.slo.tpot_ms
        );
        let s = parse_scenario(&json, Format::Json, pricing::bundled_table())
            .unwrap_or_else(|e| panic!("{}: {e:?}", p.id));
        assert!(
            (s.workload.peak_to_average - w.peak_to_average).abs() < 1e-9,
            "{}",
            p.id
        );
    }
}

#[test]
fn throughput_source_round_trips_into_the_result_and_is_checked() {
    use tco::scenario::ThroughputBasis;
    let measured = "benchmark #12 (smollm2-135m q4_0 on cpu, synthetic weights)";
    let long = "x".repeat(201);
    let with = |source: &str| {
        VALID.replacen(
            r#""gpu_usd_per_hour": 1"#,
            &format!(r#""gpu_usd_per_hour": 1, "throughput_source": {source}"#),
            1,
        )
    };
    // The basis a scenario resolves to with its source in words (None: the typed
    // estimate's own words), or the field and a word of its error.
    type Expected = Result<(ThroughputBasis, Option<String>), (&'static str, &'static str)>;
    // (case, scenario, expected)
    let cases: Vec<(&str, String, Expected)> = vec![
        (
            "absent: typed",
            VALID.to_string(),
            Ok((ThroughputBasis::Typed, None)),
        ),
        (
            "a benchmark",
            with(&serde_json::to_string(measured).unwrap()),
            Ok((ThroughputBasis::Described, Some(measured.to_string()))),
        ),
        (
            "200 characters",
            with(&format!("\"{}\"", "x".repeat(200))),
            Ok((ThroughputBasis::Described, Some("x".repeat(200)))),
        ),
        (
            "201 characters",
            with(&format!("\"{long}\"")),
            Err(("slm.throughput_source", "at most 200 characters")),
        ),
        (
            "empty",
            with(r#""  ""#),
            Err(("slm.throughput_source", "must not be empty")),
        ),
        (
            "a control character",
            with(r#""bench\nmark""#),
            Err(("slm.throughput_source", "printable")),
        ),
        (
            "wrong type",
            with("12"),
            Err(("slm.throughput_source", "invalid type")),
        ),
        (
            "on a hosted SLM",
            r#"{"name": "api", "workload": {"requests_per_month": 1000, "input_tokens": 100, "output_tokens": 50},
                "llm": {"model": "gpt-4o"},
                "slm": {"serving": "api", "usd_per_request": 0.001, "throughput_source": "benchmark #1"}}"#
                .to_string(),
            Err(("slm.throughput_source", "not used")),
        ),
    ];
    for (case, json, expected) in cases {
        let parsed = parse_scenario(&json, Format::Json, pricing::bundled_table());
        match (parsed, expected) {
            (Ok(s), Ok((basis, source))) => {
                let t = s.slm.throughput.as_ref().unwrap();
                assert_eq!(t.basis, basis, "{case}");
                if let Some(source) = &source {
                    assert_eq!(&t.source, source, "{case}");
                }
                // The result carries the basis, and its JSON reads back unchanged.
                let result = tco::plan(&s);
                assert_eq!(result.prices.throughput.as_ref(), Some(t), "{case}");
                let text = serde_json::to_string(&result).unwrap();
                let back: tco::PlanResult = serde_json::from_str(&text).unwrap();
                assert_eq!(back.prices.throughput.as_ref(), Some(t), "{case}");
                let value: serde_json::Value = serde_json::from_str(&text).unwrap();
                match basis {
                    ThroughputBasis::Typed => {
                        assert_eq!(value["prices"]["throughput"]["basis"], "typed", "{case}");
                        assert_eq!(value["prices"]["throughput"]["label"], "estimate", "{case}");
                    }
                    _ => {
                        assert_eq!(
                            value["prices"]["throughput"]["basis"], "described",
                            "{case}"
                        );
                        assert_eq!(
                            value["prices"]["throughput"]["source"],
                            source.unwrap(),
                            "{case}"
                        );
                    }
                }
                // The input round-trips through its own JSON form.
                let input = tco::from_json(&json).unwrap();
                let again = tco::from_json(&serde_json::to_string(&input).unwrap()).unwrap();
                assert_eq!(input, again, "{case}");
            }
            (Err(errs), Err((field, word))) => assert!(
                errs.iter()
                    .any(|e| e.field == field && e.message.contains(word)),
                "{case}: {errs:?}"
            ),
            (other, expected) => panic!("{case}: got {other:?}, expected {expected:?}"),
        }
    }
}

#[test]
fn the_workload_source_is_carried_trimmed_and_bounded() {
    let with = |source: &str| {
        VALID.replace(
            r#""output_tokens": 50"#,
            &format!(
                r#""output_tokens": 50, "source": {}"#,
                serde_json::json!(source)
            ),
        )
    };
    let s = parse_scenario(
        &with(" from spend.csv, 12 requests "),
        Format::Json,
        pricing::bundled_table(),
    )
    .expect("valid");
    assert_eq!(
        s.workload_source.as_deref(),
        Some("from spend.csv, 12 requests")
    );
    let plain = parse_scenario(VALID, Format::Json, pricing::bundled_table()).expect("valid");
    assert_eq!(plain.workload_source, None);
    let errs = errors(&with(&"x".repeat(301)), Format::Json);
    assert_eq!(
        errs,
        vec![(
            "workload.source".to_string(),
            "must be at most 300 characters (got 301)".to_string()
        )]
    );
    assert!(errors(&with(&"x".repeat(300)), Format::Json).is_empty());
    // The length counted is the trimmed one: 300 characters within spaces are kept.
    let padded = format!("  {}  ", "x".repeat(300));
    assert!(errors(&with(&padded), Format::Json).is_empty());
    let s = parse_scenario(&with(&padded), Format::Json, pricing::bundled_table()).expect("valid");
    assert_eq!(s.workload_source.map(|t| t.len()), Some(300));
}
