//! The Inputs sheet: every input the engine used, one row each, with its unit, where it
//! came from (typed, a default, the price table, the GPU table, owned hardware) and what it
//! means. Labels, units and meanings are `tco::vocabulary`'s, so an input is called what the
//! planner and the PDF call it. Each value cell carries a defined name (`requests_per_month`,
//! …) that the formulas of the other sheets use; the weights of a load shape are one
//! defined range each (`load_shape`, `weekly_shape`). A choice (the scaling policy, the
//! reserved base "Optimal") is a cell holding the vocabulary's words for it.

use rust_xlsxwriter::{Worksheet, XlsxError};
use serde_json::Value;
use tco::scenario::RoutingMode;
use tco::vocabulary;

use super::cells::{self, Ctx, Kind};

mod api;
mod slm;
mod workload;

pub(crate) use slm::choice_words;

/// What an input cell holds.
pub(super) enum Cell {
    Num(f64),
    /// A choice, in the vocabulary's words.
    Text(String),
    Bool(bool),
}

/// One input row.
pub(super) struct Row {
    label: String,
    unit: &'static str,
    help: &'static str,
    /// The defined name of the value cell; for a row of a weight list, the list's range.
    key: String,
    /// Set on the rows of a list of weights: the whole list is one defined range, `key`.
    list_item: Option<(usize, usize)>,
    value: Cell,
    source: String,
    kind: Kind,
    /// False for a row that only says what the inputs rest on (the model served, what a
    /// benchmark measured): no formula reads it, so it is not coloured as an input.
    read_by_formulas: bool,
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
         The Monte Carlo, the tornado, the Monthly cash flow's row count (the horizon) and the values marked \
         as the engine's do not. Uncoloured rows say what the inputs rest on (the model served, what a benchmark \
         measured): no formula reads them.",
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
        let format = r.kind.format(r.read_by_formulas);
        match &r.value {
            Cell::Num(v) => ws.write_number_with_format(row, 1, *v, &format)?,
            Cell::Text(t) => ws.write_string_with_format(row, 1, t, &format)?,
            Cell::Bool(b) => ws.write_boolean_with_format(row, 1, *b, &format)?,
        };
        cells::text(&mut ws, row, 2, r.unit, None)?;
        cells::text(&mut ws, row, 3, &r.source, None)?;
        cells::text(&mut ws, row, 4, r.help, None)?;
        let defined = ctx.n(&r.key);
        match r.list_item {
            None => {
                cells::text(&mut ws, row, 5, &defined, None)?;
                names.push((defined, format!("={quoted}!$B${}", row + 1)));
            }
            Some((index, len)) => {
                cells::text(
                    &mut ws,
                    row,
                    5,
                    &format!("{defined} ({} of {len})", index + 1),
                    None,
                )?;
                if index == 0 {
                    names.push((
                        defined,
                        format!("={quoted}!$B${}:$B${}", row + 1, row + len as u32),
                    ));
                }
            }
        }
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

/// The scenario as typed, as JSON: what `stated` looks paths up in.
pub(super) fn typed_input(ctx: &Ctx) -> Value {
    serde_json::to_value(&ctx.rs.input).unwrap_or(Value::Null)
}

/// The row of the scenario field at `path`, named, with the unit and meaning
/// `tco::vocabulary` gives it; its value cell gets the defined name `key`.
pub(super) fn row(path: &str, key: &str, value: f64, source: String, kind: Kind) -> Row {
    let field = vocabulary::field(path);
    Row {
        label: vocabulary::label(path),
        unit: field.map_or("", |f| f.unit),
        help: field.map_or("", |f| f.help),
        key: key.to_string(),
        list_item: None,
        value: Cell::Num(value),
        source,
        kind,
        read_by_formulas: true,
    }
}

impl Row {
    /// The same row holding text (a choice's words) or a yes/no instead of a number.
    pub(super) fn holding(self, value: Cell) -> Row {
        Row { value, ..self }
    }

    /// The same row named `label` and shown as a value no formula reads (not coloured as
    /// an input): what the inputs rest on, such as the model served or what a benchmark
    /// measured.
    pub(super) fn informational(self, label: String) -> Row {
        Row {
            label,
            read_by_formulas: false,
            ..self
        }
    }

    /// The same row with the unit and meaning of the field at `path` (a list's own field,
    /// for the row of one of its values).
    pub(super) fn with_field(self, path: &str) -> Row {
        let field = vocabulary::field(path);
        Row {
            unit: field.map_or("", |f| f.unit),
            help: field.map_or("", |f| f.help),
            ..self
        }
    }

    /// The same row as value `index` of a list of `len` weights under one defined range.
    pub(super) fn in_list(self, index: usize, len: usize) -> Row {
        Row {
            list_item: Some((index, len)),
            ..self
        }
    }
}

fn rows(ctx: &Ctx) -> Vec<Row> {
    let s = ctx.scenario();
    let input = typed_input(ctx);
    let td = |p: &str| typed_or_default(&input, p);
    let mut out = workload::rows(ctx, &input);
    api::rows(&mut out, "llm", &s.llm, &input);
    slm::rows(ctx, &mut out, &input);
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
