//! Breakeven's server and command line: the cost API and the built web app over an
//! embedded SQLite file, the benchmark queue, and the exports.
//!
//! [`app`] builds the whole router and [`serve`] serves it with the connection limits, so
//! tests run the real thing on port 0. The layers, top
//! down: `cli` (commands) and `http` (handlers) call `exports` (what a report is made of),
//! `jobs` (the benchmark queue) and `state`; all of them read and write through `store`,
//! which holds every SQL query.

pub mod cli;
pub mod clock;
pub mod edge;
pub mod endpoint_bench;
pub mod exports;
pub mod http;
pub mod jobs;
pub mod state;
pub mod store;
#[doc(hidden)]
pub mod testing;
pub mod traffic;

pub use http::{
    app, serve, ApiError, ConnectionLimits, BODY_LIMIT_BYTES, TRAFFIC_BODY_LIMIT_BYTES,
};
pub use state::{AppState, DEFAULT_MODELS_DIR};
