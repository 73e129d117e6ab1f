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
        "workload.cache_write_share",
        "workload.batch_share",
        "llm.output_usd_per_mtok",
        "llm.batch_input_usd_per_mtok",
        "llm.cache_write_usd_per_mtok",
        "llm.min_cached_input_tokens",
        "llm.reasoning_tokens",
        "llm.price_change_annual",
        "slm.gpu_usd_per_hour",
        "slm.gpu_discount",
        "slm.gpus_per_instance",
        "slm.reserved_instances",
        "slm.spot_share",
        "slm.cold_start_s",
        "slm.scaling",
        "slm.spare_replicas",
        "slm.prefix_caching",
        "slm.token_ratio",
        "slm.ops_fte",
        "slm.fte_usd_per_year",
        "slm.price_change_annual",
        "slm.decode_tokens_per_s",
        "routing.escalation_rate",
        "finance.discount_rate_annual",
    ] {
        let field = vocabulary::field(path).unwrap();
        let row = r.row_of("Inputs", field.label);
        // An empty unit is an empty cell.
        let unit = r
            .stored("Inputs", &format!("C{row}"))
            .as_str()
            .unwrap_or("");
        assert_eq!(unit, field.unit, "{path}");
        assert_eq!(r.stored("Inputs", &format!("E{row}")), field.help, "{path}");
    }
    // The offer's listed price is the GPU price; its row says which offer it is.
    let price = r.row_of("Inputs", &label("slm.gpu_usd_per_hour"));
    assert!(r
        .stored("Inputs", &format!("D{price}"))
        .as_str()
        .is_some_and(|s| s.contains("aws:g6.xlarge")));
    for (book, path) in [
        ("owned", "slm.owned.pue"),
        ("owned", "slm.owned.electricity_usd_per_kwh"),
        ("owned", "slm.owned.idle_power_watts"),
        ("owned", "slm.owned.resale_share"),
        ("cascade", "slm.input_usd_per_mtok"),
        ("cascade", "slm.batch_output_usd_per_mtok"),
        ("cascade", "slm.min_cached_input_tokens"),
        ("cascade", "slm.price_change_annual"),
        ("week", "workload.load_shape[0]"),
        ("week", "workload.load_shape[23]"),
        ("week", "workload.weekly_shape[6]"),
        ("p5_spot", "slm.spot_usd_per_hour"),
        ("p5_spot", "slm.spot_overhead"),
    ] {
        f.books[book].row_of("Inputs", &label(path));
    }
    // A load shape's weights are one defined range each.
    let names = f.books["week"].stored["names"].as_object().unwrap();
    assert!(
        names["load_shape"].as_str().unwrap().contains(":$B$"),
        "{names:?}"
    );
    assert!(names["weekly_shape"].as_str().unwrap().contains(":$B$"));
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
