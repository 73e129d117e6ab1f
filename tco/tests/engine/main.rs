//! The engine's integration tests, as one test binary: Cargo compiles and links every file
//! directly under `tests/` as a binary of its own, so each new file would cost CI another
//! link. A new test area is a module here.
//!
//! The proptest regressions of a module `x` live in `../proptest-regressions/x.txt`:
//! proptest finds this `main.rs` above the module's file and keeps its seeds in a
//! `proptest-regressions` folder beside the folder that holds it.

// Everything in this binary is test code. clippy.toml lets `#[test]` functions unwrap, but
// not the helpers they call; a failed unwrap in a helper is a failed test all the same.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod bundled_prices;
mod compare;
mod curves;
mod fleet_v2;
mod gpu_pricing;
mod invariants;
mod measured;
mod model_v2;
mod price_flags;
mod share;
mod throughput;
mod validation;
mod vocabulary;
mod worked_numbers;
