//! On the real SmolLM2-135M fixture, the lean decoder and candle-transformers'
//! `quantized_llama` compute the same function.
//!
//! Two checks, because the quantized kernels quantize the activations too (to 8-bit blocks),
//! so a last-bit difference in operation order can flip a rounding and grow over 30 layers:
//! - with the shipped Q4_1 kernels, greedy continuations are identical for 12 steps and logits
//!   agree within 5 % of max |logit|;
//! - with the matrices dequantized to f32 (`CANDLE_DEQUANTIZE_ALL`), logits agree within
//!   1e-4 × (1 + max |logit|). candle reads that variable from the environment once per
//!   thread, and every test of this binary shares the process, so that check runs in a child
//!   process of its own (this binary again, filtered to that one test) with the variable set:
//!   setting it here would dequantize whatever other test built a model next.

use bench::gguf::read_content;
use bench::weights::build_from_gguf;
use candle_core::{Device, Tensor};
use candle_transformers::models::quantized_llama::ModelWeights;

use crate::common::{self, fixture};

/// Greedy steps of both models from the same prompt: the largest |Δlogit| relative to the
/// largest |logit|, and whether every chosen token agreed.
fn run_both(steps: usize) -> (f32, bool) {
    let path = fixture();
    let name = path.display().to_string();
    let mut file = std::fs::File::open(&path).unwrap();
    let content = read_content(&mut file, &name).unwrap();
    let ours = build_from_gguf(&content, &mut file, &name, None, &Device::Cpu).unwrap();
    let mut file = std::fs::File::open(&path).unwrap();
    let content = candle_core::quantized::gguf_file::Content::read(&mut file).unwrap();
    let mut theirs = ModelWeights::from_gguf(content, &mut file, &Device::Cpu).unwrap();
    // "<|im_start|>user\nWhat is the capital of France?" in SmolLM2's vocabulary.
    let prompt: Vec<u32> = vec![1, 4093, 198, 1780, 314, 260, 3575, 282, 4649, 47];
    let mut cache = ours.new_cache(1, prompt.len() + steps).unwrap();
    let mut input = Tensor::new(prompt.as_slice(), &Device::Cpu)
        .unwrap()
        .unsqueeze(0)
        .unwrap();
    let (mut offset, mut worst, mut agreed) = (0, 0f32, true);
    for _ in 0..steps {
        let a = ours
            .forward(&input, &mut cache)
            .unwrap()
            .flatten_all()
            .unwrap();
        let b = theirs
            .forward(&input, offset)
            .unwrap()
            .flatten_all()
            .unwrap();
        let (diff, scale) = common::max_diff_and_scale(&a, &b);
        assert!(scale > 1.0, "real logits are not tiny: {scale}");
        worst = worst.max(diff / (1.0 + scale));
        let (x, y) = (
            a.argmax(0).unwrap().to_scalar::<u32>().unwrap(),
            b.argmax(0).unwrap().to_scalar::<u32>().unwrap(),
        );
        agreed &= x == y;
        offset += input.dim(1).unwrap();
        input = Tensor::new(&[[y]], &Device::Cpu).unwrap();
    }
    (worst, agreed)
}

#[test]
fn fixture_logits_match_candle_transformers() {
    let (quantized_worst, quantized_agreed) = run_both(12);
    println!("shipped Q4_1 kernels: max relative |Δlogit| {quantized_worst}");
    assert!(
        quantized_agreed,
        "greedy tokens differ with the shipped kernels"
    );
    assert!(
        quantized_worst <= 0.05,
        "relative |Δlogit| {quantized_worst}"
    );
}

/// candle's switch to dequantize every quantized matrix to f32 when it is built.
const DEQUANTIZE: &str = "CANDLE_DEQUANTIZE_ALL";

#[test]
fn fixture_logits_match_candle_transformers_dequantized() {
    if std::env::var_os(DEQUANTIZE).is_none() {
        rerun_dequantized("fixture_logits_match_candle_transformers_dequantized");
        return;
    }
    let (dense_worst, dense_agreed) = run_both(6);
    println!("dequantized to f32: max relative |Δlogit| {dense_worst}");
    assert!(dense_agreed);
    assert!(dense_worst <= 1e-4, "relative |Δlogit| {dense_worst}");
}

/// Runs the test `name` of this module alone in a child process of this binary with
/// `CANDLE_DEQUANTIZE_ALL=1`, and fails with its output when it fails.
fn rerun_dequantized(name: &str) {
    // The test's path as libtest names it: the module path without the crate's name.
    let module = module_path!().split_once("::").map_or("", |(_, m)| m);
    let test = format!("{module}::{name}");
    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new(exe)
        .args([test.as_str(), "--exact", "--nocapture", "--test-threads=1"])
        .env(DEQUANTIZE, "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    print!("{stdout}");
    assert!(
        out.status.success(),
        "{test} with {DEQUANTIZE}=1 failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A filter that matched nothing would pass silently: the child must have run the test.
    assert!(stdout.contains("1 passed"), "{test} did not run:\n{stdout}");
}
