//! `/api/v1/benchmarks*`: what can be benchmarked here, the job queue over HTTP (submit,
//! list, read, follow with Server-Sent Events, cancel), and results reported by agents on
//! GPU hosts.

pub(crate) mod agent_check;

use std::convert::Infallible;
use std::sync::Arc;

use api::bench::{
    AgentReport, BenchCatalog, BenchRequest, Benchmark, BenchmarkList, JobStatus, ProgressShare,
    Queued, ResultStored, WeightDtype, WeightsSource,
};
use api::{BenchmarkId, ErrorBody};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, Sse};
use axum::Json;
use futures_util::stream::Stream;

use super::error::{bench_refusal, described, endpoint_refusal, ApiError};
use super::extract::{no_such_benchmark, AgentAuth, BenchmarkPath, Body, MaybeBearer};
use super::job_events;
use crate::endpoint_bench;
use crate::jobs::{self, CancelOutcome};
use crate::state::AppState;
use crate::store;

/// How many benchmarks `GET /api/v1/benchmarks` lists.
const LIST_LIMIT: i64 = 200;

/// Architectures, number formats, devices, weights files and endpoint hosts offered
///
/// A request may name only the weights files and endpoint hosts listed here.
#[utoipa::path(
    get,
    path = "/api/v1/benchmarks/catalog",
    operation_id = "benchmarkCatalog",
    responses((status = 200, description = "What can be benchmarked here", body = BenchCatalog)),
)]
pub async fn catalog(State(state): State<AppState>) -> Json<BenchCatalog> {
    let dir = state.models_dir.clone();
    // A directory listing is blocking I/O; a failed one offers no files.
    let files = tokio::task::spawn_blocking(move || jobs::weights_files(&dir))
        .await
        .unwrap_or_default();
    Json(BenchCatalog {
        models: bench::catalog::entries(),
        dtypes: WeightDtype::ALL.to_vec(),
        devices: jobs::devices(),
        weights_files: files,
        endpoint_hosts: state.bench_endpoints.to_vec(),
        token_required: state.bench_token_sha256.is_some(),
    })
}

/// 401 unless the request carries this server's benchmark token, when it has one (`serve
/// --bench-token-env`). Every request is checked the same way, the app's included: an
/// `Origin` header is the client's to write, so it cannot exempt anyone.
pub(super) fn check_bench_token(state: &AppState, given: Option<&str>) -> Result<(), ApiError> {
    use sha2::Digest;
    let Some(expected) = &state.bench_token_sha256 else {
        return Ok(());
    };
    let matches = given.is_some_and(|token| {
        let digest: [u8; 32] = sha2::Sha256::digest(token.trim().as_bytes()).into();
        // Every byte compared, whatever the first difference: no timing to learn from.
        digest
            .iter()
            .zip(expected.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    });
    if matches {
        Ok(())
    } else {
        Err(ApiError::Unauthorized(
            "this server asks for its benchmark token to start or cancel a benchmark: \
             Authorization: Bearer TOKEN (the operator's `serve --bench-token-env`)"
                .to_string(),
        ))
    }
}

/// A refusal as it may be sent: its messages without backtrace or path on this machine.
fn public_refusal(state: &AppState, e: ApiError) -> ApiError {
    match e {
        ApiError::Invalid(errors) => ApiError::Invalid(
            errors
                .into_iter()
                .map(|e| tco::FieldError::new(e.field, state.benchmarks.public(&e.message)))
                .collect(),
        ),
        other => other,
    }
}

/// The device is one this server has (`GET /api/v1/benchmarks/catalog` lists them), and the
/// memory ceiling fits the request and the machine. Blocking: it may read a weights header.
fn check_resources(request: &BenchRequest) -> Result<(), bench::BenchError> {
    let devices = jobs::devices();
    if !devices.contains(&request.device) {
        let offered: Vec<String> = devices.iter().map(ToString::to_string).collect();
        return Err(bench::BenchError::Device(format!(
            "{} is not on this server (it has: {})",
            request.device,
            offered.join(", ")
        )));
    }
    bench::memory::check_max_memory(request)
}

/// Queues a benchmark on this server
///
/// The request is checked before it is queued (unknown model, limits, a device this server
/// does not have, a memory ceiling below what the model needs or above the machine's, weights
/// files or endpoint hosts the catalog does not list: 422 naming the field). One job per
/// device runs at a time; endpoint benchmarks have a line of their own, so they never wait
/// for the CPU. A line holds at most `serve --bench-queue` waiting jobs (429 with
/// `Retry-After` past it); with `serve --bench-token-env`, only holders of the token may
/// queue (401).
#[utoipa::path(
    post,
    path = "/api/v1/benchmarks",
    operation_id = "submitBenchmark",
    request_body = BenchRequest,
    responses(
        (status = 202, description = "Queued, with its place in line", body = Queued),
        (status = 401, description = BENCH_TOKEN, body = ErrorBody),
        (status = 413, description = described::BAD_BODY, body = ErrorBody),
        (status = 403, description = described::FOREIGN_ORIGIN, body = ErrorBody),
        (status = 415, description = described::NOT_JSON, body = ErrorBody),
        (status = 422, description = described::INVALID, body = ErrorBody),
        (status = 429, description = described::BUSY, body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
    ),
)]
pub async fn submit(
    State(state): State<AppState>,
    MaybeBearer(token): MaybeBearer,
    body: Body,
) -> Result<(StatusCode, Json<Queued>), ApiError> {
    check_bench_token(&state, token.as_deref())?;
    let request: BenchRequest = body.json()?;
    if let Some(endpoint) = &request.endpoint {
        // The allowlist first: a host the operator did not list is never reached or probed.
        let target = endpoint_bench::Target::parse(&endpoint.url).map_err(endpoint_refusal)?;
        endpoint_bench::check_allowed(&target, &state.bench_endpoints).map_err(endpoint_refusal)?;
        endpoint_bench::check_request(&request).map_err(endpoint_refusal)?;
        return queue(&state, request).await;
    }
    let mut checked = request.clone();
    if let WeightsSource::Path { path } = &request.weights {
        if !jobs::is_plain_name(path) {
            return Err(ApiError::invalid(
                "weights.path",
                "name a file as GET /api/v1/benchmarks/catalog lists it: its name inside the \
                 server's models directory, without `/`, `..` or an absolute path",
            ));
        }
        let dir = state.models_dir.clone();
        let offered = tokio::task::spawn_blocking(move || jobs::weights_files(&dir)).await?;
        if !offered.iter().any(|f| &f.path == path) {
            return Err(ApiError::invalid(
                "weights.path",
                format!(
                    "{path:?} is not a model file this server offers \
                     (GET /api/v1/benchmarks/catalog lists weights_files)"
                ),
            ));
        }
    }
    if let WeightsSource::Path { path } = &mut checked.weights {
        *path = state.models_dir.join(&*path).to_string_lossy().to_string();
    }
    tokio::task::spawn_blocking(move || {
        bench::check_request(&checked)?;
        check_resources(&checked)
    })
    .await?
    .map_err(|e| public_refusal(&state, bench_refusal(e)))?;
    queue(&state, request).await
}

/// Queues a checked request with the command line that reruns it.
async fn queue(
    state: &AppState,
    request: BenchRequest,
) -> Result<(StatusCode, Json<Queued>), ApiError> {
    let command = format!(
        "{} (queued by POST /api/v1/benchmarks)",
        jobs::command_line(&request)
    );
    let (id, position) = state.benchmarks.submit(request, command).await?;
    let queued = Queued {
        id,
        status: JobStatus::Queued,
        position: Some(position),
    };
    Ok((StatusCode::ACCEPTED, Json(queued)))
}

/// The 401 of a benchmark write on a server with a benchmark token.
const BENCH_TOKEN: &str = "This server asks for its benchmark token (`serve --bench-token-env`) to start or cancel a benchmark; missing or wrong (field `authorization`)";

/// The newest 200 benchmarks, newest first
#[utoipa::path(
    get,
    path = "/api/v1/benchmarks",
    operation_id = "benchmarks",
    responses(
        (status = 200, description = "Newest first", body = BenchmarkList),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
    ),
)]
pub async fn list(State(state): State<AppState>) -> Result<Json<BenchmarkList>, ApiError> {
    let mut benchmarks = store::benchmarks::list(&state.db, LIST_LIMIT).await?;
    // Rows stored before errors were cleaned when written may still hold a backtrace or a
    // path: what is served is cleaned again, whatever the row holds.
    for b in &mut benchmarks {
        b.error = b.error.take().map(|e| state.benchmarks.public(&e));
        // A job this server runs: its live progress (fresher than what is stored for
        // other instances' streams).
        if let Some(live) = state.benchmarks.live(b.id) {
            if let Some(progress) = live.snapshot().progress {
                b.progress = Some(ProgressShare::of(&progress));
            }
        }
    }
    Ok(Json(BenchmarkList { benchmarks }))
}

/// One benchmark with its request, its result once done, and its progress while it runs
#[utoipa::path(
    get,
    path = "/api/v1/benchmarks/{id}",
    operation_id = "benchmark",
    params(("id" = BenchmarkId, Path, description = "The benchmark's id")),
    responses(
        (status = 200, description = "The benchmark", body = Benchmark),
        (status = 404, description = "No such benchmark (field `id`)", body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
    ),
)]
pub async fn get_one(
    State(state): State<AppState>,
    BenchmarkPath(id): BenchmarkPath,
) -> Result<Json<Benchmark>, ApiError> {
    let mut job = store::benchmarks::get(&state.db, id)
        .await?
        .ok_or_else(no_such_benchmark)?;
    if let Some(progress) = state
        .benchmarks
        .live(id)
        .and_then(|l| l.snapshot().progress)
    {
        job.progress = Some(progress);
    }
    job.error = job.error.take().map(|e| state.benchmarks.public(&e));
    Ok(Json(job))
}

/// Server-Sent Events: the current status, then progress and status until the job ends
///
/// Events are named `status` (a `StatusEvent`) and `progress` (a `Progress`), with JSON
/// data; a finished job's stream says its status once and ends.
#[utoipa::path(
    get,
    path = "/api/v1/benchmarks/{id}/events",
    operation_id = "benchmarkEvents",
    params(("id" = BenchmarkId, Path, description = "The benchmark's id")),
    responses(
        (status = 200, description = "Events named `status` and `progress`, JSON data", content_type = "text/event-stream", body = String),
        (status = 404, description = "No such benchmark (field `id`)", body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
    ),
)]
pub async fn events(
    State(state): State<AppState>,
    BenchmarkPath(id): BenchmarkPath,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let start = match state.benchmarks.live(id).map(|job| job.subscribe()) {
        Some((now, receiver)) => job_events::Start::Live(now, receiver),
        None => {
            let job = store::benchmarks::get(&state.db, id)
                .await?
                .ok_or_else(no_such_benchmark)?;
            let queue = state.benchmarks.clone();
            let stored = move |job: Benchmark| job_events::Stored {
                status: job.status,
                error: job.error.map(|e| queue.public(&e)),
                progress: job.progress,
            };
            let (db, again) = (state.db.clone(), stored.clone());
            let read = move || {
                let (db, again) = (db.clone(), again.clone());
                async move {
                    store::benchmarks::get(&db, id)
                        .await
                        .ok()
                        .flatten()
                        .map(again)
                }
            };
            let queue = state.benchmarks.clone();
            let attach: job_events::Attach<_> =
                Arc::new(move || queue.live(id).map(|job| job.subscribe()));
            job_events::from_store(stored(job), state.db.is_shared(), read, attach)
        }
    };
    Ok(job_events::stream(start))
}

/// Cancels a queued or running benchmark
///
/// A queued job is cancelled at once (`cancelled`); a running one stops at its next check
/// (`running` until then).
#[utoipa::path(
    post,
    path = "/api/v1/benchmarks/{id}/cancel",
    operation_id = "cancelBenchmark",
    params(("id" = BenchmarkId, Path, description = "The benchmark's id")),
    responses(
        (status = 200, description = "Cancelled, or stopping", body = Queued),
        (status = 401, description = BENCH_TOKEN, body = ErrorBody),
        (status = 403, description = described::FOREIGN_ORIGIN, body = ErrorBody),
        (status = 404, description = "No such benchmark (field `id`)", body = ErrorBody),
        (status = 409, description = "The benchmark has already finished", body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
    ),
)]
pub async fn cancel(
    State(state): State<AppState>,
    MaybeBearer(token): MaybeBearer,
    BenchmarkPath(id): BenchmarkPath,
) -> Result<Json<Queued>, ApiError> {
    check_bench_token(&state, token.as_deref())?;
    match state.benchmarks.cancel(id).await? {
        CancelOutcome::Accepted(status) => Ok(Json(Queued {
            id,
            status,
            position: None,
        })),
        CancelOutcome::AlreadyFinished(status) => Err(ApiError::Conflict(tco::FieldError::new(
            "id",
            format!("already finished ({status})"),
        ))),
        CancelOutcome::NotFound => Err(no_such_benchmark()),
    }
}

/// A complete result measured on a GPU host, reported with an agent token
///
/// What `breakeven bench --post` sends; stored as done with source `agent:NAME`.
#[utoipa::path(
    post,
    path = "/api/v1/benchmarks/results",
    operation_id = "agentResult",
    request_body = AgentReport,
    security(("agentToken" = [])),
    responses(
        (status = 201, description = "Stored", body = ResultStored),
        (status = 401, description = described::UNAUTHORIZED, body = ErrorBody),
        (status = 413, description = described::BAD_BODY, body = ErrorBody),
        (status = 403, description = described::FOREIGN_ORIGIN, body = ErrorBody),
        (status = 415, description = described::NOT_JSON, body = ErrorBody),
        (status = 422, description = described::INVALID, body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
    ),
)]
pub async fn agent_result(
    State(state): State<AppState>,
    AgentAuth(token): AgentAuth,
    body: Body,
) -> Result<(StatusCode, Json<ResultStored>), ApiError> {
    let Some(agent) = store::agent_tokens::verify(&state.db, &token).await? else {
        return Err(ApiError::Unauthorized(
            "unknown or revoked agent token".to_string(),
        ));
    };
    let report: AgentReport = body.json()?;
    // Read again as JSON to name each figure's path; checked like any user input.
    let problems = agent_check::problems(&body.json::<serde_json::Value>()?);
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    let id = store::benchmarks::insert_agent_result(&state.db, &agent, &report).await?;
    tracing::info!(%id, agent = %agent, "stored an agent's benchmark result");
    Ok((StatusCode::CREATED, Json(ResultStored { id })))
}
