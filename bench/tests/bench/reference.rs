//! The lean decoder computes the same function as candle-transformers on the same weights:
//! logits after a prefill and after each of a few decode steps, batch 1, for the llama, qwen2
//! (biases), qwen3 (q/k norms) and quantized llama (GGUF) code paths; and batching changes
//! nothing: each row of a batch equals that sequence run alone.
//!
//! Tolerance: max |Δlogit| ≤ 1e-4 × (1 + max |logit|) in f32 (different but equivalent
//! operation order: grouped-query attention by reshape instead of `repeat_kv`, a preallocated
//! cache instead of `cat`); the quantized path uses the same kernels, same bound.

use std::collections::HashMap;

use bench::catalog::Family;
use bench::config::DecoderConfig;
use bench::decoder::Decoder;
use bench::weights::{build_from_gguf, build_from_tensors, synthetic_tensor, tensor_names};
use bench::WeightDtype;
use candle_core::{DType, Device, IndexOp, Tensor};
use candle_nn::VarBuilder;

use crate::common;

const TOLERANCE: f32 = 1e-4;

fn tiny(family: Family) -> DecoderConfig {
    DecoderConfig {
        family,
        hidden_size: 64,
        intermediate_size: 160,
        num_layers: 2,
        num_attention_heads: 4,
        num_kv_heads: 2,
        head_dim: 16,
        vocab_size: 96,
        tie_word_embeddings: family != Family::Llama,
        rope_theta: 10_000.0,
        rope_scaling: None,
        max_position_embeddings: 64,
        rms_norm_eps: 1e-6,
        rope_interleaved: false,
    }
}

fn synthetic_map(config: &DecoderConfig, seed: u64) -> HashMap<String, Tensor> {
    tensor_names(config)
        .into_iter()
        .map(|(name, shape)| {
            let t = synthetic_tensor(&name, &shape, seed, &Device::Cpu).unwrap();
            (name, t)
        })
        .collect()
}

fn lean(config: &DecoderConfig, map: &HashMap<String, Tensor>) -> Decoder {
    let mut source = |name: &str, _: &[usize]| Ok(map[name].clone());
    build_from_tensors(config, &mut source, WeightDtype::F32, &Device::Cpu).unwrap()
}

/// Prefill 7 tokens then 3 decode steps; returns the 4 logit rows of each model.
fn compare(
    lean: &Decoder,
    reference: &mut dyn FnMut(&Tensor, usize) -> candle_core::Result<Tensor>,
) {
    let prompt: Vec<u32> = vec![3, 17, 42, 5, 88, 1, 60];
    let mut cache = lean.new_cache(1, 16).unwrap();
    let mut ids = Tensor::new(prompt.as_slice(), &Device::Cpu)
        .unwrap()
        .unsqueeze(0)
        .unwrap();
    let mut offset = 0;
    for step in 0..4 {
        let ours = lean
            .forward(&ids, &mut cache)
            .unwrap()
            .flatten_all()
            .unwrap();
        let theirs = reference(&ids, offset)
            .unwrap()
            .to_dtype(DType::F32)
            .unwrap()
            .flatten_all()
            .unwrap();
        let (diff, scale) = common::max_diff_and_scale(&ours, &theirs);
        assert!(
            diff <= TOLERANCE * (1.0 + scale),
            "step {step}: max |Δlogit| {diff} vs max |logit| {scale}"
        );
        assert!(
            scale > 1e-3,
            "logits are not trivially zero (step {step}: {scale})"
        );
        offset += ids.dim(1).unwrap();
        let next = ours.argmax(0).unwrap().to_scalar::<u32>().unwrap();
        ids = Tensor::new(&[[next]], &Device::Cpu).unwrap();
    }
}

#[test]
fn llama_logits_match_candle_transformers() {
    use candle_transformers::models::llama::{Cache, Config, Llama};
    let config = tiny(Family::Llama);
    let map = synthetic_map(&config, 1);
    let ours = lean(&config, &map);
    let cfg = Config {
        hidden_size: config.hidden_size,
        intermediate_size: config.intermediate_size,
        vocab_size: config.vocab_size,
        num_hidden_layers: config.num_layers,
        num_attention_heads: config.num_attention_heads,
        num_key_value_heads: config.num_kv_heads,
        use_flash_attn: false,
        rms_norm_eps: config.rms_norm_eps,
        rope_theta: config.rope_theta as f32,
        bos_token_id: None,
        eos_token_id: None,
        rope_scaling: None,
        max_position_embeddings: config.max_position_embeddings,
        tie_word_embeddings: config.tie_word_embeddings,
    };
    let vb = VarBuilder::from_tensors(map, DType::F32, &Device::Cpu);
    let model = Llama::load(vb, &cfg).unwrap();
    let mut cache = Cache::new(true, DType::F32, &cfg, &Device::Cpu).unwrap();
    compare(&ours, &mut |ids, pos| model.forward(ids, pos, &mut cache));
}

#[test]
fn qwen2_logits_match_candle_transformers() {
    use candle_transformers::models::qwen2::{Config, ModelForCausalLM};
    let config = tiny(Family::Qwen2);
    let map = synthetic_map(&config, 2);
    let ours = lean(&config, &map);
    let cfg: Config = serde_json::from_value(serde_json::json!({
        "vocab_size": config.vocab_size, "hidden_size": config.hidden_size,
        "intermediate_size": config.intermediate_size, "num_hidden_layers": config.num_layers,
        "num_attention_heads": config.num_attention_heads, "num_key_value_heads": config.num_kv_heads,
        "max_position_embeddings": config.max_position_embeddings, "sliding_window": 64,
        "max_window_layers": 2, "tie_word_embeddings": true, "rope_theta": config.rope_theta,
        "rms_norm_eps": config.rms_norm_eps, "use_sliding_window": false, "hidden_act": "silu"
    }))
    .unwrap();
    let vb = VarBuilder::from_tensors(map, DType::F32, &Device::Cpu);
    let mut model = ModelForCausalLM::new(&cfg, vb).unwrap();
    compare(&ours, &mut |ids, pos| model.forward(ids, pos));
}

#[test]
fn qwen3_logits_match_candle_transformers() {
    use candle_transformers::models::qwen3::{Config, ModelForCausalLM};
    let config = tiny(Family::Qwen3);
    let map = synthetic_map(&config, 3);
    let ours = lean(&config, &map);
    let cfg: Config = serde_json::from_value(serde_json::json!({
        "vocab_size": config.vocab_size, "hidden_size": config.hidden_size,
        "intermediate_size": config.intermediate_size, "num_hidden_layers": config.num_layers,
        "num_attention_heads": config.num_attention_heads, "head_dim": config.head_dim,
        "attention_bias": false, "num_key_value_heads": config.num_kv_heads,
        "max_position_embeddings": config.max_position_embeddings, "sliding_window": null,
        "max_window_layers": 2, "tie_word_embeddings": true, "rope_theta": config.rope_theta,
        "rms_norm_eps": config.rms_norm_eps, "use_sliding_window": false, "hidden_act": "silu"
    }))
    .unwrap();
    let vb = VarBuilder::from_tensors(map, DType::F32, &Device::Cpu);
    let mut model = ModelForCausalLM::new(&cfg, vb).unwrap();
    compare(&ours, &mut |ids, pos| {
        model.forward(ids, pos).and_then(|t| t.squeeze(1))
    });
}

#[test]
fn quantized_llama_logits_match_candle_transformers_on_the_same_gguf() {
    use candle_transformers::models::quantized_llama::ModelWeights;
    for dtype in [WeightDtype::Q8_0, WeightDtype::Q4_0] {
        let mut config = tiny(Family::Llama);
        config.intermediate_size = 128; // rows pack in blocks of 32
        let bytes = bench::gguf::synthetic_gguf(&config, dtype, 4).unwrap();
        let mut reader = std::io::Cursor::new(bytes.clone());
        let content = bench::gguf::read_content(&mut reader, "synthetic").unwrap();
        let ours = build_from_gguf(&content, &mut reader, "synthetic", None, &Device::Cpu).unwrap();
        assert!(
            ours.config.rope_interleaved,
            "llama GGUFs use interleaved RoPE"
        );
        assert!(ours.layers[0].qkv.is_fused() && ours.layers[0].gate_up.is_fused());
        let mut reader = std::io::Cursor::new(bytes);
        let content = candle_core::quantized::gguf_file::Content::read(&mut reader).unwrap();
        let mut model = ModelWeights::from_gguf(content, &mut reader, &Device::Cpu).unwrap();
        compare(&ours, &mut |ids, pos| model.forward(ids, pos));
    }
}

/// Each row of a batched prefill and decode equals the same sequence run alone: the batch
/// dimension never mixes sequences, in dense and quantized formats.
#[test]
fn batching_computes_each_sequence_as_if_alone() {
    for (family, dtype) in [
        (Family::Llama, WeightDtype::F32),
        (Family::Qwen2, WeightDtype::F32),
        (Family::Qwen3, WeightDtype::F16),
        (Family::Llama, WeightDtype::Q8_0),
        (Family::Qwen2, WeightDtype::Q4_0),
    ] {
        let mut config = tiny(family);
        config.intermediate_size = 128;
        let map = synthetic_map(&config, 5);
        let mut source = |name: &str, _: &[usize]| Ok(map[name].clone());
        let decoder = build_from_tensors(&config, &mut source, dtype, &Device::Cpu).unwrap();
        assert!(
            decoder.layers[0].qkv.is_fused(),
            "the stacked q/k/v path is the one checked"
        );
        let prompts = [[5u32, 9, 33, 2, 70], [11, 11, 4, 90, 6], [1, 2, 3, 4, 5]];
        let batched = run_steps(&decoder, &prompts);
        for (row, prompt) in prompts.iter().enumerate() {
            let alone = run_steps(&decoder, &[*prompt]);
            for (step, (b, a)) in batched.iter().zip(&alone).enumerate() {
                let b = b.i(row).unwrap();
                let a = a.i(0).unwrap();
                let diff = (&b - &a)
                    .unwrap()
                    .abs()
                    .unwrap()
                    .max(0)
                    .unwrap()
                    .to_scalar::<f32>()
                    .unwrap();
                let tol = if dtype == WeightDtype::F16 {
                    2e-2
                } else {
                    1e-4
                };
                assert!(
                    diff <= tol,
                    "{family:?} {dtype}: row {row} step {step} differs by {diff}"
                );
            }
        }
    }
}

/// Prefill then 3 decode steps fed with fixed tokens; the logits of each step.
fn run_steps(decoder: &Decoder, prompts: &[[u32; 5]]) -> Vec<Tensor> {
    let batch = prompts.len();
    let mut cache = decoder.new_cache(batch, 12).unwrap();
    let flat: Vec<u32> = prompts.iter().flatten().copied().collect();
    let mut ids = Tensor::from_vec(flat, (batch, 5), &Device::Cpu).unwrap();
    let mut out = Vec::new();
    for step in 0..4u32 {
        out.push(decoder.forward(&ids, &mut cache).unwrap());
        let next: Vec<u32> = prompts.iter().map(|p| (7 * step + p[0]) % 96).collect();
        ids = Tensor::from_vec(next, (batch, 1), &Device::Cpu).unwrap();
    }
    out
}
