//! The cascade curve on eight items with `llm_correct` given, counted by hand, and the
//! threshold chosen by the lower bound against the one the point estimate would pick.

use quality::{CascadeCurve, ItemOutcome, Outcomes, QualityError, Threshold};

use crate::close;

/// Eight items, in the sample's order (letters name them by increasing confidence):
///
/// | index | item | confidence | SLM correct | LLM correct |
/// |-------|------|------------|-------------|-------------|
/// | 0     | f    | 0.7        | yes         | no          |
/// | 1     | c    | 0.2        | no          | yes         |
/// | 2     | h    | 0.9        | yes         | yes         |
/// | 3     | a    | 0.1        | no          | yes         |
/// | 4     | e    | 0.5        | no          | yes         |
/// | 5     | b    | 0.2        | no          | no          |
/// | 6     | g    | 0.8        | yes         | yes         |
/// | 7     | d    | 0.4        | yes         | yes         |
///
/// SLM correct: d, f, g, h (4 of 8); LLM correct: a, c, d, e, g, h (6 of 8); b and c tie.
fn eight() -> Vec<ItemOutcome> {
    [
        (0.7, true, false),
        (0.2, false, true),
        (0.9, true, true),
        (0.1, false, true),
        (0.5, false, true),
        (0.2, false, false),
        (0.8, true, true),
        (0.4, true, true),
    ]
    .map(|(confidence, correct, llm)| ItemOutcome {
        correct,
        confidence,
        llm_correct: Some(llm),
    })
    .to_vec()
}

fn curve(items: Vec<ItemOutcome>, llm_quality: Option<f64>) -> CascadeCurve {
    CascadeCurve::new(&Outcomes::new(items).unwrap(), llm_quality).unwrap()
}

#[test]
fn quality_at_every_threshold_is_the_hand_count() {
    // θ escalates the items with confidence < θ. Per row: escalated items, SLM correct among
    // the kept, LLM correct among the escalated, q = (kept + escalated correct)/8, and the
    // one-sided lower 95 % bound of q (n = 8; 4/8 → 0.248642, 5/8 → 0.347991,
    // 6/8 → 0.460153, 7/8 → 0.588857, worked in wilson.rs and docs/quality.md).
    //   −∞  : none escalated;           kept d f g h = 4;        q = 4/8
    //   0.1 : none below 0.1;           4;                       q = 4/8
    //   0.2 : a;        kept 4 (a was wrong), LLM a = 1;         q = 5/8
    //   0.4 : a b c;    kept d f g h = 4, LLM a c = 2;           q = 6/8
    //   0.5 : a b c d;  kept f g h = 3,   LLM a c d = 3;         q = 6/8
    //   0.7 : + e;      kept f g h = 3,   LLM a c d e = 4;       q = 7/8
    //   0.8 : + f;      kept g h = 2,     LLM a c d e = 4;       q = 6/8
    //   0.9 : + g;      kept h = 1,       LLM a c d e g = 5;     q = 6/8
    //   +∞  : all;      kept 0,           LLM 6;                 q = 6/8
    let m = Threshold::MinusInfinity;
    let p = Threshold::PlusInfinity;
    let v = Threshold::Value;
    let table = [
        (m, 0, 4, 0.0, 0.5, 0.248642),
        (v(0.1), 0, 4, 0.0, 0.5, 0.248642),
        (v(0.2), 1, 4, 1.0, 0.625, 0.347991),
        (v(0.4), 3, 4, 2.0, 0.75, 0.460153),
        (v(0.5), 4, 3, 3.0, 0.75, 0.460153),
        (v(0.7), 5, 3, 4.0, 0.875, 0.588857),
        (v(0.8), 6, 2, 4.0, 0.75, 0.460153),
        (v(0.9), 7, 1, 5.0, 0.75, 0.460153),
        (p, 8, 0, 6.0, 0.75, 0.460153),
    ];
    let curve = curve(eight(), None);
    assert_eq!(
        (curve.n, curve.llm_measured, curve.llm_quality),
        (8, 8, None)
    );
    assert_eq!(curve.points.len(), table.len());
    for (point, (threshold, escalated, kept, llm, q, lower)) in curve.points.iter().zip(table) {
        assert_eq!(point.threshold, threshold);
        assert_eq!(point.escalated, escalated, "{threshold:?}");
        close(point.escalation, escalated as f64 / 8.0);
        assert_eq!(point.slm_correct_kept, kept, "{threshold:?}");
        close(point.llm_correct_escalated, llm);
        close(point.quality, q);
        close(point.quality_lower_95, lower);
    }
}

#[test]
fn typed_llm_quality_stands_in_as_an_expectation() {
    // No llm_correct, llm_quality = 0.75. At θ = 0.4 (a b c escalated): kept d f g h = 4,
    // LLM 3 × 0.75 = 2.25 (an expected count); q = 6.25/8 = 0.78125. Lower bound with
    // successes 6.25 of n = 8: centre = (0.78125 + 0.169096)/1.338193 = 0.710171;
    // √(0.78125 × 0.21875/8 + 0.010569) = √(0.021362 + 0.010569) = √0.031931 = 0.178692;
    // half = 1.644854 × 0.178692/1.338193 = 0.219641; low = 0.490530.
    let items: Vec<ItemOutcome> = eight()
        .into_iter()
        .map(|item| ItemOutcome {
            llm_correct: None,
            ..item
        })
        .collect();
    let typed = curve(items.clone(), Some(0.75));
    assert_eq!(typed.llm_measured, 0);
    let at = typed.points[3];
    assert_eq!(at.threshold, Threshold::Value(0.4));
    close(at.llm_correct_escalated, 2.25);
    close(at.quality, 0.78125);
    close(at.quality_lower_95, 0.490530);
    // At +∞ every item is the LLM's: q = llm_quality.
    close(typed.points[8].quality, 0.75);

    // Mixed: a measured correct, the rest typed at 0.5. At θ = 0.4: kept 4, LLM a = 1 plus
    // b, c at 0.5 each = 2; q = 6/8, the same figures as the measured 6/8.
    let mut mixed = items;
    mixed[3].llm_correct = Some(true);
    let mixed = curve(mixed, Some(0.5));
    assert_eq!(mixed.llm_measured, 1);
    close(mixed.points[3].quality, 0.75);
    close(mixed.points[3].quality_lower_95, 0.460153);
}

#[test]
fn the_floor_is_met_by_the_lower_bound_not_the_point_estimate() {
    // Floor 0.55, SLM $0.0001 and LLM $0.002 per request; cost(θ) = 0.0001 + e(θ) × 0.002.
    let curve = curve(eight(), None);
    let (floor, slm, llm) = (0.55, 0.0001, 0.002);

    // By the point estimate, θ = 0.2 (q = 5/8 = 0.625 ≥ 0.55) would be cheapest: e = 1/8,
    // cost 0.0001 + 0.125 × 0.002 = $0.00035 per request. But its lower bound is 0.347991.
    let by_point = curve
        .points
        .iter()
        .filter(|p| p.quality >= floor)
        .min_by(|a, b| a.escalation.total_cmp(&b.escalation))
        .unwrap();
    assert_eq!(by_point.threshold, Threshold::Value(0.2));

    // By the lower bound only θ = 0.7 meets it (7/8 → 0.588857 ≥ 0.55; 6/8 → 0.460153 does
    // not): e = 5/8, cost 0.0001 + 0.625 × 0.002 = $0.00135 per request.
    let meeting = curve.meeting_floor(floor).unwrap();
    assert_eq!(meeting.len(), 1);
    let chosen = curve.cheapest(floor, slm, llm).unwrap().unwrap();
    assert_eq!(chosen.point.threshold, Threshold::Value(0.7));
    close(chosen.point.escalation, 0.625);
    close(chosen.cost_per_request, 0.00135);
    assert_ne!(chosen.point.threshold, by_point.threshold);

    // Floor 0.6: 7/8's bound 0.588857 falls short, and so does every other: none.
    assert_eq!(curve.cheapest(0.6, slm, llm).unwrap(), None);

    // Floor 0.45: 6/8 → 0.460153 meets it first at θ = 0.4, e = 3/8:
    // cost 0.0001 + 0.375 × 0.002 = $0.00085.
    let chosen = curve.cheapest(0.45, slm, llm).unwrap().unwrap();
    assert_eq!(chosen.point.threshold, Threshold::Value(0.4));
    close(chosen.cost_per_request, 0.00085);

    // Floor 0.2: −∞ and θ = 0.1 both escalate nothing (cost $0.0001, bound 0.248642);
    // the lower θ is reported.
    let chosen = curve.cheapest(0.2, slm, llm).unwrap().unwrap();
    assert_eq!(chosen.point.threshold, Threshold::MinusInfinity);
    close(chosen.cost_per_request, 0.0001);

    // A free LLM: every threshold costs $0.0001; the tie goes to the lowest escalation,
    // θ = −∞, as the engine's routing curve picks.
    let chosen = curve.cheapest(0.2, slm, 0.0).unwrap().unwrap();
    assert_eq!(chosen.point.threshold, Threshold::MinusInfinity);

    // With c_llm > 0 the cheapest is the lowest-escalation point meeting the floor, for
    // every floor on the curve's bounds.
    for point in &curve.points {
        let floor = point.quality_lower_95;
        let first = curve.meeting_floor(floor).unwrap()[0];
        let chosen = curve.cheapest(floor, slm, llm).unwrap().unwrap();
        assert_eq!(chosen.point, first);
    }

    // The floor is met within 1e-12 (float noise), as the engine judges it: 0.588857…'s
    // bound meets a floor a hair above it, and not one 1e-9 above.
    let bound = curve
        .points
        .iter()
        .map(|p| p.quality_lower_95)
        .fold(0.0, f64::max);
    assert_eq!(curve.meeting_floor(bound + 5e-13).unwrap().len(), 1);
    assert!(curve.meeting_floor(bound + 1e-9).unwrap().is_empty());
}

#[test]
fn an_item_without_llm_correctness_needs_llm_quality() {
    let mut items = eight();
    items[5].llm_correct = None;
    let outcomes = Outcomes::new(items).unwrap();
    let error = CascadeCurve::new(&outcomes, None).unwrap_err();
    assert_eq!(error, QualityError::MissingLlm { index: 5 });
    assert!(
        error.to_string().starts_with("items[5].llm_correct: "),
        "{error}"
    );
}
