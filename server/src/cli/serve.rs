//! `breakeven serve`: the web app and the API over one SQLite file (or a PostgreSQL
//! database shared with other instances), until Ctrl-C.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::Args;

use super::io::runtime;
use crate::edge;
use crate::http::ConnectionLimits;
use crate::state::{AppState, DEFAULT_MODELS_DIR};
use crate::store;

/// `breakeven serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The database: a SQLite file (created if missing), or `postgres://USER@HOST/DB` for a
    /// PostgreSQL database that several instances share (docs/deploy.md); migrated on
    /// start either way.
    #[arg(long, env = "DATABASE_URL", default_value = "breakeven.db")]
    pub db: PathBuf,
    /// Database connections this instance opens at most (on PostgreSQL, keep the sum over
    /// every instance below the server's `max_connections`).
    #[arg(long, value_name = "N", default_value_t = store::DEFAULT_DB_CONNECTIONS,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub db_connections: u32,
    /// Seconds a job this instance holds stays held without a renewal (PostgreSQL): the
    /// instance renews its jobs about every second, and once it has been silent this long
    /// another instance marks them failed (it died).
    #[arg(long, value_name = "SECONDS", default_value_t = crate::jobs::DEFAULT_JOB_LEASE.as_secs(),
          value_parser = clap::value_parser!(u64).range(2..=3600))]
    pub job_lease_s: u64,
    /// On a shared (PostgreSQL) database, the devices whose queued benchmarks this instance
    /// claims and runs (`cpu`, `cuda:0`, comma-separated; `none` for an instance that only
    /// serves the app and the API). Default: every device this server has.
    #[arg(long, value_delimiter = ',', value_name = "DEVICE,…|none")]
    pub job_devices: Option<Vec<String>>,
    /// The web app built by Trunk.
    #[arg(long, env = "BREAKEVEN_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Weights offered to benchmarks: the `*.gguf` files and the directories holding a
    /// `config.json` directly inside DIR (a missing DIR offers none).
    #[arg(long, default_value = DEFAULT_MODELS_DIR)]
    pub models_dir: PathBuf,
    /// The address people reach this server at ("https://breakeven.example"): share
    /// links in exported reports use it. Default: http:// and the request's Host header.
    #[arg(long, env = "BREAKEVEN_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Endpoint hosts (HOST or HOST:PORT, comma-separated) that benchmarks requested over
    /// HTTP may measure, matched exactly; none by default, so the server reaches no address
    /// its operator did not list.
    #[arg(long, value_delimiter = ',', value_name = "HOST[:PORT],…")]
    pub bench_endpoints: Vec<String>,
    /// Benchmarks that may wait per device (and for endpoints) besides the one running;
    /// past it a submission is 429 with Retry-After (0: only the running one).
    #[arg(long, value_name = "N", default_value_t = crate::jobs::DEFAULT_QUEUE_WAITING)]
    pub bench_queue: usize,
    /// The environment variable holding a token that starting or cancelling a benchmark over
    /// HTTP needs (`Authorization: Bearer TOKEN`; the app asks for it). Named, not given,
    /// so the token never shows in a process list. Reading results stays open.
    #[arg(long, value_name = "VAR")]
    pub bench_token_env: Option<String>,
    /// Origins (https://host[:port], comma-separated) whose pages may make state-changing
    /// API requests besides this server's own pages and the --public-url; none by default,
    /// so a page on another site cannot act for a visitor whose browser reaches the server.
    #[arg(long, value_delimiter = ',', value_name = "ORIGIN,…")]
    pub allowed_origins: Vec<String>,
    /// Seconds a client has to send a request's headers, from connecting or from the end of
    /// the previous response on a kept-alive connection (silent and slow clients are closed).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout_s: u64,
    /// Seconds from a request's headers to its response's head (a body upload and the
    /// computation included); past it the answer is 503. Event streams are not cut.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=86400))]
    pub request_timeout_s: u64,
    /// Seconds without a byte moving either way after which a connection is closed (a
    /// client that stopped reading, a stalled upload); keep it above --request-timeout-s.
    #[arg(long, default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..=86400))]
    pub idle_timeout_s: u64,
    /// Connections served at once; past it the server stops accepting until one closes.
    #[arg(long, default_value_t = crate::http::DEFAULT_MAX_CONNECTIONS)]
    pub max_connections: usize,
    /// Expensive requests (plans, placements, exports) computed at once. Default: the
    /// number of CPUs.
    #[arg(long, value_name = "N")]
    pub max_expensive: Option<usize>,
    /// Seconds an expensive request waits for a free slot before it is refused with 503
    /// and Retry-After.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(0..=600))]
    pub expensive_wait_s: u64,
}

/// The shortest benchmark token `serve` accepts: 16 characters, so a token cannot be guessed
/// in the requests a server answers (`openssl rand -hex 16` gives 32).
const MIN_BENCH_TOKEN_CHARS: usize = 16;

/// `--job-devices`: devices (`cpu`, `cuda:0`, …) or the single word `none`.
fn parse_job_devices(items: &[String]) -> Result<Vec<api::bench::Device>, String> {
    if let [only] = items {
        if only.trim() == "none" {
            return Ok(Vec::new());
        }
    }
    items
        .iter()
        .map(|item| api::bench::Device::parse(item.trim()).map_err(|e| format!("{item:?}: {e}")))
        .collect()
}

/// Serves until Ctrl-C, then stops the benchmarks it runs and records them.
pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    // Invalid input exits 2 before anything starts, like every command.
    if let Some(e) = args
        .allowed_origins
        .iter()
        .find_map(|o| edge::origin_of(o, false).err())
    {
        eprintln!("error: --allowed-origins: {e}");
        return Ok(ExitCode::from(2));
    }
    let bench_token = match &args.bench_token_env {
        None => None,
        Some(var) => match std::env::var(var) {
            Ok(token) if token.trim().chars().count() >= MIN_BENCH_TOKEN_CHARS => Some(token),
            Ok(_) => {
                eprintln!("error: --bench-token-env: ${var} holds fewer than {MIN_BENCH_TOKEN_CHARS} characters");
                return Ok(ExitCode::from(2));
            }
            Err(_) => {
                eprintln!("error: --bench-token-env: ${var} is not set (or not UTF-8)");
                return Ok(ExitCode::from(2));
            }
        },
    };
    let job_devices = match args
        .job_devices
        .as_deref()
        .map(parse_job_devices)
        .transpose()
    {
        Ok(devices) => devices,
        Err(e) => {
            eprintln!("error: --job-devices: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let runtime = runtime()?;
    let served = runtime.block_on(async {
        let pool = store::open_with(&args.db, args.db_connections).await?;
        let lease = Duration::from_secs(args.job_lease_s);
        let state = AppState::start_sharing(pool, args.models_dir, lease, job_devices)
            .await?
            .with_public_url(args.public_url)
            .with_bench_endpoints(&args.bench_endpoints)
            .with_bench_queue(args.bench_queue)
            .with_bench_token(bench_token.as_deref())
            .with_allowed_origins(&args.allowed_origins)
            .map_err(|e| anyhow::anyhow!("--allowed-origins: {e}"))?
            .with_expensive_slots(
                args.max_expensive
                    .unwrap_or_else(edge::default_expensive_slots),
                Duration::from_secs(args.expensive_wait_s),
            )
            .with_request_timeout(Duration::from_secs(args.request_timeout_s));
        let limits = ConnectionLimits {
            header_timeout: Duration::from_secs(args.header_timeout_s),
            idle_timeout: Duration::from_secs(args.idle_timeout_s),
            max_connections: args.max_connections,
        };
        let benchmarks = state.benchmarks.clone();
        if !args.dist.join("index.html").is_file() {
            tracing::warn!(
                "no built app at {}; serving the API only (run `make run`)",
                args.dist.display()
            );
        }
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        tracing::info!(
            database = %store::shown(&args.db.to_string_lossy()),
            instance = %benchmarks.instance(),
            "Breakeven on http://{}",
            listener.local_addr()?
        );
        let app = crate::http::app(state, Some(args.dist));
        crate::http::serve(listener, app, limits, async move {
            let _ = tokio::signal::ctrl_c().await;
            // Interrupts running benchmarks (so their event streams end) and records
            // them, and the queued ones, as stopped by the shutdown.
            benchmarks.shutdown().await;
        })
        .await
        .context("server stopped with an error")?;
        Ok(ExitCode::SUCCESS)
    });
    // A benchmark thread stops at its next cancellation check; don't wait on one forever.
    runtime.shutdown_timeout(std::time::Duration::from_secs(10));
    served
}
