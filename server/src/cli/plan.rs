//! `breakeven plan`: a scenario file's costs, break-even and ROI, as JSON or a summary
//! table; an invalid scenario exits with status 2 and one line per problem.

mod table;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::io::{read_input, runtime, scenario_format, OutputFormat};
use crate::store;
use crate::store::prices::PriceError;

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
    /// Instead of the plan: where to run the scenario's model — every GPU offer, cheapest
    /// first, with fit, throughput basis, fleet, monthly cost and break-even.
    #[arg(long)]
    pub placements: bool,
}

/// Plans the scenario and prints the result.
pub fn run(args: PlanArgs) -> anyhow::Result<ExitCode> {
    let text = read_input(&args.file)?;
    let prices = match &args.db {
        None => pricing::bundled_table().clone(),
        Some(db) => {
            let loaded = runtime()?.block_on(async {
                let pool = store::open(db).await?;
                let id = match args.price_table {
                    Some(id) => id,
                    None => store::prices::active_id(&pool).await?,
                };
                anyhow::Ok(store::prices::load(&pool, id).await)
            })?;
            match loaded {
                Ok(stored) => stored.table,
                // The table named (or the active one) is the input at fault: exit 2.
                Err(e @ (PriceError::NotFound(_) | PriceError::Unreadable { .. })) => {
                    eprintln!("--price-table: {e}");
                    return Ok(ExitCode::from(2));
                }
                Err(e) => return Err(e.into()),
            }
        }
    };
    if args.placements {
        return placements(&text, &args, &prices);
    }
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
        OutputFormat::Table => print!("{}", table::summary(&result)),
    }
    Ok(ExitCode::SUCCESS)
}

/// `--placements`: the table of offers, or the field errors (exit 2).
fn placements(
    text: &str,
    args: &PlanArgs,
    prices: &pricing::PriceTable,
) -> anyhow::Result<ExitCode> {
    let input = match scenario_format(&args.file) {
        tco::Format::Json => tco::from_json(text),
        tco::Format::Toml => tco::from_toml(text),
    };
    let rows = match input
        .map_err(|e| vec![e])
        .and_then(|i| tco::placements::placements(&i, prices))
    {
        Ok(rows) => rows,
        Err(errors) => {
            for e in errors {
                eprintln!("{e}");
            }
            return Ok(ExitCode::from(2));
        }
    };
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&rows)?),
        OutputFormat::Table => print!("{}", table::placements(&rows)),
    }
    Ok(ExitCode::SUCCESS)
}
