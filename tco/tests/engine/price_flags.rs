//! Flags a price table's import put on a row travel into every plan priced from it, as a
//! `price_flagged` warning naming the model, the flag and the table (issue 15).

use pricing::litellm::IssueKind;
use pricing::{PriceFlag, PriceTable};
use tco::{parse_scenario, plan, Format};

/// (case, scenario, flagged row, its flags, the fields expected to warn)
type Case<'a> = (&'a str, &'a str, &'a str, Vec<PriceFlag>, Vec<&'a str>);

/// The bundled table with `flags` on `model`'s row.
fn flagged(model: &str, flags: Vec<PriceFlag>) -> PriceTable {
    let mut table = pricing::bundled_table().clone();
    let row = table.models.iter_mut().find(|m| m.model == model).unwrap();
    row.flags = flags;
    table
}

fn jump() -> PriceFlag {
    PriceFlag {
        kind: IssueKind::PriceJump,
        message: "input price moved from 2.5 to 2500 USD/Mtok since test v1".into(),
    }
}

#[test]
fn a_plan_priced_from_a_flagged_row_warns_naming_the_model_and_the_flag() {
    let hosted = r#"{"name": "h", "workload": {"requests_per_month": 1000, "input_tokens": 100, "output_tokens": 10},
        "llm": {"model": "gpt-4o"}, "slm": {"serving": "api", "model": "gpt-4o-mini"}}"#;
    let self_hosted = crate::common::WORKED_EXAMPLE;
    let zero = PriceFlag {
        kind: IssueKind::ZeroPrice,
        message: "listed at $0 for input and output".into(),
    };
    let cases: Vec<Case> = vec![
        ("no flags", self_hosted, "gpt-4o", vec![], vec![]),
        (
            "the LLM's row",
            self_hosted,
            "gpt-4o",
            vec![jump()],
            vec!["llm.model"],
        ),
        (
            "two flags",
            self_hosted,
            "gpt-4o",
            vec![jump(), zero.clone()],
            vec!["llm.model", "llm.model"],
        ),
        (
            "a hosted SLM's row",
            hosted,
            "gpt-4o-mini",
            vec![zero],
            vec!["slm.model"],
        ),
        (
            "a row the scenario does not use",
            self_hosted,
            "gpt-4o-mini",
            vec![jump()],
            vec![],
        ),
    ];
    for (case, json, model, flags, fields) in cases {
        let table = flagged(model, flags.clone());
        let scenario = parse_scenario(json, Format::Json, &table).unwrap();
        let warned: Vec<_> = plan(&scenario)
            .warnings
            .into_iter()
            .filter(|w| w.code == "price_flagged")
            .collect();
        let got: Vec<&str> = warned.iter().map(|w| w.field.as_str()).collect();
        assert_eq!(got, fields, "{case}: {warned:?}");
        for (w, flag) in warned.iter().zip(&flags) {
            assert!(w.message.contains(model), "{case}: {}", w.message);
            assert!(
                w.message.contains(flag.kind.words()),
                "{case}: {}",
                w.message
            );
            assert!(w.message.contains(&flag.message), "{case}: {}", w.message);
            assert!(
                w.message.contains(&table.source.label()),
                "{case}: {}",
                w.message
            );
        }
    }
}

#[test]
fn the_flags_are_in_the_price_source_and_absent_from_the_json_without_them() {
    let table = flagged("gpt-4o", vec![jump()]);
    let with = parse_scenario(crate::common::WORKED_EXAMPLE, Format::Json, &table).unwrap();
    assert_eq!(with.llm.source.flags, [jump()]);
    let without = crate::common::scenario(crate::common::WORKED_EXAMPLE);
    let json = serde_json::to_value(&without.llm.source).unwrap();
    assert!(json.get("flags").is_none(), "{json}");
}
