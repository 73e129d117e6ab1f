//! Beliefs for the Monte Carlo: a P10 and a P90 for any input the engine can draw
//! (`tco::fields::NUMERIC_FIELDS`), kept in the form's text map under
//! `uncertainty.inputs.<path>.p10` / `.p90`, the way the scenario format nests them.

use std::sync::OnceLock;

use tco::fields::NUMERIC_FIELDS;
use tco::Scenario;

use leptos::prelude::*;

use crate::fields::{dom_id, NumberField};
use crate::form::Values;
use crate::Form;

/// One input that can carry a belief, with the form keys of its two quantiles.
#[derive(Debug, PartialEq, Eq)]
pub struct Belief {
    /// The input's path, e.g. `workload.requests_per_month`.
    pub path: &'static str,
    /// Where the engine reports a problem with the belief: `uncertainty.inputs.<path>`.
    pub field: &'static str,
    pub p10: &'static str,
    pub p90: &'static str,
    /// What the planner calls it; the path for inputs without a featured row.
    pub label: &'static str,
    /// Shown as a row even when empty: the inputs that move a plan most in practice.
    pub featured: bool,
}

/// The featured rows, in the order the form shows them.
const FEATURED: [(&str, &str); 6] = [
    ("workload.requests_per_month", "Requests per month"),
    ("workload.output_tokens", "Output tokens per request"),
    ("slm.decode_tokens_per_s", "Decode throughput (tokens/s)"),
    ("slm.gpu_usd_per_hour", "GPU price (USD/GPU-hour)"),
    ("llm.output_usd_per_mtok", "LLM output price (USD/Mtok)"),
    ("routing.escalation_rate", "Escalation rate"),
];

/// Every drawable input, featured ones first. The form's keys must be `&'static str`;
/// they are built once from the engine's own table (a few dozen short strings that live as
/// long as the page), so a path added to the engine gets a row without a change here.
pub fn beliefs() -> &'static [Belief] {
    static ALL: OnceLock<Vec<Belief>> = OnceLock::new();
    ALL.get_or_init(|| {
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        let mut all: Vec<Belief> = NUMERIC_FIELDS
            .iter()
            .map(|f| {
                let featured = FEATURED.iter().find(|(p, _)| *p == f.path);
                Belief {
                    path: f.path,
                    field: leak(format!("uncertainty.inputs.{}", f.path)),
                    p10: leak(format!("uncertainty.inputs.{}.p10", f.path)),
                    p90: leak(format!("uncertainty.inputs.{}.p90", f.path)),
                    label: featured.map_or(f.path, |(_, label)| label),
                    featured: featured.is_some(),
                }
            })
            .collect();
        let rank = |b: &Belief| FEATURED.iter().position(|(p, _)| *p == b.path);
        // Featured in their order, then the rest in the engine's order (stable sort).
        all.sort_by_key(|b| rank(b).unwrap_or(FEATURED.len()));
        all
    })
}

pub fn belief(path: &str) -> Option<&'static Belief> {
    beliefs().iter().find(|b| b.path == path)
}

/// Inputs of a self-hosted fleet, which a hosted SLM API does not have.
const FLEET: [&str; 6] = [
    "slm.gpu_usd_per_hour",
    "slm.prefill_tokens_per_s",
    "slm.decode_tokens_per_s",
    "slm.target_utilization",
    "slm.hours_per_month",
    "slm.fixed_usd_per_month",
];
/// Prices of a hosted SLM API, which a fleet does not have.
const SLM_API: [&str; 4] = [
    "slm.input_usd_per_mtok",
    "slm.output_usd_per_mtok",
    "slm.cached_input_usd_per_mtok",
    "slm.usd_per_request",
];

/// Whether the input exists in the serving and routing modes the form has chosen. A belief
/// about an input of the other mode is neither shown nor sent, as that mode's fields are not.
pub fn applies(path: &str, values: &Values) -> bool {
    let text = |k: &str| values.get(k).map(|s| s.trim()).unwrap_or("");
    let api = text("slm.serving") == "api";
    if FLEET.contains(&path) {
        return !api;
    }
    if SLM_API.contains(&path) {
        return api;
    }
    if path == "routing.slm_share" {
        return text("routing.mode") != "cascade";
    }
    true
}

/// Relative spread of the starting beliefs the form offers to fill in: ±30 %.
pub const STARTING_SPREAD: f64 = 0.3;

/// P10/P90 texts for the featured inputs that apply: the scenario's value ±30 %. A share is
/// kept strictly inside 0..1 (its draw is logit-normal), and a zero value gets no belief
/// (a lognormal cannot be centred on 0). The user is told to edit these: they are a starting
/// assumption, not knowledge.
pub fn starting_beliefs(s: &Scenario) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for b in beliefs().iter().filter(|b| b.featured) {
        let Some(field) = tco::fields::numeric_field(b.path) else {
            continue;
        };
        let Some(v) = (field.get)(s).filter(|v| v.is_finite() && *v > 0.0) else {
            continue;
        };
        let (mut lo, mut hi) = (v * (1.0 - STARTING_SPREAD), v * (1.0 + STARTING_SPREAD));
        if matches!(
            field.domain,
            tco::fields::Domain::Share | tco::fields::Domain::Utilization
        ) {
            if v >= 1.0 {
                continue;
            }
            // Halfway to the bound rather than past it.
            hi = hi.min((v + 1.0) / 2.0);
            lo = lo.max(v / 2.0);
        }
        out.push((b.p10, round_sig(lo)));
        out.push((b.p90, round_sig(hi)));
    }
    out
}

/// Four significant digits: a belief typed by a person, not 699999.9999999999.
fn round_sig(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return "0".into();
    }
    let digits = 4 - 1 - v.abs().log10().floor() as i32;
    let scale = 10f64.powi(digits);
    let r = (v * scale).round() / scale;
    // `{}` prints the shortest text that reads back as this f64.
    format!("{r}")
}

/// Switches the Monte Carlo on; featured rows that are empty start at ±30 % around the
/// scenario's current values (labelled in the form as an assumption to edit).
pub fn switch_on(form: Form) {
    let start = form
        .outcome
        .with_untracked(|o| o.as_ref().ok().map(|(s, _)| starting_beliefs(s)))
        .unwrap_or_default();
    form.values.update(|v| {
        v.insert("uncertainty.enabled", "on".into());
        for (key, text) in start {
            if v.get(key).is_none_or(|t| t.trim().is_empty()) {
                v.insert(key, text);
            }
        }
    });
}

/// One belief: the input's name, its P10 and P90, and the problems with either.
fn row(form: Form, b: &'static Belief) -> impl IntoView {
    let input = move |key: &'static str, which: &'static str| {
        let id = dom_id(key);
        view! {
            <label for=id.clone() class="q">{which}<span class="visually-hidden">{format!(" of {}", b.label)}</span></label>
            <input id=id.clone() name=key type="text" inputmode="decimal" autocomplete="off"
                prop:value=move || form.value(key)
                on:input=move |ev| form.set(key, event_target_value(&ev))
                aria-invalid=move || (form.error(key).is_some() || form.error(b.field).is_some()).to_string()
                aria-describedby=format!("{}-error", dom_id(b.field)) />
        }
    };
    let problems = move || {
        [b.field, b.p10, b.p90]
            .into_iter()
            .filter_map(|k| form.error(k))
            .collect::<Vec<_>>()
            .join("; ")
    };
    view! {
        <div class="belief" class:invalid=move || !problems().is_empty() id=format!("belief-{}", dom_id(b.path))>
            <span class="belief-label">{b.label}</span>
            {input(b.p10, "P10")}
            {input(b.p90, "P90")}
            <p class="error" id=format!("{}-error", dom_id(b.field)) role="alert">{problems}</p>
        </div>
    }
}

/// The "Uncertainty (Monte Carlo)" fieldset.
#[component]
pub fn UncertaintyFields(form: Form) -> impl IntoView {
    let on = Memo::new(move |_| form.value("uncertainty.enabled") == "on");
    // The rows shown: featured ones and any other with text, of inputs that apply. A memo,
    // so typing in a row does not rebuild the rows (and lose the caret).
    let rows = Memo::new(move |_| {
        form.values.with(|v| {
            beliefs()
                .iter()
                .filter(|b| applies(b.path, v))
                .filter(|b| {
                    b.featured
                        || [b.p10, b.p90]
                            .iter()
                            .any(|k| v.get(k).is_some_and(|t| !t.trim().is_empty()))
                })
                .map(|b| b.path)
                .collect::<Vec<_>>()
        })
    });
    view! {
        <fieldset id="fieldset-uncertainty">
            <legend>"Uncertainty (Monte Carlo)"</legend>
            <div class="field">
                <label for="uncertainty-enabled">"Draw the uncertain inputs"<span class="unit">"P10–P90 ranges and a savings distribution"</span></label>
                <input id="uncertainty-enabled" type="checkbox" class="check"
                    prop:checked=move || on.get()
                    on:change=move |ev| {
                        if event_target_checked(&ev) {
                            switch_on(form);
                        } else {
                            form.set("uncertainty.enabled", String::new());
                        }
                    } />
            </div>
            <Show when=move || on.get()>
                <NumberField form path="uncertainty.draws" label="Draws" unit="1–200,000; more is slower as you type" />
                <NumberField form path="uncertainty.seed" label="Seed" unit="the same seed gives the same draws" />
                <p class="hint" id="beliefs-note">"For each input you are unsure of: P10 and P90, the values you are 80 % sure it lies between. An empty row keeps the input fixed. "
                    <strong>"Rows filled when you switched this on are an assumption (±30 % around the current value): replace them with what you know."</strong></p>
                <div class="beliefs" id="beliefs">
                    {move || rows.get().into_iter().filter_map(belief).map(|b| row(form, b)).collect_view()}
                </div>
            </Show>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_engine_input_has_one_belief_row() {
        assert_eq!(beliefs().len(), NUMERIC_FIELDS.len());
        for f in NUMERIC_FIELDS {
            let b = belief(f.path).expect(f.path);
            assert_eq!(b.p10, format!("uncertainty.inputs.{}.p10", f.path));
        }
        let featured: Vec<_> = beliefs()
            .iter()
            .filter(|b| b.featured)
            .map(|b| b.path)
            .collect();
        assert_eq!(featured, FEATURED.map(|(p, _)| p));
    }

    #[test]
    fn starting_beliefs_are_the_value_plus_minus_30_percent() {
        let (s, _) = crate::form::evaluate(&crate::form::defaults(), pricing::bundled_table())
            .expect("defaults are valid");
        let got: std::collections::BTreeMap<_, _> = starting_beliefs(&s).into_iter().collect();
        assert_eq!(
            got["uncertainty.inputs.workload.requests_per_month.p10"],
            "700000"
        );
        assert_eq!(
            got["uncertainty.inputs.workload.requests_per_month.p90"],
            "1300000"
        );
        // 0.8048 × 1.3 = 1.04624 → four significant digits.
        assert_eq!(got["uncertainty.inputs.slm.gpu_usd_per_hour.p90"], "1.046");
        // Escalation 0.1: 0.07..0.13, inside 0..1.
        assert_eq!(
            got["uncertainty.inputs.routing.escalation_rate.p10"],
            "0.07"
        );
        assert_eq!(
            got["uncertainty.inputs.routing.escalation_rate.p90"],
            "0.13"
        );
        assert_eq!(round_sig(f64::NAN), "0");
    }

    #[test]
    fn fleet_beliefs_apply_only_to_a_fleet() {
        let mut v = crate::form::defaults();
        assert!(applies("slm.decode_tokens_per_s", &v));
        assert!(!applies("slm.output_usd_per_mtok", &v));
        v.insert("slm.serving", "api".into());
        assert!(!applies("slm.decode_tokens_per_s", &v));
        assert!(applies("slm.output_usd_per_mtok", &v));
        v.insert("routing.mode", "cascade".into());
        assert!(!applies("routing.slm_share", &v));
    }
}
