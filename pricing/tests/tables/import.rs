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
    // Someone pasted the per-million price into the per-token field for m's input.
    let after = litellm::parse(r#"{"m": {"mode": "chat", "input_cost_per_token": 2.5, "output_cost_per_token": 1e-5},
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
            .contains("input price moved from 2.5 to 2500000"),
        "{}",
        jumps[0].message
    );
    let empty = PriceTable {
        source: source("0"),
        models: vec![],
    };
    assert!(litellm::price_jumps(&empty, &litellm::table(&after, source("2"))).is_empty());
}
