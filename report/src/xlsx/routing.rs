//! The Routing curve sheet: the hybrid's month-1 cost at SLM shares 0, 0.01, …, 1 (101
//! points) as `tco::plan::routing_curve` computes it, with the hybrid quality and whether
//! each share meets the minimum quality. Costs are formulas over the Inputs sheet; the SLM
//! fleet at each share is v1's one block in formulas without a load shape, and with one the
//! engine's value (each share needs its own 168-hour schedule), as its header says. A
//! measured cascade curve's rows are its thresholds, each priced at its own escalation rate
//! (`Pricing::hybrid_usd_at`), with the curve's quality and lower 95 % bound (the engine's
//! values) and "meets" a formula of that bound and the Inputs sheet's minimum quality.

use rust_xlsxwriter::utility::column_number_to_name;
use rust_xlsxwriter::{Formula, Worksheet, XlsxError};
use tco::cost::{HybridCost, Pricing};
use tco::scenario::{FleetGpu, SlmServing};

use super::cells::{self, Ctx, Kind};
use super::flat::FlatFleet;

pub(crate) const HEADER_ROW: u32 = 3;

/// Writes the sheet; returns its name, the 1-based rows of the first and last points, and
/// the column letters of the cost-if-it-meets-the-minimum and share columns.
pub(crate) fn sheet(ctx: &Ctx) -> Result<(Worksheet, String, Curve), XlsxError> {
    let s = ctx.scenario();
    let r = ctx.result();
    let n = |k: &str| ctx.n(k);
    let name = ctx.sheet("Routing curve");
    let mut ws = Worksheet::new();
    ws.set_name(&name)?;
    cells::text(
        &mut ws,
        0,
        0,
        "Routing curve: hybrid monthly cost by SLM share (month 1)",
        Some(&cells::title()),
    )?;
    let note = match &s.routing.measured {
        Some(m) => format!(
            "A cascade curve {}: each row is a measured threshold at its own escalation rate. Costs are formulas over the Inputs sheet; the quality and its lower 95 % bound are the curve's (the engine's values), and a threshold meets the minimum quality when that bound is at least the minimum (less 1e-12).",
            m.label
        ),
        None => "Costs are formulas over the Inputs sheet; a share meets the minimum quality when its quality is at least the minimum (less 1e-12).".to_string(),
    };
    cells::text(&mut ws, 1, 0, &note, Some(&cells::note()))?;
    let fleet = match &s.slm.serving {
        SlmServing::SelfHosted(f) => Some(f),
        SlmServing::Api(_) => None,
    };
    let week = s.load_shape.is_some();
    // A measured cascade curve (tco §9) is priced at each point's own escalation rate.
    let measured = s.routing.measured.is_some();
    let mut headers = vec!["SLM share", "SLM requests", "LLM requests"];
    if measured {
        headers.insert(1, "Escalation rate (measured)");
    }
    match (fleet, week) {
        (Some(_), false) => headers.extend([
            "SLM replicas needed (before rounding up)",
            "SLM replicas",
            "SLM instances",
            "SLM reserved instances",
            "SLM GPU bill",
        ]),
        (Some(_), true) => headers
            .push("SLM cost: the engine's value (each share needs its own 168-hour schedule)"),
        (None, _) => {}
    }
    headers.extend([
        "SLM cost",
        "LLM cost",
        "Router fees",
        "Hybrid monthly cost",
        "Quality",
        "Meets the minimum quality",
        "Cost if it meets the minimum",
    ]);
    if measured {
        let at = headers.len() - 2;
        headers.insert(at, LOWER_95);
    }
    let wrap = cells::bold().set_text_wrap();
    for (c, h) in headers.iter().enumerate() {
        cells::text(&mut ws, HEADER_ROW, c as u16, h, Some(&wrap))?;
        ws.set_column_width(c as u16, 15)?;
    }
    ws.set_row_height(HEADER_ROW, 60)?;
    let col = |h: &str| headers.iter().position(|x| *x == h).unwrap_or(0) as u16;
    let letter = |h: &str| column_number_to_name(col(h));
    let (req, e, rho, a_llm) = (
        n("requests_per_month"),
        n("escalation_rate"),
        n("router_usd_per_request"),
        n("api_usd_per_request"),
    );
    let w = &s.workload;
    let quality = s.routing.slm_quality.is_some() && s.routing.llm_quality.is_some();
    let flat = FlatFleet {
        ctx,
        rented: fleet.is_some_and(|f| matches!(f.gpu, FleetGpu::Rented { .. })),
    };
    let pricing = Pricing::new(s);
    let first = HEADER_ROW + 2;
    for (i, p) in r.routing_curve.iter().enumerate() {
        let z = HEADER_ROW + 1 + i as u32;
        let row = z + 1;
        let a = format!("A{row}");
        let at = |h: &str| format!("{}{row}", letter(h));
        let h = pricing.hybrid(w.requests_per_month, p.slm_share);
        let h = match p.escalation_rate.filter(|_| measured) {
            Some(rate) => at_rate(&pricing, h, w.requests_per_month, p.slm_share, rate),
            None => h,
        };
        let e = match p.escalation_rate.filter(|_| measured) {
            Some(rate) => {
                let c = col("Escalation rate (measured)");
                ws.write_number_with_format(z, c, rate, &Kind::Share.format(false))?;
                at("Escalation rate (measured)")
            }
            None => e.clone(),
        };
        let put = |ws: &mut Worksheet, header: &str, formula: String, v: f64, kind: Kind| {
            cells::num_formula(ws, z, col(header), &formula, v, kind)
        };
        ws.write_number_with_format(z, 0, p.slm_share, &Kind::Share.format(false))?;
        put(
            &mut ws,
            "SLM requests",
            format!("={a}*{req}"),
            h.slm_requests_per_month,
            Kind::Count,
        )?;
        put(
            &mut ws,
            "LLM requests",
            format!("=(1-{a})*{req}+{e}*{}", at("SLM requests")),
            h.llm_requests_per_month,
            Kind::Count,
        )?;
        let bill = h.slm.fleet.as_ref();
        let slm_formula = match (fleet, week) {
            (Some(f), false) => {
                let rate = s
                    .traffic()
                    .slots()
                    .first()
                    .map_or(0.0, |slot| slot.rate_per_monthly_request);
                let t = tco::cost::fleet_model(s, f, 1.0).seconds_per_request;
                let columns = [
                    (
                        "SLM replicas needed (before rounding up)",
                        flat.load(&at("SLM requests")),
                        h.slm_requests_per_month * rate * t / f.target_utilization,
                        Kind::Plain,
                    ),
                    (
                        "SLM replicas",
                        flat.replicas(&at("SLM replicas needed (before rounding up)"), Some(&a)),
                        bill.map_or(0.0, |b| b.peak_replicas),
                        Kind::Count,
                    ),
                    (
                        "SLM instances",
                        flat.instances(&at("SLM replicas")),
                        bill.map_or(0.0, |b| b.peak_instances),
                        Kind::Count,
                    ),
                    (
                        "SLM reserved instances",
                        flat.reserved(&at("SLM instances"), Some(&a)),
                        bill.map_or(0.0, |b| b.reserved_instances),
                        Kind::Count,
                    ),
                    (
                        "SLM GPU bill",
                        flat.gpu_bill(&at("SLM instances"), &at("SLM reserved instances"), None),
                        bill.map_or(0.0, |b| b.breakdown.gpu_usd()),
                        Kind::Usd,
                    ),
                ];
                for (header, formula, v, kind) in columns {
                    put(&mut ws, header, formula, v, kind)?;
                }
                format!(
                    "=IF({a}>0,{}+{}+{},0)",
                    at("SLM GPU bill"),
                    n("ops_usd_per_month"),
                    n("fixed_usd_per_month")
                )
            }
            (Some(_), true) => {
                let header =
                    "SLM cost: the engine's value (each share needs its own 168-hour schedule)";
                cells::number(&mut ws, z, col(header), h.slm.monthly_usd, Kind::Usd)?;
                format!("={}", at(header))
            }
            (None, _) => format!(
                "=IF({a}>0,{}*{},0)",
                at("SLM requests"),
                n("slm_api_usd_per_request")
            ),
        };
        put(
            &mut ws,
            "SLM cost",
            slm_formula,
            h.slm.monthly_usd,
            Kind::Usd,
        )?;
        put(
            &mut ws,
            "LLM cost",
            format!("={}*{a_llm}", at("LLM requests")),
            h.llm_usd_per_month,
            Kind::Usd,
        )?;
        put(
            &mut ws,
            "Router fees",
            format!("=IF(AND({a}>0,OR({a}<1,{e}>0)),{req}*{rho},0)"),
            h.router_usd_per_month,
            Kind::Usd,
        )?;
        put(
            &mut ws,
            "Hybrid monthly cost",
            format!(
                "={}+{}+{}",
                at("SLM cost"),
                at("LLM cost"),
                at("Router fees")
            ),
            p.monthly_usd,
            Kind::Usd,
        )?;
        match (quality, p.quality) {
            // The measured curve's quality is the engine's value, not a formula of the two.
            (true, Some(q)) if measured => {
                cells::number(&mut ws, z, col("Quality"), q, Kind::Share)?;
            }
            (true, Some(q)) => put(
                &mut ws,
                "Quality",
                format!(
                    "={a}*((1-{e})*{qs}+{e}*{ql})+(1-{a})*{ql}",
                    qs = n("slm_quality"),
                    ql = n("llm_quality")
                ),
                q,
                Kind::Share,
            )?,
            _ => cells::text(&mut ws, z, col("Quality"), "not given", None)?,
        }
        if measured {
            match p.quality_lower_95 {
                Some(low) => cells::number(&mut ws, z, col(LOWER_95), low, Kind::Share)?,
                None => cells::text(&mut ws, z, col(LOWER_95), "not given", None)?,
            }
        }
        let meets = col("Meets the minimum quality");
        match s.routing.min_quality {
            // A measured threshold is judged on its lower 95 % bound (tco §9).
            Some(_) if measured && p.quality_lower_95.is_some() => cells::bool_formula(
                &mut ws,
                z,
                meets,
                &format!("={}>={}-1E-12", at(LOWER_95), n("min_quality")),
                p.meets_min_quality,
            )?,
            Some(_) if quality && !measured => cells::bool_formula(
                &mut ws,
                z,
                meets,
                &format!("={}>={}-1E-12", at("Quality"), n("min_quality")),
                p.meets_min_quality,
            )?,
            _ => {
                ws.write_boolean(z, meets, p.meets_min_quality)?;
            }
        }
        let f = Formula::new(format!(
            "=IF({},{},\"—\")",
            at("Meets the minimum quality"),
            at("Hybrid monthly cost")
        ))
        .set_result(if p.meets_min_quality {
            cells::cached(p.monthly_usd)
        } else {
            "—".to_string()
        });
        ws.write_formula_with_format(
            z,
            col("Cost if it meets the minimum"),
            f,
            &Kind::Usd.format(false),
        )?;
    }
    let last = first + r.routing_curve.len() as u32 - 1;
    ws.set_freeze_panes(HEADER_ROW + 1, 1)?;
    Ok((
        ws,
        name,
        Curve {
            first,
            last,
            cost_if_meets: letter("Cost if it meets the minimum"),
        },
    ))
}

/// The measured curve's column of the bound its floor is judged on.
const LOWER_95: &str = "Quality, lower 95 % bound";

/// The hybrid `h`, priced at the scenario's escalation rate, at a measured threshold's rate
/// `e` instead, without copying the scenario: the SLM's part does not depend on e; the LLM's
/// requests and cost, the router fee and the total do (`Pricing::split_at`,
/// `Pricing::hybrid_usd_at`, as the engine prices the curve). Its `quality` is left as
/// priced: the sheet writes the curve's.
fn at_rate(pricing: &Pricing, mut h: HybridCost, requests: f64, share: f64, e: f64) -> HybridCost {
    let (_, llm_requests, router) = pricing.split_at(requests, share, e);
    h.llm_requests_per_month = llm_requests;
    h.llm_usd_per_month = pricing.api_usd(llm_requests, 1);
    h.router_usd_per_month = router;
    h.monthly_usd = pricing.hybrid_usd_at(requests, share, e, 1).0;
    h
}

/// Where the Summary finds the curve's best share.
pub(crate) struct Curve {
    /// 1-based rows of the first and last points.
    pub first: u32,
    pub last: u32,
    /// The column of "Cost if it meets the minimum".
    pub cost_if_meets: String,
}
