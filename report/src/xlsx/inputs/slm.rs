//! The SLM's input rows: a hosted SLM's API prices, or a self-hosted fleet's GPUs (a typed
//! price or a GPU-table offer, rented with a reserved base, spot and cold starts; or owned
//! hardware), the model served and where its throughput comes from (typed, a benchmark,
//! an endpoint benchmark, a projection, and what was measured), the throughput priced (the
//! decode adjusted to the scenario's lengths where it was), its sizing and scaling, and the
//! people who run it.

use serde_json::Value;
use tco::scenario::{Fleet, FleetGpu, GpuBasis, GpuPriceKind, SlmServing};
use tco::vocabulary;

use super::{row, stated, typed_or_default, Cell, Row};
use crate::basis;
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
            basis_rows(ctx, out);
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
                    basis::prefill_source(ctx.rs),
                    Kind::Plain,
                ),
            ]);
            decode_rows(ctx, out, f);
            out.extend([
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

/// The model served and where the throughput comes from (`crate::basis`): text cells
/// for ids, devices and choices, numbers for what was measured. No formula reads them; they
/// say what the throughput figures below rest on.
fn basis_rows(ctx: &Ctx, out: &mut Vec<Row>) {
    for e in basis::model(ctx.rs)
        .into_iter()
        .chain(basis::throughput(ctx.rs))
    {
        let label = vocabulary::label_when_served(e.path, "self_hosted");
        let r = match e.value {
            basis::Value::Num(v) => row(e.path, e.key, v, e.source, Kind::Plain),
            basis::Value::Share(v) => row(e.path, e.key, v, e.source, Kind::Share),
            basis::Value::Text(t) => {
                row(e.path, e.key, 0.0, e.source, Kind::Plain).holding(Cell::Text(t))
            }
        };
        out.push(r.informational(label));
    }
}

/// The decode throughput the fleet is sized with. Where it was adjusted to the scenario's
/// lengths (a benchmark's decode fit, or a projection recomputed), the cell the formulas
/// read (`decode_tokens_per_s`) holds the adjusted figure the engine priced, and the
/// figure as measured follows on a row of its own that no formula reads.
fn decode_rows(ctx: &Ctx, out: &mut Vec<Row>, f: &Fleet) {
    let decode = "slm.decode_tokens_per_s";
    let adjusted = ctx
        .scenario()
        .slm
        .throughput
        .as_ref()
        .filter(|t| t.adjusted_decode_tokens_per_s.is_some());
    match adjusted {
        None => out.push(row(
            decode,
            "decode_tokens_per_s",
            f.decode_tokens_per_s,
            basis::decode_source(ctx.rs),
            Kind::Plain,
        )),
        Some(t) => {
            let priced = row(
                decode,
                "decode_tokens_per_s",
                f.decode_tokens_per_s,
                format!(
                    "{}; the figure priced, which the fleet's formulas use (the figure as measured is on the next row)",
                    basis::decode_source(ctx.rs)
                ),
                Kind::Plain,
            );
            let measured = row(
                decode,
                "decode_tokens_per_s_measured",
                t.stated_decode_tokens_per_s,
                format!(
                    "{}; not priced and read by no formula: the fleet is sized with the adjusted figure above",
                    t.source
                ),
                Kind::Plain,
            );
            let label = format!(
                "{} as measured, before the adjustment",
                vocabulary::label(decode)
            );
            out.extend([priced, measured.informational(label)]);
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
