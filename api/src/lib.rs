//! Breakeven's HTTP contract: the request and response body of every `/api/v1` endpoint,
//! defined once and used by both sides — the server serialises these types, the browser
//! app deserialises the same ones — so the two cannot disagree about a field without
//! failing to compile.
//!
//! Invariants: serde only (no I/O, no HTTP client or server), builds for
//! `wasm32-unknown-unknown`. Every type serialises exactly as the server's answers always
//! have (the JSON a client sees is the contract, not the Rust names). A field with a
//! closed set of values is an enum. With the `schema` feature every type also derives
//! `utoipa::ToSchema`, and the server's OpenAPI document is generated from them, so a
//! field added here is in the document.
//!
//! The scenario and its result are the engine's own types ([`ScenarioInput`],
//! [`PlanResult`]), re-exported here: the engine defines the scenario format.

pub mod bench;
pub mod catalogs;
pub mod endpoints;
mod error;
mod float;
mod ids;
pub mod quality;
pub mod scenarios;
pub mod traffic;

pub use error::ErrorBody;
pub use ids::{BenchmarkId, EditToken, EvalId, ParseIdError, ScenarioId};
pub use tco::placements::{Placement, PlacementBasis, PlacementInput};
pub use tco::{FieldError, PlanResult, ScenarioInput};

/// The path prefix of every API route.
pub const PREFIX: &str = "/api/v1";
