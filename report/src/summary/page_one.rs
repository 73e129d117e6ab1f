//! Page 1 in words, for a reader who signs the budget and has a minute: one sentence that
//! names the LLM, the SLM, where it runs and the volume, with the saving, payback and
//! break-even; the input whose uncertainty moves the saving most; and the caveats that
//! change how far the figures can be trusted. The PDF's page 1 and the workbook's Summary
//! sheet print these same strings.

use tco::format::{count, percent, usd};
use tco::scenario::{FleetGpu, GpuBasis, RoutingMode, SlmServing, ThroughputBasis};
use tco::sensitivity::{SensitivityRow, MOVE};
use tco::vocabulary;

use super::{format_words, Choice, Summary, NO_OPTION};
use crate::ReportScenario;

/// What the probability line says when Monte Carlo did not run, in the planner's words for
/// its switch (app/src/planner/fields.rs, "Draw the uncertain inputs").
pub(crate) const NOT_COMPUTED: &str =
    "not computed (tick \"Draw the uncertain inputs\" in the planner)";

/// The LLM API as a person names it: its price-table model, or that its prices were typed.
pub(crate) fn llm_words(r: &ReportScenario) -> String {
    r.scenario
        .llm
        .source
        .model
        .clone()
        .unwrap_or_else(|| "the LLM API (typed prices)".to_string())
}

/// The SLM in a few words: "SmolLM2 135M Instruct in 8-bit blocks (Q8_0)", a hosted API's
/// model, or that no model is named.
pub(crate) fn slm_words(r: &ReportScenario) -> String {
    match (&r.scenario.slm.serving, &r.scenario.slm.model) {
        (SlmServing::SelfHosted(_), Some(m)) => {
            format!("{} in {}", m.name, format_words(m.format.as_str()))
        }
        (SlmServing::SelfHosted(_), None) => "a self-hosted SLM (no model named)".to_string(),
        (SlmServing::Api(api), _) => match &api.source.model {
            Some(model) => format!("{model} (a hosted API)"),
            None => "a hosted SLM API (typed prices)".to_string(),
        },
    }
}

/// Whether the throughput was measured on a CPU (so a typed hourly price is a CPU
/// machine's, not a GPU's).
fn on_cpu(r: &ReportScenario) -> bool {
    r.scenario
        .slm
        .throughput
        .as_ref()
        .and_then(|t| t.device.as_deref())
        .is_some_and(|d| d.eq_ignore_ascii_case("cpu"))
}

/// Where a self-hosted option runs, for the option's own fleet size: "on 1× L4 (AWS
/// g6.xlarge, $0.80 per GPU-hour on demand)", "on 1 CPU machine at $0.20 an hour (typed)",
/// "on up to 3× L4 …" when the fleet follows the traffic hour by hour. None for a hosted SLM.
pub(crate) fn hardware_words(r: &ReportScenario, choice: Choice) -> Option<String> {
    let SlmServing::SelfHosted(fleet) = &r.scenario.slm.serving else {
        return None;
    };
    let figures = match choice {
        Choice::Hybrid => &r.result.hybrid.fleet,
        _ => &r.result.self_hosted.fleet,
    };
    let replicas = figures.replicas.unwrap_or(fleet.min_replicas).max(1.0);
    let gpus = replicas * fleet.gpus_per_replica;
    let up_to = if fleet.scaling == tco::scenario::Scaling::Hourly {
        "up to "
    } else {
        ""
    };
    let rate = match fleet.gpu {
        FleetGpu::Rented {
            usd_per_gpu_hour, ..
        } => usd_per_gpu_hour,
        FleetGpu::Owned { .. } => f64::NAN,
    };
    Some(match &r.scenario.slm.gpu {
        Some(GpuBasis::Table {
            offer, gpu, price, ..
        }) => {
            let place = pricing::gpus::bundled_gpus().get(offer).map_or_else(
                |_| offer.clone(),
                |o| format!("{} {}", o.provider, o.instance_type),
            );
            let kind = match price {
                tco::scenario::GpuPriceKind::OnDemand => "on demand",
                tco::scenario::GpuPriceKind::Spot => "on spot",
            };
            format!(
                "on {up_to}{}× {gpu} ({place}, {} per GPU-hour {kind})",
                count(gpus),
                usd(rate)
            )
        }
        Some(GpuBasis::Owned { inputs, .. }) => format!(
            "on {up_to}{} owned GPU{} (bought for {} each)",
            count(gpus),
            if gpus == 1.0 { "" } else { "s" },
            usd(inputs.purchase_usd)
        ),
        None | Some(GpuBasis::Typed) if on_cpu(r) => format!(
            "on {up_to}{} CPU machine{} at {} an hour (a typed price)",
            count(replicas),
            if replicas == 1.0 { "" } else { "s" },
            usd(rate * fleet.gpus_per_replica)
        ),
        None | Some(GpuBasis::Typed) => format!(
            "on {up_to}{}× GPU at {} per GPU-hour (a typed price)",
            count(gpus),
            usd(rate)
        ),
    })
}

/// "pays back in 4 months", or that it does not within the horizon.
fn payback_words(s: &Summary) -> String {
    match s.payback_month {
        Some(1) => "pays back in 1 month".to_string(),
        Some(m) => format!("pays back in {m} months"),
        None => format!(
            "does not pay back within the {}-month horizon",
            s.horizon_months
        ),
    }
}

/// From which volume the SLM alone costs less than the API; `alone` names it as "the SLM
/// alone" where the recommendation is not the SLM alone.
fn break_even_words(s: &Summary, alone: bool) -> String {
    let who = if alone { "the SLM alone " } else { "" };
    match s.break_even_requests_per_month {
        Some(v) if v > 0.0 => format!("{who}breaks even from {} requests a month", count(v)),
        Some(_) => format!("{who}costs less than the API at any volume"),
        None => format!("{who}never costs less per request than the API"),
    }
}

/// The recommendation in one sentence (see the module's doc).
pub(crate) fn recommendation(r: &ReportScenario, s: &Summary) -> String {
    let volume = count(r.scenario.workload.requests_per_month);
    let llm = llm_words(r);
    let slm = slm_words(r);
    let with_hw = |choice| match hardware_words(r, choice) {
        Some(hw) => format!("{slm} {hw}"),
        None => slm.clone(),
    };
    let gains = || {
        format!(
            "saves {} a month ({} a year); {}",
            s.text.monthly_savings,
            s.text.annual_savings,
            payback_words(s)
        )
    };
    match s.recommended {
        Some(Choice::SelfHosted) => format!(
            "Serve all {volume} requests a month with {} instead of {llm}: {}; {}.",
            with_hw(Choice::SelfHosted),
            gains(),
            break_even_words(s, false)
        ),
        Some(Choice::Hybrid) => {
            let split = match r.scenario.routing.mode {
                RoutingMode::Router => format!(
                    "Send {} of the {volume} requests a month to {} and the rest to {llm}",
                    percent(r.result.hybrid.slm_share),
                    with_hw(Choice::Hybrid)
                ),
                RoutingMode::Cascade => format!(
                    "Send all {volume} requests a month to {} first and pass {} of them on to {llm}",
                    with_hw(Choice::Hybrid),
                    percent(r.scenario.routing.escalation_rate)
                ),
            };
            format!("{split}: {}; {}.", gains(), break_even_words(s, true))
        }
        Some(Choice::Api) => format!(
            "Keep all {volume} requests a month on {llm}: at this volume it costs less than {}; {}.",
            with_hw(Choice::SelfHosted),
            break_even_words(s, true)
        ),
        None => format!(
            "No option is recommended for {volume} requests a month: {NO_OPTION} ({} at least).",
            r.scenario
                .routing
                .min_quality
                .map_or_else(|| "—".to_string(), percent)
        ),
    }
}

/// The tornado's widest bar for the recommended option (the hybrid's where the API or no
/// option is recommended, since the API saves nothing against itself).
fn widest<'a>(r: &'a ReportScenario, s: &Summary) -> Option<(&'static str, &'a SensitivityRow)> {
    let (whose, rows) = match s.recommended {
        Some(Choice::SelfHosted) | Some(Choice::Hybrid)
            if !r.result.sensitivity_recommended.is_empty() =>
        {
            ("the monthly saving", &r.result.sensitivity_recommended)
        }
        _ => ("the hybrid's monthly saving", &r.result.sensitivity),
    };
    rows.iter()
        .filter(|row| row.swing_usd > 0.0 && row.swing_usd.is_finite())
        .max_by(|a, b| a.swing_usd.total_cmp(&b.swing_usd))
        .map(|row| (whose, row))
}

/// The biggest uncertainty in plain words: the input whose ±20 % moves the saving most.
pub(crate) fn uncertainty(r: &ReportScenario, s: &Summary) -> String {
    match widest(r, s) {
        Some((whose, row)) => {
            let (lo, hi) = (
                row.savings_at_low_usd.min(row.savings_at_high_usd),
                row.savings_at_low_usd.max(row.savings_at_high_usd),
            );
            format!(
                "The largest swing comes from {}: ±{} a month ({} either way moves {whose} between {} and {}).",
                vocabulary::label(&row.field),
                usd(row.swing_usd / 2.0),
                percent(MOVE),
                usd(lo),
                usd(hi)
            )
        }
        None => "No input moves the saving: it does not depend on any estimate".to_string(),
    }
}

/// The caveat of a throughput typed in the scenario.
pub(crate) const TYPED: &str =
    "The throughput is an estimate, not measured: its prefill and decode speeds were typed, not benchmarked.";

/// The caveats that change how far page 1 can be trusted: how the throughput was found
/// (typed: an estimate; projected; described only), a self-hosted model left unnamed, and
/// every warning of the engine, each named by its field's label.
pub(crate) fn caveats(r: &ReportScenario) -> Vec<String> {
    let mut out = Vec::new();
    if let SlmServing::SelfHosted(_) = r.scenario.slm.serving {
        match &r.scenario.slm.throughput {
            None => out.push(TYPED.to_string()),
            Some(t) => match t.basis {
                ThroughputBasis::Typed => out.push(TYPED.to_string()),
                ThroughputBasis::Projected => out.push(format!(
                    "The throughput is projected, not measured: {} ({}).",
                    t.projected_from
                        .as_deref()
                        .unwrap_or("from a GPU spec sheet"),
                    t.in_words()
                )),
                ThroughputBasis::Described => out.push(
                    "The throughput is described in words only: no stored benchmark is attached to check it."
                        .to_string(),
                ),
                ThroughputBasis::Benchmark | ThroughputBasis::Endpoint => {}
            },
        }
        if r.scenario.slm.model.is_none() {
            out.push(
                "No SLM model is named: whether it fits in the GPU's memory is not checked."
                    .to_string(),
            );
        }
    }
    out.extend(
        r.result
            .warnings
            .iter()
            .map(|w| format!("Check: {}", crate::warning(w))),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::{report, WORKED};
    use super::*;

    /// The planner's kind of scenario: a catalog model on a GPU-table offer.
    const OFFER: &str = r#"{"name": "offer",
        "workload": {"requests_per_month": 2000000, "input_tokens": 500, "output_tokens": 200},
        "llm": {"model": "gpt-4o"},
        "slm": {"serving": "self_hosted", "gpu": "aws:g6.xlarge", "model": "smollm2-135m",
                "model_format": "q4_0", "prefill_tokens_per_s": 5000, "decode_tokens_per_s": 500,
                "one_time_usd": 10000}}"#;

    /// A CPU benchmark priced at a typed $0.20 an hour for the CPU machine it ran on.
    const CPU: &str = r#"{"name": "cpu",
        "workload": {"requests_per_month": 100000, "input_tokens": 500, "output_tokens": 200},
        "llm": {"model": "gpt-4o"},
        "slm": {"serving": "self_hosted", "gpu_usd_per_hour": 0.2, "model": "qwen2.5-0.5b",
            "model_format": "q4_k", "prefill_tokens_per_s": 500, "decode_tokens_per_s": 100,
            "one_time_usd": 1000, "ops_fte": 0.01, "fte_usd_per_year": 1200,
            "throughput": {"basis": "benchmark", "benchmark": 12, "model": "qwen2.5-0.5b",
                "format": "q4_k", "device": "cpu", "prompt_tokens": 500, "gen_tokens": 200,
                "concurrency": 2}}}"#;

    const WARNING: &str = "Check: Operations staff: no people or tooling cost is included";

    struct Case {
        name: &'static str,
        json: String,
        sentence: &'static str,
        /// Caveats that must be there, each the start of one.
        caveats: &'static [&'static str],
        /// Caveats that must not be there.
        absent: &'static [&'static str],
    }

    #[test]
    fn the_sentence_names_the_models_the_hardware_and_the_volume() {
        let cases = [
            Case {
                // API 2M × $0.00325 = $6,500; one L4 at $0.8048 × 730 = $587.504; saving
                // $5,912.496 a month, × 12 = $70,949.95; $10,000 back in month 2
                // (−4,087.50 then +1,825.00); R* = 587.504 / 0.00325 = 180,770.5.
                name: "a GPU offer, typed throughput",
                json: OFFER.to_string(),
                sentence: "Serve all 2,000,000 requests a month with SmolLM2 135M Instruct in 4-bit blocks (Q4_0) on 1× L4 (AWS g6.xlarge, $0.80 per GPU-hour on demand) instead of gpt-4o: saves $5,912.50 a month ($70,949.95 a year); pays back in 2 months; breaks even from 180,770 requests a month.",
                caveats: &[TYPED, WARNING],
                absent: &["No SLM model is named"],
            },
            Case {
                // 100,000 × $0.00325 = $325; $0.20 × 730 = $146, people 0.01 × $1,200 / 12
                // = $1: saving $178.00, $2,136.00 a year; $1,000 back in month 6 (5.6);
                // R* = 147 / 0.00325 = 45,230.8, shown rounded.
                name: "a CPU benchmark, measured",
                json: CPU.to_string(),
                sentence: "Serve all 100,000 requests a month with Qwen2.5 0.5B Instruct in 4-bit super-blocks (Q4_K) on 1 CPU machine at $0.20 an hour (a typed price) instead of gpt-4o: saves $178.00 a month ($2,136.00 a year); pays back in 6 months; breaks even from 45,231 requests a month.",
                caveats: &[],
                absent: &["The throughput is", WARNING],
            },
            Case {
                // The worked example: a typed $0.80 GPU-hour, no model named.
                name: "a typed GPU price, no model",
                json: WORKED.to_string(),
                sentence: "Serve all 1,000,000 requests a month with a self-hosted SLM (no model named) on 1× GPU at $0.80 per GPU-hour (a typed price) instead of gpt-4o: saves $2,666.00 a month ($31,992.00 a year); pays back in 4 months; breaks even from 179,692 requests a month.",
                caveats: &[TYPED, "No SLM model is named", WARNING],
                absent: &[],
            },
            Case {
                // gpt-4o-mini at 2M: $0.000195 a request = $390 a month, below the L4's
                // $587.50: keep the API. One L4 serves (500/5000 + 200/500 = 0.5 s a
                // request) 2 a second × 0.7 × 730 h = 3,679,200 a month; past k full
                // replicas the (k+1)-th costs $587.504 at once, and the API stops winning
                // the step only from k = 5: R* = 5 × 587.504 / 0.000195 = 15,064,205.
                name: "the API stays cheapest",
                json: OFFER.replace("gpt-4o", "gpt-4o-mini"),
                sentence: "Keep all 2,000,000 requests a month on gpt-4o-mini: at this volume it costs less than SmolLM2 135M Instruct in 4-bit blocks (Q4_0) on 1× L4 (AWS g6.xlarge, $0.80 per GPU-hour on demand); the SLM alone breaks even from 15,064,205 requests a month.",
                caveats: &[TYPED],
                absent: &[],
            },
            Case {
                // A router sending 80 % to the SLM, 10 % of that escalated.
                name: "a hybrid",
                json: OFFER.replace(
                    r#""one_time_usd": 10000}"#,
                    r#""one_time_usd": 10000}, "routing": {"slm_share": 0.8, "escalation_rate": 0.1, "slm_quality": 0.7, "llm_quality": 0.9, "min_quality": 0.75}"#,
                ),
                sentence: "Send 80.0 % of the 2,000,000 requests a month to SmolLM2 135M Instruct in 4-bit blocks (Q4_0) on 1× L4 (AWS g6.xlarge, $0.80 per GPU-hour on demand) and the rest to gpt-4o:",
                caveats: &[TYPED],
                absent: &[],
            },
        ];
        for c in cases {
            let s = Summary::of(&report(&c.json));
            assert!(
                s.text.recommendation.starts_with(c.sentence),
                "{}:\n{}\nwanted\n{}",
                c.name,
                s.text.recommendation,
                c.sentence
            );
            for want in c.caveats {
                assert!(
                    s.caveats.iter().any(|x| x.starts_with(want)),
                    "{}: no caveat {want:?} in {:?}",
                    c.name,
                    s.caveats
                );
            }
            for not in c.absent {
                assert!(
                    !s.caveats.iter().any(|x| x.starts_with(not)),
                    "{}: caveat {not:?} in {:?}",
                    c.name,
                    s.caveats
                );
            }
        }
    }

    #[test]
    fn the_biggest_uncertainty_is_the_widest_bar() {
        // The worked example: requests ±20 % move the saving by ±(0.2 · 1,000,000 ·
        // $0.00325) = ±$650 around $2,666 (the fleet stays one L4 at $584).
        let s = Summary::of(&report(WORKED));
        assert_eq!(
            s.text.uncertainty,
            "The largest swing comes from Requests per month: ±$650.00 a month (20.0 % either way moves the monthly saving between $2,016.00 and $3,316.00)."
        );
        assert_eq!(s.text.probability_cheapest, NOT_COMPUTED);
    }
}
