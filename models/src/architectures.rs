//! The SLM architectures Breakeven can benchmark: the exact values of each model's published
//! `config.json`, with the Hugging Face repo they come from.
//!
//! Why a hand-kept table rather than downloading configs: the benchmark must run offline (on an
//! air-gapped GPU box, with synthetic weights), and every figure it derives — parameter count,
//! bytes read per decode step, KV-cache size, FLOPs — has to be traceable to a published number.
//! Each entry therefore carries the repo it was read from and the model card's own size claim,
//! and the tests hold the parameter count computed from the shapes within 2 % of that claim, so a
//! mistyped shape cannot slip through unnoticed.

use serde::{Deserialize, Serialize};

use crate::Family;

/// Llama 3's RoPE frequency rescaling (`rope_scaling` with `"rope_type": "llama3"`), kept so a
/// decoder built from the catalog computes the same rotary frequencies as the real checkpoint.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RopeScaling {
    /// How much longer the extended context is than the original (8 for Llama 3.1/3.2).
    pub factor: f64,
    /// Wavelengths longer than `original_max_position_embeddings / low_freq_factor` are
    /// divided by `factor`.
    pub low_freq_factor: f64,
    /// Wavelengths shorter than `original_max_position_embeddings / high_freq_factor` keep
    /// their frequency; those in between are blended.
    pub high_freq_factor: f64,
    /// The context length, in tokens, the model was pre-trained with before the extension.
    pub original_max_position_embeddings: usize,
}

/// One architecture, as its `config.json` states it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Architecture {
    /// Breakeven's id, lower case: `qwen2.5-0.5b`.
    pub id: &'static str,
    /// The model's name as its publisher writes it ("Qwen2.5 0.5B Instruct").
    pub name: &'static str,
    /// Where the config was read: the Hugging Face repo id.
    pub hf_repo: &'static str,
    /// Which decoder code computes it (and what that code leaves out, if anything).
    pub family: Family,
    /// Width of the residual stream (`hidden_size`).
    pub hidden_size: usize,
    /// Width of the MLP's gate and up projections (`intermediate_size`).
    pub intermediate_size: usize,
    /// Decoder layers (`num_hidden_layers`).
    pub num_layers: usize,
    /// Query heads per layer.
    pub num_attention_heads: usize,
    /// Key/value heads per layer; fewer than the query heads under grouped-query attention.
    pub num_kv_heads: usize,
    /// Width of one attention head; `hidden_size / num_attention_heads` unless the config
    /// states otherwise (Gemma, Qwen3).
    pub head_dim: usize,
    /// Rows of the embedding table (and of the LM head).
    pub vocab_size: usize,
    /// The LM head reuses the embedding table, so its weights are counted and read once.
    pub tie_word_embeddings: bool,
    /// RoPE base frequency (`rope_theta`).
    pub rope_theta: f64,
    /// Longest context, in tokens, the config allows; a request's prompt plus generated
    /// tokens must fit in it.
    pub max_position_embeddings: usize,
    /// The epsilon of every RMS norm.
    pub rms_norm_eps: f64,
    /// The size the model card states, in parameters (e.g. 490_000_000 for "0.49B").
    pub published_parameters: u64,
    /// Where that size is stated, quoted.
    pub published_basis: &'static str,
    /// Biases on the q, k and v projections. Qwen2 has them although its `config.json` has no
    /// key for them (the modelling code hard-codes them); they are kept here because they are
    /// real parameters the count and the bytes read must include.
    pub attention_bias: bool,
    /// An RMS norm of `head_dim` weights on q and one on k in every layer (Qwen3, Gemma 3).
    pub qk_norm: bool,
    /// Llama 3.x RoPE rescaling from `config.json`; None where the config has none.
    pub rope_scaling: Option<RopeScaling>,
}

impl Architecture {
    /// Parameters of the checkpoint, computed from the shapes.
    ///
    /// Counted: token embeddings (vocab × hidden); a separate lm_head of the same size unless
    /// the embeddings are tied; per layer q (hidden × heads·head_dim), k and v (hidden ×
    /// kv_heads·head_dim each), o (heads·head_dim × hidden), q/k/v biases where present, q/k
    /// norms where present, the gated MLP (3 × hidden × intermediate) and the layer's RMS norms;
    /// and the final norm. Rotary embeddings have no parameters. Fused projections (Phi-3) hold
    /// the same weights as separate ones, so they count the same.
    ///
    /// Computed in u128 and saturated, so an absurd hand-made architecture cannot overflow.
    pub fn parameter_count(&self) -> u64 {
        let hidden = self.hidden_size as u128;
        let embeddings = self.vocab_size as u128 * hidden;
        let lm_head = if self.tie_word_embeddings {
            0
        } else {
            embeddings
        };
        let per_layer = self.attention_matrix_parameters()
            + self.mlp_matrix_parameters()
            + self.attention_bias_parameters()
            + self.qk_norm_parameters()
            + self.family.norms_per_layer() as u128 * hidden;
        let total = embeddings + lm_head + self.num_layers as u128 * per_layer + hidden;
        saturate(total)
    }

    /// Bytes of KV cache one token adds: every layer stores a key and a value of
    /// `kv_heads × head_dim` elements.
    ///
    /// This is the full-attention figure. Gemma's sliding-window layers stop growing past their
    /// window, so for Gemma at long contexts it is an upper bound; Breakeven's decoder (llama
    /// families) keeps every position, so for the models it runs it is exact.
    pub fn kv_bytes_per_token(&self, bytes_per_element: f64) -> f64 {
        self.num_layers as f64
            * 2.0
            * self.num_kv_heads as f64
            * self.head_dim as f64
            * bytes_per_element
    }

    /// Parameters a decode step multiplies through: every linear layer's weight matrix (q, k,
    /// v, o, gate, up, down in all layers) plus the lm_head, which reads a vocab × hidden matrix
    /// even when it is tied to the embeddings.
    ///
    /// Left out, because a decode step does not stream them as matrices: the embedding table
    /// (a lookup reads one row per token), the RMS norm weights and the q/k/v biases — together
    /// well under 0.1 % of the weights of any catalog model. This is the figure behind bytes read
    /// per step and behind FLOPs per token.
    pub fn weight_parameters_in_matmuls(&self) -> u64 {
        let layers = self.num_layers as u128
            * (self.attention_matrix_parameters() + self.mlp_matrix_parameters());
        let lm_head = self.vocab_size as u128 * self.hidden_size as u128;
        saturate(layers + lm_head)
    }

    /// FLOPs to produce one token with `context` tokens already in the cache: 2 per matmul
    /// weight (a multiply and an add) plus attention itself, 2 × heads × head_dim × context for
    /// q·Kᵀ and the same again for the weighted sum of V, in every layer.
    ///
    /// Prefill of n tokens costs about the sum of this over contexts 0..n; MFU is held against it.
    pub fn flops_per_token(&self, context: usize) -> f64 {
        let matmul = 2.0 * self.weight_parameters_in_matmuls() as f64;
        let attention = 4.0
            * self.num_layers as f64
            * self.num_attention_heads as f64
            * self.head_dim as f64
            * context as f64;
        matmul + attention
    }

    /// q, k, v and o projection weights of one layer.
    fn attention_matrix_parameters(&self) -> u128 {
        let hidden = self.hidden_size as u128;
        let q_width = self.num_attention_heads as u128 * self.head_dim as u128;
        let kv_width = self.num_kv_heads as u128 * self.head_dim as u128;
        hidden * q_width + 2 * hidden * kv_width + q_width * hidden
    }

    /// Gate, up and down projection weights of one layer.
    fn mlp_matrix_parameters(&self) -> u128 {
        3 * self.hidden_size as u128 * self.intermediate_size as u128
    }

    fn attention_bias_parameters(&self) -> u128 {
        if self.attention_bias {
            (self.num_attention_heads as u128 + 2 * self.num_kv_heads as u128)
                * self.head_dim as u128
        } else {
            0
        }
    }

    fn qk_norm_parameters(&self) -> u128 {
        if self.qk_norm {
            2 * self.head_dim as u128
        } else {
            0
        }
    }
}

fn saturate(value: u128) -> u64 {
    u64::try_from(value).unwrap_or(u64::MAX)
}

/// Every architecture Breakeven knows, in display order (family, then size).
pub fn catalog() -> &'static [Architecture] {
    &CATALOG
}

/// The architecture with this id, ignoring case and surrounding spaces (`Qwen2.5-0.5B` works).
pub fn architecture(id: &str) -> Option<&'static Architecture> {
    let id = id.trim();
    CATALOG.iter().find(|a| a.id.eq_ignore_ascii_case(id))
}

/// Llama 3.1's `rope_scaling` (8B).
const LLAMA31_ROPE: RopeScaling = RopeScaling {
    factor: 8.0,
    low_freq_factor: 1.0,
    high_freq_factor: 4.0,
    original_max_position_embeddings: 8192,
};

/// Llama 3.2's `rope_scaling` (1B and 3B).
const LLAMA32_ROPE: RopeScaling = RopeScaling {
    factor: 32.0,
    low_freq_factor: 1.0,
    high_freq_factor: 4.0,
    original_max_position_embeddings: 8192,
};

const SMOLLM2_BASIS: &str = "SmolLM2 model card: 'SmolLM2 is a family of compact language models \
available in three sizes: 135M, 360M, and 1.7B parameters'";

// Shapes below were checked against copies of each repo's config.json (the repo itself or
// fine-tunes/re-uploads whose config names it as `_name_or_path`, whose shapes are the same).
// Keys that config.json leaves out take the transformers default, noted where it matters.
static CATALOG: [Architecture; 19] = [
    // Checked against HuggingFaceTB/SmolLM2-135M-Instruct config.json (576/1536/30 layers/9 heads/
    // 3 kv/head_dim 64/vocab 49152/tied/rope 100000/max 8192/eps 1e-5).
    Architecture {
        id: "smollm2-135m",
        name: "SmolLM2 135M Instruct",
        hf_repo: "HuggingFaceTB/SmolLM2-135M-Instruct",
        family: Family::Llama,
        hidden_size: 576,
        intermediate_size: 1536,
        num_layers: 30,
        num_attention_heads: 9,
        num_kv_heads: 3,
        head_dim: 64,
        vocab_size: 49152,
        tie_word_embeddings: true,
        rope_theta: 100_000.0,
        max_position_embeddings: 8192,
        rms_norm_eps: 1e-5,
        published_parameters: 135_000_000,
        published_basis: SMOLLM2_BASIS,
        attention_bias: false,
        qk_norm: false,
        rope_scaling: None,
    },
    // Checked against HuggingFaceTB/SmolLM2-360M-Instruct config.json (960/2560/32/15/5/64/49152/
    // tied/rope 100000/max 8192/eps 1e-5).
    Architecture {
        id: "smollm2-360m",
        name: "SmolLM2 360M Instruct",
        hf_repo: "HuggingFaceTB/SmolLM2-360M-Instruct",
        family: Family::Llama,
        hidden_size: 960,
        intermediate_size: 2560,
        num_layers: 32,
        num_attention_heads: 15,
        num_kv_heads: 5,
        head_dim: 64,
        vocab_size: 49152,
        tie_word_embeddings: true,
        rope_theta: 100_000.0,
        max_position_embeddings: 8192,
        rms_norm_eps: 1e-5,
        published_parameters: 360_000_000,
        published_basis: SMOLLM2_BASIS,
        attention_bias: false,
        qk_norm: false,
        rope_scaling: None,
    },
    // Checked against HuggingFaceTB/SmolLM2-1.7B-Instruct config.json (2048/8192/24/32/32/
    // vocab 49152/tied/rope 130000/max 8192/eps 1e-5; head_dim = 2048/32 = 64).
    Architecture {
        id: "smollm2-1.7b",
        name: "SmolLM2 1.7B Instruct",
        hf_repo: "HuggingFaceTB/SmolLM2-1.7B-Instruct",
        family: Family::Llama,
        hidden_size: 2048,
        intermediate_size: 8192,
        num_layers: 24,
        num_attention_heads: 32,
        num_kv_heads: 32,
        head_dim: 64,
        vocab_size: 49152,
        tie_word_embeddings: true,
        rope_theta: 130_000.0,
        max_position_embeddings: 8192,
        rms_norm_eps: 1e-5,
        published_parameters: 1_700_000_000,
        published_basis: SMOLLM2_BASIS,
        attention_bias: false,
        qk_norm: false,
        rope_scaling: None,
    },
    // Checked against Qwen/Qwen2.5-0.5B-Instruct config.json (896/4864/24/14/2/vocab 151936/tied/
    // rope 1e6/max 32768/eps 1e-6; head_dim = 896/14 = 64).
    Architecture {
        id: "qwen2.5-0.5b",
        name: "Qwen2.5 0.5B Instruct",
        hf_repo: "Qwen/Qwen2.5-0.5B-Instruct",
        family: Family::Qwen2,
        hidden_size: 896,
        intermediate_size: 4864,
        num_layers: 24,
        num_attention_heads: 14,
        num_kv_heads: 2,
        head_dim: 64,
        vocab_size: 151_936,
        tie_word_embeddings: true,
        rope_theta: 1_000_000.0,
        max_position_embeddings: 32768,
        rms_norm_eps: 1e-6,
        published_parameters: 490_000_000,
        published_basis: "Qwen2.5-0.5B-Instruct model card: 'Number of Parameters: 0.49B'",
        attention_bias: true,
        qk_norm: false,
        rope_scaling: None,
    },
    // Checked against Qwen/Qwen2.5-1.5B-Instruct config.json (1536/8960/28/12/2/vocab 151936/
    // tied/rope 1e6/max 32768/eps 1e-6; head_dim = 1536/12 = 128).
    Architecture {
        id: "qwen2.5-1.5b",
        name: "Qwen2.5 1.5B Instruct",
        hf_repo: "Qwen/Qwen2.5-1.5B-Instruct",
        family: Family::Qwen2,
        hidden_size: 1536,
        intermediate_size: 8960,
        num_layers: 28,
        num_attention_heads: 12,
        num_kv_heads: 2,
        head_dim: 128,
        vocab_size: 151_936,
        tie_word_embeddings: true,
        rope_theta: 1_000_000.0,
        max_position_embeddings: 32768,
        rms_norm_eps: 1e-6,
        published_parameters: 1_540_000_000,
        published_basis: "Qwen2.5-1.5B-Instruct model card: 'Number of Parameters: 1.54B'",
        attention_bias: true,
        qk_norm: false,
        rope_scaling: None,
    },
    // Checked against Qwen/Qwen2.5-3B-Instruct config.json (2048/11008/36/16/2/vocab 151936/tied/
    // rope 1e6/max 32768/eps 1e-6; head_dim = 2048/16 = 128).
    Architecture {
        id: "qwen2.5-3b",
        name: "Qwen2.5 3B Instruct",
        hf_repo: "Qwen/Qwen2.5-3B-Instruct",
        family: Family::Qwen2,
        hidden_size: 2048,
        intermediate_size: 11008,
        num_layers: 36,
        num_attention_heads: 16,
        num_kv_heads: 2,
        head_dim: 128,
        vocab_size: 151_936,
        tie_word_embeddings: true,
        rope_theta: 1_000_000.0,
        max_position_embeddings: 32768,
        rms_norm_eps: 1e-6,
        published_parameters: 3_090_000_000,
        published_basis: "Qwen2.5-3B-Instruct model card: 'Number of Parameters: 3.09B'",
        attention_bias: true,
        qk_norm: false,
        rope_scaling: None,
    },
    // Checked against Qwen/Qwen2.5-7B-Instruct config.json (3584/18944/28/28/4/vocab 152064/
    // NOT tied/rope 1e6/max 32768/eps 1e-6; head_dim = 3584/28 = 128).
    Architecture {
        id: "qwen2.5-7b",
        name: "Qwen2.5 7B Instruct",
        hf_repo: "Qwen/Qwen2.5-7B-Instruct",
        family: Family::Qwen2,
        hidden_size: 3584,
        intermediate_size: 18944,
        num_layers: 28,
        num_attention_heads: 28,
        num_kv_heads: 4,
        head_dim: 128,
        vocab_size: 152_064,
        tie_word_embeddings: false,
        rope_theta: 1_000_000.0,
        max_position_embeddings: 32768,
        rms_norm_eps: 1e-6,
        published_parameters: 7_610_000_000,
        published_basis: "Qwen2.5-7B-Instruct model card: 'Number of Parameters: 7.61B'",
        attention_bias: true,
        qk_norm: false,
        rope_scaling: None,
    },
    // Checked against Qwen/Qwen3-0.6B config.json (1024/3072/28/16/8/head_dim 128/vocab 151936/
    // tied/rope 1e6/max 40960/eps 1e-6).
    Architecture {
        id: "qwen3-0.6b",
        name: "Qwen3 0.6B",
        hf_repo: "Qwen/Qwen3-0.6B",
        family: Family::Qwen3,
        hidden_size: 1024,
        intermediate_size: 3072,
        num_layers: 28,
        num_attention_heads: 16,
        num_kv_heads: 8,
        head_dim: 128,
        vocab_size: 151_936,
        tie_word_embeddings: true,
        rope_theta: 1_000_000.0,
        max_position_embeddings: 40960,
        rms_norm_eps: 1e-6,
        published_parameters: 600_000_000,
        published_basis: "Qwen3-0.6B model card: 'Number of Parameters: 0.6B'",
        attention_bias: false,
        qk_norm: true,
        rope_scaling: None,
    },
    // Checked against Qwen/Qwen3-1.7B config.json (2048/6144/28/16/8/head_dim 128/vocab 151936/
    // tied/rope 1e6/max 40960/eps 1e-6).
    Architecture {
        id: "qwen3-1.7b",
        name: "Qwen3 1.7B",
        hf_repo: "Qwen/Qwen3-1.7B",
        family: Family::Qwen3,
        hidden_size: 2048,
        intermediate_size: 6144,
        num_layers: 28,
        num_attention_heads: 16,
        num_kv_heads: 8,
        head_dim: 128,
        vocab_size: 151_936,
        tie_word_embeddings: true,
        rope_theta: 1_000_000.0,
        max_position_embeddings: 40960,
        rms_norm_eps: 1e-6,
        published_parameters: 1_700_000_000,
        published_basis: "Qwen3-1.7B model card: 'Number of Parameters: 1.7B'",
        attention_bias: false,
        qk_norm: true,
        rope_scaling: None,
    },
    // Checked against Qwen/Qwen3-4B config.json (2560/9728/36/32/8/head_dim 128/vocab 151936/
    // tied/rope 1e6/max 40960/eps 1e-6).
    Architecture {
        id: "qwen3-4b",
        name: "Qwen3 4B",
        hf_repo: "Qwen/Qwen3-4B",
        family: Family::Qwen3,
        hidden_size: 2560,
        intermediate_size: 9728,
        num_layers: 36,
        num_attention_heads: 32,
        num_kv_heads: 8,
        head_dim: 128,
        vocab_size: 151_936,
        tie_word_embeddings: true,
        rope_theta: 1_000_000.0,
        max_position_embeddings: 40960,
        rms_norm_eps: 1e-6,
        published_parameters: 4_000_000_000,
        published_basis: "Qwen3-4B model card: 'Number of Parameters: 4.0B'",
        attention_bias: false,
        qk_norm: true,
        rope_scaling: None,
    },
    // Checked against Qwen/Qwen3-8B config.json (4096/12288/36/32/8/head_dim 128/vocab 151936/
    // NOT tied/rope 1e6/max 40960/eps 1e-6).
    Architecture {
        id: "qwen3-8b",
        name: "Qwen3 8B",
        hf_repo: "Qwen/Qwen3-8B",
        family: Family::Qwen3,
        hidden_size: 4096,
        intermediate_size: 12288,
        num_layers: 36,
        num_attention_heads: 32,
        num_kv_heads: 8,
        head_dim: 128,
        vocab_size: 151_936,
        tie_word_embeddings: false,
        rope_theta: 1_000_000.0,
        max_position_embeddings: 40960,
        rms_norm_eps: 1e-6,
        published_parameters: 8_200_000_000,
        published_basis: "Qwen3-8B model card: 'Number of Parameters: 8.2B'",
        attention_bias: false,
        qk_norm: true,
        rope_scaling: None,
    },
    // Checked against meta-llama/Llama-3.2-1B-Instruct config.json (2048/8192/16/32/8/head_dim
    // 64/vocab 128256/tied/rope 500000/max 131072/eps 1e-5; rope_scaling llama3 factor 32).
    Architecture {
        id: "llama-3.2-1b",
        name: "Llama 3.2 1B Instruct",
        hf_repo: "meta-llama/Llama-3.2-1B-Instruct",
        family: Family::Llama,
        hidden_size: 2048,
        intermediate_size: 8192,
        num_layers: 16,
        num_attention_heads: 32,
        num_kv_heads: 8,
        head_dim: 64,
        vocab_size: 128_256,
        tie_word_embeddings: true,
        rope_theta: 500_000.0,
        max_position_embeddings: 131_072,
        rms_norm_eps: 1e-5,
        published_parameters: 1_230_000_000,
        published_basis: "Llama 3.2 model card, Params column: '1B (1.23B)'",
        attention_bias: false,
        qk_norm: false,
        rope_scaling: Some(LLAMA32_ROPE),
    },
    // Checked against meta-llama/Llama-3.2-3B-Instruct config.json (3072/8192/28/24/8/head_dim
    // 128/vocab 128256/tied/rope 500000/max 131072/eps 1e-5; rope_scaling llama3 factor 32).
    Architecture {
        id: "llama-3.2-3b",
        name: "Llama 3.2 3B Instruct",
        hf_repo: "meta-llama/Llama-3.2-3B-Instruct",
        family: Family::Llama,
        hidden_size: 3072,
        intermediate_size: 8192,
        num_layers: 28,
        num_attention_heads: 24,
        num_kv_heads: 8,
        head_dim: 128,
        vocab_size: 128_256,
        tie_word_embeddings: true,
        rope_theta: 500_000.0,
        max_position_embeddings: 131_072,
        rms_norm_eps: 1e-5,
        published_parameters: 3_210_000_000,
        published_basis: "Llama 3.2 model card, Params column: '3B (3.21B)'",
        attention_bias: false,
        qk_norm: false,
        rope_scaling: Some(LLAMA32_ROPE),
    },
    // Checked against meta-llama/Llama-3.1-8B-Instruct config.json (4096/14336/32/32/8/vocab
    // 128256/NOT tied/rope 500000/max 131072/eps 1e-5; rope_scaling llama3 factor 8;
    // head_dim = 4096/32 = 128).
    Architecture {
        id: "llama-3.1-8b",
        name: "Llama 3.1 8B Instruct",
        hf_repo: "meta-llama/Llama-3.1-8B-Instruct",
        family: Family::Llama,
        hidden_size: 4096,
        intermediate_size: 14336,
        num_layers: 32,
        num_attention_heads: 32,
        num_kv_heads: 8,
        head_dim: 128,
        vocab_size: 128_256,
        tie_word_embeddings: false,
        rope_theta: 500_000.0,
        max_position_embeddings: 131_072,
        rms_norm_eps: 1e-5,
        published_parameters: 8_000_000_000,
        published_basis: "Llama 3.1 model card, Params column: '8B'",
        attention_bias: false,
        qk_norm: false,
        rope_scaling: Some(LLAMA31_ROPE),
    },
    // Checked against mistralai/Mistral-7B-Instruct-v0.3 config.json (4096/14336/32/32/8/vocab
    // 32768/NOT tied/rope 1e6/max 32768/eps 1e-5/sliding_window null; head_dim = 4096/32 = 128).
    Architecture {
        id: "mistral-7b-v0.3",
        name: "Mistral 7B Instruct v0.3",
        hf_repo: "mistralai/Mistral-7B-Instruct-v0.3",
        family: Family::Mistral,
        hidden_size: 4096,
        intermediate_size: 14336,
        num_layers: 32,
        num_attention_heads: 32,
        num_kv_heads: 8,
        head_dim: 128,
        vocab_size: 32768,
        tie_word_embeddings: false,
        rope_theta: 1_000_000.0,
        max_position_embeddings: 32768,
        rms_norm_eps: 1e-5,
        // The v0.3 card gives no count; Mistral's launch post does, for v0.1. v0.3 differs only
        // by 768 more vocabulary rows in the embeddings and lm_head (+6.3M).
        published_parameters: 7_300_000_000,
        published_basis: "mistral.ai 'Announcing Mistral 7B': 'Mistral 7B is a 7.3B parameter \
model' (v0.1; v0.3 adds 768 vocabulary rows)",
        attention_bias: false,
        qk_norm: false,
        rope_scaling: None,
    },
    // Checked against microsoft/Phi-3.5-mini-instruct config.json (3072/8192/32/32/32/vocab 32064/
    // NOT tied/rope 10000/max 131072/eps 1e-5; head_dim = 3072/32 = 96).
    Architecture {
        id: "phi-3.5-mini",
        name: "Phi-3.5-mini Instruct",
        hf_repo: "microsoft/Phi-3.5-mini-instruct",
        family: Family::Phi3,
        hidden_size: 3072,
        intermediate_size: 8192,
        num_layers: 32,
        num_attention_heads: 32,
        num_kv_heads: 32,
        head_dim: 96,
        vocab_size: 32064,
        tie_word_embeddings: false,
        rope_theta: 10_000.0,
        max_position_embeddings: 131_072,
        rms_norm_eps: 1e-5,
        published_parameters: 3_800_000_000,
        published_basis: "Phi-3.5-mini-instruct model card: 'Phi-3.5-mini has 3.8B parameters'",
        attention_bias: false,
        qk_norm: false,
        rope_scaling: None,
    },
    // Checked against copies of the Gemma 2 2B config.json (2304/9216/26/8/4/head_dim 256/vocab
    // 256000/rope 10000/max 8192/eps 1e-6/sliding_window 4096); the -it repo shares the shapes. The config has no tie_word_embeddings
    // key; Gemma2Config's default is true, and the checkpoint has no separate lm_head.
    Architecture {
        id: "gemma-2-2b",
        name: "Gemma 2 2B IT",
        hf_repo: "google/gemma-2-2b-it",
        family: Family::Gemma2,
        hidden_size: 2304,
        intermediate_size: 9216,
        num_layers: 26,
        num_attention_heads: 8,
        num_kv_heads: 4,
        head_dim: 256,
        vocab_size: 256_000,
        tie_word_embeddings: true,
        rope_theta: 10_000.0,
        max_position_embeddings: 8192,
        rms_norm_eps: 1e-6,
        published_parameters: 2_614_636_800,
        published_basis: "Gemma 2 technical report (arXiv:2408.00118), parameter table, 2B: \
590,118,912 embedding + 2,024,517,888 non-embedding parameters ('2.6B')",
        attention_bias: false,
        qk_norm: false,
        rope_scaling: None,
    },
    // Checked against google/gemma-3-1b-it config.json (1152/6912/26/4/1/head_dim 256/rope 1e6
    // global, 10000 local/max 32768/eps 1e-6). vocab 262144 was read on the Gemma 3 270M config
    // (same tokenizer); the 1B copies seen were cut off before it. It agrees with the technical
    // report's 302M embedding parameters (262144 × 1152 = 301,989,888).
    Architecture {
        id: "gemma-3-1b",
        name: "Gemma 3 1B IT",
        hf_repo: "google/gemma-3-1b-it",
        family: Family::Gemma3,
        hidden_size: 1152,
        intermediate_size: 6912,
        num_layers: 26,
        num_attention_heads: 4,
        num_kv_heads: 1,
        head_dim: 256,
        vocab_size: 262_144,
        tie_word_embeddings: true,
        rope_theta: 1_000_000.0,
        max_position_embeddings: 32768,
        rms_norm_eps: 1e-6,
        published_parameters: 1_000_000_000,
        published_basis: "Gemma 3 technical report (arXiv:2503.19786), parameter table, 1B: 302M \
embedding + 698M non-embedding parameters",
        attention_bias: false,
        qk_norm: true,
        rope_scaling: None,
    },
    // Checked against TinyLlama/TinyLlama-1.1B-Chat-v1.0 config.json (2048/5632/22/32/4/vocab
    // 32000/NOT tied/rope 10000/max 2048/eps 1e-5; head_dim = 2048/32 = 64).
    Architecture {
        id: "tinyllama-1.1b",
        name: "TinyLlama 1.1B Chat v1.0",
        hf_repo: "TinyLlama/TinyLlama-1.1B-Chat-v1.0",
        family: Family::Llama,
        hidden_size: 2048,
        intermediate_size: 5632,
        num_layers: 22,
        num_attention_heads: 32,
        num_kv_heads: 4,
        head_dim: 64,
        vocab_size: 32000,
        tie_word_embeddings: false,
        rope_theta: 10_000.0,
        max_position_embeddings: 2048,
        rms_norm_eps: 1e-5,
        published_parameters: 1_100_000_000,
        published_basis: "TinyLlama-1.1B-Chat-v1.0 model card: 'compact with only 1.1B parameters'",
        attention_bias: false,
        qk_norm: false,
        rope_scaling: None,
    },
];
