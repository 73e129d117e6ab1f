//! The measured cascade curve held in the form (`routing.measured`): said in the Routing
//! section, and removed there, after which the routing is free again.

use tco::input::{MeasuredCascadeInput, MeasuredPointInput};

use super::*;

/// A cascade on 10 items: 6, 8 and 9 right at escalating nothing, half and everything;
/// Wilson's one-sided lower 95 % bounds 0.351639, 0.540793, 0.652281.
fn curve() -> MeasuredCascadeInput {
    let point = |threshold: Option<f64>, e: f64, q: f64, lo: f64| MeasuredPointInput {
        threshold,
        escalation_rate: Some(e),
        quality: Some(q),
        quality_lower_95: Some(lo),
    };
    MeasuredCascadeInput {
        label: Some("measured on 10 items of t.jsonl (95 % interval 31.3 %–83.2 %)".into()),
        items: Some(10),
        points: Some(vec![
            point(None, 0.0, 0.6, 0.351639),
            point(Some(0.4), 0.5, 0.8, 0.540793),
            point(None, 1.0, 0.9, 0.652281),
        ]),
    }
}

fn with_curve() -> Values {
    let mut v = defaults();
    v.insert("routing.mode", "cascade".into());
    v.insert("routing.escalation_rate", "0.5".into());
    v.insert("routing.slm_quality", "0.6".into());
    v.insert("routing.llm_quality", "0.9".into());
    v.insert("routing.min_quality", "0.65".into());
    v.insert(MEASURED, serde_json::to_string(&curve()).unwrap());
    v
}

#[test]
fn a_held_curve_is_said_by_its_label() {
    let v = with_curve();
    assert_eq!(
        measured_label(&v).as_deref(),
        Some("Quality measured on 10 items of t.jsonl (95 % interval 31.3 %–83.2 %)")
    );
    assert_eq!(measured_label(&defaults()), None);
    // One that cannot be read, or has no label, is still held (and can be removed).
    let mut bad = defaults();
    bad.insert(MEASURED, "{not json".into());
    assert_eq!(
        measured_label(&bad).as_deref(),
        Some("Quality measured on: (a curve without a label)")
    );
    let mut other = defaults();
    let mut c = curve();
    c.label = Some("the March sample".into());
    other.insert(MEASURED, serde_json::to_string(&c).unwrap());
    assert_eq!(
        measured_label(&other).as_deref(),
        Some("Quality measured on: the March sample")
    );
}

#[test]
fn removing_the_curve_frees_the_routing_mode() {
    let mut v = with_curve();
    let (s, _) = evaluate(&v, None, pricing::bundled_table()).expect("the cascade is valid");
    assert_eq!(s.routing.measured.as_ref().map(|m| m.items), Some(10));
    // With the curve held, a router is refused at the mode.
    v.insert("routing.mode", "router".into());
    let errors = evaluate(&v, None, pricing::bundled_table()).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.field == "routing.mode" && e.message.contains("\"cascade\"")),
        "{errors:?}"
    );
    remove_measured(&mut v);
    assert_eq!(measured_label(&v), None);
    let input = to_input(&v, None, &mut Vec::new());
    assert_eq!(input.routing.and_then(|r| r.measured), None);
    // The typed figures stay: the router at 80 % to the SLM, qualities 0.6 and 0.9.
    let (s, _) = evaluate(&v, None, pricing::bundled_table()).expect("the router is valid");
    assert_eq!(s.routing.measured, None);
    assert_eq!(s.routing.slm_share, 0.8);
    assert_eq!(s.routing.slm_quality, Some(0.6));
}
