//! `/api/v1/scenarios*`: saved scenarios behind share links. Anyone with a link reads and
//! forks; saving a revision or deleting needs the edit token returned at creation. The
//! stored input is validated exactly as `POST /api/v1/plan` validates it, and every figure
//! shown is recomputed by `tco` from that input and the recorded price-table version. A
//! save also records the headline figures the engine gave then, so a view can say when
//! today's differ (a new cost model, a reprice).

use std::sync::Arc;

use api::scenarios::{
    ForkedFrom, PriceTableRef, RevisionSummary, SavedFigures, ScenarioCreated, ScenarioForked,
    ScenarioSaved, ScenarioView, ScenarioWrite,
};
use api::{ErrorBody, ScenarioId, ScenarioInput};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use pricing::PriceTable;

use super::error::{described, ApiError};
use super::extract::{Body, EditAuth, Param, QueryString, ScenarioPath};
use super::limits::expensive;
use crate::state::AppState;
use crate::store::prices::PriceError;
use crate::store::scenarios::{self as store, NewRevision, ScenarioError};

/// A price table a request names: an unknown one is the request's mistake (422).
async fn named_table(
    state: &AppState,
    id: Option<i64>,
) -> Result<(i64, Arc<PriceTable>), ApiError> {
    state.price_table(id).await.map_err(|e| match e {
        PriceError::NotFound(_) => ApiError::invalid("price_table", e.to_string()),
        other => other.into(),
    })
}

fn table_ref(id: i64, table: &PriceTable) -> PriceTableRef {
    PriceTableRef {
        id,
        label: table.source.label(),
        as_of: table.source.as_of.clone(),
    }
}

/// A write's body, checked as `/api/v1/plan` checks it: the input as typed, its name, the
/// price table it is valid against and the headline figures it gives with that table.
async fn checked_write(
    state: &AppState,
    body: &Body,
) -> Result<(ScenarioInput, String, i64, SavedFigures), ApiError> {
    let write: ScenarioWrite = body.json()?;
    let (table_id, table) = named_table(state, write.price_table).await?;
    let scenario = tco::validate(&write.scenario, &table).map_err(ApiError::in_scenario)?;
    let name = scenario.name.clone();
    let figures = headline(state, scenario).await?;
    Ok((write.scenario, name, table_id, figures))
}

/// The headline figures of a validated scenario, as the scenario view computes them
/// (`tco::plan`), for a revision to record: in a slot for expensive work, like every plan.
async fn headline(state: &AppState, mut scenario: tco::Scenario) -> Result<SavedFigures, ApiError> {
    // The Monte Carlo moves none of the headline figures and can take CPU seconds: a save
    // leaves it out.
    scenario.uncertainty = None;
    let result = expensive(state, move || tco::plan(&scenario)).await?;
    Ok(SavedFigures::of(&result))
}

/// What the view says when today's headline figures may differ from those the revision
/// showed when saved; None when they agree. `repriced` names the table the figures were
/// computed with and the recorded one, when they differ.
fn figures_changed(
    saved: Option<&SavedFigures>,
    now: &SavedFigures,
    repriced: Option<(&str, &str)>,
) -> Option<String> {
    let Some(saved) = saved else {
        // Figures were first recorded with cost model v2, so a revision without them was
        // computed by v1: it may or may not differ, and nothing says which.
        return Some(
            "figures may have changed: this revision was saved before cost model v2, see docs/cost-model.md"
                .to_string(),
        );
    };
    if saved.agrees_with(now) {
        return None;
    }
    Some(if saved.model_version < tco::MODEL_VERSION {
        format!(
            "figures changed: cost model v{}, see docs/cost-model.md",
            tco::MODEL_VERSION
        )
    } else if let Some((with, recorded)) = repriced {
        format!(
            "figures changed: priced with price table {with}, not {recorded} as when this revision was saved"
        )
    } else {
        "figures changed since this revision was saved".to_string()
    })
}

/// Saves a new scenario as revision 1; the edit token is shown only here
#[utoipa::path(
    post,
    path = "/api/v1/scenarios",
    operation_id = "createScenario",
    request_body = ScenarioWrite,
    responses(
        (status = 201, description = "Created", body = ScenarioCreated),
        (status = 400, description = described::BAD_BODY, body = ErrorBody),
        (status = 413, description = described::BAD_BODY, body = ErrorBody),
        (status = 403, description = described::FOREIGN_ORIGIN, body = ErrorBody),
        (status = 415, description = described::NOT_JSON, body = ErrorBody),
        (status = 422, description = described::INVALID, body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
        (status = 503, description = described::AT_CAPACITY, body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    ),
)]
pub async fn create(
    State(state): State<AppState>,
    body: Body,
) -> Result<(StatusCode, Json<ScenarioCreated>), ApiError> {
    let (input, name, price_table_id, figures) = checked_write(&state, &body).await?;
    let first = NewRevision {
        name: &name,
        input: &input,
        price_table_id,
        figures: &figures,
    };
    let created = store::create(&state.db, first).await?;
    Ok((
        StatusCode::CREATED,
        Json(ScenarioCreated {
            share_path: created.id.share_path(),
            id: created.id,
            edit_token: created.edit_token,
            revision: 1,
            price_table_id,
        }),
    ))
}

/// A revision recomputed from its stored inputs and recorded price table, or repriced
///
/// The newest revision unless `revision` names one; `price_table` reprices it with another
/// version (a view: the revision keeps recording its own).
#[utoipa::path(
    get,
    path = "/api/v1/scenarios/{id}",
    operation_id = "getScenario",
    params(
        ("id" = ScenarioId, Path, description = "32 lowercase hex digits (128 random bits); anything else is 404"),
        ("revision" = Option<i64>, Query, minimum = 1,
            description = "A revision number; the newest when absent (unknown: 404)"),
        ("price_table" = Option<i64>, Query, minimum = 1,
            description = "Reprice with this price-table version instead of the recorded one (unknown: 422)"),
    ),
    responses(
        (status = 200, description = "The revision and its figures", body = ScenarioView),
        (status = 404, description = "No such scenario (`id`) or revision (`revision`)", body = ErrorBody),
        (status = 422, description = described::INVALID, body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
        (status = 503, description = described::AT_CAPACITY, body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    ),
)]
pub async fn get_one(
    State(state): State<AppState>,
    ScenarioPath(id): ScenarioPath,
    query: QueryString,
) -> Result<Json<ScenarioView>, ApiError> {
    let params = query.read(&[Param::Revision, Param::PriceTable])?;
    let (row, revision) = store::load(&state.db, &id, params.revision).await?;
    let (recorded_id, recorded) = state.price_table(Some(revision.price_table_id)).await?;
    let (with_id, with) = match params.price_table {
        Some(m) => named_table(&state, Some(m)).await?,
        None => (recorded_id, recorded.clone()),
    };
    let (active_id, active) = state.price_table(None).await?;
    let newer = (active_id > recorded_id).then(|| table_ref(active_id, &active));
    // A reprice onto a table without the scenario's model is refused with the field named.
    let scenario = tco::validate(&revision.input, &with).map_err(ApiError::in_scenario)?;
    // A large Monte Carlo takes CPU seconds, like `/api/v1/plan`.
    let result = expensive(&state, move || tco::plan(&scenario)).await?;
    let mut basis = format!(
        "Recomputed from the stored inputs of revision {} with price table {}",
        revision.number,
        with.source.label()
    );
    if with_id != recorded_id {
        basis += &format!(
            " (repriced; the revision was saved with {})",
            recorded.source.label()
        );
    }
    let (with_label, recorded_label) = (with.source.label(), recorded.source.label());
    let repriced =
        (with_id != recorded_id).then_some((with_label.as_str(), recorded_label.as_str()));
    let figures_changed = figures_changed(
        revision.saved_figures.as_ref(),
        &SavedFigures::of(&result),
        repriced,
    );
    Ok(Json(ScenarioView {
        id: row.id,
        name: revision.name,
        revision: revision.number,
        latest_revision: row.latest_revision,
        created_unix: row.created_unix,
        updated_unix: row.updated_unix,
        revision_created_unix: revision.created_unix,
        forked_from: row.forked_from,
        scenario: revision.input,
        price_table: table_ref(recorded_id, &recorded),
        priced_with: table_ref(with_id, &with),
        newer_price_table: newer,
        result,
        basis,
        saved_figures: revision.saved_figures,
        figures_changed,
    }))
}

/// Saves a new revision (a rename is a save with a new name)
#[utoipa::path(
    put,
    path = "/api/v1/scenarios/{id}",
    operation_id = "saveScenario",
    params(("id" = ScenarioId, Path, description = "The scenario's id")),
    request_body = ScenarioWrite,
    security(("editToken" = [])),
    responses(
        (status = 200, description = "Saved", body = ScenarioSaved),
        (status = 400, description = described::BAD_BODY, body = ErrorBody),
        (status = 403, description = described::FORBIDDEN, body = ErrorBody),
        (status = 404, description = "No such scenario (field `id`)", body = ErrorBody),
        (status = 413, description = described::BAD_BODY, body = ErrorBody),
        (status = 415, description = described::NOT_JSON, body = ErrorBody),
        (status = 422, description = described::INVALID, body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
        (status = 503, description = described::AT_CAPACITY, body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    ),
)]
pub async fn update(
    State(state): State<AppState>,
    ScenarioPath(id): ScenarioPath,
    EditAuth(token): EditAuth,
    body: Body,
) -> Result<Json<ScenarioSaved>, ApiError> {
    // Refuse a stranger before reading the body; the write checks the token again.
    store::authorize(&state.db, &id, &token).await?;
    let (input, name, price_table_id, figures) = checked_write(&state, &body).await?;
    let next = NewRevision {
        name: &name,
        input: &input,
        price_table_id,
        figures: &figures,
    };
    let revision = store::add_revision(&state.db, &id, &token, next).await?;
    Ok(Json(ScenarioSaved {
        id,
        revision,
        price_table_id,
    }))
}

/// Deletes the scenario and all its revisions
#[utoipa::path(
    delete,
    path = "/api/v1/scenarios/{id}",
    operation_id = "deleteScenario",
    params(("id" = ScenarioId, Path, description = "The scenario's id")),
    security(("editToken" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = described::FORBIDDEN, body = ErrorBody),
        (status = 404, description = "No such scenario (field `id`)", body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
    ),
)]
pub async fn delete(
    State(state): State<AppState>,
    ScenarioPath(id): ScenarioPath,
    EditAuth(token): EditAuth,
) -> Result<StatusCode, ApiError> {
    store::delete(&state.db, &id, &token).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every revision, newest first
#[utoipa::path(
    get,
    path = "/api/v1/scenarios/{id}/revisions",
    operation_id = "scenarioRevisions",
    params(("id" = ScenarioId, Path, description = "The scenario's id")),
    responses(
        (status = 200, description = "Newest first", body = Vec<RevisionSummary>),
        (status = 404, description = "No such scenario (field `id`)", body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
    ),
)]
pub async fn revisions(
    State(state): State<AppState>,
    ScenarioPath(id): ScenarioPath,
) -> Result<Json<Vec<RevisionSummary>>, ApiError> {
    let list = store::revisions(&state.db, &id).await?;
    if list.is_empty() {
        return Err(ScenarioError::NotFound.into());
    }
    Ok(Json(list))
}

/// Copies a revision into a new scenario with its own id and edit token; no token needed
///
/// The newest revision unless `revision` names one. The copy records the headline figures
/// today's engine gives for the copied input and price table.
#[utoipa::path(
    post,
    path = "/api/v1/scenarios/{id}/fork",
    operation_id = "forkScenario",
    params(
        ("id" = ScenarioId, Path, description = "The scenario's id"),
        ("revision" = Option<i64>, Query, minimum = 1,
            description = "A revision number; the newest when absent (unknown: 404)"),
    ),
    responses(
        (status = 201, description = "Forked", body = ScenarioForked),
        (status = 403, description = described::FOREIGN_ORIGIN, body = ErrorBody),
        (status = 404, description = "No such scenario (`id`) or revision (`revision`)", body = ErrorBody),
        (status = 422, description = described::INVALID, body = ErrorBody),
        (status = 500, description = described::INTERNAL, body = ErrorBody),
        (status = 503, description = described::AT_CAPACITY, body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    ),
)]
pub async fn fork(
    State(state): State<AppState>,
    ScenarioPath(id): ScenarioPath,
    query: QueryString,
) -> Result<(StatusCode, Json<ScenarioForked>), ApiError> {
    let params = query.read(&[Param::Revision])?;
    let (_, original) = store::load(&state.db, &id, params.revision).await?;
    let (_, table) = state.price_table(Some(original.price_table_id)).await?;
    let scenario = tco::validate(&original.input, &table).map_err(ApiError::in_scenario)?;
    let figures = headline(&state, scenario).await?;
    // The revision loaded, by number: a revision saved meanwhile is not the one priced.
    let forked = store::fork(&state.db, &id, original.number, &figures).await?;
    let created = forked.created;
    Ok((
        StatusCode::CREATED,
        Json(ScenarioForked {
            share_path: created.id.share_path(),
            id: created.id,
            edit_token: created.edit_token,
            revision: 1,
            price_table_id: forked.price_table_id,
            forked_from: ForkedFrom {
                id,
                revision: forked.revision,
            },
        }),
    ))
}
