//! `GET /api/v1/benchmarks/catalog`: the architectures, number formats and devices a server
//! can benchmark, and the weights files it offers.

use serde::{Deserialize, Serialize};

pub use models::Family;

use super::{Device, WeightDtype};

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
    /// What a request names in `weights.path`: the name inside the server's models
    /// directory (never a path on the server).
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
    /// The only endpoint hosts (`host[:port]`) a request's `endpoint.url` may name, as the
    /// operator allowed them (`serve --bench-endpoints`); empty: no endpoint benchmarks.
    #[serde(default)]
    pub endpoint_hosts: Vec<String>,
    /// Starting or cancelling a benchmark needs this server's benchmark token (`serve
    /// --bench-token-env`), sent as `Authorization: Bearer <token>`; reading results does not.
    #[serde(default)]
    pub token_required: bool,
}

impl From<&models::Architecture> for CatalogEntry {
    fn from(a: &models::Architecture) -> Self {
        CatalogEntry {
            id: a.id.to_string(),
            name: a.name.to_string(),
            hf_repo: a.hf_repo.to_string(),
            family: a.family,
            parameters: a.parameter_count(),
            published_parameters: a.published_parameters,
            hidden_size: a.hidden_size,
            num_layers: a.num_layers,
            num_attention_heads: a.num_attention_heads,
            num_kv_heads: a.num_kv_heads,
            head_dim: a.head_dim,
            vocab_size: a.vocab_size,
            intermediate_size: a.intermediate_size,
            tie_word_embeddings: a.tie_word_embeddings,
            rope_theta: a.rope_theta,
            max_position_embeddings: a.max_position_embeddings,
            lean_decoder: a.family.has_lean_decoder(),
        }
    }
}

/// The whole catalog as serialisable rows, in catalog order.
pub fn entries() -> Vec<CatalogEntry> {
    models::catalog().iter().map(CatalogEntry::from).collect()
}
