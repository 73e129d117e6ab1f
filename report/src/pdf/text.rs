//! The shipped fonts and line breaking measured with their own glyph advances, so long
//! names and labels wrap inside their box instead of running over it.

use std::sync::OnceLock;

use krilla::text::Font;
use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};

pub(crate) static REGULAR: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
pub(crate) static BOLD: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");

/// One face: the font krilla embeds and the advance widths line breaking measures with.
pub(crate) struct Face {
    pub font: Font,
    /// Advance widths (font units) of the first 512 code points, looked up once.
    table: Vec<f32>,
    charmap: Charmap<'static>,
    metrics: GlyphMetrics<'static>,
    upem: f32,
}

impl Face {
    fn load(data: &'static [u8]) -> Option<Face> {
        let font = Font::new(data.into(), 0)?;
        let face = FontRef::new(data).ok()?;
        let upem = f32::from(
            face.metrics(Size::unscaled(), LocationRef::default())
                .units_per_em,
        );
        let mut out = Face {
            font,
            table: Vec::new(),
            charmap: face.charmap(),
            metrics: face.glyph_metrics(Size::unscaled(), LocationRef::default()),
            upem,
        };
        out.table = (0u32..512)
            .map(|u| char::from_u32(u).map_or(0.0, |c| out.advance(c)))
            .collect();
        Some(out)
    }

    /// A character's advance in font units; a character the font lacks counts as 0.6 em
    /// (it is drawn as the .notdef box, about that wide).
    fn advance(&self, c: char) -> f32 {
        self.charmap
            .map(c)
            .and_then(|g| self.metrics.advance_width(g))
            .unwrap_or(self.upem * 0.6)
    }

    /// Width of `text` at `size` points: the sum of advances (kerning left out; DejaVu's
    /// pairs only ever make a line a little narrower than measured).
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: f32 = text
            .chars()
            .map(|c| match self.table.get(c as usize) {
                Some(w) => *w,
                None => self.advance(c),
            })
            .sum();
        units * size / self.upem
    }
}

pub(crate) struct Fonts {
    pub regular: Face,
    pub bold: Face,
}

/// The shipped DejaVu Sans faces, parsed once per process.
pub(crate) fn fonts() -> Option<&'static Fonts> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            Some(Fonts {
                regular: Face::load(REGULAR)?,
                bold: Face::load(BOLD)?,
            })
        })
        .as_ref()
}

/// Breaks `text` into lines no wider than `width` points: at spaces where possible, inside
/// a word only when the word alone is too wide. Explicit newlines are kept.
pub(crate) fn wrap(face: &Face, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if face.width(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word on a line of its own; split it by characters if it still overflows.
            for c in word.chars() {
                line.push(c);
                if face.width(&line, size) > width && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::replace(&mut line, c.to_string()));
                }
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_with_the_fonts_advances() {
        let f = fonts().expect("fonts load");
        // DejaVu Sans: 2048 units per em; "0" advances 1303 units, the space 651.
        let zero = f.regular.width("0", 10.0);
        assert!((zero - 1303.0 * 10.0 / 2048.0).abs() < 1e-3, "{zero}");
        assert!(f.bold.width("0000", 10.0) > f.regular.width("000", 10.0));
        // Outside the table: the Euro sign and CJK are still measured, never zero.
        assert!(f.regular.width("€ü₹", 10.0) > 10.0);
    }

    #[test]
    fn wraps_at_spaces_and_splits_long_words() {
        let f = &fonts().expect("fonts load").regular;
        let lines = wrap(f, "a long scenario name that wraps", 10.0, 60.0);
        assert!(lines.len() > 1, "{lines:?}");
        assert_eq!(lines.join(" "), "a long scenario name that wraps");
        for l in &lines {
            assert!(f.width(l, 10.0) <= 60.0, "{l}");
        }
        let long = "x".repeat(100);
        let lines = wrap(f, &long, 10.0, 50.0);
        assert!(lines.len() > 5, "{lines:?}");
        assert_eq!(lines.concat(), long);
        assert_eq!(wrap(f, "", 10.0, 50.0), vec![String::new()]);
    }
}
