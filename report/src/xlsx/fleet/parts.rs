//! The month-1 bill of a fleet, part by part (`tco::fleet::Breakdown`): reserved, on-demand,
//! spot and cold starts for rented GPUs, capital and energy for owned ones, then people
//! and the fixed cost. A part that does not apply to the fleet is a plain 0.

use super::figures::{figure, FleetFigure};
use super::{own, when_deployed, Col};
use crate::xlsx::cells::Kind;

pub(super) fn parts(week: bool, rented: bool) -> Vec<FleetFigure> {
    vec![
        figure(
            "Reserved instances' bill",
            "reserved_usd",
            Kind::Usd,
            "b × GPUs per instance × (1−d)·p × hours a month",
            move |c, g, k| {
                rented.then(|| {
                    format!(
                        "={}*{}*{}*{}",
                        own(c, k, "reserved"),
                        c.n("gpus_per_instance"),
                        c.n("reserved_usd_per_gpu_hour"),
                        g.month_hours(c)
                    )
                })
            },
            |b| b.bill.breakdown.reserved_usd,
        ),
        figure(
            "On-demand burst",
            "on_demand_usd",
            Kind::Usd,
            "burst GPU-hours × (1−σ)·p",
            move |c, g, k| {
                rented.then(|| {
                    format!(
                        "=SUM({})*{}*{}*(1-{})*{}",
                        g.range(k, Col::Burst),
                        g.slot_hours(c),
                        c.n("gpus_per_instance"),
                        c.n("spot_share"),
                        c.n("gpu_usd_per_hour")
                    )
                })
            },
            |b| b.bill.breakdown.on_demand_usd,
        ),
        figure(
            "Spot burst",
            "spot_usd",
            Kind::Usd,
            "burst GPU-hours × σ·p_spot·(1+o)",
            move |c, g, k| {
                rented.then(|| {
                    format!(
                        "=SUM({})*{}*{}*{}*{}*(1+{})",
                        g.range(k, Col::Burst),
                        g.slot_hours(c),
                        c.n("gpus_per_instance"),
                        c.n("spot_share"),
                        c.n("spot_usd_per_hour"),
                        c.n("spot_overhead")
                    )
                })
            },
            |b| b.bill.breakdown.spot_usd,
        ),
        figure(
            "Cold starts",
            "cold_start_usd",
            Kind::Usd,
            "instances started × cold-start hours × GPUs per instance × p_burst",
            move |c, _, k| {
                (rented && week).then(|| {
                    format!(
                        "={}*{}/3600*{}*{}",
                        own(c, k, "starts"),
                        c.n("cold_start_s"),
                        c.n("gpus_per_instance"),
                        c.n("burst_usd_per_gpu_hour")
                    )
                })
            },
            |b| b.bill.breakdown.cold_start_usd,
        ),
        figure(
            "Owned GPUs' capital",
            "owned_capital_usd",
            Kind::Usd,
            "owned instances × GPUs per instance × purchase / amortisation months",
            move |c, _, k| {
                (!rented).then(|| {
                    format!(
                        "={}*{}*{}",
                        own(c, k, "reserved"),
                        c.n("gpus_per_instance"),
                        c.n("owned_capital_usd_per_gpu_month")
                    )
                })
            },
            |b| b.bill.breakdown.owned_capital_usd,
        ),
        figure(
            "Owned GPUs' energy",
            "owned_energy_usd",
            Kind::Usd,
            "GPUs serving at their power, owned GPUs idle at the idle power, × PUE × USD/kWh",
            move |c, g, k| {
                (!rented).then(|| {
                    let i = g.range(k, Col::Instances);
                    let sh = g.slot_hours(c);
                    format!(
                        "={}*{}*(SUM({i})*{sh}*{}+({}*ROWS({i})-SUM({i}))*{sh}*{})",
                        c.n("gpus_per_instance"),
                        c.n("owned_usd_per_watt_hour"),
                        c.n("owned_power_watts"),
                        own(c, k, "reserved"),
                        c.n("owned_idle_power_watts")
                    )
                })
            },
            |b| b.bill.breakdown.owned_energy_usd,
        ),
        figure(
            "Operations staff",
            "ops_usd",
            Kind::Usd,
            "FTE × yearly cost / 12",
            |c, _, k| Some(when_deployed(c, k, c.n("ops_usd_per_month"))),
            |b| b.bill.breakdown.ops_usd,
        ),
        figure(
            "Fixed cost",
            "fixed_usd",
            Kind::Usd,
            "F",
            |c, _, k| Some(when_deployed(c, k, c.n("fixed_usd_per_month"))),
            |b| b.bill.breakdown.fixed_usd,
        ),
        figure(
            "GPU bill",
            "gpu_usd",
            Kind::Usd,
            "every part above but people and F",
            |c, _, k| {
                let parts = [
                    "reserved_usd",
                    "on_demand_usd",
                    "spot_usd",
                    "cold_start_usd",
                    "owned_capital_usd",
                    "owned_energy_usd",
                ]
                .map(|p| own(c, k, p));
                Some(format!("={}", parts.join("+")))
            },
            |b| b.bill.breakdown.gpu_usd(),
        ),
        figure(
            "Monthly cost",
            "monthly_usd",
            Kind::Usd,
            "S = GPU bill + operations staff + F",
            |c, _, k| {
                Some(format!(
                    "={}+{}+{}",
                    own(c, k, "gpu_usd"),
                    own(c, k, "ops_usd"),
                    own(c, k, "fixed_usd")
                ))
            },
            |b| b.bill.monthly_usd,
        ),
    ]
}
