//! The schedule table of the Fleet schedule sheet: one row per hour of the week (or v1's
//! one block), the columns every fleet shares, then each fleet's own columns.

use rust_xlsxwriter::{Formula, Worksheet, XlsxError};
use tco::scenario::SlmServing;

use super::{own, Block, Col, Geometry};
use crate::xlsx::cells::{self, ceil_tolerant, Ctx, Kind};
use crate::xlsx::inputs::choice_words;

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn header(col: Col) -> &'static str {
    match col {
        Col::Requests => "requests per hour",
        Col::Load => "load in replicas (before rounding up)",
        Col::Need => "replicas needed",
        Col::Replicas => "replicas running",
        Col::Instances => "instances",
        Col::Reserved => "reserved (owned) instances",
        Col::Burst => "burst instances",
        Col::Starts => "instances started",
        Col::BillIfBase => "GPU bill if this hour's instances were the reserved base",
        Col::Candidate => "a cheapest reserved base",
    }
}

/// Σ_j max(0, burst_j − burst_{j−1}) over the week (cyclic) with `base` reserved, as one
/// expression over fleet k's instance column: the instance starts that cold starts bill.
pub(super) fn starts_with_base(g: &Geometry, k: usize, base: &str) -> String {
    let c = g.letter(k, Col::Instances);
    let (first, last) = (g.first, g.last);
    let above = |range: &str| format!("(({range}>{base})*({range}-{base}))");
    let now = above(&format!("${c}${}:${c}${last}", first + 1));
    let before = above(&format!("${c}${first}:${c}${}", last - 1));
    format!(
        "SUMPRODUCT(({now}>{before})*({now}-{before}))+MAX(0,MAX(0,${c}${first}-{base})-MAX(0,${c}${last}-{base}))"
    )
}

/// Writes the header at row `header` (0-based) and one row per slot below it.
pub(super) fn write(
    ws: &mut Worksheet,
    ctx: &Ctx,
    g: &Geometry,
    header_row: u32,
    blocks: &[Block; 2],
) -> Result<(), XlsxError> {
    let s = ctx.scenario();
    let wrap = cells::bold().set_text_wrap();
    let common: [&str; 5] = if g.week {
        [
            "Hour of the week",
            "Day",
            "Hour of the day (UTC)",
            "Weight",
            "Requests per hour, per request a month",
        ]
    } else {
        [
            "Block",
            "",
            "",
            "Peak over the mean ((1−β)·k + β)",
            "Requests per hour, per request a month",
        ]
    };
    for (c, h) in common.iter().enumerate() {
        cells::text(ws, header_row, c as u16, h, Some(&wrap))?;
    }
    for (k, who) in ["All traffic", "Hybrid"].iter().enumerate() {
        for col in &g.cols {
            cells::text(
                ws,
                header_row,
                g.index(k, *col),
                &format!("{who}: {}", header(*col)),
                Some(&wrap),
            )?;
        }
    }
    ws.set_row_height(header_row, 75)?;
    if !matches!(s.slm.serving, SlmServing::SelfHosted(_)) {
        return Ok(());
    }
    let rates: Vec<f64> = s
        .traffic()
        .slots()
        .iter()
        .map(|slot| slot.rate_per_monthly_request * 3600.0)
        .collect();
    let n = |key: &str| ctx.n(key);
    let (first, last) = (g.first, g.last);
    for (j, rate) in rates.iter().enumerate() {
        let row = first + j as u32;
        let z = row - 1;
        if g.week {
            ws.write_number(z, 0, j as f64)?;
            cells::text(ws, z, 1, DAYS[j / 24], None)?;
            ws.write_number(z, 2, (j % 24) as f64)?;
            let shape = s.load_shape.as_deref().unwrap_or(&[]);
            let (weight, formula) = if shape.len() == 24 {
                let day = s.weekly_shape.map_or(1.0, |d| d[j / 24]);
                let formula = match s.weekly_shape {
                    Some(_) => format!(
                        "=INDEX({},C{row}+1)*INDEX({},INT(A{row}/24)+1)",
                        n("load_shape"),
                        n("weekly_shape")
                    ),
                    None => format!("=INDEX({},C{row}+1)", n("load_shape")),
                };
                (shape[j % 24] * day, formula)
            } else {
                (
                    shape.get(j).copied().unwrap_or(0.0),
                    format!("=INDEX({},A{row}+1)", n("load_shape")),
                )
            };
            cells::num_formula(ws, z, 3, &formula, weight, Kind::Plain)?;
            cells::num_formula(
                ws,
                z,
                4,
                &format!(
                    "=((1-{b})*D{row}/SUM($D${first}:$D${last})+{b}/168)*168/730",
                    b = n("batch_share")
                ),
                *rate,
                Kind::Plain,
            )?;
        } else {
            cells::text(ws, z, 0, "every hour the fleet runs", None)?;
            let w = &s.workload;
            cells::num_formula(
                ws,
                z,
                3,
                &format!(
                    "=(1-{b})*{}+{b}",
                    n("peak_to_average"),
                    b = n("batch_share")
                ),
                (1.0 - w.batch_share) * w.peak_to_average + w.batch_share,
                Kind::Plain,
            )?;
            cells::num_formula(
                ws,
                z,
                4,
                &format!("=D{row}/{}", n("hours_per_month")),
                *rate,
                Kind::Plain,
            )?;
        }
        for (k, block) in blocks.iter().enumerate() {
            slot(ws, ctx, g, k, block, j, *rate)?;
        }
    }
    Ok(())
}

/// Fleet k's cells in slot j, whose requests per hour per request a month are `rate`.
fn slot(
    ws: &mut Worksheet,
    ctx: &Ctx,
    g: &Geometry,
    k: usize,
    b: &Block,
    j: usize,
    rate: f64,
) -> Result<(), XlsxError> {
    let n = |key: &str| ctx.n(key);
    let row = g.first + j as u32;
    let z = row - 1;
    let at = |col: Col| format!("{}{row}", g.letter(k, col));
    let h = b
        .bill
        .schedule
        .get(j)
        .copied()
        .unwrap_or(tco::fleet::SlotFleet {
            replicas: 0.0,
            instances: 0.0,
            reserved: 0.0,
            burst: 0.0,
        });
    let base = own(ctx, k, "reserved");
    let (gi, gr) = (n("gpus_per_instance"), n("gpus_per_replica"));
    for col in &g.cols {
        let c = g.index(k, *col);
        let put = |ws: &mut Worksheet, formula: String, v: f64, kind: Kind| {
            cells::num_formula(ws, z, c, &formula, v, kind)
        };
        match col {
            Col::Requests => put(
                ws,
                format!("={}*$E{row}", own(ctx, k, "requests")),
                b.volume * rate,
                Kind::Plain,
            )?,
            Col::Load => put(
                ws,
                format!(
                    "={}/3600*{}/{}",
                    at(Col::Requests),
                    n("gpu_seconds_per_request"),
                    n("target_utilization")
                ),
                b.load[j],
                Kind::Plain,
            )?,
            Col::Need => {
                let load = at(Col::Load);
                put(
                    ws,
                    format!("=IF({load}>0,{},0)", ceil_tolerant(&load)),
                    b.need[j],
                    Kind::Count,
                )?
            }
            Col::Replicas => {
                let (m, spare, need) = (n("min_replicas"), n("spare_replicas"), at(Col::Need));
                let hourly = choice_words("slm.scaling", "hourly");
                let running = format!(
                    "IF({}=\"{hourly}\",IF(MAX({m},{need})>0,MAX({m},{need})+{spare},0),MAX({m},MAX({}))+{spare})",
                    n("scaling"),
                    g.range(k, Col::Need)
                );
                let formula = if k == 0 {
                    format!("={running}")
                } else {
                    format!("=IF({}>0,{running},0)", n("slm_share"))
                };
                put(ws, formula, h.replicas, Kind::Count)?
            }
            Col::Instances => {
                let r = at(Col::Replicas);
                put(
                    ws,
                    format!("=IF({gr}<={gi},ROUNDUP({r}/INT({gi}/{gr}),0),{r}*{gr}/{gi})"),
                    h.instances,
                    Kind::Count,
                )?
            }
            Col::Reserved => put(
                ws,
                format!("=MIN({base},{})", at(Col::Instances)),
                h.reserved,
                Kind::Count,
            )?,
            Col::Burst => put(
                ws,
                format!("=MAX(0,{}-{base})", at(Col::Instances)),
                h.burst,
                Kind::Count,
            )?,
            Col::Starts => {
                let previous = if j == 0 { g.last } else { row - 1 };
                let burst = g.letter(k, Col::Burst);
                put(
                    ws,
                    format!("=MAX(0,{burst}{row}-{burst}{previous})"),
                    b.starts[j],
                    Kind::Count,
                )?
            }
            Col::BillIfBase => {
                let i = at(Col::Instances);
                let range = g.range(k, Col::Instances);
                let mut burst = format!(
                    "{}*{}*SUMPRODUCT(({range}>{i})*({range}-{i}))",
                    n("burst_usd_per_gpu_hour"),
                    g.slot_hours(ctx)
                );
                if g.week {
                    burst.push_str(&format!(
                        "+{}*{}/3600*730/168*({})",
                        n("burst_usd_per_gpu_hour"),
                        n("cold_start_s"),
                        starts_with_base(g, k, &i)
                    ));
                }
                put(
                    ws,
                    format!(
                        "={gi}*({i}*{}*{}+{burst})",
                        n("reserved_usd_per_gpu_hour"),
                        g.month_hours(ctx)
                    ),
                    b.candidate_usd[j],
                    Kind::Usd,
                )?
            }
            Col::Candidate => {
                let lowest = own(ctx, k, "lowest_usd");
                let formula = format!(
                    "=IF({}<={lowest}+1E-9*ABS({lowest}),{},\"—\")",
                    at(Col::BillIfBase),
                    at(Col::Instances)
                );
                let cached = if b.candidate_usd[j] <= b.threshold() {
                    cells::cached(h.instances)
                } else {
                    "—".to_string()
                };
                ws.write_formula_with_format(
                    z,
                    c,
                    Formula::new(formula).set_result(cached),
                    &Kind::Count.format(false),
                )?;
            }
        }
    }
    Ok(())
}
