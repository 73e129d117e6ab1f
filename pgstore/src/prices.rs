//! The `price_tables` table: stored versions, never changed in place.

use sqlx::PgExecutor;

/// A version's columns besides its rows.
#[derive(Debug, Clone)]
pub struct VersionRow {
    /// Its id.
    pub id: i64,
    /// The table's name.
    pub name: String,
    /// Its version label.
    pub version: String,
    /// sha256 of the imported file.
    pub sha256: String,
    /// The prices' date.
    pub as_of: String,
    /// When it was imported.
    pub imported_at_unix: i64,
    /// Rows stored.
    pub model_count: i64,
    /// The import's issues as JSON.
    pub issues: String,
}

/// A version to store: its source's columns and its rows and issues as JSON.
#[derive(Debug, Clone, Copy)]
pub struct NewVersion<'a> {
    /// The table's name.
    pub name: &'a str,
    /// Its version label.
    pub version: &'a str,
    /// sha256 of the imported file.
    pub sha256: &'a str,
    /// The prices' date.
    pub as_of: &'a str,
    /// When it is imported.
    pub imported_at_unix: i64,
    /// Rows stored.
    pub model_count: i64,
    /// `pricing::PriceTable` as JSON.
    pub body: &'a str,
    /// The import's issues as JSON.
    pub issues: &'a str,
}

/// Stores a version; returns its id.
pub async fn insert(ex: impl PgExecutor<'_>, v: NewVersion<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO price_tables (name, version, sha256, as_of, imported_at_unix, model_count, body, issues)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        v.name,
        v.version,
        v.sha256,
        v.as_of,
        v.imported_at_unix,
        v.model_count,
        v.body,
        v.issues
    )
    .fetch_one(ex)
    .await
}

/// Stores a version unless one with its name and version is stored (an instance starting
/// beside another stores the bundled table once); returns the stored one's id.
pub async fn insert_or_find(pool: &sqlx::PgPool, v: NewVersion<'_>) -> Result<i64, sqlx::Error> {
    let inserted = sqlx::query_scalar!(
        "INSERT INTO price_tables (name, version, sha256, as_of, imported_at_unix, model_count, body, issues)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (name, version) DO NOTHING RETURNING id",
        v.name,
        v.version,
        v.sha256,
        v.as_of,
        v.imported_at_unix,
        v.model_count,
        v.body,
        v.issues
    )
    .fetch_optional(pool)
    .await?;
    match inserted {
        Some(id) => Ok(id),
        None => find(pool, v.name, v.version)
            .await?
            .ok_or(sqlx::Error::RowNotFound),
    }
}

/// The id of version `version` of `name`, if stored.
pub async fn find(
    ex: impl PgExecutor<'_>,
    name: &str,
    version: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT id FROM price_tables WHERE name = $1 AND version = $2",
        name,
        version
    )
    .fetch_optional(ex)
    .await
}

/// Version `id`'s rows and issues as JSON.
pub async fn body(
    ex: impl PgExecutor<'_>,
    id: i64,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let row = sqlx::query!("SELECT body, issues FROM price_tables WHERE id = $1", id)
        .fetch_optional(ex)
        .await?;
    Ok(row.map(|r| (r.body, r.issues)))
}

/// Every version, oldest first.
pub async fn list(ex: impl PgExecutor<'_>) -> Result<Vec<VersionRow>, sqlx::Error> {
    sqlx::query_as!(
        VersionRow,
        "SELECT id, name, version, sha256, as_of, imported_at_unix, model_count, issues
         FROM price_tables ORDER BY id"
    )
    .fetch_all(ex)
    .await
}
