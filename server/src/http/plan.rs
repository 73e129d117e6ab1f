//! `POST /api/v1/plan`: a scenario in, the engine's whole result out; and
//! `POST /api/v1/plan/placements`: the scenario's model on every GPU offer.

use std::sync::Arc;

use api::{ErrorBody, Placement, PlanResult, ScenarioInput};
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::Json;
use pricing::PriceTable;

use super::error::{described, ApiError};
use super::extract::{Body, Param, QueryString};
use super::limits::expensive;
use crate::state::AppState;

/// Plans a scenario: API, self-hosted and hybrid cost, break-even, ROI, Monte Carlo
///
/// The body is a scenario (format v1) as JSON, or as TOML with
/// `Content-Type: application/toml`; it is priced with the active price table unless
/// `price_table` names another.
#[utoipa::path(
    post,
    path = "/api/v1/plan",
    operation_id = "plan",
    params(
        ("price_table" = Option<i64>, Query, minimum = 1,
            description = "A stored price-table version id; the active one when absent"),
    ),
    request_body(
        description = "The scenario",
        content(
            (ScenarioInput = "application/json"),
            (String = "application/toml"),
        ),
    ),
    responses(
        (status = 200, description = "The engine's result", body = PlanResult),
        (status = 400, description = described::BAD_BODY, body = ErrorBody),
        (status = 404, description = "No such price table (field `price_table`)", body = ErrorBody),
        (status = 413, description = described::BAD_BODY, body = ErrorBody),
        (status = 403, description = described::FOREIGN_ORIGIN, body = ErrorBody),
        (status = 415, description = described::NOT_JSON, body = ErrorBody),
        (status = 422, description = described::INVALID, body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
        (status = 503, description = described::AT_CAPACITY, body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    ),
)]
pub async fn plan(
    State(state): State<AppState>,
    query: QueryString,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<PlanResult>, ApiError> {
    let (input, prices) = read_scenario(&state, query, &headers, &body).await?;
    let scenario = tco::validate(&input, &prices).map_err(ApiError::Invalid)?;
    // A large Monte Carlo takes CPU seconds.
    let result = expensive(&state, move || tco::plan(&scenario)).await?;
    Ok(Json(result))
}

/// Where to run the scenario's self-hosted model: every GPU offer, cheapest first
///
/// For the scenario's `slm.model`, every offer of the GPU table (and the CPU its throughput
/// was measured on): whether the model fits, its throughput (measured, projected from the
/// scenario's benchmark, or projected at an assumed efficiency — labelled), the fleet, the
/// monthly cost, USD per million tokens and the break-even; each row's `apply` is what "use
/// this offer" writes into `slm`. Same body and `price_table` as `/api/v1/plan`.
#[utoipa::path(
    post,
    path = "/api/v1/plan/placements",
    operation_id = "plan_placements",
    params(
        ("price_table" = Option<i64>, Query, minimum = 1,
            description = "A stored price-table version id; the active one when absent"),
    ),
    request_body(
        description = "The scenario (self-hosted, naming `slm.model`)",
        content(
            (ScenarioInput = "application/json"),
            (String = "application/toml"),
        ),
    ),
    responses(
        (status = 200, description = "One row per offer, cheapest first", body = Vec<Placement>),
        (status = 400, description = described::BAD_BODY, body = ErrorBody),
        (status = 404, description = "No such price table (field `price_table`)", body = ErrorBody),
        (status = 413, description = described::BAD_BODY, body = ErrorBody),
        (status = 403, description = described::FOREIGN_ORIGIN, body = ErrorBody),
        (status = 415, description = described::NOT_JSON, body = ErrorBody),
        (status = 422, description = described::INVALID, body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
        (status = 503, description = described::AT_CAPACITY, body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    ),
)]
pub async fn placements(
    State(state): State<AppState>,
    query: QueryString,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Vec<Placement>>, ApiError> {
    let (input, prices) = read_scenario(&state, query, &headers, &body).await?;
    let rows = expensive(&state, move || tco::placements::placements(&input, &prices))
        .await?
        .map_err(ApiError::Invalid)?;
    Ok(Json(rows))
}

/// The body as a scenario (JSON, or TOML with `Content-Type: application/toml`) and the
/// price table `price_table` names (the active one by default). The query is read first, so
/// a bad `price_table` is named whatever the body.
async fn read_scenario(
    state: &AppState,
    query: QueryString,
    headers: &HeaderMap,
    body: &Body,
) -> Result<(ScenarioInput, Arc<PriceTable>), ApiError> {
    let text = body.text()?;
    let is_toml = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/toml"));
    let price_table = query.read(&[Param::PriceTable])?.price_table;
    let (_, prices) = state.price_table(price_table).await?;
    let input = if is_toml {
        tco::from_toml(text)
    } else {
        tco::from_json(text)
    }
    .map_err(|e| ApiError::Invalid(vec![e]))?;
    Ok((input, prices))
}
