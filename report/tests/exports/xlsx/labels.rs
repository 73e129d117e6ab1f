//! The workbook speaks the vocabulary: every input is called what the planner and the PDF
//! call it (`tco::vocabulary`), and no scenario path reaches a cell a person reads.

use tco::vocabulary::{self, label};

use super::readers::fixture;

/// Every input is named, with its unit and meaning, as `tco::vocabulary` has it, and no text
/// cell of any sheet shows a scenario path (defined names are formula names, not paths).
#[test]
fn inputs_are_named_from_the_vocabulary_and_no_path_is_shown() {
    let f = fixture();
    let r = &f.books["default"];
    assert_eq!(r.stored("Inputs", "E4"), "What it means");
    for path in [
        "workload.requests_per_month",
        "workload.cached_input_share",
        "llm.output_usd_per_mtok",
        "slm.gpu_discount",
        "slm.decode_tokens_per_s",
        "routing.escalation_rate",
        "finance.discount_rate_annual",
    ] {
        let field = vocabulary::field(path).unwrap();
        let row = r.row_of("Inputs", field.label);
        assert_eq!(r.stored("Inputs", &format!("C{row}")), field.unit, "{path}");
        assert_eq!(r.stored("Inputs", &format!("E{row}")), field.help, "{path}");
    }
    // The offer is a choice; its row holds the offer's listed price, in the price's unit.
    let listed = r.row_of("Inputs", &format!("{}: listed price", label("slm.gpu")));
    assert_eq!(
        r.stored("Inputs", &format!("C{listed}")),
        vocabulary::field("slm.gpu_usd_per_hour").unwrap().unit
    );
    for (book, path) in [
        ("owned", "slm.owned.pue"),
        ("owned", "slm.owned.electricity_usd_per_kwh"),
        ("cascade", "slm.input_usd_per_mtok"),
    ] {
        f.books[book].row_of("Inputs", &label(path));
    }
    // The tornado's rows: the input's label and the unit its values are in.
    let first = &r.rs[0].result.sensitivity[0];
    let named = vocabulary::field(&first.field).unwrap().label_with_unit();
    assert_eq!(r.stored("Sensitivity", "A5"), named.as_str());

    let paths: Vec<&str> = vocabulary::FIELDS
        .iter()
        .map(|f| f.path)
        .filter(|p| p.contains('.'))
        .collect();
    let mut texts = 0;
    for (key, read) in &f.books {
        for sheet in read.sheets() {
            let cells = read.stored["cells"][&sheet].as_object().unwrap();
            for (cell, v) in cells {
                let Some(text) = v[0].as_str().filter(|t| !t.starts_with('=')) else {
                    continue;
                };
                texts += 1;
                for path in &paths {
                    assert!(
                        !text.contains(path),
                        "{key}: {sheet}!{cell} shows the path {path}: {text:?}"
                    );
                }
            }
        }
    }
    assert!(texts > 500, "only {texts} text cells read");
}
