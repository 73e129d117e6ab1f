//! Bad input gets a clear error naming the field and the reason, before anything big is
//! allocated; a cancelled run returns `Cancelled`; memory limits stop a sweep, not the process.

use std::io::Cursor;
use std::sync::atomic::{AtomicBool, Ordering};

use bench::catalog::Family;
use bench::config::DecoderConfig;
use bench::{BenchError, BenchRequest, DeviceName, WeightDtype, WeightsSource};
use candle_core::quantized::gguf_file::{self, Value};
use candle_core::quantized::{GgmlDType, QTensor};
use candle_core::{Device, Tensor};

fn request(model: &str) -> BenchRequest {
    BenchRequest {
        model: Some(model.to_string()),
        weights: WeightsSource::Synthetic,
        dtype: Some(WeightDtype::Q8_0),
        device: DeviceName::Cpu,
        concurrency: vec![1],
        prompt_tokens: 8,
        gen_tokens: 4,
        repetitions: 5,
        slo: None,
        threads: None,
        seed: 0,
        max_memory_bytes: None,
        endpoint: None,
    }
}

fn run(request: &BenchRequest) -> Result<bench::BenchResult, BenchError> {
    bench::run(request, "test", &mut |_| {}, &AtomicBool::new(false))
}

fn message(result: Result<bench::BenchResult, BenchError>) -> String {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

/// A change that spoils a good request.
type Edit = Box<dyn Fn(&mut BenchRequest)>;

#[test]
fn bad_requests_name_the_field() {
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "unknown model",
            Box::new(|r| r.model = Some("gpt-9".into())),
            "model: unknown model id `gpt-9`",
        ),
        (
            "no model",
            Box::new(|r| r.model = None),
            "model: synthetic weights need a catalog model id",
        ),
        (
            "prompt 0",
            Box::new(|r| r.prompt_tokens = 0),
            "prompt_tokens: must be between 1",
        ),
        (
            "gen 0",
            Box::new(|r| r.gen_tokens = 0),
            "gen_tokens: must be between 1",
        ),
        (
            "gen 1",
            Box::new(|r| r.gen_tokens = 1),
            "gen_tokens: must be at least 2",
        ),
        (
            "huge prompt",
            Box::new(|r| r.prompt_tokens = 10_000_000),
            "prompt_tokens: must be between 1 and 32768",
        ),
        (
            "few reps",
            Box::new(|r| r.repetitions = 3),
            "repetitions: must be between 5",
        ),
        (
            "no concurrency",
            Box::new(|r| r.concurrency = vec![]),
            "concurrency: give at least one",
        ),
        (
            "zero concurrency",
            Box::new(|r| r.concurrency = vec![0, 2]),
            "concurrency: must be between 1",
        ),
        (
            "descending",
            Box::new(|r| r.concurrency = vec![4, 2]),
            "concurrency: must be strictly ascending",
        ),
        (
            "slo",
            Box::new(|r| {
                r.slo = Some(bench::Slo {
                    ttft_ms: -1.0,
                    tpot_ms: 50.0,
                })
            }),
            "slo.ttft_ms: must be a positive",
        ),
        (
            "q4_k rows",
            Box::new(|r| r.dtype = Some(WeightDtype::Q4K)),
            "dtype: q4_k packs rows in blocks of 256; this model's hidden_size 576",
        ),
        (
            "missing file",
            Box::new(|r| {
                r.weights = WeightsSource::Path {
                    path: "/nonexistent/model.gguf".into(),
                }
            }),
            "weights: /nonexistent/model.gguf: no such file",
        ),
    ];
    for (name, edit, expected) in cases {
        let mut r = request("smollm2-135m");
        edit(&mut r);
        let check = bench::check_request(&r).err().map(|e| e.to_string());
        let got = check.unwrap_or_else(|| message(run(&r)));
        assert!(
            got.contains(expected),
            "{name}: {got:?} does not contain {expected:?}"
        );
    }
}

/// A device is checked where a request is read: `tpu` never becomes a `BenchRequest`, and the
/// error names the field.
#[test]
fn an_unknown_device_is_refused_when_the_request_is_read() {
    let mut json = serde_json::to_value(request("smollm2-135m")).unwrap();
    json["device"] = "tpu".into();
    let err = serde_path_to_error::deserialize::<_, BenchRequest>(json).unwrap_err();
    let got = format!("{}: {}", err.path(), err.inner());
    let expected = "device: `tpu` is not `cpu` or `cuda:N`";
    assert!(
        got.contains(expected),
        "{got:?} does not contain {expected:?}"
    );
}

#[test]
fn a_cuda_device_without_cuda_is_a_clear_error() {
    if candle_core::utils::cuda_is_available() {
        return; // built with the cuda feature on a GPU host: cuda:0 is real there
    }
    let mut r = request("smollm2-135m");
    r.device = DeviceName::Cuda(0);
    assert!(message(run(&r)).contains("device: cuda:0: no CUDA device"));
}

fn write_gguf(path: &std::path::Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn bad_weight_files_are_rejected_with_the_reason() {
    let dir = tempdir();
    let config = DecoderConfig {
        family: Family::Llama,
        hidden_size: 64,
        intermediate_size: 128,
        num_layers: 1,
        num_attention_heads: 4,
        num_kv_heads: 2,
        head_dim: 16,
        vocab_size: 64,
        tie_word_embeddings: true,
        rope_theta: 10_000.0,
        rope_scaling: None,
        max_position_embeddings: 64,
        rms_norm_eps: 1e-5,
        rope_interleaved: false,
    };
    let good = bench::gguf::synthetic_gguf(&config, WeightDtype::Q8_0, 1).unwrap();

    let truncated = dir.join("truncated.gguf");
    write_gguf(&truncated, &good[..good.len() / 2]);
    let garbage = dir.join("garbage.gguf");
    write_gguf(&garbage, b"this is not a model file at all");
    let gpt2 = dir.join("gpt2.gguf");
    let tiny = QTensor::quantize(
        &Tensor::ones((4, 32), candle_core::DType::F32, &Device::Cpu).unwrap(),
        GgmlDType::F32,
    )
    .unwrap();
    let mut bytes = Cursor::new(Vec::new());
    let arch = Value::String("gpt2".into());
    gguf_file::write(
        &mut bytes,
        &[("general.architecture", &arch)],
        &[("token_embd.weight", &tiny)],
    )
    .unwrap();
    write_gguf(&gpt2, bytes.get_ref());

    for (path, expected) in [
        (&truncated, "weights: "),
        (&garbage, "not a readable GGUF file"),
        (&gpt2, "unsupported architecture `gpt2`"),
    ] {
        let mut r = request("smollm2-135m");
        r.model = None;
        r.dtype = None;
        r.weights = WeightsSource::Path {
            path: path.display().to_string(),
        };
        let got = message(run(&r));
        assert!(got.contains(expected), "{}: {got:?}", path.display());
        assert!(
            got.contains(&path.display().to_string()),
            "names the file: {got:?}"
        );
    }
}

#[test]
fn a_model_larger_than_the_memory_budget_is_refused_before_loading() {
    let mut r = request("smollm2-1.7b");
    r.dtype = Some(WeightDtype::F32); // ≈ 6.8 GB
    r.max_memory_bytes = Some(1 << 30);
    let start = std::time::Instant::now();
    let got = message(run(&r));
    assert!(
        got.starts_with("memory: smollm2-1.7b in f32 needs"),
        "{got}"
    );
    assert!(got.contains("1.00 GiB available"), "{got}");
    assert!(
        start.elapsed().as_secs() < 20,
        "refused before generating any weights"
    );
}

#[test]
fn the_sweep_stops_where_the_kv_cache_no_longer_fits() {
    let mut r = request("smollm2-135m");
    r.concurrency = vec![1, 4096];
    r.max_memory_bytes = Some(1 << 30);
    let result = run(&r).unwrap();
    assert_eq!(result.points.len(), 1);
    assert!(
        result.stopped.contains("stopped before concurrency 4096"),
        "{}",
        result.stopped
    );
}

#[test]
fn cancelling_ends_the_run_with_cancelled() {
    let cancel = AtomicBool::new(false);
    let mut r = request("smollm2-135m");
    r.gen_tokens = 64;
    let result = bench::run(
        &r,
        "test",
        &mut |p| {
            if p.phase == "measuring" {
                cancel.store(true, Ordering::Relaxed);
            }
        },
        &cancel,
    );
    assert!(
        matches!(result, Err(BenchError::Cancelled)),
        "{:?}",
        result.err()
    );
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("bench-errors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// An SLO no concurrency can meet still times the first concurrency (issue 16: the run used
/// to fail with "nothing measured", leaving the no-goodput state nothing to relax the SLO
/// to), then stops: the later ones are not run.
#[test]
fn an_unreachable_slo_times_the_first_concurrency_and_stops() {
    let mut r = request("smollm2-135m");
    r.concurrency = vec![1, 2, 4];
    r.slo = Some(bench::Slo {
        ttft_ms: 0.001,
        tpot_ms: 0.001,
    });
    let result = run(&r).expect("the first concurrency is measured");
    assert_eq!(result.points.len(), 1, "{:?}", result.stopped);
    assert_eq!(result.points[0].concurrency, 1);
    assert_eq!(result.points[0].meets_slo, Some(false));
    assert!(result.goodput.is_none());
    assert!(
        result.stopped.starts_with("stopped after concurrency 1"),
        "{}",
        result.stopped
    );
}

/// Issue 15: `bench --concurrency 4096 --prompt 32768 --gen 8192 --max-memory-mib 512`
/// loaded its weights, probed with a 512 MiB array (605 MiB peak) and returned a result with
/// no point. The first concurrency's KV cache is now checked with the weights, before either
/// is allocated.
#[test]
fn a_first_concurrency_beyond_the_memory_cap_is_refused_before_loading() {
    let mut r = request("smollm2-135m");
    r.concurrency = vec![4096];
    r.prompt_tokens = 32_768;
    r.gen_tokens = 8_192;
    r.max_memory_bytes = Some(512 << 20);
    let start = std::time::Instant::now();
    let result = run(&r);
    assert!(
        matches!(result, Err(BenchError::OutOfMemory { .. })),
        "{:?}",
        result.as_ref().err()
    );
    let got = message(result);
    assert!(
        got.starts_with("memory: smollm2-135m in q8_0 with concurrency 4096 × (32768 + 8192) tokens of KV cache and activations needs"),
        "{got}"
    );
    assert!(got.contains("0.50 GiB available"), "{got}");
    assert!(start.elapsed().as_secs() < 20, "refused before loading");
}

/// What a server checks of `max_memory_bytes` before queueing: at least the weights and one
/// request, at most the machine.
#[test]
fn a_memory_ceiling_below_the_model_or_above_the_machine_is_refused() {
    let mut r = request("smollm2-135m");
    r.max_memory_bytes = Some(1);
    let got = bench::memory::check_max_memory(&r).unwrap_err().to_string();
    assert!(got.starts_with("max_memory_bytes: 1 bytes"), "{got}");
    assert!(got.contains("it needs at least"), "{got}");
    r.max_memory_bytes = Some(1 << 50);
    let got = bench::memory::check_max_memory(&r).unwrap_err().to_string();
    assert!(got.contains("is more than cpu has"), "{got}");
    r.max_memory_bytes = Some(1 << 30);
    assert!(bench::memory::check_max_memory(&r).is_ok());
    r.max_memory_bytes = None;
    assert!(bench::memory::check_max_memory(&r).is_ok());
}

#[test]
fn a_synthetic_gguf_file_is_labelled_synthetic_not_real() {
    let dir = tempdir();
    let mut config =
        DecoderConfig::from_architecture(bench::catalog::architecture("smollm2-135m").unwrap())
            .unwrap();
    config.num_layers = 2;
    let path = dir.join("synthetic.gguf");
    write_gguf(
        &path,
        &bench::gguf::synthetic_gguf(&config, WeightDtype::Q8_0, 3).unwrap(),
    );
    let mut r = request("smollm2-135m");
    r.model = None;
    r.dtype = None;
    r.weights = WeightsSource::Path {
        path: path.display().to_string(),
    };
    let result = run(&r).unwrap();
    assert_eq!(result.weights_label, "synthetic weights");
    assert!(result
        .reproducibility
        .weights_kind
        .starts_with("synthetic weights: GGUF"));
    assert_eq!(result.dtype, WeightDtype::Q8_0);
}

/// A safetensors checkpoint directory (config.json + *.safetensors, Hugging Face names) runs
/// as real weights with the directory's hash recorded; a missing tensor is a clear error.
#[test]
fn a_safetensors_directory_runs_and_a_missing_tensor_is_named() {
    let dir = tempdir().join("checkpoint");
    std::fs::create_dir_all(&dir).unwrap();
    let config = r#"{"model_type": "qwen2", "hidden_size": 64, "intermediate_size": 128,
        "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
        "vocab_size": 96, "tie_word_embeddings": true, "rope_theta": 10000.0,
        "max_position_embeddings": 64, "rms_norm_eps": 1e-6}"#;
    std::fs::write(dir.join("config.json"), config).unwrap();
    let decoder_config = DecoderConfig::from_hf_config(config, "checkpoint").unwrap();
    let mut tensors: std::collections::HashMap<String, Tensor> =
        bench::weights::tensor_names(&decoder_config)
            .into_iter()
            .map(|(name, shape)| {
                let t = bench::weights::synthetic_tensor(&name, &shape, 9, &Device::Cpu).unwrap();
                (name, t)
            })
            .collect();
    candle_core::safetensors::save(&tensors, dir.join("model.safetensors")).unwrap();
    let mut r = request("smollm2-135m");
    r.model = None;
    r.dtype = Some(WeightDtype::F32);
    r.weights = WeightsSource::Path {
        path: dir.display().to_string(),
    };
    let result = run(&r).unwrap();
    assert_eq!(result.weights_label, "real weights");
    assert_eq!(
        result
            .reproducibility
            .weights_sha256
            .as_ref()
            .map(String::len),
        Some(64)
    );
    assert_eq!(result.points.len(), 1);

    tensors.remove("model.layers.1.mlp.down_proj.weight");
    candle_core::safetensors::save(&tensors, dir.join("model.safetensors")).unwrap();
    let got = message(run(&r));
    assert!(
        got.contains("tensor model.layers.1.mlp.down_proj.weight is missing"),
        "{got}"
    );
}

/// Phi-3 and Gemma run on the llama-family decoder in their own matrix shapes, and say what is
/// left out of their function.
#[test]
fn phi_and_gemma_run_in_their_shapes_and_say_what_is_approximated() {
    for id in ["phi-3.5-mini", "gemma-2-2b", "gemma-3-1b"] {
        let arch = bench::catalog::architecture(id).unwrap();
        let config = DecoderConfig::from_architecture(arch).unwrap();
        assert_eq!(
            (config.hidden_size, config.head_dim),
            (arch.hidden_size, arch.head_dim)
        );
        assert!(arch.family.decoder_approximation().is_some(), "{id}");
        assert!(bench::check_request(&request(id)).is_ok(), "{id}");
    }
    let mut r = request("gemma-3-1b");
    r.max_memory_bytes = Some(1 << 20); // refused before loading: only the wording is checked here
    assert!(message(run(&r)).starts_with("memory: gemma-3-1b in q8_0 needs"));
    assert!(bench::catalog::Family::Llama
        .decoder_approximation()
        .is_none());
}

#[test]
fn a_device_error_is_shown_without_candles_backtrace() {
    let error = candle_core::Error::WithBacktrace {
        inner: Box::new(candle_core::Error::Msg(
            "no CUDA-capable device is detected".into(),
        )),
        backtrace: Box::new(std::backtrace::Backtrace::force_capture()),
    };
    assert_eq!(
        bench::without_backtrace(error).to_string(),
        "no CUDA-capable device is detected"
    );
}
