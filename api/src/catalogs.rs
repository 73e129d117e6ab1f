//! The catalogs and the server's state: `/api/v1/health`, `/api/v1/pricing/*`,
//! `/api/v1/profiles`.

use pricing::litellm::ImportIssue;
use pricing::{GpuOffer, ModelPrice, TableSource};
use profiles::{Preset, SavedProfile};
use serde::{Deserialize, Serialize};

/// What `/api/v1/health` says when the server answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HealthStatus {
    /// The server answers and its database is readable.
    Ok,
}

/// 200 of `GET /api/v1/health`: version, active price table and database state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Health {
    /// Always `ok` when the server answers (a failure is a 500).
    pub status: HealthStatus,
    /// The server's version (Cargo package version).
    pub version: String,
    /// The active price-table version's source.
    pub price_table: TableSource,
    /// The database's journal mode, schema version and creation record.
    pub database: DbStatus,
}

/// The database as `/api/v1/health` describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DbStatus {
    /// SQLite's journal mode ("wal").
    pub journal_mode: String,
    /// The newest migration applied.
    pub schema_version: i64,
    /// When the database file was created (Unix seconds, as stored).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub created_at_unix: Option<String>,
    /// The server version that created it.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub created_by_version: Option<String>,
}

/// 200 of `GET /api/v1/pricing/llm[?price_table=ID]`: every row of a price-table version,
/// with the version's source and what its import left out or flagged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LlmPrices {
    /// The version's id.
    pub id: i64,
    /// Whether this is the active version (the default for plans).
    pub active: bool,
    /// Where the rows come from: name, version, sha256, date.
    pub source: TableSource,
    /// "name version".
    pub label: String,
    /// Rows the import left out or flagged (no price, $0, 1000× jumps).
    pub issues: Vec<ImportIssue>,
    /// Every priced model, by name.
    pub models: Vec<PriceRow>,
}

impl LlmPrices {
    /// The version as the engine reads it.
    pub fn table(&self) -> pricing::PriceTable {
        pricing::PriceTable {
            source: self.source.clone(),
            models: self.models.iter().map(|row| row.price.clone()).collect(),
        }
    }
}

/// One row of a price table, carrying its table's label and date so a row read alone keeps
/// its provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PriceRow {
    /// The model's prices (its fields sit at the row's top level).
    #[serde(flatten)]
    pub price: ModelPrice,
    /// The table's label.
    pub source: String,
    /// The table's date.
    pub as_of: String,
}

/// One stored price-table version (`GET /api/v1/pricing/llm/versions`, the active one
/// marked).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PriceTableVersion {
    /// The version's id (`price_table` in requests).
    pub id: i64,
    /// The table's name.
    pub name: String,
    /// Its version label, unique per name.
    pub version: String,
    /// sha256 of the imported file.
    pub sha256: String,
    /// The date the prices were published or read (ISO 8601).
    pub as_of: String,
    /// When it was imported (Unix seconds).
    pub imported_at_unix: i64,
    /// Models priced.
    pub model_count: i64,
    /// Rows the import left out or flagged.
    pub issue_count: usize,
    /// Whether plans use it by default.
    pub active: bool,
}

/// 200 of `GET /api/v1/pricing/gpus`: the bundled GPU offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GpuOffers {
    /// Where the rows came from, in one line.
    pub source: String,
    /// The date the rows were read in.
    pub as_of: String,
    /// Every offer, suspect ones included.
    pub offers: Vec<GpuOfferRow>,
}

/// One GPU offer with its table's date and whether it may pre-fill a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct GpuOfferRow {
    /// The offer (its fields sit at the row's top level).
    #[serde(flatten)]
    pub offer: GpuOffer,
    /// The table's date.
    pub as_of: String,
    /// False for rows flagged "suspect" (listed, never a default).
    pub default: bool,
}

/// 200 of `GET /api/v1/profiles`: the presets (citing their seeds) and the saved profiles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Profiles {
    /// The built-in workload presets, each citing its seed.
    pub presets: Vec<Preset>,
    /// The profiles users saved, oldest first.
    pub saved: Vec<SavedProfileRow>,
}

/// A profile a user saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SavedProfileRow {
    /// 32 hex digits.
    pub id: String,
    /// The profile's name.
    pub name: String,
    /// When it was saved (Unix seconds).
    pub created_at_unix: i64,
    /// The workload and SLO as saved.
    pub profile: SavedProfile,
}

/// 201 of `POST /api/v1/profiles`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProfileCreated {
    /// The saved profile's id (32 hex digits).
    pub id: String,
}
