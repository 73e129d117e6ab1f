//! The `saved_profiles` table: workload profiles users saved (the presets are code, in the
//! `profiles` crate).

use api::catalogs::SavedProfileRow;
use profiles::SavedProfile;
use sqlx::SqlitePool;

use super::error::{db, read_json, write_json, StoreError};
use crate::clock::now_unix;

/// Every saved profile, oldest first.
pub async fn list(pool: &SqlitePool) -> Result<Vec<SavedProfileRow>, StoreError> {
    let rows = sqlx::query!(
        "SELECT id, name, body, created_at_unix FROM saved_profiles ORDER BY created_at_unix, id"
    )
    .fetch_all(pool)
    .await
    .map_err(db("cannot list the saved profiles"))?;
    rows.into_iter()
        .map(|r| {
            let profile = read_json(&r.body, || format!("profile {}", r.id))?;
            Ok(SavedProfileRow {
                id: r.id,
                name: r.name,
                created_at_unix: r.created_at_unix,
                profile,
            })
        })
        .collect()
}

/// Stores a (validated) profile under a new random id, 32 hex digits; returns the id.
pub async fn save(pool: &SqlitePool, profile: &SavedProfile) -> Result<String, StoreError> {
    let id = format!("{:032x}", rand::random::<u128>());
    let body = write_json(profile, "a profile")?;
    let now = now_unix();
    sqlx::query!(
        "INSERT INTO saved_profiles (id, name, body, created_at_unix) VALUES (?1, ?2, ?3, ?4)",
        id,
        profile.name,
        body,
        now
    )
    .execute(pool)
    .await
    .map_err(db("cannot store the profile"))?;
    Ok(id)
}
