//! Saving scenarios: a new one, the next revision, a fork, a deletion. A write that needs
//! the edit token checks it inside its own transaction.

use api::scenarios::SavedFigures;
use api::{EditToken, ScenarioId};
use pgstore::scenarios::{NewRevisionRow, Refused};
use rand::rngs::OsRng;
use rand::RngCore;
use sqlx::{Sqlite, Transaction};

use super::read::{get, revision_row};
use super::rows::{token_sha256, Created, Forked, NewRevision, ScenarioError};
use crate::clock::now_unix;
use crate::store::error::{db, write_json, StoreError};
use crate::store::Db;

fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    OsRng.fill_bytes(&mut bytes);
    bytes
}

/// Stores a new scenario with `first` as revision 1.
pub async fn create(database: &Db, first: NewRevision<'_>) -> Result<Created, StoreError> {
    let first = Encoded::of(first)?;
    insert_scenario(database, &first, None).await
}

/// A revision ready for its row: the input as JSON text.
struct Encoded<'a> {
    name: &'a str,
    input_json: String,
    price_table_id: i64,
    figures: &'a SavedFigures,
}

impl<'a> Encoded<'a> {
    fn of(revision: NewRevision<'a>) -> Result<Self, StoreError> {
        Ok(Self {
            name: revision.name,
            input_json: write_json(revision.input, "a scenario")?,
            price_table_id: revision.price_table_id,
            figures: revision.figures,
        })
    }

    /// The row PostgreSQL stores.
    fn row(&self) -> NewRevisionRow<'_> {
        NewRevisionRow {
            name: self.name,
            input_json: &self.input_json,
            price_table_id: self.price_table_id,
            model_version: i64::from(self.figures.model_version),
            api_monthly_usd: self.figures.api_monthly_usd,
            self_hosted_monthly_usd: self.figures.self_hosted_monthly_usd,
            hybrid_monthly_usd: self.figures.hybrid_monthly_usd,
            break_even_requests_per_month: self.figures.break_even_requests_per_month,
        }
    }
}

impl From<Refused> for ScenarioError {
    fn from(refused: Refused) -> Self {
        match refused {
            Refused::NotFound => ScenarioError::NotFound,
            Refused::WrongToken => ScenarioError::WrongToken,
        }
    }
}

async fn insert_scenario(
    database: &Db,
    first: &Encoded<'_>,
    forked_from: Option<(&str, i64)>,
) -> Result<Created, StoreError> {
    let created = Created {
        id: ScenarioId::from_bytes(random()),
        edit_token: EditToken::from_bytes(random()),
    };
    let (id, hash) = (created.id.as_str(), token_sha256(&created.edit_token));
    let now = now_unix();
    let failed = || db("cannot store the scenario");
    let pool = match database {
        Db::Sqlite(pool) => pool,
        Db::Postgres(pool) => {
            pgstore::scenarios::create(pool, id, &hash, now, forked_from, first.row())
                .await
                .map_err(failed())?;
            return Ok(created);
        }
    };
    let (from_id, from_revision) = forked_from.unzip();
    let mut tx = pool.begin().await.map_err(failed())?;
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
    .await
    .map_err(failed())?;
    insert_revision(&mut tx, id, 1, first, now).await?;
    tx.commit().await.map_err(failed())?;
    Ok(created)
}

async fn insert_revision(
    tx: &mut Transaction<'_, Sqlite>,
    id: &str,
    revision: i64,
    stored: &Encoded<'_>,
    now: i64,
) -> Result<(), StoreError> {
    let figures = stored.figures;
    let model_version = i64::from(figures.model_version);
    sqlx::query!(
        "INSERT INTO scenario_revisions (scenario_id, revision, name, input_json, price_table_id, created_unix,
                                         model_version, api_monthly_usd, self_hosted_monthly_usd,
                                         hybrid_monthly_usd, break_even_requests_per_month)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        id,
        revision,
        stored.name,
        stored.input_json,
        stored.price_table_id,
        now,
        model_version,
        figures.api_monthly_usd,
        figures.self_hosted_monthly_usd,
        figures.hybrid_monthly_usd,
        figures.break_even_requests_per_month
    )
    .execute(&mut **tx)
    .await
    .map_err(db(format!("cannot store revision {revision} of scenario {id}")))?;
    Ok(())
}

/// Copies revision `revision` of scenario `id`, its name, input and price table exactly as
/// stored, into a new scenario with its own id and edit token. `figures` are what today's
/// engine gives for that input and table (`SavedFigures::of`), recorded as the copy's:
/// the copy shows them when it is made, whatever the original showed.
pub async fn fork(
    database: &Db,
    id: &ScenarioId,
    revision: i64,
    figures: &SavedFigures,
) -> Result<Forked, ScenarioError> {
    get(database, id).await?;
    let original = revision_row(database, id, Some(revision)).await?;
    let copy = Encoded {
        name: &original.name,
        input_json: original.input_json,
        price_table_id: original.price_table_id,
        figures,
    };
    let from = Some((id.as_str(), original.revision));
    let created = insert_scenario(database, &copy, from).await?;
    Ok(Forked {
        created,
        revision: original.revision,
        price_table_id: original.price_table_id,
    })
}

/// Why a guarded write touched nothing: the scenario is gone or the token is not its own.
async fn refusal(tx: &mut Transaction<'_, Sqlite>, id: &str) -> ScenarioError {
    let exists = sqlx::query_scalar!("SELECT COUNT(*) FROM scenarios WHERE id = ?1", id)
        .fetch_one(&mut **tx)
        .await;
    match exists {
        Ok(0) => ScenarioError::NotFound,
        Ok(_) => ScenarioError::WrongToken,
        Err(e) => db(format!("cannot read scenario {id}"))(e).into(),
    }
}

/// Adds the next revision with the edit token; returns its number.
pub async fn add_revision(
    database: &Db,
    id: &ScenarioId,
    token: &EditToken,
    next: NewRevision<'_>,
) -> Result<i64, ScenarioError> {
    let next = Encoded::of(next)?;
    let (id, hash) = (id.as_str(), token_sha256(token));
    let now = now_unix();
    let failed = || db(format!("cannot save a revision of scenario {id}"));
    let pool = match database {
        Db::Sqlite(pool) => pool,
        Db::Postgres(pool) => {
            let added = pgstore::scenarios::add_revision(pool, id, &hash, now, next.row())
                .await
                .map_err(failed())?;
            return Ok(added?);
        }
    };
    let mut tx = pool.begin().await.map_err(failed())?;
    // Writing first takes SQLite's write lock, so the revision number read below cannot be
    // taken by a concurrent save.
    let touched = sqlx::query!(
        "UPDATE scenarios SET updated_unix = ?3 WHERE id = ?1 AND edit_token_sha256 = ?2",
        id,
        hash,
        now
    )
    .execute(&mut *tx)
    .await
    .map_err(failed())?
    .rows_affected();
    if touched == 0 {
        return Err(refusal(&mut tx, id).await);
    }
    let latest = sqlx::query_scalar!(
        r#"SELECT COALESCE(MAX(revision), 0) AS "latest!: i64" FROM scenario_revisions WHERE scenario_id = ?1"#,
        id
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(failed())?;
    insert_revision(&mut tx, id, latest + 1, &next, now).await?;
    tx.commit().await.map_err(failed())?;
    Ok(latest + 1)
}

/// Removes the scenario and all its revisions, with the edit token.
pub async fn delete(
    database: &Db,
    id: &ScenarioId,
    token: &EditToken,
) -> Result<(), ScenarioError> {
    let (id, hash) = (id.as_str(), token_sha256(token));
    let failed = || db(format!("cannot delete scenario {id}"));
    let pool = match database {
        Db::Sqlite(pool) => pool,
        Db::Postgres(pool) => {
            let deleted = pgstore::scenarios::delete(pool, id, &hash)
                .await
                .map_err(failed())?;
            return Ok(deleted?);
        }
    };
    let mut tx = pool.begin().await.map_err(failed())?;
    let removed = sqlx::query!(
        "DELETE FROM scenarios WHERE id = ?1 AND edit_token_sha256 = ?2",
        id,
        hash
    )
    .execute(&mut *tx)
    .await
    .map_err(failed())?
    .rows_affected();
    if removed == 0 {
        return Err(refusal(&mut tx, id).await);
    }
    // The foreign key cascades already; this keeps the guarantee on a connection without
    // `foreign_keys`.
    sqlx::query!("DELETE FROM scenario_revisions WHERE scenario_id = ?1", id)
        .execute(&mut *tx)
        .await
        .map_err(failed())?;
    tx.commit().await.map_err(failed())?;
    Ok(())
}
