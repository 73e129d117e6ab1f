//! `breakeven`: the command line; every command is in the library's `cli` module.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    breakeven::cli::run(breakeven::cli::Cli::parse())
}
