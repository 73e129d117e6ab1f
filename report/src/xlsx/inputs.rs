//! The Inputs sheet: every input the engine used, one row each, with its unit, where it
//! came from (typed, a default, the price table, the GPU table, owned hardware) and its
//! scenario path. Each value cell carries a defined name (`requests_per_month`, …) that the
//! formulas of the other sheets use; the GPU price of a table offer or of owned hardware is
//! itself a formula over the offer's price and discount, or the hardware's figures.

use rust_xlsxwriter::{Worksheet, XlsxError};
use serde_json::Value;
use tco::scenario::{PriceSource, RoutingMode};

use super::cells::{self, Ctx, Kind};

mod slm;

/// One input row. `formula` is set for the GPU price derived from other inputs.
pub(super) struct Row {
    label: &'static str,
    key: &'static str,
    value: f64,
    formula: Option<String>,
    unit: &'static str,
    source: String,
    path: &'static str,
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
        "Scenario field",
        "Defined name",
    ];
    for (c, h) in header.iter().enumerate() {
        cells::text(&mut ws, HEADER_ROW, c as u16, h, Some(&cells::bold()))?;
    }
    let mut names = Vec::new();
    let quoted = rust_xlsxwriter::utility::quote_sheet_name(&name);
    for (i, r) in rows(ctx).iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        cells::text(&mut ws, row, 0, r.label, None)?;
        match &r.formula {
            Some(f) => cells::num_formula(&mut ws, row, 1, f, r.value, r.kind)?,
            None => {
                ws.write_number_with_format(row, 1, r.value, &r.kind.format(true))?;
            }
        }
        cells::text(&mut ws, row, 2, r.unit, None)?;
        cells::text(&mut ws, row, 3, &r.source, None)?;
        cells::text(&mut ws, row, 4, r.path, None)?;
        let defined = ctx.n(r.key);
        cells::text(&mut ws, row, 5, &defined, None)?;
        names.push((defined, format!("={quoted}!$B${}", row + 1)));
    }
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 16)?;
    ws.set_column_width(2, 18)?;
    ws.set_column_width(3, 60)?;
    ws.set_column_width(4, 36)?;
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

#[allow(clippy::too_many_arguments)]
pub(super) fn row(
    label: &'static str,
    key: &'static str,
    value: f64,
    unit: &'static str,
    source: String,
    path: &'static str,
    kind: Kind,
) -> Row {
    Row {
        label,
        key,
        value,
        formula: None,
        unit,
        source,
        path,
        kind,
    }
}

fn rows(ctx: &Ctx) -> Vec<Row> {
    let s = ctx.scenario();
    let input = serde_json::to_value(&ctx.rs.input).unwrap_or(Value::Null);
    let td = |p: &str| typed_or_default(&input, p);
    let w = &s.workload;
    let mut out = vec![
        row(
            "Requests per month (month 1)",
            "requests_per_month",
            w.requests_per_month,
            "requests/month",
            td("workload.requests_per_month"),
            "workload.requests_per_month",
            Kind::Count,
        ),
        row(
            "Input tokens per request",
            "input_tokens",
            w.input_tokens,
            "tokens/request",
            td("workload.input_tokens"),
            "workload.input_tokens",
            Kind::Plain,
        ),
        row(
            "Output tokens per request",
            "output_tokens",
            w.output_tokens,
            "tokens/request",
            td("workload.output_tokens"),
            "workload.output_tokens",
            Kind::Plain,
        ),
        row(
            "Cached share of input tokens",
            "cached_input_share",
            w.cached_input_share,
            "0–1",
            td("workload.cached_input_share"),
            "workload.cached_input_share",
            Kind::Share,
        ),
        row(
            "Peak-to-average request rate",
            "peak_to_average",
            w.peak_to_average,
            "× average",
            if s.load_shape.is_some() && !stated(&input, "workload.peak_to_average") {
                "derived from workload.load_shape (max/mean of the 24 hourly rates)".to_string()
            } else {
                td("workload.peak_to_average")
            },
            "workload.peak_to_average",
            Kind::Plain,
        ),
        row(
            "Monthly growth of requests",
            "monthly_growth",
            w.monthly_growth,
            "per month",
            td("workload.monthly_growth"),
            "workload.monthly_growth",
            Kind::Share,
        ),
    ];
    let llm = &s.llm;
    let ps = |p: &str, src: &PriceSource| price_source(&input, p, src);
    out.extend([
        row(
            "LLM input price",
            "llm_input_usd_per_mtok",
            llm.prices.input_usd_per_mtok,
            "USD/Mtok",
            ps("llm.input_usd_per_mtok", &llm.source),
            "llm.input_usd_per_mtok",
            Kind::UsdRate,
        ),
        row(
            "LLM output price",
            "llm_output_usd_per_mtok",
            llm.prices.output_usd_per_mtok,
            "USD/Mtok",
            ps("llm.output_usd_per_mtok", &llm.source),
            "llm.output_usd_per_mtok",
            Kind::UsdRate,
        ),
        row(
            "LLM cached input price",
            "llm_cached_input_usd_per_mtok",
            llm.prices.cached_input_usd_per_mtok,
            "USD/Mtok",
            ps("llm.cached_input_usd_per_mtok", &llm.source),
            "llm.cached_input_usd_per_mtok",
            Kind::UsdRate,
        ),
        row(
            "LLM price per request",
            "llm_usd_per_request",
            llm.prices.usd_per_request,
            "USD/request",
            ps("llm.usd_per_request", &llm.source),
            "llm.usd_per_request",
            Kind::UsdFine,
        ),
    ]);
    slm::rows(ctx, &mut out, &td, &ps);
    out.push(row(
        "One-time cost (month 0)",
        "one_time_usd",
        s.slm.one_time_usd,
        "USD",
        td("slm.one_time_usd"),
        "slm.one_time_usd",
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
            "SLM share of requests (hybrid)",
            "slm_share",
            r.effective_slm_share(),
            "0–1",
            share_source,
            "routing.slm_share",
            Kind::Share,
        ),
        row(
            "Escalation rate (SLM → LLM)",
            "escalation_rate",
            r.escalation_rate,
            "0–1",
            td("routing.escalation_rate"),
            "routing.escalation_rate",
            Kind::Share,
        ),
        row(
            "Router fee",
            "router_usd_per_request",
            r.router_usd_per_request,
            "USD/request",
            td("routing.router_usd_per_request"),
            "routing.router_usd_per_request",
            Kind::UsdFine,
        ),
    ]);
    for (label, key, v, path) in [
        (
            "SLM quality",
            "slm_quality",
            r.slm_quality,
            "routing.slm_quality",
        ),
        (
            "LLM quality",
            "llm_quality",
            r.llm_quality,
            "routing.llm_quality",
        ),
        (
            "Minimum quality",
            "min_quality",
            r.min_quality,
            "routing.min_quality",
        ),
    ] {
        if let Some(v) = v {
            out.push(row(
                label,
                key,
                v,
                "0–1",
                "typed".to_string(),
                path,
                Kind::Share,
            ));
        }
    }
    out.extend([
        row("Horizon", "horizon_months", f64::from(s.finance.horizon_months), "months",
            format!("{}; the Monthly cash flow has one row per month, so a new horizon needs a new export", td("finance.horizon_months")),
            "finance.horizon_months", Kind::Count),
        row("Annual discount rate", "discount_rate_annual", s.finance.discount_rate_annual, "per year", td("finance.discount_rate_annual"), "finance.discount_rate_annual", Kind::Share),
    ]);
    out
}
