//! The Summary sheet: page 1's recommendation, biggest uncertainty and caveats in words
//! (`headline`), then the headline figures (month-1 costs, the recommendation among the
//! options that meet the quality floor, savings, payback, NPV, the best SLM share) and the
//! model's figures (`model`), every one a formula unless it says it is the engine's, with
//! the native charts of cost by month and cumulative savings.

use rust_xlsxwriter::utility::quote_sheet_name;
use rust_xlsxwriter::{Chart, ChartType, Worksheet, XlsxError};

use tco::scenario::SlmServing;
use tco::vocabulary;

use super::cashflow::Layout;
use super::cells::{self, Ctx, Kind};
use super::figures::{fig, write_block, Cached, Figure};
use super::routing::Curve;
use crate::summary::page_one::NOT_COMPUTED;
pub(crate) use crate::summary::NONE_PAYBACK;
use crate::summary::{choice_label, Choice, Summary, NO_OPTION};

pub(crate) use super::model::NONE_BREAK_EVEN;

/// The recommendation as a formula: the cheapest option in month 1 among those that meet
/// the quality floor, ties to the API, then self-hosted, then the hybrid (within 1e-12, as
/// `tco::quality::recommended`).
fn recommended_formula(ctx: &Ctx, api: &str, sh: &str, hy: &str) -> String {
    let label = |c| choice_label(ctx.rs, c);
    let (l_api, l_sh, l_hy) = (
        label(Choice::Api),
        label(Choice::SelfHosted),
        label(Choice::Hybrid),
    );
    let floor = ctx.scenario().routing.min_quality.is_some();
    let ok = |key: &str| {
        if floor {
            ctx.n(key)
        } else {
            "TRUE".to_string()
        }
    };
    let (a_ok, s_ok, h_ok) = (
        ok("api_meets_quality"),
        ok("self_hosted_meets_quality"),
        ok("hybrid_meets_quality"),
    );
    let not_below = |x: &str, than: &str| format!("{x}>={than}-1E-12*ABS({than})");
    format!(
        "=IF(AND({a_ok},OR(NOT({s_ok}),{}),OR(NOT({h_ok}),{})),\"{l_api}\",IF(AND({s_ok},OR(NOT({h_ok}),{})),\"{l_sh}\",IF({h_ok},\"{l_hy}\",\"{NO_OPTION}\")))",
        not_below(sh, api),
        not_below(hy, api),
        not_below(hy, sh),
    )
}

/// Writes the sheet; returns the defined names of its figures.
pub(crate) fn sheet(
    ctx: &Ctx,
    cash: &Layout,
    routing_sheet: &str,
    curve: &Curve,
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

    let cash_sheet = quote_sheet_name(&ctx.sheet("Monthly cash flow"));
    let month1 = cash.month0 + 1;
    let at = |key: &str, row: u32| format!("{cash_sheet}!{}{row}", cash.col(key));
    let range = |key: &str, from: u32| {
        format!("{cash_sheet}!{c}{from}:{c}{}", cash.last, c = cash.col(key))
    };
    let roi = &r.roi;
    let summary = Summary::of(ctx.rs);
    let (api_m, sh_m, hy_m) = (
        at("api", month1),
        at("sh_cost", month1),
        at("hy_cost", month1),
    );
    let per_req = |cell: &str| {
        let req = n("requests_per_month");
        format!("=IF({req}>0,{cell}/{req},\"—\")")
    };
    let (label_api, label_sh, label_hy) = (
        choice_label(ctx.rs, Choice::Api),
        choice_label(ctx.rs, Choice::SelfHosted),
        choice_label(ctx.rs, Choice::Hybrid),
    );
    let rec = n("recommended_option");
    let savings_formula = format!(
        "=IF({rec}=\"{label_api}\",0,IF({rec}=\"{label_sh}\",{api_m}-{sh_m},IF({rec}=\"{label_hy}\",{api_m}-{hy_m},\"not applicable\")))"
    );
    let q = quote_sheet_name(routing_sheet);
    let (rs, re, cost) = (curve.first, curve.last, &curve.cost_if_meets);
    let best_formula = format!(
        "=IF(COUNT({q}!{cost}{rs}:{cost}{re})=0,\"none meets the minimum quality\",INDEX({q}!A{rs}:A{re},MATCH(MIN({q}!{cost}{rs}:{cost}{re}),{q}!{cost}{rs}:{cost}{re},0)))"
    );
    let npv_how = if cash.owned {
        "−X − GPUs bought in month 0 + Σ (savings before GPU purchases)/(1+r_m)^t − GPUs bought/(1+r_m)^(t−1)"
    } else {
        "−X + Σ savings_t/(1+r_m)^t"
    };
    let mut headline: Vec<Figure> = vec![
        fig(
            "LLM API: monthly cost (month 1)",
            "api_monthly_usd",
            format!("={api_m}"),
            Cached::Num(r.api.monthly_usd),
            Kind::Usd,
            "R·a",
        ),
        fig(
            "Self-hosted / SLM: monthly cost (month 1)",
            "self_hosted_monthly_usd",
            format!("={sh_m}"),
            Cached::Num(r.self_hosted.monthly_usd),
            Kind::Usd,
            "S(R): GPU bill + people + F (or R·a_slm for an SLM API)",
        ),
        fig(
            "Hybrid: monthly cost (month 1)",
            "hybrid_monthly_usd",
            format!("={hy_m}"),
            Cached::Num(r.hybrid.monthly_usd),
            Kind::Usd,
            "SLM(s·R) + ((1−s)·R + e·s·R)·a + router fees",
        ),
        fig(
            "LLM API: cost per request",
            "api_cost_per_request_usd",
            per_req(&api_m),
            Cached::Opt(r.api.usd_per_request, "—"),
            Kind::UsdFine,
            "monthly ÷ R",
        ),
        fig(
            "Self-hosted / SLM: cost per request",
            "self_hosted_cost_per_request_usd",
            per_req(&sh_m),
            Cached::Opt(r.self_hosted.usd_per_request, "—"),
            Kind::UsdFine,
            "monthly ÷ R",
        ),
        fig(
            "Hybrid: cost per request",
            "hybrid_cost_per_request_usd",
            per_req(&hy_m),
            Cached::Opt(r.hybrid.usd_per_request, "—"),
            Kind::UsdFine,
            "monthly ÷ R",
        ),
        fig(
            "Recommended option (cheapest in month 1 that meets the quality floor)",
            "recommended_option",
            recommended_formula(ctx, &api_m, &sh_m, &hy_m),
            Cached::Text(summary.text.recommended.clone()),
            Kind::Plain,
            "a tie keeps the API, then self-hosted; options below the minimum quality are left out",
        ),
        fig(
            "Recommended: monthly savings vs API (month 1)",
            "recommended_monthly_savings_usd",
            savings_formula,
            Cached::Opt(summary.monthly_savings_usd, "not applicable"),
            Kind::Usd,
            "A − the recommended option's monthly cost",
        ),
        fig(
            "Recommended: annual savings vs API (12 × month 1)",
            "recommended_annual_savings_usd",
            format!(
                "=IF(ISNUMBER({m}),{m}*12,\"not applicable\")",
                m = n("recommended_monthly_savings_usd")
            ),
            Cached::Opt(summary.annual_savings_usd, "not applicable"),
            Kind::Usd,
            "12 × the month-1 savings",
        ),
        fig(
            "Chance that this stays the cheapest option",
            "probability_cheapest",
            String::new(),
            Cached::Opt(summary.probability_cheapest, NOT_COMPUTED),
            Kind::Share,
            "Monte Carlo, computed by the Breakeven engine (a value, not a formula)",
        ),
        fig(
            "Self-hosted: savings vs API (month 1)",
            "self_hosted_savings_usd",
            format!("={}", at("sh_savings", month1)),
            Cached::Num(roi.self_hosted.months[0].savings_usd),
            Kind::Usd,
            "A − S (owned: in cash)",
        ),
        fig(
            "Hybrid: savings vs API (month 1)",
            "hybrid_savings_usd",
            format!("={}", at("hy_savings", month1)),
            Cached::Num(roi.hybrid.months[0].savings_usd),
            Kind::Usd,
            "A − Hy (owned: in cash)",
        ),
        fig(
            "Self-hosted: payback month",
            "payback_self_hosted_month",
            format!(
                "=IF(COUNT({r})=0,\"{NONE_PAYBACK}\",MIN({r}))",
                r = range("sh_paid", month1)
            ),
            Cached::Opt(roi.self_hosted.payback_month.map(f64::from), NONE_PAYBACK),
            Kind::Count,
            "first month whose cumulative savings, net of the one-time cost, are ≥ 0",
        ),
        fig(
            "Hybrid: payback month",
            "payback_hybrid_month",
            format!(
                "=IF(COUNT({r})=0,\"{NONE_PAYBACK}\",MIN({r}))",
                r = range("hy_paid", month1)
            ),
            Cached::Opt(roi.hybrid.payback_month.map(f64::from), NONE_PAYBACK),
            Kind::Count,
            "first month whose cumulative savings, net of the one-time cost, are ≥ 0",
        ),
        fig(
            "Self-hosted: NPV over the horizon",
            "npv_self_hosted_usd",
            format!("=SUM({})", range("sh_disc", cash.month0)),
            Cached::Num(roi.self_hosted.npv_usd),
            Kind::Usd,
            npv_how,
        ),
        fig(
            "Hybrid: NPV over the horizon",
            "npv_hybrid_usd",
            format!("=SUM({})", range("hy_disc", cash.month0)),
            Cached::Num(roi.hybrid.npv_usd),
            Kind::Usd,
            npv_how,
        ),
        fig(
            "Self-hosted: cumulative savings over the horizon",
            "cumulative_self_hosted_usd",
            format!("={}", at("sh_cum", cash.last)),
            Cached::Num(roi.self_hosted.cumulative_savings_usd),
            Kind::Usd,
            "Σ savings − X",
        ),
        fig(
            "Hybrid: cumulative savings over the horizon",
            "cumulative_hybrid_usd",
            format!("={}", at("hy_cum", cash.last)),
            Cached::Num(roi.hybrid.cumulative_savings_usd),
            Kind::Usd,
            "Σ savings − X",
        ),
        fig(
            "Best SLM share on the routing curve",
            "routing_best_slm_share",
            best_formula,
            Cached::Opt(r.routing_best_slm_share, "none meets the minimum quality"),
            Kind::Share,
            "cheapest share meeting the minimum quality; the lowest wins a tie",
        ),
    ];
    // What the self-hosted figures rest on: the model served and where the throughput
    // comes from ("estimate" first when it was typed), as the PDF's page 1 says it.
    let serving = match s.slm.serving {
        SlmServing::SelfHosted(_) => "self_hosted",
        SlmServing::Api(_) => "api",
    };
    headline.push(fig(
        &vocabulary::label_when_served("slm.model", serving),
        "slm_model_served",
        String::new(),
        Cached::Text(summary.text.slm_model.clone()),
        Kind::Plain,
        "the scenario's model, from the model catalog or the price table (a value, not a formula)",
    ));
    if serving == "self_hosted" {
        headline.push(fig(
            &vocabulary::label("slm.throughput.basis"),
            "throughput_basis_words",
            String::new(),
            Cached::Text(summary.text.throughput.clone()),
            Kind::Plain,
            "where the prefill and decode throughput on the Inputs sheet come from (a value, not a formula)",
        ));
    }

    let mut names = Vec::new();
    let quoted = quote_sheet_name(&name);
    let first = super::headline::rows(&mut ws, 2, &summary)?;
    let row = write_block(
        &mut ws,
        ctx,
        &quoted,
        first,
        "Headline figures (formulas)",
        headline,
        &mut names,
    )?;
    write_block(
        &mut ws,
        ctx,
        &quoted,
        row,
        "Model figures (formulas)",
        super::model::figures(ctx),
        &mut names,
    )?;
    ws.set_column_width(0, 46)?;
    ws.set_column_width(1, 18)?;
    ws.set_column_width(2, 50)?;
    ws.set_column_width(3, 34)?;
    charts(&mut ws, cash, &ctx.sheet("Monthly cash flow"))?;
    Ok((ws, names))
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
