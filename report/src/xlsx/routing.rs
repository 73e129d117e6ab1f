//! The Routing curve sheet: the hybrid's month-1 cost at SLM shares 0, 0.01, …, 1 (101
//! points), each a formula over the Inputs sheet as `tco::plan::routing_curve` computes it,
//! with the hybrid quality and whether each share meets the minimum quality.

use rust_xlsxwriter::{Worksheet, XlsxError};
use tco::cost::{gpu_seconds_per_request, hybrid_cost};
use tco::scenario::SlmServing;

use super::cells::{self, ceil_tolerant, Ctx, Kind};

pub(crate) const HEADER_ROW: u32 = 3;

/// Writes the sheet; returns its name and the 1-based rows of the first and last points.
pub(crate) fn sheet(ctx: &Ctx) -> Result<(Worksheet, String, (u32, u32)), XlsxError> {
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
    cells::text(
        &mut ws,
        1,
        0,
        "Costs are formulas over the Inputs sheet; a share meets the minimum quality when its quality is at least the minimum (less 1e-12).",
        Some(&cells::note()),
    )?;
    let headers = [
        "SLM share",
        "SLM requests",
        "LLM requests",
        "SLM replicas needed (before rounding up)",
        "SLM replicas",
        "SLM cost",
        "LLM cost",
        "Router fees",
        "Hybrid monthly cost",
        "Quality",
        "Meets the minimum quality",
        "Cost if it meets the minimum",
    ];
    let wrap = cells::bold().set_text_wrap();
    for (c, h) in headers.iter().enumerate() {
        cells::text(&mut ws, HEADER_ROW, c as u16, h, Some(&wrap))?;
        ws.set_column_width(c as u16, 15)?;
    }
    ws.set_row_height(HEADER_ROW, 45)?;
    let (req, e, rho, c) = (
        n("requests_per_month"),
        n("escalation_rate"),
        n("router_usd_per_request"),
        n("api_usd_per_request"),
    );
    let w = &s.workload;
    let quality = s.routing.slm_quality.is_some() && s.routing.llm_quality.is_some();
    let first = HEADER_ROW + 2;
    for (i, p) in r.routing_curve.iter().enumerate() {
        let z = HEADER_ROW + 1 + i as u32;
        let row = z + 1;
        let a = format!("A{row}");
        let h = hybrid_cost(s, w.requests_per_month, p.slm_share);
        ws.write_number_with_format(z, 0, p.slm_share, &Kind::Share.format(false))?;
        cells::num_formula(
            &mut ws,
            z,
            1,
            &format!("={a}*{req}"),
            h.slm_requests_per_month,
            Kind::Count,
        )?;
        cells::num_formula(
            &mut ws,
            z,
            2,
            &format!("=(1-{a})*{req}+{e}*B{row}"),
            h.llm_requests_per_month,
            Kind::Count,
        )?;
        match &s.slm.serving {
            SlmServing::SelfHosted(f) => {
                let t = gpu_seconds_per_request(f, w);
                let needed = if p.slm_share > 0.0 && t > 0.0 {
                    h.slm_requests_per_month * w.peak_to_average / (f.hours_per_month * 3600.0) * t
                        / f.target_utilization
                } else {
                    0.0
                };
                let (tn, k, hpm, u, m, g, fx) = (
                    n("gpu_seconds_per_request"),
                    n("peak_to_average"),
                    n("hours_per_month"),
                    n("target_utilization"),
                    n("min_replicas"),
                    n("replica_usd_per_month"),
                    n("fixed_usd_per_month"),
                );
                cells::num_formula(
                    &mut ws,
                    z,
                    3,
                    &format!("=IF(AND({a}>0,{tn}>0),B{row}*{k}/({hpm}*3600)*{tn}/{u},0)"),
                    needed,
                    Kind::Plain,
                )?;
                cells::num_formula(
                    &mut ws,
                    z,
                    4,
                    &format!(
                        "=IF({a}>0,MAX({m},{}),0)",
                        ceil_tolerant(&format!("D{row}"))
                    ),
                    h.slm.fleet.map_or(0.0, |f| f.replicas),
                    Kind::Count,
                )?;
                cells::num_formula(
                    &mut ws,
                    z,
                    5,
                    &format!("=IF({a}>0,E{row}*{g}+{fx},0)"),
                    h.slm.monthly_usd,
                    Kind::Usd,
                )?;
            }
            SlmServing::Api(_) => {
                cells::text(&mut ws, z, 3, "n/a (SLM API)", None)?;
                cells::text(&mut ws, z, 4, "n/a (SLM API)", None)?;
                cells::num_formula(
                    &mut ws,
                    z,
                    5,
                    &format!("=IF({a}>0,B{row}*{},0)", n("slm_api_usd_per_request")),
                    h.slm.monthly_usd,
                    Kind::Usd,
                )?;
            }
        }
        cells::num_formula(
            &mut ws,
            z,
            6,
            &format!("=C{row}*{c}"),
            h.llm_usd_per_month,
            Kind::Usd,
        )?;
        cells::num_formula(
            &mut ws,
            z,
            7,
            &format!("=IF(AND({a}>0,OR({a}<1,{e}>0)),{req}*{rho},0)"),
            h.router_usd_per_month,
            Kind::Usd,
        )?;
        cells::num_formula(
            &mut ws,
            z,
            8,
            &format!("=F{row}+G{row}+H{row}"),
            p.monthly_usd,
            Kind::Usd,
        )?;
        match (quality, p.quality) {
            (true, Some(q)) => cells::num_formula(
                &mut ws,
                z,
                9,
                &format!(
                    "={a}*((1-{e})*{qs}+{e}*{ql})+(1-{a})*{ql}",
                    qs = n("slm_quality"),
                    ql = n("llm_quality")
                ),
                q,
                Kind::Share,
            )?,
            _ => cells::text(&mut ws, z, 9, "not given", None)?,
        }
        match s.routing.min_quality {
            Some(_) if quality => cells::bool_formula(
                &mut ws,
                z,
                10,
                &format!("=J{row}>={}-1E-12", n("min_quality")),
                p.meets_min_quality,
            )?,
            _ => {
                ws.write_boolean(z, 10, p.meets_min_quality)?;
            }
        }
        let f = rust_xlsxwriter::Formula::new(format!("=IF(K{row},I{row},\"—\")")).set_result(
            if p.meets_min_quality {
                cells::cached(p.monthly_usd)
            } else {
                "—".to_string()
            },
        );
        ws.write_formula_with_format(z, 11, f, &Kind::Usd.format(false))?;
    }
    let last = first + r.routing_curve.len() as u32 - 1;
    ws.set_freeze_panes(HEADER_ROW + 1, 1)?;
    Ok((ws, name, (first, last)))
}
