//! Resolves a self-hosted fleet's GPUs: typed prices (`slm.gpu_usd_per_hour`), an offer
//! of the bundled GPU table (`slm.gpu`), or owned hardware (`slm.owned`) — exactly one —
//! with the reserved discount, spot share, reserved base and cold starts of a rented
//! fleet, and the size of the unit that is rented or bought.

use pricing::gpus::{bundled_gpus, OwnedGpu};

use crate::input::{GpuPriceKind, ReservedInstances, SlmInput};
use crate::scenario::{FleetGpu, GpuBasis};
use crate::validate::{Checker, Rule};

const CHOICES: &str =
    "give one of slm.gpu_usd_per_hour, slm.gpu (an offer of the GPU table) or slm.owned";

/// The fleet's GPUs as validated (NaN prices after an error, which `validate` then
/// reports), their basis, and G, the GPUs per rentable instance.
pub(crate) struct Resolved {
    pub gpu: FleetGpu,
    pub basis: GpuBasis,
    pub gpus_per_instance: f64,
}

fn failed() -> Resolved {
    Resolved {
        gpu: FleetGpu::Rented {
            usd_per_gpu_hour: f64::NAN,
            discount: 0.0,
            spot_share: 0.0,
            spot_usd_per_gpu_hour: None,
            spot_overhead: 0.0,
            reserved_instances: None,
            cold_start_s: 0.0,
        },
        basis: GpuBasis::Typed,
        gpus_per_instance: 1.0,
    }
}

/// `hours_per_month` turns owned capital into the USD per GPU-hour shown as its basis.
pub(crate) fn resolve(c: &mut Checker, slm: &SlmInput, hours_per_month: f64) -> Resolved {
    let given = [
        slm.gpu_usd_per_hour.is_some(),
        slm.gpu.is_some(),
        slm.owned.is_some(),
    ];
    match given.iter().filter(|g| **g).count() {
        0 => {
            c.fail("slm.gpu_usd_per_hour", format!("is required: {CHOICES}"));
            return failed();
        }
        1 => {}
        _ => {
            c.fail(
                "slm.gpu_usd_per_hour",
                format!("conflicts: {CHOICES}, not several"),
            );
            return failed();
        }
    }
    if slm.gpu.is_none() {
        c.absent("slm.gpu_price", slm.gpu_price.is_some(), "without slm.gpu");
    }
    if slm.owned.is_some() {
        return owned(c, slm, hours_per_month);
    }
    let typed_instance = slm.gpus_per_instance.map_or(1.0, |g| {
        c.check("slm.gpus_per_instance", g, Rule::WholeBetween(1.0, 1024.0))
            .unwrap_or(f64::NAN)
    });
    let (listed, spot_listed, basis, gpus_per_instance) = match (&slm.gpu, slm.gpu_usd_per_hour) {
        (Some(id), _) => {
            let Some((listed, spot, basis, g)) = from_table(c, slm, id) else {
                return failed();
            };
            (listed, spot, basis, g)
        }
        (None, Some(typed)) => {
            let p = c
                .check("slm.gpu_usd_per_hour", typed, Rule::AboveUpTo(0.0, 1e6))
                .unwrap_or(f64::NAN);
            let spot = slm
                .spot_usd_per_hour
                .and_then(|v| c.check("slm.spot_usd_per_hour", v, Rule::AboveUpTo(0.0, 1e6)));
            (p, spot, GpuBasis::Typed, typed_instance)
        }
        (None, None) => return failed(),
    };
    let spot_share = c.optional(
        "slm.spot_share",
        slm.spot_share,
        0.0,
        Rule::Between(0.0, 1.0),
    );
    if spot_share > 0.0 && spot_listed.is_none() {
        c.fail(
            "slm.spot_share",
            match &slm.gpu {
                Some(id) => format!("needs a spot price, and {id} has none in the GPU table"),
                None => "needs slm.spot_usd_per_hour (the spot price of one GPU-hour)".to_string(),
            },
        );
    }
    if slm.gpu_price == Some(GpuPriceKind::Spot) && slm.spot_share.is_some() {
        c.fail(
            "slm.spot_share",
            "is not used with slm.gpu_price \"spot\" (the whole fleet already runs on spot)",
        );
    }
    let discount = c.optional(
        "slm.gpu_discount",
        slm.gpu_discount,
        0.0,
        Rule::Between(0.0, 0.99),
    );
    let basis = match basis {
        GpuBasis::Table {
            offer,
            gpu,
            price,
            listed_usd_per_gpu_hour,
            source,
            as_of,
            flag,
            ..
        } => GpuBasis::Table {
            offer,
            gpu,
            price,
            listed_usd_per_gpu_hour,
            discount,
            source,
            as_of,
            flag,
        },
        other => other,
    };
    Resolved {
        gpu: FleetGpu::Rented {
            usd_per_gpu_hour: listed,
            discount,
            spot_share,
            spot_usd_per_gpu_hour: spot_listed,
            spot_overhead: c.optional(
                "slm.spot_overhead",
                slm.spot_overhead,
                0.0,
                Rule::Between(0.0, 10.0),
            ),
            reserved_instances: reserved(c, slm.reserved_instances),
            cold_start_s: c.optional(
                "slm.cold_start_s",
                slm.cold_start_s,
                0.0,
                Rule::Between(0.0, 3600.0),
            ),
        },
        basis,
        gpus_per_instance,
    }
}

fn reserved(c: &mut Checker, given: Option<ReservedInstances>) -> Option<f64> {
    match given? {
        ReservedInstances::Choice(_) => None,
        ReservedInstances::Count(b) => Some(
            c.check("slm.reserved_instances", b, Rule::WholeBetween(0.0, 1e6))
                .unwrap_or(f64::NAN),
        ),
    }
}

fn owned(c: &mut Checker, slm: &SlmInput, hours_per_month: f64) -> Resolved {
    let why = "with slm.owned (bought GPUs are neither reserved nor spot)";
    for (key, present) in [
        ("gpu_discount", slm.gpu_discount.is_some()),
        ("spot_share", slm.spot_share.is_some()),
        ("spot_usd_per_hour", slm.spot_usd_per_hour.is_some()),
        ("spot_overhead", slm.spot_overhead.is_some()),
        ("reserved_instances", slm.reserved_instances.is_some()),
        ("cold_start_s", slm.cold_start_s.is_some()),
        ("price_change_annual", slm.price_change_annual.is_some()),
    ] {
        c.absent(&format!("slm.{key}"), present, why);
    }
    let o = slm.owned.clone().unwrap_or_default();
    let mut need =
        |key: &str, v: Option<f64>, rule: Rule| c.required(&format!("slm.owned.{key}"), v, rule);
    let inputs = OwnedGpu {
        purchase_usd: need("purchase_usd", o.purchase_usd, Rule::AboveUpTo(0.0, 1e9)),
        amortisation_months: need(
            "amortisation_months",
            o.amortisation_months,
            Rule::AboveUpTo(0.0, 240.0),
        ),
        power_watts: need("power_watts", o.power_watts, Rule::Between(0.0, 1e5)),
        pue: need("pue", o.pue, Rule::Between(1.0, 5.0)),
        electricity_usd_per_kwh: need(
            "electricity_usd_per_kwh",
            o.electricity_usd_per_kwh,
            Rule::Between(0.0, 100.0),
        ),
    };
    let idle_power_watts = c.optional(
        "slm.owned.idle_power_watts",
        o.idle_power_watts,
        inputs.power_watts,
        Rule::Between(0.0, 1e5),
    );
    let resale_share = c.optional(
        "slm.owned.resale_share",
        o.resale_share,
        0.0,
        Rule::Between(0.0, 1.0),
    );
    let gpus_per_instance = slm.gpus_per_instance.map_or(1.0, |g| {
        c.check("slm.gpus_per_instance", g, Rule::WholeBetween(1.0, 1024.0))
            .unwrap_or(f64::NAN)
    });
    Resolved {
        basis: GpuBasis::Owned {
            capital_usd_per_gpu_hour: inputs.capital_usd_per_gpu_hour(hours_per_month),
            energy_usd_per_gpu_hour: inputs.energy_usd_per_gpu_hour(),
            inputs,
        },
        gpu: FleetGpu::Owned {
            inputs,
            idle_power_watts,
            resale_share,
        },
        gpus_per_instance,
    }
}

/// The offer's price for the chosen kind, its spot price (for a spot share), the basis and
/// the offer's GPUs per instance.
fn from_table(
    c: &mut Checker,
    slm: &SlmInput,
    id: &str,
) -> Option<(f64, Option<f64>, GpuBasis, f64)> {
    let table = bundled_gpus();
    let offer = match table.get(id) {
        Ok(offer) => offer,
        Err(e) => {
            c.fail("slm.gpu", e.to_string());
            return None;
        }
    };
    if let Some(g) = slm.gpus_per_instance {
        if g != f64::from(offer.gpus_per_instance) {
            c.fail(
                "slm.gpus_per_instance",
                format!(
                    "comes from the offer: {id} rents {} GPUs per instance (got {g})",
                    offer.gpus_per_instance
                ),
            );
        }
    }
    c.absent(
        "slm.spot_usd_per_hour",
        slm.spot_usd_per_hour.is_some(),
        "with slm.gpu (the offer's spot price is used)",
    );
    let kind = slm.gpu_price.unwrap_or_default();
    let listed = match kind {
        GpuPriceKind::OnDemand => Some(offer.on_demand_usd_per_gpu_hour),
        GpuPriceKind::Spot => offer.spot_usd_per_gpu_hour,
    };
    let Some(listed) = listed else {
        c.fail(
            "slm.gpu_price",
            format!("{id} has no spot price in the GPU table; use \"on_demand\""),
        );
        return None;
    };
    let basis = GpuBasis::Table {
        offer: offer.id.clone(),
        gpu: offer.gpu.clone(),
        price: kind,
        listed_usd_per_gpu_hour: listed,
        discount: 0.0,
        source: offer.source.clone(),
        as_of: table.as_of.clone(),
        flag: offer.flag.clone(),
    };
    Some((
        listed,
        offer.spot_usd_per_gpu_hour,
        basis,
        f64::from(offer.gpus_per_instance),
    ))
}
