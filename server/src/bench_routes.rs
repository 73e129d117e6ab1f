//! `/api/v1/benchmarks*`: the job queue over HTTP (submit, list, read, follow with
//! Server-Sent Events, cancel) and results reported by agents. The catalog is in
//! `bench_catalog.rs`.

use std::convert::Infallible;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::Json;
use bench::{BenchError, BenchRequest, BenchResult, WeightsSource};
use futures_util::stream::{self, Stream, StreamExt};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tco::FieldError;
use tokio::sync::broadcast;

use crate::bench_catalog::weights_files;
use crate::bench_jobs::{CancelOutcome, JobEvent};
use crate::bench_store::{self, JobStatus};
use crate::{agent_tokens, ApiError, AppState};

/// How many benchmarks `GET /api/v1/benchmarks` lists.
const LIST_LIMIT: i64 = 200;

/// Reads a JSON body; a syntax error, wrong type, unknown or missing key names its path.
pub(crate) fn parse_body<T: DeserializeOwned>(
    body: Result<Bytes, BytesRejection>,
) -> Result<T, ApiError> {
    let body = body.map_err(|rejection| ApiError::Body {
        status: rejection.status(),
        message: rejection.body_text(),
    })?;
    let mut de = serde_json::Deserializer::from_slice(&body);
    let parsed: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let mut field = if path == "." { String::new() } else { path };
        let message = e.inner().to_string();
        // serde reports a missing key at its parent; name the key itself.
        if let Some(key) = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
        {
            field = if field.is_empty() {
                key.to_string()
            } else {
                format!("{field}.{key}")
            };
        }
        ApiError::Invalid(vec![FieldError::new(field, message)])
    })?;
    de.end()
        .map_err(|e| ApiError::Invalid(vec![FieldError::new("", format!("invalid JSON: {e}"))]))?;
    Ok(parsed)
}

/// The field a benchmark error is about and what to say, for a 422.
pub fn field_error(e: &BenchError) -> Option<FieldError> {
    Some(match e {
        BenchError::UnknownModel(id) => FieldError::new(
            "model",
            format!("unknown model id `{id}` (GET /api/v1/benchmarks/catalog lists them)"),
        ),
        BenchError::Invalid { field, reason } => FieldError::new(*field, reason.clone()),
        BenchError::BadWeights { path, reason } => {
            FieldError::new("weights.path", format!("{path}: {reason}"))
        }
        BenchError::UnsupportedArchitecture { .. } => {
            let message = e.to_string();
            let message = message.strip_prefix("weights: ").unwrap_or(&message);
            FieldError::new("weights.path", message)
        }
        BenchError::Device(reason) => FieldError::new("device", reason.clone()),
        BenchError::OutOfMemory { .. } => {
            let message = e.to_string();
            let message = message.strip_prefix("memory: ").unwrap_or(&message);
            FieldError::new("device", message)
        }
        BenchError::Cancelled | BenchError::Candle(_) => return None,
    })
}

/// `POST /api/v1/benchmarks`: checks and queues a benchmark; 202 with its place in line.
pub async fn submit(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let request: BenchRequest = parse_body(body)?;
    if let WeightsSource::Path { path } = &request.weights {
        let dir = state.models_dir.clone();
        let offered = tokio::task::spawn_blocking(move || weights_files(&dir))
            .await
            .unwrap_or_default();
        if !offered.iter().any(|f| &f.path == path) {
            return Err(ApiError::Invalid(vec![FieldError::new(
                "weights.path",
                format!(
                    "{path:?} is not a model file this server offers \
                     (GET /api/v1/benchmarks/catalog lists weights_files)"
                ),
            )]));
        }
    }
    let checked = request.clone();
    let check = tokio::task::spawn_blocking(move || bench::check_request(&checked))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("request check failed: {e}")))?;
    if let Err(e) = check {
        return Err(match field_error(&e) {
            Some(field) => ApiError::Invalid(vec![field]),
            None => ApiError::Internal(anyhow::anyhow!("request check failed: {e}")),
        });
    }
    let command = format!(
        "{} (queued by POST /api/v1/benchmarks)",
        crate::cli::bench_command_line(&request)
    );
    let (id, position) = state.benchmarks.submit(request, command).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({ "id": id, "status": "queued", "position": position })),
    ))
}

/// `GET /api/v1/benchmarks`: the newest 200, newest first.
pub async fn list(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let rows = bench_store::list(&state.db, LIST_LIMIT).await?;
    Ok(Json(json!({ "benchmarks": rows })))
}

fn benchmark_id(id: Result<Path<i64>, PathRejection>) -> Result<i64, ApiError> {
    id.map(|Path(id)| id).map_err(|_| not_found())
}

fn not_found() -> ApiError {
    ApiError::NotFound(FieldError::new("id", "no such benchmark"))
}

/// `GET /api/v1/benchmarks/{id}`
pub async fn get_one(
    State(state): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = benchmark_id(id)?;
    let job = bench_store::get(&state.db, id)
        .await?
        .ok_or_else(not_found)?;
    let progress = state
        .benchmarks
        .live(id)
        .and_then(|live| live.snapshot().progress);
    Ok(Json(json!({
        "id": job.id,
        "status": job.status,
        "request": job.request,
        "command": job.command,
        "result": job.result,
        "error": job.error,
        "progress": progress,
        "source": job.source,
        "device": job.device,
        "model": job.model,
        "created_unix": job.created_unix,
        "started_unix": job.started_unix,
        "finished_unix": job.finished_unix,
    })))
}

fn sse_event(name: &'static str, data: &impl Serialize) -> Event {
    Event::default()
        .event(name)
        .json_data(data)
        .unwrap_or_else(|_| Event::default().event(name).data("{}"))
}

fn status_event(status: JobStatus, error: Option<&str>) -> Event {
    sse_event("status", &json!({ "status": status, "error": error }))
}

/// `GET /api/v1/benchmarks/{id}/events`: the current status (and progress), then every
/// progress and status event until the job ends.
pub async fn events(
    State(state): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let id = benchmark_id(id)?;
    let live = state.benchmarks.live(id).map(|job| job.subscribe());
    let (first, receiver) = match live {
        Some((now, receiver)) => {
            let mut first = vec![status_event(now.status, now.error.as_deref())];
            first.extend(now.progress.map(|p| sse_event("progress", &p)));
            (first, Some(receiver))
        }
        // Not live: finished (a recorded status never changes again).
        None => {
            let job = bench_store::get(&state.db, id)
                .await?
                .ok_or_else(not_found)?;
            (vec![status_event(job.status, job.error.as_deref())], None)
        }
    };
    let rest = stream::unfold(receiver, |receiver| async move {
        let mut receiver = receiver?;
        loop {
            match receiver.recv().await {
                Ok(JobEvent::Progress(p)) => {
                    return Some((sse_event("progress", &p), Some(receiver)))
                }
                Ok(JobEvent::Status { status, error }) => {
                    let next = (!status.is_finished()).then_some(receiver);
                    return Some((status_event(status, error.as_deref()), next));
                }
                // Only old progress is dropped when a slow reader lags; the end still comes.
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let events = stream::iter(first).chain(rest).map(Ok);
    Ok(Sse::new(events).keep_alive(KeepAlive::default()))
}

/// `POST /api/v1/benchmarks/{id}/cancel`
pub async fn cancel(
    State(state): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = benchmark_id(id)?;
    match state.benchmarks.cancel(id).await? {
        CancelOutcome::Accepted(status) => Ok(Json(json!({ "id": id, "status": status }))),
        CancelOutcome::AlreadyFinished(status) => Err(ApiError::Conflict(FieldError::new(
            "id",
            format!("already finished ({})", status.as_str()),
        ))),
        CancelOutcome::NotFound => Err(not_found()),
    }
}

/// What `breakeven bench --post` sends.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentReport {
    pub request: BenchRequest,
    pub command: String,
    pub result: BenchResult,
}

/// `POST /api/v1/benchmarks/results` with `Authorization: Bearer TOKEN`: a complete result
/// measured elsewhere, stored as done with source `agent:NAME`.
pub async fn agent_result(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|token| !token.is_empty());
    let Some(token) = token else {
        return Err(ApiError::Unauthorized(
            "an agent token is required: Authorization: Bearer TOKEN".to_string(),
        ));
    };
    let Some(agent) = agent_tokens::verify(&state.db, token).await? else {
        return Err(ApiError::Unauthorized(
            "unknown or revoked agent token".to_string(),
        ));
    };
    let report: AgentReport = parse_body(body)?;
    let id = bench_store::insert_agent_result(
        &state.db,
        &agent,
        &report.request,
        &report.command,
        &report.result,
    )
    .await?;
    tracing::info!(id, agent = %agent, "stored an agent's benchmark result");
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))))
}
