//! Resolves a self-hosted fleet's GPU price: typed (`slm.gpu_usd_per_hour`), an offer of
//! the bundled GPU table (`slm.gpu`, on-demand or spot, less `slm.gpu_discount`), or
//! owned hardware (`slm.owned`). Exactly one must be given.

use pricing::gpus::{bundled_gpus, owned_usd_per_gpu_hour, OwnedGpu};

use crate::input::{GpuPriceKind, SlmInput};
use crate::scenario::GpuBasis;
use crate::validate::{Checker, Rule};

const CHOICES: &str =
    "give one of slm.gpu_usd_per_hour, slm.gpu (an offer of the GPU table) or slm.owned";

/// The USD per GPU-hour (NaN after an error, which `validate` then reports) and its basis.
pub(crate) fn resolve(c: &mut Checker, slm: &SlmInput, hours_per_month: f64) -> (f64, GpuBasis) {
    let given = [
        slm.gpu_usd_per_hour.is_some(),
        slm.gpu.is_some(),
        slm.owned.is_some(),
    ];
    match given.iter().filter(|g| **g).count() {
        0 => {
            c.fail("slm.gpu_usd_per_hour", format!("is required: {CHOICES}"));
            return (f64::NAN, GpuBasis::Typed);
        }
        1 => {}
        _ => {
            c.fail(
                "slm.gpu_usd_per_hour",
                format!("conflicts: {CHOICES}, not several"),
            );
            return (f64::NAN, GpuBasis::Typed);
        }
    }
    if slm.gpu.is_none() {
        c.absent("slm.gpu_price", slm.gpu_price.is_some(), "without slm.gpu");
        c.absent(
            "slm.gpu_discount",
            slm.gpu_discount.is_some(),
            "without slm.gpu (type the discounted price in slm.gpu_usd_per_hour)",
        );
    }
    if let Some(typed) = slm.gpu_usd_per_hour {
        let v = c.check("slm.gpu_usd_per_hour", typed, Rule::AboveUpTo(0.0, 1e6));
        return (v.unwrap_or(f64::NAN), GpuBasis::Typed);
    }
    if let Some(id) = &slm.gpu {
        return from_table(c, slm, id);
    }
    let o = slm.owned.clone().unwrap_or_default();
    let mut need =
        |key: &str, v: Option<f64>, rule: Rule| c.required(&format!("slm.owned.{key}"), v, rule);
    let owned = OwnedGpu {
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
    let basis = GpuBasis::Owned {
        capital_usd_per_gpu_hour: owned.capital_usd_per_gpu_hour(hours_per_month),
        energy_usd_per_gpu_hour: owned.energy_usd_per_gpu_hour(),
        inputs: owned,
    };
    (owned_usd_per_gpu_hour(&owned, hours_per_month), basis)
}

fn from_table(c: &mut Checker, slm: &SlmInput, id: &str) -> (f64, GpuBasis) {
    let table = bundled_gpus();
    let discount = c.optional(
        "slm.gpu_discount",
        slm.gpu_discount,
        0.0,
        Rule::Between(0.0, 0.99),
    );
    let offer = match table.get(id) {
        Ok(offer) => offer,
        Err(e) => {
            c.fail("slm.gpu", e.to_string());
            return (f64::NAN, GpuBasis::Typed);
        }
    };
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
        return (f64::NAN, GpuBasis::Typed);
    };
    let basis = GpuBasis::Table {
        offer: offer.id.clone(),
        gpu: offer.gpu.clone(),
        price: kind,
        listed_usd_per_gpu_hour: listed,
        discount,
        source: offer.source.clone(),
        as_of: table.as_of.clone(),
        flag: offer.flag.clone(),
    };
    (listed * (1.0 - discount), basis)
}
