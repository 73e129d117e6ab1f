//! The top of the Summary sheet, as page 1 of the PDF opens: the recommendation in one
//! sentence, the biggest uncertainty, the chance the recommendation stays the cheapest, and
//! the caveats, each the same string as the PDF's (`crate::summary::Summary`). These are
//! words about the engine's figures, not formulas; the figures follow as formulas.

use rust_xlsxwriter::{Format, FormatAlign, Worksheet, XlsxError};

use super::cells;
use crate::summary::Summary;

/// Columns the sentences span (B to D), and their width in characters together (the
/// Summary sheet's widths: 18 + 50 + 34).
const LAST_COL: u16 = 3;
const WIDTH_CHARS: usize = 100;

/// Writes the rows from `row`; returns the first row after them (one left empty).
pub(crate) fn rows(ws: &mut Worksheet, mut row: u32, s: &Summary) -> Result<u32, XlsxError> {
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let strong = wrap.clone().set_bold();
    let label = cells::bold().set_align(FormatAlign::Top);
    let line = |ws: &mut Worksheet,
                row: u32,
                name: &str,
                text: &str,
                format: &Format|
     -> Result<(), XlsxError> {
        cells::text(ws, row, 0, name, Some(&label))?;
        ws.merge_range(row, 1, row, LAST_COL, text, format)?;
        // Merged cells do not grow to fit their text: give the row its lines' height.
        let lines = text.chars().count().div_ceil(WIDTH_CHARS).max(1);
        ws.set_row_height(row, 15.0 * lines as f64)?;
        Ok(())
    };
    line(ws, row, "Recommendation", &s.text.recommendation, &strong)?;
    row += 1;
    line(ws, row, "Biggest uncertainty", &s.text.uncertainty, &wrap)?;
    row += 1;
    for (i, c) in s.caveats.iter().enumerate() {
        let name = if i == 0 { "Keep in mind" } else { "" };
        line(ws, row, name, c, &wrap)?;
        row += 1;
    }
    Ok(row + 1)
}
