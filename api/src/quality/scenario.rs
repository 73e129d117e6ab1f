//! "Use in scenario": an eval's cascade curve as a scenario's routing (docs/cost-model.md
//! §4): a cascade at the chosen threshold's escalation rate, the curve's two ends as the
//! small model's and the LLM's quality, the floor asked for, and the curve itself as
//! `routing.measured`, labelled with where it was measured.

use quality::summary::EvalFigures;
use quality::{CascadePoint, Threshold};
use tco::input::{MeasuredCascadeInput, MeasuredPointInput, RoutingInput, RoutingMode};

use super::EvalResult;

impl EvalResult {
    /// This eval's routing for a scenario: [`routing_input`] of its figures and label.
    pub fn routing_input(&self) -> RoutingInput {
        routing_input(&self.figures, &self.label)
    }
}

/// Which threshold an eval's routing uses, and why ([`chosen_threshold`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ChosenThreshold {
    /// The cheapest threshold meeting the floor under the eval's prices (on equal cost the
    /// lowest escalation: with an LLM that costs more than nothing, the lowest-escalation
    /// point meeting the floor).
    Cheapest(CascadePoint),
    /// No prices: the lowest escalation meeting the floor.
    MeetsFloor(CascadePoint),
    /// A floor was asked and no threshold meets it by its lower bound: nothing escalated.
    NoneMeetsFloor,
    /// No floor was asked: nothing escalated.
    NoFloor,
}

impl ChosenThreshold {
    /// The escalation rate the scenario gets: the point's, else 0.
    pub fn escalation(self) -> f64 {
        match self {
            ChosenThreshold::Cheapest(p) | ChosenThreshold::MeetsFloor(p) => p.escalation,
            ChosenThreshold::NoneMeetsFloor | ChosenThreshold::NoFloor => 0.0,
        }
    }
}

/// The one rule for the threshold an eval's routing uses: the cheapest meeting the floor
/// under the eval's prices, else the lowest escalation meeting it, else nothing escalated
/// (told apart: no floor asked, or none meets it).
pub fn chosen_threshold(figures: &EvalFigures) -> ChosenThreshold {
    match (
        &figures.cheapest,
        figures.meeting_floor,
        figures.min_quality,
    ) {
        (Some(c), _, _) => ChosenThreshold::Cheapest(c.point),
        (None, Some(p), _) => ChosenThreshold::MeetsFloor(p),
        (None, None, Some(_)) => ChosenThreshold::NoneMeetsFloor,
        (None, None, None) => ChosenThreshold::NoFloor,
    }
}

/// The routing an eval gives a scenario:
/// - mode cascade, the curve as `measured` ([`measured_input`]);
/// - `escalation_rate`: the [`chosen_threshold`]'s (0 when none);
/// - `slm_quality`: the small model's accuracy (the curve at e = 0);
/// - `llm_quality`: the curve at e = 1, every item answered by the LLM: its measured accuracy
///   where every item gave `llm_correct`/`llm_output`, the typed `llm_quality` where none
///   did, the mix of both otherwise — the same figure the engine reads off the curve;
/// - `min_quality`: the floor the eval was asked for.
pub fn routing_input(figures: &EvalFigures, label: &str) -> RoutingInput {
    RoutingInput {
        mode: Some(RoutingMode::Cascade),
        slm_share: None,
        escalation_rate: Some(chosen_threshold(figures).escalation()),
        router_usd_per_request: None,
        slm_quality: Some(figures.accuracy.accuracy),
        llm_quality: figures.cascade.points.last().map(|p| p.quality),
        min_quality: figures.min_quality,
        measured: Some(measured_input(figures, label)),
    }
}

/// The eval's cascade curve (already thinned to at most 201 points) as `routing.measured`:
/// θ = ±∞ become null, `items` is the sample's size, `label` where it was measured.
pub fn measured_input(figures: &EvalFigures, label: &str) -> MeasuredCascadeInput {
    let curve = &figures.cascade;
    MeasuredCascadeInput {
        label: Some(label.to_string()),
        items: Some(curve.n as u64),
        points: Some(
            curve
                .points
                .iter()
                .map(|p| MeasuredPointInput {
                    threshold: match p.threshold {
                        Threshold::Value(t) => Some(t),
                        Threshold::MinusInfinity | Threshold::PlusInfinity => None,
                    },
                    escalation_rate: Some(p.escalation),
                    quality: Some(p.quality),
                    quality_lower_95: Some(p.quality_lower_95),
                })
                .collect(),
        ),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use quality::{CascadeCurve, ItemOutcome, Outcomes};

    use super::*;

    /// Five items (correct, confidence, LLM correct): (no, 0.1, yes), (yes, 0.2, yes),
    /// (no, 0.3, no), (yes, 0.8, yes), (yes, 0.9, yes). By hand: accuracy 3/5; thresholds
    /// −∞, 0.1 escalate nothing (q 0.6); 0.2 escalates item 1 (SLM 3 kept + LLM 1 = 0.8);
    /// 0.3, 0.8, 0.9 escalate 2, 3, 4 items (2+2, 2+2, 1+3: 0.8); +∞ all (LLM 4/5 = 0.8).
    /// Wilson's one-sided lower 95 % bounds at n = 5: 3/5 → 0.2725, 4/5 → 0.4353, so a floor
    /// of 0.4 is first met at e = 0.2.
    fn figures(floor: Option<f64>, prices: Option<(f64, f64)>) -> EvalFigures {
        let item = |correct, confidence, llm| ItemOutcome {
            correct,
            confidence,
            llm_correct: Some(llm),
        };
        let outcomes = Outcomes::new(vec![
            item(false, 0.1, true),
            item(true, 0.2, true),
            item(false, 0.3, false),
            item(true, 0.8, true),
            item(true, 0.9, true),
        ])
        .unwrap();
        let cascade = CascadeCurve::new(&outcomes, None).unwrap();
        let meeting_floor = floor.and_then(|f| cascade.meeting_floor(f).unwrap().first().copied());
        let cheapest = match (floor, prices) {
            (Some(f), Some((slm, llm))) => cascade.cheapest(f, slm, llm).unwrap(),
            _ => None,
        };
        EvalFigures {
            accuracy: outcomes.accuracy(),
            confusion: None,
            per_label: Vec::new(),
            worst_items: Vec::new(),
            llm_accuracy: None,
            cascade,
            min_quality: floor,
            meeting_floor,
            cheapest,
        }
    }

    const LABEL: &str = "measured on 5 items of five.jsonl (95 % interval 23.1 %–88.2 %)";

    #[test]
    fn an_eval_becomes_a_cascade_with_its_measured_curve() {
        let f = figures(Some(0.4), Some((0.001, 0.05)));
        let r = routing_input(&f, LABEL);
        assert_eq!(r.mode, Some(RoutingMode::Cascade));
        assert_eq!(r.escalation_rate, Some(0.2));
        assert_eq!(r.slm_quality, Some(0.6));
        assert_eq!(r.llm_quality, Some(0.8));
        assert_eq!(r.min_quality, Some(0.4));
        let m = r.measured.clone().unwrap();
        assert_eq!(m.label.as_deref(), Some(LABEL));
        assert_eq!(m.items, Some(5));
        let points = m.points.unwrap();
        let thresholds: Vec<Option<f64>> = points.iter().map(|p| p.threshold).collect();
        assert_eq!(
            thresholds,
            [
                None,
                Some(0.1),
                Some(0.2),
                Some(0.3),
                Some(0.8),
                Some(0.9),
                None
            ]
        );
        let rates: Vec<f64> = points.iter().map(|p| p.escalation_rate.unwrap()).collect();
        assert_eq!(rates, [0.0, 0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        let q: Vec<f64> = points.iter().map(|p| p.quality.unwrap()).collect();
        assert_eq!(q, [0.6, 0.6, 0.8, 0.8, 0.8, 0.8, 0.8]);
        assert!((points[0].quality_lower_95.unwrap() - 0.272_483).abs() < 1e-6);
        assert!((points[2].quality_lower_95.unwrap() - 0.435_293).abs() < 1e-6);

        // The engine takes it as written: 100 requests, SLM $0.001, LLM $0.05 each.
        let input = tco::ScenarioInput {
            name: Some("eval".into()),
            workload: Some(tco::input::WorkloadInput {
                requests_per_month: Some(100.0),
                input_tokens: Some(0.0),
                output_tokens: Some(0.0),
                ..Default::default()
            }),
            llm: Some(tco::input::ApiInput {
                usd_per_request: Some(0.05),
                ..Default::default()
            }),
            slm: Some(tco::input::SlmInput {
                serving: Some(tco::input::Serving::Api),
                usd_per_request: Some(0.001),
                ..Default::default()
            }),
            routing: Some(r),
            finance: None,
            uncertainty: None,
        };
        let s = tco::validate(&input, pricing::bundled_table()).unwrap();
        let plan = tco::plan(&s);
        // Hy = 100 × $0.001 + 0.2 × 100 × $0.05 = $1.10; quality 0.8, bound 0.4353 ≥ 0.4.
        assert!((plan.hybrid.monthly_usd - 1.1).abs() < 1e-12);
        assert_eq!(plan.hybrid.quality, Some(0.8));
        assert!(plan.hybrid.meets_quality);
        assert_eq!(plan.routing_curve.len(), 7);
        assert_eq!(plan.routing_best_escalation_rate, Some(0.2));
        assert!(plan
            .warnings
            .iter()
            .all(|w| w.code != "measured_quality_differs"));
    }

    #[test]
    fn without_prices_or_a_floor_the_escalation_falls_back() {
        // No prices: the lowest escalation meeting the floor (0.2 for 0.4).
        let no_prices = routing_input(&figures(Some(0.4), None), LABEL);
        assert_eq!(no_prices.escalation_rate, Some(0.2));
        // A floor nothing meets (0.9 > every bound), or none: nothing escalated.
        assert_eq!(
            routing_input(&figures(Some(0.9), Some((0.001, 0.05))), LABEL).escalation_rate,
            Some(0.0)
        );
        assert_eq!(
            chosen_threshold(&figures(Some(0.9), Some((0.001, 0.05)))),
            ChosenThreshold::NoneMeetsFloor
        );
        let none = routing_input(&figures(None, None), LABEL);
        assert_eq!(none.escalation_rate, Some(0.0));
        assert_eq!(none.min_quality, None);
        assert_eq!(
            chosen_threshold(&figures(None, None)),
            ChosenThreshold::NoFloor
        );
        // With prices the cheapest is the lowest escalation meeting the floor (c_llm > 0).
        let priced = figures(Some(0.4), Some((0.001, 0.05)));
        assert_eq!(
            chosen_threshold(&priced),
            ChosenThreshold::Cheapest(priced.meeting_floor.unwrap())
        );
    }

    /// `quality::summary::label_for` formats without tco (the quality crate does not depend
    /// on it), but must read as `tco::format` writes a count and a share on the same page.
    #[test]
    fn the_label_formats_as_tco_does() {
        let mut f = figures(None, None);
        for (n, low, high) in [
            (5_usize, 0.2307, 0.8824),
            (168, 0.350_472, 0.498_226),
            (1_234, 0.0, 1.0),
            (100_000, 0.123_449, 0.999_951),
            (12_345_678, 0.5, 0.5),
        ] {
            f.accuracy.n = n;
            f.accuracy.interval_95.low = low;
            f.accuracy.interval_95.high = high;
            let expected = format!(
                "measured on {} items of the demo sample support-intent.jsonl (95 % interval {}–{})",
                tco::format::count(n as f64),
                tco::format::percent(low),
                tco::format::percent(high)
            );
            assert_eq!(
                quality::summary::label_for(quality::sample::DEMO_SAMPLE_NAME, true, &f),
                expected
            );
        }
    }
}
