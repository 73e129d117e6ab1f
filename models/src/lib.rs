//! The small language models Breakeven knows: each architecture's published `config.json`
//! shapes with the repo they come from ([`architectures`]), the number formats weights are
//! served in ([`WeightDtype`]), and what follows from both: parameters, weight bytes, KV-cache
//! bytes per token, FLOPs per token.
//!
//! Below the cost engine so that `tco` can check that a model fits a GPU and project its
//! throughput, and the benchmark can run it, from one table. Pure: no I/O, compiles to wasm.

pub mod architectures;

pub use architectures::{architecture, catalog, Architecture, RopeScaling};

use serde::{Deserialize, Serialize};

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

/// Number format of the weights the benchmark runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WeightDtype {
    /// 32-bit floats.
    F32,
    /// bfloat16.
    Bf16,
    /// IEEE half precision.
    F16,
    /// GGML Q8_0 blocks (8-bit).
    Q8_0,
    /// GGML Q4_0 blocks (4-bit).
    Q4_0,
    /// The SmolLM2 fixture's format; candle has no fast CPU kernel for it.
    Q4_1,
    /// GGML Q4_K super-blocks.
    Q4K,
}

impl WeightDtype {
    /// Every format, in the order the catalog lists them.
    pub const ALL: [WeightDtype; 7] = [
        WeightDtype::F32,
        WeightDtype::Bf16,
        WeightDtype::F16,
        WeightDtype::Q8_0,
        WeightDtype::Q4_0,
        WeightDtype::Q4_1,
        WeightDtype::Q4K,
    ];

    /// The spelling used on the command line and in JSON: `f32`, `bf16`, `f16`, `q8_0`, `q4_0`, `q4_k`.
    pub fn as_str(self) -> &'static str {
        match self {
            WeightDtype::F32 => "f32",
            WeightDtype::Bf16 => "bf16",
            WeightDtype::F16 => "f16",
            WeightDtype::Q8_0 => "q8_0",
            WeightDtype::Q4_0 => "q4_0",
            WeightDtype::Q4_1 => "q4_1",
            WeightDtype::Q4K => "q4_k",
        }
    }

    /// The format `text` names (any case, surrounding spaces ignored).
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|d| d.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// Whether the weights are GGML blocks (dequantized inside the matmul).
    pub fn is_quantized(self) -> bool {
        matches!(
            self,
            WeightDtype::Q8_0 | WeightDtype::Q4_0 | WeightDtype::Q4_1 | WeightDtype::Q4K
        )
    }

    /// Bytes per weight as stored (GGML block sizes: Q8_0 34 B / 32, Q4_0 18 B / 32, Q4_1 20 B / 32, Q4_K 144 B / 256).
    pub fn bytes_per_weight(self) -> f64 {
        match self {
            WeightDtype::F32 => 4.0,
            WeightDtype::Bf16 | WeightDtype::F16 => 2.0,
            WeightDtype::Q8_0 => 34.0 / 32.0,
            WeightDtype::Q4_0 => 18.0 / 32.0,
            WeightDtype::Q4_1 => 20.0 / 32.0,
            WeightDtype::Q4K => 144.0 / 256.0,
        }
    }
}

impl std::fmt::Display for WeightDtype {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
