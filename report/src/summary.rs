//! The headline figures of a scenario, shared by the PDF, the workbook and the API, each
//! with its display text from `tco::format`, so every surface shows the same string.

use serde::{Deserialize, Serialize};
use tco::format::{count, percent, usd};
use tco::roi::Roi;
use tco::scenario::SlmServing;
use tco::vocabulary;

use crate::ReportScenario;

pub(crate) mod page_one;

/// The options a summary weighs: the engine's own (`tco::quality::Choice`).
pub use tco::quality::Choice;

/// What every figure of the recommended option says when no option meets the quality floor.
pub(crate) const NO_OPTION: &str = "none: no option meets the minimum quality";
/// A payback that does not come within the horizon, in the PDF and the workbook alike.
pub(crate) const NONE_PAYBACK: &str = "not within the horizon";

/// The headline figures. `None` means the figure does not exist for this scenario; its
/// text then says why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// The scenario's name, as typed.
    pub scenario: String,
    /// The engine's recommendation (`PlanResult::recommended`): the cheapest option in
    /// month 1 that meets the quality floor; None when no option meets it.
    pub recommended: Option<Choice>,
    /// The LLM API's monthly cost in month 1, USD.
    pub api_monthly_usd: f64,
    /// The recommended option's monthly cost in month 1, USD.
    pub recommended_monthly_usd: Option<f64>,
    /// API cost less the recommended option's, at the scenario's volume (month 1).
    pub monthly_savings_usd: Option<f64>,
    /// 12 × the monthly savings (today's volume, no growth).
    pub annual_savings_usd: Option<f64>,
    /// The recommended option's payback month (None for the API, or beyond the horizon).
    pub payback_month: Option<u32>,
    /// The recommended option's NPV over the horizon (None when the API is recommended).
    pub npv_usd: Option<f64>,
    /// The volume above which self-hosting costs less than the API (requests per month; 0
    /// when it is cheaper at any volume, None when never).
    pub break_even_requests_per_month: Option<f64>,
    /// Monte Carlo's probability that the recommended option is the cheapest feasible one.
    pub probability_cheapest: Option<f64>,
    /// Months the payback and NPV are computed over.
    pub horizon_months: u32,
    /// Every figure above as the exports show it.
    pub text: SummaryText,
    /// What page 1 asks its reader to keep in mind, most important first: how the
    /// throughput was found when it was not measured, a model left unnamed, and every
    /// warning of the engine in words (`page_one::caveats`).
    pub caveats: Vec<String>,
}

/// The display text of each figure of [`Summary`], through `tco::format`: the strings the
/// PDF prints and the tests look for. A figure that does not exist says why ("not
/// applicable: the API is the cheapest option").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryText {
    /// The option as the planner's result cards name it ("Hybrid (40.0 % to the SLM)"), or
    /// that none meets the quality floor.
    pub recommended: String,
    /// "$3,250.00".
    pub api_monthly: String,
    /// The recommended option's monthly cost.
    pub recommended_monthly: String,
    /// API less recommended, month 1.
    pub monthly_savings: String,
    /// 12 × the monthly savings.
    pub annual_savings: String,
    /// "month 4", or why there is none.
    pub payback: String,
    /// The NPV in USD, or why there is none.
    pub npv: String,
    /// "1,234,567 requests/month", or why there is none.
    pub break_even: String,
    /// "87.5 % (2,000 draws)", or that it was not computed and how to have it computed.
    pub probability_cheapest: String,
    /// The recommendation in one sentence naming the LLM, the SLM, where it runs and the
    /// volume, with the saving a month and a year, the payback and the break-even volume:
    /// "Serve all 1,000,000 requests a month with … on 1× L4 (AWS g6.xlarge, $0.80 per
    /// GPU-hour on demand) instead of gpt-4o: saves $2,662.50 a month …".
    pub recommendation: String,
    /// The biggest uncertainty: the input whose ±20 % moves the saving most, and by how
    /// much ("The largest swing comes from Requests per month: ±$650.00 a month (…)").
    pub uncertainty: String,
    /// The small model served: a self-hosted catalog model with its number format ("SmolLM2
    /// 135M Instruct (smollm2-135m) in 8-bit blocks (Q8_0)"), that none is named, or a
    /// hosted API's model.
    pub slm_model: String,
    /// Where the self-hosted throughput comes from, its label first ("estimate: typed in
    /// the scenario …", "measured: benchmark #7: …", "adjusted from benchmark #7 measured
    /// at 128/32: …; decode priced at 41.3 tokens/s, measured 50.0"), or that a hosted API
    /// has none.
    pub throughput: String,
}

/// An option's month-1 cost.
pub(crate) fn monthly_usd(res: &tco::PlanResult, choice: Choice) -> f64 {
    match choice {
        Choice::Api => res.api.monthly_usd,
        Choice::SelfHosted => res.self_hosted.monthly_usd,
        Choice::Hybrid => res.hybrid.monthly_usd,
    }
}

impl Summary {
    /// The headline figures of `r`, from the engine's result alone (nothing recomputed).
    pub fn of(r: &ReportScenario) -> Summary {
        let res = &r.result;
        let recommended = res.recommended;
        let recommended_monthly = recommended.map(|c| monthly_usd(res, c));
        let monthly_savings = recommended_monthly.map(|m| res.api.monthly_usd - m);
        let horizon = r.scenario.finance.horizon_months;
        let roi = recommended.and_then(|c| roi_of(r, c));
        let not_applicable = match recommended {
            Some(_) => "not applicable: the API is the cheapest option".to_string(),
            None => format!("not applicable: {NO_OPTION}"),
        };
        let payback_month = roi.and_then(|x| x.payback_month);
        let payback = match (roi, payback_month) {
            (None, _) => not_applicable.clone(),
            (Some(_), Some(m)) => format!("month {m}"),
            (Some(_), None) => format!("not within the {horizon}-month horizon"),
        };
        let npv_usd = roi.map(|x| x.npv_usd);
        let break_even = res.break_even.requests_per_month;
        let probability = res.uncertainty.as_ref().and_then(|u| {
            let p = &u.probability_cheapest;
            recommended.map(|c| match c {
                Choice::Api => p.api,
                Choice::SelfHosted => p.self_hosted,
                Choice::Hybrid => p.hybrid,
            })
        });
        let no_option = || format!("not applicable: {NO_OPTION}");
        let text = SummaryText {
            recommended: recommended.map_or_else(|| NO_OPTION.to_string(), |c| choice_label(r, c)),
            api_monthly: usd(res.api.monthly_usd),
            recommended_monthly: recommended_monthly.map_or_else(no_option, usd),
            monthly_savings: monthly_savings.map_or_else(no_option, usd),
            annual_savings: monthly_savings.map_or_else(no_option, |m| usd(m * 12.0)),
            payback,
            npv: npv_usd.map_or(not_applicable, usd),
            break_even: break_even.map_or_else(
                || "none: the SLM never costs less per request than the API".to_string(),
                |v| {
                    if v > 0.0 {
                        format!("{} requests/month", count(v))
                    } else {
                        "0 requests/month: the SLM is cheaper at any volume".to_string()
                    }
                },
            ),
            probability_cheapest: match (probability, &res.uncertainty) {
                (Some(p), Some(u)) => format!("{} ({} draws)", percent(p), count(u.draws.into())),
                (None, Some(_)) => format!("not applicable: {NO_OPTION}"),
                _ => page_one::NOT_COMPUTED.to_string(),
            },
            slm_model: slm_model_words(r),
            throughput: throughput_words(r),
            recommendation: String::new(),
            uncertainty: String::new(),
        };
        let mut summary = Summary {
            scenario: r.scenario.name.clone(),
            recommended,
            api_monthly_usd: res.api.monthly_usd,
            recommended_monthly_usd: recommended_monthly,
            monthly_savings_usd: monthly_savings,
            annual_savings_usd: monthly_savings.map(|m| m * 12.0),
            payback_month,
            npv_usd,
            break_even_requests_per_month: break_even,
            probability_cheapest: probability,
            horizon_months: horizon,
            text,
            caveats: page_one::caveats(r),
        };
        // The sentences read the figures above, so they are written last.
        summary.text.recommendation = page_one::recommendation(r, &summary);
        summary.text.uncertainty = page_one::uncertainty(r, &summary);
        summary
    }
}

/// The words of a number format (`q8_0` → "8-bit blocks (Q8_0)"), the vocabulary's.
/// `spelled` is the format as the scenario spells it (`WeightDtype::as_str`).
pub(crate) fn format_words(spelled: &str) -> String {
    vocabulary::choice("slm.model_format", spelled)
        .map_or_else(|| spelled.to_string(), str::to_string)
}

/// The small model served, in one line (see [`SummaryText::slm_model`]).
pub(crate) fn slm_model_words(r: &ReportScenario) -> String {
    match (&r.scenario.slm.serving, &r.scenario.slm.model) {
        (SlmServing::SelfHosted(_), Some(m)) => format!(
            "{} ({}) in {}, self-hosted",
            m.name,
            m.id,
            format_words(m.format.as_str())
        ),
        (SlmServing::SelfHosted(_), None) => {
            "not named: no catalog model (its memory fit and the throughput's model go unchecked)"
                .to_string()
        }
        (SlmServing::Api(api), _) => match &api.source.model {
            Some(model) => format!("{model}, a hosted API"),
            None => "a hosted API at typed prices".to_string(),
        },
    }
}

/// Tokens per second as the engine's warnings write them: one decimal.
pub(crate) fn tokens_per_s(v: f64) -> String {
    format!("{v:.1} tokens/s")
}

/// Where the throughput comes from, in one line (see [`SummaryText::throughput`]).
pub(crate) fn throughput_words(r: &ReportScenario) -> String {
    let SlmServing::SelfHosted(fleet) = &r.scenario.slm.serving else {
        return "not applicable: the SLM is a hosted API priced per token".to_string();
    };
    match &r.scenario.slm.throughput {
        None => "estimate: typed in the scenario (an estimate, not measured)".to_string(),
        Some(t) => match t.adjusted_decode_tokens_per_s {
            Some(_) => format!(
                "{}; decode priced at {} at this scenario's lengths, measured {}",
                t.in_words(),
                tokens_per_s(fleet.decode_tokens_per_s),
                tokens_per_s(t.stated_decode_tokens_per_s)
            ),
            None => t.in_words(),
        },
    }
}

/// The cash flow of an option against the API (None for the API itself).
pub(crate) fn roi_of(r: &ReportScenario, choice: Choice) -> Option<&Roi> {
    match choice {
        Choice::Api => None,
        Choice::SelfHosted => Some(&r.result.roi.self_hosted),
        Choice::Hybrid => Some(&r.result.roi.hybrid),
    }
}

/// An option's name as the planner's result cards write it (the vocabulary's words).
pub(crate) fn choice_label(r: &ReportScenario, choice: Choice) -> String {
    vocabulary::option_name(choice, r.scenario.routing.mode, &r.result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Provenance, TableRef};

    pub(super) fn report(json: &str) -> ReportScenario {
        let input = tco::from_json(json).expect("scenario parses");
        let table = pricing::bundled_table();
        let provenance = Provenance {
            app_version: "0.1.0".into(),
            price_table: TableRef {
                id: None,
                label: table.source.label(),
                as_of: table.source.as_of.clone(),
            },
            scenario_id: None,
            revision: None,
            share_link: None,
            generated_unix: 0,
            benchmarks: Vec::new(),
        };
        ReportScenario::compute(input, table, provenance).expect("valid scenario")
    }

    /// The worked example of docs/cost-model.md (tco/tests/engine/worked_numbers.rs): API $3,250,
    /// one replica at $0.80 × 730 h = $584, hybrid $584 + $910 = $1,494.
    pub(super) const WORKED: &str = r#"{"name": "worked <example> & \"Q\"",
        "workload": {"requests_per_month": 1000000, "input_tokens": 500, "output_tokens": 200, "peak_to_average": 3},
        "llm": {"model": "gpt-4o"},
        "slm": {"serving": "self_hosted", "gpu_usd_per_hour": 0.8, "prefill_tokens_per_s": 5000,
                "decode_tokens_per_s": 500, "one_time_usd": 10000},
        "routing": {"slm_share": 0.8, "escalation_rate": 0.1}}"#;

    #[test]
    fn worked_example_recommends_the_fleet() {
        let s = Summary::of(&report(WORKED));
        assert_eq!(s.scenario, "worked <example> & \"Q\"");
        assert_eq!(s.recommended, Some(Choice::SelfHosted));
        assert_eq!(s.text.recommended, "Self-hosted SLM, all traffic");
        assert_eq!(s.text.api_monthly, "$3,250.00");
        assert_eq!(s.text.recommended_monthly, "$584.00");
        // 3,250 − 584 = 2,666 a month; × 12 = 31,992.
        assert_eq!(s.text.monthly_savings, "$2,666.00");
        assert_eq!(s.text.annual_savings, "$31,992.00");
        // $10,000 one-time: cumulative −7,334, −4,668, −2,002, +664 → month 4.
        assert_eq!(s.payback_month, Some(4));
        assert_eq!(s.text.payback, "month 4");
        // NPV at 10 %/yr over 36 months = −10,000 + 2,666 · 31.186458442218658 = 73,143.10.
        assert_eq!(s.text.npv, "$73,143.10");
        // R* = 584 / 0.00325 = 179,692.3 requests a month.
        assert_eq!(s.text.break_even, "179,692 requests/month");
        assert_eq!(s.probability_cheapest, None);
        assert_eq!(
            s.text.probability_cheapest,
            "not computed (tick \"Draw the uncertain inputs\" in the planner)"
        );
    }

    #[test]
    fn planner_defaults() {
        // app/src/form.rs: one AWS g6.xlarge L4 at $0.8048/h from the GPU table.
        let json = r#"{"name": "Customer-support assistant",
            "workload": {"requests_per_month": 1000000, "input_tokens": 500, "output_tokens": 200,
                         "peak_to_average": 3},
            "llm": {"model": "gpt-4o"},
            "slm": {"serving": "self_hosted", "gpu": "aws:g6.xlarge", "prefill_tokens_per_s": 5000,
                    "decode_tokens_per_s": 500, "one_time_usd": 10000},
            "routing": {"slm_share": 0.8, "escalation_rate": 0.1},
            "finance": {"horizon_months": 36, "discount_rate_annual": 0.1}}"#;
        let s = Summary::of(&report(json));
        assert_eq!(s.text.api_monthly, "$3,250.00");
        // 0.8048 × 730 h = $587.504; savings 2,662.496 a month, 31,949.952 a year.
        assert_eq!(s.text.recommended_monthly, "$587.50");
        assert_eq!(s.text.monthly_savings, "$2,662.50");
        assert_eq!(s.text.annual_savings, "$31,949.95");
        assert_eq!(s.text.payback, "month 4");
        // −10,000 + 2,662.496 · 31.186458442218658 = 73,033.82.
        assert_eq!(s.text.npv, "$73,033.82");
        // 587.504 / 0.00325 = 180,770.5.
        assert_eq!(s.text.break_even, "180,770 requests/month");
    }

    #[test]
    fn api_recommended_has_no_payback_or_npv() {
        // A $0.0001 API against a $1,000/month fleet: the API stays cheapest.
        let json = r#"{"name": "cheap api",
            "workload": {"requests_per_month": 1000, "input_tokens": 0, "output_tokens": 0},
            "llm": {"usd_per_request": 0.0001},
            "slm": {"serving": "api", "usd_per_request": 0.001},
            "routing": {"slm_share": 0.5},
            "finance": {"horizon_months": 12},
            "uncertainty": {"draws": 200, "seed": 3,
                "inputs": {"workload.requests_per_month": {"p10": 500, "p90": 2000}}}}"#;
        let s = Summary::of(&report(json));
        assert_eq!(s.recommended, Some(Choice::Api));
        assert_eq!(s.text.api_monthly, "$0.10");
        assert_eq!(s.text.monthly_savings, "$0.00");
        assert_eq!(s.payback_month, None);
        assert_eq!(s.npv_usd, None);
        assert!(
            s.text.payback.starts_with("not applicable"),
            "{}",
            s.text.payback
        );
        // The SLM costs more per request at every volume: every draw keeps the API.
        assert_eq!(s.probability_cheapest, Some(1.0));
        assert_eq!(s.text.probability_cheapest, "100.0 % (200 draws)");
    }

    #[test]
    fn a_quality_floor_decides_the_recommendation() {
        // The worked example's fleet ($584) is the cheapest, but its 0.7 misses a 0.8 floor;
        // the hybrid's 0.8·(0.9·0.7 + 0.1·0.9) + 0.2·0.9 = 0.756 misses it too: the API
        // (0.9) is the only option left, so nothing is saved.
        let floor = |min: f64| {
            let json = WORKED.replace(
                r#""escalation_rate": 0.1}"#,
                &format!(
                    r#""escalation_rate": 0.1, "slm_quality": 0.7, "llm_quality": 0.9, "min_quality": {min}}}"#
                ),
            );
            Summary::of(&report(&json))
        };
        let s = floor(0.8);
        assert_eq!(s.recommended, Some(Choice::Api));
        assert_eq!(s.text.recommended, "LLM API, all traffic");
        assert_eq!(s.text.monthly_savings, "$0.00");
        // Nothing reaches 0.95: no recommendation, and every figure of one says why.
        let s = floor(0.95);
        assert_eq!(s.recommended, None);
        assert_eq!(s.text.recommended, NO_OPTION);
        assert_eq!(s.recommended_monthly_usd, None);
        assert!(
            s.text.monthly_savings.ends_with(NO_OPTION),
            "{}",
            s.text.monthly_savings
        );
        assert!(s.text.payback.ends_with(NO_OPTION), "{}", s.text.payback);
    }

    #[test]
    fn the_model_and_the_throughput_basis_are_said() {
        // Typed, no model named: an estimate, and nothing to check the model against.
        let s = Summary::of(&report(WORKED));
        assert_eq!(
            s.text.throughput,
            "estimate: typed in the scenario (an estimate, not measured)"
        );
        assert!(s.text.slm_model.starts_with("not named"));
        // A catalog model with a benchmark's throughput and decode fit, at other lengths.
        let json = WORKED.replace(
            r#""one_time_usd": 10000}"#,
            r#""one_time_usd": 10000, "model": "qwen2.5-0.5b", "model_format": "q4_k",
                "throughput": {"basis": "benchmark", "benchmark": 12, "model": "qwen2.5-0.5b",
                    "format": "q4_k", "device": "cpu", "prompt_tokens": 500, "gen_tokens": 50,
                    "concurrency": 2, "decode_fixed_ms": 10, "decode_ms_per_kv_token": 0.01}}"#,
        );
        let r = report(&json);
        let s = Summary::of(&r);
        assert_eq!(
            s.text.slm_model,
            "Qwen2.5 0.5B Instruct (qwen2.5-0.5b) in 4-bit super-blocks (Q4_K), self-hosted"
        );
        // 2 ÷ (10 + 0.01 · 2 · (500 + 100)) ms = 90.9 tokens/s at 500/200.
        assert!(
            s.text.throughput.starts_with(
                "adjusted from benchmark #12 measured at 500/50: benchmark #12: qwen2.5-0.5b q4_k on cpu"
            ),
            "{}",
            s.text.throughput
        );
        assert!(
            s.text
                .throughput
                .ends_with("decode priced at 90.9 tokens/s at this scenario's lengths, measured 500.0 tokens/s"),
            "{}",
            s.text.throughput
        );
        // A hosted SLM: its price-table model, no throughput.
        let json = r#"{"name": "hosted",
            "workload": {"requests_per_month": 1000, "input_tokens": 10, "output_tokens": 10},
            "llm": {"model": "gpt-4o"},
            "slm": {"serving": "api", "model": "deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct"}}"#;
        let s = Summary::of(&report(json));
        assert_eq!(
            s.text.slm_model,
            "deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct, a hosted API"
        );
        assert!(s.text.throughput.starts_with("not applicable"));
    }

    #[test]
    fn payback_beyond_the_horizon_says_so() {
        let json = WORKED.replace(
            r#""one_time_usd": 10000}"#,
            r#""one_time_usd": 1000000}, "finance": {"horizon_months": 6}"#,
        );
        let s = Summary::of(&report(&json));
        assert_eq!(s.recommended, Some(Choice::SelfHosted));
        assert_eq!(s.payback_month, None);
        assert_eq!(s.text.payback, "not within the 6-month horizon");
    }
}
