//! Breakeven's server: the cost API and the built web app, over an embedded SQLite file.
//!
//! `app(state)` builds the whole router, so tests run the real thing on port 0.

pub mod cli;
pub mod db;
mod error;
mod routes;

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{any, get, post};
use axum::Router;
use sqlx::SqlitePool;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;

pub use error::ApiError;

/// Largest request body accepted (a scenario is a few KiB).
pub const BODY_LIMIT_BYTES: usize = 256 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub db: SqlitePool,
    pub prices: Arc<pricing::PriceTable>,
}

/// The router: `/api/v1/*`, then the built app from `dist_dir` (unknown paths get its
/// `index.html`, so client-side routes work).
pub fn app(state: AppState, dist_dir: Option<PathBuf>) -> Router {
    let router = Router::new()
        .route("/api/v1/plan", post(routes::plan))
        .route("/api/v1/health", get(routes::health))
        .route("/api/{*rest}", any(routes::api_not_found))
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(TraceLayer::new_for_http())
        .with_state(state);
    match dist_dir.filter(|d| d.join("index.html").is_file()) {
        Some(dir) => {
            let index = dir.join("index.html");
            router.fallback_service(ServeDir::new(dir).fallback(ServeFile::new(index)))
        }
        None => router.fallback(routes::app_not_built),
    }
}
