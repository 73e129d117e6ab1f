//! The request timeout: a request not answered within `AppState::request_timeout` (`serve
//! --request-timeout-s`) gets 503 with `Retry-After`, so a slow upload or a computation
//! that runs away holds neither a connection nor a client forever. It bounds the time to
//! the response's head: a stream that follows (benchmark events) is not cut. The slots for
//! expensive work are `crate::edge::ExpensiveSlots`, taken by the handlers that compute.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;

/// Answers 503 when the inner service takes longer than `limit`.
pub(super) async fn request_timeout(
    State(limit): State<Duration>,
    request: Request,
    next: Next,
) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::Busy {
            status: StatusCode::SERVICE_UNAVAILABLE,
            retry_after_s: 5,
            field: String::new(),
            message: format!(
                "the request was not answered within {} s (serve --request-timeout-s)",
                limit.as_secs_f64()
            ),
        }
        .into_response(),
    }
}
