//! A block of named figures (the Summary's headline and model figures): one row each with
//! its label, its value (a formula with the engine's figure cached, or the engine's value
//! where no formula can follow it), how it is computed, and its defined name.

use rust_xlsxwriter::{Formula, Worksheet, XlsxError};

use super::cells::{self, Ctx, Kind};

/// A figure's cached result: a number, or the text a formula shows when there is none.
pub(crate) enum Cached {
    Num(f64),
    Opt(Option<f64>, &'static str),
    Text(String),
    Bool(bool),
}

/// One row. An empty `formula` writes the engine's value instead of a formula: `how` then
/// says where it comes from.
pub(crate) struct Figure {
    pub label: String,
    pub key: &'static str,
    pub formula: String,
    pub cached: Cached,
    pub kind: Kind,
    pub how: String,
}

pub(crate) fn fig(
    label: &str,
    key: &'static str,
    formula: String,
    cached: Cached,
    kind: Kind,
    how: &str,
) -> Figure {
    Figure {
        label: label.to_string(),
        key,
        formula,
        cached,
        kind,
        how: how.to_string(),
    }
}

/// Writes `title`'s block from row `row` (0-based) of `ws` and returns the row after it;
/// each figure's defined name goes into `names`, pointing at `quoted` (the sheet's name).
pub(crate) fn write_block(
    ws: &mut Worksheet,
    ctx: &Ctx,
    quoted: &str,
    mut row: u32,
    title: &str,
    block: Vec<Figure>,
    names: &mut Vec<(String, String)>,
) -> Result<u32, XlsxError> {
    cells::text(ws, row, 0, title, Some(&cells::bold()))?;
    for (c, h) in ["Value", "Formula", "Defined name"].iter().enumerate() {
        cells::text(ws, row, 1 + c as u16, h, Some(&cells::bold()))?;
    }
    row += 1;
    for f in block {
        cells::text(ws, row, 0, &f.label, None)?;
        let engine_value = f.formula.is_empty();
        match f.cached {
            Cached::Num(v) if engine_value => cells::number(ws, row, 1, v, f.kind)?,
            Cached::Opt(Some(v), _) if engine_value => cells::number(ws, row, 1, v, f.kind)?,
            Cached::Opt(None, none) if engine_value => cells::text(ws, row, 1, none, None)?,
            Cached::Text(t) if engine_value => cells::text(ws, row, 1, &t, None)?,
            Cached::Bool(b) if engine_value => {
                ws.write_boolean(row, 1, b)?;
            }
            Cached::Num(v) => cells::num_formula(ws, row, 1, &f.formula, v, f.kind)?,
            Cached::Opt(v, none) => cells::opt_formula(ws, row, 1, &f.formula, v, none, f.kind)?,
            Cached::Text(t) => {
                ws.write_formula(row, 1, Formula::new(&f.formula).set_result(t))?;
            }
            Cached::Bool(b) => cells::bool_formula(ws, row, 1, &f.formula, b)?,
        }
        let how_format = engine_value.then(cells::note);
        cells::text(ws, row, 2, &f.how, how_format.as_ref())?;
        let defined = ctx.n(f.key);
        cells::text(ws, row, 3, &defined, None)?;
        names.push((defined, format!("={quoted}!$B${}", row + 1)));
        row += 1;
    }
    Ok(row + 1)
}
