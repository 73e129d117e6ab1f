//! Beliefs for the Monte Carlo: a P10 and a P90 for any input the engine can draw
//! (`tco::fields::NUMERIC_FIELDS`), kept in the form's text under
//! `uncertainty.inputs.<path>.p10` / `.p90`, the way the scenario format nests them. This
//! is the table of them; `uncertainty.rs` draws it.

use std::sync::OnceLock;

use tco::fields::NUMERIC_FIELDS;
use tco::Scenario;

use super::form::slm::Modes;
use super::values::{text, Values};

/// One input that can carry a belief, with the form keys of its two quantiles.
#[derive(Debug, PartialEq, Eq)]
pub struct Belief {
    /// The input's path, e.g. `workload.requests_per_month`.
    pub path: &'static str,
    /// Where the engine reports a problem with the belief: `uncertainty.inputs.<path>`.
    pub field: &'static str,
    pub p10: &'static str,
    pub p90: &'static str,
    /// What the input is called, with its unit (`tco::vocabulary`).
    pub label: String,
    /// Shown as a row even when empty: the inputs that move a plan most in practice.
    pub featured: bool,
}

/// The featured rows, in the order the form shows them.
const FEATURED: [&str; 6] = [
    "workload.requests_per_month",
    "workload.output_tokens",
    "slm.decode_tokens_per_s",
    "slm.gpu_usd_per_hour",
    "llm.output_usd_per_mtok",
    "routing.escalation_rate",
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
            .map(|f| Belief {
                path: f.path,
                field: leak(format!("uncertainty.inputs.{}", f.path)),
                p10: leak(format!("uncertainty.inputs.{}.p10", f.path)),
                p90: leak(format!("uncertainty.inputs.{}.p90", f.path)),
                label: tco::vocabulary::field(f.path).map_or_else(
                    || tco::vocabulary::label(f.path),
                    tco::vocabulary::Field::label_with_unit,
                ),
                featured: FEATURED.contains(&f.path),
            })
            .collect();
        let rank = |b: &Belief| FEATURED.iter().position(|p| *p == b.path);
        // Featured in their order, then the rest in the engine's order (stable sort).
        all.sort_by_key(|b| rank(b).unwrap_or(FEATURED.len()));
        all
    })
}

pub fn belief(path: &str) -> Option<&'static Belief> {
    beliefs().iter().find(|b| b.path == path)
}

/// Inputs of any self-hosted fleet, which a hosted SLM API does not have.
const FLEET: [&str; 7] = [
    "slm.prefill_tokens_per_s",
    "slm.decode_tokens_per_s",
    "slm.throughput_scale",
    "slm.target_utilization",
    "slm.fixed_usd_per_month",
    "slm.ops_fte",
    "slm.fte_usd_per_year",
];
/// Prices of a rented fleet, which owned GPUs do not have.
const RENTED: [&str; 2] = ["slm.gpu_usd_per_hour", "slm.gpu_discount"];
/// Prices of a hosted SLM API, which a fleet does not have.
const SLM_API: [&str; 4] = [
    "slm.input_usd_per_mtok",
    "slm.output_usd_per_mtok",
    "slm.cached_input_usd_per_mtok",
    "slm.usd_per_request",
];

/// A rented fleet with a spot price: typed, or listed by the chosen offer.
fn spot_priced(values: &Values, m: &Modes) -> bool {
    if m.typed {
        return !text(values, "slm.spot_usd_per_hour").is_empty();
    }
    m.table
        && pricing::gpus::bundled_gpus()
            .get(text(values, "slm.gpu"))
            .is_ok_and(|o| o.spot_usd_per_gpu_hour.is_some())
}

/// Whether the input exists in the modes the form has chosen, as the engine's
/// `NumericField::get` decides on the scenario. A belief about an input that does not
/// apply is neither shown nor sent, as that mode's fields are not.
pub fn applies(path: &str, values: &Values) -> bool {
    let m = Modes::of(values);
    match path {
        p if FLEET.contains(&p) => m.fleet,
        p if RENTED.contains(&p) => m.rented(),
        p if SLM_API.contains(&p) => m.api,
        "slm.spot_share" => spot_priced(values, &m),
        // With a load shape the week says when traffic comes: no hours a month to draw.
        "slm.hours_per_month" => m.fleet && !m.shaped,
        "routing.slm_share" => text(values, "routing.mode") != "cascade",
        // A quality can be drawn only where it is given.
        "routing.slm_quality" | "routing.llm_quality" => !text(values, path).is_empty(),
        _ => true,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_engine_input_has_one_belief_row() {
        assert_eq!(beliefs().len(), NUMERIC_FIELDS.len());
        for f in NUMERIC_FIELDS {
            let b = belief(f.path).expect(f.path);
            assert_eq!(b.p10, format!("uncertainty.inputs.{}.p10", f.path));
            // Named in words, never by its path (the vocabulary quotes a path it lacks).
            assert!(
                !b.label.contains('_') && !b.label.contains('“'),
                "{}: {}",
                f.path,
                b.label
            );
        }
        let featured: Vec<_> = beliefs()
            .iter()
            .filter(|b| b.featured)
            .map(|b| b.path)
            .collect();
        assert_eq!(featured, FEATURED);
        assert_eq!(
            belief("slm.gpu_usd_per_hour").map(|b| b.label.as_str()),
            Some("GPU price (USD/GPU-hour)")
        );
    }

    #[test]
    fn starting_beliefs_are_the_value_plus_minus_30_percent() {
        let (s, _) = crate::planner::form::evaluate(
            &crate::planner::form::defaults(),
            None,
            pricing::bundled_table(),
        )
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
        let mut v = crate::planner::form::defaults();
        assert!(applies("slm.decode_tokens_per_s", &v));
        assert!(!applies("slm.output_usd_per_mtok", &v));
        v.insert("slm.serving", "api".into());
        assert!(!applies("slm.decode_tokens_per_s", &v));
        assert!(applies("slm.output_usd_per_mtok", &v));
        v.insert("routing.mode", "cascade".into());
        assert!(!applies("routing.slm_share", &v));
    }

    #[test]
    fn v2_beliefs_apply_where_the_engine_can_draw_them() {
        let mut v = crate::planner::form::defaults();
        // The default L4 offer lists a spot price; owned GPUs have no rented price.
        for path in ["slm.spot_share", "slm.gpu_discount", "slm.hours_per_month"] {
            assert!(applies(path, &v), "{path}");
        }
        v.insert("workload.load_shape", "1, 2".into());
        assert!(!applies("slm.hours_per_month", &v));
        v.insert("slm.gpu_source", "typed".into());
        assert!(!applies("slm.spot_share", &v));
        v.insert("slm.spot_usd_per_hour", "0.5".into());
        assert!(applies("slm.spot_share", &v));
        v.insert("slm.gpu_source", "owned".into());
        assert!(!applies("slm.gpu_usd_per_hour", &v));
        assert!(applies("slm.ops_fte", &v) && applies("slm.throughput_scale", &v));
        // Every belief the form sends applies to the scenario it describes.
        let mut v = crate::planner::form::defaults();
        v.insert("slm.gpu_source", "owned".into());
        for (k, x) in [
            ("slm.owned.purchase_usd", "30000"),
            ("slm.owned.amortisation_months", "36"),
            ("slm.owned.power_watts", "700"),
            ("slm.owned.pue", "1.3"),
            ("slm.owned.electricity_usd_per_kwh", "0.12"),
        ] {
            v.insert(k, x.into());
        }
        v.insert("uncertainty.enabled", "on".into());
        for b in beliefs() {
            // A range valid for the input's domain (a peak-to-average is at least 1).
            let at_least_one = tco::fields::numeric_field(b.path)
                .is_some_and(|f| f.domain == tco::fields::Domain::AtLeastOne);
            let (p10, p90) = if at_least_one {
                ("1.5", "2")
            } else {
                ("0.5", "0.6")
            };
            v.insert(b.p10, p10.into());
            v.insert(b.p90, p90.into());
        }
        let (s, _) = crate::planner::form::evaluate(&v, None, pricing::bundled_table())
            .expect("every sent belief applies");
        let sent = s.uncertainty.clone().expect("on").inputs;
        for b in beliefs() {
            let exists = tco::fields::numeric_field(b.path).and_then(|f| (f.get)(&s));
            assert_eq!(sent.contains_key(b.path), exists.is_some(), "{}", b.path);
        }
    }
}
