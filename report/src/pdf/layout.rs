//! Page layout as a display list: sections are laid out top to bottom into pages of
//! items (text runs, rules, boxes, charts) and only then drawn with krilla, so pagination
//! never has to juggle krilla's borrowed page surfaces.

use super::text::{fonts, wrap, Face, Fonts};
use super::Paper;

pub(crate) type Rgb = (u8, u8, u8);
pub(crate) const INK: Rgb = (0x1f, 0x23, 0x28);
pub(crate) const MUTED: Rgb = (0x57, 0x60, 0x6a);
pub(crate) const ACCENT: Rgb = (0x0b, 0x5c, 0xad);
pub(crate) const SHADE: Rgb = (0xee, 0xf1, 0xf5);
pub(crate) const RULE: Rgb = (0xc8, 0xcd, 0xd3);

pub(crate) enum Item {
    /// A run of text; `y` is its baseline.
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        color: Rgb,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        color: Rgb,
    },
    Chart {
        tree: Box<usvg::Tree>,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

/// Text style: size in points, weight, colour.
#[derive(Clone, Copy)]
pub(crate) struct Style {
    pub size: f32,
    pub bold: bool,
    pub color: Rgb,
}

pub(crate) const BODY: Style = Style {
    size: 9.0,
    bold: false,
    color: INK,
};
pub(crate) const SMALL: Style = Style {
    size: 7.5,
    bold: false,
    color: MUTED,
};

impl Style {
    pub fn bold(self) -> Style {
        Style { bold: true, ..self }
    }
    pub fn sized(self, size: f32) -> Style {
        Style { size, ..self }
    }
    pub fn colored(self, color: Rgb) -> Style {
        Style { color, ..self }
    }
    /// Baseline-to-baseline distance.
    pub fn leading(self) -> f32 {
        self.size * 1.25
    }
}

pub(crate) struct Doc {
    pub width: f32,
    pub height: f32,
    pub margin: f32,
    /// Room kept at the bottom for the page footer.
    footer: f32,
    pub pages: Vec<Vec<Item>>,
    /// The top of the free space on the current page.
    pub y: f32,
    pub fonts: &'static Fonts,
}

impl Doc {
    pub fn new(paper: Paper, fonts: &'static Fonts) -> Doc {
        let (width, height) = paper.size_pt();
        // 15 mm on A4, 0.6 in on Letter: close enough to look alike, and both print.
        let margin = 42.0;
        Doc {
            width,
            height,
            margin,
            footer: 16.0,
            pages: vec![Vec::new()],
            y: margin,
            fonts,
        }
    }

    pub fn content_width(&self) -> f32 {
        self.width - 2.0 * self.margin
    }

    fn bottom(&self) -> f32 {
        self.height - self.margin - self.footer
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.margin;
    }

    /// Starts a new page unless `h` points still fit on this one.
    pub fn ensure(&mut self, h: f32) {
        if self.y + h > self.bottom() && self.y > self.margin {
            self.new_page();
        }
    }

    pub fn push(&mut self, item: Item) {
        if let Some(page) = self.pages.last_mut() {
            page.push(item);
        }
    }

    pub fn face(&self, bold: bool) -> &'static Face {
        if bold {
            &self.fonts.bold
        } else {
            &self.fonts.regular
        }
    }

    pub fn text_at(&mut self, x: f32, baseline: f32, style: Style, text: &str) {
        self.push(Item::Text {
            x,
            y: baseline,
            size: style.size,
            bold: style.bold,
            color: style.color,
            text: text.to_string(),
        });
    }

    /// Text wrapped to the content width, each line moved to a new page if it must.
    pub fn paragraph(&mut self, style: Style, text: &str) {
        self.paragraph_in(self.margin, self.content_width(), style, text);
    }

    pub fn paragraph_in(&mut self, x: f32, width: f32, style: Style, text: &str) {
        for line in wrap(self.face(style.bold), text, style.size, width) {
            self.ensure(style.leading());
            let baseline = self.y + style.size;
            self.text_at(x, baseline, style, &line);
            self.y += style.leading();
        }
    }

    /// A section heading with a rule under it, kept with `keep` points of what follows.
    pub fn heading(&mut self, text: &str, keep: f32) {
        let style = BODY.sized(12.0).bold().colored(ACCENT);
        self.y += 8.0;
        self.ensure(style.leading() + 4.0 + keep);
        self.paragraph(style, text);
        let (x1, x2, y) = (self.margin, self.width - self.margin, self.y + 1.0);
        self.push(Item::Line {
            x1,
            y1: y,
            x2,
            y2: y,
            color: RULE,
        });
        self.y += 5.0;
    }

    pub fn gap(&mut self, h: f32) {
        self.y += h;
    }

    /// Charts side by side in one row of `per_row` places, each a place wide (less the
    /// gutters), so a lone last chart is as small as its neighbours above.
    pub fn chart_row(&mut self, trees: Vec<usvg::Tree>, per_row: usize) {
        if trees.is_empty() {
            return;
        }
        let gutter = 12.0;
        let n = per_row.max(trees.len()) as f32;
        let w = (self.content_width() - gutter * (n - 1.0)) / n;
        let h = trees
            .iter()
            .map(|t| w * t.size().height() / t.size().width())
            .fold(0.0, f32::max);
        self.ensure(h);
        let top = self.y;
        for (i, tree) in trees.into_iter().enumerate() {
            let th = w * tree.size().height() / tree.size().width();
            self.push(Item::Chart {
                tree: Box::new(tree),
                x: self.margin + i as f32 * (w + gutter),
                y: top,
                w,
                h: th,
            });
        }
        self.y = top + h + 6.0;
    }
}

/// Loads the fonts or says why not (they are compiled in; only a corrupt build fails).
pub(crate) fn load_fonts() -> Result<&'static Fonts, crate::ReportError> {
    fonts().ok_or_else(|| crate::ReportError::Write {
        format: "PDF",
        message: "the embedded DejaVu Sans fonts could not be read".into(),
    })
}
