//! The benchmark's errors: each names the input at fault and why.

use thiserror::Error;

/// Why a benchmark was refused or failed. The message starts with the field or the thing at
/// fault (`model:`, `weights: PATH:`, `memory:`), so the server can answer it as it is.
#[derive(Debug, Error)]
pub enum BenchError {
    /// The model id is not in the catalog.
    #[error("model: unknown model id `{0}` (see `breakeven bench --list`)")]
    UnknownModel(String),
    /// A request field out of its range or inconsistent with another.
    #[error("{field}: {reason}")]
    Invalid {
        /// The request's field, as the JSON names it (`prompt_tokens`, `slo.ttft_ms`).
        field: &'static str,
        /// What is wrong with it and what would be accepted.
        reason: String,
    },
    /// A weights file or directory that cannot be read as a model.
    #[error("weights: {path}: {reason}")]
    BadWeights {
        /// The file or directory as the request gave it.
        path: String,
        /// What is missing or malformed in it.
        reason: String,
    },
    /// A GGUF or `config.json` of an architecture the lean decoder does not implement.
    #[error("weights: {path}: unsupported architecture `{arch}` (supported: llama, qwen2, qwen3, mistral)")]
    UnsupportedArchitecture {
        /// The file or directory as the request gave it.
        path: String,
        /// The architecture the file declares (`general.architecture`, `model_type`).
        arch: String,
    },
    /// The device is not there (no CUDA device, or a build without the `cuda` feature).
    #[error("device: {0}")]
    Device(String),
    /// The weights or the KV cache would not fit in the memory available; checked before
    /// anything big is allocated.
    #[error("memory: {what} needs {needed_gib:.2} GiB but the device has {available_gib:.2} GiB available")]
    OutOfMemory {
        /// What was to be allocated ("smollm2-1.7b in f32").
        what: String,
        /// GiB it needs.
        needed_gib: f64,
        /// GiB the device (or the request's `max_memory_bytes`) leaves for it.
        available_gib: f64,
    },
    /// The run ended without measuring any concurrency (its first one was abandoned or did
    /// not fit): no result, so nothing is stored as done and the command exits non-zero.
    #[error("nothing measured: {0}")]
    NothingMeasured(String),
    /// The run was cancelled through its cancel flag.
    #[error("cancelled")]
    Cancelled,
    /// candle failed while loading or running the model.
    #[error("candle: {0}")]
    Candle(#[from] candle_core::Error),
}

impl BenchError {
    /// An [`BenchError::Invalid`] for `field`.
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        BenchError::Invalid {
            field,
            reason: reason.into(),
        }
    }
}

/// candle's error without the backtrace it appends when `RUST_BACKTRACE` is set: "no CUDA
/// device" is a message for the user (a host without the driver, a wrong index), not a crash
/// report.
pub fn without_backtrace(error: candle_core::Error) -> candle_core::Error {
    match error {
        candle_core::Error::WithBacktrace { inner, .. } => without_backtrace(*inner),
        other => other,
    }
}
