//! Every input with its unit and where it came from (typed, a default, a price-table row, a
//! GPU-table row, a benchmark). Inputs are named and their units given by
//! `tco::vocabulary`, as the planner names them; a choice is shown in the vocabulary's
//! words.

mod api;
mod fleet;

use tco::format::{count, percent};
use tco::input::ScenarioInput;
use tco::scenario::{RoutingMode, SlmServing};
use tco::vocabulary;

use super::layout::{Doc, BODY, SMALL};
use super::tables::{col, draw, Align, Cell, Table};
use crate::ReportScenario;

/// A number as typed: separators for whole numbers, Rust's shortest form otherwise, so
/// 0.8048 reads 0.8048 and not a rounded 0.80.
pub(crate) fn plain(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 {
        count(v)
    } else {
        format!("{v}")
    }
}

fn typed(given: bool) -> String {
    if given { "typed" } else { "default" }.to_string()
}

/// The assumptions table, the defaults left out of it because they cannot change this
/// scenario's figures (named in a line under the table), and how the SLM is served
/// (`self_hosted`, `api`), which names a field whose meaning depends on it ("Self-hosted
/// model", "Hosted SLM model").
struct Rows(Table, Vec<String>, &'static str);

impl Rows {
    /// `add`, unless the input is at its default and cannot move this scenario's figures
    /// (`applies` false): then it is only named under the table.
    fn add_where(&mut self, applies: bool, given: bool, path: &str, value: String, source: String) {
        if applies || given {
            self.add(path, value, source);
        } else {
            self.1.push(vocabulary::label_when_served(path, self.2));
        }
    }

    /// A row for the scenario field at `path`, named and with the unit `tco::vocabulary`
    /// gives it: the report never shows the path itself.
    /// A value shown as a percentage carries its unit: the vocabulary's "share 0–1" would
    /// contradict "20.0 %", so the unit column stays empty for it.
    fn add(&mut self, path: &str, value: String, source: String) {
        let unit = if value.ends_with('%') {
            ""
        } else {
            vocabulary::field(path).map_or("", |f| f.unit)
        };
        self.0.row(vec![
            Cell::from(vocabulary::label_when_served(path, self.2)),
            Cell::from(value),
            Cell::from(unit),
            Cell::from(source),
        ]);
    }
}

/// "1, 1, 0.5 …" for a short list, or a summary of a week's 168 weights.
fn weights(values: &[f64]) -> String {
    if values.len() > 24 {
        let max = values.iter().copied().fold(f64::MIN, f64::max);
        let min = values.iter().copied().fold(f64::MAX, f64::min);
        format!(
            "{} hourly weights from Monday 00:00, {} to {} (see the week chart)",
            values.len(),
            plain(min),
            plain(max)
        )
    } else {
        let all: Vec<String> = values.iter().map(|v| plain(*v)).collect();
        all.join(", ")
    }
}

pub(crate) fn assumptions(doc: &mut Doc, r: &ReportScenario) {
    let s = &r.scenario;
    let inp: &ScenarioInput = &r.input;
    doc.heading("Assumptions", 24.0);
    // Set a little smaller than the other tables: with v2's inputs the list is long, and
    // the whole report keeps to four pages.
    let mut t = Table::new(vec![
        col("Input", 0.26, Align::Left),
        col("Value", 0.15, Align::Right),
        col("Unit", 0.15, Align::Left),
        col("Source", 0.44, Align::Left),
    ]);
    t.style = BODY.sized(7.0);
    let serving = match s.slm.serving {
        SlmServing::SelfHosted(_) => "self_hosted",
        SlmServing::Api(_) => "api",
    };
    let mut rows = Rows(t, Vec::new(), serving);
    let w = &s.workload;
    let wi = inp.workload.clone().unwrap_or_default();
    if let Some(source) = &s.workload_source {
        rows.add("workload.source", source.clone(), "typed".into());
    }
    rows.add(
        "workload.requests_per_month",
        count(w.requests_per_month),
        typed(wi.requests_per_month.is_some()),
    );
    rows.add(
        "workload.input_tokens",
        plain(w.input_tokens),
        typed(wi.input_tokens.is_some()),
    );
    rows.add(
        "workload.output_tokens",
        plain(w.output_tokens),
        typed(wi.output_tokens.is_some()),
    );
    rows.add(
        "workload.cached_input_share",
        percent(w.cached_input_share),
        typed(wi.cached_input_share.is_some()),
    );
    rows.add(
        "workload.cache_write_share",
        percent(w.cache_write_share),
        typed(wi.cache_write_share.is_some()),
    );
    rows.add(
        "workload.batch_share",
        percent(w.batch_share),
        typed(wi.batch_share.is_some()),
    );
    if let Some(shape) = &s.load_shape {
        rows.add("workload.load_shape", weights(shape), "typed".into());
    }
    if let Some(days) = &s.weekly_shape {
        rows.add("workload.weekly_shape", weights(days), "typed".into());
    }
    let peak_source = if s.load_shape.is_some() && wi.peak_to_average.is_none() {
        "computed from the typed load shape".to_string()
    } else {
        typed(wi.peak_to_average.is_some())
    };
    rows.add(
        "workload.peak_to_average",
        plain(w.peak_to_average),
        peak_source,
    );
    rows.add(
        "workload.monthly_growth",
        percent(w.monthly_growth),
        typed(wi.monthly_growth.is_some()),
    );

    let li = inp.llm.clone().unwrap_or_default();
    api::rows(&mut rows, "llm", &s.llm, &li, s);
    let si = inp.slm.clone().unwrap_or_default();
    match &s.slm.serving {
        SlmServing::Api(priced) => {
            rows.add(
                "slm.serving",
                vocabulary::choice("slm.serving", "api")
                    .unwrap_or("")
                    .into(),
                typed(si.serving.is_some()),
            );
            api::rows(&mut rows, "slm", priced, &si.api_part(), s);
        }
        SlmServing::SelfHosted(f) => {
            rows.add(
                "slm.serving",
                vocabulary::choice("slm.serving", "self_hosted")
                    .unwrap_or("")
                    .into(),
                typed(si.serving.is_some()),
            );
            fleet::rows(&mut rows, r, f, &si);
        }
    }
    rows.add(
        "slm.token_ratio",
        plain(s.slm.token_ratio),
        typed(si.token_ratio.is_some()),
    );
    rows.add(
        "slm.one_time_usd",
        format!("${}", plain(s.slm.one_time_usd)),
        typed(si.one_time_usd.is_some()),
    );

    let ri = inp.routing.clone().unwrap_or_default();
    let ro = &s.routing;
    let mode = match ro.mode {
        RoutingMode::Router => "router",
        RoutingMode::Cascade => "cascade",
    };
    rows.add(
        "routing.mode",
        vocabulary::choice("routing.mode", mode)
            .unwrap_or(mode)
            .into(),
        typed(ri.mode.is_some()),
    );
    if ro.mode == RoutingMode::Router {
        rows.add(
            "routing.slm_share",
            percent(ro.slm_share),
            typed(ri.slm_share.is_some()),
        );
    }
    rows.add(
        "routing.escalation_rate",
        percent(ro.escalation_rate),
        typed(ri.escalation_rate.is_some()),
    );
    rows.add(
        "routing.router_usd_per_request",
        format!("${}", plain(ro.router_usd_per_request)),
        typed(ri.router_usd_per_request.is_some()),
    );
    if let Some(m) = &ro.measured {
        rows.add("routing.measured.label", m.label.clone(), "measured".into());
    }
    for (path, v, given) in [
        (
            "routing.slm_quality",
            ro.slm_quality,
            ri.slm_quality.is_some(),
        ),
        (
            "routing.llm_quality",
            ro.llm_quality,
            ri.llm_quality.is_some(),
        ),
        ("routing.min_quality", ro.min_quality, true),
    ] {
        if let Some(v) = v {
            // Left out beside a measured curve, a quality is the curve's end.
            let source = if given || ro.measured.is_none() {
                "typed"
            } else {
                "measured"
            };
            rows.add(path, percent(v), source.into());
        }
    }
    let fi = inp.finance.clone().unwrap_or_default();
    rows.add(
        "finance.horizon_months",
        s.finance.horizon_months.to_string(),
        typed(fi.horizon_months.is_some()),
    );
    rows.add(
        "finance.discount_rate_annual",
        percent(s.finance.discount_rate_annual),
        typed(fi.discount_rate_annual.is_some()),
    );
    if let Some(u) = &s.uncertainty {
        let ui = inp.uncertainty.clone().unwrap_or_default();
        rows.add(
            "uncertainty.draws",
            count(u.draws.into()),
            typed(ui.draws.is_some()),
        );
        rows.add(
            "uncertainty.seed",
            u.seed.to_string(),
            typed(ui.seed.is_some()),
        );
        for (path, q) in &u.inputs {
            // "Belief about requests per month", in the input's own unit.
            let unit = vocabulary::field(path).map_or("", |f| f.unit);
            rows.0.row(vec![
                Cell::from(vocabulary::label(&format!("uncertainty.inputs.{path}"))),
                Cell::from(format!("{} – {}", plain(q.p10), plain(q.p90))),
                Cell::from(unit),
                Cell::from("typed belief: P10 – P90"),
            ]);
        }
    }
    draw(doc, &rows.0);
    if !rows.1.is_empty() {
        doc.paragraph(
            SMALL,
            &format!(
                "At their defaults and without effect on this scenario's figures, so not listed: {}.",
                rows.1.join(", ")
            ),
        );
    }
}
