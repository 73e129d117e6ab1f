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
    /// The server answers, but something it serves is broken: `problem` says what (the
    /// active price table is stored but does not read back, so plans without
    /// `price_table` are refused until another version is made active).
    Degraded,
}

/// 200 of `GET /api/v1/health`: version, active price table and database state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Health {
    /// `ok`, or `degraded` with the `problem` (a database failure is a 500).
    pub status: HealthStatus,
    /// What is broken when `status` is `degraded`, for people; absent when `ok`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// The server's version (Cargo package version).
    pub version: String,
    /// The active price-table version's source.
    pub price_table: TableSource,
    /// The database's back end, journal mode, schema version and creation record.
    pub database: DbStatus,
    /// This server instance's id (`pid-<pid>-<random>`): the holder a job it runs records,
    /// and which of several instances behind a load balancer answered.
    pub instance: String,
}

/// The database as `/api/v1/health` describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DbStatus {
    /// `sqlite` (one file, one server) or `postgres` (shared by every instance).
    pub backend: String,
    /// The database server's version (PostgreSQL's `server_version`; SQLite's library).
    pub server_version: String,
    /// SQLite's journal mode ("wal"); absent on PostgreSQL.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub journal_mode: Option<String>,
    /// The newest migration applied.
    pub schema_version: i64,
    /// When the database file was created (Unix seconds, as stored).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub created_at_unix: Option<String>,
    /// The server version that created it.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub created_by_version: Option<String>,
}

/// 200 of `GET /api/v1/pricing/llm`: one page of a price-table version's rows (those
/// [`PriceQuery`] asks for), with the version's source and what its import left out or
/// flagged. A version of up to [`PRICE_PAGE_DEFAULT`] rows comes whole in one page.
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
    /// Rows the import left out or flagged (no price, $0, 1000× jumps) whose model the
    /// search (`q`, `model`) matches: the first `limit` of them, so a table with many
    /// left-out rows still answers a bounded page.
    pub issues: Vec<ImportIssue>,
    /// How many issues match the search (every issue of the version without one).
    pub issue_count: usize,
    /// How many rows match the search (`q`, `model`): every row of the version without one.
    pub total: usize,
    /// Where the next page starts (`cursor=`); None on the last page.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub next_cursor: Option<String>,
    /// This page's rows, in the version's order (by name).
    pub models: Vec<PriceRow>,
}

impl LlmPrices {
    /// This page's rows as a table the engine reads: the whole version when the request
    /// searched nothing and this is its only page.
    pub fn table(&self) -> pricing::PriceTable {
        pricing::PriceTable {
            source: self.source.clone(),
            models: self.models.iter().map(|row| row.price.clone()).collect(),
        }
    }
}

/// Rows a page of `GET /api/v1/pricing/llm` carries unless `limit` says otherwise: a
/// version of this many rows or fewer comes whole in one answer (the bundled table has
/// 500), so the app searches it locally; past it, the app searches on the server. About
/// 0.4 MB of JSON.
pub const PRICE_PAGE_DEFAULT: usize = 1_000;

/// The most rows one page may carry (`limit`): about 2 MB of JSON, so no single answer
/// costs the server or the browser more than that, whatever the table's size.
pub const PRICE_PAGE_MAX: usize = 5_000;

// A version that fits the default page fits any allowed page.
const _: () = assert!(PRICE_PAGE_DEFAULT <= PRICE_PAGE_MAX);

/// The longest search (`q`, `model`) accepted, in characters: longer than any model name
/// and provider, so nothing that could match is refused.
pub const PRICE_SEARCH_MAX_CHARS: usize = 256;

/// Where a page of a price-table version starts: the version and the number of matching
/// rows before it. A stored version never changes, so a cursor stays valid and the pages
/// of one search concatenate to its rows in order, even if another version is activated
/// meanwhile. Written `"<version>-<offset>"`; clients pass `next_cursor` back as they got it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PriceCursor {
    /// The price-table version paged through.
    pub price_table: i64,
    /// Matching rows before the page.
    pub offset: usize,
}

impl std::fmt::Display for PriceCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.price_table, self.offset)
    }
}

impl std::str::FromStr for PriceCursor {
    type Err = String;

    /// A cursor as [`LlmPrices::next_cursor`] wrote it; anything else says so.
    fn from_str(text: &str) -> Result<Self, String> {
        text.split_once('-')
            .and_then(|(table, offset)| {
                let price_table = table.parse::<i64>().ok().filter(|id| *id >= 1)?;
                let offset = offset.parse::<usize>().ok()?;
                Some(Self {
                    price_table,
                    offset,
                })
            })
            .ok_or_else(|| format!("{text:?} is not a cursor: pass `next_cursor` as received"))
    }
}

/// The query of `GET /api/v1/pricing/llm`: which version, which rows, which page. The app
/// writes its requests with [`PriceQuery::pairs`]; the server reads the same keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PriceQuery {
    /// `price_table`: a stored version's id; the active one (or the cursor's) when None.
    pub price_table: Option<i64>,
    /// `q`: rows whose model or provider contains every word, case-insensitively
    /// ([`pricing::search::Search`]).
    pub q: Option<String>,
    /// `model`: the row of exactly this model name (case-sensitive, as the engine looks
    /// it up).
    pub model: Option<String>,
    /// `limit`: rows per page, 1 to [`PRICE_PAGE_MAX`]; [`PRICE_PAGE_DEFAULT`] when None.
    pub limit: Option<usize>,
    /// `cursor`: where the page starts (a previous page's `next_cursor`).
    pub cursor: Option<String>,
}

impl PriceQuery {
    /// The (key, value) pairs of the query string, unencoded, in a fixed order.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(id) = self.price_table {
            pairs.push(("price_table", id.to_string()));
        }
        if let Some(q) = &self.q {
            pairs.push(("q", q.clone()));
        }
        if let Some(model) = &self.model {
            pairs.push(("model", model.clone()));
        }
        if let Some(limit) = self.limit {
            pairs.push(("limit", limit.to_string()));
        }
        if let Some(cursor) = &self.cursor {
            pairs.push(("cursor", cursor.clone()));
        }
        pairs
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_as_written_and_nothing_else_reads() {
        let cursor = PriceCursor {
            price_table: 7,
            offset: 1_000,
        };
        assert_eq!(cursor.to_string(), "7-1000");
        assert_eq!("7-1000".parse::<PriceCursor>(), Ok(cursor));
        for bad in [
            "", "7", "7-", "-5", "0-5", "x-5", "7-x", "7--1", "7-1-2", "7-1e3",
        ] {
            assert!(bad.parse::<PriceCursor>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_query_writes_only_what_it_asks() {
        assert!(PriceQuery::default().pairs().is_empty());
        let query = PriceQuery {
            price_table: Some(2),
            q: Some("llama 8b".into()),
            model: Some("gpt-4o".into()),
            limit: Some(50),
            cursor: Some("2-50".into()),
        };
        let keys: Vec<&str> = query.pairs().iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["price_table", "q", "model", "limit", "cursor"]);
    }
}
