//! The break-even volume as the Summary shows it: v1's closed form where it still holds —
//! no load shape, a rented fleet without spot or a fixed reserved base, or owned GPUs, one
//! replica per instance or a replica spanning whole instances — with people and spare
//! replicas in its fixed part. Elsewhere the self-hosted cost is a step function only the
//! engine's exact search handles (docs/cost-model.md §5): the cell holds the engine's
//! value and says so.

use tco::scenario::{Fleet, FleetGpu};

use super::NONE_BREAK_EVEN;
use crate::xlsx::cells::{ceil_tolerant, Ctx, Kind};
use crate::xlsx::figures::{fig, Cached, Figure};

/// Why the closed form does not hold for this fleet, or None where it does.
fn no_closed_form(s: &tco::Scenario, f: &Fleet) -> Option<String> {
    let mut why = Vec::new();
    if s.load_shape.is_some() {
        why.push("a load shape (the fleet follows the week)");
    }
    if f.gpus_per_replica <= f.gpus_per_instance
        && (f.gpus_per_instance / f.gpus_per_replica).floor() > 1.0
    {
        why.push("instances holding several replicas");
    }
    if let FleetGpu::Rented {
        spot_share,
        reserved_instances,
        ..
    } = f.gpu
    {
        if spot_share > 0.0 {
            why.push("a spot share");
        }
        if reserved_instances.is_some_and(|b| b > 0.0) {
            why.push("a fixed reserved base");
        }
    }
    (!why.is_empty()).then(|| why.join(", "))
}

/// The break-even volume: v1's closed form with the fleet's cost per replica, or the
/// engine's value where no closed form holds.
pub(super) fn figures(ctx: &Ctx, f: &Fleet) -> Vec<Figure> {
    let s = ctx.scenario();
    let be = ctx.result().break_even.requests_per_month;
    if let Some(why) = no_closed_form(s, f) {
        return vec![fig(
            "Break-even volume",
            "break_even_requests_per_month",
            String::new(),
            Cached::Opt(be, NONE_BREAK_EVEN),
            Kind::Count,
            &format!(
                "the engine's exact step search (docs/cost-model.md §5), not a formula: with {why} no closed form gives R*"
            ),
        )];
    }
    let n = |k: &str| ctx.n(k);
    let model = tco::cost::fleet_model(s, f, 1.0);
    // One replica's instances at volume 0, with its own optimal base: what each step of
    // the replica staircase adds to the bill.
    let mut one = model;
    one.min_replicas = 1.0;
    one.spare_replicas = 0.0;
    one.ops_usd_per_month = 0.0;
    one.fixed_usd_per_month = 0.0;
    let g = one.bill(&s.traffic(), 0.0).breakdown.gpu_usd();
    let fixed = model.ops_usd_per_month + model.fixed_usd_per_month + f.spare_replicas * g;
    let a = tco::cost::api_usd_per_request(s);
    let t = model.seconds_per_request;
    let rate = s
        .traffic()
        .slots()
        .first()
        .map_or(0.0, |slot| slot.rate_per_monthly_request);
    let cap = f.target_utilization / (rate * t);
    let per_replica = format!(
        "IF({nn}<={gg},1,{nn}/{gg})*{gg}",
        nn = n("gpus_per_replica"),
        gg = n("gpus_per_instance")
    );
    let replica_formula = match f.gpu {
        FleetGpu::Rented { .. } => format!(
            "={per_replica}*IF(AND(NOT(ISNUMBER({ri})),{rp}<{bp}*(1-1E-9)),{rp},{bp})*{h}",
            ri = n("reserved_instances"),
            rp = n("reserved_usd_per_gpu_hour"),
            bp = n("burst_usd_per_gpu_hour"),
            h = n("hours_per_month")
        ),
        FleetGpu::Owned { .. } => format!(
            "={per_replica}*({}+{}*{}*{})",
            n("owned_capital_usd_per_gpu_month"),
            n("owned_usd_per_watt_hour"),
            n("owned_power_watts"),
            n("hours_per_month")
        ),
    };
    let bound = (t > 0.0 && a * cap > g).then(|| (a * cap + fixed) / (a * cap - g));
    let (tn, cn, gn, fx, m, api) = (
        n("gpu_seconds_per_request"),
        n("replica_requests_per_month"),
        n("replica_usd_per_month"),
        n("break_even_fixed_usd"),
        n("min_replicas"),
        n("api_usd_per_request"),
    );
    vec![
        fig(
            "Cost of one replica per month",
            "replica_usd_per_month",
            replica_formula,
            Cached::Num(g),
            Kind::Usd,
            "G = its instances × GPUs × the GPU-hour (reserved when that is cheaper, else on demand; owned: capital + energy) × H",
        ),
        fig(
            "Break-even fixed cost",
            "break_even_fixed_usd",
            format!(
                "={}+{}+{}*{gn}",
                n("fixed_usd_per_month"),
                n("ops_usd_per_month"),
                n("spare_replicas")
            ),
            Cached::Num(fixed),
            Kind::Usd,
            "F' = F + ops + spare·G",
        ),
        fig(
            "Break-even bound B",
            "break_even_bound",
            format!("=IF({tn}<=0,\"n/a\",IF({api}*{cn}<={gn},\"n/a\",({api}*{cn}+{fx})/({api}*{cn}-{gn})))"),
            Cached::Opt(bound, "n/a"),
            Kind::Plain,
            "B = (a·C + F')/(a·C − G); the last losing step is ⌈B⌉ − 1",
        ),
        fig(
            "Break-even volume",
            "break_even_requests_per_month",
            format!(
                "=IF({api}<=0,\"{NONE_BREAK_EVEN}\",IF({tn}<=0,({m}*{gn}+{fx})/{api},IF({api}*{cn}<={gn},\"{NONE_BREAK_EVEN}\",(MAX({m},{}-1)*{gn}+{fx})/{api})))",
                ceil_tolerant(&n("break_even_bound"))
            ),
            Cached::Opt(be, NONE_BREAK_EVEN),
            Kind::Count,
            "R* = (max(m, ⌈B⌉ − 1)·G + F')/a: v1's closed form (docs/cost-model.md §5)",
        ),
    ]
}
