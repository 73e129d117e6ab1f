//! The Inputs sheet: every input the engine used, one row each, with its unit, where it
//! came from (typed, a default, the price table, the GPU table, owned hardware) and what it
//! means. Labels, units and meanings are `tco::vocabulary`'s, so an input is called what the
//! planner and the PDF call it. Each value cell carries a defined name (`requests_per_month`,
//! …) that the formulas of the other sheets use; the GPU price of a table offer or of owned
//! hardware is itself a formula over the offer's price and discount, or the hardware's
//! figures.

use rust_xlsxwriter::{Worksheet, XlsxError};
use serde_json::Value;
use tco::scenario::{PriceSource, RoutingMode};
use tco::vocabulary;

use super::cells::{self, Ctx, Kind};

mod slm;

/// One input row. `formula` is set for the GPU price derived from other inputs.
pub(super) struct Row {
    label: String,
    unit: &'static str,
    help: &'static str,
    key: &'static str,
    value: f64,
    formula: Option<String>,
    source: String,
    kind: Kind,
}

/// First row of the table (0-based); rows above hold the title and the note.
pub(crate) const HEADER_ROW: u32 = 3;

/// Writes the sheet; returns the defined names to register: (name, "='Sheet'!$B$n").
pub(crate) fn sheet(ctx: &Ctx) -> Result<(Worksheet, Vec<(String, String)>), XlsxError> {
    let mut ws = Worksheet::new();
    let name = ctx.sheet("Inputs");
    ws.set_name(&name)?;
    cells::text(&mut ws, 0, 0, "Inputs", Some(&cells::title()))?;
    cells::text(
        &mut ws,
        1,
        0,
        "Blue cells are inputs: change one and every derived figure in this workbook (formulas) moves with it. \
         The Monte Carlo, the tornado and the Monthly cash flow's row count (the horizon) are the engine's and do not.",
        Some(&cells::note()),
    )?;
    let header = [
        "Input",
        "Value",
        "Unit",
        "Source",
        "What it means",
        "Defined name",
    ];
    for (c, h) in header.iter().enumerate() {
        cells::text(&mut ws, HEADER_ROW, c as u16, h, Some(&cells::bold()))?;
    }
    let mut names = Vec::new();
    let quoted = rust_xlsxwriter::utility::quote_sheet_name(&name);
    for (i, r) in rows(ctx).iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        cells::text(&mut ws, row, 0, &r.label, None)?;
        match &r.formula {
            Some(f) => cells::num_formula(&mut ws, row, 1, f, r.value, r.kind)?,
            None => {
                ws.write_number_with_format(row, 1, r.value, &r.kind.format(true))?;
            }
        }
        cells::text(&mut ws, row, 2, r.unit, None)?;
        cells::text(&mut ws, row, 3, &r.source, None)?;
        cells::text(&mut ws, row, 4, r.help, None)?;
        let defined = ctx.n(r.key);
        cells::text(&mut ws, row, 5, &defined, None)?;
        names.push((defined, format!("={quoted}!$B${}", row + 1)));
    }
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 16)?;
    ws.set_column_width(2, 18)?;
    ws.set_column_width(3, 60)?;
    ws.set_column_width(4, 60)?;
    ws.set_column_width(5, 32)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 1)?;
    Ok((ws, names))
}

/// Whether the scenario as typed states `path` ("workload.requests_per_month").
pub(super) fn stated(input: &Value, path: &str) -> bool {
    let pointer = format!("/{}", path.replace('.', "/"));
    input.pointer(&pointer).is_some_and(|v| !v.is_null())
}

pub(super) fn typed_or_default(input: &Value, path: &str) -> String {
    if stated(input, path) {
        "typed".to_string()
    } else {
        "default (the engine's)".to_string()
    }
}

/// Where an API price came from: typed, the price table's row, or the input price (no
/// table row and no cached price given).
fn price_source(input: &Value, path: &str, source: &PriceSource) -> String {
    if stated(input, path) {
        return match &source.model {
            Some(m) => format!("typed (overrides the price table's {m})"),
            None => "typed".to_string(),
        };
    }
    match (&source.model, &source.table) {
        (Some(m), Some(t)) => format!("price table: {m} ({t})"),
        _ if path.ends_with("cached_input_usd_per_mtok") => {
            "the input price (no table row, no cached price given)".to_string()
        }
        _ => "not given: $0".to_string(),
    }
}

/// The row of the scenario field at `path`, named, with the unit and meaning
/// `tco::vocabulary` gives it; its value cell gets the defined name `key`.
pub(super) fn row(path: &str, key: &'static str, value: f64, source: String, kind: Kind) -> Row {
    let field = vocabulary::field(path);
    Row {
        label: vocabulary::label(path),
        unit: field.map_or("", |f| f.unit),
        help: field.map_or("", |f| f.help),
        key,
        value,
        formula: None,
        source,
        kind,
    }
}

impl Row {
    /// The same row under another label and unit: for a figure that belongs to a field without
    /// being its value (the listed price of the GPU offer the scenario names).
    pub(super) fn relabelled(self, label: String, unit: &'static str) -> Row {
        Row {
            label,
            unit,
            ..self
        }
    }

    /// The same row, its value a formula over other input cells (the engine's value cached).
    pub(super) fn with_formula(self, formula: Option<String>) -> Row {
        Row { formula, ..self }
    }
}

fn rows(ctx: &Ctx) -> Vec<Row> {
    let s = ctx.scenario();
    let input = serde_json::to_value(&ctx.rs.input).unwrap_or(Value::Null);
    let td = |p: &str| typed_or_default(&input, p);
    let w = &s.workload;
    let peak_source = if s.load_shape.is_some() && !stated(&input, "workload.peak_to_average") {
        format!(
            "derived from “{}” (max/mean of the 24 hourly rates)",
            vocabulary::label("workload.load_shape")
        )
    } else {
        td("workload.peak_to_average")
    };
    let mut out = vec![
        row(
            "workload.requests_per_month",
            "requests_per_month",
            w.requests_per_month,
            td("workload.requests_per_month"),
            Kind::Count,
        ),
        row(
            "workload.input_tokens",
            "input_tokens",
            w.input_tokens,
            td("workload.input_tokens"),
            Kind::Plain,
        ),
        row(
            "workload.output_tokens",
            "output_tokens",
            w.output_tokens,
            td("workload.output_tokens"),
            Kind::Plain,
        ),
        row(
            "workload.cached_input_share",
            "cached_input_share",
            w.cached_input_share,
            td("workload.cached_input_share"),
            Kind::Share,
        ),
        row(
            "workload.peak_to_average",
            "peak_to_average",
            w.peak_to_average,
            peak_source,
            Kind::Plain,
        ),
        row(
            "workload.monthly_growth",
            "monthly_growth",
            w.monthly_growth,
            td("workload.monthly_growth"),
            Kind::Share,
        ),
    ];
    let llm = &s.llm;
    let ps = |p: &str, src: &PriceSource| price_source(&input, p, src);
    out.extend([
        row(
            "llm.input_usd_per_mtok",
            "llm_input_usd_per_mtok",
            llm.prices.input_usd_per_mtok,
            ps("llm.input_usd_per_mtok", &llm.source),
            Kind::UsdRate,
        ),
        row(
            "llm.output_usd_per_mtok",
            "llm_output_usd_per_mtok",
            llm.prices.output_usd_per_mtok,
            ps("llm.output_usd_per_mtok", &llm.source),
            Kind::UsdRate,
        ),
        row(
            "llm.cached_input_usd_per_mtok",
            "llm_cached_input_usd_per_mtok",
            llm.prices.cached_input_usd_per_mtok,
            ps("llm.cached_input_usd_per_mtok", &llm.source),
            Kind::UsdRate,
        ),
        row(
            "llm.usd_per_request",
            "llm_usd_per_request",
            llm.prices.usd_per_request,
            ps("llm.usd_per_request", &llm.source),
            Kind::UsdFine,
        ),
    ]);
    slm::rows(ctx, &mut out, &td, &ps);
    out.push(row(
        "slm.one_time_usd",
        "one_time_usd",
        s.slm.one_time_usd,
        td("slm.one_time_usd"),
        Kind::Usd,
    ));
    let r = &s.routing;
    let share_source = match r.mode {
        RoutingMode::Cascade => {
            "cascade mode: every request goes to the SLM first (share 1)".to_string()
        }
        RoutingMode::Router => td("routing.slm_share"),
    };
    out.extend([
        row(
            "routing.slm_share",
            "slm_share",
            r.effective_slm_share(),
            share_source,
            Kind::Share,
        ),
        row(
            "routing.escalation_rate",
            "escalation_rate",
            r.escalation_rate,
            td("routing.escalation_rate"),
            Kind::Share,
        ),
        row(
            "routing.router_usd_per_request",
            "router_usd_per_request",
            r.router_usd_per_request,
            td("routing.router_usd_per_request"),
            Kind::UsdFine,
        ),
    ]);
    for (path, key, v) in [
        ("routing.slm_quality", "slm_quality", r.slm_quality),
        ("routing.llm_quality", "llm_quality", r.llm_quality),
        ("routing.min_quality", "min_quality", r.min_quality),
    ] {
        if let Some(v) = v {
            out.push(row(path, key, v, "typed".to_string(), Kind::Share));
        }
    }
    out.extend([
        row(
            "finance.horizon_months",
            "horizon_months",
            f64::from(s.finance.horizon_months),
            format!(
                "{}; the Monthly cash flow has one row per month, so a new horizon needs a new export",
                td("finance.horizon_months")
            ),
            Kind::Count,
        ),
        row(
            "finance.discount_rate_annual",
            "discount_rate_annual",
            s.finance.discount_rate_annual,
            td("finance.discount_rate_annual"),
            Kind::Share,
        ),
    ]);
    out
}
