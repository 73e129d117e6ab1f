//! The Comparison sheet of a workbook of two to four scenarios: the rows of the app's
//! compare page, each cell a formula over that scenario's Summary (its defined names), and
//! a last column naming the best scenario of each row that has a direction.

use rust_xlsxwriter::utility::column_number_to_name;
use rust_xlsxwriter::{Formula, Worksheet, XlsxError};

use super::cells::{self, Ctx, Kind};
use super::summary::{NONE_BREAK_EVEN, NONE_PAYBACK};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Better {
    Lower,
    Higher,
    Neither,
}

type Value = fn(&tco::PlanResult) -> Option<f64>;

const ROWS: [(&str, &str, Better, Kind, &str, Value); 12] = [
    (
        "Monthly cost: LLM API",
        "api_monthly_usd",
        Better::Lower,
        Kind::Usd,
        "",
        |r| Some(r.api.monthly_usd),
    ),
    (
        "Monthly cost: self-hosted / SLM",
        "self_hosted_monthly_usd",
        Better::Lower,
        Kind::Usd,
        "",
        |r| Some(r.self_hosted.monthly_usd),
    ),
    (
        "Monthly cost: hybrid",
        "hybrid_monthly_usd",
        Better::Lower,
        Kind::Usd,
        "",
        |r| Some(r.hybrid.monthly_usd),
    ),
    (
        "Cost per request: LLM API",
        "api_cost_per_request_usd",
        Better::Lower,
        Kind::UsdFine,
        "—",
        |r| r.api.usd_per_request,
    ),
    (
        "Cost per request: self-hosted / SLM",
        "self_hosted_cost_per_request_usd",
        Better::Lower,
        Kind::UsdFine,
        "—",
        |r| r.self_hosted.usd_per_request,
    ),
    (
        "Cost per request: hybrid",
        "hybrid_cost_per_request_usd",
        Better::Lower,
        Kind::UsdFine,
        "—",
        |r| r.hybrid.usd_per_request,
    ),
    (
        "Break-even volume (self-hosted vs API), requests/month",
        "break_even_requests_per_month",
        Better::Neither,
        Kind::Count,
        NONE_BREAK_EVEN,
        |r| r.break_even.requests_per_month,
    ),
    (
        "Payback: self-hosted (month)",
        "payback_self_hosted_month",
        Better::Lower,
        Kind::Count,
        NONE_PAYBACK,
        |r| r.roi.self_hosted.payback_month.map(f64::from),
    ),
    (
        "Payback: hybrid (month)",
        "payback_hybrid_month",
        Better::Lower,
        Kind::Count,
        NONE_PAYBACK,
        |r| r.roi.hybrid.payback_month.map(f64::from),
    ),
    (
        "NPV over the horizon: self-hosted",
        "npv_self_hosted_usd",
        Better::Higher,
        Kind::Usd,
        "",
        |r| Some(r.roi.self_hosted.npv_usd),
    ),
    (
        "NPV over the horizon: hybrid",
        "npv_hybrid_usd",
        Better::Higher,
        Kind::Usd,
        "",
        |r| Some(r.roi.hybrid.npv_usd),
    ),
    (
        "Horizon (months)",
        "horizon_months",
        Better::Neither,
        Kind::Count,
        "",
        |r| r.roi.hybrid.months.last().map(|m| f64::from(m.month)),
    ),
];

/// The best column's text as the formula computes it: "—" with fewer than two numbers,
/// "all equal" when nothing differs, else the label of the first best scenario.
fn best(values: &[Option<f64>], better: Better) -> String {
    let known: Vec<(usize, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|x| (i, x)))
        .collect();
    if known.len() < 2 {
        return "—".into();
    }
    let lo = known.iter().map(|k| k.1).fold(f64::INFINITY, f64::min);
    let hi = known.iter().map(|k| k.1).fold(f64::NEG_INFINITY, f64::max);
    if lo == hi {
        return "all equal".into();
    }
    let target = if better == Better::Lower { lo } else { hi };
    let i = known.iter().find(|k| k.1 == target).map_or(0, |k| k.0);
    format!("S{}", i + 1)
}

pub(crate) fn sheet(ctxs: &[Ctx]) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name("Comparison")?;
    cells::text(&mut ws, 0, 0, "Comparison", Some(&cells::title()))?;
    cells::text(
        &mut ws,
        1,
        0,
        "Each cell is a formula over that scenario's Summary sheet (prefix S1, S2, …). Best: the lowest cost or payback, the highest NPV.",
        Some(&cells::note()),
    )?;
    // The verdict the compare page and the PDF open with (the engine's words, not a formula).
    let verdict = crate::verdict::comparison(ctxs.iter().map(|c| c.rs)).sentence;
    cells::text(&mut ws, 2, 0, &verdict, Some(&cells::bold()))?;
    let k = ctxs.len() as u16;
    let best_col = k + 1;
    cells::text(&mut ws, 3, 0, "Scenario", Some(&cells::bold()))?;
    cells::text(&mut ws, 4, 0, "Name", Some(&cells::bold()))?;
    for (i, ctx) in ctxs.iter().enumerate() {
        cells::text(
            &mut ws,
            3,
            1 + i as u16,
            &format!("S{}", i + 1),
            Some(&cells::bold()),
        )?;
        cells::text(&mut ws, 4, 1 + i as u16, &ctx.scenario().name, None)?;
        ws.set_column_width(1 + i as u16, 22)?;
    }
    cells::text(&mut ws, 3, best_col, "Best", Some(&cells::bold()))?;
    let (first, last) = (column_number_to_name(1), column_number_to_name(k));
    for (j, (label, key, better, kind, none, value)) in ROWS.iter().enumerate() {
        let z = 5 + j as u32;
        let row = z + 1;
        cells::text(&mut ws, z, 0, label, None)?;
        let values: Vec<Option<f64>> = ctxs.iter().map(|c| value(c.result())).collect();
        for (i, ctx) in ctxs.iter().enumerate() {
            cells::opt_formula(
                &mut ws,
                z,
                1 + i as u16,
                &format!("={}", ctx.n(key)),
                values[i],
                none,
                *kind,
            )?;
        }
        if *better == Better::Neither {
            continue;
        }
        let r = format!("{first}{row}:{last}{row}");
        let pick = if *better == Better::Lower {
            "MIN"
        } else {
            "MAX"
        };
        let formula = format!(
            "=IF(COUNT({r})<2,\"—\",IF(MAX({r})=MIN({r}),\"all equal\",INDEX(${first}$4:${last}$4,MATCH({pick}({r}),{r},0))))"
        );
        ws.write_formula(
            z,
            best_col,
            Formula::new(formula).set_result(best(&values, *better)),
        )?;
    }
    // The compare page's two rows that are not single figures, as the engine's values.
    let z = 5 + ROWS.len() as u32;
    cells::text(
        &mut ws,
        z,
        0,
        "Replicas in the busiest hour: all traffic / hybrid (month 1)",
        None,
    )?;
    cells::text(
        &mut ws,
        z + 1,
        0,
        "Hybrid savings vs API, P10–P90 (Monte Carlo)",
        None,
    )?;
    for (i, ctx) in ctxs.iter().enumerate() {
        let r = ctx.result();
        let n = |v: Option<f64>| v.map_or_else(|| "—".to_string(), tco::format::count);
        let replicas = format!(
            "{} / {}",
            n(r.self_hosted.fleet.replicas),
            n(r.hybrid.fleet.replicas)
        );
        cells::text(&mut ws, z, 1 + i as u16, &replicas, None)?;
        let range = r.uncertainty.as_ref().map_or_else(
            || "Monte Carlo off".to_string(),
            |u| {
                let q = &u.hybrid_savings_usd;
                format!("{} – {}", tco::format::usd(q.p10), tco::format::usd(q.p90))
            },
        );
        cells::text(&mut ws, z + 1, 1 + i as u16, &range, None)?;
    }
    cells::text(
        &mut ws,
        z + 2,
        0,
        "The two rows above are computed by the Breakeven engine (values, not formulas).",
        Some(&cells::note()),
    )?;
    ws.set_column_width(0, 50)?;
    ws.set_column_width(best_col, 12)?;
    Ok(ws)
}
