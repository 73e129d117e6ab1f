//! The `price_tables` table: versions of the LLM price table. The bundled table is stored
//! on first start, `breakeven pricing import` adds versions, and one version is active (the
//! default for plans). A stored version is never modified.

use api::catalogs::PriceTableVersion;
use pricing::litellm::{self, ImportIssue, IssueKind};
use pricing::{PriceTable, TableSource};
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;

use super::error::{db, read_json, write_json, StoreError};
use crate::clock::now_unix;

/// The `app_meta` key holding the active version's id.
const ACTIVE_KEY: &str = "active_price_table";

/// Why a price-table operation was refused.
#[derive(Debug, thiserror::Error)]
pub enum PriceError {
    /// The file to import is not a usable price table, or its version is taken.
    #[error("{0}")]
    Invalid(String),
    /// No stored version has this id.
    #[error("no price table version {0}")]
    NotFound(i64),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A stored version as read back, with what its import left out or flagged.
#[derive(Debug, Clone)]
pub struct StoredTable {
    /// Its id.
    pub id: i64,
    /// The rows and their source.
    pub table: PriceTable,
    /// What the import left out or flagged.
    pub issues: Vec<ImportIssue>,
}

/// What an import did, for the CLI to print.
#[derive(Debug, Clone)]
pub struct ImportReport {
    /// The new version's id.
    pub id: i64,
    /// "name version".
    pub label: String,
    /// Rows stored.
    pub model_count: usize,
    /// Rows left out or flagged, price jumps against the active version included.
    pub issues: Vec<ImportIssue>,
    /// Whether it became the active version.
    pub activated: bool,
}

async fn insert(
    pool: &SqlitePool,
    table: &PriceTable,
    issues: &[ImportIssue],
) -> Result<i64, StoreError> {
    let body = write_json(table, "a price table")?;
    let issues = write_json(&issues, "import issues")?;
    let count = i64::try_from(table.models.len()).unwrap_or(i64::MAX);
    let now = now_unix();
    let s = &table.source;
    sqlx::query_scalar!(
        r#"INSERT INTO price_tables (name, version, sha256, as_of, imported_at_unix, model_count, body, issues)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id AS "id!: i64""#,
        s.name,
        s.version,
        s.sha256,
        s.as_of,
        now,
        count,
        body,
        issues
    )
    .fetch_one(pool)
    .await
    .map_err(db(format!("cannot store price table {}", s.label())))
}

/// Stores the bundled table on first start and makes it active if nothing is.
pub async fn ensure_bundled(pool: &SqlitePool) -> Result<(), StoreError> {
    let bundled = pricing::bundled_table();
    let s = &bundled.source;
    let existing = sqlx::query_scalar!(
        r#"SELECT id AS "id!: i64" FROM price_tables WHERE name = ?1 AND version = ?2"#,
        s.name,
        s.version
    )
    .fetch_optional(pool)
    .await
    .map_err(db("cannot look for the bundled price table"))?;
    let id = match existing {
        Some(id) => id,
        None => insert(pool, bundled, &[]).await?,
    };
    let id_text = id.to_string();
    sqlx::query!(
        "INSERT OR IGNORE INTO app_meta (key, value) VALUES (?1, ?2)",
        ACTIVE_KEY,
        id_text
    )
    .execute(pool)
    .await
    .map_err(db("cannot make the bundled price table active"))?;
    Ok(())
}

/// The active version's id.
pub async fn active_id(pool: &SqlitePool) -> Result<i64, StoreError> {
    let value = sqlx::query_scalar!("SELECT value FROM app_meta WHERE key = ?1", ACTIVE_KEY)
        .fetch_optional(pool)
        .await
        .map_err(db("cannot read the active price table"))?
        .ok_or_else(|| {
            StoreError::Inconsistent(
                "no active price table (the database was not opened with store::open)".into(),
            )
        })?;
    value.parse().map_err(|_| {
        StoreError::Inconsistent(format!("active price table id {value:?} is not a number"))
    })
}

/// Makes a stored version the active one.
pub async fn set_active(pool: &SqlitePool, id: i64) -> Result<(), PriceError> {
    load(pool, id).await?;
    let id_text = id.to_string();
    sqlx::query!(
        "INSERT OR REPLACE INTO app_meta (key, value) VALUES (?1, ?2)",
        ACTIVE_KEY,
        id_text
    )
    .execute(pool)
    .await
    .map_err(db("cannot change the active price table"))?;
    Ok(())
}

/// Version `id` with its rows and import issues.
pub async fn load(pool: &SqlitePool, id: i64) -> Result<StoredTable, PriceError> {
    let row = sqlx::query!("SELECT body, issues FROM price_tables WHERE id = ?1", id)
        .fetch_optional(pool)
        .await
        .map_err(db(format!("cannot read price table {id}")))?
        .ok_or(PriceError::NotFound(id))?;
    let table = read_json(&row.body, || format!("price table {id}"))?;
    let issues = read_json(&row.issues, || format!("import issues of price table {id}"))?;
    Ok(StoredTable { id, table, issues })
}

/// Every stored version, oldest first, the active one marked.
pub async fn list(pool: &SqlitePool) -> Result<Vec<PriceTableVersion>, StoreError> {
    let active = active_id(pool).await.ok();
    let rows = sqlx::query!(
        r#"SELECT id AS "id!: i64", name, version, sha256, as_of, imported_at_unix, model_count, issues
           FROM price_tables ORDER BY id"#
    )
    .fetch_all(pool)
    .await
    .map_err(db("cannot list the price tables"))?;
    rows.into_iter()
        .map(|r| {
            let issues: Vec<ImportIssue> = read_json(&r.issues, || {
                format!("import issues of price table {}", r.id)
            })?;
            Ok(PriceTableVersion {
                issue_count: issues.len(),
                active: Some(r.id) == active,
                id: r.id,
                name: r.name,
                version: r.version,
                sha256: r.sha256,
                as_of: r.as_of,
                imported_at_unix: r.imported_at_unix,
                model_count: r.model_count,
            })
        })
        .collect()
}

/// Imports a LiteLLM-format file's text as a new version (labelled by the first 12 hex
/// digits of its sha256 unless `version` is given), flagging prices that moved more than
/// 1000× from the active version.
pub async fn import(
    pool: &SqlitePool,
    text: &str,
    name: &str,
    version: Option<&str>,
    as_of: &str,
    activate: bool,
) -> Result<ImportReport, PriceError> {
    let parsed = litellm::parse(text).map_err(|e| PriceError::Invalid(e.to_string()))?;
    let sha256 = format!("{:x}", Sha256::digest(text.as_bytes()));
    // Without a version label, the file's own fingerprint names it.
    let version = version.map_or_else(|| sha256[..12].to_string(), str::to_string);
    let source = TableSource {
        name: name.to_string(),
        version: version.clone(),
        sha256,
        as_of: as_of.to_string(),
    };
    let table = litellm::table(&parsed, source);
    let previous = load(pool, active_id(pool).await?).await?;
    let mut issues = parsed.issues;
    issues.extend(litellm::price_jumps(&previous.table, &table));
    let duplicate = sqlx::query_scalar!(
        r#"SELECT id AS "id!: i64" FROM price_tables WHERE name = ?1 AND version = ?2"#,
        name,
        version
    )
    .fetch_optional(pool)
    .await
    .map_err(db("cannot look for an existing version"))?;
    if let Some(id) = duplicate {
        return Err(PriceError::Invalid(format!(
            "version {version:?} of {name:?} is already stored as #{id}; choose another --version"
        )));
    }
    let id = insert(pool, &table, &issues).await?;
    if activate {
        set_active(pool, id).await?;
    }
    Ok(ImportReport {
        id,
        label: table.source.label(),
        model_count: table.models.len(),
        issues,
        activated: activate,
    })
}

/// One line per kind of issue, for people.
pub fn summarize(issues: &[ImportIssue]) -> Vec<String> {
    let count = |k: IssueKind| issues.iter().filter(|i| i.kind == k).count();
    let mut lines = Vec::new();
    for (kind, what) in [
        (
            IssueKind::NoPrice,
            "left out: no input or output price (never priced at $0)",
        ),
        (
            IssueKind::InvalidPrice,
            "left out: negative or non-finite price",
        ),
        (IssueKind::Malformed, "left out: malformed entry"),
        (
            IssueKind::ZeroPrice,
            "kept, listed at $0: check they are really free",
        ),
        (
            IssueKind::PriceJump,
            "kept, price moved more than 1000x from the active version: check for a unit slip",
        ),
    ] {
        let n = count(kind);
        if n > 0 {
            lines.push(format!("{n} {what}"));
        }
    }
    lines
}
