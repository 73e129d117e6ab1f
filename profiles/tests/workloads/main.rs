//! The workload profiles' integration tests, as one test binary (Cargo links every file
//! directly under `tests/` as a binary of its own): the preset catalog and saved profiles.

// Everything in this binary is test code. clippy.toml lets `#[test]` functions unwrap, but
// not the helpers they call; a failed unwrap in a helper is a failed test all the same.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod presets;
mod saved_profile;
