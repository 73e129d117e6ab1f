//! The `saved_profiles` table: workload profiles users saved (the presets are code, in the
//! `profiles` crate).

use api::catalogs::SavedProfileRow;
use pgstore::profiles::ProfileRow;
use profiles::SavedProfile;

use super::error::{db, read_json, write_json, StoreError};
use super::Db;
use crate::clock::now_unix;

/// Every saved profile, oldest first.
pub async fn list(database: &Db) -> Result<Vec<SavedProfileRow>, StoreError> {
    let rows = match database {
        Db::Sqlite(pool) => {
            sqlx::query_as!(
                ProfileRow,
                "SELECT id, name, body, created_at_unix FROM saved_profiles ORDER BY created_at_unix, id"
            )
            .fetch_all(pool)
            .await
        }
        Db::Postgres(pool) => pgstore::profiles::list(pool).await,
    }
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
pub async fn save(database: &Db, profile: &SavedProfile) -> Result<String, StoreError> {
    let row = ProfileRow {
        id: format!("{:032x}", rand::random::<u128>()),
        name: profile.name.clone(),
        body: write_json(profile, "a profile")?,
        created_at_unix: now_unix(),
    };
    match database {
        Db::Sqlite(pool) => sqlx::query!(
            "INSERT INTO saved_profiles (id, name, body, created_at_unix) VALUES (?1, ?2, ?3, ?4)",
            row.id,
            row.name,
            row.body,
            row.created_at_unix
        )
        .execute(pool)
        .await
        .map(drop),
        Db::Postgres(pool) => pgstore::profiles::insert(pool, &row).await,
    }
    .map_err(db("cannot store the profile"))?;
    Ok(row.id)
}
