//! "Use in scenario": the eval's cascade written into the planner's routing
//! (`api::quality::routing_input`: cascade, the chosen threshold's escalation rate, the
//! small model's and the LLM's quality, the floor, and the measured curve with its label),
//! as text a person would have typed; the scenario's other fields are kept.

use ::api::quality::{ChosenThreshold, EvalResult};
use tco::input::RoutingInput;

use crate::planner::form::MEASURED;
use crate::planner::values::Values;

/// Which threshold the scenario gets, and why: `api::quality::chosen_threshold`, the one
/// rule `routing_input` follows.
pub fn chosen(result: &EvalResult) -> ChosenThreshold {
    ::api::quality::chosen_threshold(&result.figures)
}

/// Writes `routing` into the planner's routing fields (the measured curve as its JSON).
pub fn fill(v: &mut Values, routing: &RoutingInput) {
    let text = |x: Option<f64>| x.map_or_else(String::new, |x| format!("{x}"));
    v.insert("routing.mode", "cascade".into());
    v.insert("routing.escalation_rate", text(routing.escalation_rate));
    v.insert("routing.slm_quality", text(routing.slm_quality));
    v.insert("routing.llm_quality", text(routing.llm_quality));
    v.insert("routing.min_quality", text(routing.min_quality));
    let measured = routing
        .measured
        .as_ref()
        .and_then(|m| serde_json::to_string(m).ok())
        .unwrap_or_default();
    v.insert(MEASURED, measured);
}

#[cfg(test)]
mod tests {
    use tco::input::{MeasuredCascadeInput, MeasuredPointInput, RoutingMode};

    use super::*;
    use crate::planner::form::{defaults, evaluate};

    #[test]
    fn the_cascade_and_its_curve_go_into_the_planner_and_plan() {
        let point = |e: f64, q: f64, lo: f64| MeasuredPointInput {
            threshold: None,
            escalation_rate: Some(e),
            quality: Some(q),
            quality_lower_95: Some(lo),
        };
        // On 10 items: 6, 8 and 9 right; Wilson's one-sided lower 95 % bounds 0.351639,
        // 0.540793, 0.652281.
        let mut middle = point(0.5, 0.8, 0.540793);
        middle.threshold = Some(0.4);
        let routing = RoutingInput {
            mode: Some(RoutingMode::Cascade),
            escalation_rate: Some(0.5),
            slm_quality: Some(0.6),
            llm_quality: Some(0.9),
            min_quality: Some(0.65),
            measured: Some(MeasuredCascadeInput {
                label: Some("measured on 10 items of t.jsonl (95 % interval 31.3 %–83.2 %)".into()),
                items: Some(10),
                points: Some(vec![
                    point(0.0, 0.6, 0.351639),
                    middle,
                    point(1.0, 0.9, 0.652281),
                ]),
            }),
            ..RoutingInput::default()
        };
        let mut v = defaults();
        fill(&mut v, &routing);
        assert_eq!(v["routing.mode"], "cascade");
        assert_eq!(v["routing.escalation_rate"], "0.5");
        let (s, _) = evaluate(&v, None, pricing::bundled_table()).expect("valid");
        assert_eq!(s.routing.escalation_rate, 0.5);
        assert_eq!(s.routing.slm_quality, Some(0.6));
        assert_eq!(s.routing.min_quality, Some(0.65));
        // The curve reads back whole (the planner's reopening writes it the same way).
        let input = crate::planner::form::to_input(&v, None, &mut Vec::new());
        assert_eq!(input.routing.and_then(|r| r.measured), routing.measured);
        // Kept: the LLM and the workload.
        assert_eq!(v["llm.model"], "gpt-4o");
    }
}
