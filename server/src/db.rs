//! The embedded SQLite database: opened (created if missing), migrated, WAL mode.

use std::path::Path;
use std::str::FromStr;

use anyhow::Context;
use serde::Serialize;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};

/// Opens the database file, creating and migrating it as needed.
pub async fn open(path: &Path) -> anyhow::Result<SqlitePool> {
    let url = format!("sqlite://{}", path.display());
    let options = SqliteConnectOptions::from_str(&url)
        .with_context(|| format!("invalid database path {}", path.display()))?
        .create_if_missing(true)
        // WAL lets readers proceed while a writer commits.
        .journal_mode(SqliteJournalMode::Wal)
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .with_context(|| format!("cannot open database {}", path.display()))?;
    sqlx::migrate!("./migrations")
        .run(&pool)
        .await
        .with_context(|| format!("cannot migrate database {}", path.display()))?;
    let version = env!("CARGO_PKG_VERSION");
    let now = now_unix().to_string();
    sqlx::query!(
        "INSERT OR IGNORE INTO app_meta (key, value) VALUES ('created_at_unix', ?1), ('created_by_version', ?2)",
        now,
        version
    )
    .execute(&pool)
    .await
    .context("cannot record database metadata")?;
    crate::price_store::ensure_bundled(&pool)
        .await
        .context("cannot store the bundled price table")?;
    Ok(pool)
}

/// Seconds since the Unix epoch (0 if the clock is before it): every stored timestamp.
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// What `/api/v1/health` says about the database.
#[derive(Debug, Serialize)]
pub struct DbStatus {
    pub journal_mode: String,
    pub schema_version: i64,
    pub created_at_unix: Option<String>,
    pub created_by_version: Option<String>,
}

pub async fn status(pool: &SqlitePool) -> anyhow::Result<DbStatus> {
    // Not `query!`: sqlx cannot describe a PRAGMA, and `_sqlx_migrations` is sqlx's own
    // table, absent from the schema the macros are checked against.
    let journal_mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(pool)
        .await?;
    let schema_version: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success = 1",
    )
    .fetch_one(pool)
    .await?;
    let meta = sqlx::query!("SELECT key, value FROM app_meta")
        .fetch_all(pool)
        .await?;
    let get = |k: &str| {
        meta.iter()
            .find(|row| row.key == k)
            .map(|row| row.value.clone())
    };
    Ok(DbStatus {
        journal_mode,
        schema_version,
        created_at_unix: get("created_at_unix"),
        created_by_version: get("created_by_version"),
    })
}
