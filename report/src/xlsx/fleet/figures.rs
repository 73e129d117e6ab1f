//! The figures above the Fleet schedule's table: how many requests each fleet serves, its
//! busiest hour, the reserved base (for rented GPUs the cheapest of every candidate, by
//! formula), and the hours it runs and starts; `parts` adds the bill.

use super::{own, parts, table, when_deployed, Block, Col, Geometry};
use crate::xlsx::cells::{Ctx, Kind};

/// A figure's formula for fleet k of the sheet laid out as `Geometry` says; None where the
/// figure does not apply to the fleet and is a plain value.
pub(super) type FigureFormula = dyn Fn(&Ctx, &Geometry, usize) -> Option<String>;

/// One figure above the table: its formula for fleet k (None: a plain value), and the
/// engine's value it caches.
pub(super) struct FleetFigure {
    pub label: &'static str,
    pub key: &'static str,
    pub kind: Kind,
    pub how: &'static str,
    pub formula: Box<FigureFormula>,
    pub value: fn(&Block) -> f64,
}

/// A figure whose formula for fleet k is `formula` (None: the plain value `value`).
pub(super) fn figure(
    label: &'static str,
    key: &'static str,
    kind: Kind,
    how: &'static str,
    formula: impl Fn(&Ctx, &Geometry, usize) -> Option<String> + 'static,
    value: fn(&Block) -> f64,
) -> FleetFigure {
    FleetFigure {
        label,
        key,
        kind,
        how,
        formula: Box::new(formula),
        value,
    }
}

/// Every figure, in the order the sheet lists them.
pub(super) fn figures(week: bool, rented: bool) -> Vec<FleetFigure> {
    let mut out = vec![
        figure(
            "Requests a month",
            "requests",
            Kind::Count,
            "R for all traffic; s·R for the hybrid's SLM",
            |c, _, k| {
                Some(if k == 0 {
                    format!("={}", c.n("requests_per_month"))
                } else {
                    format!("={}*{}", c.n("slm_share"), c.n("requests_per_month"))
                })
            },
            |b| b.volume,
        ),
        figure(
            "Replicas in the busiest hour",
            "peak_replicas",
            Kind::Count,
            "max over the schedule",
            |_, g, k| Some(format!("=MAX({})", g.range(k, Col::Replicas))),
            |b| b.bill.peak_replicas,
        ),
        figure(
            "Instances in the busiest hour",
            "peak_instances",
            Kind::Count,
            "max over the schedule",
            |_, g, k| Some(format!("=MAX({})", g.range(k, Col::Instances))),
            |b| b.bill.peak_instances,
        ),
    ];
    if rented {
        out.extend(rented_base(week));
    } else {
        out.push(figure(
            "Owned instances (the busiest hour's)",
            "reserved",
            Kind::Count,
            "the week's peak instances are bought",
            |c, _, k| Some(format!("={}", own(c, k, "peak_instances"))),
            |b| b.bill.reserved_instances,
        ));
    }
    out.extend(usage(week, rented));
    out.extend(parts::parts(week, rented));
    out
}

/// The GPU bill with nothing reserved, the lowest over every candidate base, the cheapest
/// base, and the base the fleet uses (the typed one, or the cheapest).
fn rented_base(week: bool) -> Vec<FleetFigure> {
    vec![
        figure(
            "GPU bill with nothing reserved",
            "unreserved_usd",
            Kind::Usd,
            "every instance-hour at the burst price, cold starts included",
            move |c, g, k| {
                let i = g.range(k, Col::Instances);
                let mut f = format!(
                    "={gi}*{bp}*{sh}*SUM({i})",
                    gi = c.n("gpus_per_instance"),
                    bp = c.n("burst_usd_per_gpu_hour"),
                    sh = g.slot_hours(c)
                );
                if week {
                    f.push_str(&format!(
                        "+{}*{}*{}/3600*730/168*({})",
                        c.n("gpus_per_instance"),
                        c.n("burst_usd_per_gpu_hour"),
                        c.n("cold_start_s"),
                        table::starts_with_base(g, k, "0")
                    ));
                }
                Some(f)
            },
            |b| b.unreserved_usd,
        ),
        figure(
            "Lowest GPU bill over the bases tried",
            "lowest_usd",
            Kind::Usd,
            "nothing reserved, or any hour's instance count reserved",
            |c, g, k| {
                Some(format!(
                    "=MIN({},{})",
                    own(c, k, "unreserved_usd"),
                    g.range(k, Col::BillIfBase)
                ))
            },
            |b| b.lowest_usd,
        ),
        figure(
            "Cheapest reserved base (instances)",
            "cheapest_base",
            Kind::Count,
            "the smallest base whose bill is within 1e-9 of the lowest",
            |c, g, k| {
                let lowest = own(c, k, "lowest_usd");
                Some(format!(
                    "=IF({}<={lowest}+1E-9*ABS({lowest}),0,MIN({}))",
                    own(c, k, "unreserved_usd"),
                    g.range(k, Col::Candidate)
                ))
            },
            |b| b.cheapest_base,
        ),
        figure(
            "Reserved instances",
            "reserved",
            Kind::Count,
            "the typed base, or the cheapest when “Optimal” (none for a hybrid that deploys no fleet)",
            |c, _, k| {
                let ri = c.n("reserved_instances");
                let base = format!("IF(ISNUMBER({ri}),{ri},{})", own(c, k, "cheapest_base"));
                Some(when_deployed(c, k, base))
            },
            |b| b.bill.reserved_instances,
        ),
    ]
}

/// Replica-hours, GPU-hours and instance starts a month.
fn usage(week: bool, rented: bool) -> Vec<FleetFigure> {
    let mut out = vec![
        figure(
            "Replica-hours a month",
            "replica_hours",
            Kind::Count,
            "Σ replicas × hours a slot lasts",
            |c, g, k| {
                Some(format!(
                    "=SUM({})*{}",
                    g.range(k, Col::Replicas),
                    g.slot_hours(c)
                ))
            },
            |b| b.bill.replica_hours_per_month,
        ),
        figure(
            "GPU-hours billed a month",
            "gpu_hours",
            Kind::Count,
            if rented {
                "(reserved × hours a month + Σ burst × hours a slot lasts) × GPUs per instance"
            } else {
                "Σ instances × hours a slot lasts × GPUs per instance"
            },
            move |c, g, k| {
                let gi = c.n("gpus_per_instance");
                Some(if rented {
                    format!(
                        "=({}*{}+SUM({})*{})*{gi}",
                        own(c, k, "reserved"),
                        g.month_hours(c),
                        g.range(k, Col::Burst),
                        g.slot_hours(c)
                    )
                } else {
                    format!(
                        "=SUM({})*{}*{gi}",
                        g.range(k, Col::Instances),
                        g.slot_hours(c)
                    )
                })
            },
            |b| b.bill.gpu_hours_per_month,
        ),
    ];
    out.push(figure(
        "Instances started a month",
        "starts",
        Kind::Plain,
        "Σ instances started in the week × 730/168 (none without a load shape)",
        move |_, g, k| {
            (week && rented).then(|| format!("=SUM({})*730/168", g.range(k, Col::Starts)))
        },
        |b| b.bill.instance_starts_per_month,
    ));
    out
}
