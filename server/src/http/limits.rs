//! The request timeout: a request not answered within `AppState::request_timeout` (`serve
//! --request-timeout-s`) gets 503 with `Retry-After`, so a slow upload or a computation
//! that runs away holds neither a connection nor a client forever. It bounds the time to
//! the response's head: a stream that follows (benchmark events) is not cut. Work that
//! computes (plans, placements, scenario views, exports) runs through [`expensive`], in one
//! of `crate::edge::ExpensiveSlots`.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use crate::state::AppState;

/// Runs CPU-bound `work` off the async workers, in one of the server's slots for expensive
/// work (503 with `Retry-After` when none frees up in time), held until the work really ends
/// even if the request timed out first.
pub(super) async fn expensive<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    let slot = state.expensive.acquire().await?;
    let done = tokio::task::spawn_blocking(move || {
        let _slot = slot;
        work()
    })
    .await?;
    Ok(done)
}

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
