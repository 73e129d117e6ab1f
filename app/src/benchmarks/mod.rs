//! Benchmarks: the form that runs one on the server, its state and live progress
//! (Server-Sent Events), past runs, and a finished result, all read and written as the
//! contract's types (`::api::bench`); `format.rs` is how their figures are shown and what
//! a goodput puts into the planner.

mod current;
mod endpoint_view;
mod eta;
mod follow;
pub mod form;
mod form_view;
pub mod format;
mod no_goodput;
mod page;
mod points;
mod rerun;
mod result_view;
mod state;
pub(crate) mod stream;
mod token;

pub use page::Benchmarks;
pub use state::BenchState;
