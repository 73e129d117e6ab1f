//! What the scenario tables hold, as the store hands it out, and why an access failed.

use api::scenarios::{ForkedFrom, SavedFigures};
use api::{EditToken, ScenarioId, ScenarioInput};
use sha2::{Digest, Sha256};

use crate::store::error::StoreError;

/// Why a scenario could not be read or changed.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// No scenario has this id.
    #[error("no such scenario")]
    NotFound,
    /// The scenario has no revision with this number.
    #[error("no such revision of this scenario")]
    NoSuchRevision,
    /// The edit token is not this scenario's; nothing was changed.
    #[error("the edit token is not this scenario's; nothing was changed")]
    WrongToken,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The scenario row, with its newest revision number.
#[derive(Debug, Clone)]
pub struct ScenarioRow {
    /// Its id.
    pub id: ScenarioId,
    /// When revision 1 was saved.
    pub created_unix: i64,
    /// When the newest revision was saved.
    pub updated_unix: i64,
    /// The scenario and revision this one copies, if it is a fork.
    pub forked_from: Option<ForkedFrom>,
    /// The newest revision's number.
    pub latest_revision: i64,
}

/// One stored revision, its input read back as typed.
#[derive(Debug, Clone)]
pub struct Revision {
    /// Its number, from 1.
    pub number: i64,
    /// The scenario's name in this revision ("" for none).
    pub name: String,
    /// The input as typed (not its validated form).
    pub input: ScenarioInput,
    /// The price-table version it was saved, and is recomputed, with.
    pub price_table_id: i64,
    /// When it was saved.
    pub created_unix: i64,
    /// The headline figures it showed when saved; None for a revision saved before they
    /// were recorded (cost model v1).
    pub saved_figures: Option<SavedFigures>,
}

/// A revision as the table holds it (the input still JSON, the figures as columns): one
/// struct for both back ends.
pub(super) use pgstore::scenarios::RevisionRow;

/// The recorded figures of `row`: all columns NULL (a revision saved before they were
/// recorded) or all but the break-even set, as the table's CHECKs keep them.
pub(super) fn saved_figures(
    row: &RevisionRow,
    id: &ScenarioId,
) -> Result<Option<SavedFigures>, StoreError> {
    let broken = |why: &str| {
        StoreError::Inconsistent(format!("revision {} of scenario {id}: {why}", row.revision))
    };
    let figures = (
        row.model_version,
        row.api_monthly_usd,
        row.self_hosted_monthly_usd,
        row.hybrid_monthly_usd,
    );
    match figures {
        (None, None, None, None) => Ok(None),
        (Some(version), Some(api), Some(own), Some(hybrid)) => Ok(Some(SavedFigures {
            model_version: u32::try_from(version)
                .map_err(|_| broken(&format!("model version {version} is out of range")))?,
            api_monthly_usd: api,
            self_hosted_monthly_usd: own,
            hybrid_monthly_usd: hybrid,
            break_even_requests_per_month: row.break_even_requests_per_month,
        })),
        _ => Err(broken("its recorded figures are incomplete")),
    }
}

/// What a new scenario's creator gets back (the token is shown only here).
#[derive(Debug, Clone)]
pub struct Created {
    /// The new id.
    pub id: ScenarioId,
    /// The token that edits it.
    pub edit_token: EditToken,
}

/// What a revision records: its name, its input, the price table it was saved with and
/// the headline figures the engine gave for them then.
#[derive(Debug, Clone, Copy)]
pub struct NewRevision<'a> {
    /// The scenario's name ("" for none).
    pub name: &'a str,
    /// The input as typed.
    pub input: &'a ScenarioInput,
    /// The price-table version it was validated with.
    pub price_table_id: i64,
    /// `SavedFigures::of` the result of this input and price table, as the scenario view
    /// computes it.
    pub figures: &'a SavedFigures,
}

/// What a fork made: the copy, and the revision it copies.
#[derive(Debug, Clone)]
pub struct Forked {
    /// The new scenario.
    pub created: Created,
    /// The copied revision's number.
    pub revision: i64,
    /// The price-table version the copy records (the original revision's).
    pub price_table_id: i64,
}

/// What the table stores of an edit token.
pub(super) fn token_sha256(token: &EditToken) -> String {
    format!("{:x}", Sha256::digest(token.expose().as_bytes()))
}
