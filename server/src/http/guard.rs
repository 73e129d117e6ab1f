//! Cross-site requests: what keeps a page on another site from acting for a user whose
//! browser can reach this server. Every request under `/api/` with a method that changes
//! something (POST, PUT, PATCH, DELETE) passes two checks before any handler sees it:
//!
//! - **Origin**: a browser sends `Origin` with every cross-origin POST; it must be this
//!   server's own (its host and port are the request's `Host`), the `--public-url`'s, or
//!   one the operator listed (`serve --allowed-origins`), else 403 naming `origin`. A
//!   request without `Origin` (curl, `breakeven bench --post`, scripts) is not a browser
//!   acting for someone and passes, unless it says `Sec-Fetch-Site: cross-site`.
//! - **Content-Type**: a request with a body must say `application/json` (parameters such as
//!   `; charset=utf-8` allowed; the plan endpoints also take `application/toml`, and
//!   `/api/v1/traffic/analyse` takes a log as it is: `text/csv`, `application/x-ndjson`,
//!   `application/jsonl`, `application/octet-stream` or `application/json`), else 415
//!   naming `content-type`. A form or a `fetch` without preflight can only send `text/plain`,
//!   `multipart/form-data` or `application/x-www-form-urlencoded`, so even a browser that
//!   sent no `Origin` cannot make a write this way. A request without a body (cancel, fork,
//!   delete) needs no Content-Type.
//!
//! The rule covers every state-changing method, `POST /api/v1/plan` (a computation, no
//! state) included: one rule is simpler to state and to test, and a foreign page has no
//! business spending this server's CPU either.

use axum::body::HttpBody;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use super::error::ApiError;
use crate::edge;
use crate::state::AppState;

/// The paths that also read TOML (`Content-Type: application/toml`).
const TOML_PATHS: [&str; 2] = ["/api/v1/plan", "/api/v1/plan/placements"];

/// The path that reads a usage log as it is: any of `api::traffic::LOG_MEDIA_TYPES`
/// (`text/csv`, `application/x-ndjson`, …), none of which a form can send.
const TRAFFIC_PATH: &str = "/api/v1/traffic/analyse";

/// Refuses a state-changing API request from a foreign origin (403) or with a body that is
/// not JSON (415); anything else goes on untouched.
pub(super) async fn cross_site(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let changes_state = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if changes_state && request.uri().path().starts_with("/api/") {
        check_origin(&state, request.headers())?;
        // The body's size as its framing says (Content-Length, or chunked: unknown); an
        // in-process request's body knows its own.
        let has_body = request.body().size_hint().upper() != Some(0);
        check_content_type(request.uri().path(), request.headers(), has_body)?;
    }
    Ok(next.run(request).await)
}

/// 403 `origin` unless the request's `Origin` is allowed, or it has none and does not say
/// it is cross-site.
fn check_origin(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let refused = |message: String| ApiError::Refused {
        status: StatusCode::FORBIDDEN,
        field: "origin".into(),
        message,
    };
    let Some(sent) = headers.get(header::ORIGIN) else {
        let cross_site = headers
            .get("sec-fetch-site")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"cross-site"));
        return match cross_site {
            true => Err(refused(
                "a cross-site request (Sec-Fetch-Site: cross-site) may not change anything here"
                    .into(),
            )),
            false => Ok(()),
        };
    };
    let shown = String::from_utf8_lossy(sent.as_bytes())
        .chars()
        .take(100)
        .collect::<String>();
    let origin = sent
        .to_str()
        .ok()
        .and_then(|o| edge::origin_of(o, false).ok());
    let allowed = origin.as_deref().is_some_and(|origin| {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
        host.is_some_and(|host| edge::is_same_origin(origin, host))
            || state
                .public_url
                .as_deref()
                .and_then(|url| edge::origin_of(url, true).ok())
                .is_some_and(|public| public == origin)
            || state.allowed_origins.iter().any(|o| o == origin)
    });
    match allowed {
        true => Ok(()),
        false => Err(refused(format!(
            "requests from `{shown}` may not change anything here: only this server's own \
             pages, its --public-url and the origins listed with `serve --allowed-origins` may"
        ))),
    }
}

/// 415 `content-type` unless a body comes as JSON (or TOML where the path reads it).
fn check_content_type(path: &str, headers: &HeaderMap, has_body: bool) -> Result<(), ApiError> {
    let refused = |message: String| ApiError::Refused {
        status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
        field: "content-type".into(),
        message,
    };
    let log_types = api::traffic::LOG_MEDIA_TYPES.join(", ");
    let wanted = match (TOML_PATHS.contains(&path), path == TRAFFIC_PATH) {
        (true, _) => "application/json (or application/toml)",
        (_, true) => log_types.as_str(),
        _ => "application/json",
    };
    let Some(sent) = headers.get(header::CONTENT_TYPE) else {
        return match has_body {
            true => Err(refused(format!(
                "a request with a body must say what it is: Content-Type: {wanted}"
            ))),
            false => Ok(()),
        };
    };
    let text = String::from_utf8_lossy(sent.as_bytes());
    let essence = text
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let accepted = match path == TRAFFIC_PATH {
        true => api::traffic::LOG_MEDIA_TYPES.contains(&essence.as_str()),
        false => {
            essence == "application/json"
                || (essence == "application/toml" && TOML_PATHS.contains(&path))
        }
    };
    match accepted {
        true => Ok(()),
        false => Err(refused(format!(
            "must be {wanted}, got `{}`",
            text.chars().take(100).collect::<String>()
        ))),
    }
}
