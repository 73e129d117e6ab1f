//! `breakeven serve`: the web app and the API over one SQLite file, until Ctrl-C.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use super::io::runtime;
use crate::state::{AppState, DEFAULT_MODELS_DIR};
use crate::store;

/// `breakeven serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// SQLite database file, created and migrated on start.
    #[arg(long, default_value = "breakeven.db")]
    pub db: PathBuf,
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
}

/// Serves until Ctrl-C, then stops the benchmarks it runs and records them.
pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let runtime = runtime()?;
    let served = runtime.block_on(async {
        let pool = store::open(&args.db).await?;
        let state = AppState::start(pool, args.models_dir)
            .await?
            .with_public_url(args.public_url)
            .with_bench_endpoints(&args.bench_endpoints);
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
        tracing::info!("Breakeven on http://{}", listener.local_addr()?);
        axum::serve(listener, crate::http::app(state, Some(args.dist)))
            .with_graceful_shutdown(async move {
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
