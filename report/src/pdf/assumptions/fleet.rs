//! A self-hosted fleet's rows: its GPUs (rented at a typed or listed price with a reserved
//! base, spot and cold starts; or owned), throughput, sizing, scaling and people.

use tco::format::percent;
use tco::input::{ReservedInstances, SlmInput};
use tco::scenario::{Fleet, FleetGpu, Scaling};
use tco::vocabulary;

use super::{plain, typed, Rows};
use crate::basis::{self, Value};
use crate::pdf::provenance::gpu_source;
use crate::ReportScenario;

pub(super) fn rows(rows: &mut Rows, r: &ReportScenario, f: &Fleet, si: &SlmInput) {
    let s = &r.scenario;
    // Instances start and stop, and owned GPUs idle, only when the fleet follows the week.
    let varies = s.load_shape.is_some() && f.scaling == Scaling::Hourly;
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
            rows.add(
                "slm.gpu_usd_per_hour",
                format!("${}", plain(usd_per_gpu_hour)),
                gpu_source(s.slm.gpu.as_ref(), false),
            );
            rows.add(
                "slm.gpu_discount",
                percent(discount),
                typed(si.gpu_discount.is_some()),
            );
            let reserved = match reserved_instances {
                Some(b) => plain(b),
                None => vocabulary::choice("slm.reserved_instances", "optimal")
                    .unwrap_or("")
                    .to_string(),
            };
            let reserved_given = matches!(
                si.reserved_instances,
                Some(ReservedInstances::Count(_) | ReservedInstances::Choice(_))
            );
            rows.add("slm.reserved_instances", reserved, typed(reserved_given));
            if let Some(spot) = spot_usd_per_gpu_hour {
                rows.add_where(
                    spot_share > 0.0,
                    si.spot_usd_per_hour.is_some(),
                    "slm.spot_usd_per_hour",
                    format!("${}", plain(spot)),
                    if si.spot_usd_per_hour.is_some() {
                        "typed".to_string()
                    } else {
                        "GPU table: the offer's spot price".to_string()
                    },
                );
            }
            rows.add(
                "slm.spot_share",
                percent(spot_share),
                typed(si.spot_share.is_some()),
            );
            rows.add_where(
                spot_share > 0.0,
                si.spot_overhead.is_some(),
                "slm.spot_overhead",
                percent(spot_overhead),
                typed(si.spot_overhead.is_some()),
            );
            rows.add_where(
                varies,
                si.cold_start_s.is_some(),
                "slm.cold_start_s",
                plain(cold_start_s),
                typed(si.cold_start_s.is_some()),
            );
            rows.add(
                "slm.price_change_annual",
                percent(f.price_change_annual),
                typed(si.price_change_annual.is_some()),
            );
        }
        FleetGpu::Owned {
            inputs,
            idle_power_watts,
            resale_share,
        } => {
            let owned = si.owned.clone().unwrap_or_default();
            rows.add(
                "slm.owned.purchase_usd",
                format!("${}", plain(inputs.purchase_usd)),
                "typed".into(),
            );
            rows.add(
                "slm.owned.amortisation_months",
                plain(inputs.amortisation_months),
                "typed".into(),
            );
            rows.add(
                "slm.owned.power_watts",
                plain(inputs.power_watts),
                "typed".into(),
            );
            rows.add_where(
                varies,
                owned.idle_power_watts.is_some(),
                "slm.owned.idle_power_watts",
                plain(idle_power_watts),
                typed(owned.idle_power_watts.is_some()),
            );
            rows.add("slm.owned.pue", plain(inputs.pue), "typed".into());
            rows.add(
                "slm.owned.electricity_usd_per_kwh",
                format!("${}", plain(inputs.electricity_usd_per_kwh)),
                "typed".into(),
            );
            rows.add(
                "slm.owned.resale_share",
                percent(resale_share),
                typed(owned.resale_share.is_some()),
            );
        }
    }
    rows.add(
        "slm.gpus_per_instance",
        plain(f.gpus_per_instance),
        if si.gpu.is_some() {
            "GPU table: the offer's instance".to_string()
        } else {
            typed(si.gpus_per_instance.is_some())
        },
    );
    rows.add(
        "slm.gpus_per_replica",
        plain(f.gpus_per_replica),
        typed(si.gpus_per_replica.is_some()),
    );
    // The model served and where the throughput comes from, then the throughput priced:
    // the decode is the figure the fleet is sized with (adjusted to this scenario's lengths
    // where the benchmark's decode fit allows), its source saying so.
    for e in basis::model(r).into_iter().chain(basis::throughput(r)) {
        let value = match e.value {
            Value::Num(v) => plain(v),
            Value::Share(v) => percent(v),
            Value::Text(t) => t,
        };
        rows.add(e.path, value, e.source);
    }
    rows.add(
        "slm.prefill_tokens_per_s",
        plain(f.prefill_tokens_per_s),
        basis::prefill_source(r),
    );
    // A decode adjusted to the scenario's lengths is computed, not typed: one decimal, as
    // the engine's warning gives it.
    let adjusted = s
        .slm
        .throughput
        .as_ref()
        .is_some_and(|t| t.adjusted_decode_tokens_per_s.is_some());
    rows.add(
        "slm.decode_tokens_per_s",
        if adjusted {
            format!("{:.1}", f.decode_tokens_per_s)
        } else {
            plain(f.decode_tokens_per_s)
        },
        basis::decode_source(r),
    );
    // Prefix caching only skips the prefill of cached input: without any, it cannot
    // move this scenario's figures.
    rows.add_where(
        s.workload.cached_input_share > 0.0,
        si.prefix_caching.is_some(),
        "slm.prefix_caching",
        if f.prefix_caching { "yes" } else { "no" }.into(),
        typed(si.prefix_caching.is_some()),
    );
    rows.add(
        "slm.target_utilization",
        percent(f.target_utilization),
        typed(si.target_utilization.is_some()),
    );
    let scaling = match f.scaling {
        Scaling::AlwaysOn => "always_on",
        Scaling::Hourly => "hourly",
    };
    rows.add(
        "slm.scaling",
        vocabulary::choice("slm.scaling", scaling)
            .unwrap_or(scaling)
            .into(),
        typed(si.scaling.is_some()),
    );
    rows.add(
        "slm.min_replicas",
        plain(f.min_replicas),
        typed(si.min_replicas.is_some()),
    );
    rows.add(
        "slm.spare_replicas",
        plain(f.spare_replicas),
        typed(si.spare_replicas.is_some()),
    );
    if s.load_shape.is_none() {
        rows.add(
            "slm.hours_per_month",
            plain(f.hours_per_month),
            typed(si.hours_per_month.is_some()),
        );
    }
    rows.add("slm.ops_fte", plain(f.ops_fte), typed(si.ops_fte.is_some()));
    // What an engineer costs matters only when someone runs the fleet.
    rows.add_where(
        f.ops_fte > 0.0,
        si.fte_usd_per_year.is_some(),
        "slm.fte_usd_per_year",
        format!("${}", plain(f.fte_usd_per_year)),
        typed(si.fte_usd_per_year.is_some()),
    );
    rows.add(
        "slm.fixed_usd_per_month",
        format!("${}", plain(f.fixed_usd_per_month)),
        typed(si.fixed_usd_per_month.is_some()),
    );
}
