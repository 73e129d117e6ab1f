//! `GET /api/v1/compare/report.pdf|workbook.xlsx|cashflow.csv|routing.csv|schedule.csv|
//! breakdown.csv?ids=a,b[,c,d]`: two to four saved scenarios (their newest revisions) side
//! by side.

use api::{ErrorBody, ScenarioId};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use report::pdf::Paper;

use super::{export, public_base, File, PAPER};
use crate::exports::{self, Export, LoadError};
use crate::http::error::{described, ApiError};
use crate::http::extract::{Param, QueryString};
use crate::state::AppState;
use crate::store::scenarios::ScenarioError;

/// What the parameters and refusals of these downloads say, once.
const IDS: &str = "Two to four scenario ids separated by commas (other counts: 422 `ids`)";
const NO_SCENARIO_IN_IDS: &str = "A scenario in `ids` does not exist (field `ids`)";

/// Two to four saved scenarios (their newest revisions); an unknown one is 404 `ids`.
async fn compare(
    state: AppState,
    headers: HeaderMap,
    query: QueryString,
    format: Option<Export>,
) -> Result<Response, ApiError> {
    let allowed: &[Param] = match format {
        None => &[Param::Ids, Param::Paper],
        Some(_) => &[Param::Ids],
    };
    let params = query.read(allowed)?;
    let format = format.unwrap_or(Export::Pdf(params.paper.unwrap_or(Paper::A4)));
    let base = public_base(&state, &headers);
    let mut prepared = Vec::new();
    for text in params.ids.unwrap_or_default() {
        let unknown = || {
            let shown: String = text.chars().take(40).collect();
            ApiError::not_found("ids", format!("no such scenario: {shown:?}"))
        };
        let id = ScenarioId::parse(&text).map_err(|_| unknown())?;
        let scenario = exports::saved(&state, &id, None, base.as_deref()).await;
        prepared.push(scenario.map_err(|e| match e {
            LoadError::Scenario(ScenarioError::NotFound) => unknown(),
            other => other.into(),
        })?);
    }
    export(&state, prepared, format).await
}

/// A comparison report of two to four scenarios (their newest revisions)
#[utoipa::path(
    get,
    path = "/api/v1/compare/report.pdf",
    operation_id = "compareReportPdf",
    params(
        ("ids" = String, Query, pattern = "^[0-9a-f]{32}(,[0-9a-f]{32}){1,3}$", description = IDS),
        ("paper" = Option<String>, Query, description = PAPER),
    ),
    responses(
        (status = 200, description = "The PDF, as an attachment named breakeven-compare-<a>-vs-<b>….pdf", content_type = "application/pdf", body = inline(File),
            headers(("Content-Disposition" = String, description = "attachment; filename=\"breakeven-….ext\" (ASCII letters, digits and dashes)"))),
        (status = 404, description = NO_SCENARIO_IN_IDS, body = ErrorBody),
        (status = 422, description = described::INVALID, body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
        (status = 503, description = described::AT_CAPACITY, body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    ),
)]
pub async fn compare_pdf(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: QueryString,
) -> Result<Response, ApiError> {
    compare(state, headers, query, None).await
}

/// One workbook for two to four scenarios: a Comparison sheet and each scenario's sheets
#[utoipa::path(
    get,
    path = "/api/v1/compare/workbook.xlsx",
    operation_id = "compareWorkbook",
    params(
        ("ids" = String, Query, pattern = "^[0-9a-f]{32}(,[0-9a-f]{32}){1,3}$", description = IDS),
    ),
    responses(
        (status = 200, description = "The workbook, as an attachment", content_type = exports::XLSX_MEDIA_TYPE, body = inline(File),
            headers(("Content-Disposition" = String, description = "attachment; filename=\"breakeven-….ext\" (ASCII letters, digits and dashes)"))),
        (status = 404, description = NO_SCENARIO_IN_IDS, body = ErrorBody),
        (status = 422, description = described::INVALID, body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
        (status = 503, description = described::AT_CAPACITY, body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    ),
)]
pub async fn compare_xlsx(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: QueryString,
) -> Result<Response, ApiError> {
    compare(state, headers, query, Some(Export::Xlsx)).await
}

/// The monthly cash flows of two to four scenarios, with a `scenario` column
#[utoipa::path(
    get,
    path = "/api/v1/compare/cashflow.csv",
    operation_id = "compareCashflowCsv",
    params(
        ("ids" = String, Query, pattern = "^[0-9a-f]{32}(,[0-9a-f]{32}){1,3}$", description = IDS),
    ),
    responses(
        (status = 200, description = "The CSV, as an attachment", content_type = exports::CSV_MEDIA_TYPE, body = String,
            headers(("Content-Disposition" = String, description = "attachment; filename=\"breakeven-….ext\" (ASCII letters, digits and dashes)"))),
        (status = 404, description = NO_SCENARIO_IN_IDS, body = ErrorBody),
        (status = 422, description = described::INVALID, body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
        (status = 503, description = described::AT_CAPACITY, body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    ),
)]
pub async fn compare_cashflow(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: QueryString,
) -> Result<Response, ApiError> {
    compare(state, headers, query, Some(Export::Cashflow)).await
}

/// The routing curves of two to four scenarios, with a `scenario` column
#[utoipa::path(
    get,
    path = "/api/v1/compare/routing.csv",
    operation_id = "compareRoutingCsv",
    params(
        ("ids" = String, Query, pattern = "^[0-9a-f]{32}(,[0-9a-f]{32}){1,3}$", description = IDS),
    ),
    responses(
        (status = 200, description = "The CSV, as an attachment", content_type = exports::CSV_MEDIA_TYPE, body = String,
            headers(("Content-Disposition" = String, description = "attachment; filename=\"breakeven-….ext\" (ASCII letters, digits and dashes)"))),
        (status = 404, description = NO_SCENARIO_IN_IDS, body = ErrorBody),
        (status = 422, description = described::INVALID, body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
        (status = 503, description = described::AT_CAPACITY, body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    ),
)]
pub async fn compare_routing(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: QueryString,
) -> Result<Response, ApiError> {
    compare(state, headers, query, Some(Export::Routing)).await
}

/// The fleets' weeks, hour by hour, of two to four scenarios, with a `scenario` column
#[utoipa::path(
    get,
    path = "/api/v1/compare/schedule.csv",
    operation_id = "compareScheduleCsv",
    params(
        ("ids" = String, Query, pattern = "^[0-9a-f]{32}(,[0-9a-f]{32}){1,3}$", description = IDS),
    ),
    responses(
        (status = 200, description = "The CSV, as an attachment", content_type = exports::CSV_MEDIA_TYPE, body = String,
            headers(("Content-Disposition" = String, description = "attachment; filename=\"breakeven-….ext\" (ASCII letters, digits and dashes)"))),
        (status = 404, description = NO_SCENARIO_IN_IDS, body = ErrorBody),
        (status = 422, description = described::INVALID, body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
        (status = 503, description = described::AT_CAPACITY, body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    ),
)]
pub async fn compare_schedule(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: QueryString,
) -> Result<Response, ApiError> {
    compare(state, headers, query, Some(Export::Schedule)).await
}

/// The fleets' monthly bills by part of two to four scenarios, with a `scenario` column
#[utoipa::path(
    get,
    path = "/api/v1/compare/breakdown.csv",
    operation_id = "compareBreakdownCsv",
    params(
        ("ids" = String, Query, pattern = "^[0-9a-f]{32}(,[0-9a-f]{32}){1,3}$", description = IDS),
    ),
    responses(
        (status = 200, description = "The CSV, as an attachment", content_type = exports::CSV_MEDIA_TYPE, body = String,
            headers(("Content-Disposition" = String, description = "attachment; filename=\"breakeven-….ext\" (ASCII letters, digits and dashes)"))),
        (status = 404, description = NO_SCENARIO_IN_IDS, body = ErrorBody),
        (status = 422, description = described::INVALID, body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
        (status = 503, description = described::AT_CAPACITY, body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    ),
)]
pub async fn compare_breakdown(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: QueryString,
) -> Result<Response, ApiError> {
    compare(state, headers, query, Some(Export::Breakdown)).await
}
