//! The HTTP layer: the router, what is read from a request (`extract`), the one error type
//! (`error`), and one file of handlers per feature. Every `/api/v1` route is registered
//! through `utoipa_axum`'s `routes!`, which takes the handler's `#[utoipa::path]`
//! documentation along, so the served OpenAPI document lists exactly the routes there are.
//! Around every route and the app's files: the security headers (`headers`), the request
//! timeout (`limits`) and the cross-site guard (`guard`); `serve` serves it all on a socket
//! with limits per connection.

pub(crate) mod benchmarks;
mod catalogs;
mod error;
mod evals;
mod exports;
mod extract;
mod guard;
pub(crate) mod headers;
mod job_events;
mod limits;
mod openapi;
mod plan;
mod scenarios;
mod serve;
mod traffic;

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{from_fn_with_state, map_response};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::any;
use axum::{Extension, Router};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use error::ApiError;
pub use headers::content_security_policy;
pub use serve::{
    serve, ConnectionLimits, DEFAULT_HEADER_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS,
};

use crate::state::AppState;

/// Largest request body accepted (a scenario is a few KiB).
pub const BODY_LIMIT_BYTES: usize = 256 * 1024;

/// Largest usage log `POST /api/v1/traffic/analyse` reads (its body is streamed, never held
/// whole; `AppState::with_traffic_body_limit` changes it).
pub const TRAFFIC_BODY_LIMIT_BYTES: u64 = 256 * 1024 * 1024;

/// The router: `/api/v1/*` (with its OpenAPI document at `/api/v1/openapi.json`), then the
/// built app from `dist_dir` (unknown paths get its `index.html`, so client-side routes
/// work). Every response carries the security headers; state-changing API requests pass
/// the cross-site guard; every request is held to the state's request timeout.
pub fn app(state: AppState, dist_dir: Option<PathBuf>) -> Router {
    let dist_dir = dist_dir.filter(|d| d.join("index.html").is_file());
    let security = headers::SecurityHeaders::for_app(dist_dir.as_deref());
    let request_timeout = state.request_timeout;
    let guarded = state.clone();
    let (api, document) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(plan::plan))
        .routes(routes!(plan::placements))
        .routes(routes!(catalogs::health))
        .routes(routes!(catalogs::llm_prices))
        .routes(routes!(catalogs::llm_price_versions))
        .routes(routes!(catalogs::gpu_prices))
        .routes(routes!(catalogs::profiles, catalogs::save_profile))
        .routes(routes!(benchmarks::list, benchmarks::submit))
        .routes(routes!(benchmarks::catalog))
        .routes(routes!(benchmarks::agent_result))
        .routes(routes!(benchmarks::get_one))
        .routes(routes!(benchmarks::events))
        .routes(routes!(benchmarks::cancel))
        .merge(
            // An inline sample rides in the body: this path reads up to 16 MiB.
            OpenApiRouter::new()
                .routes(routes!(evals::list, evals::submit))
                .layer(DefaultBodyLimit::max(api::quality::EVAL_BODY_LIMIT_BYTES)),
        )
        .routes(routes!(evals::get_one))
        .routes(routes!(evals::events))
        .routes(routes!(evals::cancel))
        .routes(routes!(scenarios::create))
        .routes(routes!(
            scenarios::get_one,
            scenarios::update,
            scenarios::delete
        ))
        .routes(routes!(scenarios::revisions))
        .routes(routes!(scenarios::fork))
        .routes(routes!(exports::one::scenario_pdf))
        .routes(routes!(exports::one::scenario_xlsx))
        .routes(routes!(exports::one::scenario_cashflow))
        .routes(routes!(exports::one::scenario_routing))
        .routes(routes!(exports::one::scenario_schedule))
        .routes(routes!(exports::one::scenario_breakdown))
        .routes(routes!(exports::compare::compare_pdf))
        .routes(routes!(exports::compare::compare_xlsx))
        .routes(routes!(exports::compare::compare_cashflow))
        .routes(routes!(exports::compare::compare_routing))
        .routes(routes!(exports::compare::compare_schedule))
        .routes(routes!(exports::compare::compare_breakdown))
        .routes(routes!(traffic::analyse))
        .routes(routes!(openapi::document))
        .split_for_parts();
    let router = api
        .layer(Extension(Arc::new(document)))
        // Not an operation: what every other `/api/…` path answers.
        .route("/api/{*rest}", any(api_not_found))
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(TraceLayer::new_for_http())
        .with_state(state);
    let router = match dist_dir {
        Some(dir) => {
            // The build writes `.br` and `.gz` copies of the app's files beside them
            // (scripts/compress-dist.sh, Trunk's post-build hook): a browser that accepts
            // them gets the compressed bytes, anything else the file itself. Compressed
            // once at build time at the highest level, never per request; the integrity
            // hashes Trunk writes into index.html are of the decoded file, so they hold.
            let index = ServeFile::new(dir.join("index.html"))
                .precompressed_br()
                .precompressed_gzip();
            let files = ServeDir::new(dir)
                .precompressed_br()
                .precompressed_gzip()
                .fallback(index);
            // The same address answers different bytes by Accept-Encoding: say so to caches.
            let files = Router::new()
                .fallback_service(files)
                .layer(map_response(vary_accept_encoding));
            router.fallback_service(files)
        }
        None => router.fallback(app_not_built),
    };
    // Added after the fallback, so they wrap the app's files too; the last added is the
    // outermost, so a refusal and a timeout carry the headers.
    router
        .layer(from_fn_with_state(guarded, guard::cross_site))
        .layer(from_fn_with_state(request_timeout, limits::request_timeout))
        .layer(from_fn_with_state(security, headers::add))
}

/// A path under `/api/` that no route has: 404 in the API's error shape, never the app.
async fn api_not_found() -> ApiError {
    ApiError::not_found("", "no such API route")
}

/// Marks an app file's answer as chosen by the request's Accept-Encoding.
async fn vary_accept_encoding(mut response: Response) -> Response {
    response
        .headers_mut()
        .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// Served at every non-API path when the web app has not been built.
async fn app_not_built() -> impl IntoResponse {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Html(
            "<!doctype html><title>Breakeven</title><h1>The web app is not built</h1>\
             <p>Run <code>make run</code> (it builds the app with Trunk), or pass \
             <code>--dist</code> pointing at a built <code>dist/</code>. The API at \
             <code>/api/v1/plan</code> works without it.</p>",
        ),
    )
}
