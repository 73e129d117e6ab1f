//! The `evals` table: quality evals the server's job queue runs (docs/quality.md). As for
//! benchmarks, every status change is one conditional UPDATE (`… WHERE status = the expected
//! one`), so a cancel racing a worker's start or finish has exactly one winner, and a result
//! is written in the same UPDATE that marks the row done. The request and result columns are
//! read back as the contract's types; a row that does not read is an error, never a blank.
//! On PostgreSQL an eval is held from its submission by the instance that received it (its
//! sample is only in that instance's memory), under that instance's lease (`store::leases`).

use api::bench::{Device, JobStatus};
use api::quality::{EvalJob, EvalRequest, EvalResult, EvalSummary, Task};
use api::EvalId;
use pgstore::evals::{EvalRow, NewEvalRow};

use super::error::{db, read_json, write_json, StoreError};
use super::{stored_progress, Db};
use crate::clock::now_unix;

/// What an eval left unfinished by a previous process (or a shutdown) is marked with.
pub const STOPPED_MESSAGE: &str = "server stopped before the eval finished";

/// What the queue records of an eval besides its request.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEval<'a> {
    /// The request, an inline sample's text left out.
    pub request: &'a EvalRequest,
    /// The sample's name.
    pub sample: &'a str,
    /// sha256 of the sample's bytes.
    pub sample_sha256: &'a str,
    /// Items in the sample.
    pub items: usize,
    /// The command line that reruns it.
    pub command: &'a str,
}

/// Marks the evals left unfinished by a previous run as failed; returns how many: on
/// SQLite all of them (one server), on PostgreSQL those whose holder's lease has expired.
pub async fn recover(database: &Db) -> Result<u64, StoreError> {
    let now = now_unix();
    match database {
        Db::Sqlite(pool) => sqlx::query!(
            "UPDATE evals SET status = 'failed', error = ?1, finished_unix = ?2
             WHERE status IN ('queued', 'running')",
            STOPPED_MESSAGE,
            now
        )
        .execute(pool)
        .await
        .map(|done| done.rows_affected()),
        Db::Postgres(pool) => {
            pgstore::evals::fail_expired(pool, super::leases::EXPIRED_MESSAGE, now).await
        }
    }
    .map_err(db("cannot mark unfinished evals as failed"))
}

fn task_text(task: Task) -> &'static str {
    match task {
        Task::Classify => "classify",
        Task::Match => "match",
    }
}

/// Stores an eval the server will run, as queued, held by `holder` (an instance and its
/// lease). On PostgreSQL only if its device's line (benchmarks and evals unfinished on
/// every instance) holds fewer than `max_unfinished` jobs: Ok((id, jobs ahead)), or
/// Err(unfinished) with nothing stored. On SQLite the line is this one server's, which its
/// queue counts in memory before it stores: stored, with no count (`Ok((id, None))`).
pub async fn insert_queued(
    database: &Db,
    eval: &NewEval<'_>,
    holder: (&str, i64),
    max_unfinished: i64,
) -> Result<Result<(EvalId, Option<usize>), usize>, StoreError> {
    let request_json = write_json(eval.request, "an eval request")?;
    let device = eval.request.device.to_string();
    let task = task_text(eval.request.task);
    let items = i64::try_from(eval.items)
        .map_err(|_| StoreError::Inconsistent("an eval's item count passes i64".to_string()))?;
    let now = now_unix();
    let stored = match database {
        Db::Sqlite(pool) => {
            sqlx::query_scalar!(
                r#"INSERT INTO evals (status, device, weights, sample, sample_sha256, items, task,
                                      request_json, command, created_unix)
                   VALUES ('queued', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id AS "id!: i64""#,
                device,
                eval.request.weights,
                eval.sample,
                eval.sample_sha256,
                items,
                task,
                request_json,
                eval.command,
                now
            )
            .fetch_one(pool)
            .await
            .map(|id| Ok((id, None)))
        }
        Db::Postgres(pool) => {
            let row = NewEvalRow {
                device: &device,
                weights: &eval.request.weights,
                sample: eval.sample,
                sample_sha256: eval.sample_sha256,
                items,
                task,
                request_json: &request_json,
                command: eval.command,
                now,
                instance: holder.0,
                lease_until: holder.1,
            };
            pgstore::evals::insert_queued_within(pool, row, max_unfinished)
                .await
                .map(|queued| match queued {
                    Ok((id, ahead)) => Ok((id, Some(count(ahead)))),
                    Err(unfinished) => Err(count(unfinished)),
                })
        }
    }
    .map_err(db("cannot queue the eval"))?;
    Ok(stored.map(|(id, ahead)| (EvalId(id), ahead)))
}

fn count(n: i64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// queued → running; false when the eval is no longer queued (cancelled meanwhile).
pub async fn mark_running(database: &Db, id: EvalId) -> Result<bool, StoreError> {
    let (now, id) = (now_unix(), id.0);
    match database {
        Db::Sqlite(pool) => sqlx::query!(
            "UPDATE evals SET status = 'running', started_unix = ?1 WHERE id = ?2 AND status = 'queued'",
            now,
            id
        )
        .execute(pool)
        .await
        .map(|done| done.rows_affected() == 1),
        Db::Postgres(pool) => pgstore::evals::mark_running(pool, id, now).await,
    }
    .map_err(db(format!("cannot start eval {id}")))
}

/// queued → cancelled; false when the eval is not queued.
pub async fn cancel_queued(database: &Db, id: EvalId) -> Result<bool, StoreError> {
    let (now, id) = (now_unix(), id.0);
    match database {
        Db::Sqlite(pool) => sqlx::query!(
            "UPDATE evals SET status = 'cancelled', finished_unix = ?1 WHERE id = ?2 AND status = 'queued'",
            now,
            id
        )
        .execute(pool)
        .await
        .map(|done| done.rows_affected() == 1),
        Db::Postgres(pool) => pgstore::evals::cancel_queued(pool, id, now).await,
    }
    .map_err(db(format!("cannot cancel eval {id}")))
}

/// running → done with the whole result, in one UPDATE; false when the row was no longer
/// running (a shutdown marked it failed meanwhile).
pub async fn finish_done(
    database: &Db,
    id: EvalId,
    result: &EvalResult,
) -> Result<bool, StoreError> {
    let result_json = write_json(result, "an eval result")?;
    let accuracy = result.figures.accuracy.accuracy;
    let model = &result.reproducibility.model;
    let (now, id) = (now_unix(), id.0);
    match database {
        Db::Sqlite(pool) => sqlx::query!(
            "UPDATE evals SET status = 'done', result_json = ?1, accuracy = ?2, model = ?3, error = NULL,
                              finished_unix = ?4
             WHERE id = ?5 AND status = 'running'",
            result_json,
            accuracy,
            model,
            now,
            id
        )
        .execute(pool)
        .await
        .map(|done| done.rows_affected() == 1),
        Db::Postgres(pool) => {
            pgstore::evals::finish_done(pool, id, &result_json, accuracy, model, now).await
        }
    }
    .map_err(db(format!("cannot store the result of eval {id}")))
}

/// queued or running → failed or cancelled, with no result; false when the row had already
/// ended.
pub async fn finish_unsuccessful(
    database: &Db,
    id: EvalId,
    status: JobStatus,
    error: Option<&str>,
) -> Result<bool, StoreError> {
    let (status, now, id) = (status.as_str(), now_unix(), id.0);
    match database {
        Db::Sqlite(pool) => sqlx::query!(
            "UPDATE evals SET status = ?1, error = ?2, finished_unix = ?3
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
            pgstore::evals::finish_unsuccessful(pool, id, status, error, now).await
        }
    }
    .map_err(db(format!("cannot record the end of eval {id}")))
}

fn status_of(id: i64, text: &str) -> Result<JobStatus, StoreError> {
    JobStatus::parse(text)
        .ok_or_else(|| StoreError::Inconsistent(format!("eval {id}: unknown status {text:?}")))
}

fn device_of(id: i64, text: &str) -> Result<Device, StoreError> {
    Device::parse(text)
        .map_err(|e| StoreError::Inconsistent(format!("eval {id}: stored device {e}")))
}

fn task_of(id: i64, text: &str) -> Result<Task, StoreError> {
    match text {
        "classify" => Ok(Task::Classify),
        "match" => Ok(Task::Match),
        other => Err(StoreError::Inconsistent(format!(
            "eval {id}: unknown task {other:?}"
        ))),
    }
}

fn items_of(id: i64, items: i64) -> Result<usize, StoreError> {
    usize::try_from(items)
        .map_err(|_| StoreError::Inconsistent(format!("eval {id}: item count {items}")))
}

/// Eval `id` with its request and result, and the progress its holder last recorded while
/// it runs on another instance (PostgreSQL).
pub async fn get(database: &Db, id: EvalId) -> Result<Option<EvalJob>, StoreError> {
    let id = id.0;
    let row = match database {
        Db::Sqlite(pool) => {
            sqlx::query_as!(
                EvalRow,
                r#"SELECT id AS "id!: i64", status, device, weights, model, sample, sample_sha256, items,
                          task, request_json, command, result_json, accuracy, error, created_unix,
                          started_unix, finished_unix, NULL AS "progress_json: String"
                   FROM evals WHERE id = ?1"#,
                id
            )
            .fetch_optional(pool)
            .await
        }
        Db::Postgres(pool) => pgstore::evals::get(pool, id).await,
    }
    .map_err(db(format!("cannot read eval {id}")))?;
    let Some(r) = row else { return Ok(None) };
    let result = match r.result_json.as_deref() {
        Some(text) => Some(read_json(text, || format!("result of eval {id}"))?),
        None => None,
    };
    let request: EvalRequest = read_json(&r.request_json, || format!("request of eval {id}"))?;
    let status = status_of(id, &r.status)?;
    Ok(Some(EvalJob {
        id: EvalId(r.id),
        progress: stored_progress("eval", id, status, r.progress_json.as_deref()),
        status,
        request,
        command: r.command,
        sample: r.sample,
        sample_sha256: r.sample_sha256,
        items: items_of(id, r.items)?,
        device: device_of(id, &r.device)?,
        result,
        error: r.error,
        created_unix: r.created_unix,
        started_unix: r.started_unix,
        finished_unix: r.finished_unix,
    }))
}

/// The newest `limit` evals, newest first (their results are not decoded: a list row
/// carries the accuracy column).
pub async fn list(database: &Db, limit: i64) -> Result<Vec<EvalSummary>, StoreError> {
    let rows = match database {
        Db::Sqlite(pool) => {
            sqlx::query_as!(
                EvalRow,
                r#"SELECT id AS "id!: i64", status, device, weights, model, sample, sample_sha256, items,
                          task, request_json, command, NULL AS "result_json: String", accuracy, error,
                          created_unix, started_unix, finished_unix, NULL AS "progress_json: String"
                   FROM evals ORDER BY id DESC LIMIT ?1"#,
                limit
            )
            .fetch_all(pool)
            .await
        }
        Db::Postgres(pool) => pgstore::evals::list(pool, limit).await,
    }
    .map_err(db("cannot list the evals"))?;
    rows.into_iter()
        .map(|r| {
            let id = r.id;
            let status = status_of(id, &r.status)?;
            Ok(EvalSummary {
                id: EvalId(id),
                progress: stored_progress("eval", id, status, r.progress_json.as_deref()),
                status,
                weights: r.weights,
                model: r.model,
                sample: r.sample,
                items: items_of(id, r.items)?,
                task: task_of(id, &r.task)?,
                device: device_of(id, &r.device)?,
                accuracy: r.accuracy,
                created_unix: r.created_unix,
                started_unix: r.started_unix,
                finished_unix: r.finished_unix,
                error: r.error,
            })
        })
        .collect()
}
