//! The generator: rebuilds the bundled GPU table from `../shared/data/gpu_prices.csv` and
//! `gpu_specs.csv`, and fails if the committed `pricing/data/gpus.json` differs from what it
//! produces. Also checks the table's invariants and the owned-hardware formula.
//!
//! Refresh after changing the rules below or the csv files:
//!     BREAKEVEN_REGENERATE=1 cargo test -p pricing --test tables generated_gpus::

use std::collections::{HashMap, HashSet};

use pricing::{
    bundled_gpus, owned_usd_per_gpu_hour, GpuOffer, GpuSpec, GpuTable, OwnedGpu, PricingError,
};
use serde::Deserialize;

use crate::common;

const PRICES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/data/gpu_prices.csv"
);
const SPECS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/data/gpu_specs.csv"
);

#[derive(Deserialize)]
struct PriceRow {
    provider: String,
    instance_type: String,
    gpu: String,
    gpus_per_instance: u32,
    gpu_mem_gib: f64,
    ondemand_usd_hr: f64,
    usd_hr_per_gpu: f64,
    spot_usd_hr_per_gpu: Option<f64>,
    region: String,
    flag: String,
    notes: String,
    source_repo: String,
    source_path: String,
    source_commit: String,
}

#[derive(Deserialize)]
struct SpecRow {
    gpu: String,
    mem_bandwidth_gb_s: Option<f64>,
    bf16_dense_tflops: Option<f64>,
    tdp_w: Option<f64>,
    confidence: String,
    source: String,
}

/// Reads a csv with the `csv` crate (fields are quoted and hold commas); an empty numeric
/// field deserialises to None, never 0.
fn read<T: serde::de::DeserializeOwned>(path: &str) -> Vec<T> {
    let mut reader = csv::Reader::from_path(path)
        .unwrap_or_else(|e| panic!("{path}: {e} (shared/ must sit beside the checkout)"));
    reader
        .deserialize()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The id rule documented on `GpuOffer::id`.
fn offer_id(provider: &str, instance_type: &str) -> String {
    let mut slug = String::new();
    for c in provider.to_lowercase().chars() {
        let c = if matches!(c, ' ' | '(' | ')') { '-' } else { c };
        if !(c == '-' && slug.ends_with('-')) {
            slug.push(c);
        }
    }
    format!("{}:{instance_type}", slug.trim_matches('-'))
}

/// Instance families built only on SXM boards, though their names do not say so:
/// AWS p3 (V100 SXM2), p4d/p4de (A100 SXM4), p5/p5en (H100/H200 SXM5); GCP a2 (HGX A100)
/// and a3 (HGX H100/H200).
const SXM_FAMILIES: &[(&str, &str)] = &[
    ("AWS", "p3."),
    ("AWS", "p4d."),
    ("AWS", "p4de."),
    ("AWS", "p5."),
    ("AWS", "p5en."),
    ("GCP", "a2-"),
    ("GCP", "a3-"),
];

/// The spec row that describes a price row's GPU, or None where it cannot be told.
///
/// The price csv names some GPUs without their form factor ("A100 80GB", "H200",
/// "V100 16GB"), and the spec csv has one row per form factor, which differ in bandwidth,
/// TFLOP/s and power. Those are matched only when the instance says SXM (in its name,
/// Verda's `<GiB>S` size code, or an SXM-only family above) or PCIe. Left None: Lambda
/// `gpu_1x_a100` (Lambda's PCIe A100 40GB, which has no spec row), Lambda `gpu_8x_v100`
/// and Shadeform `crusoe_A100-80GB` (form factor not stated).
fn spec_name(provider: &str, instance_type: &str, gpu: &str) -> Option<&'static str> {
    let lower = instance_type.to_ascii_lowercase();
    // Verda (ex-DataCrunch) spells SXM parts "1H200.141S.44V": GiB then "S".
    let verda_sxm = provider == "Verda"
        && instance_type
            .split('.')
            .nth(1)
            .is_some_and(|s| s.ends_with('S'));
    let sxm = lower.contains("sxm")
        || verda_sxm
        || SXM_FAMILIES
            .iter()
            .any(|(p, prefix)| provider == *p && lower.starts_with(prefix));
    let pcie = lower.contains("pcie");
    match gpu {
        // Names that denote a single part.
        "T4" => Some("T4"),
        "L4" => Some("L4"),
        "L40S" => Some("L40S"),
        "A10" => Some("A10"),
        "A10G" => Some("A10G (AWS-only)"),
        "RTX A6000" => Some("RTX A6000"),
        "RTX 4090" => Some("RTX 4090"),
        "MI300X" => Some("MI300X"),
        "H100 SXM" => Some("H100 SXM"),
        "H100 PCIe" => Some("H100 PCIe"),
        "A100 80GB PCIe" => Some("A100 PCIe 80GB"),
        // B200 ships only on HGX (SXM) boards.
        "B200" => Some("B200 (HGX/SXM)"),
        // Names shared by SXM and PCIe/NVL parts: only where the instance tells.
        "H200" if sxm => Some("H200 SXM"),
        "A100 80GB" if sxm => Some("A100 SXM 80GB"),
        "A100 80GB" if pcie => Some("A100 PCIe 80GB"),
        "A100 40GB" if sxm => Some("A100 SXM 40GB"),
        "V100 16GB" if sxm => Some("V100 SXM2 16GB"),
        _ => None,
    }
}

fn generate_table() -> GpuTable {
    let specs: HashMap<String, GpuSpec> = read::<SpecRow>(SPECS)
        .into_iter()
        .map(|s| {
            let spec = GpuSpec {
                name: s.gpu.clone(),
                memory_bandwidth_gb_s: s.mem_bandwidth_gb_s,
                bf16_dense_tflops: s.bf16_dense_tflops,
                tdp_w: s.tdp_w,
                confidence: s.confidence,
                source: s.source,
            };
            (s.gpu, spec)
        })
        .collect();
    let offers = read::<PriceRow>(PRICES)
        .into_iter()
        .map(|r| {
            // The per-GPU column is the instance price divided by the GPU count, rounded.
            let per_gpu = r.ondemand_usd_hr / f64::from(r.gpus_per_instance);
            assert!(
                (per_gpu - r.usd_hr_per_gpu).abs() <= 1e-4 * r.usd_hr_per_gpu,
                "{}: per-GPU price {} is not {} / {}",
                r.instance_type,
                r.usd_hr_per_gpu,
                r.ondemand_usd_hr,
                r.gpus_per_instance
            );
            let spec = spec_name(&r.provider, &r.instance_type, &r.gpu).map(|name| {
                specs
                    .get(name)
                    .unwrap_or_else(|| panic!("no spec row named {name}"))
                    .clone()
            });
            GpuOffer {
                id: offer_id(&r.provider, &r.instance_type),
                source: format!("{} {} @ {}", r.source_repo, r.source_path, r.source_commit),
                provider: r.provider,
                instance_type: r.instance_type,
                gpu: r.gpu,
                gpus_per_instance: r.gpus_per_instance,
                gpu_memory_gib: r.gpu_mem_gib,
                on_demand_usd_per_gpu_hour: r.usd_hr_per_gpu,
                spot_usd_per_gpu_hour: r.spot_usd_hr_per_gpu,
                region: r.region,
                flag: r.flag,
                notes: r.notes,
                spec,
            }
        })
        .collect();
    GpuTable {
        source:
            "Breakeven shared/data gpu_prices.csv (cloud rows from skypilot-org/skypilot-catalog \
                 catalogs/v8/<cloud>/vms.csv, commit per offer) + gpu_specs.csv (vendor datasheets \
                 as quoted in public repos, source per spec)"
                .into(),
        // The csv files carry no date of their own: the date they were read into Breakeven.
        as_of: "2026-11-22".into(),
        offers,
    }
}

#[test]
fn committed_table_equals_the_generators_output() {
    let generated =
        serde_json::to_string_pretty(&generate_table()).expect("a table serialises") + "\n";
    common::committed_equals_generated("data/gpus.json", &generated, "generated_gpus");
}

#[test]
fn every_offer_is_priced_sourced_and_unique() {
    let table = bundled_gpus();
    assert_eq!(
        table.offers.len(),
        45,
        "every csv row is kept, suspect ones too"
    );
    assert_eq!(table.as_of, "2026-11-22");
    let mut ids = HashSet::new();
    for o in &table.offers {
        assert!(o.on_demand_usd_per_gpu_hour > 0.0, "{}", o.id);
        assert!(o.spot_usd_per_gpu_hour.is_none_or(|s| s > 0.0), "{}", o.id);
        let commit = o.source.rsplit_once(" @ ").map(|(_, c)| c).unwrap_or("");
        assert!(
            commit.len() == 40 && commit.chars().all(|c| c.is_ascii_hexdigit()),
            "{}: source {:?} names no commit",
            o.id,
            o.source
        );
        assert!(ids.insert(o.id.as_str()), "duplicate id {}", o.id);
    }
}

#[test]
fn defaults_leave_out_the_suspect_rows_only() {
    let table = bundled_gpus();
    let defaults: Vec<&str> = table.defaults().map(|o| o.id.as_str()).collect();
    assert_eq!(defaults.len(), table.offers.len() - 2);
    for suspect in ["gcp:a2-ultragpu-1g", "gcp:a4-highgpu-8g"] {
        assert_eq!(table.get(suspect).unwrap().flag, "suspect");
        assert!(!defaults.contains(&suspect), "{suspect} is a default");
    }
}

#[test]
fn lookup_is_exact_and_names_the_id_and_table_when_missing() {
    let table = bundled_gpus();
    let l4 = table.get("aws:g6.xlarge").unwrap();
    assert_eq!(l4.gpu, "L4");
    assert_eq!(l4.on_demand_usd_per_gpu_hour, 0.8048);
    assert_eq!(l4.spot_usd_per_gpu_hour, Some(0.3821));
    assert_eq!(l4.spec.as_ref().unwrap().name, "L4");

    let err = table.get("aws:G6.XLARGE").unwrap_err();
    assert!(matches!(err, PricingError::UnknownGpu(..)), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("aws:G6.XLARGE"), "{msg}");
    assert!(
        msg.contains("skypilot-catalog") && msg.contains("2026-11-22"),
        "{msg}"
    );
}

#[test]
fn ids_follow_the_documented_rule() {
    let table = bundled_gpus();
    for id in [
        "aws:g6e.xlarge",
        "lambda:gpu_1x_h100_sxm5",
        "shadeform-crusoe:crusoe_A100-80GB",
        "shadeform-massed-compute:massedcompute_A6000",
        "vast.ai:1x-RTX_4090-32-65536",
        "gcp:n1-standard-4 + 1x T4",
    ] {
        assert!(table.get(id).is_ok(), "{id}");
    }
}

#[test]
fn specs_are_matched_only_where_the_instance_tells_the_part() {
    let table = bundled_gpus();
    for (id, spec) in [
        ("aws:p5.48xlarge", Some("H100 SXM")),
        ("lambda:gpu_1x_h100_pcie", Some("H100 PCIe")),
        ("aws:p5en.48xlarge", Some("H200 SXM")),
        ("verda:1H200.141S.44V", Some("H200 SXM")),
        ("aws:p4d.24xlarge", Some("A100 SXM 40GB")),
        ("vast.ai:1x-A100_SXM4-32-65536", Some("A100 SXM 40GB")),
        ("lambda:gpu_8x_a100_80gb_sxm4", Some("A100 SXM 80GB")),
        ("runpod:1x_A100-80GB_SECURE", Some("A100 PCIe 80GB")),
        ("aws:p3.2xlarge", Some("V100 SXM2 16GB")),
        ("aws:g5.xlarge", Some("A10G (AWS-only)")),
        ("lambda:gpu_1x_a10", Some("A10")),
        (
            "nebius:gpu-b200-sxm_8gpu-160vcpu-1792gb",
            Some("B200 (HGX/SXM)"),
        ),
        ("lambda:gpu_1x_a100", None),
        ("lambda:gpu_8x_v100", None),
        ("shadeform-crusoe:crusoe_A100-80GB", None),
    ] {
        let offer = table.get(id).unwrap();
        assert_eq!(offer.spec.as_ref().map(|s| s.name.as_str()), spec, "{id}");
    }
    assert_eq!(table.offers.iter().filter(|o| o.spec.is_none()).count(), 3);
    // Empty csv numbers are None, never 0.
    let t4 = table.get("aws:g4dn.xlarge").unwrap().spec.clone().unwrap();
    assert_eq!((t4.bf16_dense_tflops, t4.tdp_w), (None, Some(70.0)));
    assert_eq!(
        table
            .get("lambda:gpu_1x_a10")
            .unwrap()
            .spot_usd_per_gpu_hour,
        None
    );
}

#[test]
fn owned_gpu_worked_examples() {
    let gpu =
        |purchase_usd, amortisation_months, power_watts, pue, electricity_usd_per_kwh| OwnedGpu {
            purchase_usd,
            amortisation_months,
            power_watts,
            pue,
            electricity_usd_per_kwh,
        };
    let cases = [
        // H100 SXM: 30000 / (36 · 730) = 30000 / 26280 = 1.141553 capital
        //           + 0.700 kW · 1.3 · 0.12 = 0.1092 energy → 1.250753 $/h
        (gpu(30_000.0, 36.0, 700.0, 1.3, 0.12), 730.0, 1.250_753),
        // RTX 4090 at home: 1800 / (24 · 730) = 1800 / 17520 = 0.102740
        //           + 0.450 kW · 1.0 · 0.30 = 0.135 → 0.237740 $/h
        (gpu(1_800.0, 24.0, 450.0, 1.0, 0.30), 730.0, 0.237_740),
        // L4 used 200 h/month: 2500 / (36 · 200) = 2500 / 7200 = 0.347222
        //           + 0.072 kW · 1.5 · 0.10 = 0.0108 → 0.358022 $/h
        (gpu(2_500.0, 36.0, 72.0, 1.5, 0.10), 200.0, 0.358_022),
        // Already paid off: energy only, 1.0 kW · 1.2 · 0.15 = 0.18 $/h
        (gpu(0.0, 60.0, 1_000.0, 1.2, 0.15), 730.0, 0.18),
        // Free power (e.g. solar already paid for): capital only, 30000 / 26280 = 1.141553
        (gpu(30_000.0, 36.0, 700.0, 1.3, 0.0), 730.0, 1.141_553),
    ];
    for (owned, hours, expected) in cases {
        let got = owned_usd_per_gpu_hour(&owned, hours);
        assert!(
            (got - expected).abs() < 1e-6,
            "{owned:?} at {hours} h: {got} ≠ {expected}"
        );
    }
}
