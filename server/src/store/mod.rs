//! Every SQL query of the server, one module per table (plus opening the file). The store
//! speaks in the contract's and the engine's types and its own errors; it knows nothing of
//! HTTP, and every query is compile-time checked against the committed `.sqlx/`.

pub mod agent_tokens;
pub mod benchmarks;
mod db;
mod error;
pub mod evals;
pub mod prices;
pub mod profiles;
pub mod scenarios;

pub use db::{open, status};
pub use error::StoreError;
