use std::io::Read;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use breakeven::cli::{table, Cli, Command, OutputFormat};
use clap::Parser;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Plan { file, format } => plan(&file, format),
        Command::Serve { addr, db, dist } => serve(addr, &db, dist),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Exit status 2 with one line per problem when the scenario is invalid.
fn plan(file: &Path, format: OutputFormat) -> anyhow::Result<ExitCode> {
    let text = if file == Path::new("-") {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("cannot read the scenario from stdin")?;
        s
    } else {
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?
    };
    let input_format = match file.extension().and_then(|e| e.to_str()) {
        Some("toml") => tco::Format::Toml,
        _ => tco::Format::Json,
    };
    let scenario = match tco::parse_scenario(&text, input_format, pricing::bundled_table()) {
        Ok(s) => s,
        Err(errors) => {
            for e in errors {
                eprintln!("{e}");
            }
            return Ok(ExitCode::from(2));
        }
    };
    let result = tco::plan(&scenario);
    match format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&result)?),
        OutputFormat::Table => print!("{}", table(&result)),
    }
    Ok(ExitCode::SUCCESS)
}

fn serve(
    addr: std::net::SocketAddr,
    db: &Path,
    dist: std::path::PathBuf,
) -> anyhow::Result<ExitCode> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let pool = breakeven::db::open(db).await?;
        let state = breakeven::AppState {
            db: pool,
            prices: Arc::new(pricing::bundled_table().clone()),
        };
        if !dist.join("index.html").is_file() {
            tracing::warn!(
                "no built app at {}; serving the API only (run `make run`)",
                dist.display()
            );
        }
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        tracing::info!("Breakeven on http://{}", listener.local_addr()?);
        axum::serve(listener, breakeven::app(state, Some(dist)))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .context("server stopped with an error")?;
        Ok(ExitCode::SUCCESS)
    })
}
