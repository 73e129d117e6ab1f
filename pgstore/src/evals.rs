//! The `evals` table. An eval is held from its submission by the instance that received
//! it (its sample is in that instance's memory only); every status change is one
//! conditional UPDATE.

use sqlx::PgExecutor;

/// An eval as stored (request, result and progress still JSON).
#[derive(Debug, Clone)]
pub struct EvalRow {
    /// Its id.
    pub id: i64,
    /// queued, running, done, failed or cancelled.
    pub status: String,
    /// `cpu`, `cuda:0`, …
    pub device: String,
    /// The weights file as requested.
    pub weights: String,
    /// The model's name, once done.
    pub model: Option<String>,
    /// The sample's name.
    pub sample: String,
    /// sha256 of the sample.
    pub sample_sha256: String,
    /// Items in the sample.
    pub items: i64,
    /// classify or match.
    pub task: String,
    /// `EvalRequest` as JSON.
    pub request_json: String,
    /// The command line that reruns it.
    pub command: String,
    /// `EvalResult` as JSON, when done.
    pub result_json: Option<String>,
    /// Accuracy, when done.
    pub accuracy: Option<f64>,
    /// Why it failed.
    pub error: Option<String>,
    /// When it was queued.
    pub created_unix: i64,
    /// When it started.
    pub started_unix: Option<i64>,
    /// When it ended.
    pub finished_unix: Option<i64>,
    /// The latest progress of a running eval, as JSON.
    pub progress_json: Option<String>,
}

/// An eval to store, queued and held by `instance`.
#[derive(Debug, Clone, Copy)]
pub struct NewEvalRow<'a> {
    /// The device.
    pub device: &'a str,
    /// The weights file as requested.
    pub weights: &'a str,
    /// The sample's name.
    pub sample: &'a str,
    /// sha256 of the sample.
    pub sample_sha256: &'a str,
    /// Items.
    pub items: i64,
    /// classify or match.
    pub task: &'a str,
    /// The request as JSON.
    pub request_json: &'a str,
    /// The command line.
    pub command: &'a str,
    /// When.
    pub now: i64,
    /// The instance that holds it.
    pub instance: &'a str,
    /// Its lease.
    pub lease_until: i64,
}

/// Stores a queued eval; returns its id.
pub async fn insert_queued(ex: impl PgExecutor<'_>, e: NewEvalRow<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO evals (status, device, weights, sample, sample_sha256, items, task, request_json,
                            command, created_unix, instance, lease_expires_unix)
         VALUES ('queued', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        e.device,
        e.weights,
        e.sample,
        e.sample_sha256,
        e.items,
        e.task,
        e.request_json,
        e.command,
        e.now,
        e.instance,
        e.lease_until
    )
    .fetch_one(ex)
    .await
}

/// Stores a queued eval if its device's line (`benchmarks::lock_line`) holds fewer than
/// `max_unfinished` jobs: Ok(id, jobs ahead) or Err(unfinished count) when full.
pub async fn insert_queued_within(
    pool: &sqlx::PgPool,
    e: NewEvalRow<'_>,
    max_unfinished: i64,
) -> Result<Result<(i64, i64), i64>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let unfinished = crate::benchmarks::lock_line(&mut tx, e.device).await?;
    if unfinished >= max_unfinished {
        return Ok(Err(unfinished));
    }
    let id = insert_queued(&mut *tx, e).await?;
    tx.commit().await?;
    Ok(Ok((id, unfinished)))
}

/// queued → running; false when no longer queued.
pub async fn mark_running(ex: impl PgExecutor<'_>, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query!(
        "UPDATE evals SET status = 'running', started_unix = $1 WHERE id = $2 AND status = 'queued'",
        now,
        id
    )
    .execute(ex)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// queued → cancelled; false when not queued.
pub async fn cancel_queued(
    ex: impl PgExecutor<'_>,
    id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query!(
        "UPDATE evals SET status = 'cancelled', finished_unix = $1, lease_expires_unix = NULL
         WHERE id = $2 AND status = 'queued'",
        now,
        id
    )
    .execute(ex)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// running → done with its result; false when no longer running.
pub async fn finish_done(
    ex: impl PgExecutor<'_>,
    id: i64,
    result_json: &str,
    accuracy: f64,
    model: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query!(
        "UPDATE evals SET status = 'done', result_json = $1, accuracy = $2, model = $3, error = NULL,
                          finished_unix = $4, lease_expires_unix = NULL
         WHERE id = $5 AND status = 'running'",
        result_json,
        accuracy,
        model,
        now,
        id
    )
    .execute(ex)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// queued or running → `status`; false when already ended.
pub async fn finish_unsuccessful(
    ex: impl PgExecutor<'_>,
    id: i64,
    status: &str,
    error: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query!(
        "UPDATE evals SET status = $1, error = $2, finished_unix = $3, lease_expires_unix = NULL
         WHERE id = $4 AND status IN ('queued', 'running')",
        status,
        error,
        now,
        id
    )
    .execute(ex)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// The evals `instance` holds, failed with `message`; returns how many.
pub async fn fail_held_by(
    ex: impl PgExecutor<'_>,
    instance: &str,
    message: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!(
        "UPDATE evals SET status = 'failed', error = $2, finished_unix = $3, lease_expires_unix = NULL
         WHERE instance = $1 AND status IN ('queued', 'running')",
        instance,
        message,
        now
    )
    .execute(ex)
    .await?
    .rows_affected())
}

/// Every unfinished eval whose lease ended before `now`, failed with `message`.
pub async fn fail_expired(
    ex: impl PgExecutor<'_>,
    message: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!(
        "UPDATE evals SET status = 'failed', error = $1, finished_unix = $2, lease_expires_unix = NULL
         WHERE status IN ('queued', 'running') AND lease_expires_unix < $2",
        message,
        now
    )
    .execute(ex)
    .await?
    .rows_affected())
}

/// Renews the leases of the unfinished evals `instance` holds.
pub async fn renew(
    ex: impl PgExecutor<'_>,
    instance: &str,
    lease_until: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!(
        "UPDATE evals SET lease_expires_unix = $2 WHERE instance = $1 AND status IN ('queued', 'running')",
        instance,
        lease_until
    )
    .execute(ex)
    .await?
    .rows_affected())
}

/// Records a running eval's latest progress.
pub async fn set_progress(
    ex: impl PgExecutor<'_>,
    id: i64,
    progress_json: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE evals SET progress_json = $2 WHERE id = $1 AND status = 'running'",
        id,
        progress_json
    )
    .execute(ex)
    .await?;
    Ok(())
}

/// Asks the instance running eval `id` to stop it; false when it is not running.
pub async fn request_cancel(ex: impl PgExecutor<'_>, id: i64) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query!(
        "UPDATE evals SET cancel_requested = TRUE WHERE id = $1 AND status = 'running'",
        id
    )
    .execute(ex)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// The running evals of `instance` whose cancel was asked.
pub async fn cancels_for(ex: impl PgExecutor<'_>, instance: &str) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT id FROM evals WHERE instance = $1 AND status = 'running' AND cancel_requested",
        instance
    )
    .fetch_all(ex)
    .await
}

/// Eval `id`.
pub async fn get(ex: impl PgExecutor<'_>, id: i64) -> Result<Option<EvalRow>, sqlx::Error> {
    sqlx::query_as!(
        EvalRow,
        "SELECT id, status, device, weights, model, sample, sample_sha256, items, task, request_json,
                command, result_json, accuracy, error, created_unix, started_unix, finished_unix,
                progress_json
         FROM evals WHERE id = $1",
        id
    )
    .fetch_optional(ex)
    .await
}

/// The newest `limit`, newest first (results left out: a list shows the accuracy column).
pub async fn list(ex: impl PgExecutor<'_>, limit: i64) -> Result<Vec<EvalRow>, sqlx::Error> {
    sqlx::query_as!(
        EvalRow,
        "SELECT id, status, device, weights, model, sample, sample_sha256, items, task, request_json,
                command, NULL::TEXT AS result_json, accuracy, error, created_unix, started_unix, finished_unix,
                progress_json
         FROM evals ORDER BY id DESC LIMIT $1",
        limit
    )
    .fetch_all(ex)
    .await
}
