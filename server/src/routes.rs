//! HTTP handlers.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use tco::{FieldError, Format};

use crate::{db, price_store, ApiError, AppState};

/// `?price_table=ID`: a stored price-table version; the active one when absent.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableQuery {
    price_table: Option<i64>,
}

fn table_query(q: Result<Query<TableQuery>, QueryRejection>) -> Result<Option<i64>, ApiError> {
    q.map(|Query(q)| q.price_table).map_err(|e| {
        ApiError::Invalid(vec![FieldError::new(
            "price_table",
            format!("must be a table id: {}", e.body_text()),
        )])
    })
}

/// `POST /api/v1/plan`: a scenario (JSON, or TOML with `Content-Type: application/toml`) in,
/// the full result out.
pub async fn plan(
    State(state): State<AppState>,
    query: Result<Query<TableQuery>, QueryRejection>,
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
    let (_, prices) = state.price_table(table_query(query)?).await?;
    let scenario = tco::parse_scenario(text, format, &prices).map_err(ApiError::Invalid)?;
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
        "price_table": state.price_table(None).await?.1.source,
        "database": database,
    })))
}

/// `GET /api/v1/pricing/llm[?price_table=ID]`: every row of a price-table version, with
/// the version's source and what its import left out or flagged.
pub async fn llm_prices(
    State(state): State<AppState>,
    query: Result<Query<TableQuery>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let active = price_store::active_id(&state.db).await?;
    let id = table_query(query)?.unwrap_or(active);
    // Read once here (not through the cache): the listing also needs the import's issues.
    let stored = price_store::load(&state.db, id).await?;
    let table = &stored.table;
    Ok(Json(json!({
        "id": id,
        "active": active == id,
        "source": table.source,
        "label": table.source.label(),
        "issues": stored.issues,
        // Every row carries its table's source and date, so a row read alone keeps its provenance.
        "models": table.models.iter().map(|m| {
            let mut row = serde_json::to_value(m).unwrap_or(Value::Null);
            row["source"] = json!(table.source.label());
            row["as_of"] = json!(table.source.as_of);
            row
        }).collect::<Vec<_>>(),
    })))
}

/// `GET /api/v1/pricing/llm/versions`: every stored version, the active one marked.
pub async fn llm_price_versions(
    State(state): State<AppState>,
) -> Result<Json<Vec<price_store::VersionInfo>>, ApiError> {
    Ok(Json(price_store::list(&state.db).await?))
}

/// `GET /api/v1/pricing/gpus`: the bundled GPU offers, each with its source and date.
pub async fn gpu_prices() -> Json<Value> {
    let table = pricing::gpus::bundled_gpus();
    let offers: Vec<Value> = table
        .offers
        .iter()
        .map(|o| {
            let mut row = serde_json::to_value(o).unwrap_or(Value::Null);
            row["as_of"] = json!(table.as_of);
            row["default"] = json!(o.flag != "suspect");
            row
        })
        .collect();
    Json(json!({ "source": table.source, "as_of": table.as_of, "offers": offers }))
}

/// `GET /api/v1/profiles`: the presets (with the seeds they cite) and the saved profiles.
pub async fn profiles(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let rows = sqlx::query!(
        "SELECT id, name, body, created_at_unix FROM saved_profiles ORDER BY created_at_unix, id"
    )
    .fetch_all(&state.db)
    .await
    .map_err(anyhow::Error::from)?;
    let saved: Vec<Value> = rows
        .into_iter()
        .filter_map(|r| {
            let profile: profiles::SavedProfile = serde_json::from_str(&r.body).ok()?;
            Some(json!({ "id": r.id, "name": r.name, "created_at_unix": r.created_at_unix, "profile": profile }))
        })
        .collect();
    Ok(Json(
        json!({ "presets": profiles::presets(), "saved": saved }),
    ))
}

/// `POST /api/v1/profiles`: saves a user's profile; 422 names the invalid field.
pub async fn save_profile(
    State(state): State<AppState>,
    body: Result<Json<profiles::SavedProfile>, JsonRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let Json(profile) =
        body.map_err(|e| ApiError::Invalid(vec![FieldError::new("", e.body_text())]))?;
    profile.validate().map_err(|problems| {
        ApiError::Invalid(
            problems
                .into_iter()
                .map(|(field, message)| FieldError::new(field, message))
                .collect(),
        )
    })?;
    let id = format!("{:032x}", rand::random::<u128>());
    let body = serde_json::to_string(&profile).map_err(anyhow::Error::from)?;
    let now = db::now_unix();
    sqlx::query!(
        "INSERT INTO saved_profiles (id, name, body, created_at_unix) VALUES (?1, ?2, ?3, ?4)",
        id,
        profile.name,
        body,
        now
    )
    .execute(&state.db)
    .await
    .map_err(anyhow::Error::from)?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))))
}

pub async fn api_not_found() -> ApiError {
    ApiError::NotFound(FieldError::new("", "no such API route"))
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
