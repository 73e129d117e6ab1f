//! GPU prices for the self-hosting side of the comparison: rented cloud instances, priced
//! per GPU-hour, and owned hardware turned into an equivalent per-GPU-hour cost.
//!
//! `data/gpus.json` is written by the generator test
//! (`BREAKEVEN_REGENERATE=1 cargo test -p pricing --test tables generated_gpus::`) from
//! `shared/data/gpu_prices.csv` and `gpu_specs.csv`, and that test fails when the committed
//! file drifts. The generator also holds the rule that pairs a price row with a spec row,
//! next to the data it reads; this module only embeds and looks up its output, so it stays
//! free of I/O and compiles for the browser.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::PricingError;

const GENERATED: &str = include_str!("../data/gpus.json");

/// One rentable instance type. Prices are per GPU so that a 1-GPU and an 8-GPU instance of
/// the same part compare directly; the instance's size is kept for sizing a deployment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct GpuOffer {
    /// Stable key for lookups and saved plans: `"<provider>:<instance_type>"`. The provider
    /// is lowercased, each space and parenthesis becomes `-`, runs of `-` collapse to one and
    /// `-` is trimmed from both ends ("Shadeform (Crusoe)" → "shadeform-crusoe"). The instance
    /// type is kept exactly as the catalog spells it: "aws:g6e.xlarge",
    /// "lambda:gpu_1x_h100_sxm5", "gcp:n1-standard-4 + 1x T4".
    pub id: String,
    /// Provider as the csv names it, e.g. "AWS", "Shadeform (Crusoe)".
    pub provider: String,
    /// Instance type exactly as the provider's catalog spells it ("g6e.xlarge").
    pub instance_type: String,
    /// GPU as the price csv names it, e.g. "H100 SXM", "A100 80GB", "L4".
    pub gpu: String,
    /// GPUs the instance carries (≥ 1); the per-GPU prices are the instance's price over
    /// this count.
    pub gpus_per_instance: u32,
    /// Memory per GPU as the cloud exposes it (GiB), which can be below the nominal size.
    pub gpu_memory_gib: f64,
    /// On-demand price of one of the instance's GPUs for an hour (USD), in `region`.
    pub on_demand_usd_per_gpu_hour: f64,
    /// None where the catalog lists no spot price (most neoclouds); never 0 for "unknown".
    #[serde(default)]
    pub spot_usd_per_gpu_hour: Option<f64>,
    /// The region the prices were read for ("us-east-1"); the same instance costs
    /// differently elsewhere.
    pub region: String,
    /// The csv's care marker: "ok"; "derived" (computed from other catalog rows);
    /// "marketplace" (one volatile listing); "suspect" (catalog rows disagree; never a default).
    pub flag: String,
    /// The csv's notes: how the price was read and what to check.
    pub notes: String,
    /// The catalog file and commit the row was read from,
    /// e.g. "skypilot-org/skypilot-catalog catalogs/v8/aws/vms.csv @ 00148f2a…".
    pub source: String,
    /// Spec-sheet figures, where the instance says which part it carries. None rather than
    /// a guess where the same name covers parts that differ (A100 PCIe vs SXM, H200 vs NVL).
    #[serde(default)]
    pub spec: Option<GpuSpec>,
}

/// Spec-sheet figures of a GPU part, for throughput and power estimates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct GpuSpec {
    /// The spec row's GPU name, e.g. "H100 SXM", "A100 PCIe 80GB".
    pub name: String,
    /// None where the datasheets quoted disagree or are missing; never 0.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub memory_bandwidth_gb_s: Option<f64>,
    /// Dense BF16 tensor TFLOP/s; None for parts without BF16 (T4, V100) or unconfirmed (A10G).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub bf16_dense_tflops: Option<f64>,
    /// Board power (W), the default for an owned GPU's power draw.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub tdp_w: Option<f64>,
    /// How far the figures were checked, as the spec csv says ("confirmed", or the conflict).
    pub confidence: String,
    /// Where the figures were quoted from.
    pub source: String,
}

/// The GPU offers, plus the provenance every result that uses them must show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct GpuTable {
    /// Where the rows came from, in one line.
    pub source: String,
    /// Date the rows were read into Breakeven (ISO 8601); each offer's commit dates its price.
    pub as_of: String,
    /// Every offer, "suspect" rows included (see [`GpuTable::defaults`]); ids are unique.
    pub offers: Vec<GpuOffer>,
}

impl GpuTable {
    /// Looks an offer up by its exact id (case-sensitive, see [`GpuOffer::id`]).
    pub fn get(&self, id: &str) -> Result<&GpuOffer, PricingError> {
        self.offers.iter().find(|o| o.id == id).ok_or_else(|| {
            PricingError::UnknownGpu(id.to_string(), format!("{} ({})", self.source, self.as_of))
        })
    }

    /// Offers fit to pre-fill a plan: all but the "suspect" rows, whose catalog prices
    /// disagree across regions. Those stay in `offers` so a user can still pick them.
    pub fn defaults(&self) -> impl Iterator<Item = &GpuOffer> {
        self.offers.iter().filter(|o| o.flag != "suspect")
    }
}

/// The bundled GPU table, parsed once.
pub fn bundled_gpus() -> &'static GpuTable {
    static TABLE: OnceLock<GpuTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        serde_json::from_str(GENERATED).unwrap_or_else(|_| GpuTable {
            // Unreachable: the generator test parses this very file. An empty table makes
            // every lookup fail with a clear error rather than panic in a browser.
            source: "bundled GPU table unreadable".into(),
            as_of: String::new(),
            offers: Vec::new(),
        })
    })
}

/// An owned (on-premises) GPU, so that buying can be priced like renting.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct OwnedGpu {
    /// Price of one GPU including its share of the server (USD). Net of any expected resale
    /// value if the user wants it counted: the formula itself assumes none.
    pub purchase_usd: f64,
    /// Months over which the purchase is written off (typically 36–60).
    pub amortisation_months: f64,
    /// Average draw while in use (W); the spec's TDP is a conservative default.
    pub power_watts: f64,
    /// Power usage effectiveness: facility power / IT power (1.0 = no cooling overhead).
    pub pue: f64,
    /// What a kilowatt-hour costs where the GPU runs (USD/kWh).
    pub electricity_usd_per_kwh: f64,
}

/// Equivalent USD per GPU-hour of an owned GPU, comparable with a cloud offer's price:
///
/// `purchase_usd / (amortisation_months · hours_per_month)` (capital, straight-line over
/// the hours the GPU is used) `+ power_watts / 1000 · pue · electricity_usd_per_kwh` (energy).
///
/// `hours_per_month` is the hours the GPU serves each month (730 = around the clock).
/// Capital is spread over used hours, not wall-clock hours, because an idle owned GPU still
/// costs its purchase: fewer hours per month means a dearer hour. Energy is charged only for
/// used hours (idle draw is ignored). Inputs are not validated here: zero months or hours
/// give an infinite (or NaN) cost, never a panic, and callers reject such inputs first.
pub fn owned_usd_per_gpu_hour(o: &OwnedGpu, hours_per_month: f64) -> f64 {
    o.capital_usd_per_gpu_hour(hours_per_month) + o.energy_usd_per_gpu_hour()
}

impl OwnedGpu {
    /// Straight-line capital per used GPU-hour (see `owned_usd_per_gpu_hour`).
    pub fn capital_usd_per_gpu_hour(&self, hours_per_month: f64) -> f64 {
        self.purchase_usd / (self.amortisation_months * hours_per_month)
    }

    /// Energy at the wall per GPU-hour, facility overhead (PUE) included.
    pub fn energy_usd_per_gpu_hour(&self) -> f64 {
        self.power_watts / 1000.0 * self.pue * self.electricity_usd_per_kwh
    }
}
