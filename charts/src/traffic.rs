//! The traffic page's charts (issue 17): the fleet replayed hour by hour over a trace's
//! real period, and the trace's weekly shape. Both take plain slices, so `charts` does not
//! depend on the `traffic` crate.
//!
//! A long trace is drawn in at most [`MAX_STEPS`] steps: a year of hours would otherwise
//! write 17,520 points per line. Past that, each step is the busiest of `k` consecutive
//! hours (k = 2, 3, 4, 6, 12, 24 — a day — or a whole number of days), and the chart says
//! so in its caption and accessible title.

use plotters::prelude::*;

use crate::plan::frame::{draw_lines, frame, legend_at, render, Axes, Series, SIZE};
use crate::plan::labels::Marks;
use crate::plan::week::{day_of_week_hour, week_hours};
use crate::style::{short, Scale, BLUE, FOREGROUND, GREY, ORANGE};
use crate::svg::no_data;

/// The most steps a line of the replay chart is drawn with (each step two points).
pub const MAX_STEPS: usize = 750;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Hours aggregated into one step for a span of `hours`: 1 while it fits in
/// [`MAX_STEPS`], else the smallest of 2, 3, 4, 6, 12, 24 hours or a whole number of days
/// that does.
pub fn hours_per_step(hours: usize) -> usize {
    if hours <= MAX_STEPS {
        return 1;
    }
    for k in [2, 3, 4, 6, 12, 24] {
        if hours.div_ceil(k) <= MAX_STEPS {
            return k;
        }
    }
    24 * hours.div_ceil(24 * MAX_STEPS)
}

/// The largest finite value of each run of `k` values (0 where none is finite).
fn busiest(values: &[f64], k: usize) -> Vec<f64> {
    values
        .chunks(k.max(1))
        .map(|c| {
            c.iter()
                .copied()
                .filter(|v| v.is_finite())
                .fold(0.0, f64::max)
        })
        .collect()
}

/// Step-line points: value i held from x = i·k to (i+1)·k, clipped to `end`.
fn steps(values: &[f64], k: usize, end: f64) -> Vec<(f64, f64)> {
    let k = k as f64;
    values
        .iter()
        .enumerate()
        .flat_map(|(i, v)| {
            let x = i as f64 * k;
            [(x, *v), (((i + 1) as f64 * k).min(end), *v)]
        })
        .collect()
}

/// "Nov 2" for Unix seconds, UTC, and the ISO date.
fn date_parts(unix: i64) -> (String, String) {
    let days = unix.div_euclid(86_400);
    let (_, month, day) = tco::format::civil(days);
    let month = MONTHS.get(month as usize - 1).copied().unwrap_or("");
    (format!("{month} {day}"), tco::format::civil_date(days))
}

/// Ticks (hours since `start_unix`) on UTC midnights (or every 6 or 12 hours for a short
/// span), at most six of them.
fn date_ticks(start_unix: i64, hours: f64) -> (Vec<f64>, f64) {
    const STEPS: [f64; 13] = [
        6.0, 12.0, 24.0, 48.0, 168.0, 336.0, 672.0, 1344.0, 2184.0, 4368.0, 8736.0, 17472.0,
        43680.0,
    ];
    let step = STEPS
        .into_iter()
        .find(|s| hours / s <= 6.0)
        .unwrap_or(hours.max(1.0));
    // The first tick on a multiple of the step from a UTC midnight (6-hour steps: any
    // 6-hour boundary of the day).
    let start_hour = start_unix.div_euclid(3600) as f64;
    let align = step.min(24.0);
    let first = (start_hour / align).ceil() * align - start_hour;
    let mut ticks = Vec::new();
    let mut t = first;
    while t <= hours + 1e-9 && ticks.len() < 64 {
        ticks.push(t);
        t += step;
    }
    (ticks, step)
}

/// The fleet replayed over a trace's real period: instances in each hour as a step line,
/// the reserved base as a dashed line, and the requests served in each hour on the right
/// axis. `start_unix` is the first hour's start (UTC); `instances` and `requests` hold one
/// value per consecutive hour; `reserved` is the base (None when owned: the peak is owned).
/// Past [`MAX_STEPS`] hours each step is the busiest of several hours, and the caption says
/// how many. The busiest hour is marked (`data-marker="peak"`).
pub fn replay_fleet(
    start_unix: i64,
    instances: &[f64],
    requests: &[f64],
    reserved: Option<f64>,
) -> String {
    const NAME: &str = "replay-fleet";
    let hours = instances.len();
    if hours == 0 || !instances.iter().any(|v| v.is_finite()) {
        return no_data(Some(NAME), SIZE, "No hours to replay");
    }
    let k = hours_per_step(hours);
    let end = hours as f64;
    let fleet = busiest(instances, k);
    let served = busiest(requests, k);
    let peak = fleet.iter().copied().fold(0.0, f64::max);
    let top_requests = served.iter().copied().fold(0.0, f64::max);
    let base = reserved.filter(|b| b.is_finite() && *b > 0.0);
    let (_, first_iso) = date_parts(start_unix);
    let (_, last_iso) = date_parts(start_unix.saturating_add(3600 * hours as i64 - 1));
    // What one step stands for, when it stands for more than an hour.
    let per_step = match k {
        1 => None,
        24 => Some("the busiest hour of each day".to_string()),
        k if k.is_multiple_of(24) => Some(format!("the busiest hour of each {} days", k / 24)),
        k => Some(format!("the busiest of each {k} hours")),
    };
    let caption = match &per_step {
        None => format!("Fleet hour by hour, {first_iso} – {last_iso} (UTC)"),
        Some(per) => format!("Fleet, {first_iso} – {last_iso} (UTC): each step {per}"),
    };
    let x_desc = match &per_step {
        None => "date (UTC)".to_string(),
        Some(per) => format!("date (UTC); each step {per}"),
    };
    let (ticks, step) = date_ticks(start_unix, end);
    let mut axes = Axes::new(
        Scale {
            lo: 0.0,
            hi: end,
            log: false,
            ticks,
        },
        Scale::linear(0.0, peak.max(base.unwrap_or(0.0)).max(1.0) * 1.25),
        &x_desc,
        "instances",
    );
    axes.x_grid = true;
    axes.y_fmt = Box::new(|v| short(*v));
    axes.x_fmt = Box::new(move |v| {
        let unix = start_unix.saturating_add((v * 3600.0).round() as i64);
        let (day, _) = date_parts(unix);
        if step < 24.0 && unix.rem_euclid(86_400) != 0 {
            format!("{:02}:00", unix.rem_euclid(86_400) / 3600)
        } else {
            day
        }
    });
    let requests_scale = Scale::linear(0.0, top_requests.max(1.0) * 1.15);
    axes.right = Some((
        requests_scale.clone(),
        "requests/hour".to_string(),
        Box::new(|v| short(*v)),
    ));
    let fleet_line = Series::new("instances", BLUE, steps(&fleet, k, end), (&axes.x, &axes.y));
    let traffic = Series::new(
        "requests/hour (right)",
        GREY,
        steps(&served, k, end),
        (&axes.x, &requests_scale),
    );
    let reserved_line = base.map(|b| {
        let mut s = Series::new(
            &format!("reserved base {}", short(b)),
            ORANGE,
            vec![(0.0, b), (end, b)],
            (&axes.x, &axes.y),
        );
        s.dashed = true;
        s
    });
    let peak_at = fleet
        .iter()
        .position(|v| *v == peak)
        .map(|i| ((i as f64 + 0.5) * k as f64).min(end));
    render(NAME, &caption, |root, overlay| {
        let (mut chart, plot) = frame(root, &axes)?;
        draw_lines(&mut chart, std::slice::from_ref(&traffic), true)?;
        let mut left = vec![fleet_line];
        left.extend(reserved_line);
        draw_lines(&mut chart, &left, false)?;
        let (x, y) = legend_at(&plot);
        let mut legend: Vec<(&str, RGBColor, bool)> = left.iter().map(Series::legend).collect();
        legend.push(traffic.legend());
        overlay.legend(x, y, &legend);
        let mut marks = Marks::new(&plot);
        for s in &left {
            marks.avoid(&s.points);
        }
        let right_px = |(x, y): &(f64, f64)| {
            (
                plot.px(*x),
                plot.bottom + requests_scale.fraction(*y) * (plot.top - plot.bottom),
            )
        };
        marks.avoid_px(traffic.points.iter().map(right_px).collect());
        if let Some(x) = peak_at.filter(|_| peak > 0.0) {
            marks.dot(
                "peak",
                (x, peak),
                FOREGROUND,
                &format!(
                    "peak {} {}",
                    short(peak),
                    if peak == 1.0 { "instance" } else { "instances" }
                ),
            );
        }
        marks.draw(overlay);
        Ok(())
    })
}

/// The trace's weekly shape: 168 bars, one per hour of the week from Monday 00:00 in the
/// trace's zone (`zone`, as "UTC+02:00"), each the mean requests in that hour over the
/// `weeks` covered. Anything but 168 values draws a frame that says so.
pub fn weekly_shape(shape: &[f64], zone: &str, weeks: f64) -> String {
    const NAME: &str = "weekly-shape";
    if shape.len() != 168 {
        return no_data(
            Some(NAME),
            SIZE,
            "No weekly shape: the trace covers less than a week",
        );
    }
    let top = shape
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let title = if weeks.is_finite() && weeks > 0.0 {
        format!("Weekly shape, mean of {weeks:.1} weeks")
    } else {
        "Weekly shape".to_string()
    };
    let mut axes = Axes::new(
        week_hours(),
        Scale::linear(0.0, top.max(1e-9) * 1.15),
        &format!("hour of the week ({zone})"),
        "requests/hour",
    );
    axes.x_fmt = Box::new(day_of_week_hour);
    axes.y_fmt = Box::new(|v| short(*v));
    axes.x_grid = false;
    render(NAME, &title, |root, _overlay| {
        let (mut chart, _plot) = frame(root, &axes)?;
        for (j, v) in shape.iter().enumerate() {
            if v.is_finite() && *v > 0.0 {
                let x = j as f64;
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x, 0.0), (x + 1.0, *v)],
                    BLUE.filled(),
                )))?;
            }
        }
        // Day boundaries, faint, so a reader finds midnight.
        for d in 1..7 {
            let x = f64::from(d) * 24.0;
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(x, 0.0), (x, axes.y.hi)],
                FOREGROUND.mix(0.2),
            )))?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_spans_are_drawn_in_at_most_max_steps() {
        assert_eq!(hours_per_step(48), 1);
        assert_eq!(hours_per_step(750), 1);
        assert_eq!(hours_per_step(751), 2);
        assert_eq!(hours_per_step(2_000), 3);
        assert_eq!(hours_per_step(8_760), 12);
        assert_eq!(hours_per_step(20_000), 48);
        for hours in [751_usize, 1_500, 8_760, 17_520, 100_000, 1_000_000] {
            assert!(
                hours.div_ceil(hours_per_step(hours)) <= MAX_STEPS,
                "{hours}"
            );
        }
    }

    #[test]
    fn a_step_is_the_busiest_hour_of_its_run() {
        assert_eq!(busiest(&[1.0, 3.0, 2.0, f64::NAN, 0.0], 2), [3.0, 2.0, 0.0]);
        assert_eq!(
            steps(&[1.0, 2.0], 3, 5.0),
            [(0.0, 1.0), (3.0, 1.0), (3.0, 2.0), (5.0, 2.0)]
        );
    }

    #[test]
    fn dates_read_as_month_and_day() {
        // 2026-11-02 00:00 UTC.
        let (short, iso) = date_parts(1_793_577_600);
        assert_eq!((short.as_str(), iso.as_str()), ("Nov 2", "2026-11-02"));
        let (ticks, step) = date_ticks(1_793_577_600 + 5 * 3600, 48.0);
        assert_eq!(step, 12.0);
        assert_eq!(ticks, [7.0, 19.0, 31.0, 43.0]);
    }
}

#[cfg(test)]
mod svg_tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    /// Monday 2026-11-02 00:00 UTC.
    const MONDAY: i64 = 1_793_577_600;

    /// Parses the chart, checks what every chart must be, and returns the document's text.
    fn check(svg: &str, name: &str, words: &[&str]) {
        let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}"));
        assert_eq!(doc.root_element().attribute("data-chart"), Some(name));
        for bad in ["NaN", "inf", "#010203"] {
            assert!(!svg.contains(bad), "contains {bad}");
        }
        for word in words {
            assert!(svg.contains(word), "lacks {word}");
        }
    }

    /// The points of every polyline drawn in `color` (plotters writes a line series as one).
    fn lines(svg: &str, color: &str) -> Vec<Vec<(f64, f64)>> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        doc.descendants()
            .filter(|n| n.tag_name().name() == "polyline")
            .filter(|n| {
                n.attribute("stroke")
                    .is_some_and(|s| s.eq_ignore_ascii_case(color))
            })
            .map(|n| {
                n.attribute("points")
                    .unwrap_or("")
                    .split_whitespace()
                    .map(|p| {
                        let (x, y) = p.split_once(',').unwrap();
                        (x.parse().unwrap(), y.parse().unwrap())
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_replay_chart_steps_through_every_hour() {
        let instances = [1.0, 0.0, 2.0, 3.0, 1.0, 1.0];
        let requests = [2.0, 0.0, 7.0, 13.0, 4.0, 1.0];
        let svg = replay_fleet(MONDAY, &instances, &requests, Some(1.0));
        check(
            &svg,
            "replay-fleet",
            &[
                "instances",
                "requests/hour",
                "reserved base 1",
                "peak 3 instances",
                "Fleet hour by hour, 2026-11-02 – 2026-11-02 (UTC)",
                "date (UTC)",
            ],
        );
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let markers: Vec<&str> = doc
            .descendants()
            .filter_map(|n| n.attribute("data-marker"))
            .collect();
        assert_eq!(markers, ["peak"]);
        // The instances: two points a step, six steps; their heights in pixels follow the
        // values (0 lowest, 3 highest).
        let fleet = lines(&svg, "#3B82F6");
        assert_eq!(fleet.len(), 1);
        let points = &fleet[0];
        assert_eq!(points.len(), 12);
        let y = |h: usize| points[2 * h].1;
        assert!(y(1) > y(0) && y(0) > y(2) && y(2) > y(3), "{points:?}");
        assert_eq!(y(0), y(4));
        // Each step is flat and the next starts where it ends.
        for h in 0..6 {
            assert_eq!(points[2 * h].1, points[2 * h + 1].1);
        }
        for h in 0..5 {
            assert_eq!(points[2 * h + 1].0, points[2 * h + 2].0);
        }
        // The reserved base is a line across the plot; the requests another line.
        assert_eq!(lines(&svg, "#8B949E").len(), 1);
    }

    #[test]
    fn a_year_of_hours_is_drawn_in_at_most_max_steps_and_says_so() {
        let hours = 8_760;
        let instances: Vec<f64> = (0..hours).map(|h| f64::from((h * 7) % 5)).collect();
        let requests: Vec<f64> = instances.iter().map(|i| i * 40.0).collect();
        let svg = replay_fleet(MONDAY, &instances, &requests, None);
        check(
            &svg,
            "replay-fleet",
            &[
                "each step the busiest of each 12 hours",
                "2026-11-02 – 2027-11-01",
            ],
        );
        let fleet = lines(&svg, "#3B82F6");
        assert_eq!(fleet[0].len(), 2 * 730);
        assert!(svg.len() < 200_000, "{} bytes", svg.len());
        // Three years: a step per 48 hours.
        let long: Vec<f64> = (0..3 * 8_760).map(|h| f64::from(h % 3)).collect();
        let svg = replay_fleet(MONDAY, &long, &long, Some(1.0));
        check(&svg, "replay-fleet", &["the busiest hour of each 2 days"]);
        assert!(lines(&svg, "#3B82F6")[0].len() <= 2 * MAX_STEPS);
    }

    #[test]
    fn nothing_to_replay_says_so_and_bad_values_stay_out() {
        let svg = replay_fleet(MONDAY, &[], &[], None);
        check(&svg, "replay-fleet", &["No hours to replay"]);
        let svg = replay_fleet(
            MONDAY,
            &[f64::NAN, 2.0, f64::INFINITY],
            &[1.0, f64::NAN],
            None,
        );
        check(&svg, "replay-fleet", &["instances"]);
        let svg = weekly_shape(&[1.0; 24], "UTC", 1.0);
        check(&svg, "weekly-shape", &["less than a week"]);
    }

    #[test]
    fn the_weekly_shape_has_a_bar_per_busy_hour_and_day_labels() {
        let mut shape = [0.0; 168];
        for (j, v) in shape.iter_mut().enumerate() {
            // Weekdays 09:00–17:00 only.
            if j / 24 < 5 && (9..17).contains(&(j % 24)) {
                *v = 10.0 + (j % 24) as f64;
            }
        }
        shape[0] = f64::NAN;
        let svg = weekly_shape(&shape, "UTC+02:00", 4.0);
        check(
            &svg,
            "weekly-shape",
            &[
                "Mon",
                "Sun",
                "hour of the week (UTC+02:00)",
                "requests/hour",
                "Weekly shape, mean of 4.0 weeks",
            ],
        );
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let bars = doc
            .descendants()
            .filter(|n| n.tag_name().name() == "rect")
            .filter(|n| {
                n.attribute("fill")
                    .is_some_and(|f| f.eq_ignore_ascii_case("#3B82F6"))
            })
            .count();
        assert_eq!(bars, 5 * 8);
    }
}
