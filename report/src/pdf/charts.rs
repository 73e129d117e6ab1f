//! The planner's charts (`charts::plan`, the code the browser draws with) as vector
//! graphics: parsed by usvg with the shipped DejaVu fonts only, drawn by krilla-svg with
//! their text embedded as real, selectable text.

use std::sync::{Arc, OnceLock};

use usvg::fontdb::Database;

use super::text::{BOLD, REGULAR};

/// The one family the charts are set in. The charts ask for `sans-serif`; the database
/// maps that (and every other generic family) to DejaVu Sans.
const FAMILY: &str = "DejaVu Sans";

/// The text colour the charts' `currentColor` takes on the report's white page.
const INK: &str = "#1f2328";

/// A font database holding only the shipped faces: nothing is loaded from the system
/// (`load_system_fonts` is never called), so a chart looks the same on every machine.
fn fontdb() -> Arc<Database> {
    static DB: OnceLock<Arc<Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = Database::new();
        db.load_font_data(REGULAR.to_vec());
        db.load_font_data(BOLD.to_vec());
        db.set_sans_serif_family(FAMILY);
        db.set_serif_family(FAMILY);
        db.set_monospace_family(FAMILY);
        db.set_cursive_family(FAMILY);
        db.set_fantasy_family(FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// Parses one chart. `None` only if the chart code wrote SVG usvg cannot read, which its
/// own tests (every chart parses as XML) rule out; the caller then says so in words.
pub(crate) fn parse(svg: &str) -> Option<usvg::Tree> {
    // usvg resolves `currentColor` from a `color` property; the root gets the page's ink.
    let svg = svg.replacen("<svg", &format!(r#"<svg color="{INK}""#), 1);
    let options = usvg::Options {
        font_family: FAMILY.to_string(),
        fontdb: fontdb(),
        // The charts reference no images; refuse any rather than read a file or decode.
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(&svg, &options).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_holds_only_the_shipped_faces() {
        let db = fontdb();
        let families: Vec<String> = db
            .faces()
            .flat_map(|f| f.families.iter().map(|(n, _)| n.clone()))
            .collect();
        assert_eq!(db.len(), 2, "{families:?}");
        assert!(families.iter().all(|f| f == FAMILY), "{families:?}");
    }

    #[test]
    fn chart_text_is_set_in_dejavu_and_current_color_is_ink() {
        let svg = r#"<svg width="100" height="50" viewBox="0 0 100 50" xmlns="http://www.w3.org/2000/svg"><text x="5" y="20" fill="currentColor" font-family="sans-serif" font-size="12">month 4</text></svg>"#;
        let tree = parse(svg).expect("parses");
        let mut texts = Vec::new();
        collect(tree.root(), &mut texts);
        assert_eq!(texts.len(), 1);
        let span = &texts[0].chunks()[0].spans()[0];
        assert_eq!(span.font().families()[0].to_string(), "sans-serif");
        let Some(usvg::Paint::Color(c)) = span.fill().map(|f| f.paint().clone()) else {
            panic!("text has no solid fill");
        };
        assert_eq!((c.red, c.green, c.blue), (0x1f, 0x23, 0x28));
        // Laid out with a real face: the glyphs exist (a missing font lays out nothing).
        assert!(!texts[0].layouted().is_empty());
    }

    fn collect(g: &usvg::Group, out: &mut Vec<usvg::Text>) {
        for node in g.children() {
            match node {
                usvg::Node::Group(g) => collect(g, out),
                usvg::Node::Text(t) => out.push((**t).clone()),
                _ => {}
            }
        }
    }
}
