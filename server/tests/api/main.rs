//! The server's black-box tests, one module per feature, in one test binary (the server
//! links candle; one binary links it once). Most call the router in process
//! (`tower::ServiceExt::oneshot`); what needs a socket serves it on port 0.

// A failed unwrap in a test is a failed test. clippy.toml allows them in `#[test]` bodies;
// this extends that to the helpers the tests share, which clippy does not see as tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod app;
mod bench_cli;
mod benchmarks;
mod benchmarks_guard;
mod catalogs;
mod cli;
mod common;
mod compression;
mod durability;
mod endpoint_bench;
mod eval_cli;
mod evals;
mod exports;
mod fuzz;
mod hardening_edge;
mod openapi;
mod plan;
mod plan_v2;
mod postgres;
mod price_pages;
mod prices;
mod report_cli;
mod revision_figures;
mod scenario_writes;
mod scenarios;
mod traffic;
mod traffic_cli;
mod units;
