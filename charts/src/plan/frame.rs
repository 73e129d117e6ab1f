//! The frame every planner chart is drawn in: size, margins, axes with their units, the
//! legend row above the plot, and the step from plotters' SVG to the page's.

use plotters::chart::DualCoordChartContext;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::style::{money, short, text, Failure, Plot, Scale, FOREGROUND};
use crate::svg::{finish, no_data, Overlay};

/// Readable at laptop width: two charts side by side in a 1280-pixel window; the SVG keeps
/// its viewBox, so a page may scale it.
pub(crate) const SIZE: (u32, u32) = (560, 340);
/// Room above the plot for the legend row and marker labels.
const TOP: u32 = 34;

pub(crate) type Format = Box<dyn Fn(&f64) -> String>;

/// The axes of a chart: scales, descriptions with units, tick labels.
pub(crate) struct Axes {
    pub x: Scale,
    pub y: Scale,
    pub x_desc: String,
    pub y_desc: String,
    pub x_fmt: Format,
    pub y_fmt: Format,
    /// A right axis (its scale, description and labels).
    pub right: Option<(Scale, String, Format)>,
    /// Width of the left label area (long category names need more).
    pub y_area: u32,
    pub x_grid: bool,
}

impl Axes {
    /// A cost against volume, both logarithmic: the planner's chart and the compare page's
    /// draw the same axes, so a reader moving between them reads them the same way.
    pub(crate) fn cost_against_volume(requests: (f64, f64), usd: (f64, f64)) -> Self {
        let mut axes = Self::new(
            Scale::log(requests.0, requests.1),
            Scale::log(usd.0, usd.1),
            "requests/month (log)",
            "USD/month (log)",
        );
        axes.x_fmt = Box::new(|v| short(*v));
        axes.y_fmt = Box::new(|v| money(*v));
        axes
    }

    pub(crate) fn new(x: Scale, y: Scale, x_desc: &str, y_desc: &str) -> Self {
        Self {
            x,
            y,
            x_desc: x_desc.to_string(),
            y_desc: y_desc.to_string(),
            x_fmt: Box::new(|v| format!("{v}")),
            y_fmt: Box::new(|v| format!("{v}")),
            right: None,
            y_area: 70,
            x_grid: true,
        }
    }
}

pub(crate) type Chart<'a, 'b> = DualCoordChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<Scale, Scale>,
    Cartesian2d<RangedCoordf64, Scale>,
>;

/// Builds the chart and draws its axes; the `Plot` maps values to pixels for markers.
pub(crate) fn frame<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, Shift>,
    axes: &Axes,
) -> Result<(Chart<'a, 'b>, Plot), Failure> {
    let mut builder = ChartBuilder::on(root);
    builder
        .margin(10)
        .margin_top(TOP)
        .x_label_area_size(46)
        .y_label_area_size(axes.y_area);
    if axes.right.is_some() {
        builder.right_y_label_area_size(62);
    } else {
        // Half of the last x tick label lies right of the axis.
        builder.margin_right(26);
    }
    let right = axes
        .right
        .as_ref()
        .map_or(Scale::linear(0.0, 1.0), |r| r.0.clone());
    let mut chart = builder
        .build_cartesian_2d(axes.x.clone(), axes.y.clone())?
        .set_secondary_coord(axes.x.lo..axes.x.hi, right);
    let mut mesh = chart.configure_mesh();
    mesh.x_desc(axes.x_desc.as_str())
        .y_desc(axes.y_desc.as_str())
        .x_label_formatter(&axes.x_fmt)
        .y_label_formatter(&axes.y_fmt)
        .axis_style(FOREGROUND)
        .bold_line_style(FOREGROUND.mix(0.15))
        .light_line_style(FOREGROUND.mix(0.05))
        .label_style(text(15))
        .axis_desc_style(text(15));
    if !axes.x_grid {
        mesh.disable_x_mesh();
    }
    mesh.draw()?;
    if let Some((_, desc, fmt)) = &axes.right {
        chart
            .configure_secondary_axes()
            .y_desc(desc.as_str())
            .y_label_formatter(fmt)
            .axis_style(FOREGROUND)
            .label_style(text(15))
            .axis_desc_style(text(15))
            .draw()?;
    }
    let (left, bottom) = chart.backend_coord(&(axes.x.lo, axes.y.lo));
    let (right, top) = chart.backend_coord(&(axes.x.hi, axes.y.hi));
    let plot = Plot {
        x: axes.x.clone(),
        y: axes.y.clone(),
        left: f64::from(left),
        right: f64::from(right),
        bottom: f64::from(bottom),
        top: f64::from(top),
    };
    Ok((chart, plot))
}

/// A line to draw: its legend label, colour and finite points.
pub(crate) struct Series {
    pub label: String,
    pub color: RGBColor,
    pub points: Vec<(f64, f64)>,
    pub dashed: bool,
}

impl Series {
    /// Keeps the points an axis can show: finite, and > 0 on a log axis.
    pub(crate) fn new(
        label: &str,
        color: RGBColor,
        points: Vec<(f64, f64)>,
        axes: (&Scale, &Scale),
    ) -> Self {
        let shows = |v: f64, s: &Scale| v.is_finite() && (!s.log || v > 0.0);
        Self {
            label: label.to_string(),
            color,
            points: points
                .into_iter()
                .filter(|(x, y)| shows(*x, axes.0) && shows(*y, axes.1))
                .collect(),
            dashed: false,
        }
    }

    pub(crate) fn legend(&self) -> (&str, RGBColor, bool) {
        (&self.label, self.color, self.dashed)
    }
}

/// Draws lines against the left axis (or the right one).
pub(crate) fn draw_lines(chart: &mut Chart, series: &[Series], right: bool) -> Result<(), Failure> {
    for s in series.iter().filter(|s| !s.points.is_empty()) {
        let style = s.color.stroke_width(if s.dashed { 2 } else { 3 });
        let points = s.points.clone();
        match (s.dashed, right) {
            (false, false) => {
                chart.draw_series(LineSeries::new(points, style))?;
            }
            (true, false) => {
                chart.draw_series(DashedLineSeries::new(points, 8, 5, style))?;
            }
            (false, true) => {
                chart.draw_secondary_series(LineSeries::new(points, style))?;
            }
            (true, true) => {
                chart.draw_secondary_series(DashedLineSeries::new(points, 8, 5, style))?;
            }
        }
    }
    Ok(())
}

/// Draws a chart into an SVG string and finishes it, or says it could not.
pub(crate) fn render(
    name: &str,
    title: &str,
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>, &mut Overlay) -> Result<(), Failure>,
) -> String {
    let mut svg = String::new();
    let mut overlay = Overlay::default();
    let drawn = {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        draw(&root, &mut overlay).and_then(|()| root.present().map_err(Failure::from))
    };
    match drawn {
        Ok(()) => finish(&svg, name, title, &overlay),
        Err(_) => no_data(Some(name), SIZE, &format!("{title}: could not be drawn")),
    }
}

/// The legend row's place: above the plot, aligned with its left edge.
pub(crate) fn legend_at(plot: &Plot) -> (f64, f64) {
    (plot.left, f64::from(TOP) / 2.0)
}
