//! `GET /api/v1/scenarios/{id}/report.pdf|workbook.xlsx|cashflow.csv|routing.csv|
//! schedule.csv|breakdown.csv`: one saved scenario's revision (the newest by default).

use api::{ErrorBody, ScenarioId};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use report::pdf::Paper;

use super::{export, public_base, File, PAPER};
use crate::exports::{self, Export};
use crate::http::error::{described, ApiError};
use crate::http::extract::{Param, QueryString, ScenarioPath};
use crate::state::AppState;

/// What the parameters and refusals of these downloads say, once.
const ID: &str = "The scenario's id";
const REVISION: &str = "A revision number; the newest when absent (unknown: 404)";
const NO_SCENARIO: &str = "No such scenario (`id`) or revision (`revision`)";

/// One saved scenario; `format` None is the PDF, whose paper the query chooses.
async fn one(
    state: AppState,
    headers: HeaderMap,
    id: ScenarioId,
    query: QueryString,
    format: Option<Export>,
) -> Result<Response, ApiError> {
    let allowed: &[Param] = match format {
        None => &[Param::Paper, Param::Revision],
        Some(_) => &[Param::Revision],
    };
    let params = query.read(allowed)?;
    let format = format.unwrap_or(Export::Pdf(params.paper.unwrap_or(Paper::A4)));
    let base = public_base(&state, &headers);
    let prepared = exports::saved(&state, &id, params.revision, base.as_deref()).await?;
    export(&state, vec![prepared], format).await
}

/// The PDF ROI report of a revision: summary, charts, cash flow, assumptions, sensitivity and provenance
///
/// Provenance in the export: the recorded price-table version and date, the revision, the
/// share link (absolute: `serve --public-url`, else http:// and the request's Host), the
/// generation time, the app version, and the benchmarks behind a measured throughput
/// (typed throughput is labelled an estimate).
#[utoipa::path(
    get,
    path = "/api/v1/scenarios/{id}/report.pdf",
    operation_id = "scenarioReportPdf",
    params(
        ("id" = ScenarioId, Path, description = ID),
        ("revision" = Option<i64>, Query, minimum = 1, description = REVISION),
        ("paper" = Option<String>, Query, description = PAPER),
    ),
    responses(
        (status = 200, description = "The PDF, as an attachment named breakeven-<name>-r<revision>.pdf", content_type = "application/pdf", body = inline(File),
            headers(("Content-Disposition" = String, description = "attachment; filename=\"breakeven-….ext\" (ASCII letters, digits and dashes)"))),
        (status = 404, description = NO_SCENARIO, body = ErrorBody),
        (status = 422, description = described::INVALID, body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
        (status = 503, description = described::AT_CAPACITY, body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    ),
)]
pub async fn scenario_pdf(
    State(state): State<AppState>,
    headers: HeaderMap,
    ScenarioPath(id): ScenarioPath,
    query: QueryString,
) -> Result<Response, ApiError> {
    one(state, headers, id, query, None).await
}

/// The XLSX workbook of a revision: input cells, derived figures as Excel formulas, native charts, provenance
#[utoipa::path(
    get,
    path = "/api/v1/scenarios/{id}/workbook.xlsx",
    operation_id = "scenarioWorkbook",
    params(
        ("id" = ScenarioId, Path, description = ID),
        ("revision" = Option<i64>, Query, minimum = 1, description = REVISION),
    ),
    responses(
        (status = 200, description = "The workbook, as an attachment named breakeven-<name>-r<revision>.xlsx", content_type = exports::XLSX_MEDIA_TYPE, body = inline(File),
            headers(("Content-Disposition" = String, description = "attachment; filename=\"breakeven-….ext\" (ASCII letters, digits and dashes)"))),
        (status = 404, description = NO_SCENARIO, body = ErrorBody),
        (status = 422, description = described::INVALID, body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
        (status = 503, description = described::AT_CAPACITY, body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    ),
)]
pub async fn scenario_xlsx(
    State(state): State<AppState>,
    headers: HeaderMap,
    ScenarioPath(id): ScenarioPath,
    query: QueryString,
) -> Result<Response, ApiError> {
    one(state, headers, id, query, Some(Export::Xlsx)).await
}

/// A revision's monthly cash flow as CSV (header row; formula-like cells neutralised)
#[utoipa::path(
    get,
    path = "/api/v1/scenarios/{id}/cashflow.csv",
    operation_id = "scenarioCashflowCsv",
    params(
        ("id" = ScenarioId, Path, description = ID),
        ("revision" = Option<i64>, Query, minimum = 1, description = REVISION),
    ),
    responses(
        (status = 200, description = "The CSV, as an attachment named breakeven-<name>-r<revision>-cashflow.csv", content_type = exports::CSV_MEDIA_TYPE, body = String,
            headers(("Content-Disposition" = String, description = "attachment; filename=\"breakeven-….ext\" (ASCII letters, digits and dashes)"))),
        (status = 404, description = NO_SCENARIO, body = ErrorBody),
        (status = 422, description = described::INVALID, body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
        (status = 503, description = described::AT_CAPACITY, body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    ),
)]
pub async fn scenario_cashflow(
    State(state): State<AppState>,
    headers: HeaderMap,
    ScenarioPath(id): ScenarioPath,
    query: QueryString,
) -> Result<Response, ApiError> {
    one(state, headers, id, query, Some(Export::Cashflow)).await
}

/// A revision's routing curve (hybrid cost and quality against SLM share) as CSV
#[utoipa::path(
    get,
    path = "/api/v1/scenarios/{id}/routing.csv",
    operation_id = "scenarioRoutingCsv",
    params(
        ("id" = ScenarioId, Path, description = ID),
        ("revision" = Option<i64>, Query, minimum = 1, description = REVISION),
    ),
    responses(
        (status = 200, description = "The CSV, as an attachment named breakeven-<name>-r<revision>-routing.csv", content_type = exports::CSV_MEDIA_TYPE, body = String,
            headers(("Content-Disposition" = String, description = "attachment; filename=\"breakeven-….ext\" (ASCII letters, digits and dashes)"))),
        (status = 404, description = NO_SCENARIO, body = ErrorBody),
        (status = 422, description = described::INVALID, body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
        (status = 503, description = described::AT_CAPACITY, body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    ),
)]
pub async fn scenario_routing(
    State(state): State<AppState>,
    headers: HeaderMap,
    ScenarioPath(id): ScenarioPath,
    query: QueryString,
) -> Result<Response, ApiError> {
    one(state, headers, id, query, Some(Export::Routing)).await
}

/// A revision's fleets (self-hosted, then the hybrid's SLM) hour by hour for the week as CSV
///
/// One row per hour of the week (0 = Monday 00:00 UTC) per option with a fleet when the
/// workload has a load shape; one row per option, its hour columns empty, without one. A
/// hosted SLM has no fleet: the header alone.
#[utoipa::path(
    get,
    path = "/api/v1/scenarios/{id}/schedule.csv",
    operation_id = "scenarioScheduleCsv",
    params(
        ("id" = ScenarioId, Path, description = ID),
        ("revision" = Option<i64>, Query, minimum = 1, description = REVISION),
    ),
    responses(
        (status = 200, description = "The CSV, as an attachment named breakeven-<name>-r<revision>-schedule.csv", content_type = exports::CSV_MEDIA_TYPE, body = String,
            headers(("Content-Disposition" = String, description = "attachment; filename=\"breakeven-….ext\" (ASCII letters, digits and dashes)"))),
        (status = 404, description = NO_SCENARIO, body = ErrorBody),
        (status = 422, description = described::INVALID, body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
        (status = 503, description = described::AT_CAPACITY, body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    ),
)]
pub async fn scenario_schedule(
    State(state): State<AppState>,
    headers: HeaderMap,
    ScenarioPath(id): ScenarioPath,
    query: QueryString,
) -> Result<Response, ApiError> {
    one(state, headers, id, query, Some(Export::Schedule)).await
}

/// A revision's fleets' monthly bill by part (reserved, on-demand, spot, cold starts, owned, people, fixed) as CSV
#[utoipa::path(
    get,
    path = "/api/v1/scenarios/{id}/breakdown.csv",
    operation_id = "scenarioBreakdownCsv",
    params(
        ("id" = ScenarioId, Path, description = ID),
        ("revision" = Option<i64>, Query, minimum = 1, description = REVISION),
    ),
    responses(
        (status = 200, description = "The CSV, as an attachment named breakeven-<name>-r<revision>-breakdown.csv", content_type = exports::CSV_MEDIA_TYPE, body = String,
            headers(("Content-Disposition" = String, description = "attachment; filename=\"breakeven-….ext\" (ASCII letters, digits and dashes)"))),
        (status = 404, description = NO_SCENARIO, body = ErrorBody),
        (status = 422, description = described::INVALID, body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
        (status = 503, description = described::AT_CAPACITY, body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    ),
)]
pub async fn scenario_breakdown(
    State(state): State<AppState>,
    headers: HeaderMap,
    ScenarioPath(id): ScenarioPath,
    query: QueryString,
) -> Result<Response, ApiError> {
    one(state, headers, id, query, Some(Export::Breakdown)).await
}
