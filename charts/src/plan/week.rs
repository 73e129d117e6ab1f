//! The week chart: the self-hosted fleet in each of the week's 168 hours, reserved,
//! on-demand and spot instances stacked, with the traffic drawn over it.

use plotters::prelude::*;
use tco::scenario::{FleetGpu, SlmServing};
use tco::{PlanResult, Scenario};

use super::frame::{frame, legend_at, render, Axes};
use crate::style::{short, Scale, BLUE, FOREGROUND, ORANGE, TEAL};
use crate::svg::no_data;

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The 168 hours of the week, Monday 00:00 first, ticked at each day's noon (labelled by
/// [`day_of_week_hour`]).
pub(crate) fn week_hours() -> Scale {
    Scale {
        lo: 0.0,
        hi: 168.0,
        log: false,
        ticks: (0..7).map(|d| f64::from(d) * 24.0 + 12.0).collect(),
    }
}

/// The day an hour of the week (Monday 00:00 = 0) falls in, for a week axis's ticks: "Mon"
/// … "Sun", empty outside the week.
pub(crate) fn day_of_week_hour(hour: &f64) -> String {
    let day = (hour / 24.0).floor();
    if (0.0..7.0).contains(&day) {
        DAYS[day as usize].to_string()
    } else {
        String::new()
    }
}

/// Instances per hour over the week for the self-hosted option (Monday 00:00 first):
/// reserved at the bottom, the burst split on demand and spot by `slm.spot_share`, and the
/// week's traffic as a line scaled to the tallest bar. Without a load shape the fleet has
/// one size all week, and the chart says so.
pub fn week(s: &Scenario, r: &PlanResult) -> String {
    const NAME: &str = "week";
    const TITLE: &str = "Fleet over the week";
    let schedule = &r.self_hosted.fleet.schedule;
    let SlmServing::SelfHosted(fleet) = &s.slm.serving else {
        return no_data(Some(NAME), super::frame::SIZE, "A hosted SLM has no fleet");
    };
    if schedule.len() != 168 {
        return no_data(
            Some(NAME),
            super::frame::SIZE,
            "No load shape: the fleet has one size every hour",
        );
    }
    let spot = match fleet.gpu {
        FleetGpu::Rented { spot_share, .. } => spot_share,
        FleetGpu::Owned { .. } => 0.0,
    };
    let top = schedule
        .iter()
        .map(|h| h.instances)
        .fold(0.0, f64::max)
        .max(1.0);
    let traffic = s.traffic();
    let rates: Vec<f64> = traffic
        .slots()
        .iter()
        .map(|slot| slot.rate_per_monthly_request)
        .collect();
    let peak_rate = rates.iter().copied().fold(0.0, f64::max);
    let mut axes = Axes::new(
        week_hours(),
        Scale::linear(0.0, top * 1.2),
        "hour of the week (UTC)",
        "instances",
    );
    axes.x_fmt = Box::new(day_of_week_hour);
    axes.y_fmt = Box::new(|v| short(*v));
    axes.x_grid = false;
    render(NAME, TITLE, |root, overlay| {
        let (mut chart, plot) = frame(root, &axes)?;
        for (j, h) in schedule.iter().enumerate() {
            let x = j as f64;
            let burst = h.burst.max(0.0);
            let layers = [
                (h.reserved.min(h.instances), BLUE),
                (burst * (1.0 - spot), ORANGE),
                (burst * spot, TEAL),
            ];
            let mut base = 0.0;
            for (height, color) in layers.into_iter().filter(|l| l.0 > 0.0) {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x, base), (x + 1.0, base + height)],
                    color.filled(),
                )))?;
                base += height;
            }
        }
        if peak_rate > 0.0 {
            let line = rates
                .iter()
                .enumerate()
                .map(|(j, rate)| (j as f64 + 0.5, rate / peak_rate * top));
            chart.draw_series(LineSeries::new(line, FOREGROUND.stroke_width(1)))?;
        }
        let (x, y) = legend_at(&plot);
        overlay.legend(
            x,
            y,
            &[
                ("reserved", BLUE, false),
                ("on demand", ORANGE, false),
                ("spot", TEAL, false),
                ("traffic (scaled)", FOREGROUND, true),
            ],
        );
        Ok(())
    })
}
