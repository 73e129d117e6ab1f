//! `breakeven plan`: a scenario file's costs, break-even and ROI, as JSON or a summary
//! table; an invalid scenario exits with status 2 and one line per problem.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use tco::format::{count, usd};
use tco::PlanResult;

use super::io::{read_input, runtime, scenario_format, OutputFormat};
use crate::store;

/// `breakeven plan FILE`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The scenario: a JSON or TOML file (by extension), or `-` for JSON on stdin.
    pub file: PathBuf,
    /// `json` (the engine's whole result) or `table` (a summary).
    #[arg(long, value_enum, default_value_t = OutputFormat::Json)]
    pub format: OutputFormat,
    /// Price with the database's active (or --price-table) version instead of the bundled table.
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// A stored price-table version (see `breakeven pricing list`); needs --db.
    #[arg(long, requires = "db")]
    pub price_table: Option<i64>,
}

/// Plans the scenario and prints the result.
pub fn run(args: PlanArgs) -> anyhow::Result<ExitCode> {
    let text = read_input(&args.file)?;
    let prices = match &args.db {
        None => pricing::bundled_table().clone(),
        Some(db) => runtime()?.block_on(async {
            let pool = store::open(db).await?;
            let id = match args.price_table {
                Some(id) => id,
                None => store::prices::active_id(&pool).await?,
            };
            anyhow::Ok(store::prices::load(&pool, id).await?.table)
        })?,
    };
    let scenario = match tco::parse_scenario(&text, scenario_format(&args.file), &prices) {
        Ok(s) => s,
        Err(errors) => {
            for e in errors {
                eprintln!("{e}");
            }
            return Ok(ExitCode::from(2));
        }
    };
    let result = tco::plan(&scenario);
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&result)?),
        OutputFormat::Table => print!("{}", table(&result)),
    }
    Ok(ExitCode::SUCCESS)
}

/// A short human-readable summary of a result.
fn table(r: &PlanResult) -> String {
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
