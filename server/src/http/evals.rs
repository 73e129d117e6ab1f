//! `/api/v1/evals*`: quality evals of a small model on a labelled sample (docs/quality.md)
//! as server jobs, on the same per-device queue as benchmarks (submit, list, read, follow
//! with Server-Sent Events, cancel). The sample is read and checked before anything is
//! queued, and held once, as read: the stored request leaves an inline sample's text out.

use std::convert::Infallible;
use std::sync::Arc;

use api::bench::JobStatus;
use api::quality::{
    EvalJob, EvalList, EvalQueued, EvalRequest, EvalSample, MatchRule, MAX_SAMPLE_NAME_CHARS,
};
use api::{ErrorBody, EvalId};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, Sse};
use axum::Json;
use futures_util::stream::Stream;
use quality::sample::{demo_display_name, read_sample, Sample, SampleError, DEMO_SAMPLE};
use quality::summary::check_options;
use quality::QualityError;
use tco::FieldError;

use super::benchmarks::check_bench_token;
use super::error::{described, ApiError};
use super::extract::{no_such_eval, Body, EvalPath, MaybeBearer};
use super::job_events;
use super::limits::expensive;
use crate::jobs::{self, CancelOutcome, EvalWork};
use crate::state::AppState;
use crate::store;

/// How many evals `GET /api/v1/evals` lists.
const LIST_LIMIT: i64 = 200;

/// Items scored together in one batch, at most.
pub const MAX_BATCH_ITEMS: usize = 64;
/// Tokens generated per item (match), at most.
pub const MAX_NEW_TOKENS: usize = 512;
/// CPU threads a request may ask for, at most.
const MAX_THREADS: usize = 1024;
/// The longest prompt template, characters.
const MAX_TEMPLATE_CHARS: usize = 8 * 1024;

/// The request's counts, template and labels in range, every problem at once (its shares,
/// prices and match rule are the figures' to check, with the sample: [`options_refusal`]).
fn check_ranges(request: &EvalRequest) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut problem = |field: &str, message: String| errors.push(FieldError::new(field, message));
    if !(1..=MAX_BATCH_ITEMS).contains(&request.batch_items) {
        problem(
            "batch_items",
            format!(
                "{} items per batch: between 1 and {MAX_BATCH_ITEMS}",
                request.batch_items
            ),
        );
    }
    if !(1..=MAX_NEW_TOKENS).contains(&request.max_new_tokens) {
        problem(
            "max_new_tokens",
            format!(
                "{} tokens: between 1 and {MAX_NEW_TOKENS}",
                request.max_new_tokens
            ),
        );
    }
    if let Some(threads) = request.threads {
        if !(1..=MAX_THREADS).contains(&threads) {
            problem(
                "threads",
                format!("{threads} threads: between 1 and {MAX_THREADS}"),
            );
        }
    }
    for (i, label) in request.labels.iter().flatten().enumerate() {
        // `breakeven eval --labels` splits on commas: the rerun command could not give it back.
        if label.contains(',') {
            problem(
                &format!("labels[{i}]"),
                format!("{label:?} holds a comma: a label may not (breakeven eval --labels splits on commas)"),
            );
        }
    }
    if let Some(template) = &request.template {
        let chars = template.chars().count();
        if template.trim().is_empty() || chars > MAX_TEMPLATE_CHARS {
            problem(
                "template",
                format!("{chars} characters: a prompt of 1 to {MAX_TEMPLATE_CHARS} characters, with {{input}} where the item goes"),
            );
        } else if !template.contains("{input}") {
            problem(
                "template",
                "has no {input}: the item's text would never reach the model".to_string(),
            );
        }
    }
    if let EvalSample::Inline { name, .. } = &request.sample {
        let chars = name.chars().count();
        if name.trim().is_empty() || chars > MAX_SAMPLE_NAME_CHARS {
            problem(
                "sample.name",
                format!("{chars} characters: name the sample in 1 to {MAX_SAMPLE_NAME_CHARS} characters"),
            );
        } else if name.contains('\0') {
            problem("sample.name", tco::NUL_REASON.to_string());
        }
    }
    errors
}

/// `weights` names a GGUF file the catalog offers (`GET /api/v1/benchmarks/catalog`'s
/// `weights_files`).
async fn check_weights(state: &AppState, weights: &str) -> Result<(), ApiError> {
    if !jobs::is_plain_name(weights) {
        return Err(ApiError::invalid(
            "weights",
            "name a GGUF file as GET /api/v1/benchmarks/catalog lists it: its name inside the \
             server's models directory, without `/`, `..` or an absolute path",
        ));
    }
    let dir = state.models_dir.clone();
    let offered = tokio::task::spawn_blocking(move || jobs::weights_files(&dir)).await?;
    let gguf = weights.to_ascii_lowercase().ends_with(".gguf");
    if !gguf || !offered.iter().any(|f| f.path == weights) {
        return Err(ApiError::invalid(
            "weights",
            format!(
                "{weights:?} is not a GGUF model file this server offers \
                 (GET /api/v1/benchmarks/catalog lists weights_files)"
            ),
        ));
    }
    Ok(())
}

/// A refused sample as 422s: a bad line's problems one by one (their line numbers and keys
/// in the message), a label set under `labels`, the rest under the sample's field.
fn sample_refusal(e: SampleError, field: &str) -> ApiError {
    match e {
        SampleError::Labels(_) => ApiError::invalid("labels", e.to_string()),
        SampleError::Invalid {
            bad_lines,
            problems,
        } => {
            let listed = problems
                .iter()
                .map(|p| p.line)
                .collect::<std::collections::BTreeSet<_>>()
                .len() as u64;
            let mut errors: Vec<FieldError> = problems
                .iter()
                .map(|p| {
                    // A label outside the request's label set is the label set's to say.
                    let at = if p.field.as_deref() == Some("expected")
                        && p.reason.contains("is not one of the labels")
                    {
                        "labels"
                    } else {
                        field
                    };
                    FieldError::new(at, p.to_string())
                })
                .collect();
            if bad_lines > listed {
                errors.push(FieldError::new(
                    field,
                    format!("and {} more bad lines", bad_lines - listed),
                ));
            }
            ApiError::Invalid(errors)
        }
        other => ApiError::invalid(field, other.to_string()),
    }
}

/// A figures check refused before the run, as a 422 naming the request's field
/// ([`QualityError::field`]): an item's problem under the sample's field with its line (the
/// sample's `items[i].line`, as [`QualityError::item_line`] gives it).
fn options_refusal(e: &QualityError, sample_field: &str) -> ApiError {
    if let Some((line, key, reason)) = e.item_line() {
        return ApiError::invalid(sample_field, format!("line {line}: {key}: {reason}"));
    }
    let field = e.field();
    let message = e.to_string();
    if field.starts_with("items") {
        return ApiError::invalid(sample_field, message);
    }
    let reason = message
        .strip_prefix(&format!("{field}: "))
        .unwrap_or(&message)
        .to_string();
    ApiError::invalid(field, reason)
}

/// The `breakeven eval` command line that reruns `request` on `sample` (an inline sample
/// saved as a file of its name, a template as `TEMPLATE.txt`), spelled as `cli::eval`'s
/// options.
fn command_line(request: &EvalRequest, sample: &str) -> String {
    let quote = jobs::shell_quote;
    let data = match &request.sample {
        EvalSample::Demo => "--data demo".to_string(),
        EvalSample::Inline { .. } => format!("--data {}", quote(sample)),
    };
    let task = match request.task {
        quality::sample::Task::Classify => "classify",
        quality::sample::Task::Match => "match",
    };
    let mut parts = vec![
        "breakeven eval".to_string(),
        format!("--weights {}", quote(&request.weights)),
        data,
        format!("--task {task}"),
    ];
    if let Some(labels) = &request.labels {
        parts.push(format!("--labels {}", quote(&labels.join(","))));
    }
    if request.template.is_some() {
        parts.push("--template TEMPLATE.txt".to_string());
    }
    if !request.chat_template {
        parts.push("--no-chat-template".to_string());
    }
    parts.push(format!("--device {}", request.device));
    parts.push(format!("--batch {}", request.batch_items));
    if request.task == quality::sample::Task::Match {
        let rule = match &request.match_rule {
            None | Some(MatchRule::Normalised) => None,
            Some(MatchRule::Exact) => Some("exact".to_string()),
            Some(MatchRule::Regex { pattern }) => Some(format!("regex:{pattern}")),
            Some(MatchRule::Numeric { tolerance }) => Some(format!("numeric:{tolerance}")),
        };
        if let Some(rule) = rule {
            parts.push(format!("--match {}", quote(&rule)));
        }
        parts.push(format!("--max-new-tokens {}", request.max_new_tokens));
    }
    if let Some(threads) = request.threads {
        parts.push(format!("--threads {threads}"));
    }
    if let Some(q) = request.llm_quality {
        parts.push(format!("--llm-quality {q}"));
    }
    if let Some(q) = request.min_quality {
        parts.push(format!("--min-quality {q}"));
    }
    if let Some(p) = request.prices {
        let (slm, llm) = (p.slm_usd_per_request, p.llm_usd_per_request);
        parts.push(format!("--prices {slm},{llm}"));
    }
    parts.join(" ")
}

/// Queues a quality eval on this server
///
/// The request is checked before it is queued: `weights` must name a GGUF file the catalog
/// offers (`GET /api/v1/benchmarks/catalog`), the device must be this server's, counts and
/// shares in range, and the sample is read whole (every bad line listed with its number and
/// key; a label outside `labels` under `labels`) and checked against what the figures need
/// (the match rule compiles, a number in every `expected` under `numeric`, `llm_quality`
/// where items lack the LLM's grade): 422 naming the field, or the sample's line. The
/// sample is read in one of the slots for expensive work (503 with `Retry-After` when none
/// frees up in time). A label may not hold a comma (`labels[i]`). The body may be up
/// to 16 MiB (an inline sample of 100,000 short items); past it 413. Evals wait in their
/// device's line with its benchmarks (one job at a time per device), at most `serve
/// --bench-queue` waiting (429 with `Retry-After` past it); with `serve --bench-token-env`,
/// only holders of the token may queue (401).
#[utoipa::path(
    post,
    path = "/api/v1/evals",
    operation_id = "submitEval",
    request_body = EvalRequest,
    responses(
        (status = 202, description = "Queued, with its place in line", body = EvalQueued),
        (status = 401, description = EVAL_TOKEN, body = ErrorBody),
        (status = 403, description = described::FOREIGN_ORIGIN, body = ErrorBody),
        (status = 413, description = "The body passes 16 MiB (field ``)", body = ErrorBody),
        (status = 415, description = described::NOT_JSON, body = ErrorBody),
        (status = 422, description = described::INVALID, body = ErrorBody),
        (status = 429, description = described::BUSY, body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
        (status = 503, description = described::AT_CAPACITY, body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    ),
)]
pub async fn submit(
    State(state): State<AppState>,
    MaybeBearer(token): MaybeBearer,
    body: Body,
) -> Result<(StatusCode, Json<EvalQueued>), ApiError> {
    check_bench_token(&state, token.as_deref())?;
    let mut request: EvalRequest = body.json()?;
    drop(body);
    let errors = check_ranges(&request);
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    check_weights(&state, &request.weights).await?;
    let devices = tokio::task::spawn_blocking(jobs::devices).await?;
    if !devices.contains(&request.device) {
        let offered: Vec<String> = devices.iter().map(ToString::to_string).collect();
        return Err(ApiError::invalid(
            "device",
            format!(
                "{} is not on this server (it has: {})",
                request.device,
                offered.join(", ")
            ),
        ));
    }
    // The sample's text leaves the request here: what is queued holds the items as read.
    let (text, name, field) = match &mut request.sample {
        EvalSample::Demo => (DEMO_SAMPLE.to_string(), demo_display_name(), "sample"),
        EvalSample::Inline { name, jsonl } => (
            std::mem::take(jsonl),
            name.trim().to_string(),
            "sample.jsonl",
        ),
    };
    let (task, labels) = (request.task, request.labels.clone());
    let options = bench::eval::summary_options(&request);
    // Read and checked in one of the slots for expensive work (503 when none frees up).
    let sample: Sample = expensive(&state, move || {
        let sample = read_sample(
            std::io::Cursor::new(text.as_bytes()),
            task,
            labels.as_deref(),
        )
        .map_err(|e| sample_refusal(e, field))?;
        // What the figures need, checked before the model runs: the match rule compiles,
        // every `expected` has a number under `numeric`, shares and prices in range, the
        // LLM's correctness known on every item or `llm_quality` standing for it.
        check_options(&sample, &options).map_err(|e| options_refusal(&e, field))?;
        Ok::<_, ApiError>(sample)
    })
    .await??;
    let command = format!(
        "{} (queued by POST /api/v1/evals)",
        command_line(&request, &name)
    );
    let weights = state.models_dir.join(&request.weights);
    let work = EvalWork {
        request,
        weights,
        sample,
        sample_name: name,
    };
    let (id, position) = state.benchmarks.submit_eval(work, command).await?;
    let queued = EvalQueued {
        id,
        status: JobStatus::Queued,
        position: Some(position),
    };
    Ok((StatusCode::ACCEPTED, Json(queued)))
}

/// The 401 of an eval write on a server with a benchmark token.
const EVAL_TOKEN: &str = "This server asks for its benchmark token (`serve --bench-token-env`) to start or cancel an eval; missing or wrong (field `authorization`)";

/// The newest 200 evals, newest first
#[utoipa::path(
    get,
    path = "/api/v1/evals",
    operation_id = "evals",
    responses(
        (status = 200, description = "Newest first", body = EvalList),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
    ),
)]
pub async fn list(State(state): State<AppState>) -> Result<Json<EvalList>, ApiError> {
    let mut evals = store::evals::list(&state.db, LIST_LIMIT).await?;
    for e in &mut evals {
        e.error = e.error.take().map(|text| state.benchmarks.public(&text));
        if let Some(live) = state.benchmarks.live_eval(e.id) {
            if let Some(progress) = live.snapshot().progress {
                e.progress = Some(progress);
            }
        }
    }
    Ok(Json(EvalList { evals }))
}

/// One eval with its request, its progress while it runs and its result once done
#[utoipa::path(
    get,
    path = "/api/v1/evals/{id}",
    operation_id = "eval",
    params(("id" = EvalId, Path, description = "The eval's id")),
    responses(
        (status = 200, description = "The eval", body = EvalJob),
        (status = 404, description = "No such eval (field `id`)", body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
    ),
)]
pub async fn get_one(
    State(state): State<AppState>,
    EvalPath(id): EvalPath,
) -> Result<Json<EvalJob>, ApiError> {
    let mut job = store::evals::get(&state.db, id)
        .await?
        .ok_or_else(no_such_eval)?;
    if let Some(progress) = state
        .benchmarks
        .live_eval(id)
        .and_then(|l| l.snapshot().progress)
    {
        job.progress = Some(progress);
    }
    job.error = job.error.take().map(|e| state.benchmarks.public(&e));
    Ok(Json(job))
}

/// Server-Sent Events: the current status, then progress and status until the eval ends
///
/// Events are named `status` (a `StatusEvent`) and `progress` (an `EvalProgress`), with
/// JSON data; a finished eval's stream says its status once and ends.
#[utoipa::path(
    get,
    path = "/api/v1/evals/{id}/events",
    operation_id = "evalEvents",
    params(("id" = EvalId, Path, description = "The eval's id")),
    responses(
        (status = 200, description = "Events named `status` and `progress`, JSON data", content_type = "text/event-stream", body = String),
        (status = 404, description = "No such eval (field `id`)", body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
    ),
)]
pub async fn events(
    State(state): State<AppState>,
    EvalPath(id): EvalPath,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let start = match state.benchmarks.live_eval(id).map(|job| job.subscribe()) {
        Some((now, receiver)) => job_events::Start::Live(now, receiver),
        None => {
            let job = store::evals::get(&state.db, id)
                .await?
                .ok_or_else(no_such_eval)?;
            let queue = state.benchmarks.clone();
            let stored = move |job: EvalJob| job_events::Stored {
                status: job.status,
                error: job.error.map(|e| queue.public(&e)),
                progress: job.progress,
            };
            let (db, again) = (state.db.clone(), stored.clone());
            let read = move || {
                let (db, again) = (db.clone(), again.clone());
                async move { store::evals::get(&db, id).await.ok().flatten().map(again) }
            };
            let queue = state.benchmarks.clone();
            let attach: job_events::Attach<_> =
                Arc::new(move || queue.live_eval(id).map(|job| job.subscribe()));
            job_events::from_store(stored(job), state.db.is_shared(), read, attach)
        }
    };
    Ok(job_events::stream(start))
}

/// Cancels a queued or running eval
///
/// A queued eval is cancelled at once (`cancelled`); a running one stops after its current
/// batch (`running` until then). Nothing of a cancelled eval is stored but its status.
#[utoipa::path(
    post,
    path = "/api/v1/evals/{id}/cancel",
    operation_id = "cancelEval",
    params(("id" = EvalId, Path, description = "The eval's id")),
    responses(
        (status = 200, description = "Cancelled, or stopping", body = EvalQueued),
        (status = 401, description = EVAL_TOKEN, body = ErrorBody),
        (status = 403, description = described::FOREIGN_ORIGIN, body = ErrorBody),
        (status = 404, description = "No such eval (field `id`)", body = ErrorBody),
        (status = 409, description = "The eval has already finished", body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
    ),
)]
pub async fn cancel(
    State(state): State<AppState>,
    MaybeBearer(token): MaybeBearer,
    EvalPath(id): EvalPath,
) -> Result<Json<EvalQueued>, ApiError> {
    check_bench_token(&state, token.as_deref())?;
    match state.benchmarks.cancel_eval(id).await? {
        CancelOutcome::Accepted(status) => Ok(Json(EvalQueued {
            id,
            status,
            position: None,
        })),
        CancelOutcome::AlreadyFinished(status) => Err(ApiError::Conflict(FieldError::new(
            "id",
            format!("already finished ({status})"),
        ))),
        CancelOutcome::NotFound => Err(no_such_eval()),
    }
}
