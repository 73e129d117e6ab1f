//! `POST /api/v1/traffic/analyse`: a usage log sent as it is, analysed as it arrives. The
//! body's frames are gathered into chunks of [`CHUNK_BYTES`]; each chunk is fed to
//! `traffic::Importer` and the trace (`crate::traffic::Analyser`) on a blocking thread, in a
//! slot for expensive work taken for that chunk alone, while the next chunk arrives. A body
//! that trickles in holds no slot while it waits, so slow uploads cannot starve plans and
//! exports; memory holds two chunks and the trace's hourly totals, never the body. Past the
//! body limit (`AppState::traffic_body_limit`, 256 MiB) the request is refused with 413.

use std::sync::Arc;

use api::traffic::{AnalyseQuery, AnalyseReply};
use api::{ErrorBody, ScenarioId, ScenarioInput};
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::Json;
use futures_util::StreamExt;
use pricing::PriceTable;
use tco::FieldError;
use traffic::replay::ReplayError;
use traffic::TrafficError;

use super::error::{described, ApiError};
use super::limits::expensive;
use crate::state::AppState;
use crate::store::scenarios::{self as store, ScenarioError};
use crate::traffic::{AnalyseError, Analyser, LISTED_BAD_ROWS};

/// The label's file name: a body has none.
const BODY_NAME: &str = "the request body";

/// How many of the body's bytes are analysed at a time, in one slot for expensive work.
const CHUNK_BYTES: usize = 1024 * 1024;

/// The analyser back from a chunk, and how the chunk went.
type Fed = (Box<Analyser>, Result<(), AnalyseError>);

/// The analyser: idle, or analysing a chunk on a blocking thread (holding a slot until the
/// chunk is done, even when the request has gone).
enum Worker {
    Idle(Box<Analyser>),
    Busy(tokio::task::JoinHandle<Fed>),
}

impl Worker {
    /// The analyser once its chunk is done; the analysis's refusal when it stopped.
    async fn idle(self) -> Result<Box<Analyser>, ApiError> {
        match self {
            Worker::Idle(analyser) => Ok(analyser),
            Worker::Busy(handle) => {
                let (analyser, fed) = handle.await?;
                fed.map_err(analysis_refused)?;
                Ok(analyser)
            }
        }
    }

    /// Starts analysing `chunk` in a slot for expensive work (503 when none frees up in
    /// time), after the chunk before it.
    async fn feed(self, state: &AppState, chunk: Vec<u8>) -> Result<Worker, ApiError> {
        let mut analyser = self.idle().await?;
        let slot = state.expensive.acquire().await?;
        Ok(Worker::Busy(tokio::task::spawn_blocking(move || {
            let _slot = slot;
            let fed = analyser.feed(&chunk);
            (analyser, fed)
        })))
    }
}

/// Analyses a usage log: the import report, the workload, the replay
///
/// The body is the log's bytes as the file holds them (a LiteLLM spend-log export, a daily
/// spend table, OpenAI usage pages, or a CSV/JSONL read through `mapping`), read as it
/// arrives and never held whole; at most 256 MiB, within the request timeout (`serve
/// --request-timeout-s`, 60 s: about 4.3 MiB/s for the largest). Each MiB is analysed in a
/// slot for expensive work (503 when none frees up in time). With `scenario`, the saved scenario's
/// newest revision is replayed on the trace with the active price table.
#[utoipa::path(
    post,
    path = "/api/v1/traffic/analyse",
    operation_id = "analyse_traffic",
    params(
        ("format" = Option<String>, Query,
            description = "litellm_spend_logs_csv, litellm_spend_logs_json, litellm_daily_spend_csv, litellm_daily_spend_json, openai_usage_completions, generic_csv or generic_jsonl; detected from the first 64 KiB when absent"),
        ("tz" = Option<String>, Query,
            description = "The fixed offset (±HH:MM, or Z) the weekly shape and the daily totals are read in, and a mapped log's times written without an offset unless the mapping sets naive_offset_minutes; UTC when absent"),
        ("mapping" = Option<String>, Query,
            description = "For generic_csv and generic_jsonl: the column mapping as JSON ({\"timestamp\": …, \"model\" or \"fixed_model\": …, \"input_tokens\": …, \"output_tokens\": …, …}; docs/traffic.md), at most 4 KiB"),
        ("scenario" = Option<String>, Query,
            description = "A saved scenario's id: its newest revision is replayed on the trace"),
    ),
    request_body(
        description = "The log's bytes, as the file holds them",
        content(
            (String = "text/csv"),
            (String = "application/json"),
            (String = "application/x-ndjson"),
            (String = "application/jsonl"),
            (String = "application/octet-stream"),
        ),
    ),
    responses(
        (status = 200, description = "The report, the workload, and the replay when `scenario` is named", body = AnalyseReply),
        (status = 400, description = "A query value is unusable (field `format`, `tz`, `mapping` (over 4 KiB, or not a mapping), or an unknown key), the format could not be detected, or the body could not be read", body = ErrorBody),
        (status = 403, description = described::FOREIGN_ORIGIN, body = ErrorBody),
        (status = 404, description = "No such scenario (field `scenario`)", body = ErrorBody),
        (status = 413, description = "The body is over 256 MiB", body = ErrorBody),
        (status = 415, description = "A body not sent as one of text/csv, application/json, application/x-ndjson, application/jsonl, application/octet-stream (field `content-type`)", body = ErrorBody),
        (status = 422, description = "Nothing usable in the file (field `body`: the first bad rows, line and reason), a column the format needs is missing, or the scenario is not valid with the trace's workload (fields under `scenario.`)", body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
        (status = 503, description = described::AT_CAPACITY, body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    ),
)]
pub async fn analyse(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<AnalyseReply>, ApiError> {
    let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(&uri)
        .map_err(|e| ApiError::Query(vec![FieldError::new("", e.body_text())]))?;
    let (analyser, offset, scenario) = read_query(pairs)?;
    let limit = state.traffic_body_limit;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large(limit));
    }
    let replay_on = match scenario {
        None => None,
        Some(id) => Some(saved_scenario(&state, &id).await?),
    };
    let mut worker = Worker::Idle(Box::new(analyser));
    let mut gathered: Vec<u8> = Vec::new();
    let mut total: u64 = 0;
    let mut frames = body.into_data_stream();
    while let Some(frame) = frames.next().await {
        let bytes = frame.map_err(|e| ApiError::Query(vec![body_field(e.to_string())]))?;
        total += bytes.len() as u64;
        if total > limit {
            return Err(too_large(limit));
        }
        gathered.extend_from_slice(&bytes);
        if gathered.len() >= CHUNK_BYTES {
            let chunk = std::mem::replace(&mut gathered, Vec::with_capacity(CHUNK_BYTES));
            worker = worker.feed(&state, chunk).await?;
        }
    }
    // The last bytes, the end of the file, the workload and the replay: one slot.
    let mut analyser = worker.idle().await?;
    let reply = expensive(&state, move || {
        analyser.feed(&gathered).map_err(analysis_refused)?;
        finish(*analyser, offset, replay_on.as_ref())
    })
    .await??;
    Ok(Json(reply))
}

fn body_field(message: String) -> FieldError {
    FieldError::new("body", format!("cannot read the request body: {message}"))
}

fn too_large(limit: u64) -> ApiError {
    ApiError::Body {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        message: format!(
            "the log is over {} MiB: split it, or run `breakeven traffic import` on the file",
            limit / (1024 * 1024)
        ),
    }
}

/// The query's values, each checked (every problem at once, 400): the analyser for the
/// named (or to-be-detected) format, the offset, the scenario.
fn read_query(
    pairs: Vec<(String, String)>,
) -> Result<(Analyser, i32, Option<ScenarioId>), ApiError> {
    let (query, unknown) = AnalyseQuery::from_pairs(pairs);
    let mut errors: Vec<FieldError> = unknown
        .into_iter()
        .map(|k| FieldError::new(k, "unknown query parameter"))
        .collect();
    let offset = match query.tz.as_deref().map(api::traffic::parse_offset) {
        None => 0,
        Some(Ok(offset)) => offset,
        Some(Err(reason)) => {
            errors.push(FieldError::new("tz", reason));
            0
        }
    };
    let analyser = Analyser::new(query.format.as_deref(), query.mapping.as_deref(), offset);
    let analyser = match analyser {
        Ok(a) => Some(a),
        Err(AnalyseError::Query { field, reason }) => {
            errors.push(FieldError::new(field, reason));
            None
        }
        Err(AnalyseError::Import(e)) => {
            errors.push(FieldError::new("format", e.to_string()));
            None
        }
    };
    let scenario = match query.scenario.as_deref() {
        None => None,
        Some(text) => match ScenarioId::parse(text) {
            Ok(id) => Some(id),
            Err(_) => {
                // A malformed id names no scenario: 404, as the scenario routes answer.
                if errors.is_empty() {
                    return Err(no_such_scenario());
                }
                None
            }
        },
    };
    match analyser {
        Some(analyser) if errors.is_empty() => Ok((analyser, offset, scenario)),
        _ => {
            errors.sort_by(|a, b| a.field.cmp(&b.field));
            Err(ApiError::Query(errors))
        }
    }
}

fn no_such_scenario() -> ApiError {
    ApiError::not_found("scenario", "no such scenario")
}

/// The newest revision of a saved scenario, with the active price table.
async fn saved_scenario(
    state: &AppState,
    id: &ScenarioId,
) -> Result<(ScenarioInput, Arc<PriceTable>), ApiError> {
    let (_, revision) = store::load(&state.db, id, None)
        .await
        .map_err(|e| match e {
            ScenarioError::NotFound | ScenarioError::NoSuchRevision => no_such_scenario(),
            other => other.into(),
        })?;
    let (_, table) = state.price_table(None).await?;
    Ok((revision.input, table))
}

/// The end of the file: the account of its rows, the workload, and the replay.
fn finish(
    analyser: Analyser,
    offset: i32,
    replay_on: Option<&(ScenarioInput, Arc<PriceTable>)>,
) -> Result<AnalyseReply, ApiError> {
    let (_, report, trace) = analyser.finish().map_err(analysis_refused)?;
    let workload = traffic::analysis::workload(&trace, BODY_NAME, offset);
    let replay = match replay_on {
        None => None,
        Some((input, table)) => Some(
            traffic::replay::replay(&trace, &workload, input, table).map_err(|e| match e {
                ReplayError::Scenario(errors) => ApiError::in_scenario(errors),
                ReplayError::Empty | ReplayError::SpanTooLong { .. } => {
                    ApiError::invalid("body", e.to_string())
                }
            })?,
        ),
    };
    Ok(AnalyseReply {
        report,
        workload,
        replay,
    })
}

/// An analysis that stopped: 400 for a query value (the format could not be detected),
/// 422 for a file with nothing usable (its first bad rows, line and reason) or without a
/// column its format needs.
fn analysis_refused(e: AnalyseError) -> ApiError {
    match e {
        AnalyseError::Query { field, reason } => {
            ApiError::Query(vec![FieldError::new(field, reason)])
        }
        AnalyseError::Import(TrafficError::NothingUsable { report }) => {
            let summary = TrafficError::NothingUsable {
                report: report.clone(),
            }
            .to_string();
            let rows =
                report.bad_rows.iter().take(LISTED_BAD_ROWS).map(|row| {
                    FieldError::new("body", format!("line {}: {}", row.line, row.reason))
                });
            ApiError::Invalid(
                std::iter::once(FieldError::new("body", summary))
                    .chain(rows)
                    .collect(),
            )
        }
        AnalyseError::Import(e) => ApiError::invalid("body", e.to_string()),
    }
}
