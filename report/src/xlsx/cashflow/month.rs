//! The rows of the Monthly cash flow: month 0, then each month's volume, API cost, each
//! option's fleet and cost, owned GPUs' cash, savings, cumulative and discounted savings.

use rust_xlsxwriter::{Worksheet, XlsxError};
use tco::cost::Pricing;
use tco::fleet::FleetCost;

use super::{Layout, Serving};
use crate::xlsx::cells::{self, Ctx, Kind};
use crate::xlsx::flat::FlatFleet;

/// What one option's columns cache in one month: the engine's figures.
#[derive(Default, Clone, Copy)]
struct Side {
    load: f64,
    replicas: f64,
    instances: f64,
    reserved: f64,
    gpu: f64,
    /// Self-hosted: S(R_t); hybrid: its SLM's cost.
    slm: f64,
    owned: f64,
    running: f64,
}

/// One option's month: its SLM at `volume` requests in month `month` (none when
/// `deployed` is false), the load in replicas `load`, and the option's whole cost `option`.
fn side(
    pricing: &Pricing,
    volume: f64,
    month: u32,
    deployed: bool,
    load: f64,
    option: f64,
) -> Side {
    let (slm, fleet): (f64, Option<FleetCost>) = if deployed {
        pricing.slm_usd(volume, month)
    } else {
        (0.0, None)
    };
    let Some(cost) = fleet else {
        return Side {
            slm,
            running: option,
            ..Side::default()
        };
    };
    // The schedule does not move with the price trend: month 1's prices size it.
    let replicas = pricing
        .slm_bill(volume)
        .fleet
        .map_or(0.0, |b| b.peak_replicas);
    let gpus = match &pricing.scenario().slm.serving {
        tco::scenario::SlmServing::SelfHosted(f) => f.gpus_per_instance,
        tco::scenario::SlmServing::Api(_) => 0.0,
    };
    Side {
        load,
        replicas,
        instances: cost.peak_instances,
        reserved: cost.reserved_instances,
        gpu: cost.breakdown.gpu_usd(),
        slm,
        owned: cost.peak_instances * gpus,
        running: option - cost.breakdown.owned_capital_usd,
    }
}

/// Month 0: the one-time cost and, owned, the GPUs bought for month 1.
pub(super) fn month_zero(ws: &mut Worksheet, ctx: &Ctx, layout: &Layout) -> Result<(), XlsxError> {
    let z = layout.month0 - 1;
    let n = |k: &str| ctx.n(k);
    ws.write_number(z, layout.index("month"), 0)?;
    cells::text(
        ws,
        z,
        layout.index("requests"),
        "(one-time cost)",
        Some(&cells::note()),
    )?;
    let roi = &ctx.result().roi;
    let x = ctx.scenario().slm.one_time_usd;
    for (side, r) in [("sh", &roi.self_hosted), ("hy", &roi.hybrid)] {
        let mut formula = format!("=-{}", n("one_time_usd"));
        if layout.owned {
            let capex = format!("{}{}", layout.col(&format!("{side}_capex")), layout.month0);
            cells::num_formula(
                ws,
                z,
                layout.index(&format!("{side}_capex")),
                &format!(
                    "={}{}*{}",
                    layout.col(&format!("{side}_owned")),
                    layout.month0 + 1,
                    n("owned_purchase_usd")
                ),
                r.capex_month0_usd,
                Kind::Usd,
            )?;
            formula.push_str(&format!("-{capex}"));
        }
        for key in ["cum", "disc"] {
            cells::num_formula(
                ws,
                z,
                layout.index(&format!("{side}_{key}")),
                &formula,
                -x - r.capex_month0_usd,
                Kind::Usd,
            )?;
        }
    }
    Ok(())
}

/// Months 1 … T.
pub(super) fn months(ws: &mut Worksheet, ctx: &Ctx, layout: &Layout) -> Result<(), XlsxError> {
    let s = ctx.scenario();
    let n = |k: &str| ctx.n(k);
    let share = s.routing.effective_slm_share();
    let rate = s
        .traffic()
        .slots()
        .first()
        .map_or(0.0, |slot| slot.rate_per_monthly_request);
    let (seconds, utilization) = match &s.slm.serving {
        tco::scenario::SlmServing::SelfHosted(f) => (
            tco::cost::fleet_model(s, f, 1.0).seconds_per_request,
            f.target_utilization,
        ),
        tco::scenario::SlmServing::Api(_) => (0.0, 1.0),
    };
    let pricing = Pricing::new(s);
    let roi = &ctx.result().roi;
    let flat = FlatFleet {
        ctx,
        rented: layout.rented,
    };
    let l = |k: &str| layout.col(k);
    for (i, (sh, hy)) in roi
        .self_hosted
        .months
        .iter()
        .zip(&roi.hybrid.months)
        .enumerate()
    {
        let row = layout.month0 + 1 + i as u32;
        let z = row - 1;
        let t = sh.month;
        let a = format!("{}{row}", l("month"));
        let b = format!("{}{row}", l("requests"));
        let at = |k: &str| format!("{}{row}", l(k));
        ws.write_number(z, layout.index("month"), f64::from(t))?;
        let put = |ws: &mut Worksheet, key: &str, formula: String, v: f64, kind: Kind| {
            cells::num_formula(ws, z, layout.index(key), &formula, v, kind)
        };
        put(
            ws,
            "requests",
            format!(
                "={}*(1+{})^({a}-1)",
                n("requests_per_month"),
                n("monthly_growth")
            ),
            sh.requests,
            Kind::Count,
        )?;
        put(
            ws,
            "api",
            format!(
                "={b}*{}*(1+{})^(({a}-1)/12)",
                n("api_usd_per_request"),
                n("llm_price_change_annual")
            ),
            sh.api_usd,
            Kind::Usd,
        )?;
        let e = s.routing.escalation_rate;
        let slm_requests = share * sh.requests;
        let llm_requests = (1.0 - share) * sh.requests + e * slm_requests;
        let router = if share > 0.0 && (share < 1.0 || e > 0.0) {
            sh.requests * s.routing.router_usd_per_request
        } else {
            0.0
        };
        let values = [
            side(
                &pricing,
                sh.requests,
                t,
                true,
                sh.requests * rate * seconds / utilization,
                sh.option_usd,
            ),
            side(
                &pricing,
                slm_requests,
                t,
                share > 0.0,
                slm_requests * rate * seconds / utilization,
                hy.option_usd,
            ),
        ];
        put(
            ws,
            "hy_slm_req",
            format!("={}*{b}", n("slm_share")),
            slm_requests,
            Kind::Count,
        )?;
        put(
            ws,
            "hy_llm_req",
            format!(
                "=(1-{s})*{b}+{}*{}",
                n("escalation_rate"),
                at("hy_slm_req"),
                s = n("slm_share")
            ),
            llm_requests,
            Kind::Count,
        )?;
        for (k, prefix) in ["sh", "hy"].iter().enumerate() {
            let v = values[k];
            let key = |x: &str| format!("{prefix}_{x}");
            let deployed = (k == 1).then(|| n("slm_share"));
            let volume = if k == 0 { b.clone() } else { at("hy_slm_req") };
            match layout.serving {
                Serving::Flat => {
                    put(ws, &key("needed"), flat.load(&volume), v.load, Kind::Plain)?;
                    put(
                        ws,
                        &key("replicas"),
                        flat.replicas(&at(&key("needed")), deployed.as_deref()),
                        v.replicas,
                        Kind::Count,
                    )?;
                    put(
                        ws,
                        &key("instances"),
                        flat.instances(&at(&key("replicas"))),
                        v.instances,
                        Kind::Count,
                    )?;
                    put(
                        ws,
                        &key("reserved"),
                        flat.reserved(&at(&key("instances")), deployed.as_deref()),
                        v.reserved,
                        Kind::Count,
                    )?;
                    put(
                        ws,
                        &key("gpu"),
                        flat.gpu_bill(&at(&key("instances")), &at(&key("reserved")), Some(&a)),
                        v.gpu,
                        Kind::Usd,
                    )?;
                }
                Serving::Week => {
                    let fleet = |x: &str| n(&format!("fleet_{prefix}_{x}"));
                    let trend = if layout.rented {
                        format!("*(1+{})^(({a}-1)/12)", n("slm_price_change_annual"))
                    } else {
                        String::new()
                    };
                    let later = |month1: String, engine: f64| {
                        if t == 1 {
                            format!("={month1}")
                        } else {
                            format!(
                                "=IF({}=0,{month1},{})",
                                n("monthly_growth"),
                                cells::cached(engine)
                            )
                        }
                    };
                    put(
                        ws,
                        &key("instances"),
                        later(fleet("peak_instances"), v.instances),
                        v.instances,
                        Kind::Count,
                    )?;
                    put(
                        ws,
                        &key("gpu"),
                        later(format!("{}{trend}", fleet("gpu_usd")), v.gpu),
                        v.gpu,
                        Kind::Usd,
                    )?;
                }
                Serving::Hosted => {}
            }
            let people = format!("+{}+{}", n("ops_usd_per_month"), n("fixed_usd_per_month"));
            let trend = format!("*(1+{})^(({a}-1)/12)", n("slm_price_change_annual"));
            let (slm_key, slm_formula) = match (layout.serving, k) {
                (Serving::Hosted, 0) => (
                    "sh_cost",
                    format!("={b}*{}{trend}", n("slm_api_usd_per_request")),
                ),
                (Serving::Hosted, _) => (
                    "hy_slm",
                    format!(
                        "=IF({s}>0,{}*{}{trend},0)",
                        at("hy_slm_req"),
                        n("slm_api_usd_per_request"),
                        s = n("slm_share")
                    ),
                ),
                (_, 0) => ("sh_cost", format!("={}{people}", at("sh_gpu"))),
                (_, _) => (
                    "hy_slm",
                    format!("=IF({s}>0,{}{people},0)", at("hy_gpu"), s = n("slm_share")),
                ),
            };
            put(ws, slm_key, slm_formula, v.slm, Kind::Usd)?;
        }
        put(
            ws,
            "hy_llm",
            format!(
                "={}*{}*(1+{})^(({a}-1)/12)",
                at("hy_llm_req"),
                n("api_usd_per_request"),
                n("llm_price_change_annual")
            ),
            pricing.api_usd(llm_requests, t),
            Kind::Usd,
        )?;
        put(
            ws,
            "hy_router",
            format!(
                "=IF(AND({s}>0,OR({s}<1,{e}>0)),{b}*{},0)",
                n("router_usd_per_request"),
                s = n("slm_share"),
                e = n("escalation_rate")
            ),
            router,
            Kind::Usd,
        )?;
        put(
            ws,
            "hy_cost",
            format!("={}+{}+{}", at("hy_slm"), at("hy_llm"), at("hy_router")),
            hy.option_usd,
            Kind::Usd,
        )?;
        for (k, m) in [sh, hy].into_iter().enumerate() {
            super::cash::columns(
                ws,
                ctx,
                layout,
                row,
                k,
                m,
                values[k].owned,
                values[k].running,
            )?;
        }
    }
    Ok(())
}
