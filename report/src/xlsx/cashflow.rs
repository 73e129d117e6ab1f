//! The Monthly cash flow sheet: month 0 (the one-time cost, and owned GPUs bought for
//! month 1) and months 1 … T, each figure a formula over the Inputs sheet's named cells and
//! the Summary's model figures, as `tco::roi` computes them: volume grown month by month,
//! API and rented GPU prices moved by their yearly trends, the fleet re-sized every month,
//! owned GPUs paid in cash when bought and resold at the end, savings against the API,
//! cumulative savings, and savings discounted at the monthly rate for the NPV.
//!
//! Without a load shape the fleet is v1's one block and every month's fleet is a formula
//! (`flat`). With a shape each month's fleet needs its own 168-hour schedule: month 1
//! comes from the Fleet schedule sheet, and a later month is that schedule at the month's
//! prices while the volume does not grow, else the engine's value — the columns' headers
//! say so.

mod cash;
mod month;

use rust_xlsxwriter::utility::column_number_to_name;
use rust_xlsxwriter::{Worksheet, XlsxError};
use tco::scenario::{FleetGpu, SlmServing};

use super::cells::{self, Ctx};

/// Row of the column headers (0-based); month 0 is the row below, month t the t-th after.
pub(crate) const HEADER_ROW: u32 = 3;

/// How the self-hosted side is served, which decides the sheet's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Serving {
    /// A hosted SLM API: R·a_slm.
    Hosted,
    /// A fleet without a load shape: formulas month by month.
    Flat,
    /// A fleet over the week: the Fleet schedule's month 1, the engine's when volume grows.
    Week,
}

/// Where the Summary and the charts find the table.
pub(crate) struct Layout {
    /// 1-based Excel rows of month 0 and of the last month.
    pub month0: u32,
    pub last: u32,
    pub serving: Serving,
    /// Owned GPUs: paid in cash when bought, resold at the end.
    pub owned: bool,
    pub rented: bool,
    keys: Vec<String>,
}

impl Layout {
    /// The column letter of a key ("api", "sh_cost", …).
    pub(crate) fn col(&self, key: &str) -> String {
        column_number_to_name(self.index(key))
    }

    pub(crate) fn index(&self, key: &str) -> u16 {
        self.keys.iter().position(|k| k == key).unwrap_or(0) as u16
    }
}

const LATER: &str = "later months: the Fleet schedule at the month's prices while volume does not grow, else the engine's value (each month needs its own 168-hour schedule)";

fn header(key: &str, serving: Serving) -> String {
    let (side, rest) = key.split_at(3);
    let who = if side == "sh_" {
        "Self-hosted"
    } else {
        "Hybrid"
    };
    let slm = if side == "hy_" { "SLM " } else { "" };
    match (key, rest) {
        ("month", _) => "Month".to_string(),
        ("requests", _) => "Requests".to_string(),
        ("api", _) => "LLM API cost".to_string(),
        (_, "needed") => format!("{who}: {slm}replicas needed (before rounding up)"),
        (_, "replicas") => format!("{who}: {slm}replicas"),
        (_, "instances") if serving == Serving::Week => format!(
            "{who}: {slm}instances in the busiest hour (month 1 from the Fleet schedule; {LATER})"
        ),
        (_, "instances") => format!("{who}: {slm}instances"),
        (_, "reserved") => format!("{who}: {slm}reserved instances"),
        (_, "gpu") if serving == Serving::Week => {
            format!("{who}: {slm}GPU bill (month 1 from the Fleet schedule; {LATER})")
        }
        (_, "gpu") => format!("{who}: {slm}GPU bill"),
        (_, "owned") => format!("{who}: GPUs owned"),
        (_, "capex") => format!("{who}: GPUs bought (cash)"),
        (_, "resale") => format!("{who}: GPUs resold"),
        (_, "running") => format!("{who}: running cost in cash (no capital)"),
        (_, "cost") => format!("{who}: monthly cost"),
        (_, "savings") => format!("{who}: savings vs API"),
        (_, "cum") => format!("{who}: cumulative savings (net of one-time cost)"),
        (_, "disc") => format!("{who}: discounted savings"),
        (_, "paid") => format!("{who}: month if paid back"),
        (_, "slm_req") => "Hybrid: SLM requests".to_string(),
        (_, "llm_req") => "Hybrid: LLM requests".to_string(),
        (_, "slm") => "Hybrid: SLM cost".to_string(),
        (_, "llm") => "Hybrid: LLM cost".to_string(),
        (_, "router") => "Hybrid: router fees".to_string(),
        _ => String::new(),
    }
}

/// The fleet columns of one side ("sh" or "hy").
fn fleet_keys(side: &str, serving: Serving) -> Vec<String> {
    let keys: &[&str] = match serving {
        Serving::Hosted => &[],
        Serving::Flat => &["needed", "replicas", "instances", "reserved", "gpu"],
        Serving::Week => &["instances", "gpu"],
    };
    keys.iter().map(|k| format!("{side}_{k}")).collect()
}

/// The cash and savings columns of one side.
fn cash_keys(side: &str, owned: bool) -> Vec<String> {
    let mut keys: Vec<&str> = Vec::new();
    if owned {
        keys.extend(["owned", "capex", "resale", "running"]);
    }
    keys.extend(["savings", "cum", "disc", "paid"]);
    keys.iter().map(|k| format!("{side}_{k}")).collect()
}

pub(crate) fn sheet(ctx: &Ctx) -> Result<(Worksheet, Layout), XlsxError> {
    let s = ctx.scenario();
    let (serving, owned, rented) = match &s.slm.serving {
        SlmServing::Api(_) => (Serving::Hosted, false, false),
        SlmServing::SelfHosted(f) => (
            if s.load_shape.is_some() {
                Serving::Week
            } else {
                Serving::Flat
            },
            matches!(f.gpu, FleetGpu::Owned { .. }),
            matches!(f.gpu, FleetGpu::Rented { .. }),
        ),
    };
    let mut keys: Vec<String> = ["month", "requests", "api"].map(String::from).to_vec();
    keys.extend(fleet_keys("sh", serving));
    keys.push("sh_cost".into());
    keys.extend(cash_keys("sh", owned));
    keys.extend(["hy_slm_req", "hy_llm_req"].map(String::from));
    keys.extend(fleet_keys("hy", serving));
    keys.extend(["hy_slm", "hy_llm", "hy_router", "hy_cost"].map(String::from));
    keys.extend(cash_keys("hy", owned));
    let months = s.finance.horizon_months;
    let layout = Layout {
        month0: HEADER_ROW + 2,
        last: HEADER_ROW + 2 + months,
        serving,
        owned,
        rented,
        keys,
    };

    let mut ws = Worksheet::new();
    ws.set_name(ctx.sheet("Monthly cash flow"))?;
    cells::text(&mut ws, 0, 0, "Monthly cash flow", Some(&cells::title()))?;
    let mut note = "Every figure is a formula over the Inputs sheet unless its header says otherwise. Month 0 is the one-time cost, \
         paid once and not discounted; the self-hosted fleet is re-sized every month as volume grows, at the month's prices."
        .to_string();
    if owned {
        note.push_str(" Owned GPUs are paid in cash when bought (month 1's in month 0, discounted as the month before they serve) and resold in the last month; the monthly cost shows their capital straight-line.");
    }
    cells::text(&mut ws, 1, 0, &note, Some(&cells::note()))?;
    let wrap = cells::bold().set_text_wrap();
    for (c, key) in layout.keys.iter().enumerate() {
        cells::text(
            &mut ws,
            HEADER_ROW,
            c as u16,
            &header(key, serving),
            Some(&wrap),
        )?;
        ws.set_column_width(c as u16, if c == 0 { 8 } else { 15 })?;
    }
    ws.set_row_height(HEADER_ROW, if serving == Serving::Week { 150 } else { 60 })?;
    month::month_zero(&mut ws, ctx, &layout)?;
    month::months(&mut ws, ctx, &layout)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 1)?;
    Ok((ws, layout))
}
