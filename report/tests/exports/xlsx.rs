//! The workbook in real readers: openpyxl reads its formulas, cached results and number
//! formats; LibreOffice (headless, one soffice for every workbook) recalculates it, and every
//! derived figure must equal the engine's to the cent. A changed input cell (requests per
//! month doubled) must move the results to what the engine computes for that input.
//!
//! Needs python3 with openpyxl and uno, and soffice: `scripts/setup.sh test` installs them.

mod basis;
mod fleet;
mod labels;
mod measured;
mod readers;

use readers::{assert_cent, fixture, num, Read};
use serde_json::Value;
use tco::input::{QuantileRange, UncertaintyInput};
use tco::vocabulary::label;

use crate::scenarios::*;

/// The prefix of a scenario's sheets.
fn pre(read: &Read, i: usize) -> String {
    if read.rs.len() > 1 {
        format!("S{} ", i + 1)
    } else {
        String::new()
    }
}

/// Every figure of the Summary, the cash flow and the routing curve, as LibreOffice
/// computed it (from `calc`), against the engine's plan `want`. `formulas_only`: the
/// workbook's inputs were changed, so the engine's values it holds (the break-even search
/// and the routing curve's fleets over a week) are left out.
pub fn check_figures(
    read: &Read,
    calc: &Value,
    i: usize,
    want: &tco::PlanResult,
    label: &str,
    formulas_only: bool,
) {
    let p = pre(read, i);
    let get = |sheet: &str, cell: &str| calc["cells"][sheet][cell].clone();
    let summary = format!("{p}Summary");
    let sv = |l: &str| get(&summary, &format!("B{}", read.row_of(&summary, l)));
    let cent = |l: &str, w: f64| assert_cent(num(&sv(l), l), w, &format!("{label}: {l}"));
    cent("LLM API: monthly cost (month 1)", want.api.monthly_usd);
    cent(
        "Self-hosted / SLM: monthly cost (month 1)",
        want.self_hosted.monthly_usd,
    );
    cent("Hybrid: monthly cost (month 1)", want.hybrid.monthly_usd);
    cent(
        "Self-hosted: NPV over the horizon",
        want.roi.self_hosted.npv_usd,
    );
    cent("Hybrid: NPV over the horizon", want.roi.hybrid.npv_usd);
    cent(
        "Self-hosted: cumulative savings over the horizon",
        want.roi.self_hosted.cumulative_savings_usd,
    );
    cent(
        "Hybrid: cumulative savings over the horizon",
        want.roi.hybrid.cumulative_savings_usd,
    );
    let c = num(&sv("LLM API cost per request"), "c");
    // The per-request price does not depend on the volume (the live books change it).
    let a = tco::cost::api_usd_per_request(&read.rs[i].scenario);
    assert!(
        (c - a).abs() <= 1e-12 * a.abs().max(1e-3),
        "{label}: cost per request {c}, engine {a}"
    );
    for (l, m) in [
        (
            "Self-hosted: payback month",
            want.roi.self_hosted.payback_month,
        ),
        ("Hybrid: payback month", want.roi.hybrid.payback_month),
    ] {
        match m {
            Some(m) => assert_eq!(num(&sv(l), l), f64::from(m), "{label}: {l}"),
            None => assert_eq!(sv(l), "not within the horizon", "{label}: {l}"),
        }
    }
    let engine_break_even = read.stored["cells"][&summary]
        .as_object()
        .is_some_and(|cells| {
            let row = read.row_of(&summary, "Break-even volume");
            !cells[&format!("B{row}")][0]
                .as_str()
                .is_some_and(|f| f.starts_with('='))
        });
    if !(formulas_only && engine_break_even) {
        match want.break_even.requests_per_month {
            Some(b) => assert!(
                (num(&sv("Break-even volume"), "R*") - b).abs() <= 1e-6 * b.max(1.0),
                "{label}: break-even {} vs {b}",
                sv("Break-even volume")
            ),
            None => assert_eq!(sv("Break-even volume"), "none", "{label}: break-even"),
        }
    }
    match want.routing_best_slm_share {
        Some(s) => assert!(
            (num(&sv("Best SLM share on the routing curve"), "best") - s).abs() < 1e-12,
            "{label}: best share"
        ),
        None => assert_eq!(
            sv("Best SLM share on the routing curve"),
            "none meets the minimum quality"
        ),
    }

    let cash = format!("{p}Monthly cash flow");
    let col = |h: &str| read.col_of(&cash, 4, h);
    let month0 = 5;
    let x = want.roi.self_hosted.one_time_usd;
    for (key, roi) in [
        (
            "Self-hosted: cumulative savings (net of one-time cost)",
            &want.roi.self_hosted,
        ),
        (
            "Hybrid: cumulative savings (net of one-time cost)",
            &want.roi.hybrid,
        ),
    ] {
        assert_cent(
            num(&get(&cash, &format!("{}{month0}", col(key))), key),
            -x - roi.capex_month0_usd,
            &format!("{label}: month 0 {key}"),
        );
    }
    for (sh, hy) in want
        .roi
        .self_hosted
        .months
        .iter()
        .zip(&want.roi.hybrid.months)
    {
        let row = month0 + sh.month;
        assert_eq!(
            num(&get(&cash, &format!("A{row}")), "month"),
            f64::from(sh.month)
        );
        let at = |h: &str| num(&get(&cash, &format!("{}{row}", col(h))), h);
        let m = sh.month;
        assert!(
            (at("Requests") - sh.requests).abs() <= 1e-9 * sh.requests.max(1.0),
            "{label}: month {m} requests"
        );
        for (h, w) in [
            ("LLM API cost", sh.api_usd),
            ("Self-hosted: monthly cost", sh.option_usd),
            ("Self-hosted: savings vs API", sh.savings_usd),
            (
                "Self-hosted: cumulative savings (net of one-time cost)",
                sh.cumulative_net_usd,
            ),
            ("Hybrid: monthly cost", hy.option_usd),
            ("Hybrid: savings vs API", hy.savings_usd),
            (
                "Hybrid: cumulative savings (net of one-time cost)",
                hy.cumulative_net_usd,
            ),
        ] {
            assert_cent(at(h), w, &format!("{label}: month {m} {h}"));
        }
    }
    let curve = format!("{p}Routing curve");
    let (hybrid, quality) = (
        read.col_of(&curve, 4, "Hybrid monthly cost"),
        read.col_of(&curve, 4, "Quality"),
    );
    let engine_curve = read.stored["cells"][&curve]
        .as_object()
        .is_some_and(|cells| {
            cells.values().any(|v| {
                v[0].as_str()
                    .is_some_and(|t| t.starts_with("SLM cost: the engine's value"))
            })
        });
    if formulas_only && engine_curve {
        return;
    }
    for (k, point) in want.routing_curve.iter().enumerate() {
        let row = 5 + k;
        assert!((num(&get(&curve, &format!("A{row}")), "share") - point.slm_share).abs() < 1e-15);
        assert_cent(
            num(&get(&curve, &format!("{hybrid}{row}")), "hybrid"),
            point.monthly_usd,
            &format!("{label}: curve at {}", point.slm_share),
        );
        if let Some(q) = point.quality {
            assert!((num(&get(&curve, &format!("{quality}{row}")), "quality") - q).abs() < 1e-12);
        }
    }
}

/// The headline recommendation as `report::summary::Summary` (the PDF's) makes it.
pub fn check_recommendation(
    read: &Read,
    calc: &Value,
    i: usize,
    rs: &report::ReportScenario,
    label: &str,
) {
    let summary = format!("{}Summary", pre(read, i));
    let sv = |l: &str| calc["cells"][&summary][format!("B{}", read.row_of(&summary, l))].clone();
    let want = report::Summary::of(rs);
    assert_eq!(
        sv("Recommended option (cheapest in month 1 that meets the quality floor)"),
        want.text.recommended.as_str(),
        "{label}"
    );
    for (l, w) in [
        (
            "Recommended: monthly savings vs API (month 1)",
            want.monthly_savings_usd,
        ),
        (
            "Recommended: annual savings vs API (12 × month 1)",
            want.annual_savings_usd,
        ),
    ] {
        match w {
            Some(w) => assert_cent(num(&sv(l), l), w, label),
            None => assert_eq!(sv(l), "not applicable", "{label}: {l}"),
        }
    }
    let p = sv("Chance that this stays the cheapest option");
    match want.probability_cheapest {
        Some(w) => assert!((num(&p, "probability") - w).abs() < 1e-12, "{label}"),
        None => assert_eq!(p, want.text.probability_cheapest.as_str(), "{label}"),
    }
}

/// The top of the Summary sheet as the PDF's page 1 opens: the recommendation in one
/// sentence, the biggest uncertainty, then every caveat, one a row, the first labelled.
/// These are the engine's words for the figures as exported, not formulas, so they are
/// checked against the workbook as written (a changed input does not rewrite them).
pub fn check_page_one(read: &Read, i: usize, rs: &report::ReportScenario, label: &str) {
    let summary = format!("{}Summary", pre(read, i));
    let sv = |l: &str| read.stored(&summary, &format!("B{}", read.row_of(&summary, l)));
    let want = report::Summary::of(rs);
    assert_eq!(
        sv("Recommendation"),
        want.text.recommendation.as_str(),
        "{label}"
    );
    assert_eq!(
        sv("Biggest uncertainty"),
        want.text.uncertainty.as_str(),
        "{label}"
    );
    if !want.caveats.is_empty() {
        let row = read.row_of(&summary, "Keep in mind");
        for (i, c) in want.caveats.iter().enumerate() {
            let cell = format!("B{}", row + i as u32);
            assert_eq!(read.stored(&summary, &cell), c.as_str(), "{label}: {cell}");
        }
    }
}

/// Every formula's cached result (what a reader that does not recalculate shows) equals
/// LibreOffice's recalculated value, and nothing evaluates to an error.
pub fn check_cached_equals_calc(read: &Read) {
    let errors = read.calc["errors"].as_array().unwrap();
    assert!(
        errors.is_empty(),
        "cells evaluating to an error: {errors:?}"
    );
    let mut formulas = 0;
    for sheet in read.sheets() {
        let cells = read.stored["cells"][&sheet].as_object().unwrap();
        for (cell, v) in cells {
            let Some(f) = v[0].as_str().filter(|s| s.starts_with('=')) else {
                continue;
            };
            formulas += 1;
            let cached = &read.stored["cached"][&sheet][cell];
            let calc = read.calc(&sheet, cell);
            match (cached.as_f64(), calc.as_f64()) {
                (Some(a), Some(b)) => assert!(
                    (a - b).abs() <= 1e-9 * a.abs().max(1.0),
                    "{sheet}!{cell} {f}: cached {a}, LibreOffice {b}"
                ),
                _ => {
                    // Booleans: openpyxl reads true/false, LibreOffice 1/0; empty text: absent.
                    let norm = |v: &Value| match v {
                        Value::Bool(b) => Value::from(if *b { 1.0 } else { 0.0 }),
                        Value::Null => Value::from(""),
                        other => other.clone(),
                    };
                    assert_eq!(norm(cached), norm(calc), "{sheet}!{cell} {f}");
                }
            }
        }
    }
    assert!(formulas > 100, "only {formulas} formulas");
}

#[test]
fn sheet_names_formulas_and_number_formats() {
    let r = &fixture().books["default"];
    assert_eq!(
        r.sheets(),
        [
            "Summary",
            "Inputs",
            "Fleet schedule",
            "Monthly cash flow",
            "Routing curve",
            "Sensitivity",
            "Provenance"
        ]
    );
    let names = r.stored["names"].as_object().unwrap();
    assert!(
        names["requests_per_month"]
            .as_str()
            .unwrap()
            .starts_with("Inputs!$B$"),
        "{names:?}"
    );
    // Inputs are values: the GPU price is the offer's listed price (the discount applies
    // to reserved instances only), and "Optimal" is the reserved base's word.
    let input_row = r.row_of("Inputs", &label("workload.requests_per_month"));
    assert_eq!(r.stored("Inputs", &format!("B{input_row}")), 1e6);
    assert_eq!(r.format("Inputs", &format!("B{input_row}")), "#,##0");
    let gpu = r.row_of("Inputs", &label("slm.gpu_usd_per_hour"));
    assert_eq!(r.stored("Inputs", &format!("B{gpu}")), 0.8048);
    let base = r.row_of("Inputs", &label("slm.reserved_instances"));
    assert_eq!(r.stored("Inputs", &format!("B{base}")), "Optimal");
    for (label, format) in [
        ("LLM API cost per request", "$#,##0.000000"),
        ("LLM API: monthly cost (month 1)", "$#,##0.00"),
        ("Self-hosted: NPV over the horizon", "$#,##0.00"),
        ("Hybrid: payback month", "#,##0"),
        ("Monthly discount rate", "0.0%"),
        ("Break-even volume", "#,##0"),
    ] {
        let cell = format!("B{}", r.row_of("Summary", label));
        let f = r
            .stored("Summary", &cell)
            .as_str()
            .unwrap_or_else(|| panic!("{label} is not a formula"));
        assert!(f.starts_with('='), "{label}: {f}");
        assert_eq!(r.format("Summary", &cell), format, "{label}");
    }
    let cell = format!(
        "B{}",
        r.row_of("Summary", "LLM API cost per interactive request")
    );
    let cached = "IF(input_tokens>=llm_min_cached_input_tokens,cached_input_share,0)";
    let written = "IF(input_tokens>=llm_min_cached_input_tokens,cache_write_share,0)";
    assert_eq!(
        r.stored("Summary", &cell),
        format!(
            "=(input_tokens*(1-{cached}-{written})*llm_input_usd_per_mtok+input_tokens*{cached}*llm_cached_input_usd_per_mtok+input_tokens*{written}*llm_cache_write_usd_per_mtok+(output_tokens+llm_reasoning_tokens)*llm_output_usd_per_mtok)/1000000+llm_usd_per_request"
        )
        .as_str()
    );
    // Every derived cell of the cash flow (all but the month column) is a formula.
    let cells = r.stored["cells"]["Monthly cash flow"].as_object().unwrap();
    let mut checked = 0;
    for (cell, v) in cells {
        let row: u32 = cell
            .trim_start_matches(char::is_alphabetic)
            .parse()
            .unwrap();
        if (6..=41).contains(&row) && !cell.starts_with("A") {
            assert!(
                v[0].as_str().is_some_and(|f| f.starts_with('=')),
                "Monthly cash flow!{cell} is {}",
                v[0]
            );
            checked += 1;
        }
    }
    assert!(checked > 36 * 20, "{checked} cells");
    let cost = r.col_of("Monthly cash flow", 4, "Self-hosted: monthly cost");
    assert_eq!(
        r.format("Monthly cash flow", &format!("{cost}6")),
        "$#,##0.00"
    );
    assert_eq!(r.format("Routing curve", "A5"), "0.0%");
    // Provenance carries every field.
    let prov = r.stored["cells"]["Provenance"].to_string();
    for needle in [
        "0123456789abcdef0123456789abcdef",
        "https://breakeven.example/s/",
        "2026-11-22",
        "smollm2-135m q8_0 on cpu",
        "measured",
        "0.1.0",
        "LiteLLM",
    ] {
        assert!(prov.contains(needle), "Provenance lacks {needle}");
    }
}

#[test]
fn cached_results_equal_the_recalculated_values() {
    for (key, read) in &fixture().books {
        if !key.ends_with("_live") {
            check_cached_equals_calc(read);
        }
    }
}

/// The books whose every figure is held to the engine.
pub const BOOKS: [&str; 14] = [
    "default",
    "default_x2",
    "cascade",
    "cascade_curve",
    "owned",
    "edge",
    "idle",
    "markup",
    "week",
    "week_steady",
    "p5_spot",
    "measured",
    "adjusted",
    "compare",
];

#[test]
fn recalculated_figures_equal_the_engine_to_the_cent() {
    let f = fixture();
    for key in BOOKS.iter().filter(|k| **k != "compare") {
        let read = &f.books[key];
        check_figures(read, &read.calc, 0, &read.rs[0].result, key, false);
        check_recommendation(read, &read.calc, 0, &read.rs[0], key);
        check_page_one(read, 0, &read.rs[0], key);
    }
    // The owned fleet climbs the staircase over its 60 months, buying GPUs as it goes and
    // selling them at the end.
    let owned = &f.books["owned"].rs[0].result.roi.self_hosted;
    assert_eq!(owned.months.len(), 60);
    assert!(owned.capex_month0_usd > 0.0);
    assert!(owned.months.iter().skip(1).any(|m| m.capex_usd > 0.0));
    assert!(owned.months[59].resale_usd > 0.0);
    // The cascade's floor leaves only the API.
    let cascade = &f.books["cascade"].rs[0].result;
    assert!(!cascade.self_hosted.meets_quality && !cascade.hybrid.meets_quality);
    assert_eq!(cascade.recommended, Some(tco::quality::Choice::Api));
}

#[test]
fn a_changed_input_moves_the_results_as_the_engine_computes() {
    let f = fixture();
    let mut steady = week_steady_input();
    steady.workload.as_mut().unwrap().requests_per_month = Some(3e7);
    for (live, input) in [
        ("default_live", doubled(default_input())),
        ("cascade_live", doubled(cascade_input())),
        ("owned_live", doubled(owned_input())),
        ("week_steady_live", steady),
        ("adjusted_live", doubled(adjusted_input())),
    ] {
        let read = &f.books[live];
        let want = compute(input);
        assert_ne!(
            want.result.api.monthly_usd,
            read.rs[0].result.api.monthly_usd
        );
        check_figures(read, &read.calc, 0, &want.result, live, true);
        fleet::check_fleet(read, 0, &want.result, live);
        // The Monte Carlo probability is a value, not a formula: it stays the original's.
        if want.result.uncertainty.is_none() {
            check_recommendation(read, &read.calc, 0, &want, live);
        }
    }
}

#[test]
fn a_comparison_has_its_sheet_and_each_scenario_prefixed() {
    let read = &fixture().books["compare"];
    let sheets = read.sheets();
    assert_eq!(sheets.len(), 15);
    assert_eq!(sheets[0], "Comparison");
    assert_eq!(sheets[1], "S1 Summary");
    assert_eq!(sheets[3], "S1 Fleet schedule");
    assert_eq!(sheets[14], "S2 Provenance");
    assert!(sheets.iter().all(|s| s.chars().count() <= 31));
    for i in 0..2 {
        check_figures(read, &read.calc, i, &read.rs[i].result, "compare", false);
        fleet::check_fleet(read, i, &read.rs[i].result, "compare");
    }
    // The markup name is text, as typed, everywhere it appears.
    assert_eq!(read.calc("S2 Summary", "B2"), MARKUP_NAME);
    assert_eq!(read.stored("S2 Summary", "B2"), MARKUP_NAME);
    assert_eq!(read.calc("Comparison", "C5"), MARKUP_NAME);
    // The verdict the compare page and the PDF open with.
    assert_eq!(
        read.calc("Comparison", "A3"),
        crate::compare::verdict(&read.rs).as_str()
    );
    // Comparison rows are formulas equal to each scenario's figures; the best is named.
    let row = read.row_of("Comparison", "Monthly cost: self-hosted / SLM");
    for (i, col) in ["B", "C"].iter().enumerate() {
        let cell = format!("{col}{row}");
        assert_eq!(
            read.stored("Comparison", &cell),
            format!("=s{}_self_hosted_monthly_usd", i + 1).as_str()
        );
        assert_cent(
            num(read.calc("Comparison", &cell), "cmp"),
            read.rs[i].result.self_hosted.monthly_usd,
            "comparison",
        );
    }
    let (a, b) = (
        read.rs[0].result.roi.hybrid.npv_usd,
        read.rs[1].result.roi.hybrid.npv_usd,
    );
    let npv_row = read.row_of("Comparison", "NPV over the horizon: hybrid");
    assert_eq!(
        read.calc("Comparison", &format!("D{npv_row}")),
        if a > b { "S1" } else { "S2" }
    );
    check_cached_equals_calc(read);
}

#[test]
fn wrong_counts_are_refused() {
    let one = compute(default_input());
    assert!(matches!(
        report::xlsx::render(&[]),
        Err(report::ReportError::Count(_))
    ));
    let five = vec![
        one.clone(),
        one.clone(),
        one.clone(),
        one.clone(),
        one.clone(),
    ];
    assert!(matches!(
        report::xlsx::render(&five),
        Err(report::ReportError::Count(_))
    ));
    // Four scenarios, one with control characters in its name and provenance text beyond
    // Excel's 32,767 characters a cell: written, not refused.
    let mut odd = one.clone();
    odd.scenario.name = "tab\there\u{1}\u{7}bell ]['*?/\\:".into();
    odd.provenance.share_link = Some("x".repeat(40_000));
    let four = [one.clone(), odd, one.clone(), one];
    let bytes = report::xlsx::render(&four).expect("four scenarios");
    assert!(bytes.starts_with(b"PK"));
}

/// The generation time of the default workbook (Monte Carlo on), printed for the report;
/// `cargo test --release -p report --test exports -- --nocapture xlsx::timing` shows it.
#[test]
fn timing_of_the_default_workbook() {
    let mut input = default_input();
    input.uncertainty = Some(UncertaintyInput {
        draws: None,
        seed: None,
        inputs: [(
            "workload.requests_per_month".to_string(),
            QuantileRange {
                p10: 6e5,
                p90: 1.5e6,
            },
        )]
        .into(),
    });
    let rs = [compute(input)];
    let _ = report::xlsx::render(&rs).unwrap();
    let mut times: Vec<f64> = (0..10)
        .map(|_| {
            let t = std::time::Instant::now();
            let bytes = report::xlsx::render(&rs).unwrap();
            assert!(bytes.starts_with(b"PK"));
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!("xlsx render (default scenario, Monte Carlo on): median {:.1} ms, min {:.1} ms, max {:.1} ms", times[5], times[0], times[9]);
}
