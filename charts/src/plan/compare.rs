//! The compare page's chart: each compared scenario's monthly cost against volume on one
//! pair of log axes (the cost of the option it would pick at each volume), its own volume
//! marked on its line, and the volumes where the cheapest changes.

use plotters::prelude::*;
use tco::compare::{Comparison, MAX_LISTED_CHANGES};

use super::extent;
use super::frame::{draw_lines, frame, legend_at, render, Axes, Series, SIZE};
use super::labels::Marks;
use crate::style::{short, BLUE, GREEN, GREY, ORANGE, PURPLE};
use crate::svg::no_data;

/// One colour per scenario, in the order compared (the page's columns use the same).
const COLOURS: [RGBColor; 4] = [BLUE, ORANGE, GREEN, PURPLE];
/// Legend labels shorter than this many characters are never cut.
const MIN_LABEL: usize = 8;

/// `name` cut to `max` characters with an ellipsis, so four legend entries fit one row.
fn cut(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        return name.to_string();
    }
    let kept: String = name.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// The scenarios' cost curves (`Comparison::curves`) on log axes, each scenario's volume a
/// dot on its line (`data-marker="volume"`), and each change of the cheapest a vertical
/// line (`data-marker="change"`) when there are few enough to read.
pub fn compare_costs(c: &Comparison) -> String {
    const NAME: &str = "compare-costs";
    const TITLE: &str = "Monthly cost of each scenario against volume";
    let positive = |v: f64| v.is_finite() && v > 0.0;
    // Only points a log axis can show set the axes.
    let points = || {
        c.curves
            .iter()
            .flat_map(|curve| curve.points.iter())
            .filter(|p| positive(p.0) && positive(p.1))
    };
    let (Some((x_lo, x_hi)), Some((y_lo, y_hi))) =
        (extent(points().map(|p| p.0)), extent(points().map(|p| p.1)))
    else {
        return no_data(Some(NAME), SIZE, "No costs to compare against volume");
    };
    let axes = Axes::cost_against_volume((x_lo, x_hi), (y_lo, y_hi));
    // The legend row: 22 px of swatch and 16 px of gap per entry, ~7 px a character.
    let room = f64::from(SIZE.0) - f64::from(axes.y_area) - 20.0;
    let per = room / c.curves.len().max(1) as f64;
    let max_chars = (((per - 38.0) / 7.0).floor().max(0.0) as usize).max(MIN_LABEL);
    let series: Vec<Series> = c
        .curves
        .iter()
        .zip(COLOURS.iter().cycle())
        .map(|(curve, colour)| {
            Series::new(
                &cut(&curve.name, max_chars),
                *colour,
                curve.points.clone(),
                (&axes.x, &axes.y),
            )
        })
        .collect();
    let changes: Vec<f64> = c
        .stretches
        .iter()
        .skip(1)
        .map(|s| s.from)
        .filter(|v| positive(*v))
        .collect();
    render(NAME, TITLE, |root, overlay| {
        let (mut chart, plot) = frame(root, &axes)?;
        draw_lines(&mut chart, &series, false)?;
        let (x, y) = legend_at(&plot);
        overlay.legend(x, y, &series.iter().map(Series::legend).collect::<Vec<_>>());
        // Labels placed like the planner's: clear of each other and of the cost lines.
        let mut marks = Marks::new(&plot);
        for s in &series {
            marks.avoid(&s.points);
        }
        if changes.len() <= MAX_LISTED_CHANGES {
            for at in &changes {
                let label = format!("cheapest changes at {}", short(*at));
                marks.vline("change", *at, GREY, &label, false);
            }
        }
        for ((curve, s), colour) in c.curves.iter().zip(&series).zip(COLOURS.iter().cycle()) {
            let own = curve.requests_per_month;
            if let Some(&(r, usd)) = s.points.iter().find(|p| p.0 == own) {
                marks.dot("volume", (r, usd), *colour, "");
            }
        }
        marks.draw(overlay);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tco::compare::{CostCurve, Stretch};

    fn comparison(curves: Vec<CostCurve>, stretches: Vec<Stretch>) -> Comparison {
        Comparison {
            names: curves.iter().map(|c| c.name.clone()).collect(),
            evidence: vec![None; curves.len()],
            standings: Vec::new(),
            range: (1e4, 1e7),
            stretches,
            curves,
            sentence: String::new(),
        }
    }

    fn curve(name: &str, own: f64, points: Vec<(f64, f64)>) -> CostCurve {
        CostCurve {
            name: name.to_string(),
            requests_per_month: own,
            points,
        }
    }

    fn markers(svg: &str) -> Vec<String> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        assert_eq!(
            doc.root_element().attribute("data-chart"),
            Some("compare-costs")
        );
        for bad in ["NaN", "inf", "#010203"] {
            assert!(!svg.contains(bad), "{bad} in {svg}");
        }
        doc.descendants()
            .filter_map(|n| n.attribute("data-marker"))
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn every_scenario_is_a_line_with_its_volume_and_the_change_marked() {
        // A(R) = 0.001·R against a flat $584: they cross at 584,000.
        let a = curve(
            "API at a tenth of a cent",
            1e5,
            vec![(1e4, 10.0), (1e5, 100.0), (1e7, 1e4)],
        );
        let b = curve(
            "one GPU",
            1e6,
            vec![(1e4, 584.0), (1e6, 584.0), (1e7, 584.0)],
        );
        let change = vec![
            Stretch {
                from: 1e4,
                to: 584_000.0,
                cheapest: vec![0],
            },
            Stretch {
                from: 584_000.0,
                to: 1e7,
                cheapest: vec![1],
            },
        ];
        let svg = compare_costs(&comparison(vec![a, b], change));
        assert_eq!(markers(&svg), ["change", "volume", "volume"]);
        for words in [
            "API at a tenth of a cent",
            "one GPU",
            "cheapest changes at 584k",
            "requests/month (log)",
            "USD/month (log)",
        ] {
            assert!(svg.contains(words), "lacks {words}");
        }
        // One line per scenario, in its colour.
        for colour in ["#3B82F6", "#E8871E"] {
            assert!(
                svg.contains(&format!(
                    r#"<polyline fill="none" opacity="1" stroke="{colour}""#
                )),
                "{colour}"
            );
        }
    }

    #[test]
    fn nothing_finite_draws_the_no_data_frame_and_long_names_are_cut() {
        let bad = curve(
            "x",
            f64::NAN,
            vec![(f64::NAN, 1.0), (1e5, f64::INFINITY), (0.0, 5.0)],
        );
        let svg = compare_costs(&comparison(vec![bad], Vec::new()));
        assert!(svg.contains("No costs to compare against volume"), "{svg}");
        assert!(markers(&svg).is_empty());
        let long = "a scenario with a very long name indeed, longer than a legend";
        let four = (0..4)
            .map(|i| curve(long, 1e4, vec![(1e4, 1.0 + f64::from(i)), (1e6, 100.0)]))
            .collect();
        let svg = compare_costs(&comparison(four, Vec::new()));
        assert!(!svg.contains(long));
        assert_eq!(svg.matches('…').count(), 4);
        assert_eq!(markers(&svg), ["volume"; 4]);
    }
}
