//! "Use in scenario": the eval's cascade written into the planner's routing, as text a person
//! would have typed (cascade, the chosen threshold's escalation rate, the small model's and
//! the LLM's quality, the floor); the scenario's other fields are kept.

use ::api::quality::EvalResult;
use quality::{CascadePoint, Threshold};
use tco::input::{MeasuredCascadeInput, MeasuredPointInput};

use crate::planner::form::MEASURED;
use crate::planner::values::Values;

/// Which threshold the scenario gets, and why.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Chosen {
    pub point: CascadePoint,
    pub why: Why,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The cheapest threshold meeting the floor under the prices used.
    Cheapest,
    /// The lowest escalation meeting the floor (no prices).
    MeetsFloor,
    /// No threshold meets the floor (or none was asked): the one nearest the planner's
    /// escalation rate.
    Nearest,
}

/// The threshold "Use in scenario" writes: the cheapest meeting the floor, else the lowest
/// escalation meeting it, else the point nearest `planner_escalation`.
pub fn chosen(result: &EvalResult, planner_escalation: Option<f64>) -> Option<Chosen> {
    let f = &result.figures;
    if let Some(c) = &f.cheapest {
        return Some(Chosen {
            point: c.point,
            why: Why::Cheapest,
        });
    }
    if let Some(p) = f.meeting_floor {
        return Some(Chosen {
            point: p,
            why: Why::MeetsFloor,
        });
    }
    let target = planner_escalation.unwrap_or(0.0);
    f.cascade
        .points
        .iter()
        .min_by(|a, b| {
            (a.escalation - target)
                .abs()
                .total_cmp(&(b.escalation - target).abs())
        })
        .map(|p| Chosen {
            point: *p,
            why: Why::Nearest,
        })
}

/// The LLM's quality the scenario gets: measured on the sample where it was, else the
/// quality typed for the eval.
pub fn llm_quality(result: &EvalResult) -> Option<f64> {
    result
        .figures
        .llm_accuracy
        .as_ref()
        .map(|a| a.accuracy)
        .or(result.request.llm_quality)
}

/// Writes the cascade at `point` into the planner's routing fields.
pub fn fill(v: &mut Values, result: &EvalResult, point: &CascadePoint) {
    let text = |x: f64| format!("{}", (x * 1e6).round() / 1e6);
    v.insert("routing.mode", "cascade".into());
    v.insert("routing.escalation_rate", text(point.escalation));
    v.insert(
        "routing.slm_quality",
        text(result.figures.accuracy.accuracy),
    );
    v.insert(
        "routing.llm_quality",
        llm_quality(result).map(text).unwrap_or_default(),
    );
    if let Some(floor) = result.request.min_quality {
        v.insert("routing.min_quality", text(floor));
    }
    if let Ok(json) = serde_json::to_string(&measured(result)) {
        v.insert(MEASURED, json);
    }
}

/// The eval's cascade curve as the scenario's `routing.measured`, with its label.
pub fn measured(result: &EvalResult) -> MeasuredCascadeInput {
    let curve = &result.figures.cascade;
    MeasuredCascadeInput {
        label: Some(result.label.clone()),
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
