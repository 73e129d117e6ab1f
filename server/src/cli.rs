//! The command line: `breakeven plan FILE` and `breakeven serve`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(name = "breakeven", version, about = "When does a small language model on your own hardware beat an LLM API?")]
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

/// Formats USD for people: two decimals, thousands separated; more decimals below a cent.
pub fn usd(v: f64) -> String {
    if v.abs() < 0.01 && v != 0.0 {
        return format!("${v:.6}");
    }
    let cents = (v.abs() * 100.0).round();
    let whole = (cents / 100.0).trunc() as u128;
    let frac = (cents % 100.0) as u32;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("{}${grouped}.{frac:02}", if v < 0.0 { "-" } else { "" })
}

/// A short human-readable summary of a result.
pub fn table(r: &tco::PlanResult) -> String {
    let opt = |v: Option<f64>, f: fn(f64) -> String| v.map_or_else(|| "—".to_string(), f);
    let count = |v: f64| format!("{v:.0}");
    let mut out = String::new();
    out.push_str(&format!("Scenario: {}\n\n", r.scenario));
    out.push_str(&format!("{:<24}{:>18}{:>18}\n", "option", "monthly", "per request"));
    for (name, monthly, per) in [
        ("LLM API", r.api.monthly_usd, r.api.usd_per_request),
        ("SLM (all traffic)", r.self_hosted.monthly_usd, r.self_hosted.usd_per_request),
        ("hybrid", r.hybrid.monthly_usd, r.hybrid.usd_per_request),
    ] {
        out.push_str(&format!("{name:<24}{:>18}{:>18}\n", usd(monthly), opt(per, usd)));
    }
    out.push('\n');
    out.push_str(&format!("replicas (all traffic): {}\n", opt(r.self_hosted.replicas, count)));
    out.push_str(&format!("break-even: {} requests/month ({} tokens/month)\n",
        opt(r.break_even.requests_per_month, count), opt(r.break_even.tokens_per_month, count)));
    for (name, roi) in [("self-hosted", &r.roi.self_hosted), ("hybrid", &r.roi.hybrid)] {
        out.push_str(&format!(
            "{name}: payback month {}, NPV {}, cumulative savings {}\n",
            roi.payback_month.map_or_else(|| "never".to_string(), |m| m.to_string()),
            usd(roi.npv_usd),
            usd(roi.cumulative_savings_usd)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn usd_groups_thousands_and_keeps_small_amounts() {
        for (v, s) in [(1234567.891, "$1,234,567.89"), (0.0, "$0.00"), (-584.0, "-$584.00"), (0.0004, "$0.000400"), (999.999, "$1,000.00")] {
            assert_eq!(super::usd(v), s);
        }
    }
}
