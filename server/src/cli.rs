//! The command line: `breakeven plan`, `breakeven report`, `breakeven serve`, `breakeven pricing …`,
//! `breakeven bench` and `breakeven agent-token …`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use tco::format::{count, usd};

pub use crate::bench_args::{
    bench_command_line, shell_quote, BenchArgs, DEFAULT_BENCH_MODEL, DEFAULT_SLO,
};

#[derive(Debug, Parser)]
#[command(
    name = "breakeven",
    version,
    about = "When does a small language model on your own hardware beat an LLM API?"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute a scenario's costs, break-even and ROI. FILE is JSON or TOML (by extension); `-` reads JSON from stdin.
    Plan {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = OutputFormat::Json)]
        format: OutputFormat,
        /// Price with the database's active (or --price-table) version instead of the bundled table.
        #[arg(long)]
        db: Option<PathBuf>,
        /// A stored price-table version (see `breakeven pricing list`); needs --db.
        #[arg(long, requires = "db")]
        price_table: Option<i64>,
    },
    /// Manage LLM price-table versions in the database.
    Pricing {
        #[command(subcommand)]
        command: PricingCommand,
    },
    /// Serve the web app and the API.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// SQLite database file, created and migrated on start.
        #[arg(long, default_value = "breakeven.db")]
        db: PathBuf,
        /// The web app built by Trunk.
        #[arg(long, env = "BREAKEVEN_DIST", default_value = "dist")]
        dist: PathBuf,
        /// Weights offered to benchmarks: the `*.gguf` files and the directories holding a
        /// `config.json` directly inside DIR (a missing DIR offers none).
        #[arg(long, default_value = crate::DEFAULT_MODELS_DIR)]
        models_dir: PathBuf,
        /// The address people reach this server at ("https://breakeven.example"): share
        /// links in exported reports use it. Default: http:// and the request's Host header.
        #[arg(long, env = "BREAKEVEN_PUBLIC_URL")]
        public_url: Option<String>,
    },
    /// Export a scenario as a PDF report, an XLSX workbook or CSV: a scenario file priced
    /// with the bundled table, or a saved scenario (--db FILE --id ID).
    Report(Box<crate::report_cli::ReportArgs>),
    /// Benchmark an SLM architecture on this machine's CPU (or CUDA GPU) with candle.
    Bench(Box<BenchArgs>),
    /// Manage the tokens that let GPU hosts report results (`bench --post`).
    AgentToken {
        #[command(subcommand)]
        command: AgentTokenCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum AgentTokenCommand {
    /// Create a token for NAME and print it (once: only its sha256 is stored).
    Create {
        name: String,
        #[arg(long, default_value = "breakeven.db")]
        db: PathBuf,
    },
    /// List the tokens' names, creation dates and whether they are revoked.
    List {
        #[arg(long, default_value = "breakeven.db")]
        db: PathBuf,
    },
    /// Revoke NAME's token: its results stay, new ones are refused.
    Revoke {
        name: String,
        #[arg(long, default_value = "breakeven.db")]
        db: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum PricingCommand {
    /// Store a LiteLLM-format price file (model_prices_and_context_window.json) as a new version.
    Import {
        file: PathBuf,
        #[arg(long, default_value = "breakeven.db")]
        db: PathBuf,
        /// Name of the table (default: "LiteLLM-format import: FILE NAME").
        #[arg(long)]
        name: Option<String>,
        /// Version label, unique per name (default: the first 12 hex digits of the file's sha256).
        #[arg(long)]
        version: Option<String>,
        /// Date the prices were published or read (default: today, UTC).
        #[arg(long)]
        as_of: Option<String>,
        /// Make it the active version (the default for plans).
        #[arg(long)]
        activate: bool,
    },
    /// List the stored versions; the active one is marked with *.
    List {
        #[arg(long, default_value = "breakeven.db")]
        db: PathBuf,
    },
    /// Make a stored version the active one.
    Activate {
        id: i64,
        #[arg(long, default_value = "breakeven.db")]
        db: PathBuf,
    },
}

/// Today's date in UTC as YYYY-MM-DD (days-from-civil inverse, no calendar crate needed).
pub fn today_utc() -> String {
    let secs = crate::db::now_unix();
    civil_date(secs.div_euclid(86_400))
}

pub use tco::format::civil_date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Json,
    Table,
}

/// A short human-readable summary of a result.
pub fn table(r: &tco::PlanResult) -> String {
    let opt = |v: Option<f64>, f: fn(f64) -> String| v.map_or_else(|| "—".to_string(), f);
    let mut out = String::new();
    out.push_str(&format!("Scenario: {}\n\n", r.scenario));
    out.push_str(&format!(
        "{:<24}{:>18}{:>18}\n",
        "option", "monthly", "per request"
    ));
    for (name, monthly, per) in [
        ("LLM API", r.api.monthly_usd, r.api.usd_per_request),
        (
            "SLM (all traffic)",
            r.self_hosted.monthly_usd,
            r.self_hosted.usd_per_request,
        ),
        ("hybrid", r.hybrid.monthly_usd, r.hybrid.usd_per_request),
    ] {
        out.push_str(&format!(
            "{name:<24}{:>18}{:>18}\n",
            usd(monthly),
            opt(per, usd)
        ));
    }
    out.push('\n');
    out.push_str(&format!(
        "replicas (all traffic): {}\n",
        opt(r.self_hosted.replicas, count)
    ));
    out.push_str(&format!(
        "break-even: {} requests/month ({} tokens/month)\n",
        opt(r.break_even.requests_per_month, count),
        opt(r.break_even.tokens_per_month, count)
    ));
    for (name, roi) in [
        ("self-hosted", &r.roi.self_hosted),
        ("hybrid", &r.roi.hybrid),
    ] {
        out.push_str(&format!(
            "{name}: payback month {}, NPV {}, cumulative savings {}\n",
            roi.payback_month
                .map_or_else(|| "never".to_string(), |m| m.to_string()),
            usd(roi.npv_usd),
            usd(roi.cumulative_savings_usd)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn civil_dates() {
        for (days, date) in [
            (0, "1970-01-01"),
            (20_779, "2026-11-22"),
            (11_016, "2000-02-29"),
            (-1, "1969-12-31"),
        ] {
            assert_eq!(super::civil_date(days), date);
        }
    }
}
