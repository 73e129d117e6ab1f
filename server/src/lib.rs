//! Breakeven's server: the cost API and the built web app, over an embedded SQLite file.
//!
//! `app(state)` builds the whole router, so tests run the real thing on port 0.

pub mod agent_tokens;
pub mod bench_args;
mod bench_catalog;
pub mod bench_cli;
pub mod bench_commands;
pub mod bench_jobs;
mod bench_live;
mod bench_routes;
pub mod bench_store;
pub mod cli;
pub mod db;
mod error;
mod openapi;
mod openapi_schemas;
pub mod price_store;
mod query;
pub mod report_cli;
mod report_routes;
pub mod report_source;
mod routes;
pub mod scenario_store;
mod scenarios;

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

pub use bench_catalog::{devices, weights_files, WeightsFile};

/// Largest request body accepted (a scenario is a few KiB).
pub const BODY_LIMIT_BYTES: usize = 256 * 1024;

/// Where `serve` looks for weights files to offer unless told otherwise.
pub const DEFAULT_MODELS_DIR: &str = ".fixtures";

#[derive(Clone)]
pub struct AppState {
    pub db: SqlitePool,
    /// Price-table versions already read from the database (they never change).
    tables: Arc<Mutex<HashMap<i64, Arc<pricing::PriceTable>>>>,
    /// The benchmark job queue.
    pub benchmarks: bench_jobs::BenchQueue,
    /// The weights files offered for benchmarks are the ones directly in this directory.
    pub models_dir: Arc<PathBuf>,
    /// The scheme and host share links in exports are written with (`serve --public-url`);
    /// when None, `http://` and the request's Host header.
    pub public_url: Option<Arc<str>>,
}

impl AppState {
    /// State over an opened database, offering weights from [`DEFAULT_MODELS_DIR`]. A server
    /// starts with [`AppState::start`], which also settles what a previous process left.
    pub fn new(db: SqlitePool) -> Self {
        Self {
            benchmarks: bench_jobs::BenchQueue::new(db.clone()),
            db,
            tables: Arc::default(),
            models_dir: Arc::new(PathBuf::from(DEFAULT_MODELS_DIR)),
            public_url: None,
        }
    }

    /// The server's start: every benchmark a previous process left queued or running is
    /// marked failed (its worker is gone), then the state is built.
    pub async fn start(db: SqlitePool, models_dir: PathBuf) -> anyhow::Result<Self> {
        let stale = bench_store::recover(&db).await?;
        if stale > 0 {
            tracing::warn!(
                "{stale} benchmark(s) left unfinished by a previous server marked failed"
            );
        }
        Ok(Self::new(db).with_models_dir(models_dir))
    }

    pub fn with_models_dir(mut self, dir: PathBuf) -> Self {
        self.models_dir = Arc::new(dir);
        self
    }

    /// Share links in exports point at `url` ("https://breakeven.example"; a trailing `/`
    /// is dropped).
    pub fn with_public_url(mut self, url: Option<String>) -> Self {
        self.public_url = url.map(|u| Arc::from(u.trim_end_matches('/')));
        self
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
        .route(
            "/api/v1/benchmarks",
            get(bench_routes::list).post(bench_routes::submit),
        )
        .route("/api/v1/benchmarks/catalog", get(bench_catalog::catalog))
        .route(
            "/api/v1/benchmarks/results",
            post(bench_routes::agent_result),
        )
        .route("/api/v1/benchmarks/{id}", get(bench_routes::get_one))
        .route("/api/v1/benchmarks/{id}/events", get(bench_routes::events))
        .route("/api/v1/benchmarks/{id}/cancel", post(bench_routes::cancel))
        .route("/api/v1/scenarios", post(scenarios::create))
        .route(
            "/api/v1/scenarios/{id}",
            get(scenarios::get_one)
                .put(scenarios::update)
                .delete(scenarios::delete),
        )
        .route(
            "/api/v1/scenarios/{id}/revisions",
            get(scenarios::revisions),
        )
        .route("/api/v1/scenarios/{id}/fork", post(scenarios::fork))
        .route(
            "/api/v1/scenarios/{id}/report.pdf",
            get(report_routes::scenario_pdf),
        )
        .route(
            "/api/v1/scenarios/{id}/workbook.xlsx",
            get(report_routes::scenario_xlsx),
        )
        .route(
            "/api/v1/scenarios/{id}/cashflow.csv",
            get(report_routes::scenario_cashflow),
        )
        .route(
            "/api/v1/scenarios/{id}/routing.csv",
            get(report_routes::scenario_routing),
        )
        .route(
            "/api/v1/compare/report.pdf",
            get(report_routes::compare_pdf),
        )
        .route(
            "/api/v1/compare/workbook.xlsx",
            get(report_routes::compare_xlsx),
        )
        .route(
            "/api/v1/compare/cashflow.csv",
            get(report_routes::compare_cashflow),
        )
        .route(
            "/api/v1/compare/routing.csv",
            get(report_routes::compare_routing),
        )
        .route("/api/v1/openapi.json", get(openapi::document))
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
