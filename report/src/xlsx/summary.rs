//! The Summary sheet: the model's intermediate figures (API cost per request, a replica's
//! capacity and cost, the monthly discount rate) and the headline figures (month-1 costs,
//! savings, payback, NPV, break-even volume, the best SLM share), every one a formula, with
//! the native charts of cost by month and cumulative savings.

use rust_xlsxwriter::utility::quote_sheet_name;
use rust_xlsxwriter::{Chart, ChartType, Worksheet, XlsxError};
use tco::cost::{
    api_usd_per_request, gpu_seconds_per_request, replica_requests_per_month, replica_usd_per_month,
};
use tco::scenario::SlmServing;

use super::cashflow::Layout;
use super::cells::{self, ceil_tolerant, Ctx, Kind};

/// A figure's cached result: a number, or the text a formula shows when there is none.
enum Cached {
    Num(f64),
    Opt(Option<f64>, &'static str),
    Text(String),
}

struct Figure {
    label: &'static str,
    key: &'static str,
    formula: String,
    cached: Cached,
    kind: Kind,
    how: &'static str,
}

fn fig(
    label: &'static str,
    key: &'static str,
    formula: String,
    cached: Cached,
    kind: Kind,
    how: &'static str,
) -> Figure {
    Figure {
        label,
        key,
        formula,
        cached,
        kind,
        how,
    }
}

pub(crate) const NONE_PAYBACK: &str = "not within the horizon";
pub(crate) const NONE_BREAK_EVEN: &str = "none";

/// Writes the sheet; returns the defined names of its figures.
pub(crate) fn sheet(
    ctx: &Ctx,
    cash: &Layout,
    routing_sheet: &str,
    routing_rows: (u32, u32),
) -> Result<(Worksheet, Vec<(String, String)>), XlsxError> {
    let s = ctx.scenario();
    let r = ctx.result();
    let n = |k: &str| ctx.n(k);
    let name = ctx.sheet("Summary");
    let mut ws = Worksheet::new();
    ws.set_name(&name)?;
    cells::text(
        &mut ws,
        0,
        0,
        "Breakeven: LLM API vs self-hosted SLM vs hybrid",
        Some(&cells::title()),
    )?;
    cells::text(&mut ws, 1, 0, "Scenario", Some(&cells::bold()))?;
    cells::text(&mut ws, 1, 1, &s.name, None)?;

    let c = api_usd_per_request(&s.llm.prices, &s.workload);
    let mut model = vec![fig(
        "LLM API cost per request",
        "api_usd_per_request",
        format!(
            "=({i}*(1-{k})*{pin}+{i}*{k}*{pc}+{o}*{pout})/1000000+{pr}",
            i = n("input_tokens"),
            k = n("cached_input_share"),
            o = n("output_tokens"),
            pin = n("llm_input_usd_per_mtok"),
            pc = n("llm_cached_input_usd_per_mtok"),
            pout = n("llm_output_usd_per_mtok"),
            pr = n("llm_usd_per_request")
        ),
        Cached::Num(c),
        Kind::UsdFine,
        "(I·(1−κ)·p_in + I·κ·p_cached + O·p_out)/1e6 + p_request",
    )];
    let cash_sheet = quote_sheet_name(&ctx.sheet("Monthly cash flow"));
    let month1 = cash.month0 + 1;
    let at = |key: &str, row: u32| format!("{cash_sheet}!{}{row}", cash.col(key));
    let be = r.break_even.requests_per_month;
    match &s.slm.serving {
        SlmServing::Api(api) => {
            let c_slm = api_usd_per_request(&api.prices, &s.workload);
            model.push(fig(
                "SLM API cost per request",
                "slm_api_usd_per_request",
                format!(
                    "=({i}*(1-{k})*{pin}+{i}*{k}*{pc}+{o}*{pout})/1000000+{pr}",
                    i = n("input_tokens"),
                    k = n("cached_input_share"),
                    o = n("output_tokens"),
                    pin = n("slm_input_usd_per_mtok"),
                    pc = n("slm_cached_input_usd_per_mtok"),
                    pout = n("slm_output_usd_per_mtok"),
                    pr = n("slm_usd_per_request")
                ),
                Cached::Num(c_slm),
                Kind::UsdFine,
                "the same formula with the SLM API's prices",
            ));
            model.push(fig(
                "Break-even volume",
                "break_even_requests_per_month",
                format!(
                    "=IF({}<{},0,\"{NONE_BREAK_EVEN}\")",
                    n("slm_api_usd_per_request"),
                    n("api_usd_per_request")
                ),
                Cached::Opt(be, NONE_BREAK_EVEN),
                Kind::Count,
                "0 when the SLM API is cheaper per request, else none",
            ));
        }
        SlmServing::SelfHosted(f) => {
            let t = gpu_seconds_per_request(f, &s.workload);
            let cap = replica_requests_per_month(f, &s.workload);
            let g = replica_usd_per_month(f);
            let (tn, cn, gn, fx, m) = (
                n("gpu_seconds_per_request"),
                n("replica_requests_per_month"),
                n("replica_usd_per_month"),
                n("fixed_usd_per_month"),
                n("min_replicas"),
            );
            let api = n("api_usd_per_request");
            model.push(fig(
                "GPU-seconds per request",
                "gpu_seconds_per_request",
                format!(
                    "={}/{}+{}/{}",
                    n("input_tokens"),
                    n("prefill_tokens_per_s"),
                    n("output_tokens"),
                    n("decode_tokens_per_s")
                ),
                Cached::Num(t),
                Kind::Plain,
                "t = I/P + O/D",
            ));
            let unbounded = "unbounded (no GPU time per request)";
            model.push(fig(
                "Requests per month one replica serves",
                "replica_requests_per_month",
                format!(
                    "=IF({tn}>0,{}*{}*3600/({tn}*{}),\"{unbounded}\")",
                    n("target_utilization"),
                    n("hours_per_month"),
                    n("peak_to_average")
                ),
                if cap.is_finite() {
                    Cached::Num(cap)
                } else {
                    Cached::Text(unbounded.into())
                },
                Kind::Count,
                "C = u·H·3600/(t·k)",
            ));
            model.push(fig(
                "GPU bill of one replica per month",
                "replica_usd_per_month",
                format!(
                    "={}*{}*{}",
                    n("gpus_per_replica"),
                    n("gpu_usd_per_hour"),
                    n("hours_per_month")
                ),
                Cached::Num(g),
                Kind::Usd,
                "G = N·p_gpu·H",
            ));
            let bound =
                (cap.is_finite() && c * cap > g).then(|| (c * cap + fx_value(s)) / (c * cap - g));
            model.push(fig("Break-even bound B", "break_even_bound",
                format!("=IF({tn}<=0,\"n/a\",IF({api}*{cn}<={gn},\"n/a\",({api}*{cn}+{fx})/({api}*{cn}-{gn})))"),
                Cached::Opt(bound, "n/a"), Kind::Plain, "B = (c·C + F)/(c·C − G); the last losing step is ⌈B⌉ − 1"));
            model.push(fig("Break-even volume", "break_even_requests_per_month",
                format!("=IF({api}<=0,\"{NONE_BREAK_EVEN}\",IF({tn}<=0,({m}*{gn}+{fx})/{api},IF({api}*{cn}<={gn},\"{NONE_BREAK_EVEN}\",(MAX({m},{}-1)*{gn}+{fx})/{api})))",
                    ceil_tolerant(&n("break_even_bound"))),
                Cached::Opt(be, NONE_BREAK_EVEN), Kind::Count, "R* = (max(m, ⌈B⌉ − 1)·G + F)/c (docs/cost-model.md §4)"));
        }
    }
    model.push(fig(
        "Break-even volume in tokens",
        "break_even_tokens_per_month",
        format!(
            "=IF(ISNUMBER({b}),{b}*({}+{}),\"{NONE_BREAK_EVEN}\")",
            n("input_tokens"),
            n("output_tokens"),
            b = n("break_even_requests_per_month")
        ),
        Cached::Opt(r.break_even.tokens_per_month, NONE_BREAK_EVEN),
        Kind::Count,
        "R*·(I + O)",
    ));
    let rate = (1.0 + s.finance.discount_rate_annual).powf(1.0 / 12.0) - 1.0;
    model.push(fig(
        "Monthly discount rate",
        "monthly_discount_rate",
        format!("=(1+{})^(1/12)-1", n("discount_rate_annual")),
        Cached::Num(rate),
        Kind::Share,
        "r_m = (1 + r)^(1/12) − 1",
    ));

    let req = n("requests_per_month");
    let per_req = |cell: String| format!("=IF({req}>0,{cell}/{req},\"—\")");
    let (api_m, sh_m, hy_m) = (
        at("api", month1),
        at("sh_cost", month1),
        at("hy_cost", month1),
    );
    let range = |key: &str, from: u32| {
        format!("{cash_sheet}!{c}{from}:{c}{}", cash.last, c = cash.col(key))
    };
    let roi = &r.roi;
    // The recommendation as `report::summary::Summary` makes it (the PDF's headline): the
    // first strictly cheaper option wins, so a tie keeps the API, then self-hosted.
    let summary = crate::summary::Summary::of(ctx.rs);
    let label = |c| crate::summary::choice_label(ctx.rs, c);
    let (l_api, l_sh, l_hy) = (
        label(crate::summary::Choice::Api),
        label(crate::summary::Choice::SelfHosted),
        label(crate::summary::Choice::Hybrid),
    );
    let (rs, re) = routing_rows;
    let best_formula = format!(
        "=IF(COUNT({q}!L{rs}:L{re})=0,\"none meets the minimum quality\",INDEX({q}!A{rs}:A{re},MATCH(MIN({q}!L{rs}:L{re}),{q}!L{rs}:L{re},0)))",
        q = quote_sheet_name(routing_sheet)
    );
    let headline = vec![
        fig("LLM API: monthly cost (month 1)", "api_monthly_usd", format!("={api_m}"), Cached::Num(r.api.monthly_usd), Kind::Usd, "R·c"),
        fig("Self-hosted / SLM: monthly cost (month 1)", "self_hosted_monthly_usd", format!("={sh_m}"), Cached::Num(r.self_hosted.monthly_usd), Kind::Usd, "n·G + F (or R·c_slm for an SLM API)"),
        fig("Hybrid: monthly cost (month 1)", "hybrid_monthly_usd", format!("={hy_m}"), Cached::Num(r.hybrid.monthly_usd), Kind::Usd, "SLM(s·R) + ((1−s)·R + e·s·R)·c + router fees"),
        fig("LLM API: cost per request", "api_cost_per_request_usd", per_req(api_m.clone()), Cached::Opt(r.api.usd_per_request, "—"), Kind::UsdFine, "monthly ÷ R"),
        fig("Self-hosted / SLM: cost per request", "self_hosted_cost_per_request_usd", per_req(sh_m.clone()), Cached::Opt(r.self_hosted.usd_per_request, "—"), Kind::UsdFine, "monthly ÷ R"),
        fig("Hybrid: cost per request", "hybrid_cost_per_request_usd", per_req(hy_m.clone()), Cached::Opt(r.hybrid.usd_per_request, "—"), Kind::UsdFine, "monthly ÷ R"),
        fig("Recommended option (cheapest in month 1)", "recommended_option",
            format!("=IF({api_m}<=MIN({sh_m},{hy_m}),\"{l_api}\",IF({sh_m}<={hy_m},\"{l_sh}\",\"{l_hy}\"))"),
            Cached::Text(summary.text.recommended.clone()), Kind::Plain, "a tie keeps the API, then self-hosted"),
        fig("Recommended: monthly savings vs API (month 1)", "recommended_monthly_savings_usd",
            format!("={api_m}-MIN({api_m},{sh_m},{hy_m})"),
            Cached::Num(summary.monthly_savings_usd), Kind::Usd, "A − the recommended option's monthly cost"),
        fig("Recommended: annual savings vs API (12 × month 1)", "recommended_annual_savings_usd",
            format!("={}*12", n("recommended_monthly_savings_usd")),
            Cached::Num(summary.annual_savings_usd), Kind::Usd, "12 × the month-1 savings"),
        fig("Probability the recommendation is the cheapest", "probability_cheapest", String::new(),
            Cached::Opt(summary.probability_cheapest, "not available: Monte Carlo is off"), Kind::Share,
            "Monte Carlo, computed by the Breakeven engine (a value, not a formula)"),
        fig("Self-hosted: savings vs API (month 1)", "self_hosted_savings_usd", format!("={}", at("sh_savings", month1)), Cached::Num(roi.self_hosted.months[0].savings_usd), Kind::Usd, "A − S"),
        fig("Hybrid: savings vs API (month 1)", "hybrid_savings_usd", format!("={}", at("hy_savings", month1)), Cached::Num(roi.hybrid.months[0].savings_usd), Kind::Usd, "A − Hy"),
        fig("Self-hosted: payback month", "payback_self_hosted_month",
            format!("=IF(COUNT({r})=0,\"{NONE_PAYBACK}\",MIN({r}))", r = range("sh_paid", month1)),
            Cached::Opt(roi.self_hosted.payback_month.map(f64::from), NONE_PAYBACK), Kind::Count, "first month whose cumulative savings, net of the one-time cost, are ≥ 0"),
        fig("Hybrid: payback month", "payback_hybrid_month",
            format!("=IF(COUNT({r})=0,\"{NONE_PAYBACK}\",MIN({r}))", r = range("hy_paid", month1)),
            Cached::Opt(roi.hybrid.payback_month.map(f64::from), NONE_PAYBACK), Kind::Count, "first month whose cumulative savings, net of the one-time cost, are ≥ 0"),
        fig("Self-hosted: NPV over the horizon", "npv_self_hosted_usd", format!("=SUM({})", range("sh_disc", cash.month0)), Cached::Num(roi.self_hosted.npv_usd), Kind::Usd, "−X + Σ savings_t/(1+r_m)^t"),
        fig("Hybrid: NPV over the horizon", "npv_hybrid_usd", format!("=SUM({})", range("hy_disc", cash.month0)), Cached::Num(roi.hybrid.npv_usd), Kind::Usd, "−X + Σ savings_t/(1+r_m)^t"),
        fig("Self-hosted: cumulative savings over the horizon", "cumulative_self_hosted_usd", format!("={}", at("sh_cum", cash.last)), Cached::Num(roi.self_hosted.cumulative_savings_usd), Kind::Usd, "Σ savings − X"),
        fig("Hybrid: cumulative savings over the horizon", "cumulative_hybrid_usd", format!("={}", at("hy_cum", cash.last)), Cached::Num(roi.hybrid.cumulative_savings_usd), Kind::Usd, "Σ savings − X"),
        fig("Best SLM share on the routing curve", "routing_best_slm_share", best_formula,
            Cached::Opt(r.routing_best_slm_share, "none meets the minimum quality"), Kind::Share, "cheapest share meeting the minimum quality; the lowest wins a tie"),
    ];

    let mut names = Vec::new();
    let quoted = quote_sheet_name(&name);
    let mut row = 3u32;
    for (title, block) in [
        ("Headline figures (formulas)", headline),
        ("Model figures (formulas)", model),
    ] {
        cells::text(&mut ws, row, 0, title, Some(&cells::bold()))?;
        for (c, h) in ["", "Value", "Formula", "Defined name"]
            .iter()
            .enumerate()
            .skip(1)
        {
            cells::text(&mut ws, row, c as u16, h, Some(&cells::bold()))?;
        }
        row += 1;
        for f in block {
            cells::text(&mut ws, row, 0, f.label, None)?;
            match f.cached {
                // A Monte Carlo figure: the engine's value, not a formula.
                Cached::Opt(Some(v), _) if f.formula.is_empty() => {
                    cells::number(&mut ws, row, 1, v, f.kind)?
                }
                Cached::Opt(None, none) if f.formula.is_empty() => {
                    cells::text(&mut ws, row, 1, none, None)?
                }
                Cached::Num(v) => cells::num_formula(&mut ws, row, 1, &f.formula, v, f.kind)?,
                Cached::Opt(v, none) => {
                    cells::opt_formula(&mut ws, row, 1, &f.formula, v, none, f.kind)?
                }
                Cached::Text(t) => {
                    let formula = rust_xlsxwriter::Formula::new(&f.formula).set_result(t);
                    ws.write_formula(row, 1, formula)?;
                }
            }
            cells::text(&mut ws, row, 2, f.how, None)?;
            let defined = n(f.key);
            cells::text(&mut ws, row, 3, &defined, None)?;
            names.push((defined, format!("={quoted}!$B${}", row + 1)));
            row += 1;
        }
        row += 1;
    }
    ws.set_column_width(0, 46)?;
    ws.set_column_width(1, 18)?;
    ws.set_column_width(2, 50)?;
    ws.set_column_width(3, 34)?;
    charts(&mut ws, cash, &ctx.sheet("Monthly cash flow"))?;
    Ok((ws, names))
}

fn fx_value(s: &tco::Scenario) -> f64 {
    match &s.slm.serving {
        SlmServing::SelfHosted(f) => f.fixed_usd_per_month,
        SlmServing::Api(_) => 0.0,
    }
}

/// Native charts: monthly cost of each option by month, and cumulative savings (month 0
/// included, where the one-time cost is paid).
fn charts(ws: &mut Worksheet, cash: &Layout, sheet: &str) -> Result<(), XlsxError> {
    let (m0, m1, last) = (cash.month0 - 1, cash.month0, cash.last - 1);
    let month = cash.index("month");
    let mut cost = Chart::new(ChartType::Line);
    cost.title().set_name("Monthly cost by month");
    for (label, key) in [
        ("LLM API", "api"),
        ("Self-hosted / SLM", "sh_cost"),
        ("Hybrid", "hy_cost"),
    ] {
        let c = cash.index(key);
        cost.add_series()
            .set_name(label)
            .set_categories((sheet, m1, month, last, month))
            .set_values((sheet, m1, c, last, c));
    }
    cost.x_axis().set_name("Month");
    cost.y_axis()
        .set_name("USD per month")
        .set_num_format("$#,##0");
    ws.insert_chart(3, 5, &cost)?;

    let mut cum = Chart::new(ChartType::Line);
    cum.title()
        .set_name("Cumulative savings vs the LLM API (net of the one-time cost)");
    for (label, key) in [("Self-hosted / SLM", "sh_cum"), ("Hybrid", "hy_cum")] {
        let c = cash.index(key);
        cum.add_series()
            .set_name(label)
            .set_categories((sheet, m0, month, last, month))
            .set_values((sheet, m0, c, last, c));
    }
    cum.x_axis().set_name("Month");
    cum.y_axis().set_name("USD").set_num_format("$#,##0");
    ws.insert_chart(19, 5, &cum)?;
    Ok(())
}
