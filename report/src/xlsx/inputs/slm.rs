//! The SLM's input rows: a hosted SLM's API prices, or a self-hosted fleet's GPU price (typed,
//! a GPU-table offer less its discount, or owned hardware, the last two as formulas), its
//! throughput (typed or measured, and where) and its sizing inputs.

use serde_json::Value;
use tco::scenario::{GpuBasis, GpuPriceKind, PriceSource, SlmServing, ThroughputBasis};

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
                "SLM API input price",
                "slm_input_usd_per_mtok",
                api.prices.input_usd_per_mtok,
                "USD/Mtok",
                ps("slm.input_usd_per_mtok", &api.source),
                "slm.input_usd_per_mtok",
                Kind::UsdRate,
            ),
            row(
                "SLM API output price",
                "slm_output_usd_per_mtok",
                api.prices.output_usd_per_mtok,
                "USD/Mtok",
                ps("slm.output_usd_per_mtok", &api.source),
                "slm.output_usd_per_mtok",
                Kind::UsdRate,
            ),
            row(
                "SLM API cached input price",
                "slm_cached_input_usd_per_mtok",
                api.prices.cached_input_usd_per_mtok,
                "USD/Mtok",
                ps("slm.cached_input_usd_per_mtok", &api.source),
                "slm.cached_input_usd_per_mtok",
                Kind::UsdRate,
            ),
            row(
                "SLM API price per request",
                "slm_usd_per_request",
                api.prices.usd_per_request,
                "USD/request",
                ps("slm.usd_per_request", &api.source),
                "slm.usd_per_request",
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
                    "GPUs per replica",
                    "gpus_per_replica",
                    f.gpus_per_replica,
                    "GPUs",
                    td("slm.gpus_per_replica"),
                    "slm.gpus_per_replica",
                    Kind::Count,
                ),
                row(
                    "Prefill throughput of one replica",
                    "prefill_tokens_per_s",
                    f.prefill_tokens_per_s,
                    "tokens/s per replica",
                    throughput.clone(),
                    "slm.prefill_tokens_per_s",
                    Kind::Plain,
                ),
                row(
                    "Decode throughput of one replica",
                    "decode_tokens_per_s",
                    f.decode_tokens_per_s,
                    "tokens/s per replica",
                    throughput,
                    "slm.decode_tokens_per_s",
                    Kind::Plain,
                ),
                row(
                    "Target utilisation",
                    "target_utilization",
                    f.target_utilization,
                    "0–1",
                    td("slm.target_utilization"),
                    "slm.target_utilization",
                    Kind::Share,
                ),
                row(
                    "Minimum replicas",
                    "min_replicas",
                    f.min_replicas,
                    "replicas",
                    td("slm.min_replicas"),
                    "slm.min_replicas",
                    Kind::Count,
                ),
                row(
                    "Hours billed per month",
                    "hours_per_month",
                    f.hours_per_month,
                    "hours/month",
                    td("slm.hours_per_month"),
                    "slm.hours_per_month",
                    Kind::Plain,
                ),
                row(
                    "Fixed cost per month",
                    "fixed_usd_per_month",
                    f.fixed_usd_per_month,
                    "USD/month",
                    td("slm.fixed_usd_per_month"),
                    "slm.fixed_usd_per_month",
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
            out.push(row(
                "GPU offer's listed price",
                "gpu_listed_usd_per_hour",
                listed_usd_per_gpu_hour,
                "USD/GPU-hour",
                format!("GPU table: {offer} ({gpu}), {kind}, as of {as_of}, flag {flag}; {source}"),
                "slm.gpu",
                Kind::UsdRate,
            ));
            out.push(row(
                "Discount off the listed price",
                "gpu_discount",
                discount,
                "0–1",
                typed_or_default(
                    &serde_json::to_value(&ctx.rs.input).unwrap_or(Value::Null),
                    "slm.gpu_discount",
                ),
                "slm.gpu_discount",
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
                    "Owned GPU: purchase price",
                    "owned_purchase_usd",
                    o.purchase_usd,
                    "USD",
                    "typed".into(),
                    "slm.owned.purchase_usd",
                    Kind::Usd,
                ),
                row(
                    "Owned GPU: amortisation",
                    "owned_amortisation_months",
                    o.amortisation_months,
                    "months",
                    "typed".into(),
                    "slm.owned.amortisation_months",
                    Kind::Plain,
                ),
                row(
                    "Owned GPU: power at the wall",
                    "owned_power_watts",
                    o.power_watts,
                    "W",
                    "typed".into(),
                    "slm.owned.power_watts",
                    Kind::Plain,
                ),
                row(
                    "Owned GPU: PUE",
                    "owned_pue",
                    o.pue,
                    "ratio",
                    "typed".into(),
                    "slm.owned.pue",
                    Kind::Plain,
                ),
                row(
                    "Owned GPU: electricity price",
                    "owned_electricity_usd_per_kwh",
                    o.electricity_usd_per_kwh,
                    "USD/kWh",
                    "typed".into(),
                    "slm.owned.electricity_usd_per_kwh",
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
    out.push(Row {
        label: "GPU price",
        key: "gpu_usd_per_hour",
        value: usd_per_hour,
        formula,
        unit: "USD/GPU-hour",
        source,
        path: "slm.gpu_usd_per_hour",
        kind: Kind::UsdRate,
    });
}
