//! `breakeven pricing import|list|activate`: LLM price-table versions in the database. An
//! invalid file, an `--as-of` that is not a date, an unknown or unreadable version, and
//! activating a version with flagged rows without `--accept-flagged` exit with status 2.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;

use super::io::runtime;
use crate::clock::today_utc;
use crate::store;
use crate::store::prices::{self, Activate, PriceError};

/// `breakeven pricing …`.
#[derive(Debug, Subcommand)]
pub enum PricingCommand {
    /// Store a LiteLLM-format price file (model_prices_and_context_window.json) as a new version.
    Import {
        /// The LiteLLM-format JSON file.
        file: PathBuf,
        /// The database: a SQLite file, or the `postgres://` URL the instances share.
        #[arg(long, env = "DATABASE_URL", default_value = "breakeven.db")]
        db: PathBuf,
        /// Name of the table (default: "LiteLLM-format import: FILE NAME").
        #[arg(long)]
        name: Option<String>,
        /// Version label, unique per name (default: the first 12 hex digits of the file's sha256).
        #[arg(long)]
        version: Option<String>,
        /// Date the prices were published or read, YYYY-MM-DD (default: today, UTC).
        #[arg(long)]
        as_of: Option<String>,
        /// Make it the active version (the default for plans). Refused, storing nothing,
        /// when a row is flagged ($0, moved 1000x or more, implausible for a new model).
        #[arg(long)]
        activate: bool,
        /// Activate even with flagged rows (plans priced from them still warn).
        #[arg(long, requires = "activate")]
        accept_flagged: bool,
    },
    /// List the stored versions; the active one is marked with *.
    List {
        /// The database: a SQLite file, or the `postgres://` URL the instances share.
        #[arg(long, env = "DATABASE_URL", default_value = "breakeven.db")]
        db: PathBuf,
    },
    /// Make a stored version the active one (refused for a version with flagged rows
    /// without --accept-flagged).
    Activate {
        /// The version's id (see `breakeven pricing list`).
        id: i64,
        /// Activate even with flagged rows (plans priced from them still warn).
        #[arg(long)]
        accept_flagged: bool,
        /// The database: a SQLite file, or the `postgres://` URL the instances share.
        #[arg(long, env = "DATABASE_URL", default_value = "breakeven.db")]
        db: PathBuf,
    },
}

/// Runs the subcommand.
pub fn run(command: PricingCommand) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        match command {
            PricingCommand::Import {
                file,
                db,
                name,
                version,
                as_of,
                activate,
                accept_flagged,
            } => {
                if let Some(date) = as_of.as_deref().filter(|d| !pricing::is_calendar_date(d)) {
                    eprintln!("--as-of: {date:?} is not a date (YYYY-MM-DD, a real calendar date)");
                    return Ok(ExitCode::from(2));
                }
                let text = std::fs::read_to_string(&file)
                    .with_context(|| format!("cannot read {}", file.display()))?;
                let file_name = file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let name = name.unwrap_or_else(|| format!("LiteLLM-format import: {file_name}"));
                let as_of = as_of.unwrap_or_else(today_utc);
                let activate = match (activate, accept_flagged) {
                    (false, _) => Activate::No,
                    (true, false) => Activate::Yes,
                    (true, true) => Activate::EvenIfFlagged,
                };
                let pool = store::open(&db).await?;
                let imported =
                    prices::import(&pool, &text, &name, version.as_deref(), &as_of, activate);
                match imported.await {
                    Ok(report) => {
                        println!(
                            "stored #{}: {} ({} models){}",
                            report.id,
                            report.label,
                            report.model_count,
                            if report.activated { ", now active" } else { "" }
                        );
                        for line in prices::summarize(&report.issues) {
                            println!("  {line}");
                        }
                        for flag in report.issues.iter().filter(|i| i.kind.is_flag()) {
                            println!(
                                "  ! {}: {}: {}",
                                flag.model,
                                flag.kind.words(),
                                flag.message
                            );
                        }
                        Ok(ExitCode::SUCCESS)
                    }
                    Err(PriceError::Invalid(message)) => {
                        eprintln!("{}: {message}", file.display());
                        Ok(ExitCode::from(2))
                    }
                    Err(e @ PriceError::Flagged(_)) => {
                        eprintln!("{}: nothing was stored; {e}", file.display());
                        eprintln!("(or import without --activate to store it for review)");
                        Ok(ExitCode::from(2))
                    }
                    Err(e) => Err(e.into()),
                }
            }
            PricingCommand::List { db } => {
                let pool = store::open(&db).await?;
                for v in prices::list(&pool).await? {
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
            PricingCommand::Activate {
                id,
                db,
                accept_flagged,
            } => {
                let pool = store::open(&db).await?;
                match prices::set_active(&pool, id, accept_flagged).await {
                    Ok(()) => {
                        println!("price table #{id} is now active");
                        Ok(ExitCode::SUCCESS)
                    }
                    Err(PriceError::NotFound(id)) => {
                        eprintln!("no price table version {id} (see `breakeven pricing list`)");
                        Ok(ExitCode::from(2))
                    }
                    Err(e @ (PriceError::Flagged(_) | PriceError::Unreadable { .. })) => {
                        eprintln!("price table #{id}: {e}");
                        Ok(ExitCode::from(2))
                    }
                    Err(e) => Err(e.into()),
                }
            }
        }
    })
}
