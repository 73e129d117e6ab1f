//! `/api/v1/scenarios*`: saved scenarios behind share links, their revisions and forks.

use serde::{Deserialize, Serialize};
use tco::{PlanResult, ScenarioInput};

use crate::{EditToken, ScenarioId};

/// The body of `POST /api/v1/scenarios` and `PUT /api/v1/scenarios/{id}`: a scenario to
/// save, validated exactly as `POST /api/v1/plan` validates it (errors named under
/// `scenario.`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ScenarioWrite {
    /// The scenario as typed.
    pub scenario: ScenarioInput,
    /// The price-table version to validate with and record; the active one when null or
    /// absent (unknown: 422 `price_table`).
    #[serde(default)]
    pub price_table: Option<i64>,
}

/// 201 of `POST /api/v1/scenarios`: a new scenario, stored as revision 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ScenarioCreated {
    /// The new scenario's id (the end of its share link).
    pub id: ScenarioId,
    /// Shown only here: send it as `Authorization: Bearer <edit_token>` to save or delete.
    pub edit_token: EditToken,
    /// Always 1.
    pub revision: i64,
    /// The price-table version recorded with the revision.
    pub price_table_id: i64,
    /// `/s/<id>`: the read-only share link.
    pub share_path: String,
}

/// 200 of `PUT /api/v1/scenarios/{id}`: the new revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ScenarioSaved {
    /// The scenario's id.
    pub id: ScenarioId,
    /// The new revision's number.
    pub revision: i64,
    /// The price-table version recorded with it.
    pub price_table_id: i64,
}

/// Where a fork came from: a scenario and one of its revisions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ForkedFrom {
    /// The scenario forked.
    pub id: ScenarioId,
    /// The revision copied.
    pub revision: i64,
}

/// 201 of `POST /api/v1/scenarios/{id}/fork`: a new scenario (its own id and edit token)
/// whose revision 1 copies the chosen revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ScenarioForked {
    /// The copy's own id.
    pub id: ScenarioId,
    /// The copy's own edit token, shown only here.
    pub edit_token: EditToken,
    /// Always 1.
    pub revision: i64,
    /// The price-table version the copy records (the original revision's).
    pub price_table_id: i64,
    /// `/s/<id>`: the copy's read-only share link.
    pub share_path: String,
    /// The scenario and revision copied.
    pub forked_from: ForkedFrom,
}

/// A stored price-table version as a scenario names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PriceTableRef {
    /// The version's id.
    pub id: i64,
    /// "name version" (`pricing::TableSource::label`).
    pub label: String,
    /// The date the prices were published or read (ISO 8601).
    pub as_of: String,
}

/// One row of `GET /api/v1/scenarios/{id}/revisions` (newest first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RevisionSummary {
    /// The revision's number, from 1.
    pub revision: i64,
    /// The scenario's name in that revision ("" for none).
    pub name: String,
    /// When it was saved (Unix seconds).
    pub created_unix: i64,
    /// The price-table version it records.
    pub price_table_id: i64,
}

/// 200 of `GET /api/v1/scenarios/{id}`: a revision with its figures recomputed by the
/// engine from its stored input and recorded price table (or another on request: a
/// reprice).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ScenarioView {
    /// The scenario's id.
    pub id: ScenarioId,
    /// The revision's name ("" when the scenario has none).
    pub name: String,
    /// This revision's number.
    pub revision: i64,
    /// The newest revision's number.
    pub latest_revision: i64,
    /// When revision 1 was saved (Unix seconds).
    pub created_unix: i64,
    /// When the newest revision was saved (Unix seconds).
    pub updated_unix: i64,
    /// When this revision was saved (Unix seconds).
    pub revision_created_unix: i64,
    /// The scenario and revision this one copies, if it is a fork.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub forked_from: Option<ForkedFrom>,
    /// The input as typed.
    pub scenario: ScenarioInput,
    /// The version recorded with this revision.
    pub price_table: PriceTableRef,
    /// The version the result was computed with: the recorded one, or `?price_table`.
    pub priced_with: PriceTableRef,
    /// The active version when it is newer than the recorded one (a reprice is offered).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub newer_price_table: Option<PriceTableRef>,
    /// The engine's figures.
    pub result: PlanResult,
    /// "Recomputed from the stored inputs of revision N with price table <label>".
    pub basis: String,
    /// The headline figures this revision showed when it was saved, and the cost model
    /// that computed them; null for revisions saved before figures were recorded (by cost
    /// model v1).
    #[cfg_attr(feature = "schema", schema(required = true))]
    #[serde(default)]
    pub saved_figures: Option<SavedFigures>,
    /// Set when today's figures may differ from what the revision showed when saved:
    /// "figures changed: cost model v2, see docs/cost-model.md" when a newer cost model
    /// computes them, a sentence naming both price tables when a reprice does, a generic
    /// one otherwise, and "figures may have changed: …" when nothing was recorded (a
    /// revision saved before cost model v2). Null when the headline figures agree.
    #[cfg_attr(feature = "schema", schema(required = true))]
    #[serde(default)]
    pub figures_changed: Option<String>,
}

/// The headline figures a revision showed when it was saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SavedFigures {
    /// The cost model that computed them (`tco::MODEL_VERSION` then; 1 before v2).
    pub model_version: u32,
    /// The API's monthly cost, USD.
    pub api_monthly_usd: f64,
    /// The SLM alone, USD a month.
    pub self_hosted_monthly_usd: f64,
    /// The hybrid, USD a month.
    pub hybrid_monthly_usd: f64,
    /// R*, requests a month; null when there was none.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub break_even_requests_per_month: Option<f64>,
}

impl SavedFigures {
    /// Two figures agree when they differ by at most this share of the larger: the
    /// engine's own arithmetic on the same input is exact, so only a real change (the
    /// model, the prices) moves a figure further.
    pub const RELATIVE_TOLERANCE: f64 = 1e-9;

    /// The headline figures of a result, as a revision records them.
    pub fn of(result: &PlanResult) -> Self {
        Self {
            model_version: result.model_version,
            api_monthly_usd: result.api.monthly_usd,
            self_hosted_monthly_usd: result.self_hosted.monthly_usd,
            hybrid_monthly_usd: result.hybrid.monthly_usd,
            break_even_requests_per_month: result.break_even.requests_per_month,
        }
    }

    /// Whether the four figures agree with `other`'s within [`Self::RELATIVE_TOLERANCE`]
    /// (a break-even agrees with another only when both are null or both are numbers that
    /// agree); the model versions are not compared.
    pub fn agrees_with(&self, other: &SavedFigures) -> bool {
        let close = |a: f64, b: f64| {
            a == b || (a - b).abs() <= Self::RELATIVE_TOLERANCE * a.abs().max(b.abs())
        };
        close(self.api_monthly_usd, other.api_monthly_usd)
            && close(self.self_hosted_monthly_usd, other.self_hosted_monthly_usd)
            && close(self.hybrid_monthly_usd, other.hybrid_monthly_usd)
            && match (
                self.break_even_requests_per_month,
                other.break_even_requests_per_month,
            ) {
                (None, None) => true,
                (Some(a), Some(b)) => close(a, b),
                _ => false,
            }
    }
}

impl ScenarioView {
    /// The name to show: "(unnamed scenario)" for a blank one.
    pub fn title(&self) -> String {
        if self.name.trim().is_empty() {
            "(unnamed scenario)".to_string()
        } else {
            self.name.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SavedFigures;

    fn figures(api: f64, break_even: Option<f64>) -> SavedFigures {
        SavedFigures {
            model_version: 2,
            api_monthly_usd: api,
            self_hosted_monthly_usd: 584.0,
            hybrid_monthly_usd: 1494.0,
            break_even_requests_per_month: break_even,
        }
    }

    #[test]
    fn figures_agree_within_a_relative_tolerance() {
        let saved = figures(3250.0, Some(179_692.0));
        // 3250 · 1e-9 = 3.25e-6: a rounding-sized move agrees, a cent does not.
        assert!(saved.agrees_with(&figures(3250.0 + 3e-6, Some(179_692.0))));
        assert!(!saved.agrees_with(&figures(3250.01, Some(179_692.0))));
        assert!(!saved.agrees_with(&figures(3250.0, None)));
        assert!(!saved.agrees_with(&figures(3250.0, Some(1_500_000.0))));
        assert!(figures(0.0, None).agrees_with(&figures(0.0, None)));
        // The model version alone is no change in the figures.
        let older = SavedFigures {
            model_version: 1,
            ..saved.clone()
        };
        assert!(older.agrees_with(&saved));
    }
}
