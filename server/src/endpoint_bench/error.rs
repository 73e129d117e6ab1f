//! Why an endpoint benchmark was refused or failed. Every message names the field or the
//! endpoint at fault and never carries the API key (the server's own words are searched for
//! it and redacted before they are kept).

use thiserror::Error;

/// An endpoint benchmark's error.
#[derive(Debug, Error)]
pub enum EndpointError {
    /// A request field out of its range or inconsistent with another.
    #[error("{field}: {reason}")]
    Invalid {
        /// The request's field, as the JSON names it (`endpoint.url`, `prompt_tokens`).
        field: &'static str,
        /// What is wrong and what would be accepted.
        reason: String,
    },
    /// No HTTP answer: refused connection, unknown host, reset.
    #[error("endpoint: cannot reach {url}: {reason}")]
    Unreachable {
        /// The URL called (without credentials).
        url: String,
        /// The transport's reason, innermost cause last.
        reason: String,
    },
    /// The server answered with an error status.
    #[error("endpoint: {url} answered HTTP {status}: {message}")]
    Http {
        /// The URL called.
        url: String,
        /// The HTTP status code.
        status: u16,
        /// The server's message (its `error.message`, or the start of its body).
        message: String,
    },
    /// A 200 answer that is not a Server-Sent Events stream.
    #[error(
        "endpoint: {url} did not stream: it answered `{content_type}` instead of \
         `text/event-stream` to a request with \"stream\": true (the benchmark times \
         streamed tokens, so it needs a streaming server)"
    )]
    NotStreaming {
        /// The URL called.
        url: String,
        /// The Content-Type it answered with.
        content_type: String,
    },
    /// A request took longer than the per-request timeout.
    #[error(
        "endpoint: {url}: a request took over {seconds} s (the per-request timeout; \
         `--timeout-s` sets it) {during}"
    )]
    Timeout {
        /// The URL called.
        url: String,
        /// The timeout, seconds.
        seconds: f64,
        /// How far it had got ("before the answer's headers", "after 12 tokens").
        during: String,
    },
    /// The stream broke off, or carried something that is not the OpenAI format.
    #[error("endpoint: {url} sent a stream the benchmark cannot read: {reason}")]
    BadStream {
        /// The URL called.
        url: String,
        /// What was wrong with it.
        reason: String,
    },
    /// The `--tokenizer` file cannot be read or used.
    #[error("tokenizer: {path}: {reason}")]
    Tokenizer {
        /// The file as given.
        path: String,
        /// Why it cannot be used.
        reason: String,
    },
    /// The run was cancelled through its cancel flag.
    #[error("cancelled")]
    Cancelled,
}

impl EndpointError {
    /// An [`EndpointError::Invalid`] for `field`.
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        EndpointError::Invalid {
            field,
            reason: reason.into(),
        }
    }
}
