//! How long the engine takes to recompute a plan: `cargo run --release -p tco --example
//! bench_plan` (`make bench-engine`). Each case is run once to warm up, then 20 times; the
//! median and the min–max are printed. Goals (docs/cost-model.md, "Speed"): the planner's
//! default scenario ≤ 5 ms without Monte Carlo, ≤ 100 ms with 10,000 draws.
//! Timing lives here, never in tests, so a slow CI machine cannot fail the suite.

use std::error::Error;
use std::time::{Duration, Instant};

const REPETITIONS: usize = 20;

/// The planner's default: the default preset (customer support, its 24-hour load shape)
/// against GPT-4o, one AWS g6.xlarge L4 at its on-demand price (app/src/planner/form.rs).
fn planner_default(extra_slm: &str, weekly: &str, uncertainty: &str) -> String {
    let p = profiles::default_preset();
    let w = p.workload;
    let shape: Vec<String> = p.load_shape.iter().map(f64::to_string).collect();
    format!(
        r#"{{"name": "bench", "workload": {{"requests_per_month": {r}, "input_tokens": {i},
              "output_tokens": {o}, "cached_input_share": {k}, "monthly_growth": {g},
              "load_shape": [{shape}] {weekly}}},
            "llm": {{"model": "gpt-4o"}},
            "slm": {{"serving": "self_hosted", "gpu": "aws:g6.xlarge", "prefill_tokens_per_s": 5000,
              "decode_tokens_per_s": 500 {extra_slm}}},
            "routing": {{"slm_share": 0.8, "escalation_rate": 0.1}} {uncertainty}}}"#,
        r = w.requests_per_month,
        i = w.input_tokens,
        o = w.output_tokens,
        k = w.cached_input_share,
        g = w.monthly_growth,
        shape = shape.join(", "),
    )
}

const DRAWS: &str = r#", "uncertainty": {"draws": 10000, "seed": 1, "inputs": {
    "workload.requests_per_month": {"p10": 600000, "p90": 1600000},
    "slm.throughput_scale": {"p10": 0.7, "p90": 1.4}}}"#;

/// (median, min, max) of `REPETITIONS` timed runs after one warm-up.
fn time(mut run: impl FnMut() -> f64) -> (Duration, Duration, Duration) {
    std::hint::black_box(run());
    let mut samples = Vec::with_capacity(REPETITIONS);
    for _ in 0..REPETITIONS {
        let start = Instant::now();
        std::hint::black_box(run());
        samples.push(start.elapsed());
    }
    samples.sort();
    let median = (samples[REPETITIONS / 2 - 1] + samples[REPETITIONS / 2]) / 2;
    (median, samples[0], samples[REPETITIONS - 1])
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn main() -> Result<(), Box<dyn Error>> {
    let weekdays = r#", "weekly_shape": [1, 1, 1, 1, 1, 0.3, 0.3]"#;
    let hourly = r#", "scaling": "hourly", "min_replicas": 0, "gpu_discount": 0.3,
        "cold_start_s": 120, "spot_share": 0.3"#;
    let huge = planner_default(hourly, weekdays, "").replace(
        r#""requests_per_month": 1000000"#,
        r#""requests_per_month": 1000000000000"#,
    );
    let cases = [
        (
            "planner default, no Monte Carlo",
            planner_default("", "", ""),
        ),
        (
            "planner default, 10,000 draws",
            planner_default("", "", DRAWS),
        ),
        (
            "hourly scaling, weekday shape, reserved+spot+cold starts",
            planner_default(hourly, weekdays, ""),
        ),
        (
            "the same with 10,000 draws",
            planner_default(hourly, weekdays, DRAWS),
        ),
        ("hourly scaling at 1e12 requests/month", huge),
    ];
    let table = pricing::bundled_table();
    // `bench_plan draws` runs only the cases whose name contains "draws" (for a profiler).
    let only = std::env::args().nth(1).unwrap_or_default();
    println!("tco::plan, {REPETITIONS} runs after a warm-up: median (min–max)");
    for (name, json) in cases.into_iter().filter(|(name, _)| name.contains(&only)) {
        let scenario = tco::parse_scenario(&json, tco::Format::Json, table)
            .map_err(|e| format!("{name}: {e:?}"))?;
        let (median, lo, hi) = time(|| tco::plan(&scenario).self_hosted.monthly_usd);
        println!("{name:<58} {:>10} ({}–{})", ms(median), ms(lo), ms(hi));
    }
    // The planner's placements table: the default scenario's model on every GPU offer,
    // each priced by the engine (goal: no visible pause, ≤ 100 ms).
    let placements = [
        (
            "placements, planner default (always on)",
            planner_default(MODEL, "", ""),
        ),
        (
            "placements, hourly weekday fleet",
            planner_default(&format!("{MODEL}{hourly}"), weekdays, ""),
        ),
    ];
    println!("tco::placements::placements, {REPETITIONS} runs after a warm-up");
    for (name, json) in placements
        .into_iter()
        .filter(|(name, _)| name.contains(&only))
    {
        let input = tco::from_json(&json).map_err(|e| format!("{name}: {e}"))?;
        let rows =
            tco::placements::placements(&input, table).map_err(|e| format!("{name}: {e:?}"))?;
        let (median, lo, hi) = time(|| {
            tco::placements::placements(&input, table).map_or(0.0, |rows| rows.len() as f64)
        });
        println!(
            "{name:<58} {:>10} ({}–{}), {} offers",
            ms(median),
            ms(lo),
            ms(hi),
            rows.len()
        );
    }
    Ok(())
}

/// The model the placements cases compare (a 3B model in BF16: some GPUs cannot hold it).
const MODEL: &str = r#", "model": "llama-3.2-3b", "model_format": "bf16""#;
