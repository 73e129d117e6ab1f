//! `GET /api/v1/benchmarks/catalog`: the architectures, number formats and devices a server
//! can benchmark, and the weights files it offers.

use serde::{Deserialize, Serialize};

use super::{Device, WeightDtype};

/// Which decoder code computes the architecture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// Llama, SmolLM2, TinyLlama: no biases.
    Llama,
    /// Mistral: llama-shaped (sliding window unused at these lengths).
    Mistral,
    /// Qwen2 / Qwen2.5: biases on the q, k and v projections.
    Qwen2,
    /// Qwen3: RMS norm on q and k per head, no biases.
    Qwen3,
    /// Phi-3 / Phi-4-mini: fused qkv and gate_up projections.
    Phi3,
    /// Gemma 2: GeGLU, four norms per layer, logit soft-capping.
    Gemma2,
    /// Gemma 3: Gemma 2 plus q/k norms and local/global layers.
    Gemma3,
}

impl Family {
    /// Whether Breakeven's own (llama-shaped) decoder runs this family.
    ///
    /// Llama, Mistral, Qwen2 and Qwen3 differ only in q/k/v biases and q/k norms, which one
    /// decoder computes exactly with two flags. Phi-3 and Gemma run on it too, with every
    /// matrix in their own shapes, but not their exact function: see
    /// [`Family::decoder_approximation`].
    pub fn has_lean_decoder(self) -> bool {
        matches!(
            self,
            Family::Llama | Family::Mistral | Family::Qwen2 | Family::Qwen3
        )
    }

    /// What the llama-family decoder leaves out of this family's function, said beside every
    /// result; None where it computes the family exactly. The matrix shapes (what a decode
    /// step reads and multiplies, so what the benchmark measures) are always the family's own.
    pub fn decoder_approximation(self) -> Option<&'static str> {
        match self {
            Family::Phi3 => Some(
                "Phi-3 shapes on the llama-family decoder: q/k/v and gate/up stacked like Phi-3's fused \
                 projections; LongRoPE frequency rescaling not applied (same matrices and cost)",
            ),
            Family::Gemma2 | Family::Gemma3 => Some(
                "Gemma shapes on the llama-family decoder: every matrix in Gemma's shape, but GeGLU \
                 computed as SwiGLU and the post-norms, embedding scaling, soft-capping and local \
                 attention windows left out (elementwise work only)",
            ),
            _ => None,
        }
    }

    /// RMS norms inside one decoder layer: pre-attention and pre-MLP, plus Gemma's post-attention
    /// and post-MLP norms ("sandwich" normalisation).
    pub fn norms_per_layer(self) -> u64 {
        match self {
            Family::Gemma2 | Family::Gemma3 => 4,
            _ => 2,
        }
    }
}

/// One catalog row as the API and the app show it: the config's shapes, the computed and the
/// published parameter counts side by side (so a reader can see they agree), and whether
/// Breakeven can run it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct CatalogEntry {
    /// Breakeven's id, lower case: `qwen2.5-0.5b`.
    pub id: String,
    /// The model's name as its publisher writes it.
    pub name: String,
    /// The Hugging Face repo the config was read from.
    pub hf_repo: String,
    /// Which decoder code computes it.
    pub family: Family,
    /// Computed from the shapes.
    pub parameters: u64,
    /// As the model card states it.
    pub published_parameters: u64,
    /// Width of the residual stream.
    pub hidden_size: usize,
    /// Decoder layers.
    pub num_layers: usize,
    /// Query heads per layer.
    pub num_attention_heads: usize,
    /// Key/value heads per layer (fewer than query heads: grouped-query attention).
    pub num_kv_heads: usize,
    /// Width of one attention head.
    pub head_dim: usize,
    /// Tokens in the vocabulary (rows of the embedding).
    pub vocab_size: usize,
    /// Width of the MLP's hidden layer.
    pub intermediate_size: usize,
    /// Whether the output projection reuses the embedding matrix.
    pub tie_word_embeddings: bool,
    /// Base of the rotary position embedding.
    pub rope_theta: f64,
    /// The longest context the model was trained for, in tokens.
    pub max_position_embeddings: usize,
    /// Runs on Breakeven's own decoder (llama, mistral, qwen2, qwen3 families).
    pub lean_decoder: bool,
}

/// A weights file (or safetensors directory) a server offers to benchmark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct WeightsFile {
    /// What a request names in `weights.path`.
    pub path: String,
    /// The file or directory name.
    pub name: String,
    /// Its size (a directory: its files together).
    pub bytes: u64,
}

/// 200 of `GET /api/v1/benchmarks/catalog`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BenchCatalog {
    /// Every architecture the benchmark knows, with its shapes.
    pub models: Vec<CatalogEntry>,
    /// The number formats weights can be run in.
    pub dtypes: Vec<WeightDtype>,
    /// The devices this build can run on.
    pub devices: Vec<Device>,
    /// The only files a request may name.
    pub weights_files: Vec<WeightsFile>,
}
