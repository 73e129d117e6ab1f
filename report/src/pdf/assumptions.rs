//! Every input with its unit and where it came from (typed, a default, a price-table
//! row, a GPU-table row, a benchmark), and the report's provenance block. Inputs are named and
//! their units given by `tco::vocabulary`, as the planner names them.

use tco::format::{count, percent};
use tco::input::ScenarioInput;
use tco::scenario::{GpuBasis, PriceSource, RoutingMode, SlmServing, ThroughputBasis};
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

/// Where the API price at `path` came from: typed over the table, the table's row, or
/// nothing.
fn price_source(source: &PriceSource, path: &str, given: bool) -> String {
    if given || source.overridden.iter().any(|k| k == path) {
        return "typed".into();
    }
    // The table's full label is in the provenance block; the row names the model.
    match &source.model {
        Some(model) if source.table.is_some() => format!("price table row {model}"),
        Some(model) => format!("price table: {model}"),
        None => "default (not given)".into(),
    }
}

struct Rows(Table);

impl Rows {
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
            Cell::from(vocabulary::label(path)),
            Cell::from(value),
            Cell::from(unit),
            Cell::from(source),
        ]);
    }
}

pub(crate) fn assumptions(doc: &mut Doc, r: &ReportScenario) {
    let s = &r.scenario;
    let inp: &ScenarioInput = &r.input;
    doc.heading("Assumptions", 60.0);
    let mut t = Table::new(vec![
        col("Input", 0.28, Align::Left),
        col("Value", 0.16, Align::Right),
        col("Unit", 0.16, Align::Left),
        col("Source", 0.40, Align::Left),
    ]);
    t.style = BODY.sized(7.5);
    let mut rows = Rows(t);
    let w = &s.workload;
    let wi = inp.workload.clone().unwrap_or_default();
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
    let peak_source = if wi.load_shape.is_some() {
        "computed from the typed 24-hour load shape".to_string()
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
    api_rows(&mut rows, "llm", &s.llm.prices, &s.llm.source, &li);
    let si = inp.slm.clone().unwrap_or_default();
    match &s.slm.serving {
        SlmServing::Api(api) => {
            rows.add(
                "slm.serving",
                "hosted SLM API".into(),
                typed(si.serving.is_some()),
            );
            api_rows(&mut rows, "slm", &api.prices, &api.source, &si.api_part());
        }
        SlmServing::SelfHosted(f) => {
            rows.add(
                "slm.serving",
                "self-hosted".into(),
                typed(si.serving.is_some()),
            );
            rows.add(
                "slm.gpu_usd_per_hour",
                format!("${}", plain(f.gpu_usd_per_hour)),
                gpu_source(s.slm.gpu.as_ref(), false),
            );
            rows.add(
                "slm.gpus_per_replica",
                plain(f.gpus_per_replica),
                typed(si.gpus_per_replica.is_some()),
            );
            let tp = throughput_source(s.slm.throughput.as_ref());
            rows.add(
                "slm.prefill_tokens_per_s",
                plain(f.prefill_tokens_per_s),
                tp.clone(),
            );
            rows.add("slm.decode_tokens_per_s", plain(f.decode_tokens_per_s), tp);
            rows.add(
                "slm.target_utilization",
                percent(f.target_utilization),
                typed(si.target_utilization.is_some()),
            );
            rows.add(
                "slm.min_replicas",
                plain(f.min_replicas),
                typed(si.min_replicas.is_some()),
            );
            rows.add(
                "slm.hours_per_month",
                plain(f.hours_per_month),
                typed(si.hours_per_month.is_some()),
            );
            rows.add(
                "slm.fixed_usd_per_month",
                format!("${}", plain(f.fixed_usd_per_month)),
                typed(si.fixed_usd_per_month.is_some()),
            );
        }
    }
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
    rows.add("routing.mode", mode.into(), typed(ri.mode.is_some()));
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
    for (path, v) in [
        ("routing.slm_quality", ro.slm_quality),
        ("routing.llm_quality", ro.llm_quality),
        ("routing.min_quality", ro.min_quality),
    ] {
        if let Some(v) = v {
            rows.add(path, percent(v), "typed".into());
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
}

/// The price rows of an API (`prefix` "llm" or "slm"), each with where its price came from.
fn api_rows(
    rows: &mut Rows,
    prefix: &str,
    p: &pricing::ApiPrices,
    source: &PriceSource,
    given: &tco::input::ApiInput,
) {
    if let Some(model) = &source.model {
        rows.add(&format!("{prefix}.model"), model.clone(), "typed".into());
    }
    for (key, v, g) in [
        (
            "input_usd_per_mtok",
            p.input_usd_per_mtok,
            given.input_usd_per_mtok.is_some(),
        ),
        (
            "output_usd_per_mtok",
            p.output_usd_per_mtok,
            given.output_usd_per_mtok.is_some(),
        ),
        (
            "cached_input_usd_per_mtok",
            p.cached_input_usd_per_mtok,
            given.cached_input_usd_per_mtok.is_some(),
        ),
        (
            "usd_per_request",
            p.usd_per_request,
            given.usd_per_request.is_some(),
        ),
    ] {
        let path = format!("{prefix}.{key}");
        let from = price_source(source, &path, g);
        rows.add(&path, format!("${}", plain(v)), from);
    }
}

/// Where the GPU price came from; `full` adds the table row's source (provenance).
fn gpu_source(basis: Option<&GpuBasis>, full: bool) -> String {
    match basis {
        None | Some(GpuBasis::Typed) => "typed".into(),
        Some(GpuBasis::Table { offer, gpu, price, listed_usd_per_gpu_hour, discount, source, as_of, flag }) => {
            let kind = match price {
                tco::scenario::GpuPriceKind::OnDemand => "on-demand",
                tco::scenario::GpuPriceKind::Spot => "spot",
            };
            let row = format!(
                "GPU table row {offer} ({gpu}, {kind} ${}/GPU-hour less {} discount",
                plain(*listed_usd_per_gpu_hour),
                percent(*discount)
            );
            if full {
                format!("{row}; {source}, as of {as_of}, flag {flag})")
            } else {
                format!("{row})")
            }
        }
        Some(GpuBasis::Owned { capital_usd_per_gpu_hour, energy_usd_per_gpu_hour, inputs }) => format!(
            "owned hardware: capital ${}/GPU-hour (${} over {} months) + energy ${}/GPU-hour ({} W, PUE {}, ${}/kWh)",
            plain(*capital_usd_per_gpu_hour),
            plain(inputs.purchase_usd),
            plain(inputs.amortisation_months),
            plain(*energy_usd_per_gpu_hour),
            plain(inputs.power_watts),
            plain(inputs.pue),
            plain(inputs.electricity_usd_per_kwh),
        ),
    }
}

fn throughput_source(basis: Option<&ThroughputBasis>) -> String {
    match basis {
        None | Some(ThroughputBasis::Typed) => "typed (an estimate, not measured)".into(),
        Some(ThroughputBasis::Measured { source }) => format!("measured: {source}"),
    }
}

pub(crate) fn provenance_table(r: &ReportScenario) -> Table {
    let p = &r.provenance;
    let mut t = Table::new(vec![col("", 0.25, Align::Left), col("", 0.75, Align::Left)]);
    t.header = false;
    t.style = BODY.sized(8.0);
    let table_id = p.price_table.id.map_or_else(
        || "bundled".to_string(),
        |id| format!("stored version {id}"),
    );
    let mut row = |k: &str, v: String| t.row(vec![Cell::from(k), Cell::from(v)]);
    row(
        "Price table",
        format!("{} ({table_id})", p.price_table.label),
    );
    row("Price table date", p.price_table.as_of.clone());
    let throughput = match &r.scenario.slm.serving {
        SlmServing::Api(_) => "not applicable: the SLM is a hosted API".to_string(),
        SlmServing::SelfHosted(_) => throughput_source(r.scenario.slm.throughput.as_ref()),
    };
    row("Throughput", throughput);
    if p.benchmarks.is_empty() {
        row("Benchmarks", "none referenced".into());
    }
    for b in &p.benchmarks {
        row(
            "Benchmark",
            format!("#{} {} ({})", b.id, b.hardware, b.label),
        );
    }
    if let SlmServing::SelfHosted(_) = r.scenario.slm.serving {
        row("GPU price", gpu_source(r.scenario.slm.gpu.as_ref(), true));
    }
    row("App version", format!("Breakeven {}", p.app_version));
    row(
        "Scenario",
        match (&p.scenario_id, p.revision) {
            (Some(id), Some(rev)) => format!("{id}, revision {rev}"),
            (Some(id), None) => id.clone(),
            _ => "not saved (a scenario file or an unsaved state)".into(),
        },
    );
    row(
        "Share link",
        p.share_link
            .clone()
            .unwrap_or_else(|| "none (not saved)".into()),
    );
    row("Generated", super::utc(p.generated_unix));
    row("Engine result format", r.result.format.clone());
    t
}

pub(crate) fn provenance(doc: &mut Doc, r: &ReportScenario) {
    doc.heading("Provenance", 60.0);
    doc.paragraph(
        SMALL,
        "Every figure is computed by the Breakeven engine (tco) from the inputs above, by the code behind the planner and the API.",
    );
    draw(doc, &provenance_table(r));
}
