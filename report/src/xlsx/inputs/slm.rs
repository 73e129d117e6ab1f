//! The SLM's input rows: a hosted SLM's API prices, or a self-hosted fleet's GPUs (a typed
//! price or a GPU-table offer, rented with a reserved base, spot and cold starts; or owned
//! hardware), its throughput (typed or measured, and where), its sizing and scaling, and
//! the people who run it.

use serde_json::Value;
use tco::scenario::{Fleet, FleetGpu, GpuBasis, GpuPriceKind, SlmServing};
use tco::vocabulary;

use super::{row, stated, typed_or_default, Cell, Row};
use crate::xlsx::cells::{Ctx, Kind};

/// The words a scaling policy or the optimal reserved base is written with: the
/// vocabulary's, which the formulas compare against.
pub(crate) fn choice_words(path: &str, value: &str) -> &'static str {
    vocabulary::choice(path, value).unwrap_or("")
}

pub(super) fn rows(ctx: &Ctx, out: &mut Vec<Row>, input: &Value) {
    let s = ctx.scenario();
    let td = |p: &str| typed_or_default(input, p);
    match &s.slm.serving {
        SlmServing::Api(api) => {
            super::api::rows(out, "slm", api, input);
            out.push(token_ratio(ctx, input));
        }
        SlmServing::SelfHosted(f) => {
            gpu_rows(ctx, out, f, input);
            let throughput = match &s.slm.throughput {
                Some(t) => t.in_words(),
                None => "typed (an estimate, not a measurement)".to_string(),
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
                    "slm.prefix_caching",
                    "prefix_caching",
                    0.0,
                    format!("{}; TRUE or FALSE", td("slm.prefix_caching")),
                    Kind::Plain,
                )
                .holding(Cell::Bool(f.prefix_caching)),
                token_ratio(ctx, input),
                row(
                    "slm.target_utilization",
                    "target_utilization",
                    f.target_utilization,
                    td("slm.target_utilization"),
                    Kind::Share,
                ),
            ]);
            let (always, hourly) = (
                choice_words("slm.scaling", "always_on"),
                choice_words("slm.scaling", "hourly"),
            );
            let scaling = match f.scaling {
                tco::scenario::Scaling::AlwaysOn => always,
                tco::scenario::Scaling::Hourly => hourly,
            };
            let scaling_source = if s.load_shape.is_some() {
                format!("{}; “{always}” or “{hourly}”", td("slm.scaling"))
            } else {
                format!(
                    "{}; without a load shape the fleet is always on",
                    td("slm.scaling")
                )
            };
            out.push(
                row("slm.scaling", "scaling", 0.0, scaling_source, Kind::Plain)
                    .holding(Cell::Text(scaling.to_string())),
            );
            out.extend([
                row(
                    "slm.min_replicas",
                    "min_replicas",
                    f.min_replicas,
                    td("slm.min_replicas"),
                    Kind::Count,
                ),
                row(
                    "slm.spare_replicas",
                    "spare_replicas",
                    f.spare_replicas,
                    td("slm.spare_replicas"),
                    Kind::Count,
                ),
            ]);
            if s.load_shape.is_none() {
                out.push(row(
                    "slm.hours_per_month",
                    "hours_per_month",
                    f.hours_per_month,
                    td("slm.hours_per_month"),
                    Kind::Plain,
                ));
            }
            out.extend([
                row(
                    "slm.ops_fte",
                    "ops_fte",
                    f.ops_fte,
                    td("slm.ops_fte"),
                    Kind::Plain,
                ),
                row(
                    "slm.fte_usd_per_year",
                    "fte_usd_per_year",
                    f.fte_usd_per_year,
                    td("slm.fte_usd_per_year"),
                    Kind::Usd,
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

fn token_ratio(ctx: &Ctx, input: &Value) -> Row {
    row(
        "slm.token_ratio",
        "token_ratio",
        ctx.scenario().slm.token_ratio,
        typed_or_default(input, "slm.token_ratio"),
        Kind::Plain,
    )
}

/// The GPUs: a rented price (typed, or a GPU-table offer's listed price) with its discount,
/// reserved base, spot and cold starts; or owned hardware. Then G, the GPUs per instance.
fn gpu_rows(ctx: &Ctx, out: &mut Vec<Row>, f: &Fleet, input: &Value) {
    let td = |p: &str| typed_or_default(input, p);
    let basis = ctx.scenario().slm.gpu.clone().unwrap_or(GpuBasis::Typed);
    let offer = match &basis {
        GpuBasis::Table { offer, .. } => Some(offer.clone()),
        _ => None,
    };
    match f.gpu {
        FleetGpu::Rented {
            usd_per_gpu_hour,
            discount,
            spot_share,
            spot_usd_per_gpu_hour,
            spot_overhead,
            reserved_instances,
            cold_start_s,
        } => {
            let (price_source, spot_source) = match &basis {
                GpuBasis::Table {
                    offer,
                    gpu,
                    price,
                    as_of,
                    flag,
                    source,
                    ..
                } => {
                    let kind = match price {
                        GpuPriceKind::OnDemand => "on-demand",
                        GpuPriceKind::Spot => "spot (the whole fleet on spot)",
                    };
                    (
                        format!(
                            "GPU table: {offer} ({gpu}), its listed {kind} price, as of {as_of}, flag {flag}; {source}"
                        ),
                        match spot_usd_per_gpu_hour {
                            Some(_) => format!("GPU table: {offer}'s listed spot price"),
                            None => format!("none: {offer} lists no spot price (the spot share stays 0)"),
                        },
                    )
                }
                _ => (
                    "typed".to_string(),
                    if stated(input, "slm.spot_usd_per_hour") {
                        "typed".to_string()
                    } else {
                        "none typed (the spot share stays 0)".to_string()
                    },
                ),
            };
            let optimal = choice_words("slm.reserved_instances", "optimal");
            let reserved = row(
                "slm.reserved_instances",
                "reserved_instances",
                reserved_instances.unwrap_or(0.0),
                format!(
                    "{}; a whole number, or “{optimal}” (the Fleet schedule finds the cheapest)",
                    td("slm.reserved_instances")
                ),
                Kind::Count,
            );
            out.extend([
                row(
                    "slm.gpu_usd_per_hour",
                    "gpu_usd_per_hour",
                    usd_per_gpu_hour,
                    price_source,
                    Kind::UsdRate,
                ),
                row(
                    "slm.gpu_discount",
                    "gpu_discount",
                    discount,
                    td("slm.gpu_discount"),
                    Kind::Share,
                ),
                match reserved_instances {
                    Some(_) => reserved,
                    None => reserved.holding(Cell::Text(optimal.to_string())),
                },
                row(
                    "slm.spot_usd_per_hour",
                    "spot_usd_per_hour",
                    spot_usd_per_gpu_hour.unwrap_or(0.0),
                    spot_source,
                    Kind::UsdRate,
                ),
                row(
                    "slm.spot_share",
                    "spot_share",
                    spot_share,
                    td("slm.spot_share"),
                    Kind::Share,
                ),
                row(
                    "slm.spot_overhead",
                    "spot_overhead",
                    spot_overhead,
                    td("slm.spot_overhead"),
                    Kind::Share,
                ),
                row(
                    "slm.cold_start_s",
                    "cold_start_s",
                    cold_start_s,
                    td("slm.cold_start_s"),
                    Kind::Plain,
                ),
                row(
                    "slm.price_change_annual",
                    "slm_price_change_annual",
                    f.price_change_annual,
                    td("slm.price_change_annual"),
                    Kind::Share,
                ),
            ]);
        }
        FleetGpu::Owned {
            inputs: o,
            idle_power_watts,
            resale_share,
        } => {
            let owned = |key: &str| format!("slm.owned.{key}");
            for (key, name, v, kind) in [
                (
                    "purchase_usd",
                    "owned_purchase_usd",
                    o.purchase_usd,
                    Kind::Usd,
                ),
                (
                    "amortisation_months",
                    "owned_amortisation_months",
                    o.amortisation_months,
                    Kind::Plain,
                ),
                (
                    "power_watts",
                    "owned_power_watts",
                    o.power_watts,
                    Kind::Plain,
                ),
                (
                    "idle_power_watts",
                    "owned_idle_power_watts",
                    idle_power_watts,
                    Kind::Plain,
                ),
                ("pue", "owned_pue", o.pue, Kind::Plain),
                (
                    "electricity_usd_per_kwh",
                    "owned_electricity_usd_per_kwh",
                    o.electricity_usd_per_kwh,
                    Kind::UsdRate,
                ),
                (
                    "resale_share",
                    "owned_resale_share",
                    resale_share,
                    Kind::Share,
                ),
            ] {
                let path = owned(key);
                let source = if key == "idle_power_watts" && !stated(input, &path) {
                    format!(
                        "default: the {}",
                        vocabulary::label("slm.owned.power_watts").to_lowercase()
                    )
                } else {
                    td(&path)
                };
                out.push(row(&path, name, v, source, kind));
            }
        }
    }
    out.push(row(
        "slm.gpus_per_instance",
        "gpus_per_instance",
        f.gpus_per_instance,
        match offer {
            Some(offer) => format!("GPU table: {offer} rents whole instances of this many GPUs"),
            None => td("slm.gpus_per_instance"),
        },
        Kind::Count,
    ));
}
