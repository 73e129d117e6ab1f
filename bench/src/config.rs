//! The shapes the lean decoder needs, from a catalog entry, a Hugging Face `config.json` or
//! GGUF metadata.

use serde::Deserialize;

use crate::catalog::{Architecture, Family};
use crate::BenchError;

/// Llama 3's RoPE frequency rescaling (`rope_scaling.rope_type = "llama3"`), as a
/// `config.json` states it; the fields mean what [`crate::catalog::RopeScaling`]'s do.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
pub struct Llama3RopeScaling {
    /// Context extension factor (8 for Llama 3.1/3.2).
    pub factor: f64,
    /// Below this share of the original context's frequencies, wavelengths are scaled.
    pub low_freq_factor: f64,
    /// Above this, frequencies are kept as they are; in between they are blended.
    pub high_freq_factor: f64,
    /// The pre-training context length, in tokens.
    pub original_max_position_embeddings: usize,
}

/// One llama-family decoder's shapes.
#[derive(Debug, Clone, PartialEq)]
pub struct DecoderConfig {
    /// Decides the family's extras: q/k/v biases (Qwen2), q/k norms (Qwen3, Gemma 3).
    pub family: Family,
    /// Width of the residual stream.
    pub hidden_size: usize,
    /// Width of the MLP's gate and up projections.
    pub intermediate_size: usize,
    /// Decoder layers.
    pub num_layers: usize,
    /// Query heads per layer; a multiple of `num_kv_heads`.
    pub num_attention_heads: usize,
    /// Key/value heads per layer: the KV cache holds this many per layer and token.
    pub num_kv_heads: usize,
    /// Width of one attention head.
    pub head_dim: usize,
    /// Rows of the embedding table and of the LM head.
    pub vocab_size: usize,
    /// The LM head is the embedding table itself (no separate weights).
    pub tie_word_embeddings: bool,
    /// RoPE base frequency.
    pub rope_theta: f64,
    /// Llama 3.x long-context frequency rescaling; None for plain RoPE.
    pub rope_scaling: Option<Llama3RopeScaling>,
    /// Longest sequence, in tokens, the RoPE tables and a KV cache are built for.
    pub max_position_embeddings: usize,
    /// The epsilon of every RMS norm.
    pub rms_norm_eps: f64,
    /// GGUF files of llama-architecture models store q and k permuted for interleaved RoPE
    /// (llama.cpp's "normal" rope); Hugging Face checkpoints and Qwen GGUFs use the halves layout.
    pub rope_interleaved: bool,
}

impl DecoderConfig {
    /// q, k and v carry biases (Qwen2).
    pub(crate) fn qkv_bias(&self) -> bool {
        self.family == Family::Qwen2
    }

    /// Per-head RMS norm on q and k before RoPE (Qwen3, Gemma 3).
    pub(crate) fn qk_norm(&self) -> bool {
        matches!(self.family, Family::Qwen3 | Family::Gemma3)
    }

    /// The shapes of a catalog architecture; an error for a family Breakeven has no decoder
    /// for (neither its own nor an approximation).
    pub fn from_architecture(arch: &Architecture) -> Result<Self, BenchError> {
        if !arch.family.has_lean_decoder() && arch.family.decoder_approximation().is_none() {
            return Err(BenchError::invalid(
                "model",
                format!(
                    "{} ({:?} family) has no decoder in Breakeven yet",
                    arch.id, arch.family
                ),
            ));
        }
        let config = DecoderConfig {
            family: arch.family,
            hidden_size: arch.hidden_size,
            intermediate_size: arch.intermediate_size,
            num_layers: arch.num_layers,
            num_attention_heads: arch.num_attention_heads,
            num_kv_heads: arch.num_kv_heads,
            head_dim: arch.head_dim,
            vocab_size: arch.vocab_size,
            tie_word_embeddings: arch.tie_word_embeddings,
            rope_theta: arch.rope_theta,
            rope_scaling: arch.rope_scaling.map(|s| Llama3RopeScaling {
                factor: s.factor,
                low_freq_factor: s.low_freq_factor,
                high_freq_factor: s.high_freq_factor,
                original_max_position_embeddings: s.original_max_position_embeddings,
            }),
            max_position_embeddings: arch.max_position_embeddings,
            rms_norm_eps: arch.rms_norm_eps,
            rope_interleaved: false,
        };
        config.check()?;
        Ok(config)
    }

    /// Rejects shapes the decoder cannot run, before anything is allocated.
    pub(crate) fn check(&self) -> Result<(), BenchError> {
        let positive = [
            ("hidden_size", self.hidden_size),
            ("intermediate_size", self.intermediate_size),
            ("num_hidden_layers", self.num_layers),
            ("num_attention_heads", self.num_attention_heads),
            ("num_key_value_heads", self.num_kv_heads),
            ("head_dim", self.head_dim),
            ("vocab_size", self.vocab_size),
        ];
        for (name, value) in positive {
            if value == 0 {
                return Err(BenchError::invalid(
                    "weights",
                    format!("config {name} is 0"),
                ));
            }
        }
        if !self.num_attention_heads.is_multiple_of(self.num_kv_heads) {
            return Err(BenchError::invalid(
                "weights",
                format!(
                    "config num_attention_heads {} is not a multiple of num_key_value_heads {}",
                    self.num_attention_heads, self.num_kv_heads
                ),
            ));
        }
        if !self.head_dim.is_multiple_of(2) {
            return Err(BenchError::invalid(
                "weights",
                format!(
                    "config head_dim {} is odd (RoPE needs pairs)",
                    self.head_dim
                ),
            ));
        }
        if !(self.rope_theta.is_finite() && self.rope_theta > 0.0) {
            return Err(BenchError::invalid(
                "weights",
                "config rope_theta must be > 0",
            ));
        }
        Ok(())
    }

    /// A Hugging Face `config.json` of a llama, mistral, qwen2 or qwen3 model.
    pub fn from_hf_config(text: &str, path: &str) -> Result<Self, BenchError> {
        let raw: HfConfig = serde_json::from_str(text).map_err(|e| BenchError::BadWeights {
            path: path.to_string(),
            reason: format!("config.json: {e}"),
        })?;
        let family = match raw.model_type.as_str() {
            "llama" => Family::Llama,
            "mistral" => Family::Mistral,
            "qwen2" => Family::Qwen2,
            "qwen3" => Family::Qwen3,
            other => {
                return Err(BenchError::UnsupportedArchitecture {
                    path: path.to_string(),
                    arch: other.to_string(),
                })
            }
        };
        let heads = raw.num_attention_heads;
        let head_dim = raw
            .head_dim
            .unwrap_or_else(|| raw.hidden_size.checked_div(heads).unwrap_or(0));
        let rope_scaling = raw
            .rope_scaling
            .filter(|s| s.rope_type.as_deref() == Some("llama3"))
            .and_then(|s| {
                Some(Llama3RopeScaling {
                    factor: s.factor?,
                    low_freq_factor: s.low_freq_factor?,
                    high_freq_factor: s.high_freq_factor?,
                    original_max_position_embeddings: s.original_max_position_embeddings?,
                })
            });
        let config = DecoderConfig {
            family,
            hidden_size: raw.hidden_size,
            intermediate_size: raw.intermediate_size,
            num_layers: raw.num_hidden_layers,
            num_attention_heads: heads,
            num_kv_heads: raw.num_key_value_heads.unwrap_or(heads),
            head_dim,
            vocab_size: raw.vocab_size,
            tie_word_embeddings: raw.tie_word_embeddings.unwrap_or(false),
            rope_theta: raw.rope_theta.unwrap_or(10_000.0),
            rope_scaling,
            max_position_embeddings: raw.max_position_embeddings.unwrap_or(4096),
            rms_norm_eps: raw.rms_norm_eps.unwrap_or(1e-6),
            rope_interleaved: false,
        };
        config.check()?;
        Ok(config)
    }

    /// Inverse frequencies of RoPE, with Llama 3's rescaling when configured.
    pub(crate) fn rope_inverse_frequencies(&self) -> Vec<f32> {
        let d = self.head_dim;
        (0..d)
            .step_by(2)
            .map(|i| {
                let freq = 1.0 / self.rope_theta.powf(i as f64 / d as f64);
                match &self.rope_scaling {
                    None => freq as f32,
                    Some(s) => llama3_scaled(freq, s) as f32,
                }
            })
            .collect()
    }
}

/// Llama 3.1's frequency rescaling, as in Meta's reference code.
fn llama3_scaled(freq: f64, s: &Llama3RopeScaling) -> f64 {
    let low_wavelen = s.original_max_position_embeddings as f64 / s.low_freq_factor;
    let high_wavelen = s.original_max_position_embeddings as f64 / s.high_freq_factor;
    let wavelen = 2.0 * std::f64::consts::PI / freq;
    if wavelen < high_wavelen {
        freq
    } else if wavelen > low_wavelen {
        freq / s.factor
    } else {
        let smooth = (s.original_max_position_embeddings as f64 / wavelen - s.low_freq_factor)
            / (s.high_freq_factor - s.low_freq_factor);
        (1.0 - smooth) * freq / s.factor + smooth * freq
    }
}

#[derive(Deserialize)]
struct HfConfig {
    model_type: String,
    hidden_size: usize,
    intermediate_size: usize,
    num_hidden_layers: usize,
    num_attention_heads: usize,
    num_key_value_heads: Option<usize>,
    head_dim: Option<usize>,
    vocab_size: usize,
    tie_word_embeddings: Option<bool>,
    rope_theta: Option<f64>,
    rope_scaling: Option<HfRopeScaling>,
    max_position_embeddings: Option<usize>,
    rms_norm_eps: Option<f64>,
}

#[derive(Deserialize)]
struct HfRopeScaling {
    rope_type: Option<String>,
    factor: Option<f64>,
    low_freq_factor: Option<f64>,
    high_freq_factor: Option<f64>,
    original_max_position_embeddings: Option<usize>,
}
