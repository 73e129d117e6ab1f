//! The command line: `breakeven plan FILE` and `breakeven serve`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use tco::format::{count, usd};

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
    },
}

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
