//! `/api/v1/scenarios*`: saved scenarios behind share links. Anyone with a link reads and
//! forks; saving a revision or deleting needs the edit token returned at creation. The
//! stored input is validated exactly as `POST /api/v1/plan` validates it, and every figure
//! shown is recomputed by `tco` from that input and the recorded price-table version.

use std::collections::HashMap;
use std::sync::Arc;

use anyhow::Context;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use pricing::PriceTable;
use serde::Deserialize;
use serde_json::{json, Value};
use tco::{FieldError, ScenarioInput};

use crate::bench_routes::parse_body;
use crate::scenario_store::{self as store, Guarded, NewRevision};
use crate::{price_store, query, ApiError, AppState};

/// The body of `POST /api/v1/scenarios` and `PUT /api/v1/scenarios/{id}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioWrite {
    scenario: ScenarioInput,
    /// A stored price-table version; the active one when null or absent.
    #[serde(default)]
    price_table: Option<i64>,
}

pub(crate) fn not_found() -> ApiError {
    ApiError::NotFound(FieldError::new("id", "no such scenario"))
}

/// A malformed id cannot name a scenario: 404 without asking the database.
pub(crate) fn scenario_id(id: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    match id {
        Ok(Path(id)) if store::is_valid_id(&id) => Ok(id),
        _ => Err(not_found()),
    }
}

/// The sha256 of the `Authorization: Bearer <edit_token>` header's token.
fn edit_token_hash(headers: &HeaderMap) -> Result<String, ApiError> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|token| !token.is_empty())
        .map(store::token_sha256)
        .ok_or_else(|| {
            ApiError::Forbidden(
                "changing a scenario needs its edit token: Authorization: Bearer <edit_token>"
                    .to_string(),
            )
        })
}

fn guarded<T>(outcome: Guarded<T>) -> Result<T, ApiError> {
    match outcome {
        Guarded::Done(value) => Ok(value),
        Guarded::NotFound => Err(not_found()),
        Guarded::WrongToken => Err(ApiError::Forbidden(
            "the edit token is not this scenario's; nothing was changed".to_string(),
        )),
    }
}

/// The engine's field paths are relative to the scenario, which sits under `scenario`.
pub(crate) fn under_scenario(errors: Vec<FieldError>) -> ApiError {
    ApiError::Invalid(
        errors
            .into_iter()
            .map(|e| {
                let field = if e.field.is_empty() {
                    "scenario".to_string()
                } else {
                    format!("scenario.{}", e.field)
                };
                FieldError::new(field, e.message)
            })
            .collect(),
    )
}

/// A price table a request names: an unknown one is the request's mistake (422).
async fn named_table(
    state: &AppState,
    id: Option<i64>,
) -> Result<(i64, Arc<PriceTable>), ApiError> {
    state.price_table(id).await.map_err(|e| match e {
        ApiError::NotFound(e) => ApiError::Invalid(vec![e]),
        other => other,
    })
}

fn table_ref(id: i64, table: &PriceTable) -> Value {
    json!({ "id": id, "label": table.source.label(), "as_of": table.source.as_of })
}

/// A write's body, checked as `/api/v1/plan` checks it: the input as typed (JSON), its
/// name and the price table it is valid against.
async fn checked_write(
    state: &AppState,
    body: Result<Bytes, BytesRejection>,
) -> Result<(String, String, i64), ApiError> {
    let write: ScenarioWrite = parse_body(body)?;
    let (table_id, table) = named_table(state, write.price_table).await?;
    let scenario = tco::validate(&write.scenario, &table).map_err(under_scenario)?;
    let input_json = serde_json::to_string(&write.scenario).map_err(anyhow::Error::from)?;
    Ok((input_json, scenario.name, table_id))
}

fn share_path(id: &str) -> String {
    format!("/s/{id}")
}

/// `POST /api/v1/scenarios`: stores revision 1; 201 with the id and the edit token.
pub async fn create(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let (input_json, name, price_table_id) = checked_write(&state, body).await?;
    let first = NewRevision {
        name: &name,
        input_json: &input_json,
        price_table_id,
    };
    let created = store::create(&state.db, first, None).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "id": created.id,
            "edit_token": created.edit_token,
            "revision": 1,
            "price_table_id": price_table_id,
            "share_path": share_path(&created.id),
        })),
    ))
}

/// A stored revision as every reader needs it: the row, the revision, its input as typed
/// and the price-table version recorded with it. Shared by the scenario view, the exports
/// and `breakeven report --db`, so all of them recompute from the same things.
pub struct Stored {
    pub row: store::ScenarioRow,
    pub rev: store::RevisionRow,
    pub input: ScenarioInput,
    pub table_id: i64,
    pub table: Arc<PriceTable>,
}

/// Revision `revision` (the newest when None) of scenario `id`: 404 `id` for an unknown
/// (or malformed) scenario, 404 `revision` for an unknown revision.
pub async fn load(state: &AppState, id: &str, revision: Option<i64>) -> Result<Stored, ApiError> {
    if !store::is_valid_id(id) {
        return Err(not_found());
    }
    let row = store::get(&state.db, id).await?.ok_or_else(not_found)?;
    let rev = store::revision(&state.db, id, revision)
        .await?
        .ok_or_else(no_revision)?;
    let input: ScenarioInput =
        serde_json::from_str(&rev.input_json).context("stored scenario input is not readable")?;
    let (table_id, table) = state.price_table(Some(rev.price_table_id)).await?;
    Ok(Stored {
        row,
        rev,
        input,
        table_id,
        table,
    })
}

/// `GET /api/v1/scenarios/{id}[?revision=N][&price_table=M]`: a revision (the newest by
/// default) with its figures recomputed, repriced with table M when asked.
pub async fn get_one(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = scenario_id(id)?;
    let params = query::read(query, &["revision", "price_table"])?;
    let Stored {
        row,
        rev,
        input,
        table_id: recorded_id,
        table: recorded,
    } = load(&state, &id, params.revision).await?;
    let (with_id, with) = match params.price_table {
        Some(m) => named_table(&state, Some(m)).await?,
        None => (recorded_id, recorded.clone()),
    };
    let active = price_store::active_id(&state.db).await?;
    let newer = if active > recorded_id {
        Some(table_ref(active, &state.price_table(Some(active)).await?.1))
    } else {
        None
    };
    // A reprice onto a table without the scenario's model is refused with the field named.
    let scenario = tco::validate(&input, &with).map_err(under_scenario)?;
    // A large Monte Carlo takes CPU seconds: keep it off the async workers.
    let result = tokio::task::spawn_blocking(move || tco::plan(&scenario))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("plan task failed: {e}")))?;
    let mut basis = format!(
        "Recomputed from the stored inputs of revision {} with price table {}",
        rev.revision,
        with.source.label()
    );
    if with_id != recorded_id {
        basis += &format!(
            " (repriced; the revision was saved with {})",
            recorded.source.label()
        );
    }
    Ok(Json(json!({
        "id": row.id,
        "name": rev.name,
        "revision": rev.revision,
        "latest_revision": row.latest_revision,
        "created_unix": row.created_unix,
        "updated_unix": row.updated_unix,
        "revision_created_unix": rev.created_unix,
        "forked_from": row.forked_from.map(|(id, revision)| json!({ "id": id, "revision": revision })),
        "scenario": input,
        "price_table": table_ref(recorded_id, &recorded),
        "priced_with": table_ref(with_id, &with),
        "newer_price_table": newer,
        "result": result,
        "basis": basis,
    })))
}

fn no_revision() -> ApiError {
    ApiError::NotFound(FieldError::new(
        "revision",
        "no such revision of this scenario",
    ))
}

/// `PUT /api/v1/scenarios/{id}` with the edit token: saves a new revision.
pub async fn update(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = scenario_id(id)?;
    let hash = edit_token_hash(&headers)?;
    // Refuse a stranger before reading the body; the write checks the token again.
    guarded(store::authorize(&state.db, &id, &hash).await?)?;
    let (input_json, name, price_table_id) = checked_write(&state, body).await?;
    let next = NewRevision {
        name: &name,
        input_json: &input_json,
        price_table_id,
    };
    let revision = guarded(store::add_revision(&state.db, &id, &hash, next).await?)?;
    Ok(Json(
        json!({ "id": id, "revision": revision, "price_table_id": price_table_id }),
    ))
}

/// `DELETE /api/v1/scenarios/{id}` with the edit token: the scenario and its revisions.
pub async fn delete(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let id = scenario_id(id)?;
    let hash = edit_token_hash(&headers)?;
    guarded(store::delete(&state.db, &id, &hash).await?)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/scenarios/{id}/revisions`: newest first.
pub async fn revisions(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Vec<store::RevisionSummary>>, ApiError> {
    let id = scenario_id(id)?;
    let list = store::revisions(&state.db, &id).await?;
    if list.is_empty() {
        return Err(not_found());
    }
    Ok(Json(list))
}

/// `POST /api/v1/scenarios/{id}/fork[?revision=N]`: anyone with the link may fork; the copy
/// is a new scenario with its own id and edit token, its revision 1 the chosen revision.
pub async fn fork(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let id = scenario_id(id)?;
    let params = query::read(query, &["revision"])?;
    store::get(&state.db, &id).await?.ok_or_else(not_found)?;
    let rev = store::revision(&state.db, &id, params.revision)
        .await?
        .ok_or_else(no_revision)?;
    let copy = NewRevision {
        name: &rev.name,
        input_json: &rev.input_json,
        price_table_id: rev.price_table_id,
    };
    let created = store::create(&state.db, copy, Some((&id, rev.revision))).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "id": created.id,
            "edit_token": created.edit_token,
            "revision": 1,
            "price_table_id": rev.price_table_id,
            "share_path": share_path(&created.id),
            "forked_from": { "id": id, "revision": rev.revision },
        })),
    ))
}
