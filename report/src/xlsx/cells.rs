//! What every sheet of the workbook shares: the number formats, the scenario's defined-name
//! prefix and sheet-name prefix, and the two ways a cell is written (a value, or a formula
//! with the engine's figure stored as its cached result).

use rust_xlsxwriter::{Color, Format, Formula, Worksheet, XlsxError};

use crate::ReportScenario;

/// Excel's limit on a cell's text is 32,767 characters; longer provenance text is cut rather
/// than failing the export.
const MAX_CELL_CHARS: usize = 32_000;

/// How a figure is shown. The value itself is never rounded: only its display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `$#,##0.00`: monthly and one-time money.
    Usd,
    /// Six decimals, as `tco::format::usd` shows per-request prices below a cent.
    UsdFine,
    /// USD per million tokens or per GPU-hour: up to four decimals.
    UsdRate,
    /// `0.0%`: shares, rates, qualities.
    Share,
    /// `#,##0`: requests, replicas, months.
    Count,
    /// Any other number, as typed.
    Plain,
}

impl Kind {
    fn num_format(self) -> &'static str {
        match self {
            Kind::Usd => "$#,##0.00",
            Kind::UsdFine => "$#,##0.000000",
            Kind::UsdRate => "$#,##0.00##",
            Kind::Share => "0.0%",
            Kind::Count => "#,##0",
            Kind::Plain => "General",
        }
    }

    /// The figure's format; an input cell is blue on pale yellow, the usual mark of a cell
    /// finance may change.
    pub(crate) fn format(self, input: bool) -> Format {
        let f = Format::new().set_num_format(self.num_format());
        if input {
            f.set_font_color(Color::RGB(0x1F_4E_9A))
                .set_background_color(Color::RGB(0xFF_F8_DC))
        } else {
            f
        }
    }
}

pub(crate) fn bold() -> Format {
    Format::new().set_bold()
}

pub(crate) fn title() -> Format {
    Format::new().set_bold().set_font_size(14)
}

pub(crate) fn note() -> Format {
    Format::new()
        .set_italic()
        .set_font_color(Color::RGB(0x59_59_59))
}

/// One scenario's place in the workbook: its sheets' prefix ("" alone, "S1 " in a
/// comparison) and its defined names' prefix ("" alone, "s1_" in a comparison). Neither
/// holds user text, so no scenario name can make a sheet name or a formula invalid.
pub(crate) struct Ctx<'a> {
    pub rs: &'a ReportScenario,
    pub sheet_prefix: String,
    pub name_prefix: String,
}

impl Ctx<'_> {
    pub(crate) fn sheet(&self, base: &str) -> String {
        format!("{}{base}", self.sheet_prefix)
    }

    /// The defined name of an input or figure, as formulas reference it.
    pub(crate) fn n(&self, key: &str) -> String {
        format!("{}{key}", self.name_prefix)
    }

    pub(crate) fn scenario(&self) -> &tco::Scenario {
        &self.rs.scenario
    }

    pub(crate) fn result(&self) -> &tco::PlanResult {
        &self.rs.result
    }
}

/// The cached result of a numeric formula: Rust's shortest round-trip form, so a reader
/// that does not recalculate shows exactly the engine's figure.
pub(crate) fn cached(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        // The engine never produces these for a valid scenario; an error result is honest.
        "#NUM!".to_string()
    }
}

/// A formula whose value is the engine's number `v`.
pub(crate) fn num_formula(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    formula: &str,
    v: f64,
    kind: Kind,
) -> Result<(), XlsxError> {
    let f = Formula::new(formula).set_result(cached(v));
    ws.write_formula_with_format(row, col, f, &kind.format(false))?;
    Ok(())
}

/// A formula whose value is text or a number, as the engine's Option says: `None` is shown
/// as `none_text` (never user text, so it cannot be mistaken for a number or an error).
#[allow(clippy::too_many_arguments)]
pub(crate) fn opt_formula(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    formula: &str,
    v: Option<f64>,
    none_text: &str,
    kind: Kind,
) -> Result<(), XlsxError> {
    let result = v.map_or_else(|| none_text.to_string(), cached);
    let f = Formula::new(formula).set_result(result);
    ws.write_formula_with_format(row, col, f, &kind.format(false))?;
    Ok(())
}

/// A formula with a boolean result.
pub(crate) fn bool_formula(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    formula: &str,
    v: bool,
) -> Result<(), XlsxError> {
    let f = Formula::new(formula).set_result(if v { "TRUE" } else { "FALSE" });
    ws.write_formula(row, col, f)?;
    Ok(())
}

/// Text, always as a string cell (never parsed as a formula), cut to Excel's limit.
pub(crate) fn text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    s: &str,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    let s: String = if s.chars().count() > MAX_CELL_CHARS {
        s.chars().take(MAX_CELL_CHARS).collect()
    } else {
        s.to_string()
    };
    match format {
        Some(f) => ws.write_string_with_format(row, col, s, f)?,
        None => ws.write_string(row, col, s)?,
    };
    Ok(())
}

/// A plain number computed by the engine (not a formula).
pub(crate) fn number(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: f64,
    kind: Kind,
) -> Result<(), XlsxError> {
    if v.is_finite() {
        ws.write_number_with_format(row, col, v, &kind.format(false))?;
    } else {
        ws.write_string(row, col, "—")?;
    }
    Ok(())
}

/// ⌈x⌉ with the engine's tolerance (`tco::cost::ceil_tolerant`): a value within 1e-9
/// (relative) of an integer is that integer, so float noise never adds a replica.
pub(crate) fn ceil_tolerant(x: &str) -> String {
    format!("IF(ABS({x}-ROUND({x},0))<=1E-9*ABS(ROUND({x},0)),ROUND({x},0),ROUNDUP({x},0))")
}

/// The label a reader sees for engine values that are not formulas.
pub(crate) const ENGINE_NOTE: &str =
    "Values computed by the Breakeven engine (not formulas): they do not move when an input changes.";
