//! Throughput that fits the scenario (docs/cost-model.md §11–§12): the coherence warnings,
//! each with its absence when things match; the memory fit; the decode fit and the
//! adjustment it makes; projections and the placements table.

use serde_json::{json, Value};
use tco::placements::{apply, placements, PlacementBasis};
use tco::throughput::{
    fit_decode_steps, memory_fit, project, Efficiency, GpuSheet, Targets, ASSUMED_EFFICIENCY,
};
use tco::{plan, ScenarioInput};

use crate::common::assert_close;

/// A support bot on smollm2-135m q8_0 priced on an AWS L4, its throughput measured by
/// benchmark #7 on this CPU at the scenario's own lengths.
fn base() -> Value {
    json!({
        "name": "throughput coherence",
        "workload": { "requests_per_month": 1000000, "input_tokens": 500, "output_tokens": 200, "peak_to_average": 3 },
        "llm": { "model": "gpt-4o" },
        "slm": {
            "serving": "self_hosted",
            "model": "smollm2-135m",
            "model_format": "q8_0",
            "gpu": "aws:g6.xlarge",
            "prefill_tokens_per_s": 5000,
            "decode_tokens_per_s": 500,
            "throughput": {
                "basis": "benchmark", "benchmark": 7, "model": "smollm2-135m", "format": "q8_0",
                "device": "cpu", "hardware": "Intel Xeon, 2 threads", "weights": "synthetic weights",
                "prompt_tokens": 500, "gen_tokens": 200, "concurrency": 4
            }
        }
    })
}

fn input(v: &Value) -> ScenarioInput {
    serde_json::from_value(v.clone()).unwrap()
}

fn with(mut v: Value, path: &[&str], value: Value) -> Value {
    let mut at = &mut v;
    for key in &path[..path.len() - 1] {
        at = at.get_mut(*key).unwrap();
    }
    let last = path[path.len() - 1];
    if value.is_null() {
        at.as_object_mut().unwrap().remove(last);
    } else {
        at[last] = value;
    }
    v
}

fn throughput_warnings(v: &Value) -> Vec<(String, String)> {
    let s = tco::validate(&input(v), pricing::bundled_table())
        .unwrap_or_else(|e| panic!("valid scenario expected: {e:?}"));
    plan(&s)
        .warnings
        .into_iter()
        .filter(|w| w.code.starts_with("throughput"))
        .map(|w| (w.code, w.field))
        .collect()
}

#[test]
fn each_mismatch_warns_on_its_field_and_a_match_does_not() {
    type Case = (
        &'static str,
        Vec<(&'static [&'static str], Value)>,
        Vec<(&'static str, &'static str)>,
    );
    let l40s_7b: Vec<(&'static [&'static str], Value)> = vec![
        (&["slm", "gpu"], json!("aws:g6e.xlarge")),
        (&["slm", "model"], json!("qwen2.5-7b")),
        (&["slm", "model_format"], json!("bf16")),
        (&["slm", "throughput", "model"], json!("qwen2.5-7b")),
        (&["slm", "throughput", "format"], json!("bf16")),
        (&["slm", "throughput", "device"], json!("NVIDIA L40S")),
    ];
    let cases: Vec<Case> = vec![
        (
            "a CPU measurement priced on an L4 offer",
            vec![],
            vec![("throughput_device", "slm.throughput.device")],
        ),
        (
            "measured on the L4 that is priced",
            vec![(&["slm", "throughput", "device"], json!("NVIDIA L4"))],
            vec![],
        ),
        (
            "measured on an L40S, priced as an L4 (whole words: L40S is not L4)",
            vec![(&["slm", "throughput", "device"], json!("NVIDIA L40S"))],
            vec![("throughput_device", "slm.throughput.device")],
        ),
        (
            "an endpoint whose GPU was not stated",
            vec![
                (&["slm", "throughput", "basis"], json!("endpoint")),
                (&["slm", "throughput", "device"], json!("endpoint")),
            ],
            vec![("throughput_device", "slm.throughput.device")],
        ),
        (
            "an endpoint on the L4 that is priced",
            vec![
                (&["slm", "throughput", "basis"], json!("endpoint")),
                (&["slm", "throughput", "device"], json!("NVIDIA L4")),
            ],
            vec![],
        ),
        (
            "projected for the L4 that is priced",
            vec![
                (&["slm", "throughput", "basis"], json!("projected")),
                (&["slm", "throughput", "device"], json!("L4")),
                (&["slm", "throughput", "projected_from"], json!("cpu")),
            ],
            vec![],
        ),
        (
            "another model measured",
            vec![
                (&["slm", "throughput", "device"], json!("NVIDIA L4")),
                (&["slm", "throughput", "model"], json!("qwen2.5-0.5b")),
            ],
            vec![("throughput_model", "slm.model")],
        ),
        (
            "another number format measured",
            vec![
                (&["slm", "throughput", "device"], json!("NVIDIA L4")),
                (&["slm", "throughput", "format"], json!("q4_0")),
            ],
            vec![("throughput_model", "slm.model_format")],
        ),
        (
            "measured at 128/32 tokens, no fit",
            vec![
                (&["slm", "throughput", "device"], json!("NVIDIA L4")),
                (&["slm", "throughput", "prompt_tokens"], json!(128)),
                (&["slm", "throughput", "gen_tokens"], json!(32)),
            ],
            vec![("throughput_shape", "workload.input_tokens")],
        ),
        (
            "lengths within 25 %",
            vec![
                (&["slm", "throughput", "device"], json!("NVIDIA L4")),
                (&["slm", "throughput", "prompt_tokens"], json!(420)),
                (&["slm", "throughput", "gen_tokens"], json!(240)),
            ],
            vec![],
        ),
        (
            "measured at 128/32 tokens with a decode fit",
            vec![
                (&["slm", "throughput", "device"], json!("NVIDIA L4")),
                (&["slm", "throughput", "prompt_tokens"], json!(128)),
                (&["slm", "throughput", "gen_tokens"], json!(32)),
                (&["slm", "throughput", "decode_fixed_ms"], json!(10.0)),
                (
                    &["slm", "throughput", "decode_ms_per_kv_token"],
                    json!(0.001),
                ),
            ],
            vec![("throughput_adjusted", "slm.decode_tokens_per_s")],
        ),
        (
            "a benchmark without a latency target, a scenario with one",
            vec![
                (&["slm", "throughput", "device"], json!("NVIDIA L4")),
                (
                    &["workload", "latency_slo"],
                    json!({ "ttft_ms": 500, "tpot_ms": 50 }),
                ),
            ],
            vec![("throughput_slo", "workload.latency_slo")],
        ),
        (
            "a benchmark held to a looser target",
            vec![
                (&["slm", "throughput", "device"], json!("NVIDIA L4")),
                (
                    &["workload", "latency_slo"],
                    json!({ "ttft_ms": 500, "tpot_ms": 50 }),
                ),
                (&["slm", "throughput", "slo_ttft_ms"], json!(2000)),
                (&["slm", "throughput", "slo_tpot_ms"], json!(50)),
            ],
            vec![("throughput_slo", "workload.latency_slo")],
        ),
        (
            "a benchmark held to a tighter target",
            vec![
                (&["slm", "throughput", "device"], json!("NVIDIA L4")),
                (
                    &["workload", "latency_slo"],
                    json!({ "ttft_ms": 500, "tpot_ms": 50 }),
                ),
                (&["slm", "throughput", "slo_ttft_ms"], json!(400)),
                (&["slm", "throughput", "slo_tpot_ms"], json!(40)),
            ],
            vec![],
        ),
        (
            "1000 sequences of qwen2.5-7b bf16 do not fit an L40S at 700 tokens",
            [
                l40s_7b.clone(),
                vec![(&["slm", "throughput", "concurrency"][..], json!(1000))],
            ]
            .concat(),
            vec![("throughput_kv_fit", "slm.gpu")],
        ),
        (
            "100 sequences do",
            [
                l40s_7b,
                vec![(&["slm", "throughput", "concurrency"][..], json!(100))],
            ]
            .concat(),
            vec![],
        ),
        (
            "described in words only (scenario v1)",
            vec![
                (&["slm", "throughput"], Value::Null),
                (&["slm", "throughput_source"], json!("vendor sheet")),
            ],
            vec![("throughput_unchecked", "slm.throughput_source")],
        ),
        (
            "typed: an estimate, nothing to check",
            vec![(&["slm", "throughput"], json!({ "basis": "typed" }))],
            vec![],
        ),
    ];
    for (name, changes, expected) in cases {
        let mut v = base();
        for (path, value) in changes {
            v = with(v, path, value);
        }
        let got = throughput_warnings(&v);
        let expected: Vec<(String, String)> = expected
            .into_iter()
            .map(|(c, f)| (c.to_string(), f.to_string()))
            .collect();
        assert_eq!(got, expected, "{name}");
    }
}

#[test]
fn the_fit_adjusts_decode_to_the_scenarios_lengths_by_hand() {
    // a = 10 ms, b = 0.001 ms per KV token, c = 4, scenario 500/200 tokens: the mean step
    // reads 4 · (500 + 200/2) = 2400 tokens, 10 + 2.4 = 12.4 ms, so 4 / 0.0124 s
    // = 322.580645… tokens/s, in place of the 500 measured at 128/32.
    let v = [
        (&["slm", "throughput", "device"][..], json!("NVIDIA L4")),
        (&["slm", "throughput", "prompt_tokens"][..], json!(128)),
        (&["slm", "throughput", "gen_tokens"][..], json!(32)),
        (&["slm", "throughput", "decode_fixed_ms"][..], json!(10.0)),
        (
            &["slm", "throughput", "decode_ms_per_kv_token"][..],
            json!(0.001),
        ),
    ]
    .into_iter()
    .fold(base(), |v, (path, value)| with(v, path, value));
    let s = tco::validate(&input(&v), pricing::bundled_table()).unwrap();
    let t = s.slm.throughput.clone().unwrap();
    assert_close!(t.adjusted_decode_tokens_per_s.unwrap(), 4.0 / 0.0124);
    assert_close!(t.stated_decode_tokens_per_s, 500.0);
    assert_eq!(t.label, "adjusted from benchmark #7 measured at 128/32");
    let tco::scenario::SlmServing::SelfHosted(fleet) = s.slm.serving else {
        panic!("self-hosted");
    };
    assert_close!(fleet.decode_tokens_per_s, 4.0 / 0.0124);
    assert_close!(fleet.prefill_tokens_per_s, 5000.0);
    // The result, fit included, reads back as it was sent (the app reads the server's JSON).
    let result = plan(&tco::validate(&input(&v), pricing::bundled_table()).unwrap());
    let text = serde_json::to_string(&result).unwrap();
    let back: tco::PlanResult = serde_json::from_str(&text).unwrap();
    assert_eq!(back.prices.throughput, result.prices.throughput);
}

#[test]
fn a_model_that_cannot_fit_the_priced_gpu_is_an_error_on_slm_gpu() {
    // llama-3.1-8b in bf16: 8,030,261,248 parameters × 2 bytes = 16.06 GB of weights,
    // over a T4's 16 GiB less 10 % (15.46 GB).
    let v = with(
        with(base(), &["slm", "model"], json!("llama-3.1-8b")),
        &["slm", "model_format"],
        json!("bf16"),
    );
    let v = with(v, &["slm", "gpu"], json!("aws:g4dn.xlarge"));
    let errors = tco::validate(&input(&v), pricing::bundled_table()).unwrap_err();
    let error = errors
        .iter()
        .find(|e| e.field == "slm.gpu")
        .expect("an slm.gpu error");
    assert!(
        error.message.contains("cannot hold llama-3.1-8b bf16"),
        "{}",
        error.message
    );
    // Two GPUs per replica on a four-L4 instance hold it.
    let v = with(v, &["slm", "gpu"], json!("runpod:4x_L4_SECURE"));
    let v = with(v, &["slm", "gpus_per_replica"], json!(2));
    let ok = tco::validate(&input(&v), pricing::bundled_table());
    assert!(ok.is_ok(), "{ok:?}");
}

#[test]
fn a_throughput_section_names_each_bad_key() {
    let cases = [
        (json!({ "basis": "benchmark" }), "slm.throughput.benchmark"),
        (
            json!({ "basis": "typed", "benchmark": 3 }),
            "slm.throughput.benchmark",
        ),
        (
            json!({ "basis": "benchmark", "benchmark": 3, "device": "cpu", "prompt_tokens": 0, "gen_tokens": 8, "concurrency": 1 }),
            "slm.throughput.prompt_tokens",
        ),
        (
            json!({ "basis": "benchmark", "benchmark": 3, "device": "cpu", "prompt_tokens": 8, "gen_tokens": 8, "concurrency": 1, "slo_ttft_ms": 100 }),
            "slm.throughput.slo_tpot_ms",
        ),
        (
            json!({ "basis": "projected", "benchmark": 3, "device": "L4", "prompt_tokens": 8, "gen_tokens": 8, "concurrency": 1 }),
            "slm.throughput.projected_from",
        ),
        (
            json!({ "basis": "benchmark", "benchmark": 3, "device": "cpu", "model": "gpt-9", "prompt_tokens": 8, "gen_tokens": 8, "concurrency": 1 }),
            "slm.throughput.model",
        ),
    ];
    for (section, field) in cases {
        let v = with(base(), &["slm", "throughput"], section.clone());
        let errors = tco::validate(&input(&v), pricing::bundled_table()).unwrap_err();
        assert!(
            errors.iter().any(|e| e.field == field),
            "{section}: expected an error on {field}, got {errors:?}"
        );
    }
    let both = with(base(), &["slm", "throughput_source"], json!("vendor sheet"));
    let errors = tco::validate(&input(&both), pricing::bundled_table()).unwrap_err();
    assert!(errors.iter().any(|e| e.field == "slm.throughput_source"));
    let unknown = with(base(), &["slm", "model"], json!("gpt-4o"));
    let errors = tco::validate(&input(&unknown), pricing::bundled_table()).unwrap_err();
    assert!(errors.iter().any(|e| e.field == "slm.model"), "{errors:?}");
}

#[test]
fn the_fit_recovers_a_and_b_from_synthetic_steps_within_one_percent() {
    // t(k) = 12.5 + 0.0031·k ms over k = 4·(512 + i), i = 1..127, with ±0.5 % deterministic
    // noise (a fixed alternating pattern, so the test cannot flake).
    let (a, b) = (12.5, 0.0031);
    let steps: Vec<(f64, f64)> = (1..128)
        .map(|i| {
            let k = 4.0 * (512.0 + f64::from(i));
            let noise = 1.0 + 0.005 * [1.0, -0.6, 0.2, -1.0, 0.7][i as usize % 5];
            (k, (a + b * k) * noise)
        })
        .collect();
    let fit = fit_decode_steps(&steps).unwrap();
    assert!((fit.fixed_ms - a).abs() / a < 0.01, "a = {}", fit.fixed_ms);
    assert!(
        (fit.ms_per_kv_token - b).abs() / b < 0.01,
        "b = {}",
        fit.ms_per_kv_token
    );
    assert_eq!(fit.steps, 127);
    assert!(fit.max_relative_residual < 0.011);
    assert!(fit_decode_steps(&[(1.0, 2.0)]).is_none());
    assert!(fit_decode_steps(&[(1.0, 2.0), (1.0, 3.0)]).is_none());
}

#[test]
fn memory_fit_by_hand() {
    // qwen2.5-7b bf16 on one L40S (44.7 GiB): 28 layers × 2 × 4 KV heads × 128 × 2 bytes =
    // 57,344 bytes per token; 100 sequences × 700 tokens = 4.01408 GB of KV cache.
    let arch = models::architecture("qwen2.5-7b").unwrap();
    let fit = memory_fit(arch, models::WeightDtype::Bf16, 1.0, 44.7, 100.0, 700.0);
    assert_close!(fit.kv_bytes, 57_344.0 * 700.0 * 100.0);
    assert_close!(fit.weight_bytes, arch.parameter_count() as f64 * 2.0);
    assert_close!(fit.budget_bytes, 44.7 * 1_073_741_824.0 * 0.9);
    assert!(fit.fits());
}

#[test]
fn a_projection_by_hand() {
    // smollm2-135m q8_0 (34/32 bytes per weight) on an L4 (300 GB/s, 121 TFLOP/s BF16), at
    // 50 % of the bandwidth and 25 % of the peak, 128/32 tokens, no target: the largest
    // concurrency that fits (capped at 256) is 256; step = (W_s + 256·k·(128 + 16)) ÷
    // (300e9 · 0.5), decode = 256 ÷ step.
    let arch = models::architecture("smollm2-135m").unwrap();
    let format = models::WeightDtype::Q8_0;
    let sheet = GpuSheet {
        name: "L4".into(),
        memory_bandwidth_gb_s: 300.0,
        bf16_dense_tflops: Some(121.0),
        memory_gib: 22.4,
    };
    let eff = Efficiency::clamped(0.5, 0.25).unwrap();
    let p = project(arch, format, &sheet, 1.0, eff, (128.0, 32.0), None).unwrap();
    assert_eq!(p.concurrency, 256);
    let streamed = arch.weight_parameters_in_matmuls() as f64 * 34.0 / 32.0;
    let kv = arch.kv_bytes_per_token(2.0);
    let step = (streamed + 256.0 * kv * 144.0) / 150e9;
    assert_close!(p.decode_tokens_per_s, 256.0 / step);
    assert_close!(p.tpot_ms, step * 1000.0);
    // A TPOT target of half that step forces a smaller batch, and one that even one
    // sequence misses is an error that says so.
    let tight = Targets {
        ttft_ms: 1e9,
        tpot_ms: step * 500.0,
    };
    let smaller = project(arch, format, &sheet, 1.0, eff, (128.0, 32.0), Some(tight)).unwrap();
    assert!(smaller.concurrency < 256 && smaller.tpot_ms <= step * 500.0);
    let impossible = Targets {
        ttft_ms: 1e9,
        tpot_ms: 1e-6,
    };
    assert!(project(
        arch,
        format,
        &sheet,
        1.0,
        eff,
        (128.0, 32.0),
        Some(impossible)
    )
    .is_err());
}

#[test]
fn placements_list_every_offer_cheapest_first_and_apply_gives_the_rows_figures() {
    let v = base();
    let rows = placements(&input(&v), pricing::bundled_table()).unwrap();
    assert!(rows.len() >= 45, "{} rows", rows.len());
    let costs: Vec<f64> = rows.iter().filter_map(|r| r.monthly_usd).collect();
    assert!(
        costs.windows(2).all(|w| w[0] <= w[1]),
        "sorted cheapest first"
    );
    assert!(costs.len() > 30);
    // The CPU measurement is not an L4's: the L4 row is a projection from the benchmark's
    // efficiency... which this scenario does not carry, so the assumed efficiency, labelled.
    let l4 = rows.iter().find(|r| r.offer == "aws:g6.xlarge").unwrap();
    assert!(l4.current);
    assert_eq!(l4.basis, PlacementBasis::ProjectedAssumed);
    assert!(l4.label.starts_with("projected, not measured"));
    // Applying a row gives a scenario whose cost is the row's, with no throughput warning.
    for row in rows.iter().filter(|r| r.monthly_usd.is_some()).take(5) {
        let applied = apply(&input(&v), row.apply.as_ref().unwrap());
        let s = tco::validate(&applied, pricing::bundled_table()).unwrap();
        let result = plan(&s);
        assert_close!(result.self_hosted.monthly_usd, row.monthly_usd.unwrap());
        let warnings: Vec<_> = result
            .warnings
            .iter()
            .filter(|w| w.code.starts_with("throughput"))
            .collect();
        assert!(warnings.is_empty(), "{}: {warnings:?}", row.offer);
    }
    // The CPU it was measured on is listed, but has no price in the GPU table.
    let cpu = rows.iter().find(|r| r.offer == "cpu").unwrap();
    assert!(cpu.monthly_usd.is_none() && cpu.note.is_some());
}

#[test]
fn a_benchmarks_efficiency_projects_every_row_and_matches_the_projection_function() {
    // With efficiencies measured (benchmark #7 at 40 % / 20 %), a row is projected from them,
    // and its figures are exactly `project` at the scenario's lengths and target.
    let v = with(
        with(
            base(),
            &["slm", "throughput", "decode_bandwidth_efficiency"],
            json!(0.4),
        ),
        &["slm", "throughput", "prefill_mfu"],
        json!(0.2),
    );
    let rows = placements(&input(&v), pricing::bundled_table()).unwrap();
    let h100 = rows
        .iter()
        .find(|r| r.offer == "lambda:gpu_1x_h100_sxm5")
        .unwrap();
    assert_eq!(h100.basis, PlacementBasis::ProjectedFromBenchmark);
    let offer = pricing::gpus::bundled_gpus()
        .get("lambda:gpu_1x_h100_sxm5")
        .unwrap();
    let expected = project(
        models::architecture("smollm2-135m").unwrap(),
        models::WeightDtype::Q8_0,
        &GpuSheet::of(offer).unwrap(),
        1.0,
        Efficiency::clamped(0.4, 0.2).unwrap(),
        (500.0, 200.0),
        None,
    )
    .unwrap();
    assert_close!(
        h100.decode_tokens_per_s.unwrap(),
        expected.decode_tokens_per_s
    );
    assert_close!(
        h100.prefill_tokens_per_s.unwrap(),
        expected.prefill_tokens_per_s
    );
    assert_eq!(h100.concurrency, Some(expected.concurrency as f64));
    // A GPU whose sheet has no BF16 peak says so instead of guessing.
    let t4 = rows.iter().find(|r| r.offer == "aws:g4dn.xlarge").unwrap();
    assert!(t4.monthly_usd.is_none());
    assert!(
        t4.note.as_deref().unwrap().contains("no BF16 peak"),
        "{:?}",
        t4.note
    );
    assert_eq!(ASSUMED_EFFICIENCY.decode_bandwidth, 0.6);
}

#[test]
fn placements_need_a_self_hosted_named_model() {
    let v = with(base(), &["slm", "model"], Value::Null);
    let v = with(v, &["slm", "model_format"], Value::Null);
    let errors = placements(&input(&v), pricing::bundled_table()).unwrap_err();
    assert_eq!(errors[0].field, "slm.model");
}

#[test]
fn the_docs_projection_of_llama_3_2_3b_on_an_h100_by_hand() {
    // docs/cost-model.md §11: 3,212,574,720 matmul weights × 2 bytes streamed per step,
    // 114,688 KV bytes per token, 256 sequences (882 fit, capped at 256) at 500/200 tokens
    // on an H100 SXM (3,350 GB/s, 989 TFLOP/s) at the assumed 60 % / 40 %.
    let arch = models::architecture("llama-3.2-3b").unwrap();
    assert_eq!(arch.weight_parameters_in_matmuls(), 3_212_574_720);
    let offer = pricing::gpus::bundled_gpus()
        .get("lambda:gpu_1x_h100_sxm5")
        .unwrap();
    let sheet = GpuSheet::of(offer).unwrap();
    let p = project(
        arch,
        models::WeightDtype::Bf16,
        &sheet,
        1.0,
        ASSUMED_EFFICIENCY,
        (500.0, 200.0),
        None,
    )
    .unwrap();
    assert_eq!(p.concurrency, 256);
    assert_eq!(
        tco::throughput::max_concurrency(arch, models::WeightDtype::Bf16, 1.0, 80.0, 700.0),
        256
    );
    // step = (6,425,149,440 + 256 · 114,688 · 600) ÷ (3,350e9 · 0.6) = 11.9608 ms
    let step = (6_425_149_440.0 + 256.0 * 114_688.0 * 600.0) / (3350e9 * 0.6);
    assert_close!(p.tpot_ms, step * 1000.0);
    assert!((p.decode_tokens_per_s - 21_403.234).abs() < 0.001);
    // prefill = 256 · (500 · 6,425,149,440 + 344,064 · 500 · 499 / 2) ÷ (989e12 · 0.4)
    let ttft = 256.0 * (500.0 * 6_425_149_440.0 + 344_064.0 * 124_750.0) / (989e12 * 0.4);
    assert_close!(p.ttft_ms, ttft * 1000.0);
    assert!((p.prefill_tokens_per_s - 60_758.778).abs() < 0.001);
}

#[test]
fn a_projection_is_reprojected_at_the_scenarios_lengths_on_its_replicas_gpus() {
    // Projected for 2 L4s per replica at 128/32 tokens, concurrency 8, priced at 500/200:
    // decode = 8 ÷ step(8) at 500/200 on 2 × 300 GB/s at 50 % (§11), not the stated 900.
    let v = with(base(), &["slm", "gpu"], json!("runpod:4x_L4_SECURE"));
    let v = with(v, &["slm", "gpus_per_replica"], json!(2));
    let v = with(
        v,
        &["slm", "throughput"],
        json!({
            "basis": "projected", "benchmark": 7, "model": "smollm2-135m", "format": "q8_0",
            "device": "L4", "projected_from": "cpu", "prompt_tokens": 128, "gen_tokens": 32,
            "concurrency": 8, "decode_bandwidth_efficiency": 0.5, "prefill_mfu": 0.25
        }),
    );
    let v = with(v, &["slm", "decode_tokens_per_s"], json!(900));
    let s = tco::validate(&input(&v), pricing::bundled_table()).unwrap();
    let offer = pricing::gpus::bundled_gpus()
        .get("runpod:4x_L4_SECURE")
        .unwrap();
    let step = tco::throughput::decode_step_s(
        models::architecture("smollm2-135m").unwrap(),
        models::WeightDtype::Q8_0,
        &GpuSheet::of(offer).unwrap(),
        2.0,
        Efficiency::clamped(0.5, 0.25).unwrap(),
        8.0,
        (500.0, 200.0),
    );
    let t = s.slm.throughput.as_ref().unwrap();
    assert_close!(t.adjusted_decode_tokens_per_s.unwrap(), 8.0 / step);
    assert_eq!(t.label, "adjusted from benchmark #7 measured at 128/32");
}
