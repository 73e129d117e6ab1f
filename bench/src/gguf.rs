//! GGUF files: reading the architecture from metadata, the tokenizer, and writing synthetic
//! quantized models (so candle-transformers' `quantized_llama` can be run on the same weights).

use std::io::Cursor;

use candle_core::quantized::gguf_file::{self, Value};
use candle_core::quantized::QTensor;
use candle_core::Device;

use crate::catalog::Family;
use crate::config::DecoderConfig;
use crate::weights::{ggml_dtype, synthetic_tensor, tensor_names};
use crate::{BenchError, WeightDtype};

/// Metadata key Breakeven writes into its synthetic GGUF files.
pub(crate) const SYNTHETIC_KEY: &str = "breakeven.synthetic_weights";

/// Whether the file was written by [`synthetic_gguf`] (random weights, not a trained model).
pub(crate) fn is_synthetic(content: &gguf_file::Content) -> bool {
    matches!(content.metadata.get(SYNTHETIC_KEY), Some(Value::Bool(true)))
}

/// Reads a GGUF header, naming the file and the reason when it is not one.
pub fn read_content<R: std::io::Read + std::io::Seek>(
    reader: &mut R,
    path: &str,
) -> Result<gguf_file::Content, BenchError> {
    gguf_file::Content::read(reader).map_err(|e| BenchError::BadWeights {
        path: path.to_string(),
        reason: format!(
            "not a readable GGUF file ({})",
            crate::error::without_backtrace(e)
        ),
    })
}

/// The decoder shapes a GGUF file declares.
pub(crate) fn config_from_gguf(
    content: &gguf_file::Content,
    path: &str,
) -> Result<DecoderConfig, BenchError> {
    let bad = |reason: String| BenchError::BadWeights {
        path: path.to_string(),
        reason,
    };
    let arch = content
        .metadata
        .get("general.architecture")
        .and_then(|v| v.to_string().ok())
        .cloned()
        .ok_or_else(|| bad("no general.architecture in the metadata".to_string()))?;
    let family = match arch.as_str() {
        "llama" => Family::Llama,
        "mistral" => Family::Mistral,
        "qwen2" => Family::Qwen2,
        "qwen3" => Family::Qwen3,
        _ => {
            return Err(BenchError::UnsupportedArchitecture {
                path: path.to_string(),
                arch,
            })
        }
    };
    let get = |key: &str| -> Result<&Value, BenchError> {
        content
            .metadata
            .get(&format!("{arch}.{key}"))
            .ok_or_else(|| bad(format!("metadata {arch}.{key} is missing")))
    };
    let count = |key: &str| -> Result<usize, BenchError> {
        get(key)?
            .to_u32()
            .map(|v| v as usize)
            .map_err(|e| bad(format!("metadata {arch}.{key}: {e}")))
    };
    let real = |key: &str| -> Result<Option<f64>, BenchError> {
        match content.metadata.get(&format!("{arch}.{key}")) {
            None => Ok(None),
            Some(v) => v
                .to_f32()
                .map(|v| Some(f64::from(v)))
                .map_err(|e| bad(format!("metadata {arch}.{key}: {e}"))),
        }
    };
    let hidden = count("embedding_length")?;
    let heads = count("attention.head_count")?;
    let head_dim = match content
        .metadata
        .get(&format!("{arch}.attention.key_length"))
    {
        Some(v) => v.to_u32().map_err(|e| bad(format!("key_length: {e}")))? as usize,
        None => hidden.checked_div(heads).unwrap_or(0),
    };
    let vocab = content
        .tensor_infos
        .get("token_embd.weight")
        .map(|t| t.shape.dims().first().copied().unwrap_or(0))
        .ok_or_else(|| bad("no token_embd.weight tensor".to_string()))?;
    let config = DecoderConfig {
        family,
        hidden_size: hidden,
        intermediate_size: count("feed_forward_length")?,
        num_layers: count("block_count")?,
        num_attention_heads: heads,
        num_kv_heads: count("attention.head_count_kv").unwrap_or(heads),
        head_dim,
        vocab_size: vocab,
        tie_word_embeddings: !content.tensor_infos.contains_key("output.weight"),
        rope_theta: real("rope.freq_base")?.unwrap_or(10_000.0),
        rope_scaling: None,
        max_position_embeddings: count("context_length").unwrap_or(4096),
        rms_norm_eps: real("attention.layer_norm_rms_epsilon")?.unwrap_or(1e-5),
        // llama.cpp permutes q/k of llama-type models for interleaved ("normal") RoPE.
        rope_interleaved: matches!(family, Family::Llama | Family::Mistral),
    };
    config.check().map_err(|e| bad(e.to_string()))?;
    Ok(config)
}

/// The tokenizer stored in the GGUF metadata (GPT-2 style BPE).
pub fn tokenizer(
    content: &gguf_file::Content,
    path: &str,
) -> Result<tokenizers::Tokenizer, BenchError> {
    use candle_core::quantized::tokenizer::TokenizerFromGguf;
    tokenizers::Tokenizer::from_gguf(content).map_err(|e| BenchError::BadWeights {
        path: path.to_string(),
        reason: format!("tokenizer: {e}"),
    })
}

/// A complete GGUF file (llama metadata keys, GGUF tensor names) with synthetic weights in a
/// quantized format, for a llama-family config without biases or q/k norms.
pub fn synthetic_gguf(
    config: &DecoderConfig,
    dtype: WeightDtype,
    seed: u64,
) -> Result<Vec<u8>, BenchError> {
    let Some(ggml) = ggml_dtype(dtype) else {
        return Err(BenchError::invalid(
            "dtype",
            "GGUF synthesis needs q8_0, q4_0 or q4_k",
        ));
    };
    if config.qkv_bias() || config.qk_norm() {
        return Err(BenchError::invalid(
            "model",
            "GGUF synthesis writes llama metadata: llama or mistral families only",
        ));
    }
    crate::weights::check_quantizable(config, dtype)?;
    let cpu = Device::Cpu;
    let mut tensors: Vec<(String, QTensor)> = Vec::new();
    for (name, shape) in tensor_names(config) {
        let t = synthetic_tensor(&name, &shape, seed, &cpu)?;
        let q = if shape.len() == 1 {
            QTensor::quantize(&t, candle_core::quantized::GgmlDType::F32)?
        } else {
            QTensor::quantize(&t, ggml)?
        };
        tensors.push((gguf_name(&name), q));
    }
    let c = config;
    let u32v = |v: usize| Value::U32(v as u32);
    let metadata = vec![
        ("general.architecture", Value::String("llama".to_string())),
        ("llama.attention.head_count", u32v(c.num_attention_heads)),
        ("llama.attention.head_count_kv", u32v(c.num_kv_heads)),
        ("llama.block_count", u32v(c.num_layers)),
        ("llama.embedding_length", u32v(c.hidden_size)),
        ("llama.feed_forward_length", u32v(c.intermediate_size)),
        ("llama.rope.dimension_count", u32v(c.head_dim)),
        ("llama.context_length", u32v(c.max_position_embeddings)),
        ("llama.vocab_size", u32v(c.vocab_size)),
        (
            "llama.attention.layer_norm_rms_epsilon",
            Value::F32(c.rms_norm_eps as f32),
        ),
        ("llama.rope.freq_base", Value::F32(c.rope_theta as f32)),
        // No tokenizer: llama.cpp loads such a file as vocabulary type "none", so the same
        // synthetic file can be timed by both.
        (
            "tokenizer.ggml.model",
            Value::String("no_vocab".to_string()),
        ),
        // Read back by the loader so a benchmark of this file says "synthetic weights".
        (SYNTHETIC_KEY, Value::Bool(true)),
    ];
    let metadata: Vec<(&str, &Value)> = metadata.iter().map(|(k, v)| (*k, v)).collect();
    let tensor_refs: Vec<(&str, &QTensor)> = tensors.iter().map(|(n, t)| (n.as_str(), t)).collect();
    let mut file = Cursor::new(Vec::new());
    gguf_file::write(&mut file, &metadata, &tensor_refs)?;
    Ok(file.into_inner())
}

/// Hugging Face tensor name → llama.cpp's GGUF name.
fn gguf_name(hf: &str) -> String {
    let renames = [
        ("model.embed_tokens.weight", "token_embd.weight"),
        ("model.norm.weight", "output_norm.weight"),
        ("lm_head.weight", "output.weight"),
    ];
    if let Some((_, to)) = renames.iter().find(|(from, _)| *from == hf) {
        return to.to_string();
    }
    let parts = [
        ("input_layernorm", "attn_norm"),
        ("self_attn.q_proj", "attn_q"),
        ("self_attn.k_proj", "attn_k"),
        ("self_attn.v_proj", "attn_v"),
        ("self_attn.o_proj", "attn_output"),
        ("post_attention_layernorm", "ffn_norm"),
        ("mlp.gate_proj", "ffn_gate"),
        ("mlp.up_proj", "ffn_up"),
        ("mlp.down_proj", "ffn_down"),
    ];
    let mut name = hf.replacen("model.layers.", "blk.", 1);
    for (from, to) in parts {
        name = name.replace(from, to);
    }
    name
}
