//! Each option's cash in one month of the Monthly cash flow: owned GPUs bought (month 1's in
//! month 0) and resold at the end, the running cost without their straight-line capital,
//! then savings against the API, cumulative savings, discounted savings and payback, as
//! `tco::roi` computes them.

use rust_xlsxwriter::{Formula, Worksheet, XlsxError};
use tco::roi::CashFlowMonth;

use super::Layout;
use crate::xlsx::cells::{self, Ctx, Kind};

/// Option k's (0 self-hosted, 1 hybrid) cash columns in month `m`, Excel row `row`; `owned`
/// and `running` are the engine's GPUs owned and cash running cost that month.
#[allow(clippy::too_many_arguments)]
pub(super) fn columns(
    ws: &mut Worksheet,
    ctx: &Ctx,
    layout: &Layout,
    row: u32,
    k: usize,
    m: &CashFlowMonth,
    owned_gpus: f64,
    running: f64,
) -> Result<(), XlsxError> {
    let n = |key: &str| ctx.n(key);
    let l = |key: &str| layout.col(key);
    let at = |key: &str| format!("{}{row}", l(key));
    let z = row - 1;
    let t = m.month;
    let a = at("month");
    let put = |ws: &mut Worksheet, key: &str, formula: String, v: f64, kind: Kind| {
        cells::num_formula(ws, z, layout.index(key), &formula, v, kind)
    };
    let prefix = if k == 0 { "sh" } else { "hy" };
    let key = |x: &str| format!("{prefix}_{x}");
    let last = t == ctx.scenario().finance.horizon_months;
    let cost = at(&key("cost"));
    let (mut cash, mut discounted) = (format!("{}-", at("api")), String::new());
    if layout.owned {
        let owned = at(&key("owned"));
        let instances = at(&key("instances"));
        let g = n("gpus_per_instance");
        put(
            ws,
            &key("owned"),
            if t == 1 {
                format!("={instances}*{g}")
            } else {
                format!("=MAX({}{},{instances}*{g})", l(&key("owned")), row - 1)
            },
            owned_gpus,
            Kind::Count,
        )?;
        if t == 1 {
            cells::text(
                ws,
                z,
                layout.index(&key("capex")),
                "(in month 0)",
                Some(&cells::note()),
            )?;
        } else {
            put(
                ws,
                &key("capex"),
                format!(
                    "=({owned}-{}{})*{}",
                    l(&key("owned")),
                    row - 1,
                    n("owned_purchase_usd")
                ),
                m.capex_usd,
                Kind::Usd,
            )?;
        }
        if last {
            put(
                ws,
                &key("resale"),
                format!(
                    "={}*{}*{owned}",
                    n("owned_resale_share"),
                    n("owned_purchase_usd")
                ),
                m.resale_usd,
                Kind::Usd,
            )?;
        }
        put(
            ws,
            &key("running"),
            format!(
                "={cost}-{instances}*{g}*{}",
                n("owned_capital_usd_per_gpu_month")
            ),
            running,
            Kind::Usd,
        )?;
        cash.push_str(&at(&key("running")));
        if last {
            cash.push_str(&format!("+{}", at(&key("resale"))));
        }
        if t > 1 {
            // GPUs are paid at the start of the month they serve: discounted a month less.
            discounted = format!(
                "-{}/(1+{})^({a}-1)",
                at(&key("capex")),
                n("monthly_discount_rate")
            );
        }
    } else {
        cash.push_str(&cost);
    }
    let savings = if layout.owned && t > 1 {
        format!("={cash}-{}", at(&key("capex")))
    } else {
        format!("={cash}")
    };
    put(ws, &key("savings"), savings, m.savings_usd, Kind::Usd)?;
    put(
        ws,
        &key("cum"),
        format!("={}{}+{}", l(&key("cum")), row - 1, at(&key("savings"))),
        m.cumulative_net_usd,
        Kind::Usd,
    )?;
    let monthly_rate = (1.0 + ctx.scenario().finance.discount_rate_annual).powf(1.0 / 12.0) - 1.0;
    let factor = (1.0 + monthly_rate).powi(t as i32);
    let disc = if layout.owned {
        (m.api_usd - running + m.resale_usd) / factor
            - m.capex_usd / (1.0 + monthly_rate).powi(t as i32 - 1)
    } else {
        m.savings_usd / factor
    };
    put(
        ws,
        &key("disc"),
        format!(
            "=({cash})/(1+{})^{a}{discounted}",
            n("monthly_discount_rate")
        ),
        disc,
        Kind::Usd,
    )?;
    let paid = Formula::new(format!("=IF({}>=0,{a},\"—\")", at(&key("cum")))).set_result(
        if m.cumulative_net_usd >= 0.0 {
            t.to_string()
        } else {
            "—".to_string()
        },
    );
    ws.write_formula(z, layout.index(&key("paid")), paid)?;
    Ok(())
}
