//! Breakeven's server: the cost API and the built web app, over an embedded SQLite file.
//!
//! `app(state)` builds the whole router, so tests run the real thing on port 0.

pub mod cli;
pub mod db;
mod error;
pub mod price_store;
mod routes;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

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
    /// Price-table versions already read from the database (they never change).
    tables: Arc<Mutex<HashMap<i64, Arc<pricing::PriceTable>>>>,
}

impl AppState {
    pub fn new(db: SqlitePool) -> Self {
        Self {
            db,
            tables: Arc::default(),
        }
    }

    /// A stored price-table version (the active one when `id` is None), cached.
    pub async fn price_table(
        &self,
        id: Option<i64>,
    ) -> Result<(i64, Arc<pricing::PriceTable>), ApiError> {
        let id = match id {
            Some(id) => id,
            None => price_store::active_id(&self.db).await?,
        };
        if let Some(table) = self.tables.lock().ok().and_then(|t| t.get(&id).cloned()) {
            return Ok((id, table));
        }
        let stored = price_store::load(&self.db, id).await?;
        let table = Arc::new(stored.table);
        if let Ok(mut cache) = self.tables.lock() {
            cache.insert(id, table.clone());
        }
        Ok((id, table))
    }
}

/// The router: `/api/v1/*`, then the built app from `dist_dir` (unknown paths get its
/// `index.html`, so client-side routes work).
pub fn app(state: AppState, dist_dir: Option<PathBuf>) -> Router {
    let router = Router::new()
        .route("/api/v1/plan", post(routes::plan))
        .route("/api/v1/health", get(routes::health))
        .route("/api/v1/pricing/llm", get(routes::llm_prices))
        .route(
            "/api/v1/pricing/llm/versions",
            get(routes::llm_price_versions),
        )
        .route("/api/v1/pricing/gpus", get(routes::gpu_prices))
        .route(
            "/api/v1/profiles",
            get(routes::profiles).post(routes::save_profile),
        )
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
