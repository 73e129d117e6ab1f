//! The `scenarios` and `scenario_revisions` tables. A scenario's id is 128 random bits and
//! its edit token 256, both from the operating system's CSPRNG; only the token's sha256 is
//! stored, and a token is checked by comparing hashes inside the writing transaction, so a
//! wrong token and the write it guards can never interleave. Every write is one transaction.

use rand::rngs::OsRng;
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::{Sqlite, SqlitePool, Transaction};

/// The scenario row, with its newest revision number.
#[derive(Debug, Clone)]
pub struct ScenarioRow {
    pub id: String,
    pub created_unix: i64,
    pub updated_unix: i64,
    /// (scenario id, revision) this one was forked from.
    pub forked_from: Option<(String, i64)>,
    pub latest_revision: i64,
}

/// One stored revision.
#[derive(Debug, Clone)]
pub struct RevisionRow {
    pub revision: i64,
    pub name: String,
    /// `tco::ScenarioInput` as JSON.
    pub input_json: String,
    pub price_table_id: i64,
    pub created_unix: i64,
}

/// A row of `GET /api/v1/scenarios/{id}/revisions`.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionSummary {
    pub revision: i64,
    pub name: String,
    pub created_unix: i64,
    pub price_table_id: i64,
}

/// What a new scenario's creator gets back (the token is shown only here).
#[derive(Debug, Clone)]
pub struct Created {
    pub id: String,
    pub edit_token: String,
}

/// The result of a write that needs the edit token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Guarded<T> {
    Done(T),
    NotFound,
    WrongToken,
}

/// What a revision records: its name, its input and the price table it was saved with.
#[derive(Debug, Clone, Copy)]
pub struct NewRevision<'a> {
    pub name: &'a str,
    pub input_json: &'a str,
    pub price_table_id: i64,
}

/// An id as a share link carries it: exactly 32 lowercase hex digits. Anything else is
/// refused before the database is asked.
pub fn is_valid_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

pub fn token_sha256(token: &str) -> String {
    format!("{:x}", Sha256::digest(token.as_bytes()))
}

fn random_hex<const N: usize>() -> String {
    let mut bytes = [0u8; N];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Stores a new scenario with `first` as revision 1.
pub async fn create(
    pool: &SqlitePool,
    first: NewRevision<'_>,
    forked_from: Option<(&str, i64)>,
) -> anyhow::Result<Created> {
    let id = random_hex::<16>();
    let edit_token = random_hex::<32>();
    let hash = token_sha256(&edit_token);
    let now = crate::db::now_unix();
    let (from_id, from_revision) = forked_from.unzip();
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "INSERT INTO scenarios (id, edit_token_sha256, created_unix, updated_unix, forked_from_id, forked_from_revision)
         VALUES (?1, ?2, ?3, ?3, ?4, ?5)",
        id,
        hash,
        now,
        from_id,
        from_revision
    )
    .execute(&mut *tx)
    .await?;
    insert_revision(&mut tx, &id, 1, first, now).await?;
    tx.commit().await?;
    Ok(Created { id, edit_token })
}

async fn insert_revision(
    tx: &mut Transaction<'_, Sqlite>,
    id: &str,
    revision: i64,
    r: NewRevision<'_>,
    now: i64,
) -> anyhow::Result<()> {
    sqlx::query!(
        "INSERT INTO scenario_revisions (scenario_id, revision, name, input_json, price_table_id, created_unix)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        id,
        revision,
        r.name,
        r.input_json,
        r.price_table_id,
        now
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn get(pool: &SqlitePool, id: &str) -> anyhow::Result<Option<ScenarioRow>> {
    let row = sqlx::query!(
        r#"SELECT s.id AS "id!", s.created_unix, s.updated_unix, s.forked_from_id, s.forked_from_revision,
                  (SELECT MAX(revision) FROM scenario_revisions r WHERE r.scenario_id = s.id) AS "latest: i64"
           FROM scenarios s WHERE s.id = ?1"#,
        id
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| ScenarioRow {
        id: r.id,
        created_unix: r.created_unix,
        updated_unix: r.updated_unix,
        forked_from: r.forked_from_id.zip(r.forked_from_revision),
        latest_revision: r.latest.unwrap_or(0),
    }))
}

/// Revision `revision` of scenario `id`, or its newest when None.
pub async fn revision(
    pool: &SqlitePool,
    id: &str,
    revision: Option<i64>,
) -> anyhow::Result<Option<RevisionRow>> {
    let row = sqlx::query_as!(
        RevisionRow,
        r#"SELECT revision, name, input_json, price_table_id, created_unix FROM scenario_revisions
           WHERE scenario_id = ?1 AND (?2 IS NULL OR revision = ?2)
           ORDER BY revision DESC LIMIT 1"#,
        id,
        revision
    )
    .fetch_optional(pool)
    .await?;
    Ok(row)
}

/// Every revision of scenario `id`, newest first.
pub async fn revisions(pool: &SqlitePool, id: &str) -> anyhow::Result<Vec<RevisionSummary>> {
    Ok(sqlx::query_as!(
        RevisionSummary,
        "SELECT revision, name, created_unix, price_table_id FROM scenario_revisions
         WHERE scenario_id = ?1 ORDER BY revision DESC",
        id
    )
    .fetch_all(pool)
    .await?)
}

/// Whether `token_hash` is scenario `id`'s: lets a handler answer 404/403 before it reads
/// the body. The write itself checks again.
pub async fn authorize(
    pool: &SqlitePool,
    id: &str,
    token_hash: &str,
) -> anyhow::Result<Guarded<()>> {
    let stored = sqlx::query_scalar!("SELECT edit_token_sha256 FROM scenarios WHERE id = ?1", id)
        .fetch_optional(pool)
        .await?;
    Ok(match stored {
        None => Guarded::NotFound,
        Some(hash) if hash == token_hash => Guarded::Done(()),
        Some(_) => Guarded::WrongToken,
    })
}

/// Why a guarded write touched nothing: the scenario is gone or the token is not its own.
async fn refusal<T>(tx: &mut Transaction<'_, Sqlite>, id: &str) -> anyhow::Result<Guarded<T>> {
    let exists = sqlx::query_scalar!("SELECT COUNT(*) FROM scenarios WHERE id = ?1", id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(if exists > 0 {
        Guarded::WrongToken
    } else {
        Guarded::NotFound
    })
}

/// Adds the next revision; returns its number.
pub async fn add_revision(
    pool: &SqlitePool,
    id: &str,
    token_hash: &str,
    next: NewRevision<'_>,
) -> anyhow::Result<Guarded<i64>> {
    let now = crate::db::now_unix();
    let mut tx = pool.begin().await?;
    // Writing first takes SQLite's write lock, so the revision number read below cannot be
    // taken by a concurrent save.
    let touched = sqlx::query!(
        "UPDATE scenarios SET updated_unix = ?3 WHERE id = ?1 AND edit_token_sha256 = ?2",
        id,
        token_hash,
        now
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if touched == 0 {
        return refusal(&mut tx, id).await;
    }
    let latest = sqlx::query_scalar!(
        r#"SELECT COALESCE(MAX(revision), 0) AS "latest!: i64" FROM scenario_revisions WHERE scenario_id = ?1"#,
        id
    )
    .fetch_one(&mut *tx)
    .await?;
    insert_revision(&mut tx, id, latest + 1, next, now).await?;
    tx.commit().await?;
    Ok(Guarded::Done(latest + 1))
}

/// Removes the scenario and all its revisions.
pub async fn delete(pool: &SqlitePool, id: &str, token_hash: &str) -> anyhow::Result<Guarded<()>> {
    let mut tx = pool.begin().await?;
    let removed = sqlx::query!(
        "DELETE FROM scenarios WHERE id = ?1 AND edit_token_sha256 = ?2",
        id,
        token_hash
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if removed == 0 {
        return refusal(&mut tx, id).await;
    }
    // The foreign key cascades already; this keeps the guarantee on a connection without
    // `foreign_keys`.
    sqlx::query!("DELETE FROM scenario_revisions WHERE scenario_id = ?1", id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Guarded::Done(()))
}
