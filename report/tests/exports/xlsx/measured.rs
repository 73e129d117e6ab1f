//! A measured cascade curve's Routing curve sheet: each threshold's lower 95 % bound is a
//! column, and "Meets the minimum quality" is a formula of that bound and the Inputs sheet's
//! minimum quality, so finance can check the figure the floor is judged on and LibreOffice
//! moves it when the minimum changes.

use super::readers::{assert_cent, fixture, num, Read};
use serde_json::Value;

const SHEET: &str = "Routing curve";
const LOWER: &str = "Quality, lower 95 % bound";
const MEETS: &str = "Meets the minimum quality";

/// `scenarios::measured_cascade_input`'s five points: escalation rate and lower 95 % bound.
const POINTS: [(f64, f64); 5] = [
    (0.0, 0.6443),
    (0.10, 0.7283),
    (0.25, 0.8148),
    (0.50, 0.8596),
    (1.0, 0.8826),
];

/// A boolean as openpyxl (true/false) or LibreOffice (1/0) reads it.
fn boolean(v: &Value, what: &str) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Number(n) if n.as_f64() == Some(1.0) => true,
        Value::Number(n) if n.as_f64() == Some(0.0) => false,
        other => panic!("{what}: expected a boolean, got {other}"),
    }
}

fn col(read: &Read, header: &str) -> String {
    read.col_of(SHEET, 4, header)
}

#[test]
fn the_floor_is_a_formula_of_each_thresholds_lower_bound() {
    let read = &fixture().books["cascade_curve"];
    let (lower, meets) = (col(read, LOWER), col(read, MEETS));
    // Floor 80 %: 64.43 % and 72.83 % fall short, 81.48 %, 85.96 % and 88.26 % meet it.
    let want = [false, false, true, true, true];
    let engine = &read.rs[0].result.routing_curve;
    assert_eq!(engine.len(), POINTS.len());
    for (k, ((e, low), meets_want)) in POINTS.iter().zip(want).enumerate() {
        let row = 5 + k;
        let what = format!("threshold {k} (e = {e})");
        assert_eq!(engine[k].quality_lower_95, Some(*low), "{what}");
        assert_eq!(engine[k].meets_min_quality, meets_want, "{what}");
        // The bound is the engine's value, as a number, and LibreOffice reads it back.
        let at = format!("{lower}{row}");
        assert_eq!(num(read.stored(SHEET, &at), &what), *low, "{what}");
        assert_eq!(read.format(SHEET, &at), "0.0%", "{what}");
        assert_eq!(num(read.calc(SHEET, &at), &what), *low, "{what}");
        // "Meets" reads that bound and the named minimum, never a constant.
        let cell = format!("{meets}{row}");
        assert_eq!(
            read.stored(SHEET, &cell),
            format!("={lower}{row}>=min_quality-1E-12").as_str(),
            "{what}"
        );
        let cached = &read.stored["cached"][SHEET][&cell];
        assert_eq!(boolean(cached, &what), meets_want, "{what}: cached");
        assert_eq!(
            boolean(read.calc(SHEET, &cell), &what),
            meets_want,
            "{what}: LibreOffice"
        );
    }
}

#[test]
fn each_threshold_is_priced_at_its_own_escalation_rate() {
    let read = &fixture().books["cascade_curve"];
    let (llm, router, hybrid) = (
        col(read, "LLM requests"),
        col(read, "Router fees"),
        col(read, "Hybrid monthly cost"),
    );
    let rate = col(read, "Escalation rate (measured)");
    for (k, (e, _)) in POINTS.iter().enumerate() {
        let row = 5 + k;
        let what = format!("threshold {k} (e = {e})");
        assert_eq!(num(read.calc(SHEET, &format!("{rate}{row}")), &what), *e);
        // All of the 1,000,000 requests go to the SLM; e of them escalate to the LLM.
        let llm_requests = num(read.calc(SHEET, &format!("{llm}{row}")), &what);
        assert!(
            (llm_requests - e * 1e6).abs() < 1e-6,
            "{what}: {llm_requests}"
        );
        // The router fee ($0.00002 × 1,000,000 = $20) only when requests are split: e > 0.
        let fee = if *e > 0.0 { 20.0 } else { 0.0 };
        assert_cent(
            num(read.calc(SHEET, &format!("{router}{row}")), &what),
            fee,
            &what,
        );
        assert_cent(
            num(read.calc(SHEET, &format!("{hybrid}{row}")), &what),
            read.rs[0].result.routing_curve[k].monthly_usd,
            &what,
        );
    }
}

#[test]
fn a_lower_minimum_moves_the_floor_in_libreoffice() {
    // min_quality set to 72 % before the recalculation: 72.83 % now meets it too, and its
    // cost is shown; 64.43 % still falls short.
    let read = &fixture().books["cascade_curve_live"];
    let (meets, cost_if, hybrid) = (
        col(read, MEETS),
        col(read, "Cost if it meets the minimum"),
        col(read, "Hybrid monthly cost"),
    );
    let want = [false, true, true, true, true];
    for (k, meets_want) in want.into_iter().enumerate() {
        let row = 5 + k;
        let what = format!("threshold {k} at a 72 % floor");
        assert_eq!(
            boolean(read.calc(SHEET, &format!("{meets}{row}")), &what),
            meets_want,
            "{what}"
        );
        let cost = read.calc(SHEET, &format!("{cost_if}{row}"));
        if meets_want {
            let h = num(read.calc(SHEET, &format!("{hybrid}{row}")), &what);
            assert_eq!(num(cost, &what), h, "{what}");
        } else {
            assert_eq!(cost, "—", "{what}");
        }
    }
    // The written workbook (80 %) had threshold 1 failing: the formula, not a constant, moved.
    let stored = &read.stored["cached"][SHEET][&format!("{meets}6")];
    assert!(!boolean(stored, "cached threshold 1"));
}
