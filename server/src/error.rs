//! The one error type of the HTTP API. Its body is always
//! `{"error": {"field", "message"}, "errors": [...]}`; internal causes are logged, never sent.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use tco::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The scenario (or other input) is invalid: 422 with every problem.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// The request body could not be read (too large, not UTF-8).
    #[error("bad request body: {message}")]
    Body { status: StatusCode, message: String },
    /// A named thing (price table version, profile) does not exist: 404.
    #[error("not found")]
    NotFound(FieldError),
    /// The request conflicts with the thing's state (cancelling a finished benchmark): 409.
    #[error("conflict")]
    Conflict(FieldError),
    /// A missing or wrong edit token for a scenario: 403, field `authorization`.
    #[error("forbidden")]
    Forbidden(String),
    /// A missing, unknown or revoked agent token: 401.
    #[error("unauthorized")]
    Unauthorized(String),
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, errors) = match self {
            ApiError::Invalid(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
            ApiError::Body { status, message } => (status, vec![FieldError::new("", message)]),
            ApiError::NotFound(e) => (StatusCode::NOT_FOUND, vec![e]),
            ApiError::Conflict(e) => (StatusCode::CONFLICT, vec![e]),
            ApiError::Forbidden(message) => (
                StatusCode::FORBIDDEN,
                vec![FieldError::new("authorization", message)],
            ),
            ApiError::Unauthorized(message) => {
                let body = json!({ "error": FieldError::new("authorization", &message),
                                   "errors": [FieldError::new("authorization", message)] });
                return (
                    StatusCode::UNAUTHORIZED,
                    [(header::WWW_AUTHENTICATE, "Bearer")],
                    Json(body),
                )
                    .into_response();
            }
            ApiError::Internal(cause) => {
                tracing::error!(error = ?cause, "internal error");
                let message = "internal error; the server log has the details";
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    vec![FieldError::new("", message)],
                )
            }
        };
        let first = errors
            .first()
            .cloned()
            .unwrap_or_else(|| FieldError::new("", "unknown error"));
        (status, Json(json!({ "error": first, "errors": errors }))).into_response()
    }
}

/// A missing version is the caller's 404 and a rejected file its 422; the rest is ours.
impl From<crate::price_store::StoreError> for ApiError {
    fn from(e: crate::price_store::StoreError) -> Self {
        use crate::price_store::StoreError;
        match e {
            StoreError::NotFound(_) => {
                ApiError::NotFound(FieldError::new("price_table", e.to_string()))
            }
            StoreError::Invalid(message) => ApiError::Invalid(vec![FieldError::new("", message)]),
            StoreError::Db(cause) => ApiError::Internal(cause),
        }
    }
}
