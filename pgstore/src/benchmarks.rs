//! The `benchmarks` table. Every status change is one conditional UPDATE; a queued
//! benchmark is claimed by one instance with `FOR UPDATE SKIP LOCKED`, so instances
//! polling together never take the same row.

use sqlx::{PgExecutor, PgPool};

/// A benchmark as stored (request, result and progress still JSON).
#[derive(Debug, Clone)]
pub struct BenchmarkRow {
    /// Its id.
    pub id: i64,
    /// queued, running, done, failed or cancelled.
    pub status: String,
    /// `cpu`, `cuda:0`, …
    pub device: String,
    /// The catalog id, once known.
    pub model: Option<String>,
    /// `BenchRequest` as JSON.
    pub request_json: String,
    /// The command line recorded.
    pub command: String,
    /// `BenchResult` as JSON, when done.
    pub result_json: Option<String>,
    /// Why it failed.
    pub error: Option<String>,
    /// `server` or `agent:NAME`.
    pub source: String,
    /// When it was queued.
    pub created_unix: i64,
    /// When it started.
    pub started_unix: Option<i64>,
    /// When it ended.
    pub finished_unix: Option<i64>,
    /// The latest progress of a running job, as JSON.
    pub progress_json: Option<String>,
}

/// The row of a job just claimed.
#[derive(Debug, Clone)]
pub struct Claimed {
    /// Its id.
    pub id: i64,
    /// Its request as JSON.
    pub request_json: String,
    /// Its command line.
    pub command: String,
}

/// A job a server will run: queued, held by `instance` (its lease until `lease_until`) or
/// by none (any instance with `device` may claim it).
#[derive(Debug, Clone, Copy)]
pub struct NewQueued<'a> {
    /// The device it runs on.
    pub device: &'a str,
    /// The catalog id, if known.
    pub model: Option<&'a str>,
    /// The request as JSON.
    pub request_json: &'a str,
    /// The command line.
    pub command: &'a str,
    /// When.
    pub now: i64,
    /// The instance that holds it, or None.
    pub instance: Option<&'a str>,
    /// Its lease, with `instance`.
    pub lease_until: Option<i64>,
}

/// Takes the lock on `device`'s line until the transaction ends and counts its unfinished
/// jobs (benchmarks and evals, queued or running, on every instance): submissions on every
/// instance count together, one at a time.
pub async fn lock_line(tx: &mut sqlx::PgConnection, device: &str) -> Result<i64, sqlx::Error> {
    let line = format!("line:{device}");
    sqlx::query!("SELECT pg_advisory_xact_lock(hashtext($1))", line)
        .execute(&mut *tx)
        .await?;
    sqlx::query_scalar!(
        r#"SELECT (SELECT COUNT(*) FROM benchmarks WHERE device = $1 AND status IN ('queued', 'running'))
                + (SELECT COUNT(*) FROM evals WHERE device = $1 AND status IN ('queued', 'running')) AS "n!""#,
        device
    )
    .fetch_one(&mut *tx)
    .await
}

/// Stores a queued job if its device's line ([`lock_line`]) holds fewer than
/// `max_unfinished` jobs: Ok(id, jobs ahead) or Err(unfinished count) when full.
pub async fn insert_queued_within(
    pool: &PgPool,
    job: NewQueued<'_>,
    max_unfinished: i64,
) -> Result<Result<(i64, i64), i64>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let unfinished = lock_line(&mut tx, job.device).await?;
    if unfinished >= max_unfinished {
        return Ok(Err(unfinished));
    }
    let id = insert_queued(&mut *tx, job).await?;
    tx.commit().await?;
    Ok(Ok((id, unfinished)))
}

/// Stores a queued job; returns its id.
pub async fn insert_queued(
    ex: impl PgExecutor<'_>,
    job: NewQueued<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO benchmarks (status, device, model, request_json, command, source, created_unix,
                                 instance, lease_expires_unix)
         VALUES ('queued', $1, $2, $3, $4, 'server', $5, $6, $7) RETURNING id",
        job.device,
        job.model,
        job.request_json,
        job.command,
        job.now,
        job.instance,
        job.lease_until
    )
    .fetch_one(ex)
    .await
}

/// Claims the oldest queued job no instance holds on one of `devices` for `instance`: it is
/// running from now, held until `lease_until`.
pub async fn claim_next(
    pool: &PgPool,
    devices: &[String],
    instance: &str,
    now: i64,
    lease_until: i64,
) -> Result<Option<Claimed>, sqlx::Error> {
    sqlx::query_as!(
        Claimed,
        "UPDATE benchmarks SET status = 'running', started_unix = $3, instance = $2,
                               lease_expires_unix = $4
         WHERE id = (SELECT id FROM benchmarks
                     WHERE status = 'queued' AND instance IS NULL AND device = ANY($1)
                     ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING id, request_json, command",
        devices,
        instance,
        now,
        lease_until
    )
    .fetch_optional(pool)
    .await
}

/// queued → running for the instance that holds it; false when no longer queued.
pub async fn mark_running(
    ex: impl PgExecutor<'_>,
    id: i64,
    now: i64,
    instance: &str,
    lease_until: i64,
) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query!(
        "UPDATE benchmarks SET status = 'running', started_unix = $1, instance = $3, lease_expires_unix = $4
         WHERE id = $2 AND status = 'queued'",
        now,
        id,
        instance,
        lease_until
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
        "UPDATE benchmarks SET status = 'cancelled', finished_unix = $1, lease_expires_unix = NULL
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
    model: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query!(
        "UPDATE benchmarks SET status = 'done', result_json = $1, model = $2, error = NULL, finished_unix = $3,
                               lease_expires_unix = NULL
         WHERE id = $4 AND status = 'running'",
        result_json,
        model,
        now,
        id
    )
    .execute(ex)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// queued or running → `status` (failed or cancelled); false when already ended.
pub async fn finish_unsuccessful(
    ex: impl PgExecutor<'_>,
    id: i64,
    status: &str,
    error: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query!(
        "UPDATE benchmarks SET status = $1, error = $2, finished_unix = $3, lease_expires_unix = NULL
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

/// The jobs `instance` holds, failed with `message` (its shutdown); returns how many.
pub async fn fail_held_by(
    ex: impl PgExecutor<'_>,
    instance: &str,
    message: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!(
        "UPDATE benchmarks SET status = 'failed', error = $2, finished_unix = $3, lease_expires_unix = NULL
         WHERE instance = $1 AND status IN ('queued', 'running')",
        instance,
        message,
        now
    )
    .execute(ex)
    .await?
    .rows_affected())
}

/// Every unfinished job whose lease ended before `now`, failed with `message`.
pub async fn fail_expired(
    ex: impl PgExecutor<'_>,
    message: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!(
        "UPDATE benchmarks SET status = 'failed', error = $1, finished_unix = $2, lease_expires_unix = NULL
         WHERE status IN ('queued', 'running') AND lease_expires_unix < $2",
        message,
        now
    )
    .execute(ex)
    .await?
    .rows_affected())
}

/// Renews the leases of the unfinished jobs `instance` holds.
pub async fn renew(
    ex: impl PgExecutor<'_>,
    instance: &str,
    lease_until: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!(
        "UPDATE benchmarks SET lease_expires_unix = $2
         WHERE instance = $1 AND status IN ('queued', 'running')",
        instance,
        lease_until
    )
    .execute(ex)
    .await?
    .rows_affected())
}

/// Records a running job's latest progress.
pub async fn set_progress(
    ex: impl PgExecutor<'_>,
    id: i64,
    progress_json: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE benchmarks SET progress_json = $2 WHERE id = $1 AND status = 'running'",
        id,
        progress_json
    )
    .execute(ex)
    .await?;
    Ok(())
}

/// Asks the instance running job `id` to stop it; false when it is not running.
pub async fn request_cancel(ex: impl PgExecutor<'_>, id: i64) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query!(
        "UPDATE benchmarks SET cancel_requested = TRUE WHERE id = $1 AND status = 'running'",
        id
    )
    .execute(ex)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// The running jobs of `instance` whose cancel was asked.
pub async fn cancels_for(ex: impl PgExecutor<'_>, instance: &str) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT id FROM benchmarks WHERE instance = $1 AND status = 'running' AND cancel_requested",
        instance
    )
    .fetch_all(ex)
    .await
}

/// A complete result an agent reported, stored as done.
#[allow(clippy::too_many_arguments)]
pub async fn insert_agent_result(
    ex: impl PgExecutor<'_>,
    device: &str,
    model: &str,
    request_json: &str,
    command: &str,
    result_json: &str,
    source: &str,
    now: i64,
    started: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO benchmarks (status, device, model, request_json, command, result_json, source,
                                 created_unix, started_unix, finished_unix)
         VALUES ('done', $1, $2, $3, $4, $5, $6, $7, $8, $7) RETURNING id",
        device,
        model,
        request_json,
        command,
        result_json,
        source,
        now,
        started
    )
    .fetch_one(ex)
    .await
}

/// Benchmark `id`.
pub async fn get(ex: impl PgExecutor<'_>, id: i64) -> Result<Option<BenchmarkRow>, sqlx::Error> {
    sqlx::query_as!(
        BenchmarkRow,
        "SELECT id, status, device, model, request_json, command, result_json, error, source,
                created_unix, started_unix, finished_unix, progress_json
         FROM benchmarks WHERE id = $1",
        id
    )
    .fetch_optional(ex)
    .await
}

/// The newest `limit`, newest first.
pub async fn list(ex: impl PgExecutor<'_>, limit: i64) -> Result<Vec<BenchmarkRow>, sqlx::Error> {
    sqlx::query_as!(
        BenchmarkRow,
        "SELECT id, status, device, model, request_json, command, result_json, error, source,
                created_unix, started_unix, finished_unix, progress_json
         FROM benchmarks ORDER BY id DESC LIMIT $1",
        limit
    )
    .fetch_all(ex)
    .await
}
