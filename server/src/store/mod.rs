//! Every SQL query of the server, one module per table (plus opening the database). The
//! store speaks in the contract's and the engine's types and its own errors; it knows
//! nothing of HTTP. Each function takes a [`Db`] and runs its SQLite query here or its
//! PostgreSQL twin in the `pgstore` crate; every query is compile-time checked against the
//! committed `.sqlx/` (scripts/sqlx-prepare.sh).

pub mod agent_tokens;
pub mod benchmarks;
mod db;
mod error;
pub mod evals;
pub mod leases;
pub mod prices;
pub mod profiles;
pub mod scenarios;

pub use db::{is_postgres_url, open, open_with, shown, status, Db, DEFAULT_DB_CONNECTIONS};
pub use error::StoreError;
use leases::stored_progress;
