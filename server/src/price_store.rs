//! Versions of the LLM price table in SQLite: the bundled table is stored on first start,
//! `breakeven pricing import` adds versions, and one version is active (the default for
//! plans). A stored version is never modified.

use anyhow::Context;
use pricing::litellm::{self, ImportIssue, IssueKind};
use pricing::{PriceTable, TableSource};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;

const ACTIVE_KEY: &str = "active_price_table";

#[derive(Debug, Clone, Serialize)]
pub struct VersionInfo {
    pub id: i64,
    pub name: String,
    pub version: String,
    pub sha256: String,
    pub as_of: String,
    pub imported_at_unix: i64,
    pub model_count: i64,
    pub issue_count: usize,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct StoredTable {
    pub id: i64,
    pub table: PriceTable,
    pub issues: Vec<ImportIssue>,
}

/// What an import did, for the CLI to print.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub id: i64,
    pub label: String,
    pub model_count: usize,
    pub issues: Vec<ImportIssue>,
    pub activated: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Invalid(String),
    #[error("no price table version {0}")]
    NotFound(i64),
    #[error(transparent)]
    Db(#[from] anyhow::Error),
}

async fn insert(
    pool: &SqlitePool,
    table: &PriceTable,
    issues: &[ImportIssue],
) -> anyhow::Result<i64> {
    let body = serde_json::to_string(table)?;
    let issues = serde_json::to_string(issues)?;
    let count = table.models.len() as i64;
    let now = crate::db::now_unix();
    let s = &table.source;
    let id = sqlx::query_scalar!(
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
    .with_context(|| format!("cannot store price table {}", s.label()))?;
    Ok(id)
}

/// Stores the bundled table on first start and makes it active if nothing is.
pub async fn ensure_bundled(pool: &SqlitePool) -> anyhow::Result<()> {
    let bundled = pricing::bundled_table();
    let s = &bundled.source;
    let existing = sqlx::query_scalar!(
        r#"SELECT id AS "id!: i64" FROM price_tables WHERE name = ?1 AND version = ?2"#,
        s.name,
        s.version
    )
    .fetch_optional(pool)
    .await?;
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
    .await?;
    Ok(())
}

pub async fn active_id(pool: &SqlitePool) -> anyhow::Result<i64> {
    let value = sqlx::query_scalar!("SELECT value FROM app_meta WHERE key = ?1", ACTIVE_KEY)
        .fetch_optional(pool)
        .await?
        .context("no active price table (the database was not opened with db::open)")?;
    value
        .parse()
        .with_context(|| format!("active price table id {value:?} is not a number"))
}

pub async fn set_active(pool: &SqlitePool, id: i64) -> Result<(), StoreError> {
    load(pool, id).await?;
    let id_text = id.to_string();
    sqlx::query!(
        "INSERT OR REPLACE INTO app_meta (key, value) VALUES (?1, ?2)",
        ACTIVE_KEY,
        id_text
    )
    .execute(pool)
    .await
    .map_err(anyhow::Error::from)?;
    Ok(())
}

pub async fn load(pool: &SqlitePool, id: i64) -> Result<StoredTable, StoreError> {
    let row = sqlx::query!("SELECT body, issues FROM price_tables WHERE id = ?1", id)
        .fetch_optional(pool)
        .await
        .map_err(anyhow::Error::from)?
        .ok_or(StoreError::NotFound(id))?;
    let table = serde_json::from_str(&row.body).context("stored price table is not readable")?;
    let issues =
        serde_json::from_str(&row.issues).context("stored import issues are not readable")?;
    Ok(StoredTable { id, table, issues })
}

pub async fn list(pool: &SqlitePool) -> anyhow::Result<Vec<VersionInfo>> {
    let active = active_id(pool).await.ok();
    let rows = sqlx::query!(
        r#"SELECT id AS "id!: i64", name, version, sha256, as_of, imported_at_unix, model_count, issues
           FROM price_tables ORDER BY id"#
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| VersionInfo {
            issue_count: serde_json::from_str::<Vec<ImportIssue>>(&r.issues)
                .map(|v| v.len())
                .unwrap_or(0),
            active: Some(r.id) == active,
            id: r.id,
            name: r.name,
            version: r.version,
            sha256: r.sha256,
            as_of: r.as_of,
            imported_at_unix: r.imported_at_unix,
            model_count: r.model_count,
        })
        .collect())
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
) -> Result<ImportReport, StoreError> {
    let parsed = litellm::parse(text).map_err(|e| StoreError::Invalid(e.to_string()))?;
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
    .map_err(anyhow::Error::from)?;
    if let Some(id) = duplicate {
        return Err(StoreError::Invalid(format!(
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
