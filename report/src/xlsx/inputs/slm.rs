//! The SLM's input rows: a hosted SLM's API prices, or a self-hosted fleet's GPU price (typed,
//! a GPU-table offer less its discount, or owned hardware, the last two as formulas), its
//! throughput (typed or measured, and where) and its sizing inputs.

use serde_json::Value;
use tco::scenario::{GpuBasis, GpuPriceKind, PriceSource, SlmServing, ThroughputBasis};
use tco::vocabulary;

use super::{row, typed_or_default, Row};
use crate::xlsx::cells::{Ctx, Kind};

pub(super) fn rows(
    ctx: &Ctx,
    out: &mut Vec<Row>,
    td: &dyn Fn(&str) -> String,
    ps: &dyn Fn(&str, &PriceSource) -> String,
) {
    let s = ctx.scenario();
    match &s.slm.serving {
        SlmServing::Api(api) => out.extend([
            row(
                "slm.input_usd_per_mtok",
                "slm_input_usd_per_mtok",
                api.prices.input_usd_per_mtok,
                ps("slm.input_usd_per_mtok", &api.source),
                Kind::UsdRate,
            ),
            row(
                "slm.output_usd_per_mtok",
                "slm_output_usd_per_mtok",
                api.prices.output_usd_per_mtok,
                ps("slm.output_usd_per_mtok", &api.source),
                Kind::UsdRate,
            ),
            row(
                "slm.cached_input_usd_per_mtok",
                "slm_cached_input_usd_per_mtok",
                api.prices.cached_input_usd_per_mtok,
                ps("slm.cached_input_usd_per_mtok", &api.source),
                Kind::UsdRate,
            ),
            row(
                "slm.usd_per_request",
                "slm_usd_per_request",
                api.prices.usd_per_request,
                ps("slm.usd_per_request", &api.source),
                Kind::UsdFine,
            ),
        ]),
        SlmServing::SelfHosted(f) => {
            gpu_rows(ctx, out, f.gpu_usd_per_hour);
            let throughput = match &s.slm.throughput {
                Some(ThroughputBasis::Measured { source }) => format!("measured: {source}"),
                _ => "typed (an estimate, not a measurement)".to_string(),
            };
            out.extend([
                row(
                    "slm.gpus_per_replica",
                    "gpus_per_replica",
                    f.gpus_per_replica,
                    td("slm.gpus_per_replica"),
                    Kind::Count,
                ),
                row(
                    "slm.prefill_tokens_per_s",
                    "prefill_tokens_per_s",
                    f.prefill_tokens_per_s,
                    throughput.clone(),
                    Kind::Plain,
                ),
                row(
                    "slm.decode_tokens_per_s",
                    "decode_tokens_per_s",
                    f.decode_tokens_per_s,
                    throughput,
                    Kind::Plain,
                ),
                row(
                    "slm.target_utilization",
                    "target_utilization",
                    f.target_utilization,
                    td("slm.target_utilization"),
                    Kind::Share,
                ),
                row(
                    "slm.min_replicas",
                    "min_replicas",
                    f.min_replicas,
                    td("slm.min_replicas"),
                    Kind::Count,
                ),
                row(
                    "slm.hours_per_month",
                    "hours_per_month",
                    f.hours_per_month,
                    td("slm.hours_per_month"),
                    Kind::Plain,
                ),
                row(
                    "slm.fixed_usd_per_month",
                    "fixed_usd_per_month",
                    f.fixed_usd_per_month,
                    td("slm.fixed_usd_per_month"),
                    Kind::Usd,
                ),
            ]);
        }
    }
}

/// The GPU price: typed, or a formula over a table offer's price and discount, or over
/// owned hardware's purchase, amortisation, power, PUE and electricity price.
fn gpu_rows(ctx: &Ctx, out: &mut Vec<Row>, usd_per_hour: f64) {
    let n = |k: &str| ctx.n(k);
    let basis = ctx.scenario().slm.gpu.clone().unwrap_or(GpuBasis::Typed);
    let (formula, source) = match basis {
        GpuBasis::Typed => (None, "typed".to_string()),
        GpuBasis::Table {
            offer,
            gpu,
            price,
            listed_usd_per_gpu_hour,
            discount,
            source,
            as_of,
            flag,
        } => {
            let kind = match price {
                GpuPriceKind::OnDemand => "on-demand",
                GpuPriceKind::Spot => "spot",
            };
            // The offer is a choice; what the sheet holds is its listed price per GPU-hour.
            let price_unit = vocabulary::field("slm.gpu_usd_per_hour").map_or("", |f| f.unit);
            out.push(
                row(
                    "slm.gpu",
                    "gpu_listed_usd_per_hour",
                    listed_usd_per_gpu_hour,
                    format!(
                        "GPU table: {offer} ({gpu}), {kind}, as of {as_of}, flag {flag}; {source}"
                    ),
                    Kind::UsdRate,
                )
                .relabelled(
                    format!("{}: listed price", vocabulary::label("slm.gpu")),
                    price_unit,
                ),
            );
            out.push(row(
                "slm.gpu_discount",
                "gpu_discount",
                discount,
                typed_or_default(
                    &serde_json::to_value(&ctx.rs.input).unwrap_or(Value::Null),
                    "slm.gpu_discount",
                ),
                Kind::Share,
            ));
            (
                Some(format!(
                    "{}*(1-{})",
                    n("gpu_listed_usd_per_hour"),
                    n("gpu_discount")
                )),
                "formula: listed price × (1 − discount)".to_string(),
            )
        }
        GpuBasis::Owned { inputs: o, .. } => {
            out.extend([
                row(
                    "slm.owned.purchase_usd",
                    "owned_purchase_usd",
                    o.purchase_usd,
                    "typed".into(),
                    Kind::Usd,
                ),
                row(
                    "slm.owned.amortisation_months",
                    "owned_amortisation_months",
                    o.amortisation_months,
                    "typed".into(),
                    Kind::Plain,
                ),
                row(
                    "slm.owned.power_watts",
                    "owned_power_watts",
                    o.power_watts,
                    "typed".into(),
                    Kind::Plain,
                ),
                row(
                    "slm.owned.pue",
                    "owned_pue",
                    o.pue,
                    "typed".into(),
                    Kind::Plain,
                ),
                row(
                    "slm.owned.electricity_usd_per_kwh",
                    "owned_electricity_usd_per_kwh",
                    o.electricity_usd_per_kwh,
                    "typed".into(),
                    Kind::UsdRate,
                ),
            ]);
            (
                Some(format!(
                    "{}/({}*{})+{}/1000*{}*{}",
                    n("owned_purchase_usd"), n("owned_amortisation_months"), n("hours_per_month"),
                    n("owned_power_watts"), n("owned_pue"), n("owned_electricity_usd_per_kwh")
                )),
                "formula: purchase / (amortisation months × hours per month) + W/1000 × PUE × USD/kWh".to_string(),
            )
        }
    };
    out.push(
        row(
            "slm.gpu_usd_per_hour",
            "gpu_usd_per_hour",
            usd_per_hour,
            source,
            Kind::UsdRate,
        )
        .with_formula(formula),
    );
}
