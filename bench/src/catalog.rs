//! The architectures the benchmark runs: the `models` crate's table (shared with the cost
//! engine, which checks memory fit and projects throughput from the same shapes), and its rows
//! as the API lists them.

pub use api::bench::{entries, CatalogEntry, Family};
pub use models::{architecture, catalog, Architecture, RopeScaling};
