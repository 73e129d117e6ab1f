//! The one error type of the HTTP API, and the one place where the store's and the
//! domain's errors become HTTP answers. Its body is always [`api::ErrorBody`]
//! (`{"error": {field, message}, "errors": [...]}`); an internal cause is logged, never
//! sent.

use api::ErrorBody;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use bench::BenchError;
use tco::FieldError;

use crate::edge::AtCapacity;
use crate::endpoint_bench::EndpointError;
use crate::exports::LoadError;
use crate::jobs::QueueError;
use crate::store::prices::PriceError;
use crate::store::scenarios::ScenarioError;
use crate::store::StoreError;

/// A refused or failed request.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The input is invalid: 422 with every problem.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// The request body could not be read: 400 (not UTF-8) or 413 (too large).
    #[error("bad request body: {message}")]
    Body {
        /// 400 or 413.
        status: StatusCode,
        /// What was wrong with it.
        message: String,
    },
    /// A query value is unusable (or a key unknown) where a route answers 400 for it
    /// (`/api/v1/traffic/analyse`: `format`, `tz`, `mapping`): every problem, by key.
    #[error("bad query")]
    Query(Vec<FieldError>),
    /// A named thing (scenario, revision, price table, benchmark) does not exist: 404.
    #[error("not found")]
    NotFound(FieldError),
    /// The request conflicts with the thing's state (cancelling a finished benchmark): 409.
    #[error("conflict")]
    Conflict(FieldError),
    /// A missing or wrong edit token for a scenario: 403, field `authorization`.
    #[error("forbidden")]
    Forbidden(String),
    /// A missing, unknown or revoked agent token: 401, field `authorization`.
    #[error("unauthorized")]
    Unauthorized(String),
    /// The server is at a limit it sets itself (the benchmark queue is full, too many
    /// expensive requests at once): 429 or 503 with `Retry-After`, field names what is full.
    #[error("busy: {message}")]
    Busy {
        /// 429 (this client asked too much) or 503 (the server is at capacity).
        status: StatusCode,
        /// Seconds the client should wait before trying again (`Retry-After`).
        retry_after_s: u64,
        /// The field or resource that is at its limit ("" for the server as a whole).
        field: String,
        /// What is full and what to do, for people.
        message: String,
    },
    /// Refused at the edge before any handler (`http::guard`): a foreign `Origin` (403,
    /// field `origin`), a body that is not JSON (415, field `content-type`).
    #[error("refused: {message}")]
    Refused {
        /// 403 or 415.
        status: StatusCode,
        /// The header at fault.
        field: String,
        /// Why, for people.
        message: String,
    },
    /// The server failed: 500 with a generic message; the cause goes to the log.
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    /// 422 naming one field.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::Invalid(vec![FieldError::new(field, message)])
    }

    /// 404 naming the field that named the missing thing.
    pub fn not_found(field: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::NotFound(FieldError::new(field, message))
    }

    /// 422 for the engine's problems with a scenario that sits under `scenario` in the
    /// request (the engine's field paths are relative to the scenario).
    pub fn in_scenario(errors: Vec<FieldError>) -> Self {
        let under = |e: FieldError| {
            let field = if e.field.is_empty() {
                "scenario".to_string()
            } else {
                format!("scenario.{}", e.field)
            };
            FieldError::new(field, e.message)
        };
        ApiError::Invalid(errors.into_iter().map(under).collect())
    }

    /// 500 for a failure the request did not cause.
    pub fn internal(cause: impl std::error::Error + Send + Sync + 'static) -> Self {
        ApiError::Internal(anyhow::Error::new(cause))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, errors) = match self {
            ApiError::Invalid(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
            ApiError::Body { status, message } => (status, vec![FieldError::new("", message)]),
            ApiError::Query(errors) => (StatusCode::BAD_REQUEST, errors),
            ApiError::NotFound(e) => (StatusCode::NOT_FOUND, vec![e]),
            ApiError::Conflict(e) => (StatusCode::CONFLICT, vec![e]),
            ApiError::Forbidden(message) => (
                StatusCode::FORBIDDEN,
                vec![FieldError::new("authorization", message)],
            ),
            ApiError::Unauthorized(message) => {
                let body = ErrorBody::new(vec![FieldError::new("authorization", message)]);
                let challenge = [(header::WWW_AUTHENTICATE, "Bearer")];
                return (StatusCode::UNAUTHORIZED, challenge, Json(body)).into_response();
            }
            ApiError::Busy {
                status,
                retry_after_s,
                field,
                message,
            } => {
                let body = ErrorBody::new(vec![FieldError::new(field, message)]);
                let retry = [(header::RETRY_AFTER, retry_after_s.to_string())];
                return (status, retry, Json(body)).into_response();
            }
            ApiError::Refused {
                status,
                field,
                message,
            } => (status, vec![FieldError::new(field, message)]),
            ApiError::Internal(cause) => {
                tracing::error!(error = ?cause, "internal error");
                let message = "internal error; the server log has the details";
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    vec![FieldError::new("", message)],
                )
            }
        };
        (status, Json(ErrorBody::new(errors))).into_response()
    }
}

/// The database or a stored row failed: never the caller's fault.
impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::internal(e)
    }
}

/// A version the request names is its 404; a rejected file its 422; a stored version that
/// does not read back (stored before prices were bounded, or altered since) is a 422 naming
/// `price_table`, never a 500: the request can name another version; activating a flagged
/// version without consent is a 409; the rest is ours.
impl From<PriceError> for ApiError {
    fn from(e: PriceError) -> Self {
        match e {
            PriceError::NotFound(_) => ApiError::not_found("price_table", e.to_string()),
            PriceError::Invalid(message) => ApiError::invalid("", message),
            PriceError::Unreadable { .. } => ApiError::invalid("price_table", e.to_string()),
            PriceError::Flagged(_) => {
                ApiError::Conflict(FieldError::new("price_table", e.to_string()))
            }
            PriceError::Store(e) => e.into(),
        }
    }
}

/// The id and revision are the request's (`id`, `revision`); a wrong token is 403.
impl From<ScenarioError> for ApiError {
    fn from(e: ScenarioError) -> Self {
        match e {
            ScenarioError::NotFound => ApiError::not_found("id", e.to_string()),
            ScenarioError::NoSuchRevision => ApiError::not_found("revision", e.to_string()),
            ScenarioError::WrongToken => ApiError::Forbidden(e.to_string()),
            ScenarioError::Store(e) => e.into(),
        }
    }
}

impl From<LoadError> for ApiError {
    fn from(e: LoadError) -> Self {
        match e {
            LoadError::Scenario(e) => e.into(),
            LoadError::Prices(e) => e.into(),
            LoadError::Store(e) => e.into(),
        }
    }
}

/// Every slot for expensive work stayed busy: 503, the server as a whole is at capacity.
impl From<AtCapacity> for ApiError {
    fn from(e: AtCapacity) -> Self {
        ApiError::Busy {
            status: StatusCode::SERVICE_UNAVAILABLE,
            retry_after_s: e.wait.as_secs().clamp(1, 60),
            field: String::new(),
            message: e.to_string(),
        }
    }
}

/// A full lane is 429 with `Retry-After`, naming what is full (`device` or `endpoint`); the
/// rest is ours.
impl From<QueueError> for ApiError {
    fn from(e: QueueError) -> Self {
        match &e {
            QueueError::Full { lane, .. } => ApiError::Busy {
                status: StatusCode::TOO_MANY_REQUESTS,
                retry_after_s: crate::jobs::QUEUE_RETRY_AFTER_S,
                field: match lane {
                    crate::jobs::Lane::Device(_) => "device".to_string(),
                    crate::jobs::Lane::Endpoint => "endpoint".to_string(),
                },
                message: e.to_string(),
            },
            _ => ApiError::internal(e),
        }
    }
}

/// A blocking task (the engine, a renderer, a request check) panicked or was cancelled.
impl From<tokio::task::JoinError> for ApiError {
    fn from(e: tokio::task::JoinError) -> Self {
        ApiError::internal(e)
    }
}

/// A benchmark request the `bench` crate refused: 422 naming the field, or ours when the
/// refusal is not about the request (candle failed).
pub fn bench_refusal(e: BenchError) -> ApiError {
    let field = match &e {
        BenchError::UnknownModel(id) => FieldError::new(
            "model",
            format!("unknown model id `{id}` (GET /api/v1/benchmarks/catalog lists them)"),
        ),
        BenchError::Invalid { field, reason } => FieldError::new(*field, reason.clone()),
        BenchError::BadWeights { path, reason } => {
            FieldError::new("weights.path", format!("{path}: {reason}"))
        }
        BenchError::UnsupportedArchitecture { .. } => {
            let message = e.to_string();
            let message = message.strip_prefix("weights: ").unwrap_or(&message);
            FieldError::new("weights.path", message)
        }
        BenchError::Device(reason) => FieldError::new("device", reason.clone()),
        BenchError::OutOfMemory { .. } => {
            let message = e.to_string();
            let message = message.strip_prefix("memory: ").unwrap_or(&message);
            FieldError::new("device", message)
        }
        BenchError::Cancelled | BenchError::Candle(_) | BenchError::NothingMeasured(_) => {
            return ApiError::internal(e)
        }
    };
    ApiError::Invalid(vec![field])
}

/// An endpoint benchmark request refused before it was queued: 422 naming the field (the
/// checks make no request, so any other error is ours).
pub fn endpoint_refusal(e: EndpointError) -> ApiError {
    match e {
        EndpointError::Invalid { field, reason } => ApiError::invalid(field, reason),
        other => ApiError::internal(other),
    }
}

/// The descriptions the OpenAPI document gives each error status, said once.
pub mod described {
    /// 400 and 413.
    pub const BAD_BODY: &str = "The body could not be read: not UTF-8 (400) or over 256 KiB (413)";
    /// 422.
    pub const INVALID: &str = "Invalid input; every problem is listed with its field path";
    /// 403.
    pub const FORBIDDEN: &str =
        "Missing or wrong edit token (field `authorization`), or a browser request from a foreign `Origin` (field `origin`); nothing was changed";
    /// 401.
    pub const UNAUTHORIZED: &str =
        "Missing, unknown or revoked agent token (field `authorization`)";
    /// 429 and 503.
    pub const BUSY: &str =
        "A limit of this server was reached (429: the queue or this client's share; 503: the server as a whole); `Retry-After` says when to try again";
    /// 403 from the cross-site guard.
    pub const FOREIGN_ORIGIN: &str =
        "A browser request from a foreign `Origin` (field `origin`; allowed: this server's own, `--public-url`, `serve --allowed-origins`); nothing was changed";
    /// 415 from the cross-site guard.
    pub const NOT_JSON: &str =
        "A body without `Content-Type: application/json` (field `content-type`); nothing was changed";
    /// 503 when every slot for expensive work is busy, or the request timed out.
    pub const AT_CAPACITY: &str =
        "The server is at capacity: every slot for expensive work (`serve --max-expensive`) stayed busy, or the request took longer than `serve --request-timeout-s`; `Retry-After` says when to try again";
    /// 500.
    pub const INTERNAL: &str = "The server failed (the log has the cause; the body never does)";
}
