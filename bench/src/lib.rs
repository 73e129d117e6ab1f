//! Breakeven's benchmark: SLM architectures measured on the attached CPU (or CUDA GPU) with
//! candle, with synthetic or real weights, swept over concurrencies and held against a roofline.
//!
//! Entry points: [`run`] (one benchmark, with progress and cancellation), [`check_request`]
//! (the cheap checks a server does before queueing), [`catalog::catalog`], and
//! [`generate::generate_greedy`] for real weights with a tokenizer.

pub mod analysis;
pub mod catalog;
pub mod config;
pub mod decoder;
pub mod eval;
pub mod generate;
pub mod gguf;
pub mod memory;
pub mod report;
pub mod steps;
pub mod weights;

// The run's own machinery, reached through `run`: loading, the sweep, the machine probes.
mod cuda;
mod error;
mod load;
mod measure;
mod projection;
mod runner;
mod system;

pub use error::{without_backtrace, BenchError};
pub use load::devices_present;
pub use report::*;
pub use runner::{
    check_request, run, CANDLE_VERSION, MAX_CONCURRENCY, MAX_GEN_TOKENS, MAX_PROMPT_TOKENS,
    MAX_REPETITIONS,
};
