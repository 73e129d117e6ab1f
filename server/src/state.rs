//! What every request (and `breakeven report --db`) works with: the database, the price
//! tables already read from it, the benchmark queue and the server's configuration.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use pricing::litellm::ImportIssue;
use pricing::PriceTable;
use tokio::sync::OnceCell;

use crate::edge::{self, ExpensiveSlots};
use crate::jobs::BenchQueue;
use crate::store::prices::{self, PriceError};
use crate::store::{benchmarks, evals, Db, StoreError};

/// Where `serve` looks for weights files to offer unless told otherwise.
pub const DEFAULT_MODELS_DIR: &str = ".fixtures";

/// A stored price-table version as the server keeps it after reading it once.
#[derive(Clone)]
pub struct CachedTable {
    /// The rows and their source.
    pub table: Arc<PriceTable>,
    /// What the import left out or flagged.
    pub issues: Arc<Vec<ImportIssue>>,
}

/// The server's state, shared by every handler (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    /// The database: the SQLite file or the PostgreSQL shared with other instances.
    pub db: Db,
    /// Price-table versions already read from the database, with their import's issues (a
    /// stored version never changes). One cell per version, so requests arriving together
    /// for a version not yet read wait for one read rather than each parsing the body.
    tables: Arc<Mutex<HashMap<i64, Arc<OnceCell<CachedTable>>>>>,
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
    /// Origins (`scheme://host[:port]`, as `edge::origin_of` gives them) allowed to make
    /// state-changing requests besides the server's own and `public_url`'s (`serve
    /// --allowed-origins`).
    pub allowed_origins: Arc<Vec<String>>,
    /// The slots plans, placements and exports compute in (`serve --max-expensive`).
    pub expensive: ExpensiveSlots,
    /// How long a request may take to its response's head (`serve --request-timeout-s`).
    pub request_timeout: Duration,
    /// The largest usage log `POST /api/v1/traffic/analyse` reads, bytes.
    pub traffic_body_limit: u64,
    /// sha256 of the token starting or cancelling a benchmark over HTTP needs (`serve
    /// --bench-token-env`); None: anyone who reaches the server may.
    pub bench_token_sha256: Option<Arc<[u8; 32]>>,
}

impl AppState {
    /// State over an opened database, offering weights from [`DEFAULT_MODELS_DIR`]. A server
    /// starts with [`AppState::start`], which also settles what a previous process left.
    pub fn new(db: Db) -> Self {
        Self {
            benchmarks: BenchQueue::new(db.clone()),
            db,
            tables: Arc::default(),
            models_dir: Arc::new(PathBuf::from(DEFAULT_MODELS_DIR)),
            public_url: None,
            bench_endpoints: Arc::default(),
            allowed_origins: Arc::default(),
            expensive: ExpensiveSlots::default(),
            request_timeout: edge::DEFAULT_REQUEST_TIMEOUT,
            bench_token_sha256: None,
            traffic_body_limit: crate::http::TRAFFIC_BODY_LIMIT_BYTES,
        }
    }

    /// The server's start: every benchmark and eval a previous process left queued or
    /// running is marked failed (its worker is gone; on PostgreSQL, only those whose
    /// holder's lease expired), then the state is built.
    pub async fn start(db: Db, models_dir: PathBuf) -> Result<Self, StoreError> {
        Self::start_sharing(db, models_dir, crate::jobs::DEFAULT_JOB_LEASE, None).await
    }

    /// [`AppState::start`] with jobs held `lease` at a time without renewal (`serve
    /// --job-lease-s`), claiming the shared benchmarks of `claims` (`serve --job-devices`;
    /// None: every device this server has). On PostgreSQL the job sharing starts here (its
    /// claimers use `models_dir`).
    pub async fn start_sharing(
        db: Db,
        models_dir: PathBuf,
        lease: Duration,
        claims: Option<Vec<api::bench::Device>>,
    ) -> Result<Self, StoreError> {
        let stale = benchmarks::recover(&db).await?;
        if stale > 0 {
            tracing::warn!(
                "{stale} benchmark(s) left unfinished by a previous server marked failed"
            );
        }
        let stale = evals::recover(&db).await?;
        if stale > 0 {
            tracing::warn!("{stale} eval(s) left unfinished by a previous server marked failed");
        }
        let mut state = Self::new(db).with_models_dir(models_dir);
        state.benchmarks = state.benchmarks.with_job_sharing(lease, claims);
        if let Db::Postgres(pool) = &state.db {
            state.benchmarks.start_shared(pool.clone()).await;
        }
        Ok(state)
    }

    /// Offers the weights files directly inside `dir`.
    pub fn with_models_dir(mut self, dir: PathBuf) -> Self {
        self.models_dir = Arc::new(dir);
        self.benchmarks = self.benchmarks.with_models_dir(self.models_dir.clone());
        self
    }

    /// At most `waiting` benchmarks wait per device (and for endpoints) besides the one
    /// running (`serve --bench-queue`).
    pub fn with_bench_queue(mut self, waiting: usize) -> Self {
        self.benchmarks = self.benchmarks.with_waiting(waiting);
        self
    }

    /// Starting or cancelling a benchmark over HTTP needs `Authorization: Bearer <token>`
    /// (None: no token is asked for). Only the token's sha256 is kept.
    pub fn with_bench_token(mut self, token: Option<&str>) -> Self {
        use sha2::Digest;
        self.bench_token_sha256 =
            token.map(|t| Arc::new(sha2::Sha256::digest(t.trim().as_bytes()).into()));
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

    /// Allows state-changing requests from these origins too (`https://host[:port]`); an
    /// entry that is not an http(s) origin is an error naming it.
    pub fn with_allowed_origins(mut self, origins: &[String]) -> Result<Self, String> {
        let parsed = origins
            .iter()
            .filter(|o| !o.trim().is_empty())
            .map(|o| edge::origin_of(o, false))
            .collect::<Result<Vec<_>, _>>()?;
        self.allowed_origins = Arc::new(parsed);
        Ok(self)
    }

    /// At most `slots` plans, placements and exports compute at once; one more waits up to
    /// `wait` for a slot, then is refused with 503 and `Retry-After`.
    pub fn with_expensive_slots(mut self, slots: usize, wait: Duration) -> Self {
        self.expensive = ExpensiveSlots::new(slots, wait);
        self
    }

    /// A request not answered within `timeout` gets 503 (its CPU work still holds its slot
    /// until it ends).
    pub fn with_request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// `POST /api/v1/traffic/analyse` reads logs of at most `bytes` (413 past it).
    pub fn with_traffic_body_limit(mut self, bytes: u64) -> Self {
        self.traffic_body_limit = bytes;
        self
    }

    /// A stored price-table version (the active one when `id` is None), cached.
    pub async fn price_table(&self, id: Option<i64>) -> Result<(i64, Arc<PriceTable>), PriceError> {
        let (id, cached) = self.cached_table(id).await?;
        Ok((id, cached.table))
    }

    /// A stored price-table version (the active one when `id` is None) with what its import
    /// left out or flagged, cached: a listing pages through these without reading the
    /// stored body again.
    pub async fn cached_table(&self, id: Option<i64>) -> Result<(i64, CachedTable), PriceError> {
        let id = match id {
            Some(id) => id,
            None => prices::active_id(&self.db).await?,
        };
        let cell = match self.tables.lock() {
            Ok(mut cells) => cells.entry(id).or_default().clone(),
            // A panic while the map was held: read without the cache.
            Err(_) => Arc::default(),
        };
        let read = cell
            .get_or_try_init(|| async {
                let stored = prices::load(&self.db, id).await?;
                Ok::<_, PriceError>(CachedTable {
                    table: Arc::new(stored.table),
                    issues: Arc::new(stored.issues),
                })
            })
            .await;
        match read {
            Ok(cached) => Ok((id, cached.clone())),
            Err(e) => {
                // No cell is kept for an id that named nothing (the map would grow with
                // every id a client tries).
                if let Ok(mut cells) = self.tables.lock() {
                    if cells.get(&id).is_some_and(|c| c.get().is_none()) {
                        cells.remove(&id);
                    }
                }
                Err(e)
            }
        }
    }
}
