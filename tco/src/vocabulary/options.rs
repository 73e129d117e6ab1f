//! The three options' names as people read them: the planner's result cards, the compare
//! table, the PDF and the workbook call an option by these words, so a finance reviewer
//! reading the report sees the name the engineering manager saw on screen.

use crate::format::percent;
use crate::plan::PlanResult;
use crate::quality::Choice;
use crate::scenario::RoutingMode;

/// An option's short name, for a table cell or a summary bar: "LLM API", "SLM API",
/// "Self-hosted SLM", "Hybrid".
pub fn option_short(choice: Choice, r: &PlanResult) -> &'static str {
    match choice {
        Choice::Api => "LLM API",
        Choice::SelfHosted if r.self_hosted.is_hosted_api() => "SLM API",
        Choice::SelfHosted => "Self-hosted SLM",
        Choice::Hybrid => "Hybrid",
    }
}

/// An option's full name, as the result cards head it: "LLM API, all traffic", "Self-hosted
/// SLM, all traffic", "Hybrid (40.0 % to the SLM)" (a router's share) or "Hybrid (cascade)".
pub fn option_name(choice: Choice, mode: RoutingMode, r: &PlanResult) -> String {
    match (choice, mode) {
        (Choice::Hybrid, RoutingMode::Router) => {
            format!("Hybrid ({} to the SLM)", percent(r.hybrid.slm_share))
        }
        (Choice::Hybrid, RoutingMode::Cascade) => "Hybrid (cascade)".to_string(),
        (other, _) => format!("{}, all traffic", option_short(other, r)),
    }
}
