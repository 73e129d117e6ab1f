//! Reading LiteLLM-format files: the real snapshot, malformed files, unit slips and
//! unknown fields.

use pricing::litellm::{self, IssueKind};
use pricing::{PriceTable, TableSource};

fn source(version: &str) -> TableSource {
    TableSource {
        name: "test".into(),
        version: version.into(),
        sha256: String::new(),
        as_of: "2026-11-22".into(),
    }
}

fn kinds(issues: &[litellm::ImportIssue], model: &str) -> Vec<IssueKind> {
    issues
        .iter()
        .filter(|i| i.model == model)
        .map(|i| i.kind)
        .collect()
}

#[test]
fn reads_the_real_litellm_snapshot() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/data/litellm-model-prices-1.109.1.json"
    );
    let text = std::fs::read_to_string(path).expect("shared/ sits beside the checkout");
    let parsed = litellm::parse(&text).unwrap();
    // 3,265 chat entries in the file; those without both prices are left out, visibly.
    assert!(parsed.models.len() > 3000, "{}", parsed.models.len());
    let gpt4o = parsed.models.iter().find(|m| m.model == "gpt-4o").unwrap();
    assert_eq!(
        (
            gpt4o.prices.input_usd_per_mtok,
            gpt4o.prices.output_usd_per_mtok
        ),
        (2.5, 10.0)
    );
    assert_eq!(gpt4o.prices.cached_input_usd_per_mtok, 1.25);
    assert_eq!(gpt4o.max_input_tokens, Some(128_000));
    assert!(parsed.models.iter().all(|m| m.model != "sample_spec"));
    assert!(parsed
        .models
        .iter()
        .all(|m| m.prices.input_usd_per_mtok.is_finite()));
    let no_price = parsed
        .issues
        .iter()
        .filter(|i| i.kind == IssueKind::NoPrice)
        .count();
    assert_eq!(
        parsed.models.len()
            + no_price
            + parsed
                .issues
                .iter()
                .filter(|i| i.kind == IssueKind::InvalidPrice || i.kind == IssueKind::Malformed)
                .count(),
        3265
    );
}

#[test]
fn malformed_files_are_refused_whole() {
    for (case, text) in [
        ("not JSON", "{ nope"),
        ("an array", "[1, 2]"),
        (
            "no chat model",
            r#"{"text-embedding-3-small": {"mode": "embedding", "input_cost_per_token": 2e-8}}"#,
        ),
    ] {
        assert!(litellm::parse(text).is_err(), "{case}");
    }
}

#[test]
fn bad_rows_are_left_out_with_a_reason_never_priced_at_zero() {
    let text = r#"{
        "sample_spec": {"input_cost_per_token": 0.0, "litellm_provider": "one of ..."},
        "good": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6,
                 "some_future_field": {"nested": [1, 2]}, "supports_vision": true},
        "no-output-price": {"litellm_provider": "x", "mode": "chat", "input_cost_per_token": 1e-6},
        "negative": {"litellm_provider": "x", "mode": "chat", "input_cost_per_token": -1e-6, "output_cost_per_token": 1e-6},
        "wrong-type": {"litellm_provider": "x", "mode": "chat", "input_cost_per_token": "cheap", "output_cost_per_token": 1e-6},
        "free": {"litellm_provider": "ollama", "mode": "chat", "input_cost_per_token": 0.0, "output_cost_per_token": 0.0},
        "embedder": {"mode": "embedding", "input_cost_per_token": 1e-7}
    }"#;
    let parsed = litellm::parse(text).unwrap();
    let names: Vec<&str> = parsed.models.iter().map(|m| m.model.as_str()).collect();
    assert_eq!(names, ["free", "good"]);
    assert_eq!(parsed.models[1].prices.output_usd_per_mtok, 2.0);
    assert_eq!(
        kinds(&parsed.issues, "no-output-price"),
        [IssueKind::NoPrice]
    );
    assert_eq!(kinds(&parsed.issues, "negative"), [IssueKind::InvalidPrice]);
    assert_eq!(kinds(&parsed.issues, "wrong-type"), [IssueKind::Malformed]);
    assert_eq!(kinds(&parsed.issues, "free"), [IssueKind::ZeroPrice]);
    assert!(kinds(&parsed.issues, "embedder").is_empty());
}

#[test]
fn a_unit_slip_against_the_previous_version_is_flagged() {
    let before = litellm::parse(r#"{"m": {"mode": "chat", "input_cost_per_token": 2.5e-6, "output_cost_per_token": 1e-5},
                                    "n": {"mode": "chat", "input_cost_per_token": 1e-6, "output_cost_per_token": 1e-6}}"#).unwrap();
    // Someone pasted the per-1K price into the per-token field for m's input: exactly 1000×.
    let after = litellm::parse(r#"{"m": {"mode": "chat", "input_cost_per_token": 2.5e-3, "output_cost_per_token": 1e-5},
                                   "n": {"mode": "chat", "input_cost_per_token": 2e-6, "output_cost_per_token": 1e-6}}"#).unwrap();
    let jumps = litellm::price_jumps(
        &litellm::table(&before, source("1")),
        &litellm::table(&after, source("2")),
    );
    assert_eq!(jumps.len(), 1, "{jumps:?}");
    assert_eq!(
        (jumps[0].model.as_str(), jumps[0].kind),
        ("m", IssueKind::PriceJump)
    );
    assert!(
        jumps[0]
            .message
            .contains("input price moved from 2.5 to 2500 USD/Mtok"),
        "{}",
        jumps[0].message
    );
    let empty = PriceTable {
        source: source("0"),
        models: vec![],
    };
    assert!(litellm::price_jumps(&empty, &litellm::table(&after, source("2"))).is_empty());
    // The per-million slip (10⁶×) never reaches the comparison: the bound leaves it out.
    let per_mtok = litellm::parse(r#"{"m": {"mode": "chat", "input_cost_per_token": 2.5, "output_cost_per_token": 1e-5},
                                      "n": {"mode": "chat", "input_cost_per_token": 1e-6, "output_cost_per_token": 1e-6}}"#).unwrap();
    assert_eq!(kinds(&per_mtok.issues, "m"), [IssueKind::InvalidPrice]);
}

/// A file with a good row and `bad`, whose `field` is `value` (JSON text; a later key wins).
fn with_row(field: &str, value: &str) -> String {
    format!(
        r#"{{"good": {{"mode": "chat", "input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6}},
            "bad": {{"mode": "chat", "input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6, "{field}": {value}}}}}"#
    )
}

#[test]
fn prices_that_overflow_or_exceed_the_bound_are_left_out_with_the_reason() {
    use litellm::MAX_USD_PER_MTOK;
    // (case, field, value as JSON, what becomes of the row, words its message must hold)
    let cases: &[(&str, &str, &str, Option<IssueKind>, &str)] = &[
        (
            "overflows per Mtok",
            "output_cost_per_token",
            "1e303",
            Some(IssueKind::InvalidPrice),
            "1e303 per token (inf USD/Mtok)",
        ),
        (
            "per-Mtok slip",
            "input_cost_per_token",
            "2.5",
            Some(IssueKind::InvalidPrice),
            "2500000 USD/Mtok",
        ),
        (
            "just above the bound",
            "input_cost_per_token",
            "0.0100001",
            Some(IssueKind::InvalidPrice),
            "above the bound of 10000",
        ),
        (
            "cached read",
            "cache_read_input_token_cost",
            "1e303",
            Some(IssueKind::InvalidPrice),
            "cache_read_input_token_cost",
        ),
        (
            "cache write",
            "cache_creation_input_token_cost",
            "1",
            Some(IssueKind::InvalidPrice),
            "cache_creation_input_token_cost",
        ),
        (
            "batch input",
            "input_cost_per_token_batches",
            "1e300",
            Some(IssueKind::InvalidPrice),
            "input_cost_per_token_batches",
        ),
        (
            "batch output",
            "output_cost_per_token_batches",
            "0.02",
            Some(IssueKind::InvalidPrice),
            "output_cost_per_token_batches",
        ),
        (
            "NaN as a string",
            "input_cost_per_token",
            r#""NaN""#,
            Some(IssueKind::Malformed),
            "invalid type",
        ),
        (
            "Infinity as a string",
            "output_cost_per_token",
            r#""Infinity""#,
            Some(IssueKind::Malformed),
            "invalid type",
        ),
        (
            "negative",
            "output_cost_per_token",
            "-2e-6",
            Some(IssueKind::InvalidPrice),
            "is -2e-6",
        ),
        (
            "exactly the bound",
            "output_cost_per_token",
            "0.01",
            None,
            "",
        ),
        (
            "an ordinary price",
            "output_cost_per_token",
            "6e-5",
            None,
            "",
        ),
    ];
    for &(case, field, value, outcome, words) in cases {
        let parsed = litellm::parse(&with_row(field, value)).unwrap();
        let names: Vec<&str> = parsed.models.iter().map(|m| m.model.as_str()).collect();
        match outcome {
            Some(kind) => {
                assert_eq!(names, ["good"], "{case}");
                let issue = parsed.issues.iter().find(|i| i.model == "bad").unwrap();
                assert_eq!(issue.kind, kind, "{case}: {issue:?}");
                assert!(issue.message.contains(words), "{case}: {}", issue.message);
            }
            None => assert_eq!(names, ["bad", "good"], "{case}: {:?}", parsed.issues),
        }
        for m in &parsed.models {
            for (f, v) in m.price_fields() {
                let v = v.unwrap_or(0.0);
                assert!(v.is_finite() && v <= MAX_USD_PER_MTOK, "{case}: {f} {v}");
            }
        }
        let table = litellm::table(&parsed, source("1"));
        table.check().unwrap();
        let text = serde_json::to_string(&table).unwrap();
        assert_eq!(
            serde_json::from_str::<PriceTable>(&text).unwrap(),
            table,
            "{case}"
        );
    }
}

#[test]
fn numbers_json_cannot_hold_refuse_the_whole_file() {
    for (case, value) in [
        ("NaN literal", "NaN"),
        ("1e400", "1e400"),
        ("Infinity", "Infinity"),
    ] {
        let text = with_row("input_cost_per_token", value);
        assert!(litellm::parse(&text).is_err(), "{case}");
    }
}

#[test]
fn a_stored_body_out_of_bound_fails_its_check() {
    let mut table = litellm::table(&litellm::parse(&with_row("x", "0")).unwrap(), source("1"));
    table.check().unwrap();
    table.models[0].prices.output_usd_per_mtok = 1e305;
    let err = table.check().unwrap_err();
    assert!(err.to_string().contains("output_usd_per_mtok"), "{err}");
    table.models[0].prices.output_usd_per_mtok = 1.0;
    table.models[0].batch_input_usd_per_mtok = Some(f64::NAN);
    assert!(table.check().is_err());
}

#[test]
fn a_new_model_priced_above_the_plausible_bound_of_its_class_is_flagged() {
    let before = litellm::table(
        &litellm::parse(r#"{"known": {"mode": "chat", "input_cost_per_token": 5e-4, "output_cost_per_token": 2e-3}}"#)
            .unwrap(),
        source("1"),
    );
    // (case, field, USD per token, flagged): the bounds are $300 input-class, $1,000
    // output-class per Mtok, for models the previous version lacks.
    let cases = [
        (
            "per-1K slip of a $2.50 input",
            "input_cost_per_token",
            2.5e-3,
            true,
        ),
        ("input just under", "input_cost_per_token", 2.9e-4, false),
        (
            "per-1K slip of a $10 output",
            "output_cost_per_token",
            1e-2,
            true,
        ),
        ("output just under", "output_cost_per_token", 9e-4, false),
        ("cached input", "cache_read_input_token_cost", 4e-4, true),
        ("cache write", "cache_creation_input_token_cost", 4e-4, true),
        ("batch input", "input_cost_per_token_batches", 4e-4, true),
        (
            "batch output",
            "output_cost_per_token_batches",
            1.5e-3,
            true,
        ),
        (
            "batch output under the output bound",
            "output_cost_per_token_batches",
            5e-4,
            false,
        ),
    ];
    for (case, field, value, flagged) in cases {
        let text = format!(
            r#"{{"known": {{"mode": "chat", "input_cost_per_token": 5e-4, "output_cost_per_token": 2e-3}},
                "new": {{"mode": "chat", "input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6, "{field}": {value}}}}}"#
        );
        let after = litellm::table(&litellm::parse(&text).unwrap(), source("2"));
        let issues = litellm::implausible_prices(&before, &after);
        // The known model, as dear as before, is not flagged: it is no news.
        assert!(
            issues.iter().all(|i| i.model == "new"),
            "{case}: {issues:?}"
        );
        assert_eq!(
            kinds(&issues, "new"),
            if flagged {
                vec![IssueKind::ImplausiblePrice]
            } else {
                vec![]
            },
            "{case}: {issues:?}"
        );
        if flagged {
            assert!(
                issues[0].message.contains("plausible"),
                "{}",
                issues[0].message
            );
        }
    }
}

#[test]
fn a_known_models_price_listed_for_the_first_time_is_held_to_the_plausible_bound() {
    // Known at $3 / $15 per Mtok, with no cache-write, batch or cached price, and free
    // batch output.
    let before = litellm::table(
        &litellm::parse(r#"{"m": {"mode": "chat", "input_cost_per_token": 3e-6, "output_cost_per_token": 1.5e-5, "output_cost_per_token_batches": 0}}"#)
            .unwrap(),
        source("1"),
    );
    // (case, field, USD per token, flagged): a per-1K slip of a price the previous version
    // did not list (or listed at $0) has nothing to jump from, so the bound holds it.
    let cases = [
        (
            "cache write $3.75 typed per 1K",
            "cache_creation_input_token_cost",
            3.75e-3,
            true,
        ),
        (
            "batch input typed per 1K",
            "input_cost_per_token_batches",
            1.5e-3,
            true,
        ),
        (
            "cached input typed per 1K",
            "cache_read_input_token_cost",
            1.5e-3,
            true,
        ),
        (
            "batch output, $0 before",
            "output_cost_per_token_batches",
            7.5e-3,
            true,
        ),
        (
            "a real cache write",
            "cache_creation_input_token_cost",
            3.75e-6,
            false,
        ),
    ];
    for (case, field, value, flagged) in cases {
        let text = format!(
            r#"{{"m": {{"mode": "chat", "input_cost_per_token": 3e-6, "output_cost_per_token": 1.5e-5, "{field}": {value}}}}}"#
        );
        let after = litellm::table(&litellm::parse(&text).unwrap(), source("2"));
        let issues = litellm::implausible_prices(&before, &after);
        let expected = if flagged {
            vec![IssueKind::ImplausiblePrice]
        } else {
            vec![]
        };
        assert_eq!(kinds(&issues, "m"), expected, "{case}: {issues:?}");
        assert!(
            litellm::price_jumps(&before, &after).is_empty(),
            "{case}: nothing to jump from"
        );
    }
}

#[test]
fn the_plausible_bounds_flag_only_the_per_1k_slips_of_the_real_snapshot() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/data/litellm-model-prices-1.109.1.json"
    );
    let text = std::fs::read_to_string(path).expect("shared/ sits beside the checkout");
    let real = litellm::table(&litellm::parse(&text).unwrap(), source("real"));
    let empty = PriceTable {
        source: source("0"),
        models: vec![],
    };
    let mut flagged: Vec<String> = litellm::implausible_prices(&empty, &real)
        .into_iter()
        .map(|i| i.model)
        .collect();
    flagged.dedup();
    assert_eq!(
        flagged,
        ["azure_ai/jais-30b-chat", "watsonx/core42/jais-13b-chat"]
    );
    real.check().unwrap();
}

#[test]
fn flags_are_written_onto_their_rows_and_read_back() {
    let parsed = litellm::parse(
        r#"{"free": {"mode": "chat", "input_cost_per_token": 0, "output_cost_per_token": 0},
            "slip": {"mode": "chat", "input_cost_per_token": 2.5e-3, "output_cost_per_token": 1e-5},
            "plain": {"mode": "chat", "input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6}}"#,
    )
    .unwrap();
    let mut table = litellm::table(&parsed, source("2"));
    let empty = PriceTable {
        source: source("0"),
        models: vec![],
    };
    let mut issues = parsed.issues.clone();
    issues.extend(litellm::implausible_prices(&empty, &table));
    litellm::flag_rows(&mut table, &issues);
    let flags = |name: &str| -> Vec<IssueKind> {
        table
            .get(name)
            .unwrap()
            .flags
            .iter()
            .map(|f| f.kind)
            .collect()
    };
    assert_eq!(flags("free"), [IssueKind::ZeroPrice]);
    assert_eq!(flags("slip"), [IssueKind::ImplausiblePrice]);
    assert!(flags("plain").is_empty());
    assert!(IssueKind::ZeroPrice.is_flag() && !IssueKind::InvalidPrice.is_flag());
    // Stored and read back; a row without flags is written as it always was.
    let text = serde_json::to_string(&table).unwrap();
    assert_eq!(serde_json::from_str::<PriceTable>(&text).unwrap(), table);
    let plain = serde_json::to_value(table.get("plain").unwrap()).unwrap();
    assert!(plain.get("flags").is_none(), "{plain}");
    assert!(text.contains("implausible_price"));
}
