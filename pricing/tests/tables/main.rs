//! The price tables' integration tests, as one test binary (Cargo links every file directly
//! under `tests/` as a binary of its own): the two generators and the LiteLLM importer.
//!
//! The generators rewrite the committed data when `BREAKEVEN_REGENERATE` is set; run only
//! the one you mean by its module:
//!     BREAKEVEN_REGENERATE=1 cargo test -p pricing --test tables generated_table::
//!     BREAKEVEN_REGENERATE=1 cargo test -p pricing --test tables generated_gpus::

// Everything in this binary is test code. clippy.toml lets `#[test]` functions unwrap, but
// not the helpers they call; a failed unwrap in a helper is a failed test all the same.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod generated_gpus;
mod generated_table;
mod import;
