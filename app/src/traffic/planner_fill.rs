//! "Use in planner": the trace's workload written into the planner's workload fields, as
//! text a person would have typed; the scenario's other fields (the LLM, the SLM, the
//! routing, the latency SLO) are kept.

use tco::input::WorkloadInput;

use crate::planner::form::workload_text;
use crate::planner::values::Values;
use crate::planner::IMPORTED_WORKLOAD_FIELDS;

/// The workload fields the trace fills (`IMPORTED_WORKLOAD_FIELDS`), written by the form's
/// one writer of a workload (`form::workload_text`); a figure the trace leaves to the
/// engine's default is cleared. The latency SLO is not among them: the log does not say
/// what it should be.
pub fn fill(v: &mut Values, w: &WorkloadInput, label: &str) {
    let mut text = Values::new();
    workload_text(&mut text, w);
    for key in IMPORTED_WORKLOAD_FIELDS {
        v.insert(key, text.remove(key).unwrap_or_default());
    }
    v.insert("workload.source", label.to_string());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planner::form::{defaults, evaluate};

    #[test]
    fn a_trace_workload_replaces_the_workload_and_keeps_the_rest() {
        let mut v = defaults();
        v.insert("workload.latency_slo.ttft_ms", "800".into());
        v.insert("workload.latency_slo.tpot_ms", "100".into());
        v.insert("workload.weekly_shape", "1, 1, 1, 1, 1, 0, 0".into());
        let mut shape = vec![1.0; 168];
        shape[9] = 3.0;
        let w = WorkloadInput {
            requests_per_month: Some(73_000.0),
            input_tokens: Some(1500.0),
            output_tokens: Some(250.0),
            cached_input_share: Some(0.2),
            batch_share: Some(0.1),
            load_shape: Some(shape.clone()),
            ..WorkloadInput::default()
        };
        fill(
            &mut v,
            &w,
            "from t.csv, 10 requests, 2025-03-03 – 2025-03-16",
        );
        let (s, _) = evaluate(&v, None, pricing::bundled_table()).expect("valid");
        assert_eq!(s.workload.requests_per_month, 73_000.0);
        assert_eq!(s.workload.input_tokens, 1500.0);
        assert_eq!(s.workload.output_tokens, 250.0);
        assert_eq!(s.workload.cached_input_share, 0.2);
        assert_eq!(s.workload.batch_share, 0.1);
        // No growth in the trace's workload: the engine's default, 0.
        assert_eq!(s.workload.monthly_growth, 0.0);
        assert_eq!(s.weekly_shape, None);
        assert_eq!(s.load_shape.as_deref(), Some(&shape[..]));
        // Peak from the week: 3 over the mean (167 + 3) / 168.
        let peak = 3.0 / (170.0 / 168.0);
        assert!((s.workload.peak_to_average - peak).abs() < 1e-9);
        // Kept: the SLO and the LLM.
        assert_eq!(v["workload.latency_slo.ttft_ms"], "800");
        assert_eq!(v["llm.model"], "gpt-4o");
        assert_eq!(
            v["workload.source"],
            "from t.csv, 10 requests, 2025-03-03 – 2025-03-16"
        );
    }
}
