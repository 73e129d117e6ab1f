//! The `agent_tokens` table (only a token's sha256 is stored).

use sqlx::PgExecutor;

/// A token as listed (never the token).
#[derive(Debug, Clone)]
pub struct TokenRow {
    /// Its name.
    pub name: String,
    /// When it was created.
    pub created_unix: i64,
    /// Whether it is revoked.
    pub revoked: bool,
}

/// Stores a token's hash under `name`; false when the name is taken.
pub async fn insert(
    ex: impl PgExecutor<'_>,
    name: &str,
    sha256: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query!(
        "INSERT INTO agent_tokens (name, token_sha256, created_unix) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
        name,
        sha256,
        now
    )
    .execute(ex)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

/// Every token, oldest first.
pub async fn list(ex: impl PgExecutor<'_>) -> Result<Vec<TokenRow>, sqlx::Error> {
    sqlx::query_as!(
        TokenRow,
        "SELECT name, created_unix, revoked FROM agent_tokens ORDER BY id"
    )
    .fetch_all(ex)
    .await
}

/// Revokes `name`'s token; false when no token has that name.
pub async fn revoke(ex: impl PgExecutor<'_>, name: &str) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query!(
        "UPDATE agent_tokens SET revoked = TRUE WHERE name = $1",
        name
    )
    .execute(ex)
    .await?
    .rows_affected();
    Ok(changed > 0)
}

/// The name of the live token with this hash.
pub async fn verify(ex: impl PgExecutor<'_>, sha256: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT name FROM agent_tokens WHERE token_sha256 = $1 AND NOT revoked",
        sha256
    )
    .fetch_optional(ex)
    .await
}
