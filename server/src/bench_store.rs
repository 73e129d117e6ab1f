//! The `benchmarks` table. Every status change is one conditional UPDATE (`… WHERE status =
//! the expected one`), so a cancel racing a worker's start or finish has exactly one winner,
//! and a result is written in the same UPDATE that marks the row done.

use anyhow::Context;
use bench::{BenchRequest, BenchResult};
use serde::Serialize;
use serde_json::{json, Value};
use sqlx::SqlitePool;

use crate::db::now_unix;

/// What a job left unfinished by a previous process is marked with.
pub const STOPPED_MESSAGE: &str = "server stopped before the benchmark finished";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    Queued,
    Running,
    Done,
    Failed,
    Cancelled,
}

impl JobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Done => "done",
            JobStatus::Failed => "failed",
            JobStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            JobStatus::Queued,
            JobStatus::Running,
            JobStatus::Done,
            JobStatus::Failed,
            JobStatus::Cancelled,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }

    pub fn is_finished(self) -> bool {
        matches!(
            self,
            JobStatus::Done | JobStatus::Failed | JobStatus::Cancelled
        )
    }
}

/// One stored benchmark as read back.
#[derive(Debug, Clone)]
pub struct StoredJob {
    pub id: i64,
    pub status: JobStatus,
    pub device: String,
    pub model: Option<String>,
    pub request: Value,
    pub command: String,
    pub result: Option<Value>,
    pub error: Option<String>,
    pub source: String,
    pub created_unix: i64,
    pub started_unix: Option<i64>,
    pub finished_unix: Option<i64>,
}

fn parse_json(text: &str, what: &str) -> anyhow::Result<Value> {
    serde_json::from_str(text).with_context(|| format!("stored {what} is not readable"))
}

/// Marks every job a previous process left queued or running as failed; returns how many.
pub async fn recover(pool: &SqlitePool) -> anyhow::Result<u64> {
    let now = now_unix();
    let changed = sqlx::query!(
        "UPDATE benchmarks SET status = 'failed', error = ?1, finished_unix = ?2
         WHERE status IN ('queued', 'running')",
        STOPPED_MESSAGE,
        now
    )
    .execute(pool)
    .await
    .context("cannot mark unfinished benchmarks as failed")?
    .rows_affected();
    Ok(changed)
}

pub async fn insert_queued(
    pool: &SqlitePool,
    request: &BenchRequest,
    command: &str,
) -> anyhow::Result<i64> {
    let request_json = serde_json::to_string(request)?;
    let now = now_unix();
    let id = sqlx::query_scalar!(
        r#"INSERT INTO benchmarks (status, device, model, request_json, command, source, created_unix)
           VALUES ('queued', ?1, ?2, ?3, ?4, 'server', ?5) RETURNING id AS "id!: i64""#,
        request.device,
        request.model,
        request_json,
        command,
        now
    )
    .fetch_one(pool)
    .await
    .context("cannot queue the benchmark")?;
    Ok(id)
}

/// queued → running; false when the job is no longer queued (cancelled meanwhile).
pub async fn mark_running(pool: &SqlitePool, id: i64) -> anyhow::Result<bool> {
    let now = now_unix();
    let changed = sqlx::query!(
        "UPDATE benchmarks SET status = 'running', started_unix = ?1 WHERE id = ?2 AND status = 'queued'",
        now,
        id
    )
    .execute(pool)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// queued → cancelled; false when the job is not queued.
pub async fn cancel_queued(pool: &SqlitePool, id: i64) -> anyhow::Result<bool> {
    let now = now_unix();
    let changed = sqlx::query!(
        "UPDATE benchmarks SET status = 'cancelled', finished_unix = ?1 WHERE id = ?2 AND status = 'queued'",
        now,
        id
    )
    .execute(pool)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// running → done with the whole result, in one UPDATE; false when the row was no longer
/// running (a shutdown marked it failed meanwhile).
pub async fn finish_done(pool: &SqlitePool, id: i64, result: &BenchResult) -> anyhow::Result<bool> {
    let result_json = serde_json::to_string(result)?;
    let now = now_unix();
    let changed = sqlx::query!(
        "UPDATE benchmarks SET status = 'done', result_json = ?1, model = ?2, error = NULL, finished_unix = ?3
         WHERE id = ?4 AND status = 'running'",
        result_json,
        result.model,
        now,
        id
    )
    .execute(pool)
    .await
    .context("cannot store the benchmark result")?
    .rows_affected();
    Ok(changed == 1)
}

/// running (or an orphaned queued row) → failed or cancelled, with no result; false when
/// the row had already ended.
pub async fn finish_unsuccessful(
    pool: &SqlitePool,
    id: i64,
    status: JobStatus,
    error: Option<&str>,
) -> anyhow::Result<bool> {
    let status = status.as_str();
    let now = now_unix();
    let changed = sqlx::query!(
        "UPDATE benchmarks SET status = ?1, error = ?2, finished_unix = ?3
         WHERE id = ?4 AND status IN ('queued', 'running')",
        status,
        error,
        now,
        id
    )
    .execute(pool)
    .await
    .context("cannot record the end of the benchmark")?
    .rows_affected();
    Ok(changed == 1)
}

/// A complete result reported by an agent, stored as done.
pub async fn insert_agent_result(
    pool: &SqlitePool,
    agent: &str,
    request: &BenchRequest,
    command: &str,
    result: &BenchResult,
) -> anyhow::Result<i64> {
    let request_json = serde_json::to_string(request)?;
    let result_json = serde_json::to_string(result)?;
    let source = format!("agent:{agent}");
    let now = now_unix();
    let started = result.started_unix;
    let id = sqlx::query_scalar!(
        r#"INSERT INTO benchmarks (status, device, model, request_json, command, result_json, source,
                                   created_unix, started_unix, finished_unix)
           VALUES ('done', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7) RETURNING id AS "id!: i64""#,
        result.device,
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
    .context("cannot store the agent's result")?;
    Ok(id)
}

pub async fn get(pool: &SqlitePool, id: i64) -> anyhow::Result<Option<StoredJob>> {
    let row = sqlx::query!(
        r#"SELECT id AS "id!: i64", status, device, model, request_json, command, result_json, error,
                  source, created_unix, started_unix, finished_unix
           FROM benchmarks WHERE id = ?1"#,
        id
    )
    .fetch_optional(pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(StoredJob {
        id: r.id,
        status: JobStatus::parse(&r.status)
            .with_context(|| format!("stored status {:?} is unknown", r.status))?,
        device: r.device,
        model: r.model,
        request: parse_json(&r.request_json, "request")?,
        command: r.command,
        result: r
            .result_json
            .as_deref()
            .map(|t| parse_json(t, "result"))
            .transpose()?,
        error: r.error,
        source: r.source,
        created_unix: r.created_unix,
        started_unix: r.started_unix,
        finished_unix: r.finished_unix,
    }))
}

/// The newest `limit` benchmarks, newest first, one summary object each.
pub async fn list(pool: &SqlitePool, limit: i64) -> anyhow::Result<Vec<Value>> {
    let rows = sqlx::query!(
        r#"SELECT id AS "id!: i64", status, device, model, request_json, result_json, error, source,
                  created_unix, started_unix, finished_unix
           FROM benchmarks ORDER BY id DESC LIMIT ?1"#,
        limit
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let request: Value = serde_json::from_str(&r.request_json).unwrap_or(Value::Null);
            let result: Value = r
                .result_json
                .as_deref()
                .and_then(|t| serde_json::from_str(t).ok())
                .unwrap_or(Value::Null);
            // Measured facts come from the result; until there is one, from the request.
            let dtype = match &result["dtype"] {
                Value::Null => request["dtype"].clone(),
                d => d.clone(),
            };
            let weights_label = match &result["weights_label"] {
                Value::Null => json!(weights_label(&request)),
                l => l.clone(),
            };
            json!({
                "id": r.id,
                "status": r.status,
                "model": r.model,
                "device": r.device,
                "dtype": dtype,
                "weights_label": weights_label,
                "created_unix": r.created_unix,
                "started_unix": r.started_unix,
                "finished_unix": r.finished_unix,
                "error": r.error,
                "goodput": result["goodput"].clone(),
                "source": r.source,
            })
        })
        .collect())
}

/// "synthetic weights" or "real weights", from a request's `weights.kind`.
fn weights_label(request: &Value) -> &'static str {
    if request["weights"]["kind"] == json!("synthetic") {
        "synthetic weights"
    } else {
        "real weights"
    }
}
