//! The Monthly cash flow sheet: month 0 (the one-time cost) and months 1 … T, each figure a
//! formula over the Inputs sheet's named cells and the Summary's model figures, exactly as
//! `tco::roi` computes them: volume grown month by month, the fleet re-sized every month on
//! the engine's replica staircase, savings against the API, cumulative savings net of the
//! one-time cost, and savings discounted at the monthly rate for the NPV.

use rust_xlsxwriter::utility::column_number_to_name;
use rust_xlsxwriter::{Formula, Worksheet, XlsxError};
use tco::cost::{fleet_cost, gpu_seconds_per_request, hybrid_cost};
use tco::scenario::SlmServing;

use super::cells::{self, ceil_tolerant, Ctx, Kind};

/// Row of the column headers (0-based); month 0 is the row below, month t the t-th after.
pub(crate) const HEADER_ROW: u32 = 3;
const SECONDS_PER_HOUR: f64 = 3600.0;

/// Where the Summary and the charts find the table.
pub(crate) struct Layout {
    /// 1-based Excel rows of month 0 and of the last month.
    pub month0: u32,
    pub last: u32,
    keys: Vec<&'static str>,
}

impl Layout {
    /// The column letter of a key ("api", "sh_cost", …).
    pub(crate) fn col(&self, key: &str) -> String {
        column_number_to_name(self.index(key))
    }

    pub(crate) fn index(&self, key: &str) -> u16 {
        self.keys.iter().position(|k| *k == key).unwrap_or(0) as u16
    }
}

fn header(key: &str) -> &'static str {
    match key {
        "month" => "Month",
        "requests" => "Requests",
        "api" => "LLM API cost",
        "sh_needed" => "Self-hosted: replicas needed (before rounding up)",
        "sh_replicas" => "Self-hosted: replicas",
        "sh_cost" => "Self-hosted: monthly cost",
        "sh_savings" => "Self-hosted: savings vs API",
        "sh_cum" => "Self-hosted: cumulative savings (net of one-time cost)",
        "sh_disc" => "Self-hosted: discounted savings",
        "sh_paid" => "Self-hosted: month if paid back",
        "hy_slm_req" => "Hybrid: SLM requests",
        "hy_llm_req" => "Hybrid: LLM requests",
        "hy_needed" => "Hybrid: SLM replicas needed (before rounding up)",
        "hy_replicas" => "Hybrid: SLM replicas",
        "hy_slm" => "Hybrid: SLM cost",
        "hy_llm" => "Hybrid: LLM cost",
        "hy_router" => "Hybrid: router fees",
        "hy_cost" => "Hybrid: monthly cost",
        "hy_savings" => "Hybrid: savings vs API",
        "hy_cum" => "Hybrid: cumulative savings (net of one-time cost)",
        "hy_disc" => "Hybrid: discounted savings",
        "hy_paid" => "Hybrid: month if paid back",
        _ => "",
    }
}

pub(crate) fn sheet(ctx: &Ctx) -> Result<(Worksheet, Layout), XlsxError> {
    let s = ctx.scenario();
    let fleet = match &s.slm.serving {
        SlmServing::SelfHosted(f) => Some(*f),
        SlmServing::Api(_) => None,
    };
    let mut keys = vec!["month", "requests", "api"];
    if fleet.is_some() {
        keys.extend(["sh_needed", "sh_replicas"]);
    }
    keys.extend([
        "sh_cost",
        "sh_savings",
        "sh_cum",
        "sh_disc",
        "sh_paid",
        "hy_slm_req",
        "hy_llm_req",
    ]);
    if fleet.is_some() {
        keys.extend(["hy_needed", "hy_replicas"]);
    }
    keys.extend([
        "hy_slm",
        "hy_llm",
        "hy_router",
        "hy_cost",
        "hy_savings",
        "hy_cum",
        "hy_disc",
        "hy_paid",
    ]);
    let months = s.finance.horizon_months;
    let layout = Layout {
        month0: HEADER_ROW + 2,
        last: HEADER_ROW + 2 + months,
        keys,
    };

    let mut ws = Worksheet::new();
    ws.set_name(ctx.sheet("Monthly cash flow"))?;
    cells::text(&mut ws, 0, 0, "Monthly cash flow", Some(&cells::title()))?;
    cells::text(
        &mut ws,
        1,
        0,
        "Every figure is a formula over the Inputs sheet. Month 0 is the one-time cost, paid once and not discounted; \
         the self-hosted fleet is re-sized every month as volume grows.",
        Some(&cells::note()),
    )?;
    let wrap = cells::bold().set_text_wrap();
    for (c, key) in layout.keys.iter().enumerate() {
        cells::text(&mut ws, HEADER_ROW, c as u16, header(key), Some(&wrap))?;
        ws.set_column_width(c as u16, if c == 0 { 8 } else { 15 })?;
    }
    ws.set_row_height(HEADER_ROW, 60)?;

    let n = |k: &str| ctx.n(k);
    let l = |k: &str| layout.col(k);
    let c = |k: &str| layout.index(k);
    // Month 0: the one-time cost.
    let r0 = layout.month0;
    ws.write_number(r0 - 1, c("month"), 0)?;
    cells::text(
        &mut ws,
        r0 - 1,
        c("requests"),
        "(one-time cost)",
        Some(&cells::note()),
    )?;
    let x = s.slm.one_time_usd;
    for key in ["sh_cum", "sh_disc", "hy_cum", "hy_disc"] {
        cells::num_formula(
            &mut ws,
            r0 - 1,
            c(key),
            &format!("=-{}", n("one_time_usd")),
            -x,
            Kind::Usd,
        )?;
    }

    let w = &s.workload;
    let share = s.routing.effective_slm_share();
    let monthly_rate = (1.0 + s.finance.discount_rate_annual).powf(1.0 / 12.0) - 1.0;
    let roi = &ctx.result().roi;
    let (t_name, k, hpm, u, m, g, fixed) = (
        n("gpu_seconds_per_request"),
        n("peak_to_average"),
        n("hours_per_month"),
        n("target_utilization"),
        n("min_replicas"),
        n("replica_usd_per_month"),
        n("fixed_usd_per_month"),
    );
    let (sh_cum, hy_cum) = (l("sh_cum"), l("hy_cum"));
    for (i, (sh, hy)) in roi
        .self_hosted
        .months
        .iter()
        .zip(&roi.hybrid.months)
        .enumerate()
    {
        let row = r0 + 1 + i as u32; // 1-based Excel row
        let z = row - 1; // 0-based
        let month = sh.month;
        let a = format!("{}{row}", l("month"));
        let b = format!("{}{row}", l("requests"));
        ws.write_number(z, c("month"), f64::from(month))?;
        let put = |ws: &mut Worksheet, key: &str, formula: String, v: f64, kind: Kind| {
            cells::num_formula(ws, z, c(key), &formula, v, kind)
        };
        put(
            &mut ws,
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
            &mut ws,
            "api",
            format!("={b}*{}", n("api_usd_per_request")),
            sh.api_usd,
            Kind::Usd,
        )?;
        let hybrid = hybrid_cost(s, sh.requests, share);
        if let Some(f) = fleet {
            let t = gpu_seconds_per_request(&f, w);
            let needed = |req: f64| {
                if t > 0.0 {
                    req * w.peak_to_average / (f.hours_per_month * SECONDS_PER_HOUR) * t
                        / f.target_utilization
                } else {
                    0.0
                }
            };
            let need = |req: &str| format!("{req}*{k}/({hpm}*3600)*{t_name}/{u}");
            put(
                &mut ws,
                "sh_needed",
                format!("=IF({t_name}>0,{},0)", need(&b)),
                needed(sh.requests),
                Kind::Plain,
            )?;
            let cell = format!("{}{row}", l("sh_needed"));
            put(
                &mut ws,
                "sh_replicas",
                format!("=MAX({m},{})", ceil_tolerant(&cell)),
                fleet_cost(&f, w, sh.requests).replicas,
                Kind::Count,
            )?;
            put(
                &mut ws,
                "sh_cost",
                format!("={}{row}*{g}+{fixed}", l("sh_replicas")),
                sh.option_usd,
                Kind::Usd,
            )?;
            let slm_req = format!("{}{row}", l("hy_slm_req"));
            let hy_needed = if share > 0.0 {
                needed(hybrid.slm_requests_per_month)
            } else {
                0.0
            };
            put(
                &mut ws,
                "hy_needed",
                format!(
                    "=IF(AND({}>0,{t_name}>0),{},0)",
                    n("slm_share"),
                    need(&slm_req)
                ),
                hy_needed,
                Kind::Plain,
            )?;
            let cell = format!("{}{row}", l("hy_needed"));
            put(
                &mut ws,
                "hy_replicas",
                format!(
                    "=IF({s}>0,MAX({m},{}),0)",
                    ceil_tolerant(&cell),
                    s = n("slm_share")
                ),
                hybrid.slm.fleet.map_or(0.0, |f| f.replicas),
                Kind::Count,
            )?;
            put(
                &mut ws,
                "hy_slm",
                format!(
                    "=IF({s}>0,{}{row}*{g}+{fixed},0)",
                    l("hy_replicas"),
                    s = n("slm_share")
                ),
                hybrid.slm.monthly_usd,
                Kind::Usd,
            )?;
        } else {
            put(
                &mut ws,
                "sh_cost",
                format!("={b}*{}", n("slm_api_usd_per_request")),
                sh.option_usd,
                Kind::Usd,
            )?;
            put(
                &mut ws,
                "hy_slm",
                format!(
                    "=IF({s}>0,{}{row}*{},0)",
                    l("hy_slm_req"),
                    n("slm_api_usd_per_request"),
                    s = n("slm_share")
                ),
                hybrid.slm.monthly_usd,
                Kind::Usd,
            )?;
        }
        for (p, v, cost, cum, disc, paid, prev_cum) in [
            ("sh", sh, "sh_cost", "sh_cum", "sh_disc", "sh_paid", &sh_cum),
            ("hy", hy, "hy_cost", "hy_cum", "hy_disc", "hy_paid", &hy_cum),
        ] {
            let savings = format!("{p}_savings");
            put(
                &mut ws,
                &savings,
                format!("={}{row}-{}{row}", l("api"), l(cost)),
                v.savings_usd,
                Kind::Usd,
            )?;
            put(
                &mut ws,
                cum,
                format!("={prev_cum}{}+{}{row}", row - 1, l(&savings)),
                v.cumulative_net_usd,
                Kind::Usd,
            )?;
            let discounted = v.savings_usd / (1.0 + monthly_rate).powi(month as i32);
            put(
                &mut ws,
                disc,
                format!(
                    "={}{row}/(1+{})^{a}",
                    l(&savings),
                    n("monthly_discount_rate")
                ),
                discounted,
                Kind::Usd,
            )?;
            let f = Formula::new(format!("=IF({}{row}>=0,{a},\"—\")", l(cum))).set_result(
                if v.cumulative_net_usd >= 0.0 {
                    month.to_string()
                } else {
                    "—".to_string()
                },
            );
            ws.write_formula(z, c(paid), f)?;
        }
        let s_name = n("slm_share");
        put(
            &mut ws,
            "hy_slm_req",
            format!("={s_name}*{b}"),
            hybrid.slm_requests_per_month,
            Kind::Count,
        )?;
        put(
            &mut ws,
            "hy_llm_req",
            format!(
                "=(1-{s_name})*{b}+{}*{}{row}",
                n("escalation_rate"),
                l("hy_slm_req")
            ),
            hybrid.llm_requests_per_month,
            Kind::Count,
        )?;
        put(
            &mut ws,
            "hy_llm",
            format!("={}{row}*{}", l("hy_llm_req"), n("api_usd_per_request")),
            hybrid.llm_usd_per_month,
            Kind::Usd,
        )?;
        put(
            &mut ws,
            "hy_router",
            format!(
                "=IF(AND({s_name}>0,OR({s_name}<1,{}>0)),{b}*{},0)",
                n("escalation_rate"),
                n("router_usd_per_request")
            ),
            hybrid.router_usd_per_month,
            Kind::Usd,
        )?;
        put(
            &mut ws,
            "hy_cost",
            format!(
                "={}{row}+{}{row}+{}{row}",
                l("hy_slm"),
                l("hy_llm"),
                l("hy_router")
            ),
            hy.option_usd,
            Kind::Usd,
        )?;
    }
    ws.set_freeze_panes(HEADER_ROW + 1, 1)?;
    Ok((ws, layout))
}
