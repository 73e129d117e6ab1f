//! A benchmark's figures in a scenario: every point carries its decode fit, every projection
//! per replica is `tco::throughput::project`'s, and "Use in scenario"
//! (`BenchResult::throughput_input`) puts exactly the figures shown into a scenario, which
//! the engine then holds against what is priced.

use std::sync::atomic::AtomicBool;

use api::bench::ThroughputChoice;
use api::BenchmarkId;
use bench::{BenchRequest, DeviceName, WeightDtype, WeightsSource};
use serde_json::json;
use tco::throughput::{project, GpuSheet};

fn measured() -> bench::BenchResult {
    let request = BenchRequest {
        model: Some("smollm2-135m".into()),
        weights: WeightsSource::Synthetic,
        dtype: Some(WeightDtype::Q8_0),
        device: DeviceName::Cpu,
        concurrency: vec![1],
        prompt_tokens: 16,
        gen_tokens: 12,
        repetitions: 5,
        slo: None,
        threads: None,
        seed: 0,
        max_memory_bytes: None,
        endpoint: None,
    };
    bench::run(&request, "test", &mut |_| {}, &AtomicBool::new(false)).unwrap()
}

/// A scenario at the benchmark's own lengths, priced on `gpu`, with "Use in scenario" applied.
fn scenario(result: &bench::BenchResult, choice: &ThroughputChoice, gpu: &str) -> tco::Scenario {
    let (section, prefill, decode) = result.throughput_input(BenchmarkId(7), choice).unwrap();
    let input = json!({
        "name": "use in scenario",
        "workload": { "requests_per_month": 1000000, "input_tokens": 16, "output_tokens": 12 },
        "llm": { "model": "gpt-4o" },
        "slm": {
            "serving": "self_hosted", "model": "smollm2-135m", "model_format": "q8_0", "gpu": gpu,
            "prefill_tokens_per_s": prefill, "decode_tokens_per_s": decode,
            "throughput": serde_json::to_value(&section).unwrap()
        }
    });
    let input: tco::ScenarioInput = serde_json::from_value(input).unwrap();
    tco::validate(&input, pricing::bundled_table()).unwrap()
}

fn throughput_codes(s: &tco::Scenario) -> Vec<String> {
    tco::plan(s)
        .warnings
        .into_iter()
        .filter(|w| w.code.starts_with("throughput"))
        .map(|w| w.code)
        .collect()
}

#[test]
fn a_cpu_benchmark_used_in_scenarios_is_checked_and_its_projection_is_the_one_shown() {
    let result = measured();
    // Every point's decode fit covers its 11 decode steps, with a slope that is not negative.
    for point in &result.points {
        let fit = point.decode_fit.expect("a decode fit per point");
        assert_eq!(fit.steps, 11);
        assert!(fit.ms_per_kv_token >= 0.0 && fit.fixed_ms.is_finite());
    }
    // Each replica projection is exactly the shared projection function's.
    let arch = models::architecture("smollm2-135m").unwrap();
    let with_replica: Vec<_> = result
        .projections
        .iter()
        .filter(|p| p.replica.is_some())
        .collect();
    assert!(!with_replica.is_empty(), "{:?}", result.projections);
    for p in &with_replica {
        let sheet = pricing::bundled_gpus()
            .offers
            .iter()
            .filter_map(GpuSheet::of)
            .filter(|s| s.name == p.gpu)
            .min_by(|a, b| a.memory_gib.total_cmp(&b.memory_gib))
            .unwrap();
        let expected = project(
            arch,
            WeightDtype::Q8_0,
            &sheet,
            1.0,
            p.efficiency.unwrap(),
            (16.0, 12.0),
            None,
        )
        .unwrap();
        assert_eq!(p.replica, Some(expected), "{}", p.gpu);
    }
    // The CPU measurement priced on an L4 offer warns; the L4 projection does not, and the
    // scenario prices exactly the projection's figures.
    let on_l4 = scenario(&result, &ThroughputChoice::Measured, "aws:g6.xlarge");
    assert_eq!(throughput_codes(&on_l4), vec!["throughput_device"]);
    let l4 = result.projections.iter().find(|p| p.gpu == "L4").unwrap();
    let projected = scenario(
        &result,
        &ThroughputChoice::Projected("L4".into()),
        "aws:g6.xlarge",
    );
    assert_eq!(throughput_codes(&projected), Vec::<String>::new());
    let tco::scenario::SlmServing::SelfHosted(fleet) = &projected.slm.serving else {
        panic!("self-hosted");
    };
    let replica = l4.replica.unwrap();
    assert_eq!(fleet.decode_tokens_per_s, replica.decode_tokens_per_s);
    assert_eq!(fleet.prefill_tokens_per_s, replica.prefill_tokens_per_s);
    let t = projected.slm.throughput.as_ref().unwrap();
    assert_eq!(t.label, "projected, not measured");
    assert_eq!(t.concurrency, replica.concurrency as f64);
    // Asking for a GPU the result has no projection for says so.
    let missing =
        result.throughput_input(BenchmarkId(7), &ThroughputChoice::Projected("TPU".into()));
    assert!(missing.unwrap_err().contains("no projection for TPU"));
}
