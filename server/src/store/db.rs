//! Opening the database: the embedded SQLite file (the default: created if missing, WAL
//! mode) or a PostgreSQL database shared by several server instances (`--db
//! postgres://…`), migrated with `server/migrations/sqlite` or `server/migrations/postgres`
//! (twins, same versions), the bundled price table stored; and what `/api/v1/health`
//! reports about it. [`Db`] is the one handle every store function takes: no caller knows
//! which back end it talks to.

use std::path::Path;
use std::str::FromStr;

use api::catalogs::DbStatus;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};

use super::error::{db, StoreError};
use super::prices;
use crate::clock::now_unix;

/// Connections a pool opens at most unless told (`serve --db-connections`).
pub const DEFAULT_DB_CONNECTIONS: u32 = 8;

/// An opened database, cheap to clone.
#[derive(Clone, Debug)]
pub enum Db {
    /// The embedded SQLite file: one server process.
    Sqlite(SqlitePool),
    /// PostgreSQL: any number of server instances.
    Postgres(PgPool),
}

impl Db {
    /// Whether several server instances may share this database (and so its jobs).
    pub fn is_shared(&self) -> bool {
        matches!(self, Db::Postgres(_))
    }

    /// Closes the pool: waits for its connections to be returned, then closes them.
    pub async fn close(&self) {
        match self {
            Db::Sqlite(pool) => pool.close().await,
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

/// Whether `--db` names a PostgreSQL database rather than a SQLite file.
pub fn is_postgres_url(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// `location` as it may be shown (a log line, an error): a URL's password replaced.
pub fn shown(location: &str) -> String {
    if !is_postgres_url(location) {
        return location.to_string();
    }
    let (scheme, rest) = location.split_once("://").unwrap_or(("postgres", location));
    match rest.split_once('@') {
        Some((user_info, host)) => {
            let user = user_info.split(':').next().unwrap_or("");
            let hidden = if user_info.contains(':') { ":***" } else { "" };
            format!("{scheme}://{user}{hidden}@{host}")
        }
        None => location.to_string(),
    }
}

/// Opens the database `location` names (a `postgres://` URL, else a SQLite file created
/// if missing), migrating it, with at most [`DEFAULT_DB_CONNECTIONS`] connections.
pub async fn open(location: &Path) -> Result<Db, StoreError> {
    open_with(location, DEFAULT_DB_CONNECTIONS).await
}

/// [`open`] with at most `connections` connections in the pool.
pub async fn open_with(location: &Path, connections: u32) -> Result<Db, StoreError> {
    let text = location.to_string_lossy();
    let database = if is_postgres_url(&text) {
        Db::Postgres(open_postgres(&text, connections).await?)
    } else {
        Db::Sqlite(open_sqlite(location, connections).await?)
    };
    let version = env!("CARGO_PKG_VERSION");
    let now = now_unix().to_string();
    let recorded = match &database {
        Db::Sqlite(pool) => sqlx::query!(
            "INSERT OR IGNORE INTO app_meta (key, value) VALUES ('created_at_unix', ?1), ('created_by_version', ?2)",
            now,
            version
        )
        .execute(pool)
        .await
        .map(drop),
        Db::Postgres(pool) => pgstore::meta::record_creation(pool, &now, version).await,
    };
    recorded.map_err(db("cannot record database metadata"))?;
    prices::ensure_bundled(&database).await?;
    Ok(database)
}

async fn open_sqlite(path: &Path, connections: u32) -> Result<SqlitePool, StoreError> {
    let shown = path.display().to_string();
    let url = format!("sqlite://{shown}");
    let options = SqliteConnectOptions::from_str(&url)
        .map_err(db(format!("invalid database path {shown}")))?
        .create_if_missing(true)
        // WAL lets readers proceed while a writer commits.
        .journal_mode(SqliteJournalMode::Wal)
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(connections)
        .connect_with(options)
        .await
        .map_err(db(format!("cannot open database {shown}")))?;
    sqlx::migrate!("./migrations/sqlite")
        .run(&pool)
        .await
        .map_err(|source| StoreError::Migrate {
            path: shown.clone(),
            source,
        })?;
    Ok(pool)
}

async fn open_postgres(url: &str, connections: u32) -> Result<PgPool, StoreError> {
    let shown = shown(url);
    let options = PgConnectOptions::from_str(url)
        .map_err(db(format!("invalid database URL {shown}")))?
        .application_name("breakeven");
    let pool = PgPoolOptions::new()
        .max_connections(connections)
        .connect_with(options)
        .await
        .map_err(db(format!("cannot connect to {shown}")))?;
    // sqlx holds an advisory lock while it migrates: instances starting together (a rolling
    // upgrade) apply each migration once, the others wait and find it applied.
    sqlx::migrate!("./migrations/postgres")
        .run(&pool)
        .await
        .map_err(|source| StoreError::Migrate {
            path: shown.clone(),
            source,
        })?;
    Ok(pool)
}

/// The back end, its journal mode, the newest migration and the creation record.
pub async fn status(database: &Db) -> Result<DbStatus, StoreError> {
    let (backend, server_version, journal_mode, schema_version, meta) = match database {
        Db::Sqlite(pool) => {
            // Not `query!`: sqlx cannot describe a PRAGMA, and `_sqlx_migrations` is sqlx's
            // own table, absent from the schema the macros are checked against.
            let journal_mode: String = sqlx::query_scalar("PRAGMA journal_mode")
                .fetch_one(pool)
                .await
                .map_err(db("cannot read the journal mode"))?;
            let sqlite_version: String = sqlx::query_scalar("SELECT sqlite_version()")
                .fetch_one(pool)
                .await
                .map_err(db("cannot read SQLite's version"))?;
            let schema_version: i64 = sqlx::query_scalar(
                "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success = 1",
            )
            .fetch_one(pool)
            .await
            .map_err(db("cannot read the schema version"))?;
            let meta = sqlx::query!("SELECT key, value FROM app_meta")
                .fetch_all(pool)
                .await
                .map_err(db("cannot read the database metadata"))?
                .into_iter()
                .map(|r| (r.key, r.value))
                .collect::<Vec<_>>();
            let version = format!("SQLite {sqlite_version}");
            ("sqlite", version, Some(journal_mode), schema_version, meta)
        }
        Db::Postgres(pool) => {
            let (schema_version, server) = pgstore::meta::schema_and_server_version(pool)
                .await
                .map_err(db("cannot read the schema version"))?;
            let meta = pgstore::meta::all(pool)
                .await
                .map_err(db("cannot read the database metadata"))?;
            let version = format!("PostgreSQL {server}");
            ("postgres", version, None, schema_version, meta)
        }
    };
    let get = |k: &str| {
        meta.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    Ok(DbStatus {
        backend: backend.to_string(),
        server_version,
        journal_mode,
        schema_version,
        created_at_unix: get("created_at_unix"),
        created_by_version: get("created_by_version"),
    })
}
