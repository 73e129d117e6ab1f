use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use breakeven::bench_commands::{agent_token, bench_command};
use breakeven::cli::{table, today_utc, Cli, Command, OutputFormat, PricingCommand};
use breakeven::price_store;
use clap::Parser;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Plan {
            file,
            format,
            db,
            price_table,
        } => plan(&file, format, db.as_deref(), price_table),
        Command::Serve {
            addr,
            db,
            dist,
            models_dir,
            public_url,
        } => serve(addr, &db, dist, models_dir, public_url),
        Command::Report(args) => breakeven::report_cli::run(*args),
        Command::Pricing { command } => pricing(command),
        Command::Bench(args) => bench_command(*args),
        Command::AgentToken { command } => agent_token(command),
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
fn plan(
    file: &Path,
    format: OutputFormat,
    db: Option<&Path>,
    price_table: Option<i64>,
) -> anyhow::Result<ExitCode> {
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
    let prices = match db {
        None => pricing::bundled_table().clone(),
        Some(db) => runtime()?.block_on(async {
            let pool = breakeven::db::open(db).await?;
            let id = match price_table {
                Some(id) => id,
                None => price_store::active_id(&pool).await?,
            };
            anyhow::Ok(price_store::load(&pool, id).await?.table)
        })?,
    };
    let scenario = match tco::parse_scenario(&text, input_format, &prices) {
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
    models_dir: std::path::PathBuf,
    public_url: Option<String>,
) -> anyhow::Result<ExitCode> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let runtime = runtime()?;
    let served = runtime.block_on(async {
        let pool = breakeven::db::open(db).await?;
        let state = breakeven::AppState::start(pool, models_dir)
            .await?
            .with_public_url(public_url);
        let benchmarks = state.benchmarks.clone();
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

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Runtime::new().context("cannot start the async runtime")
}

/// `breakeven pricing import|list|activate`. An invalid file exits with status 2.
fn pricing(command: PricingCommand) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        match command {
            PricingCommand::Import {
                file,
                db,
                name,
                version,
                as_of,
                activate,
            } => {
                let text = std::fs::read_to_string(&file)
                    .with_context(|| format!("cannot read {}", file.display()))?;
                let file_name = file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let name = name.unwrap_or_else(|| format!("LiteLLM-format import: {file_name}"));
                let as_of = as_of.unwrap_or_else(today_utc);
                let pool = breakeven::db::open(&db).await?;
                match price_store::import(&pool, &text, &name, version.as_deref(), &as_of, activate)
                    .await
                {
                    Ok(report) => {
                        println!(
                            "stored #{}: {} ({} models){}",
                            report.id,
                            report.label,
                            report.model_count,
                            if report.activated { ", now active" } else { "" }
                        );
                        for line in price_store::summarize(&report.issues) {
                            println!("  {line}");
                        }
                        for jump in report
                            .issues
                            .iter()
                            .filter(|i| i.kind == pricing::litellm::IssueKind::PriceJump)
                        {
                            println!("  ! {}: {}", jump.model, jump.message);
                        }
                        Ok(ExitCode::SUCCESS)
                    }
                    Err(price_store::StoreError::Invalid(message)) => {
                        eprintln!("{}: {message}", file.display());
                        Ok(ExitCode::from(2))
                    }
                    Err(e) => Err(e.into()),
                }
            }
            PricingCommand::List { db } => {
                let pool = breakeven::db::open(&db).await?;
                for v in price_store::list(&pool).await? {
                    println!(
                        "{} #{:<4} {} {} (as of {}, {} models, {} issues, sha256 {})",
                        if v.active { "*" } else { " " },
                        v.id,
                        v.name,
                        v.version,
                        v.as_of,
                        v.model_count,
                        v.issue_count,
                        &v.sha256[..v.sha256.len().min(12)]
                    );
                }
                Ok(ExitCode::SUCCESS)
            }
            PricingCommand::Activate { id, db } => {
                let pool = breakeven::db::open(&db).await?;
                match price_store::set_active(&pool, id).await {
                    Ok(()) => {
                        println!("price table #{id} is now active");
                        Ok(ExitCode::SUCCESS)
                    }
                    Err(price_store::StoreError::NotFound(id)) => {
                        eprintln!("no price table version {id} (see `breakeven pricing list`)");
                        Ok(ExitCode::from(2))
                    }
                    Err(e) => Err(e.into()),
                }
            }
        }
    })
}
