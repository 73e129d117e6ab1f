//! Writes every planner chart of the cost model's worked example as SVG files, to look at in
//! a browser (light and dark): `cargo run -p charts --example dump_charts -- DIR`.

use std::path::PathBuf;
use std::process::ExitCode;

use charts::plan::{breakdown, cost_vs_volume, cumulative_savings, monte_carlo, routing, tornado};
use tco::curves::volume_curve;

/// The worked example of docs/cost-model.md with 2,000 Monte Carlo draws and qualities, as
/// the chart tests draw it.
const SCENARIO: &str = include_str!("../tests/worked_example.json");

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: dump_charts DIR");
        return ExitCode::from(2);
    };
    let scenario = match tco::parse_scenario(SCENARIO, tco::Format::Json, pricing::bundled_table())
    {
        Ok(s) => s,
        Err(errors) => {
            for e in errors {
                eprintln!("{e}");
            }
            return ExitCode::FAILURE;
        }
    };
    let r = tco::plan(&scenario);
    let mut charts = vec![
        (
            "cost-vs-volume",
            cost_vs_volume(
                &volume_curve(&scenario),
                1e6,
                r.break_even.requests_per_month,
            ),
        ),
        (
            "routing",
            routing(&r.routing_curve, 0.8, r.routing_best_slm_share),
        ),
        ("breakdown", breakdown(&r)),
        ("cumulative-savings", cumulative_savings(&r.roi)),
        (
            "tornado",
            tornado(&r.sensitivity, tco::sensitivity::hybrid_savings(&scenario)),
        ),
    ];
    if let Some(u) = &r.uncertainty {
        charts.push(("monte-carlo", monte_carlo(u)));
    }
    for (name, svg) in charts {
        let path = dir.join(format!("{name}.svg"));
        if let Err(e) = std::fs::write(&path, svg) {
            eprintln!("cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("{}", path.display());
    }
    ExitCode::SUCCESS
}
