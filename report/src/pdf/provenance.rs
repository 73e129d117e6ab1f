//! The report's provenance block: the price table, the self-hosted model, the throughput's
//! basis (with the decode priced where it was adjusted to the scenario's lengths) and the
//! benchmarks behind it, the GPU price's basis, the app version, the scenario and its
//! share link, when it was generated, and the engine's result format and cost model.

use tco::scenario::{GpuBasis, SlmServing};

use super::assumptions::plain;
use super::layout::{Doc, BODY, SMALL};
use super::tables::{col, draw, Align, Cell, Table};
use crate::ReportScenario;
use tco::format::percent;

/// Where the GPU price came from; `full` adds the table row's source (provenance).
pub(crate) fn gpu_source(basis: Option<&GpuBasis>, full: bool) -> String {
    match basis {
        None | Some(GpuBasis::Typed) => "typed".into(),
        Some(GpuBasis::Table { offer, gpu, price, listed_usd_per_gpu_hour, discount, source, as_of, flag }) => {
            let kind = match price {
                tco::scenario::GpuPriceKind::OnDemand => "on-demand",
                tco::scenario::GpuPriceKind::Spot => "spot",
            };
            let row = format!(
                "GPU table row {offer} ({gpu}, {kind} ${}/GPU-hour, {} off for reserved instances",
                plain(*listed_usd_per_gpu_hour),
                percent(*discount)
            );
            if full {
                format!("{row}; {source}, as of {as_of}, flag {flag})")
            } else {
                format!("{row})")
            }
        }
        Some(GpuBasis::Owned { energy_usd_per_gpu_hour, inputs, .. }) => format!(
            "owned hardware: capital {}/GPU a month (${} over {} months) + energy ${}/GPU-hour serving ({} W, PUE {}, ${}/kWh)",
            tco::format::usd(inputs.purchase_usd / inputs.amortisation_months),
            plain(inputs.purchase_usd),
            plain(inputs.amortisation_months),
            plain(*energy_usd_per_gpu_hour),
            plain(inputs.power_watts),
            plain(inputs.pue),
            plain(inputs.electricity_usd_per_kwh),
        ),
    }
}

pub(crate) fn provenance_table(r: &ReportScenario) -> Table {
    let p = &r.provenance;
    let mut t = Table::new(vec![col("", 0.25, Align::Left), col("", 0.75, Align::Left)]);
    t.header = false;
    t.style = BODY.sized(7.5);
    let table_id = p.price_table.id.map_or_else(
        || "bundled".to_string(),
        |id| format!("stored version {id}"),
    );
    let mut row = |k: &str, v: String| t.row(vec![Cell::from(k), Cell::from(v)]);
    row(
        "Price table",
        format!("{} ({table_id})", p.price_table.label),
    );
    row("Price table date", p.price_table.as_of.clone());
    if let (SlmServing::SelfHosted(_), Some(_)) = (&r.scenario.slm.serving, &r.scenario.slm.model) {
        row(
            &tco::vocabulary::label_when_served("slm.model", "self_hosted"),
            crate::summary::slm_model_words(r),
        );
    }
    row("Throughput", crate::summary::throughput_words(r));
    if p.benchmarks.is_empty() {
        row(
            "Benchmarks",
            crate::basis::unattached_benchmark(r).unwrap_or_else(|| "none referenced".into()),
        );
    }
    for b in &p.benchmarks {
        row(
            "Benchmark",
            format!("#{} {} ({})", b.id, b.hardware, b.label),
        );
    }
    if let (SlmServing::SelfHosted(_), Some(_)) = (&r.scenario.slm.serving, &r.scenario.slm.model) {
        row("GPU price", gpu_source(r.scenario.slm.gpu.as_ref(), true));
    }
    row("App version", format!("Breakeven {}", p.app_version));
    row(
        "Scenario",
        match (&p.scenario_id, p.revision) {
            (Some(id), Some(rev)) => format!("{id}, revision {rev}"),
            (Some(id), None) => id.clone(),
            _ => "not saved (a scenario file or an unsaved state)".into(),
        },
    );
    row(
        "Share link",
        p.share_link
            .clone()
            .unwrap_or_else(|| "none (not saved)".into()),
    );
    row("Generated", super::utc(p.generated_unix));
    row(
        "Engine",
        format!(
            "result format {}, cost model version {} (docs/cost-model.md)",
            r.result.format, r.result.model_version
        ),
    );
    t
}

pub(crate) fn provenance(doc: &mut Doc, r: &ReportScenario) {
    doc.heading("Provenance", 60.0);
    doc.paragraph(
        SMALL,
        "Every figure is computed by the Breakeven engine (tco) from the inputs above, by the code behind the planner and the API.",
    );
    draw(doc, &provenance_table(r));
}
