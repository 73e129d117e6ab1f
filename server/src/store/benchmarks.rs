//! The `benchmarks` table. Every status change is one conditional UPDATE (`… WHERE status =
//! the expected one`), so a cancel racing a worker's start or finish has exactly one winner,
//! and a result is written in the same UPDATE that marks the row done. The request and
//! result columns are read back as the contract's types; a row that does not read is an
//! error, never a blank.
//!
//! On PostgreSQL a job also records the instance that holds it and that instance's lease
//! (`store::leases`): a benchmark queued on any instance waits, unheld, for an instance
//! with its device to claim it.

use api::bench::{
    AgentReport, BenchRequest, BenchResult, Benchmark, BenchmarkSummary, Device, JobStatus,
    ProgressShare, WeightsSource,
};
use api::BenchmarkId;
use pgstore::benchmarks::{BenchmarkRow, NewQueued};

use super::error::{db, read_json, write_json, StoreError};
use super::{stored_progress, Db};
use crate::clock::now_unix;

/// What a job left unfinished by a previous process (or a shutdown) is marked with.
pub const STOPPED_MESSAGE: &str = "server stopped before the benchmark finished";

/// Marks the jobs left unfinished by a previous run as failed; returns how many. A SQLite
/// file has one server: everything unfinished was its own. On PostgreSQL other instances
/// run jobs too: only those whose holder's lease has expired (a dead instance) are failed.
pub async fn recover(database: &Db) -> Result<u64, StoreError> {
    let now = now_unix();
    match database {
        Db::Sqlite(pool) => sqlx::query!(
            "UPDATE benchmarks SET status = 'failed', error = ?1, finished_unix = ?2
             WHERE status IN ('queued', 'running')",
            STOPPED_MESSAGE,
            now
        )
        .execute(pool)
        .await
        .map(|done| done.rows_affected()),
        Db::Postgres(pool) => {
            pgstore::benchmarks::fail_expired(pool, super::leases::EXPIRED_MESSAGE, now).await
        }
    }
    .map_err(db("cannot mark unfinished benchmarks as failed"))
}

/// Stores a job the server will run, as queued, held by `holder` (an instance and its
/// lease; None on SQLite, whose one server holds every job).
pub async fn insert_queued(
    database: &Db,
    request: &BenchRequest,
    command: &str,
    holder: Option<(&str, i64)>,
) -> Result<BenchmarkId, StoreError> {
    let request_json = write_json(request, "a benchmark request")?;
    let device = request.device.to_string();
    let now = now_unix();
    let id = match database {
        Db::Sqlite(pool) => {
            sqlx::query_scalar!(
                r#"INSERT INTO benchmarks (status, device, model, request_json, command, source, created_unix)
                   VALUES ('queued', ?1, ?2, ?3, ?4, 'server', ?5) RETURNING id AS "id!: i64""#,
                device,
                request.model,
                request_json,
                command,
                now
            )
            .fetch_one(pool)
            .await
        }
        Db::Postgres(pool) => {
            let (instance, lease_until) = holder.unzip();
            let job = NewQueued {
                device: &device,
                model: request.model.as_deref(),
                request_json: &request_json,
                command,
                now,
                instance,
                lease_until,
            };
            pgstore::benchmarks::insert_queued(pool, job).await
        }
    }
    .map_err(db("cannot queue the benchmark"))?;
    Ok(BenchmarkId(id))
}

/// queued → running (held by `holder` on PostgreSQL); false when the job is no longer
/// queued (cancelled meanwhile).
pub async fn mark_running(
    database: &Db,
    id: BenchmarkId,
    holder: (&str, i64),
) -> Result<bool, StoreError> {
    let (now, id) = (now_unix(), id.0);
    match database {
        Db::Sqlite(pool) => sqlx::query!(
            "UPDATE benchmarks SET status = 'running', started_unix = ?1 WHERE id = ?2 AND status = 'queued'",
            now,
            id
        )
        .execute(pool)
        .await
        .map(|done| done.rows_affected() == 1),
        Db::Postgres(pool) => {
            pgstore::benchmarks::mark_running(pool, id, now, holder.0, holder.1).await
        }
    }
    .map_err(db(format!("cannot start benchmark {id}")))
}

/// queued → cancelled; false when the job is not queued.
pub async fn cancel_queued(database: &Db, id: BenchmarkId) -> Result<bool, StoreError> {
    let (now, id) = (now_unix(), id.0);
    match database {
        Db::Sqlite(pool) => sqlx::query!(
            "UPDATE benchmarks SET status = 'cancelled', finished_unix = ?1 WHERE id = ?2 AND status = 'queued'",
            now,
            id
        )
        .execute(pool)
        .await
        .map(|done| done.rows_affected() == 1),
        Db::Postgres(pool) => pgstore::benchmarks::cancel_queued(pool, id, now).await,
    }
    .map_err(db(format!("cannot cancel benchmark {id}")))
}

/// running → done with the whole result, in one UPDATE; false when the row was no longer
/// running (a shutdown marked it failed meanwhile).
pub async fn finish_done(
    database: &Db,
    id: BenchmarkId,
    result: &BenchResult,
) -> Result<bool, StoreError> {
    let result_json = write_json(result, "a benchmark result")?;
    let (now, id) = (now_unix(), id.0);
    match database {
        Db::Sqlite(pool) => sqlx::query!(
            "UPDATE benchmarks SET status = 'done', result_json = ?1, model = ?2, error = NULL, finished_unix = ?3
             WHERE id = ?4 AND status = 'running'",
            result_json,
            result.model,
            now,
            id
        )
        .execute(pool)
        .await
        .map(|done| done.rows_affected() == 1),
        Db::Postgres(pool) => {
            pgstore::benchmarks::finish_done(pool, id, &result_json, &result.model, now).await
        }
    }
    .map_err(db(format!("cannot store the result of benchmark {id}")))
}

/// running (or an orphaned queued row) → failed or cancelled, with no result; false when
/// the row had already ended.
pub async fn finish_unsuccessful(
    database: &Db,
    id: BenchmarkId,
    status: JobStatus,
    error: Option<&str>,
) -> Result<bool, StoreError> {
    let (status, now, id) = (status.as_str(), now_unix(), id.0);
    match database {
        Db::Sqlite(pool) => sqlx::query!(
            "UPDATE benchmarks SET status = ?1, error = ?2, finished_unix = ?3
             WHERE id = ?4 AND status IN ('queued', 'running')",
            status,
            error,
            now,
            id
        )
        .execute(pool)
        .await
        .map(|done| done.rows_affected() == 1),
        Db::Postgres(pool) => {
            pgstore::benchmarks::finish_unsuccessful(pool, id, status, error, now).await
        }
    }
    .map_err(db(format!("cannot record the end of benchmark {id}")))
}

/// A complete result reported by agent `agent`, stored as done with source `agent:NAME`.
pub async fn insert_agent_result(
    database: &Db,
    agent: &str,
    report: &AgentReport,
) -> Result<BenchmarkId, StoreError> {
    let request_json = write_json(&report.request, "a benchmark request")?;
    let result_json = write_json(&report.result, "a benchmark result")?;
    let result = &report.result;
    let (device, command) = (result.device.to_string(), &report.command);
    let source = format!("agent:{agent}");
    let now = now_unix();
    let started = result.started_unix;
    let id = match database {
        Db::Sqlite(pool) => {
            sqlx::query_scalar!(
                r#"INSERT INTO benchmarks (status, device, model, request_json, command, result_json, source,
                                           created_unix, started_unix, finished_unix)
                   VALUES ('done', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7) RETURNING id AS "id!: i64""#,
                device,
                result.model,
                request_json,
                command,
                result_json,
                source,
                now,
                started
            )
            .fetch_one(pool)
            .await
        }
        Db::Postgres(pool) => {
            pgstore::benchmarks::insert_agent_result(
                pool,
                &device,
                &result.model,
                &request_json,
                command,
                &result_json,
                &source,
                now,
                started,
            )
            .await
        }
    }
    .map_err(db("cannot store the agent's result"))?;
    Ok(BenchmarkId(id))
}

fn status_of(id: i64, text: &str) -> Result<JobStatus, StoreError> {
    JobStatus::parse(text)
        .ok_or_else(|| StoreError::Inconsistent(format!("benchmark {id}: unknown status {text:?}")))
}

fn device_of(id: i64, text: &str) -> Result<Device, StoreError> {
    Device::parse(text)
        .map_err(|e| StoreError::Inconsistent(format!("benchmark {id}: stored device {e}")))
}

/// Benchmark `id` with its request and result, and the progress its holder last recorded
/// while it runs on another instance (PostgreSQL; a job this server runs has fresher
/// progress live, which the handler prefers).
pub async fn get(database: &Db, id: BenchmarkId) -> Result<Option<Benchmark>, StoreError> {
    let id = id.0;
    let row = match database {
        Db::Sqlite(pool) => {
            sqlx::query_as!(
                BenchmarkRow,
                r#"SELECT id AS "id!: i64", status, device, model, request_json, command, result_json, error,
                          source, created_unix, started_unix, finished_unix,
                          NULL AS "progress_json: String"
                   FROM benchmarks WHERE id = ?1"#,
                id
            )
            .fetch_optional(pool)
            .await
        }
        Db::Postgres(pool) => pgstore::benchmarks::get(pool, id).await,
    }
    .map_err(db(format!("cannot read benchmark {id}")))?;
    let Some(r) = row else { return Ok(None) };
    let result = match r.result_json.as_deref() {
        Some(text) => Some(read_json(text, || format!("result of benchmark {id}"))?),
        None => None,
    };
    let request: BenchRequest =
        read_json(&r.request_json, || format!("request of benchmark {id}"))?;
    let device = device_of(id, &r.device)?;
    let status = status_of(id, &r.status)?;
    Ok(Some(Benchmark {
        id: BenchmarkId(r.id),
        progress: stored_progress("benchmark", id, status, r.progress_json.as_deref()),
        status,
        runs_on: runs_on(&request, device),
        request,
        command: r.command,
        result,
        error: r.error,
        source: r.source,
        device,
        model: r.model,
        created_unix: r.created_unix,
        started_unix: r.started_unix,
        finished_unix: r.finished_unix,
    }))
}

/// The newest `limit` benchmarks, newest first. Measured facts (format, weights, goodput)
/// come from the result; until there is one, from the request.
pub async fn list(database: &Db, limit: i64) -> Result<Vec<BenchmarkSummary>, StoreError> {
    let rows = match database {
        Db::Sqlite(pool) => {
            sqlx::query_as!(
                BenchmarkRow,
                r#"SELECT id AS "id!: i64", status, device, model, request_json, command, result_json, error,
                          source, created_unix, started_unix, finished_unix,
                          NULL AS "progress_json: String"
                   FROM benchmarks ORDER BY id DESC LIMIT ?1"#,
                limit
            )
            .fetch_all(pool)
            .await
        }
        Db::Postgres(pool) => pgstore::benchmarks::list(pool, limit).await,
    }
    .map_err(db("cannot list the benchmarks"))?;
    rows.into_iter()
        .map(|r| {
            let id = r.id;
            let request: BenchRequest =
                read_json(&r.request_json, || format!("request of benchmark {id}"))?;
            let result: Option<BenchResult> = match r.result_json.as_deref() {
                Some(text) => Some(read_json(text, || format!("result of benchmark {id}"))?),
                None => None,
            };
            let weights_label = match &result {
                Some(result) => result.weights_label.clone(),
                None => weights_label(&request.weights).to_string(),
            };
            let device = device_of(id, &r.device)?;
            let status = status_of(id, &r.status)?;
            Ok(BenchmarkSummary {
                id: BenchmarkId(id),
                status,
                model: r.model,
                runs_on: runs_on(&request, device),
                device,
                dtype: result.as_ref().map(|x| x.dtype).or(request.dtype),
                weights_label,
                created_unix: r.created_unix,
                started_unix: r.started_unix,
                finished_unix: r.finished_unix,
                error: r.error,
                goodput: result.and_then(|x| x.goodput),
                source: r.source,
                // A running job's share as its holder last recorded it (PostgreSQL); the
                // handler replaces it with the live one of a job this server runs.
                progress: stored_progress("benchmark", id, status, r.progress_json.as_deref())
                    .map(|p| ProgressShare::of(&p)),
            })
        })
        .collect()
}

/// Where a job runs, in words: the device, or the endpoint it measures.
fn runs_on(request: &BenchRequest, device: Device) -> String {
    match &request.endpoint {
        Some(endpoint) => format!("endpoint {}", endpoint.url),
        None => device.to_string(),
    }
}

/// "synthetic weights" or "real weights", as a result will label its figures.
fn weights_label(weights: &WeightsSource) -> &'static str {
    match weights {
        WeightsSource::Synthetic => "synthetic weights",
        WeightsSource::Path { .. } => "real weights",
    }
}
