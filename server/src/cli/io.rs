//! What the commands share: the one async runtime builder, the one reader of a scenario
//! file (or stdin), the output format, and what the tables call each option.

use std::io::Read;
use std::path::Path;

use anyhow::Context;
use clap::ValueEnum;

/// The runtime a command's async work (the database, the server, a post) runs on.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Runtime::new().context("cannot start the async runtime")
}

/// The text of `file`, or of stdin when `file` is `-`.
pub fn read_input(file: &Path) -> anyhow::Result<String> {
    if file == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read the scenario from stdin")?;
        Ok(text)
    } else {
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))
    }
}

/// How a scenario file is written: TOML by its extension, JSON otherwise (stdin included).
pub fn scenario_format(file: &Path) -> tco::Format {
    match file.extension().and_then(|e| e.to_str()) {
        Some("toml") => tco::Format::Toml,
        _ => tco::Format::Json,
    }
}

/// How a command prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// The whole result as JSON, as the API answers it.
    Json,
    /// A summary for people.
    Table,
}

/// What the terminal tables (`breakeven plan --format table`, `breakeven traffic`) call
/// each option.
pub fn option_name(choice: tco::quality::Choice) -> &'static str {
    use tco::quality::Choice;
    match choice {
        Choice::Api => "LLM API",
        Choice::SelfHosted => "SLM (all traffic)",
        Choice::Hybrid => "hybrid",
    }
}
