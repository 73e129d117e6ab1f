//! The XLSX workbook: Summary, Inputs, Fleet schedule (a self-hosted fleet), Monthly cash
//! flow, Routing curve, Sensitivity and Provenance for one scenario; for two to four, a
//! Comparison sheet first and each scenario's sheets prefixed "S1 ", "S2 ", ….
//!
//! Inputs are cells with defined names (`requests_per_month`; `s1_requests_per_month` in a
//! comparison), and every derived figure (API cost per request, the fleet hour by hour with
//! its optimal reserved base and each part of its bill, monthly costs, owned GPUs in cash,
//! savings, cumulative savings, NPV, payback, the break-even volume where a closed form
//! holds, the routing curve's costs) is an Excel formula over them that reproduces `tco`'s
//! arithmetic step for step, with the engine's value stored as the cached result so readers
//! that do not recalculate show the same numbers. What no formula can reasonably follow —
//! the exact break-even search, a fleet over the week re-sized for every month of growth or
//! every share of the routing curve, the policy comparison, the tornado, the Monte Carlo —
//! is the engine's value, and its label or header says so.
//!
//! No user text ever reaches a formula or a sheet name: sheet names are fixed words with a
//! numbered prefix, names are written with `write_string`, and formulas are built only from
//! defined names, cell references and constants.

mod cashflow;
mod cells;
mod compare;
mod figures;
mod flat;
mod fleet;
mod headline;
mod inputs;
mod model;
mod routing;
mod summary;
mod values;

use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};

use crate::{ReportError, ReportScenario};
use cells::Ctx;

/// The most scenarios one workbook compares.
pub const MAX_SCENARIOS: usize = 4;

/// Writes the workbook of one scenario, or the comparison workbook of two to four.
pub fn render(scenarios: &[ReportScenario]) -> Result<Vec<u8>, ReportError> {
    if scenarios.is_empty() || scenarios.len() > MAX_SCENARIOS {
        return Err(ReportError::Count(format!(
            "a workbook holds 1 to {MAX_SCENARIOS} scenarios (got {})",
            scenarios.len()
        )));
    }
    build(scenarios).map_err(|e| ReportError::Write {
        format: "workbook",
        message: e.to_string(),
    })
}

fn build(scenarios: &[ReportScenario]) -> Result<Vec<u8>, XlsxError> {
    let single = scenarios.len() == 1;
    let ctxs: Vec<Ctx> = scenarios
        .iter()
        .enumerate()
        .map(|(i, rs)| Ctx {
            rs,
            sheet_prefix: if single {
                String::new()
            } else {
                format!("S{} ", i + 1)
            },
            name_prefix: if single {
                String::new()
            } else {
                format!("s{}_", i + 1)
            },
        })
        .collect();
    let mut wb = Workbook::new();
    let title = if single {
        format!("Breakeven: {}", scenarios[0].scenario.name)
    } else {
        "Breakeven: comparison".to_string()
    };
    wb.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("Breakeven")
            .set_comment("Derived figures are formulas over the Inputs sheet; see Provenance."),
    );
    if !single {
        wb.push_worksheet(compare::sheet(&ctxs)?);
    }
    for ctx in &ctxs {
        let (inputs, mut names) = inputs::sheet(ctx)?;
        let fleet = fleet::sheet(ctx)?;
        let (cash, layout) = cashflow::sheet(ctx)?;
        let (curve, curve_name, curve_rows) = routing::sheet(ctx)?;
        let (summary, summary_names) = summary::sheet(ctx, &layout, &curve_name, &curve_rows)?;
        names.extend(summary_names);
        wb.push_worksheet(summary);
        wb.push_worksheet(inputs);
        if let Some((sheet, fleet_names)) = fleet {
            wb.push_worksheet(sheet);
            names.extend(fleet_names);
        }
        for sheet in [
            cash,
            curve,
            values::sensitivity(ctx)?,
            values::provenance(ctx)?,
        ] {
            wb.push_worksheet(sheet);
        }
        for (name, range) in names {
            wb.define_name(name, &range)?;
        }
    }
    wb.save_to_buffer()
}
