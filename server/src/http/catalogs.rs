//! The catalogs and the server's own state: `/api/v1/health`, `/api/v1/pricing/*` (price
//! tables and GPU offers) and `/api/v1/profiles` (workload presets and saved profiles).

use api::catalogs::{
    GpuOfferRow, GpuOffers, Health, HealthStatus, LlmPrices, PriceRow, PriceTableVersion,
    ProfileCreated, Profiles,
};
use api::ErrorBody;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use profiles::SavedProfile;
use tco::FieldError;

use super::error::{described, ApiError};
use super::extract::{Body, Param, QueryString};
use crate::state::AppState;
use crate::store;

/// Version, active price table and database state
#[utoipa::path(
    get,
    path = "/api/v1/health",
    operation_id = "health",
    responses(
        (status = 200, description = "The server answers and its database is readable", body = Health),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
    ),
)]
pub async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    let database = store::status(&state.db).await?;
    let (_, table) = state.price_table(None).await?;
    Ok(Json(Health {
        status: HealthStatus::Ok,
        version: env!("CARGO_PKG_VERSION").to_string(),
        price_table: table.source.clone(),
        database,
    }))
}

/// Every row of a price-table version (the active one by default)
///
/// Each row carries its table's label and date, so a row read alone keeps its provenance;
/// `issues` lists what the import left out or flagged.
#[utoipa::path(
    get,
    path = "/api/v1/pricing/llm",
    operation_id = "llmPrices",
    params(
        ("price_table" = Option<i64>, Query, minimum = 1,
            description = "A stored price-table version id; the active one when absent"),
    ),
    responses(
        (status = 200, description = "The version's rows", body = LlmPrices),
        (status = 404, description = "No such price table (field `price_table`)", body = ErrorBody),
        (status = 422, description = described::INVALID, body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
    ),
)]
pub async fn llm_prices(
    State(state): State<AppState>,
    query: QueryString,
) -> Result<Json<LlmPrices>, ApiError> {
    let asked = query.read(&[Param::PriceTable])?.price_table;
    let active = store::prices::active_id(&state.db).await?;
    let id = asked.unwrap_or(active);
    // Read here, not through the cache: the listing also needs the import's issues.
    let stored = store::prices::load(&state.db, id).await?;
    let source = stored.table.source;
    let label = source.label();
    let models = stored
        .table
        .models
        .into_iter()
        .map(|price| PriceRow {
            price,
            source: label.clone(),
            as_of: source.as_of.clone(),
        })
        .collect();
    Ok(Json(LlmPrices {
        id,
        active: active == id,
        label,
        source,
        issues: stored.issues,
        models,
    }))
}

/// Every stored price-table version, the active one marked
#[utoipa::path(
    get,
    path = "/api/v1/pricing/llm/versions",
    operation_id = "llmPriceVersions",
    responses(
        (status = 200, description = "Oldest first", body = Vec<PriceTableVersion>),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
    ),
)]
pub async fn llm_price_versions(
    State(state): State<AppState>,
) -> Result<Json<Vec<PriceTableVersion>>, ApiError> {
    Ok(Json(store::prices::list(&state.db).await?))
}

/// The bundled GPU offers with their sources and dates
///
/// A row flagged `suspect` is listed but never a default (`default: false`).
#[utoipa::path(
    get,
    path = "/api/v1/pricing/gpus",
    operation_id = "gpuPrices",
    responses((status = 200, description = "The offers", body = GpuOffers)),
)]
pub async fn gpu_prices() -> Json<GpuOffers> {
    let table = pricing::gpus::bundled_gpus();
    let offers = table
        .offers
        .iter()
        .map(|offer| GpuOfferRow {
            default: offer.flag != "suspect",
            offer: offer.clone(),
            as_of: table.as_of.clone(),
        })
        .collect();
    Json(GpuOffers {
        source: table.source.clone(),
        as_of: table.as_of.clone(),
        offers,
    })
}

/// Workload presets and saved profiles
///
/// Each preset cites its seed with a verbatim quote and names its assumptions.
#[utoipa::path(
    get,
    path = "/api/v1/profiles",
    operation_id = "profiles",
    responses(
        (status = 200, description = "The presets and the saved profiles", body = Profiles),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
    ),
)]
pub async fn profiles(State(state): State<AppState>) -> Result<Json<Profiles>, ApiError> {
    Ok(Json(Profiles {
        presets: profiles::presets().to_vec(),
        saved: store::profiles::list(&state.db).await?,
    }))
}

/// Saves a workload profile
#[utoipa::path(
    post,
    path = "/api/v1/profiles",
    operation_id = "saveProfile",
    request_body = SavedProfile,
    responses(
        (status = 201, description = "Saved", body = ProfileCreated),
        (status = 413, description = described::BAD_BODY, body = ErrorBody),
        (status = 422, description = described::INVALID, body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
    ),
)]
pub async fn save_profile(
    State(state): State<AppState>,
    body: Body,
) -> Result<(StatusCode, Json<ProfileCreated>), ApiError> {
    let profile: SavedProfile = body.json()?;
    profile.validate().map_err(|problems| {
        ApiError::Invalid(
            problems
                .into_iter()
                .map(|(field, message)| FieldError::new(field, message))
                .collect(),
        )
    })?;
    let id = store::profiles::save(&state.db, &profile).await?;
    Ok((StatusCode::CREATED, Json(ProfileCreated { id })))
}
