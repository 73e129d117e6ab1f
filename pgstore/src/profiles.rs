//! The `saved_profiles` table.

use sqlx::PgExecutor;

/// A saved profile as stored (its body still JSON).
#[derive(Debug, Clone)]
pub struct ProfileRow {
    /// 32 hex digits.
    pub id: String,
    /// Its name.
    pub name: String,
    /// `profiles::SavedProfile` as JSON.
    pub body: String,
    /// When it was saved.
    pub created_at_unix: i64,
}

/// Every saved profile, oldest first.
pub async fn list(ex: impl PgExecutor<'_>) -> Result<Vec<ProfileRow>, sqlx::Error> {
    sqlx::query_as!(
        ProfileRow,
        "SELECT id, name, body, created_at_unix FROM saved_profiles
         ORDER BY created_at_unix, id"
    )
    .fetch_all(ex)
    .await
}

/// Stores one.
pub async fn insert(ex: impl PgExecutor<'_>, row: &ProfileRow) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO saved_profiles (id, name, body, created_at_unix) VALUES ($1, $2, $3, $4)",
        row.id,
        row.name,
        row.body,
        row.created_at_unix
    )
    .execute(ex)
    .await?;
    Ok(())
}
