//! Tables: fixed column shares of the content width, cells wrapped to their column, rows
//! kept whole, and the header row repeated at the top of every page a table runs onto.

use super::layout::{Doc, Item, Style, BODY, RULE, SHADE};
use super::text::wrap;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

pub(crate) struct Column {
    pub title: String,
    /// Share of the table's width (the shares are normalised).
    pub share: f32,
    pub align: Align,
}

pub(crate) fn col(title: &str, share: f32, align: Align) -> Column {
    Column {
        title: title.to_string(),
        share,
        align,
    }
}

#[derive(Clone)]
pub(crate) struct Cell {
    pub text: String,
    pub bold: bool,
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell { text, bold: false }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::from(text.to_string())
    }
}

pub(crate) fn bold(text: impl Into<String>) -> Cell {
    Cell {
        text: text.into(),
        bold: true,
    }
}

pub(crate) struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    pub style: Style,
    /// Whether to draw the header row (a key–value list has none).
    pub header: bool,
}

/// Padding: left and right of a cell's text, and above and below it.
const PAD: f32 = 3.0;
const VPAD: f32 = 1.25;

impl Table {
    pub fn new(columns: Vec<Column>) -> Table {
        Table {
            columns,
            rows: Vec::new(),
            style: BODY,
            header: true,
        }
    }

    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }
}

/// Lays a table out from the current position, paginating between rows.
pub(crate) fn draw(doc: &mut Doc, table: &Table) {
    let total: f32 = table
        .columns
        .iter()
        .map(|c| c.share)
        .sum::<f32>()
        .max(f32::EPSILON);
    let widths: Vec<f32> = table
        .columns
        .iter()
        .map(|c| doc.content_width() * c.share / total)
        .collect();
    let header: Vec<Cell> = table
        .columns
        .iter()
        .map(|c| super::tables::bold(c.title.clone()))
        .collect();
    if table.header {
        // Keep the header with at least its first row.
        let first = table
            .rows
            .first()
            .map_or(0.0, |r| row_height(doc, table, &widths, r));
        doc.ensure(row_height(doc, table, &widths, &header) + first);
        draw_row(doc, table, &widths, &header, true);
    }
    for (i, row) in table.rows.iter().enumerate() {
        let h = row_height(doc, table, &widths, row);
        let page = doc.pages.len();
        doc.ensure(h);
        if doc.pages.len() != page && table.header {
            draw_row(doc, table, &widths, &header, true);
        }
        if i % 2 == 1 {
            doc.push(Item::Rect {
                x: doc.margin,
                y: doc.y,
                w: doc.content_width(),
                h,
                color: (0xf7, 0xf8, 0xfa),
            });
        }
        draw_row(doc, table, &widths, row, false);
    }
    doc.gap(4.0);
}

fn lines(doc: &Doc, style: Style, cell: &Cell, width: f32) -> Vec<String> {
    wrap(
        doc.face(cell.bold || style.bold),
        &cell.text,
        style.size,
        width - 2.0 * PAD,
    )
}

fn row_height(doc: &Doc, table: &Table, widths: &[f32], row: &[Cell]) -> f32 {
    let n = row
        .iter()
        .zip(widths)
        .map(|(c, w)| lines(doc, table.style, c, *w).len())
        .max()
        .unwrap_or(1)
        .max(1);
    n as f32 * table.style.leading() + 2.0 * VPAD
}

fn draw_row(doc: &mut Doc, table: &Table, widths: &[f32], row: &[Cell], header: bool) {
    let h = row_height(doc, table, widths, row);
    let top = doc.y;
    if header {
        doc.push(Item::Rect {
            x: doc.margin,
            y: top,
            w: doc.content_width(),
            h,
            color: SHADE,
        });
    }
    let mut x = doc.margin;
    for ((cell, w), column) in row.iter().zip(widths).zip(&table.columns) {
        let style = if cell.bold {
            table.style.bold()
        } else {
            table.style
        };
        for (i, line) in lines(doc, table.style, cell, *w).iter().enumerate() {
            let baseline = top + VPAD + style.size + i as f32 * style.leading();
            let lx = match column.align {
                Align::Left => x + PAD,
                Align::Right => x + w - PAD - doc.face(style.bold).width(line, style.size),
            };
            doc.text_at(lx, baseline, style, line);
        }
        x += w;
    }
    doc.push(Item::Line {
        x1: doc.margin,
        y1: top + h,
        x2: doc.margin + doc.content_width(),
        y2: top + h,
        color: RULE,
    });
    doc.y = top + h;
}
