//! The sheets of engine values that are not formulas: Sensitivity (the tornado and the
//! Monte Carlo P10/P50/P90) and Provenance (where every number came from).

use rust_xlsxwriter::{Worksheet, XlsxError};
use tco::format::civil_date;
use tco::scenario::GpuBasis;
use tco::uncertainty::Quantiles;

use super::cells::{self, Ctx, Kind, ENGINE_NOTE};

pub(crate) fn sensitivity(ctx: &Ctx) -> Result<Worksheet, XlsxError> {
    let r = ctx.result();
    let mut ws = Worksheet::new();
    ws.set_name(ctx.sheet("Sensitivity"))?;
    cells::text(
        &mut ws,
        0,
        0,
        "Sensitivity: each input moved ±20 %, hybrid savings vs API in month 1",
        Some(&cells::title()),
    )?;
    cells::text(&mut ws, 1, 0, ENGINE_NOTE, Some(&cells::note()))?;
    let header = [
        "Input",
        "Base value",
        "Low (−20 %)",
        "Savings at low",
        "High (+20 %)",
        "Savings at high",
        "Swing",
    ];
    for (c, h) in header.iter().enumerate() {
        cells::text(&mut ws, 3, c as u16, h, Some(&cells::bold()))?;
    }
    let mut row = 4;
    for t in &r.sensitivity {
        // The label and unit (the values are in it), never the field's path.
        let input = tco::vocabulary::field(&t.field)
            .map_or_else(|| tco::vocabulary::label(&t.field), |f| f.label_with_unit());
        cells::text(&mut ws, row, 0, &input, None)?;
        cells::number(&mut ws, row, 1, t.base_value, Kind::Plain)?;
        cells::number(&mut ws, row, 2, t.low_value, Kind::Plain)?;
        cells::number(&mut ws, row, 3, t.savings_at_low_usd, Kind::Usd)?;
        cells::number(&mut ws, row, 4, t.high_value, Kind::Plain)?;
        cells::number(&mut ws, row, 5, t.savings_at_high_usd, Kind::Usd)?;
        cells::number(&mut ws, row, 6, t.swing_usd, Kind::Usd)?;
        row += 1;
    }
    row += 1;
    cells::text(
        &mut ws,
        row,
        0,
        "Monte Carlo (uncertain inputs)",
        Some(&cells::bold()),
    )?;
    row += 1;
    match &r.uncertainty {
        None => {
            cells::text(
                &mut ws,
                row,
                0,
                "Not run: the scenario gives no uncertain inputs (uncertainty is off).",
                None,
            )?;
        }
        Some(u) => {
            cells::text(
                &mut ws,
                row,
                0,
                &format!(
                    "{} draws, seed {}; uncertain inputs: {}",
                    u.draws,
                    u.seed,
                    crate::labels(&u.inputs)
                ),
                None,
            )?;
            row += 1;
            for (c, h) in ["Figure", "P10", "P50", "P90"].iter().enumerate() {
                cells::text(&mut ws, row, c as u16, h, Some(&cells::bold()))?;
            }
            row += 1;
            let mut q = |ws: &mut Worksheet,
                         label: &str,
                         v: &Quantiles,
                         kind: Kind|
             -> Result<(), XlsxError> {
                cells::text(ws, row, 0, label, None)?;
                cells::number(ws, row, 1, v.p10, kind)?;
                cells::number(ws, row, 2, v.p50, kind)?;
                cells::number(ws, row, 3, v.p90, kind)?;
                row += 1;
                Ok(())
            };
            q(
                &mut ws,
                "LLM API: monthly cost",
                &u.api_monthly_usd,
                Kind::Usd,
            )?;
            q(
                &mut ws,
                "Self-hosted / SLM: monthly cost",
                &u.self_hosted_monthly_usd,
                Kind::Usd,
            )?;
            q(
                &mut ws,
                "Hybrid: monthly cost",
                &u.hybrid_monthly_usd,
                Kind::Usd,
            )?;
            q(
                &mut ws,
                "Hybrid: savings vs API",
                &u.hybrid_savings_usd,
                Kind::Usd,
            )?;
            q(
                &mut ws,
                "Self-hosted: NPV",
                &u.self_hosted_npv_usd,
                Kind::Usd,
            )?;
            q(&mut ws, "Hybrid: NPV", &u.hybrid_npv_usd, Kind::Usd)?;
            if let Some(hq) = &u.hybrid_quality {
                q(&mut ws, "Hybrid quality", hq, Kind::Share)?;
            }
            let be = &u.break_even_requests_per_month;
            cells::text(&mut ws, row, 0, "Break-even volume (requests/month)", None)?;
            for (c, v) in [be.p10, be.p50, be.p90].into_iter().enumerate() {
                match v {
                    Some(v) => cells::number(&mut ws, row, 1 + c as u16, v, Kind::Count)?,
                    None => cells::text(&mut ws, row, 1 + c as u16, "none", None)?,
                }
            }
            row += 1;
            cells::text(&mut ws, row, 0, "Share of draws with no break-even", None)?;
            cells::number(&mut ws, row, 1, be.none_share, Kind::Share)?;
            row += 2;
            cells::text(
                &mut ws,
                row,
                0,
                "Probability each option is the cheapest",
                Some(&cells::bold()),
            )?;
            row += 1;
            let p = &u.probability_cheapest;
            for (label, v) in [
                ("LLM API", p.api),
                ("Self-hosted / SLM", p.self_hosted),
                ("Hybrid", p.hybrid),
            ] {
                cells::text(&mut ws, row, 0, label, None)?;
                cells::number(&mut ws, row, 1, v, Kind::Share)?;
                row += 1;
            }
        }
    }
    ws.set_column_width(0, 44)?;
    for c in 1..7 {
        ws.set_column_width(c, 16)?;
    }
    Ok(ws)
}

/// "2026-11-22 16:05:09 UTC" from seconds since the Unix epoch.
pub(crate) fn utc(unix: i64) -> String {
    let secs = unix.rem_euclid(86_400);
    format!(
        "{} {:02}:{:02}:{:02} UTC",
        civil_date(unix.div_euclid(86_400)),
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

pub(crate) fn provenance(ctx: &Ctx) -> Result<Worksheet, XlsxError> {
    let p = &ctx.rs.provenance;
    let s = ctx.scenario();
    let r = ctx.result();
    let mut ws = Worksheet::new();
    ws.set_name(ctx.sheet("Provenance"))?;
    cells::text(
        &mut ws,
        0,
        0,
        "Provenance: where the numbers came from",
        Some(&cells::title()),
    )?;
    let opt = |v: &Option<String>| {
        v.clone()
            .unwrap_or_else(|| "none (not a saved scenario)".into())
    };
    let mut rows: Vec<(String, String)> = vec![
        ("Scenario".into(), s.name.clone()),
        ("Scenario id".into(), opt(&p.scenario_id)),
        (
            "Revision".into(),
            p.revision
                .map_or_else(|| "none (not a saved scenario)".into(), |r| r.to_string()),
        ),
        ("Share link".into(), opt(&p.share_link)),
        ("Price table".into(), p.price_table.label.clone()),
        (
            "Price table id".into(),
            p.price_table
                .id
                .map_or_else(|| "none (the bundled table)".into(), |i| i.to_string()),
        ),
        ("Price table as of".into(), p.price_table.as_of.clone()),
        ("Generated".into(), utc(p.generated_unix)),
        (
            "Generated (Unix seconds)".into(),
            p.generated_unix.to_string(),
        ),
        ("Breakeven version".into(), p.app_version.clone()),
        ("Result format".into(), r.format.clone()),
        (
            "Cost model".into(),
            format!("version {} (docs/cost-model.md)", r.model_version),
        ),
        ("LLM prices".into(), price_line(&r.prices.llm)),
    ];
    if let Some(slm) = &r.prices.slm {
        rows.push(("SLM API prices".into(), price_line(slm)));
    }
    if let Some(gpu) = &r.prices.gpu {
        rows.push(("GPU price".into(), match gpu {
            GpuBasis::Typed => "typed".into(),
            GpuBasis::Table { offer, gpu, listed_usd_per_gpu_hour, discount, source, as_of, flag, .. } => format!(
                "GPU table offer {offer} ({gpu}): listed {}/GPU-hour, {} off for reserved instances; as of {as_of}; flag {flag}; {source}",
                tco::format::usd(*listed_usd_per_gpu_hour), tco::format::percent(*discount)),
            GpuBasis::Owned { capital_usd_per_gpu_hour, energy_usd_per_gpu_hour, .. } => format!(
                "owned hardware: {}/GPU-hour capital + {}/GPU-hour energy",
                tco::format::usd(*capital_usd_per_gpu_hour), tco::format::usd(*energy_usd_per_gpu_hour)),
        }));
    }
    if let tco::scenario::SlmServing::SelfHosted(_) = ctx.scenario().slm.serving {
        rows.push((
            tco::vocabulary::label_when_served("slm.model", "self_hosted"),
            crate::summary::slm_model_words(ctx.rs),
        ));
        rows.push((
            "Throughput".into(),
            crate::summary::throughput_words(ctx.rs),
        ));
    }
    for w in &r.warnings {
        rows.push(("Warning".into(), crate::warning(w)));
    }
    let mut row = 2;
    for (label, value) in rows {
        cells::text(&mut ws, row, 0, &label, Some(&cells::bold()))?;
        cells::text(&mut ws, row, 1, &value, None)?;
        row += 1;
    }
    row += 1;
    cells::text(
        &mut ws,
        row,
        0,
        "Benchmark results behind the throughput",
        Some(&cells::bold()),
    )?;
    row += 1;
    if p.benchmarks.is_empty() {
        let none = crate::basis::unattached_benchmark(ctx.rs).unwrap_or_else(|| {
            "none: the throughput was not taken from a stored benchmark".to_string()
        });
        cells::text(&mut ws, row, 0, &none, None)?;
    } else {
        for (c, h) in ["Benchmark id", "Hardware", "Label"].iter().enumerate() {
            cells::text(&mut ws, row, c as u16, h, Some(&cells::bold()))?;
        }
        for b in &p.benchmarks {
            row += 1;
            ws.write_number(row, 0, b.id as f64)?;
            cells::text(&mut ws, row, 1, &b.hardware, None)?;
            cells::text(&mut ws, row, 2, &b.label, None)?;
        }
    }
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 90)?;
    ws.set_column_width(2, 14)?;
    Ok(ws)
}

fn price_line(p: &tco::scenario::PriceSource) -> String {
    let mut out = match (&p.model, &p.table) {
        (Some(m), Some(t)) => format!("{m} from {t}"),
        (Some(m), None) => m.clone(),
        _ => "typed prices".into(),
    };
    if !p.overridden.is_empty() {
        out.push_str(&format!("; overridden: {}", crate::labels(&p.overridden)));
    }
    out
}
