//! The catalogs and the server's own state: `/api/v1/health`, `/api/v1/pricing/*` (price
//! tables and GPU offers) and `/api/v1/profiles` (workload presets and saved profiles).

use api::catalogs::{
    GpuOfferRow, GpuOffers, Health, HealthStatus, LlmPrices, PriceCursor, PriceRow,
    PriceTableVersion, ProfileCreated, Profiles, PRICE_PAGE_DEFAULT,
};
use api::ErrorBody;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use pricing::litellm::ImportIssue;
use pricing::search::Search;
use profiles::SavedProfile;
use tco::FieldError;

use super::error::{described, ApiError};
use super::extract::{Body, Param, QueryString};
use crate::state::AppState;
use crate::store;
use crate::store::prices::PriceError;

/// Version, active price table and database state
#[utoipa::path(
    get,
    path = "/api/v1/health",
    operation_id = "health",
    responses(
        (status = 200, description = "The server answers and its database is readable; `degraded` with a `problem` when the active price table does not read back", body = Health),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
    ),
)]
pub async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    let database = store::status(&state.db).await?;
    let (status, problem, price_table) = match state.price_table(None).await {
        Ok((_, table)) => (HealthStatus::Ok, None, table.source.clone()),
        // Said, not a 500: the server still answers, and the operator can activate another.
        Err(e @ PriceError::Unreadable { id, .. }) => (
            HealthStatus::Degraded,
            Some(e.to_string()),
            store::prices::source(&state.db, id).await?,
        ),
        Err(e) => return Err(e.into()),
    };
    Ok(Json(Health {
        status,
        problem,
        version: env!("CARGO_PKG_VERSION").to_string(),
        price_table,
        database,
        instance: state.benchmarks.instance().to_string(),
    }))
}

/// A page of a price-table version's rows (the active version by default)
///
/// At most `limit` rows (1,000 unless asked; 5,000 at most), so an answer stays small
/// however large the table: `total` says how many rows match and `next_cursor` where the
/// next page starts (none on the last). `q` searches model and provider names, `model`
/// picks one name exactly. Each row carries its table's label and date, so a row read
/// alone keeps its provenance; `issues` lists what the import left out or flagged (the
/// first `limit` that the search matches; `issue_count` says how many).
#[utoipa::path(
    get,
    path = "/api/v1/pricing/llm",
    operation_id = "llmPrices",
    params(
        ("price_table" = Option<i64>, Query, minimum = 1,
            description = "A stored price-table version id; the cursor's, else the active one, when absent"),
        ("q" = Option<String>, Query, max_length = 256,
            description = "Rows whose model or provider name contains every word of this, case-insensitively"),
        ("model" = Option<String>, Query, max_length = 256,
            description = "The row of exactly this model name (case-sensitive)"),
        ("limit" = Option<usize>, Query, minimum = 1, maximum = 5000,
            description = "Rows per page: 1,000 when absent, 5,000 at most"),
        ("cursor" = Option<String>, Query,
            description = "Where the page starts: a previous page's `next_cursor`, as received"),
    ),
    responses(
        (status = 200, description = "A page of the version's rows", body = LlmPrices),
        (status = 404, description = "No such price table (field `price_table`)", body = ErrorBody),
        (status = 422, description = described::INVALID, body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
    ),
)]
pub async fn llm_prices(
    State(state): State<AppState>,
    query: QueryString,
) -> Result<Json<LlmPrices>, ApiError> {
    let asked = query.read(&[
        Param::PriceTable,
        Param::Search,
        Param::Model,
        Param::Limit,
        Param::Cursor,
    ])?;
    let cursor = asked.cursor;
    if let (Some(cursor), Some(id)) = (cursor, asked.price_table) {
        if cursor.price_table != id {
            return Err(ApiError::invalid(
                "cursor",
                format!("pages price table {}, not {id}", cursor.price_table),
            ));
        }
    }
    let active = store::prices::active_id(&state.db).await?;
    let id = asked
        .price_table
        .or(cursor.map(|c| c.price_table))
        .unwrap_or(active);
    // From the cache: a request never reads or parses the stored body again.
    let (id, cached) = state.cached_table(Some(id)).await.map_err(|e| match e {
        PriceError::NotFound(_) if asked.price_table.is_none() && cursor.is_some() => {
            ApiError::invalid("cursor", e.to_string())
        }
        e => e.into(),
    })?;
    let table = &cached.table;
    let search = Search::new(asked.search.as_deref().unwrap_or_default());
    let model = asked.model.as_deref();
    let limit = asked.limit.unwrap_or(PRICE_PAGE_DEFAULT);
    let offset = cursor.map_or(0, |c| c.offset);
    let label = table.source.label();
    let matching = table
        .models
        .iter()
        .filter(|row| model.is_none_or(|m| row.model == m) && search.matches(row));
    let mut total = 0;
    let mut models = Vec::new();
    for price in matching {
        if total >= offset && models.len() < limit {
            models.push(PriceRow {
                price: price.clone(),
                source: label.clone(),
                as_of: table.source.as_of.clone(),
            });
        }
        total += 1;
    }
    if offset > total {
        return Err(ApiError::invalid(
            "cursor",
            format!("starts past the {total} matching rows"),
        ));
    }
    let asked_issue = |issue: &&ImportIssue| {
        model.is_none_or(|m| issue.model == m) && search.matches_text(&issue.model)
    };
    let issue_count = cached.issues.iter().filter(asked_issue).count();
    let issues = cached
        .issues
        .iter()
        .filter(asked_issue)
        .take(limit)
        .cloned()
        .collect();
    let end = offset + models.len();
    let next_cursor = (end < total).then(|| {
        PriceCursor {
            price_table: id,
            offset: end,
        }
        .to_string()
    });
    Ok(Json(LlmPrices {
        id,
        active: active == id,
        label,
        source: table.source.clone(),
        issues,
        issue_count,
        total,
        next_cursor,
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
        (status = 403, description = described::FOREIGN_ORIGIN, body = ErrorBody),
        (status = 415, description = described::NOT_JSON, body = ErrorBody),
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
