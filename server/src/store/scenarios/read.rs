//! Reading scenarios and their revisions, and checking an edit token before a write.

use api::scenarios::{ForkedFrom, RevisionSummary};
use api::{EditToken, ScenarioId};
use pgstore::scenarios::ScenarioHead;

use super::rows::{saved_figures, token_sha256, Revision, RevisionRow, ScenarioError, ScenarioRow};
use crate::store::error::{db, read_json, StoreError};
use crate::store::Db;

/// Scenario `id`'s row.
pub async fn get(database: &Db, id: &ScenarioId) -> Result<ScenarioRow, ScenarioError> {
    let id_text = id.as_str();
    let row = match database {
        Db::Sqlite(pool) => {
            sqlx::query_as!(
                ScenarioHead,
                r#"SELECT s.id AS "id!", s.created_unix, s.updated_unix, s.forked_from_id, s.forked_from_revision,
                          (SELECT MAX(revision) FROM scenario_revisions r WHERE r.scenario_id = s.id) AS "latest: i64"
                   FROM scenarios s WHERE s.id = ?1"#,
                id_text
            )
            .fetch_optional(pool)
            .await
        }
        Db::Postgres(pool) => pgstore::scenarios::head(pool, id_text).await,
    }
    .map_err(db(format!("cannot read scenario {id}")))?
    .ok_or(ScenarioError::NotFound)?;
    let forked_from = match row.forked_from_id.zip(row.forked_from_revision) {
        None => None,
        Some((from, revision)) => Some(ForkedFrom {
            id: ScenarioId::parse(&from).map_err(|e| {
                StoreError::Inconsistent(format!("scenario {id} was forked from {from:?}: {e}"))
            })?,
            revision,
        }),
    };
    Ok(ScenarioRow {
        id: id.clone(),
        created_unix: row.created_unix,
        updated_unix: row.updated_unix,
        forked_from,
        latest_revision: row.latest.unwrap_or(0),
    })
}

/// Revision `revision` of scenario `id` as stored, or its newest when None.
pub(super) async fn revision_row(
    database: &Db,
    id: &ScenarioId,
    revision: Option<i64>,
) -> Result<RevisionRow, ScenarioError> {
    let id_text = id.as_str();
    let row =
        match database {
            Db::Sqlite(pool) => sqlx::query_as!(
                RevisionRow,
                r#"SELECT revision, name, input_json, price_table_id, created_unix, model_version,
                          api_monthly_usd, self_hosted_monthly_usd, hybrid_monthly_usd,
                          break_even_requests_per_month
                   FROM scenario_revisions
                   WHERE scenario_id = ?1 AND (?2 IS NULL OR revision = ?2)
                   ORDER BY revision DESC LIMIT 1"#,
                id_text,
                revision
            )
            .fetch_optional(pool)
            .await,
            Db::Postgres(pool) => pgstore::scenarios::revision(pool, id_text, revision).await,
        }
        .map_err(db(format!("cannot read scenario {id}")))?;
    row.ok_or(ScenarioError::NoSuchRevision)
}

/// Scenario `id` and its revision `revision` (the newest when None), the input read back
/// as typed: what the scenario view, the exports and `breakeven report --db` all
/// recompute from, with the figures it showed when saved.
pub async fn load(
    database: &Db,
    id: &ScenarioId,
    revision: Option<i64>,
) -> Result<(ScenarioRow, Revision), ScenarioError> {
    let row = get(database, id).await?;
    let stored = revision_row(database, id, revision).await?;
    let input = read_json(&stored.input_json, || {
        format!("input of revision {} of scenario {id}", stored.revision)
    })?;
    let saved_figures = saved_figures(&stored, id)?;
    let revision = Revision {
        number: stored.revision,
        name: stored.name,
        input,
        price_table_id: stored.price_table_id,
        created_unix: stored.created_unix,
        saved_figures,
    };
    Ok((row, revision))
}

/// Every revision of scenario `id`, newest first (none: no such scenario).
pub async fn revisions(database: &Db, id: &ScenarioId) -> Result<Vec<RevisionSummary>, StoreError> {
    let id_text = id.as_str();
    let listed = match database {
        Db::Sqlite(pool) => {
            sqlx::query_as!(
                pgstore::scenarios::RevisionListed,
                "SELECT revision, name, created_unix, price_table_id FROM scenario_revisions
                 WHERE scenario_id = ?1 ORDER BY revision DESC",
                id_text
            )
            .fetch_all(pool)
            .await
        }
        Db::Postgres(pool) => pgstore::scenarios::revisions(pool, id_text).await,
    }
    .map_err(db(format!("cannot list the revisions of scenario {id}")))?;
    Ok(listed
        .into_iter()
        .map(|r| RevisionSummary {
            revision: r.revision,
            name: r.name,
            created_unix: r.created_unix,
            price_table_id: r.price_table_id,
        })
        .collect())
}

/// Whether `token` is scenario `id`'s: lets a handler answer 404/403 before it reads the
/// body. The write itself checks again.
pub async fn authorize(
    database: &Db,
    id: &ScenarioId,
    token: &EditToken,
) -> Result<(), ScenarioError> {
    let id_text = id.as_str();
    let stored = match database {
        Db::Sqlite(pool) => {
            sqlx::query_scalar!(
                "SELECT edit_token_sha256 FROM scenarios WHERE id = ?1",
                id_text
            )
            .fetch_optional(pool)
            .await
        }
        Db::Postgres(pool) => pgstore::scenarios::token_hash(pool, id_text).await,
    }
    .map_err(db(format!("cannot read scenario {id}")))?;
    match stored {
        None => Err(ScenarioError::NotFound),
        Some(hash) if hash == token_sha256(token) => Ok(()),
        Some(_) => Err(ScenarioError::WrongToken),
    }
}
