//! The `app_meta` table and what `/api/v1/health` reports of the database.

use sqlx::PgExecutor;

/// Records when and by which version the database was created (kept if already there).
pub async fn record_creation(
    ex: impl PgExecutor<'_>,
    now_unix: &str,
    version: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO app_meta (key, value) VALUES ('created_at_unix', $1), ('created_by_version', $2)
         ON CONFLICT (key) DO NOTHING",
        now_unix,
        version
    )
    .execute(ex)
    .await?;
    Ok(())
}

/// Every (key, value) of `app_meta`.
pub async fn all(ex: impl PgExecutor<'_>) -> Result<Vec<(String, String)>, sqlx::Error> {
    let rows = sqlx::query!("SELECT key, value FROM app_meta ORDER BY key")
        .fetch_all(ex)
        .await?;
    Ok(rows.into_iter().map(|r| (r.key, r.value)).collect())
}

/// The value of `key`, if set.
pub async fn get(ex: impl PgExecutor<'_>, key: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!("SELECT value FROM app_meta WHERE key = $1", key)
        .fetch_optional(ex)
        .await
}

/// Sets `key` only if it has no value yet.
pub async fn set_if_absent(
    ex: impl PgExecutor<'_>,
    key: &str,
    value: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO app_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
        key,
        value
    )
    .execute(ex)
    .await?;
    Ok(())
}

/// Sets `key`, replacing its value.
pub async fn set(ex: impl PgExecutor<'_>, key: &str, value: &str) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO app_meta (key, value) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        key,
        value
    )
    .execute(ex)
    .await?;
    Ok(())
}

/// The newest migration applied (sqlx's own table, absent from the checked schema: not a
/// macro) and the server's version string.
pub async fn schema_and_server_version(
    ex: impl PgExecutor<'_> + Copy,
) -> Result<(i64, String), sqlx::Error> {
    let schema: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(version), 0)::BIGINT FROM _sqlx_migrations WHERE success",
    )
    .fetch_one(ex)
    .await?;
    let server: String = sqlx::query_scalar("SHOW server_version")
        .fetch_one(ex)
        .await?;
    Ok((schema, server))
}
