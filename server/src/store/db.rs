//! The embedded SQLite file: opened (created if missing) in WAL mode, migrated with
//! `server/migrations`, the bundled price table stored; and what `/api/v1/health` reports
//! about it.

use std::path::Path;
use std::str::FromStr;

use api::catalogs::DbStatus;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};

use super::error::{db, StoreError};
use super::prices;
use crate::clock::now_unix;

/// Opens the database file, creating and migrating it as needed.
pub async fn open(path: &Path) -> Result<SqlitePool, StoreError> {
    let shown = path.display().to_string();
    let url = format!("sqlite://{shown}");
    let options = SqliteConnectOptions::from_str(&url)
        .map_err(db(format!("invalid database path {shown}")))?
        .create_if_missing(true)
        // WAL lets readers proceed while a writer commits.
        .journal_mode(SqliteJournalMode::Wal)
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .map_err(db(format!("cannot open database {shown}")))?;
    sqlx::migrate!("./migrations")
        .run(&pool)
        .await
        .map_err(|source| StoreError::Migrate {
            path: shown.clone(),
            source,
        })?;
    let version = env!("CARGO_PKG_VERSION");
    let now = now_unix().to_string();
    sqlx::query!(
        "INSERT OR IGNORE INTO app_meta (key, value) VALUES ('created_at_unix', ?1), ('created_by_version', ?2)",
        now,
        version
    )
    .execute(&pool)
    .await
    .map_err(db("cannot record database metadata"))?;
    prices::ensure_bundled(&pool).await?;
    Ok(pool)
}

/// The journal mode, the newest migration and the creation record.
pub async fn status(pool: &SqlitePool) -> Result<DbStatus, StoreError> {
    // Not `query!`: sqlx cannot describe a PRAGMA, and `_sqlx_migrations` is sqlx's own
    // table, absent from the schema the macros are checked against.
    let journal_mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(pool)
        .await
        .map_err(db("cannot read the journal mode"))?;
    let schema_version: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success = 1",
    )
    .fetch_one(pool)
    .await
    .map_err(db("cannot read the schema version"))?;
    let meta = sqlx::query!("SELECT key, value FROM app_meta")
        .fetch_all(pool)
        .await
        .map_err(db("cannot read the database metadata"))?;
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
