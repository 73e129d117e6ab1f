//! `breakeven agent-token create|list|revoke`: the tokens GPU hosts report results with. A
//! bad or unknown name exits with status 2.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use super::io::runtime;
use crate::clock::date_of;
use crate::store;
use crate::store::agent_tokens::{self, TokenError};

/// `breakeven agent-token …`.
#[derive(Debug, Subcommand)]
pub enum AgentTokenCommand {
    /// Create a token for NAME and print it (once: only its sha256 is stored).
    Create {
        /// Whose token it is; its results are labelled `agent:NAME`.
        name: String,
        /// The database: a SQLite file, or the `postgres://` URL the instances share.
        #[arg(long, env = "DATABASE_URL", default_value = "breakeven.db")]
        db: PathBuf,
    },
    /// List the tokens' names, creation dates and whether they are revoked.
    List {
        /// The database: a SQLite file, or the `postgres://` URL the instances share.
        #[arg(long, env = "DATABASE_URL", default_value = "breakeven.db")]
        db: PathBuf,
    },
    /// Revoke NAME's token: its results stay, new ones are refused.
    Revoke {
        /// The token's name.
        name: String,
        /// The database: a SQLite file, or the `postgres://` URL the instances share.
        #[arg(long, env = "DATABASE_URL", default_value = "breakeven.db")]
        db: PathBuf,
    },
}

/// Runs the subcommand.
pub fn run(command: AgentTokenCommand) -> anyhow::Result<ExitCode> {
    let input_error = |e: TokenError| match e {
        TokenError::Store(e) => Err(e.into()),
        e => {
            eprintln!("error: {e}");
            Ok(ExitCode::from(2))
        }
    };
    runtime()?.block_on(async {
        match command {
            AgentTokenCommand::Create { name, db } => {
                if let Err(e) = agent_tokens::check_name(&name) {
                    return input_error(e);
                }
                let pool = store::open(&db).await?;
                match agent_tokens::create(&pool, &name).await {
                    Ok(token) => {
                        println!("{token}");
                        eprintln!(
                            "agent token for {name:?} created; it is shown only now \
                             (use it as --token or BREAKEVEN_AGENT_TOKEN with `breakeven bench --post`)"
                        );
                        Ok(ExitCode::SUCCESS)
                    }
                    Err(e) => input_error(e),
                }
            }
            AgentTokenCommand::List { db } => {
                let pool = store::open(&db).await?;
                for t in agent_tokens::list(&pool).await? {
                    println!(
                        "{:<24} created {}{}",
                        t.name,
                        date_of(t.created_unix),
                        if t.revoked { "  revoked" } else { "" }
                    );
                }
                Ok(ExitCode::SUCCESS)
            }
            AgentTokenCommand::Revoke { name, db } => {
                let pool = store::open(&db).await?;
                match agent_tokens::revoke(&pool, &name).await {
                    Ok(()) => {
                        println!("agent token {name:?} revoked");
                        Ok(ExitCode::SUCCESS)
                    }
                    Err(e) => input_error(e),
                }
            }
        }
    })
}
