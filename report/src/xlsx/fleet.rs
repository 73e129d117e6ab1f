//! The Fleet schedule sheet: the self-hosted fleet in month 1, hour by hour, in formulas
//! over the Inputs sheet — for all traffic and for the hybrid's SLM share side by side.
//!
//! With a load shape the table has the week's 168 hours: each hour's weight, its share of
//! the month's requests, requests per hour, the load in replicas, the replicas needed (the
//! tolerant ceiling), the replicas the scaling policy runs, whole instances, reserved and
//! burst instances, instances started (cold starts), and — rented — the GPU bill each
//! hour's instance count would give as the reserved base. The cheapest of those bills (and
//! of reserving nothing) picks the optimal base, the smallest on a tie, as
//! `tco::fleet::FleetModel::optimal_base` does. Without a shape the table is v1's one
//! block: H hours at the peak rate. Above the table, each part of the month-1 bill.

mod block;
mod figures;
mod parts;
mod table;

use rust_xlsxwriter::utility::{column_number_to_name, quote_sheet_name};
use rust_xlsxwriter::{Worksheet, XlsxError};
use tco::scenario::SlmServing;

use super::cells::{self, Ctx, Kind, ENGINE_NOTE};
pub(crate) use block::Block;

/// The columns of one fleet's part of the schedule table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Col {
    Requests,
    Load,
    Need,
    Replicas,
    Instances,
    Reserved,
    Burst,
    Starts,
    BillIfBase,
    Candidate,
}

/// Where the table is: its rows and each fleet's columns.
pub(crate) struct Geometry {
    /// 1-based Excel rows of the first and last slot.
    pub first: u32,
    pub last: u32,
    /// With a load shape: 168 hour slots; without, one block of H hours.
    pub week: bool,
    /// The columns of a fleet, in order, after the five common ones.
    pub cols: Vec<Col>,
}

/// Columns every fleet shares: hour, day, hour of day, weight, requests per hour per
/// request a month.
pub(crate) const COMMON: u16 = 5;

impl Geometry {
    /// 0-based column of `col` for fleet `fleet` (0 all traffic, 1 the hybrid's share).
    pub(crate) fn index(&self, fleet: usize, col: Col) -> u16 {
        let at = self.cols.iter().position(|c| *c == col).unwrap_or(0);
        COMMON + (fleet * self.cols.len() + at) as u16
    }

    pub(crate) fn letter(&self, fleet: usize, col: Col) -> String {
        column_number_to_name(self.index(fleet, col))
    }

    /// `$H$30:$H$197`: the whole column of one fleet.
    pub(crate) fn range(&self, fleet: usize, col: Col) -> String {
        let c = self.letter(fleet, col);
        format!("${c}${}:${c}${}", self.first, self.last)
    }

    /// Hours a month one slot lasts: 730/168 in a week, H for v1's block.
    pub(crate) fn slot_hours(&self, ctx: &Ctx) -> String {
        if self.week {
            "730/168".to_string()
        } else {
            ctx.n("hours_per_month")
        }
    }

    /// Hours a month the fleet exists and reserved instances are billed.
    pub(crate) fn month_hours(&self, ctx: &Ctx) -> String {
        if self.week {
            "730".to_string()
        } else {
            ctx.n("hours_per_month")
        }
    }
}

/// The two fleets' keys: all traffic and the hybrid's share.
pub(crate) const FLEETS: [&str; 2] = ["sh", "hy"];

/// A sheet and the defined names it adds: (name, "='Sheet'!$B$n").
pub(crate) type NamedSheet = (Worksheet, Vec<(String, String)>);

/// The sheet, and its defined names (`fleet_sh_gpu_usd`, …); None for a hosted SLM.
pub(crate) fn sheet(ctx: &Ctx) -> Result<Option<NamedSheet>, XlsxError> {
    let s = ctx.scenario();
    let SlmServing::SelfHosted(f) = &s.slm.serving else {
        return Ok(None);
    };
    let share = s.routing.effective_slm_share();
    let blocks = [
        Block::new(s, f, s.workload.requests_per_month, true),
        Block::new(s, f, share * s.workload.requests_per_month, share > 0.0),
    ];
    let week = s.load_shape.is_some();
    let rented = matches!(f.gpu, tco::scenario::FleetGpu::Rented { .. });
    let mut cols = vec![
        Col::Requests,
        Col::Load,
        Col::Need,
        Col::Replicas,
        Col::Instances,
        Col::Reserved,
        Col::Burst,
    ];
    if rented && week {
        cols.push(Col::Starts);
    }
    if rented {
        cols.extend([Col::BillIfBase, Col::Candidate]);
    }
    let figures = figures::figures(week, rented);
    let policies = ctx.result().self_hosted.policies;
    let figure_rows = figures.len() as u32;
    let policy_rows = if policies.is_some() { 6 } else { 0 };
    // Title, note, a blank row; the figures; the policies; a blank row; the table's header.
    let header = 3 + 1 + figure_rows + 1 + policy_rows + 1;
    let slots = blocks[0].bill.schedule.len() as u32;
    let geo = Geometry {
        first: header + 2,
        last: header + 1 + slots,
        week,
        cols,
    };

    let name = ctx.sheet("Fleet schedule");
    let mut ws = Worksheet::new();
    ws.set_name(&name)?;
    cells::text(
        &mut ws,
        0,
        0,
        "Fleet schedule: the self-hosted fleet in month 1, hour by hour",
        Some(&cells::title()),
    )?;
    cells::text(
        &mut ws,
        1,
        0,
        if week {
            "Every figure is a formula over the Inputs sheet: the week's 168 hours (Monday 00:00 UTC first), each 730/168 hours a month. \
             The optimal reserved base is the cheapest of reserving nothing or any hour's instance count (the smallest on a tie)."
        } else {
            "Every figure is a formula over the Inputs sheet. Without a load shape the fleet has one size: sized for the peak rate and billed the hours per month."
        },
        Some(&cells::note()),
    )?;
    let quoted = quote_sheet_name(&name);
    let mut names = Vec::new();
    let top = 3u32;
    for (c, h) in [
        "Figure",
        "All traffic (self-hosted)",
        "Hybrid: the SLM's share",
        "How",
    ]
    .iter()
    .enumerate()
    {
        cells::text(&mut ws, top, c as u16, h, Some(&cells::bold()))?;
    }
    for (i, fig) in figures.iter().enumerate() {
        let z = top + 1 + i as u32;
        cells::text(&mut ws, z, 0, fig.label, None)?;
        for (k, block) in blocks.iter().enumerate() {
            let col = 1 + k as u16;
            let v = (fig.value)(block);
            match (fig.formula)(ctx, &geo, k) {
                Some(formula) => cells::num_formula(&mut ws, z, col, &formula, v, fig.kind)?,
                None => cells::number(&mut ws, z, col, v, fig.kind)?,
            }
            let defined = ctx.n(&format!("fleet_{}_{}", FLEETS[k], fig.key));
            names.push((
                defined,
                format!("={quoted}!${}${}", column_number_to_name(col), z + 1),
            ));
        }
        cells::text(&mut ws, z, 3, fig.how, None)?;
    }
    if let Some(p) = policies {
        let z = top + 1 + figure_rows + 1;
        cells::text(
            &mut ws,
            z,
            0,
            "The month-1 cost under each scaling policy",
            Some(&cells::bold()),
        )?;
        cells::text(&mut ws, z + 1, 0, ENGINE_NOTE, Some(&cells::note()))?;
        for (i, (label, v)) in [
            ("Always on at the week's busiest hour", p.always_on_usd),
            ("Hour by hour, nothing reserved", p.hourly_usd),
            (
                "Hour by hour with the optimal reserved base",
                p.hourly_optimal_reserved_usd,
            ),
        ]
        .into_iter()
        .enumerate()
        {
            let z = z + 2 + i as u32;
            cells::text(&mut ws, z, 0, label, None)?;
            cells::number(&mut ws, z, 1, v, Kind::Usd)?;
        }
    }
    table::write(&mut ws, ctx, &geo, header, &blocks)?;
    ws.set_column_width(0, 44)?;
    ws.set_column_width(1, 18)?;
    ws.set_column_width(2, 18)?;
    ws.set_column_width(3, 18)?;
    for c in 4..COMMON + 2 * geo.cols.len() as u16 {
        ws.set_column_width(c, 14)?;
    }
    Ok(Some((ws, names)))
}

/// The name of figure `key` of fleet `k`.
pub(crate) fn own(ctx: &Ctx, k: usize, key: &str) -> String {
    ctx.n(&format!("fleet_{}_{key}", FLEETS[k]))
}

/// `formula` for fleet k: the hybrid's only when it deploys a fleet (its share is above 0),
/// 0 otherwise.
fn when_deployed(ctx: &Ctx, k: usize, formula: String) -> String {
    if k == 0 {
        format!("={formula}")
    } else {
        format!("=IF({}>0,{formula},0)", ctx.n("slm_share"))
    }
}
