//! What every request (and `breakeven report --db`) works with: the database, the price
//! tables already read from it, the benchmark queue and the server's configuration.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use pricing::PriceTable;
use sqlx::SqlitePool;

use crate::jobs::BenchQueue;
use crate::store::prices::{self, PriceError};
use crate::store::{benchmarks, StoreError};

/// Where `serve` looks for weights files to offer unless told otherwise.
pub const DEFAULT_MODELS_DIR: &str = ".fixtures";

/// The server's state, shared by every handler (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    /// The SQLite pool.
    pub db: SqlitePool,
    /// Price-table versions already read from the database (a stored version never changes).
    tables: Arc<Mutex<HashMap<i64, Arc<PriceTable>>>>,
    /// The benchmark job queue.
    pub benchmarks: BenchQueue,
    /// The weights files offered for benchmarks are the ones directly in this directory.
    pub models_dir: Arc<PathBuf>,
    /// The scheme and host share links in exports are written with (`serve --public-url`);
    /// when None, `http://` and the request's Host header.
    pub public_url: Option<Arc<str>>,
    /// The only endpoint hosts (`host[:port]`, lower case) benchmarks requested over HTTP may
    /// reach (`serve --bench-endpoints`); empty: none, so the server cannot be made to call
    /// arbitrary addresses.
    pub bench_endpoints: Arc<Vec<String>>,
}

impl AppState {
    /// State over an opened database, offering weights from [`DEFAULT_MODELS_DIR`]. A server
    /// starts with [`AppState::start`], which also settles what a previous process left.
    pub fn new(db: SqlitePool) -> Self {
        Self {
            benchmarks: BenchQueue::new(db.clone()),
            db,
            tables: Arc::default(),
            models_dir: Arc::new(PathBuf::from(DEFAULT_MODELS_DIR)),
            public_url: None,
            bench_endpoints: Arc::default(),
        }
    }

    /// The server's start: every benchmark a previous process left queued or running is
    /// marked failed (its worker is gone), then the state is built.
    pub async fn start(db: SqlitePool, models_dir: PathBuf) -> Result<Self, StoreError> {
        let stale = benchmarks::recover(&db).await?;
        if stale > 0 {
            tracing::warn!(
                "{stale} benchmark(s) left unfinished by a previous server marked failed"
            );
        }
        Ok(Self::new(db).with_models_dir(models_dir))
    }

    /// Offers the weights files directly inside `dir`.
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

    /// Allows endpoint benchmarks of exactly these `host[:port]` entries (spaces and case
    /// ignored, empty entries dropped).
    pub fn with_bench_endpoints(mut self, hosts: &[String]) -> Self {
        self.bench_endpoints = Arc::new(crate::endpoint_bench::allowed_hosts(hosts));
        self
    }

    /// A stored price-table version (the active one when `id` is None), cached.
    pub async fn price_table(&self, id: Option<i64>) -> Result<(i64, Arc<PriceTable>), PriceError> {
        let id = match id {
            Some(id) => id,
            None => prices::active_id(&self.db).await?,
        };
        if let Some(table) = self.tables.lock().ok().and_then(|t| t.get(&id).cloned()) {
            return Ok((id, table));
        }
        let stored = prices::load(&self.db, id).await?;
        let table = Arc::new(stored.table);
        if let Ok(mut cache) = self.tables.lock() {
            cache.insert(id, table.clone());
        }
        Ok((id, table))
    }
}
