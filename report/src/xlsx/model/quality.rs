//! Whether each option meets the quality floor, when the scenario sets one: the hybrid's
//! quality at its share and each option's test against the minimum, which the Summary's
//! recommendation reads.

use crate::xlsx::cells::{Ctx, Kind};
use crate::xlsx::figures::{fig, Cached, Figure};

/// The hybrid's quality and whether each option meets the floor; nothing without a floor.
pub(super) fn figures(ctx: &Ctx) -> Vec<Figure> {
    let s = ctx.scenario();
    let r = ctx.result();
    let n = |k: &str| ctx.n(k);
    let (Some(_), Some(_), Some(_)) = (
        s.routing.min_quality,
        s.routing.slm_quality,
        s.routing.llm_quality,
    ) else {
        return Vec::new();
    };
    let meets = |q: String| format!("={q}>={}-1E-12", n("min_quality"));
    if s.routing.measured.is_some() {
        // A measured cascade curve (tco §4): its quality at e, and each option judged on its
        // lower 95 % bound at e, 0 and 1, are the engine's values, not formulas of the two.
        let how = "the measured curve's lower 95 % bound (the engine's value)";
        return vec![
            fig(
                "Hybrid quality at the scenario's escalation rate (measured curve)",
                "hybrid_quality",
                String::new(),
                Cached::Opt(r.hybrid.quality, "not given"),
                Kind::Share,
                "the measured curve at e, linear between its points (the engine's value)",
            ),
            fig(
                "LLM API meets the minimum quality",
                "api_meets_quality",
                String::new(),
                Cached::Bool(r.api.meets_quality),
                Kind::Plain,
                how,
            ),
            fig(
                "Self-hosted / SLM meets the minimum quality",
                "self_hosted_meets_quality",
                String::new(),
                Cached::Bool(r.self_hosted.meets_quality),
                Kind::Plain,
                how,
            ),
            fig(
                "Hybrid meets the minimum quality",
                "hybrid_meets_quality",
                String::new(),
                Cached::Bool(r.hybrid.meets_quality),
                Kind::Plain,
                how,
            ),
        ];
    }
    vec![
        fig(
            "Hybrid quality at the scenario's share",
            "hybrid_quality",
            format!(
                "={s}*((1-{e})*{qs}+{e}*{ql})+(1-{s})*{ql}",
                s = n("slm_share"),
                e = n("escalation_rate"),
                qs = n("slm_quality"),
                ql = n("llm_quality")
            ),
            Cached::Opt(r.hybrid.quality, "not given"),
            Kind::Share,
            "s·((1−e)·q_slm + e·q_llm) + (1−s)·q_llm",
        ),
        fig(
            "LLM API meets the minimum quality",
            "api_meets_quality",
            meets(n("llm_quality")),
            Cached::Bool(r.api.meets_quality),
            Kind::Plain,
            "q_llm ≥ q_min",
        ),
        fig(
            "Self-hosted / SLM meets the minimum quality",
            "self_hosted_meets_quality",
            meets(n("slm_quality")),
            Cached::Bool(r.self_hosted.meets_quality),
            Kind::Plain,
            "q_slm ≥ q_min",
        ),
        fig(
            "Hybrid meets the minimum quality",
            "hybrid_meets_quality",
            meets(n("hybrid_quality")),
            Cached::Bool(r.hybrid.meets_quality),
            Kind::Plain,
            "the hybrid's quality ≥ q_min",
        ),
    ]
}
