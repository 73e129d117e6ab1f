//! How long one export takes: `cargo run --release -p report --example bench_exports`
//! (`make bench-report`). The scenario is the planner's default (examples/support-bot.json:
//! one million requests a month, GPT-4o against an SLM on one L4) with its Monte Carlo on
//! (10,000 draws). Each export is rendered once to warm up, then 20 times; the median and
//! the min–max are printed for the render alone and for the engine's plan plus the render
//! (what a request to the export endpoint costs). Goals: PDF < 300 ms, XLSX < 100 ms.
//! Timing lives here, never in tests, so a slow CI machine cannot fail the suite.

use std::error::Error;
use std::time::{Duration, Instant};

use report::{Provenance, ReportError, ReportScenario, TableRef};

const REPETITIONS: usize = 20;
const SCENARIO: &str = include_str!("../../examples/support-bot.json");

fn provenance(table: &pricing::PriceTable) -> Provenance {
    Provenance {
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        price_table: TableRef {
            id: None,
            label: table.source.label(),
            as_of: table.source.as_of.clone(),
        },
        scenario_id: Some("0123456789abcdef0123456789abcdef".into()),
        revision: Some(1),
        share_link: Some("http://127.0.0.1:8080/s/0123456789abcdef0123456789abcdef".into()),
        generated_unix: 1_795_000_000,
        benchmarks: Vec::new(),
    }
}

fn compute() -> Result<ReportScenario, Box<dyn Error>> {
    let input = tco::from_json(SCENARIO)?;
    let table = pricing::bundled_table();
    Ok(ReportScenario::compute(input, table, provenance(table))?)
}

/// (median, min, max) of `REPETITIONS` timed runs after one warm-up; `size` of the output.
/// The first failed run ends the timing with its error.
fn time(
    mut run: impl FnMut() -> Result<usize, Box<dyn Error>>,
) -> Result<(Duration, Duration, Duration, usize), Box<dyn Error>> {
    let size = run()?;
    let mut samples = Vec::with_capacity(REPETITIONS);
    for _ in 0..REPETITIONS {
        let start = Instant::now();
        std::hint::black_box(run()?);
        samples.push(start.elapsed());
    }
    samples.sort();
    let median = (samples[REPETITIONS / 2 - 1] + samples[REPETITIONS / 2]) / 2;
    Ok((median, samples[0], samples[REPETITIONS - 1], size))
}

fn ms(d: Duration) -> String {
    if d < Duration::from_millis(1) {
        format!("{} µs", d.as_micros())
    } else {
        format!("{:.1} ms", d.as_secs_f64() * 1e3)
    }
}

/// One export of the scenarios; its size in bytes.
type Render = fn(&[ReportScenario]) -> Result<usize, ReportError>;

fn main() -> Result<(), Box<dyn Error>> {
    let scenario = compute()?;
    let draws = scenario.result.uncertainty.as_ref().map_or(0, |u| u.draws);
    println!(
        "{} — Monte Carlo {} draws; warm-up 1, {REPETITIONS} repetitions",
        scenario.result.scenario, draws
    );
    let (median, lo, hi, _) = time(|| {
        std::hint::black_box(compute()?);
        Ok(1)
    })?;
    println!(
        "{:<22} median {:>9}  (min {} – max {})",
        "plan (validate+plan)",
        ms(median),
        ms(lo),
        ms(hi)
    );
    let exports: [(&str, Option<Duration>, Render); 7] = [
        ("PDF (A4)", Some(Duration::from_millis(300)), |s| {
            Ok(report::pdf::render(s, report::pdf::Paper::A4)?.len())
        }),
        ("PDF (Letter)", Some(Duration::from_millis(300)), |s| {
            Ok(report::pdf::render(s, report::pdf::Paper::Letter)?.len())
        }),
        ("XLSX", Some(Duration::from_millis(100)), |s| {
            Ok(report::xlsx::render(s)?.len())
        }),
        (
            "CSV cash flow",
            None,
            |s| Ok(report::csv::cashflow(s).len()),
        ),
        ("CSV routing", None, |s| Ok(report::csv::routing(s).len())),
        ("CSV schedule", None, |s| Ok(report::csv::schedule(s).len())),
        ("CSV breakdown", None, |s| {
            Ok(report::csv::breakdown(s).len())
        }),
    ];
    let one = std::slice::from_ref(&scenario);
    for (name, goal, render) in exports {
        let (median, lo, hi, size) = time(|| Ok(render(one)?))?;
        let (total, total_lo, total_hi, _) =
            time(|| Ok(render(std::slice::from_ref(&compute()?))?))?;
        let verdict = match goal {
            Some(g) if total <= g => format!("  goal < {} met", ms(g)),
            Some(g) => format!("  GOAL < {} MISSED", ms(g)),
            None => String::new(),
        };
        println!(
            "{name:<14} render: median {:>8} (min {} – max {}), {size} bytes; \
             plan + render: median {} (min {} – max {}){verdict}",
            ms(median),
            ms(lo),
            ms(hi),
            ms(total),
            ms(total_lo),
            ms(total_hi)
        );
    }
    Ok(())
}
