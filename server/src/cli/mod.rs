//! The command line: `breakeven plan`, `pricing …`, `serve`, `report`, `bench`, `eval`,
//! `traffic …` and `agent-token …`, one file each. A command's errors are `anyhow` with
//! context; problems with its input exit with status 2 and a line naming the field.

mod agent_token;
pub mod bench;
pub mod eval;
mod io;
mod plan;
mod pricing;
mod report;
mod serve;
pub mod traffic;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use agent_token::AgentTokenCommand;
pub use io::OutputFormat;
pub use plan::PlanArgs;
pub use pricing::PricingCommand;
pub use report::{CsvKind, PaperArg, ReportArgs, ReportFormat};
pub use serve::ServeArgs;

/// `breakeven`: its subcommand and their options.
#[derive(Debug, Parser)]
#[command(
    name = "breakeven",
    version,
    about = "When does a small language model on your own hardware beat an LLM API?"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute a scenario's costs, break-even and ROI. FILE is JSON or TOML (by extension); `-` reads JSON from stdin.
    Plan(PlanArgs),
    /// Manage LLM price-table versions in the database.
    Pricing {
        /// import, list or activate.
        #[command(subcommand)]
        command: PricingCommand,
    },
    /// Serve the web app and the API.
    Serve(ServeArgs),
    /// Export a scenario as a PDF report, an XLSX workbook or CSV: a scenario file priced
    /// with the bundled table, or a saved scenario (--db FILE --id ID).
    Report(Box<ReportArgs>),
    /// Benchmark an SLM architecture on this machine's CPU (or CUDA GPU) with candle.
    Bench(Box<bench::BenchArgs>),
    /// Measure a GGUF model's quality on a labelled sample (JSONL, or `--data demo`) with
    /// candle: accuracy with its 95 % interval, the worst items and the cascade curve.
    Eval(Box<eval::EvalArgs>),
    /// Read a usage log (LiteLLM, OpenAI usage, any CSV/JSONL): its workload, or its exact
    /// traffic replayed on a scenario.
    Traffic {
        /// import or replay.
        #[command(subcommand)]
        command: traffic::TrafficCommand,
    },
    /// Manage the tokens that let GPU hosts report results (`bench --post`).
    AgentToken {
        /// create, list or revoke.
        #[command(subcommand)]
        command: AgentTokenCommand,
    },
}

/// Runs the command; an error is printed as `error: …` with its context and exits with 1.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Plan(args) => plan::run(args),
        Command::Pricing { command } => pricing::run(command),
        Command::Serve(args) => serve::run(args),
        Command::Report(args) => report::run(*args),
        Command::Bench(args) => bench::run(*args),
        Command::Eval(args) => eval::run(*args),
        Command::Traffic { command } => traffic::run(command),
        Command::AgentToken { command } => agent_token::run(command),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
