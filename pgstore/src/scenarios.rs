//! The `scenarios` and `scenario_revisions` tables. A guarded write (the next revision, a
//! deletion) first UPDATEs or DELETEs the scenario's row with its token hash in the WHERE
//! clause: PostgreSQL's row lock then serializes concurrent saves of one scenario from any
//! instance, and the revision number read after it (a new snapshot per statement, READ
//! COMMITTED) includes every save committed before.

use sqlx::{PgExecutor, PgPool};

/// A scenario's row with its newest revision number.
#[derive(Debug, Clone)]
pub struct ScenarioHead {
    /// Its id.
    pub id: String,
    /// When revision 1 was saved.
    pub created_unix: i64,
    /// When the newest was saved.
    pub updated_unix: i64,
    /// The scenario it was forked from.
    pub forked_from_id: Option<String>,
    /// The revision it was forked from.
    pub forked_from_revision: Option<i64>,
    /// The newest revision (None: none, which the schema's writes never leave).
    pub latest: Option<i64>,
}

/// A revision as stored (input JSON, figures as columns).
#[derive(Debug, Clone)]
pub struct RevisionRow {
    /// Its number.
    pub revision: i64,
    /// The scenario's name in it.
    pub name: String,
    /// The input as JSON.
    pub input_json: String,
    /// The price-table version it records.
    pub price_table_id: i64,
    /// When it was saved.
    pub created_unix: i64,
    /// The cost model that computed its figures (NULL: not recorded).
    pub model_version: Option<i64>,
    /// API monthly cost it showed.
    pub api_monthly_usd: Option<f64>,
    /// Self-hosted monthly cost it showed.
    pub self_hosted_monthly_usd: Option<f64>,
    /// Hybrid monthly cost it showed.
    pub hybrid_monthly_usd: Option<f64>,
    /// Break-even volume it showed.
    pub break_even_requests_per_month: Option<f64>,
}

/// A revision as listed.
#[derive(Debug, Clone)]
pub struct RevisionListed {
    /// Its number.
    pub revision: i64,
    /// The scenario's name in it.
    pub name: String,
    /// When it was saved.
    pub created_unix: i64,
    /// The price-table version it records.
    pub price_table_id: i64,
}

/// What a save writes of a revision (its number and time apart).
#[derive(Debug, Clone, Copy)]
pub struct NewRevisionRow<'a> {
    /// The scenario's name in it.
    pub name: &'a str,
    /// The input as JSON.
    pub input_json: &'a str,
    /// The price-table version.
    pub price_table_id: i64,
    /// The cost model version.
    pub model_version: i64,
    /// API monthly cost shown.
    pub api_monthly_usd: f64,
    /// Self-hosted monthly cost shown.
    pub self_hosted_monthly_usd: f64,
    /// Hybrid monthly cost shown.
    pub hybrid_monthly_usd: f64,
    /// Break-even volume shown.
    pub break_even_requests_per_month: Option<f64>,
}

/// Why a guarded write changed nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// No scenario has this id.
    NotFound,
    /// The token hash is not the scenario's.
    WrongToken,
}

/// Scenario `id`'s row.
pub async fn head(ex: impl PgExecutor<'_>, id: &str) -> Result<Option<ScenarioHead>, sqlx::Error> {
    sqlx::query_as!(
        ScenarioHead,
        r#"SELECT s.id, s.created_unix, s.updated_unix, s.forked_from_id, s.forked_from_revision,
                  (SELECT MAX(revision) FROM scenario_revisions r WHERE r.scenario_id = s.id) AS "latest"
           FROM scenarios s WHERE s.id = $1"#,
        id
    )
    .fetch_optional(ex)
    .await
}

/// Revision `revision` of scenario `id`, or its newest when None.
pub async fn revision(
    ex: impl PgExecutor<'_>,
    id: &str,
    revision: Option<i64>,
) -> Result<Option<RevisionRow>, sqlx::Error> {
    sqlx::query_as!(
        RevisionRow,
        "SELECT revision, name, input_json, price_table_id, created_unix, model_version,
                api_monthly_usd, self_hosted_monthly_usd, hybrid_monthly_usd,
                break_even_requests_per_month
         FROM scenario_revisions
         WHERE scenario_id = $1 AND ($2::BIGINT IS NULL OR revision = $2)
         ORDER BY revision DESC LIMIT 1",
        id,
        revision
    )
    .fetch_optional(ex)
    .await
}

/// Every revision of scenario `id`, newest first.
pub async fn revisions(
    ex: impl PgExecutor<'_>,
    id: &str,
) -> Result<Vec<RevisionListed>, sqlx::Error> {
    sqlx::query_as!(
        RevisionListed,
        "SELECT revision, name, created_unix, price_table_id FROM scenario_revisions
         WHERE scenario_id = $1 ORDER BY revision DESC",
        id
    )
    .fetch_all(ex)
    .await
}

/// The stored edit-token hash of scenario `id`.
pub async fn token_hash(ex: impl PgExecutor<'_>, id: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!("SELECT edit_token_sha256 FROM scenarios WHERE id = $1", id)
        .fetch_optional(ex)
        .await
}

/// Stores a new scenario and its revision 1 in one transaction.
pub async fn create(
    pool: &PgPool,
    id: &str,
    token_sha256: &str,
    now: i64,
    forked_from: Option<(&str, i64)>,
    first: NewRevisionRow<'_>,
) -> Result<(), sqlx::Error> {
    let (from_id, from_revision) = forked_from.unzip();
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "INSERT INTO scenarios (id, edit_token_sha256, created_unix, updated_unix, forked_from_id, forked_from_revision)
         VALUES ($1, $2, $3, $3, $4, $5)",
        id,
        token_sha256,
        now,
        from_id,
        from_revision
    )
    .execute(&mut *tx)
    .await?;
    insert_revision(&mut *tx, id, 1, now, first).await?;
    tx.commit().await
}

async fn insert_revision(
    ex: impl PgExecutor<'_>,
    id: &str,
    revision: i64,
    now: i64,
    r: NewRevisionRow<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO scenario_revisions (scenario_id, revision, name, input_json, price_table_id, created_unix,
                                         model_version, api_monthly_usd, self_hosted_monthly_usd,
                                         hybrid_monthly_usd, break_even_requests_per_month)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        id,
        revision,
        r.name,
        r.input_json,
        r.price_table_id,
        now,
        r.model_version,
        r.api_monthly_usd,
        r.self_hosted_monthly_usd,
        r.hybrid_monthly_usd,
        r.break_even_requests_per_month
    )
    .execute(ex)
    .await?;
    Ok(())
}

/// Why a guarded write touched no row.
async fn refusal(ex: impl PgExecutor<'_>, id: &str) -> Result<Refused, sqlx::Error> {
    let exists = sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!" FROM scenarios WHERE id = $1"#,
        id
    )
    .fetch_one(ex)
    .await?;
    Ok(if exists == 0 {
        Refused::NotFound
    } else {
        Refused::WrongToken
    })
}

/// Adds the next revision if `token_sha256` is the scenario's; returns its number.
pub async fn add_revision(
    pool: &PgPool,
    id: &str,
    token_sha256: &str,
    now: i64,
    next: NewRevisionRow<'_>,
) -> Result<Result<i64, Refused>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // Takes the scenario's row lock until commit: a concurrent save waits here, then reads
    // the revision this one adds.
    let touched = sqlx::query!(
        "UPDATE scenarios SET updated_unix = $3 WHERE id = $1 AND edit_token_sha256 = $2",
        id,
        token_sha256,
        now
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if touched == 0 {
        return Ok(Err(refusal(&mut *tx, id).await?));
    }
    let latest = sqlx::query_scalar!(
        r#"SELECT COALESCE(MAX(revision), 0) AS "latest!" FROM scenario_revisions WHERE scenario_id = $1"#,
        id
    )
    .fetch_one(&mut *tx)
    .await?;
    insert_revision(&mut *tx, id, latest + 1, now, next).await?;
    tx.commit().await?;
    Ok(Ok(latest + 1))
}

/// Removes the scenario and its revisions if `token_sha256` is its own.
pub async fn delete(
    pool: &PgPool,
    id: &str,
    token_sha256: &str,
) -> Result<Result<(), Refused>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let removed = sqlx::query!(
        "DELETE FROM scenarios WHERE id = $1 AND edit_token_sha256 = $2",
        id,
        token_sha256
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if removed == 0 {
        return Ok(Err(refusal(&mut *tx, id).await?));
    }
    // ON DELETE CASCADE has removed the revisions with the row.
    tx.commit().await?;
    Ok(Ok(()))
}
