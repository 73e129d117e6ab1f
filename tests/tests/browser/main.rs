//! The built app in headless Chromium against the real server on port 0: one test binary
//! (each test file used to be its own, linking the server separately), one module per user
//! path. The harness is `breakeven_tests` (tests/src/lib.rs).

// Test code: a failed unwrap in a helper is a failed test (clippy.toml allows unwrap only
// inside `#[test]` bodies themselves).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod bench_token;
mod benchmarks_ux;
mod compare;
mod exports;
mod form_ergonomics;
mod large_tables;
mod layout;
mod placements;
mod planner;
mod quality;
mod scenarios;
mod security;
mod session;
mod traffic;
mod week;
