//! What can go wrong under every table alike. A module whose callers can get something
//! wrong (an unknown id, a wrong token) has its own error enum wrapping this one.

/// The database failed, or a stored row no longer reads back as the type it was written
/// from. Never the caller's fault: the HTTP layer answers it with a generic 500.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A query (or opening the file) failed; `what` says which.
    #[error("{what}")]
    Db {
        /// What was being done.
        what: String,
        /// sqlx's error.
        #[source]
        source: sqlx::Error,
    },
    /// The migrations in `server/migrations` could not be applied.
    #[error("cannot migrate database {path}")]
    Migrate {
        /// The database file.
        path: String,
        /// sqlx's error.
        #[source]
        source: sqlx::migrate::MigrateError,
    },
    /// A stored JSON column does not parse as its type.
    #[error("stored {what} is not readable")]
    Unreadable {
        /// Which row and column.
        what: String,
        /// serde's error, with the position.
        #[source]
        source: serde_json::Error,
    },
    /// A value could not be written as JSON.
    #[error("cannot encode {what} as JSON")]
    Encode {
        /// What was being stored.
        what: &'static str,
        /// serde's error.
        #[source]
        source: serde_json::Error,
    },
    /// A stored value breaks an invariant the schema cannot state (an unknown status, a
    /// device that does not parse, no active price table).
    #[error("{0}")]
    Inconsistent(String),
}

/// `.map_err(db("cannot …"))`: a failed query, said with what it was for.
pub(crate) fn db(what: impl Into<String>) -> impl FnOnce(sqlx::Error) -> StoreError {
    let what = what.into();
    move |source| StoreError::Db { what, source }
}

/// Reads a stored JSON column as `T`; `what` names the row and column for the log.
pub(crate) fn read_json<T: serde::de::DeserializeOwned>(
    text: &str,
    what: impl FnOnce() -> String,
) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|source| StoreError::Unreadable {
        what: what(),
        source,
    })
}

/// Writes a value for a JSON column.
pub(crate) fn write_json<T: serde::Serialize>(
    value: &T,
    what: &'static str,
) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|source| StoreError::Encode { what, source })
}
