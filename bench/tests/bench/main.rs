//! The benchmark crate's integration tests, one binary (each test binary links candle, which
//! is slow to link): the figures derived from samples (`analysis`), the catalog against the
//! model cards (`catalog`), bad input and limits (`errors`), the lean decoder against
//! candle-transformers on synthetic weights (`reference`) and on the real SmolLM2 fixture
//! (`fixture_reference`), the fixture generating and benchmarking (`fixture`), and the quality
//! eval on the fixture (`eval`).
//!
//! Run one module with a filter: `cargo test -p bench --test bench reference::`.

// Everything in this binary is test code. clippy.toml lets `#[test]` functions unwrap, but
// not the helpers they call; a failed unwrap in a helper is a failed test all the same.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod analysis;
mod catalog;
mod common;
mod errors;
mod eval;
mod fixture;
mod fixture_reference;
mod in_scenario;
mod reference;
