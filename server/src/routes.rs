//! HTTP handlers.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse};
use axum::Json;
use serde_json::{json, Value};
use tco::Format;

use crate::{db, ApiError, AppState};

/// `POST /api/v1/plan`: a scenario (JSON, or TOML with `Content-Type: application/toml`) in,
/// the full result out.
pub async fn plan(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<tco::PlanResult>, ApiError> {
    let body = body.map_err(|rejection| ApiError::Body {
        status: rejection.status(),
        message: rejection.body_text(),
    })?;
    let text = std::str::from_utf8(&body).map_err(|_| ApiError::Body {
        status: StatusCode::BAD_REQUEST,
        message: "request body is not UTF-8".to_string(),
    })?;
    let is_toml = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/toml"));
    let format = if is_toml { Format::Toml } else { Format::Json };
    let scenario = tco::parse_scenario(text, format, &state.prices).map_err(ApiError::Invalid)?;
    // A large Monte Carlo takes CPU seconds: keep it off the async workers.
    let result = tokio::task::spawn_blocking(move || tco::plan(&scenario))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("plan task failed: {e}")))?;
    Ok(Json(result))
}

/// `GET /api/v1/health`: version, price table and database state.
pub async fn health(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let database = db::status(&state.db).await?;
    Ok(Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "price_table": state.prices.source,
        "database": database,
    })))
}

pub async fn api_not_found() -> ApiError {
    ApiError::Body {
        status: StatusCode::NOT_FOUND,
        message: "no such API route".to_string(),
    }
}

/// Served at every non-API path when the web app has not been built.
pub async fn app_not_built() -> impl IntoResponse {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Html(
            "<!doctype html><title>Breakeven</title><h1>The web app is not built</h1>\
             <p>Run <code>make run</code> (it builds the app with Trunk), or pass \
             <code>--dist</code> pointing at a built <code>dist/</code>. The API at \
             <code>/api/v1/plan</code> works without it.</p>",
        ),
    )
}
