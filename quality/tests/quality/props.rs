//! Invariants over arbitrary samples: the curve against a brute-force count, e(θ) monotone
//! in θ, q and its bound in 0..1, the cheapest threshold really the cheapest meeting the
//! floor, the Wilson interval around p̂.

use proptest::prelude::*;
use quality::{wilson, CascadeCurve, ItemOutcome, Outcomes, Threshold};

fn item() -> impl Strategy<Value = ItemOutcome> {
    // Confidences from a small grid (ties are common) or any finite number.
    let confidence = prop_oneof![(-4_i32..4).prop_map(|k| f64::from(k) / 2.0), -1e6..1e6_f64];
    (
        any::<bool>(),
        confidence,
        proptest::option::of(any::<bool>()),
    )
        .prop_map(|(correct, confidence, llm_correct)| ItemOutcome {
            correct,
            confidence,
            llm_correct,
        })
}

proptest! {
    #[test]
    fn the_curve_counts_every_threshold(
        items in proptest::collection::vec(item(), 1..60),
        llm_quality in 0.0..=1.0_f64,
        floor in 0.0..=1.0_f64,
        slm_cost in 0.0..1.0_f64,
        llm_cost in 0.0..1.0_f64,
    ) {
        let outcomes = Outcomes::new(items.clone()).unwrap();
        let curve = CascadeCurve::new(&outcomes, Some(llm_quality)).unwrap();
        let n = items.len() as f64;
        let points = &curve.points;
        prop_assert_eq!(points[0].threshold, Threshold::MinusInfinity);
        prop_assert_eq!(points[points.len() - 1].threshold, Threshold::PlusInfinity);
        prop_assert_eq!(points[0].escalation, 0.0);
        prop_assert_eq!(points[points.len() - 1].escalation, 1.0);
        close_enough(points[0].quality, outcomes.accuracy().accuracy)?;

        for pair in points.windows(2) {
            // θ strictly increases, and e(θ) never decreases with it.
            prop_assert!(pair[0].threshold.as_f64() < pair[1].threshold.as_f64());
            prop_assert!(pair[0].escalation <= pair[1].escalation);
        }
        for point in points {
            let theta = point.threshold.as_f64();
            let escalated: Vec<&ItemOutcome> =
                items.iter().filter(|i| i.confidence < theta).collect();
            let kept = items.iter().filter(|i| i.confidence >= theta && i.correct).count();
            let llm: f64 = escalated
                .iter()
                .map(|i| i.llm_correct.map_or(llm_quality, |c| if c { 1.0 } else { 0.0 }))
                .sum();
            prop_assert_eq!(point.escalated, escalated.len());
            prop_assert_eq!(point.slm_correct_kept, kept);
            close_enough(point.quality, (kept as f64 + llm) / n)?;
            prop_assert!((0.0..=1.0).contains(&point.quality));
            prop_assert!(point.quality_lower_95 >= 0.0);
            prop_assert!(point.quality_lower_95 <= point.quality + 1e-12);
        }

        let meeting = curve.meeting_floor(floor).unwrap();
        match curve.cheapest(floor, slm_cost, llm_cost).unwrap() {
            None => prop_assert!(meeting.is_empty()),
            Some(chosen) => {
                prop_assert!(chosen.point.quality_lower_95 >= floor);
                for other in &meeting {
                    let cost = slm_cost + other.escalation * llm_cost;
                    prop_assert!(chosen.cost_per_request <= cost);
                }
            }
        }
    }

    #[test]
    fn wilson_holds_the_estimate(n in 1_usize..10_000, share in 0.0..=1.0_f64, z in 0.01..5.0_f64) {
        let successes = share * n as f64;
        let interval = wilson(successes, n, z).unwrap();
        let p = successes / n as f64;
        prop_assert!(0.0 <= interval.low && interval.low <= p + 1e-12);
        prop_assert!(p - 1e-12 <= interval.high && interval.high <= 1.0);
    }
}

fn close_enough(actual: f64, expected: f64) -> Result<(), TestCaseError> {
    prop_assert!(
        (actual - expected).abs() <= 1e-9,
        "{} vs {}",
        actual,
        expected
    );
    Ok(())
}
