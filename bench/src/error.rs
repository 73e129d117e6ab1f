//! The benchmark's errors: each names the input at fault and why.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum BenchError {
    #[error("model: unknown model id `{0}` (see `breakeven bench --list`)")]
    UnknownModel(String),
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("weights: {path}: {reason}")]
    BadWeights { path: String, reason: String },
    #[error("weights: {path}: unsupported architecture `{arch}` (supported: llama, qwen2, qwen3, mistral)")]
    UnsupportedArchitecture { path: String, arch: String },
    #[error("device: {0}")]
    Device(String),
    #[error("memory: {what} needs {needed_gib:.2} GiB but the device has {available_gib:.2} GiB available")]
    OutOfMemory {
        what: String,
        needed_gib: f64,
        available_gib: f64,
    },
    #[error("cancelled")]
    Cancelled,
    #[error("candle: {0}")]
    Candle(#[from] candle_core::Error),
}

impl BenchError {
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        BenchError::Invalid {
            field,
            reason: reason.into(),
        }
    }
}
