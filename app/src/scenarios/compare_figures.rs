//! The compare page's figures: the rows of engine results it shows for each scenario,
//! which column is best in each, and the inputs that differ between the scenarios.

use tco::format::{count, usd};
use tco::{PlanResult, ScenarioInput};

use super::inputs;

/// Which way a row improves; rows that are not costs are not marked.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Better {
    Lower,
    Higher,
    Neither,
}

/// The columns holding the best value of a row: none when fewer than two have a value or
/// all of them are equal (nothing to choose between).
pub fn best(values: &[Option<f64>], better: Better) -> Vec<usize> {
    let known: Vec<(usize, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.filter(|x| x.is_finite()).map(|x| (i, x)))
        .collect();
    if better == Better::Neither || known.len() < 2 {
        return Vec::new();
    }
    let pick = |a: f64, b: f64| {
        if better == Better::Lower {
            a.min(b)
        } else {
            a.max(b)
        }
    };
    let target = known.iter().map(|(_, x)| *x).reduce(pick).unwrap_or(0.0);
    let same = |x: f64| (x - target).abs() <= 1e-9 * x.abs().max(target.abs()).max(1.0);
    if known.iter().all(|(_, x)| same(*x)) {
        return Vec::new();
    }
    known
        .into_iter()
        .filter(|(_, x)| same(*x))
        .map(|(i, _)| i)
        .collect()
}

/// One cell: the number compared (if any), its text, and why it is blank (on hover).
pub type Cell = (Option<f64>, String, Option<&'static str>);

fn money(v: Option<f64>) -> Cell {
    match v {
        Some(x) => (Some(x), usd(x), None),
        None => (None, "—".into(), Some("no traffic: no cost per request")),
    }
}

fn payback(m: Option<u32>) -> Cell {
    match m {
        Some(m) => (Some(m as f64), format!("month {m}"), None),
        None => (None, "not within the horizon".into(), None),
    }
}

/// A text-only cell (nothing to compare).
fn words(text: String) -> Cell {
    (None, text, None)
}

/// "a / b" of two fleet figures, "—" where an option has no fleet.
fn pair(a: Option<f64>, b: Option<f64>) -> Cell {
    let n = |v: Option<f64>| v.map_or_else(|| "—".to_string(), count);
    words(format!("{} / {}", n(a), n(b)))
}

/// The recommended option in the results' words.
fn recommended(r: &PlanResult) -> Cell {
    words(
        match r.recommended {
            Some(choice) => tco::vocabulary::option_short(choice, r),
            None => "none meets the quality floor",
        }
        .to_string(),
    )
}

/// The rows of the figures table: label, direction, cell of a result.
pub type Row = (&'static str, Better, fn(&PlanResult) -> Cell);

pub const ROWS: [Row; 16] = [
    ("Recommended", Better::Neither, recommended),
    ("Monthly cost: LLM API", Better::Lower, |r| {
        money(Some(r.api.monthly_usd))
    }),
    ("Monthly cost: self-hosted / SLM", Better::Lower, |r| {
        money(Some(r.self_hosted.monthly_usd))
    }),
    ("Monthly cost: hybrid", Better::Lower, |r| {
        money(Some(r.hybrid.monthly_usd))
    }),
    ("Cost per request: LLM API", Better::Lower, |r| {
        money(r.api.usd_per_request)
    }),
    ("Cost per request: self-hosted / SLM", Better::Lower, |r| {
        money(r.self_hosted.usd_per_request)
    }),
    ("Cost per request: hybrid", Better::Lower, |r| {
        money(r.hybrid.usd_per_request)
    }),
    (
        "Replicas at the busiest hour: all traffic / hybrid",
        Better::Neither,
        |r| pair(r.self_hosted.fleet.replicas, r.hybrid.fleet.replicas),
    ),
    (
        "Instances at the busiest hour: all traffic / hybrid",
        Better::Neither,
        |r| pair(r.self_hosted.fleet.instances, r.hybrid.fleet.instances),
    ),
    (
        "People and fixed cost a month: self-hosted",
        Better::Lower,
        |r| {
            money(
                r.self_hosted
                    .fleet
                    .breakdown
                    .map(|b| b.ops_usd + b.fixed_usd),
            )
        },
    ),
    (
        "Break-even volume (self-hosted vs API)",
        Better::Neither,
        |r| match r.break_even.requests_per_month {
            Some(v) => (Some(v), format!("{} requests/month", count(v)), None),
            None => (None, "none".into(), None),
        },
    ),
    ("Payback: self-hosted", Better::Lower, |r| {
        payback(r.roi.self_hosted.payback_month)
    }),
    ("Payback: hybrid", Better::Lower, |r| {
        payback(r.roi.hybrid.payback_month)
    }),
    ("NPV over the horizon: self-hosted", Better::Higher, |r| {
        money(Some(r.roi.self_hosted.npv_usd))
    }),
    ("NPV over the horizon: hybrid", Better::Higher, |r| {
        money(Some(r.roi.hybrid.npv_usd))
    }),
    (
        "Hybrid savings vs API, P10–P90",
        Better::Neither,
        |r| match &r.uncertainty {
            Some(u) => (
                None,
                format!(
                    "{} – {}",
                    usd(u.hybrid_savings_usd.p10),
                    usd(u.hybrid_savings_usd.p90)
                ),
                None,
            ),
            None => (
                None,
                "—".into(),
                Some("this scenario states no uncertainty ranges, so no Monte Carlo was run"),
            ),
        },
    ),
];

/// The union of every column's stated inputs, one row each; a row differs when its
/// values (absent counting as "—") are not all the same.
pub fn input_matrix(inputs: &[&ScenarioInput]) -> Vec<(String, Vec<String>, bool)> {
    let per: Vec<Vec<(String, String)>> = inputs.iter().map(|i| inputs::rows(i)).collect();
    let mut paths: Vec<String> = Vec::new();
    for rows in &per {
        for (p, _) in rows {
            if !paths.contains(p) {
                paths.push(p.clone());
            }
        }
    }
    paths
        .into_iter()
        .map(|p| {
            let values: Vec<String> = per
                .iter()
                .map(|rows| {
                    rows.iter()
                        .find(|(q, _)| *q == p)
                        .map_or("—".into(), |(_, v)| v.clone())
                })
                .collect();
            let differs = values.iter().any(|v| *v != values[0]);
            (p, values, differs)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_best_of_a_row_is_marked_only_when_there_is_a_choice() {
        assert_eq!(best(&[Some(3.0), Some(1.0), None], Better::Lower), vec![1]);
        assert_eq!(best(&[Some(3.0), Some(1.0)], Better::Higher), vec![0]);
        assert_eq!(
            best(&[Some(2.0), Some(2.0), Some(5.0)], Better::Lower),
            vec![0, 1]
        );
        assert!(best(&[Some(2.0), Some(2.0)], Better::Lower).is_empty());
        assert!(best(&[Some(2.0), None], Better::Lower).is_empty());
        assert!(best(&[Some(1.0), Some(2.0)], Better::Neither).is_empty());
        assert!(best(&[Some(f64::NAN), Some(2.0)], Better::Lower).is_empty());
    }

    #[test]
    fn inputs_that_differ_are_flagged() {
        let a =
            tco::from_json(r#"{"name": "a", "workload": {"requests_per_month": 1000}}"#).unwrap();
        let b = tco::from_json(
            r#"{"name": "a", "workload": {"requests_per_month": 2000, "input_tokens": 5}}"#,
        )
        .unwrap();
        let m = input_matrix(&[&a, &b]);
        let row = |p: &str| m.iter().find(|(q, _, _)| q == p).cloned().unwrap();
        assert!(!row("name").2);
        assert!(row("workload.requests_per_month").2);
        assert_eq!(
            row("workload.input_tokens").1,
            vec!["—".to_string(), "5".to_string()]
        );
    }
}
