//! `POST /api/v1/traffic/analyse`: a usage log sent as it is, analysed as it arrives. The
//! body's frames go, in order, to a worker in one of the slots for expensive work, which
//! feeds them to `traffic::Importer` and the trace (`crate::traffic::Analyser`): memory holds
//! a few frames and the trace's hourly totals, never the body. Past the body limit
//! (`AppState::traffic_body_limit`, 256 MiB) the request is refused with 413 and the worker
//! stops.

use std::collections::HashMap;
use std::sync::Arc;

use api::traffic::{AnalyseReply, LOG_MEDIA_TYPES};
use api::{ErrorBody, ScenarioId, ScenarioInput};
use axum::body::{Body, Bytes};
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
use crate::traffic::{AnalyseError, Analyser};

/// The label's file name: a body has none.
const BODY_NAME: &str = "the request body";

/// How many bad rows a 422 lists (the report keeps more).
const LISTED_BAD_ROWS: usize = 20;

/// The query keys the route reads.
const KEYS: [&str; 4] = ["format", "tz", "mapping", "scenario"];

/// What the body's reader hands the worker.
enum Piece {
    /// The next bytes.
    Bytes(Bytes),
    /// The body ended cleanly: the worker may finish. A worker whose sender goes away
    /// without this (a refused or cut body, a timed-out request) stops without finishing.
    End,
}

/// Analyses a usage log: the import report, the workload, the replay
///
/// The body is the log's bytes as the file holds them (a LiteLLM spend-log export, a daily
/// spend table, OpenAI usage pages, or a CSV/JSONL read through `mapping`), read as it
/// arrives and never held whole; at most 256 MiB. With `scenario`, the saved scenario's
/// newest revision is replayed on the trace with the active price table.
#[utoipa::path(
    post,
    path = "/api/v1/traffic/analyse",
    operation_id = "analyse_traffic",
    params(
        ("format" = Option<String>, Query,
            description = "litellm_spend_logs_csv, litellm_spend_logs_json, litellm_daily_spend_csv, litellm_daily_spend_json, openai_usage_completions, generic_csv or generic_jsonl; detected from the first 64 KiB when absent"),
        ("tz" = Option<String>, Query,
            description = "The fixed offset (±HH:MM, or Z) the weekly shape and the daily totals are read in; UTC when absent"),
        ("mapping" = Option<String>, Query,
            description = "For generic_csv and generic_jsonl: the column mapping as JSON ({\"timestamp\": …, \"model\" or \"fixed_model\": …, \"input_tokens\": …, \"output_tokens\": …, …}; docs/traffic.md)"),
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
        (status = 400, description = "A query value is unusable (field `format`, `tz`, `mapping`, or an unknown key), the format could not be detected, or the body could not be read", body = ErrorBody),
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
    let Query(query) = Query::<HashMap<String, String>>::try_from_uri(&uri)
        .map_err(|e| ApiError::Query(vec![FieldError::new("", e.body_text())]))?;
    let (analyser, offset, scenario) = read_query(&query)?;
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
    let (tx, rx) = tokio::sync::mpsc::channel::<Piece>(8);
    let work = expensive(&state, move || {
        analyse_pieces(analyser, rx, offset, replay_on.as_ref())
    });
    let read = async move {
        let mut frames = body.into_data_stream();
        let mut total: u64 = 0;
        while let Some(frame) = frames.next().await {
            let bytes = frame.map_err(|e| ApiError::Query(vec![body_field(e.to_string())]))?;
            total += bytes.len() as u64;
            if total > limit {
                return Err(too_large(limit));
            }
            if tx.send(Piece::Bytes(bytes)).await.is_err() {
                // The worker stopped: its answer says why.
                return Ok(());
            }
        }
        // Ignored when the worker already stopped.
        let _ = tx.send(Piece::End).await;
        Ok(())
    };
    let (work, read) = tokio::join!(work, read);
    // The body's fault comes first: the worker stopped because of it.
    read?;
    let reply = work??;
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
    query: &HashMap<String, String>,
) -> Result<(Analyser, i32, Option<ScenarioId>), ApiError> {
    let mut errors: Vec<FieldError> = query
        .keys()
        .filter(|k| !KEYS.contains(&k.as_str()))
        .map(|k| FieldError::new(k.as_str(), "unknown query parameter"))
        .collect();
    let offset = match query.get("tz").map(|t| api::traffic::parse_offset(t)) {
        None => 0,
        Some(Ok(offset)) => offset,
        Some(Err(reason)) => {
            errors.push(FieldError::new("tz", reason));
            0
        }
    };
    let analyser = Analyser::new(
        query.get("format").map(String::as_str),
        query.get("mapping").map(String::as_str),
    );
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
    let scenario = match query.get("scenario") {
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

/// The worker: every piece into the analyser, then the workload and the replay.
fn analyse_pieces(
    mut analyser: Analyser,
    mut pieces: tokio::sync::mpsc::Receiver<Piece>,
    offset: i32,
    replay_on: Option<&(ScenarioInput, Arc<PriceTable>)>,
) -> Result<AnalyseReply, ApiError> {
    loop {
        match pieces.blocking_recv() {
            Some(Piece::Bytes(bytes)) => analyser.feed(&bytes).map_err(analysis_refused)?,
            Some(Piece::End) => break,
            // The body was refused or cut: nothing to answer with (the handler answers).
            None => {
                return Err(ApiError::Query(vec![body_field(
                    "the body ended early".into(),
                )]))
            }
        }
    }
    // The rest of the request is not read any more.
    pieces.close();
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

/// Whether `essence` (a Content-Type without parameters, lower case) is one the route takes.
pub(super) fn is_log_media_type(essence: &str) -> bool {
    LOG_MEDIA_TYPES.contains(&essence)
}
