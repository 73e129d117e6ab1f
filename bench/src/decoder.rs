//! A lean batched decoder for the llama family (llama, mistral, qwen2, qwen3) on candle-core
//! and candle-nn, with a preallocated KV cache.
//!
//! Why not candle-transformers' models: they grow the KV cache with `Tensor::cat` (every decode
//! step copies the whole context), copy K/V for grouped-query attention (`repeat_kv`), and their
//! quantized variants fail on batched prefill. This decoder writes new K/V into a cache allocated
//! once (`slice_set`), groups query heads onto their shared K/V head by a reshape instead of a
//! copy, and runs any batch. `tests/bench/reference.rs` checks its logits against
//! candle-transformers on the same weights.

use std::borrow::Cow;
use std::sync::Arc;

use candle_core::quantized::{QMatMul, QStorage, QTensor};
use candle_core::{DType, Device, Module, Tensor, D};

use crate::config::DecoderConfig;

/// A weight matrix, dense (`out × in`) or GGML-quantized, with an optional bias.
pub(crate) enum Linear {
    Dense {
        weight: Tensor,
        bias: Option<Tensor>,
    },
    Quantized {
        weight: QMatMul,
        bias: Option<Tensor>,
    },
}

/// Rows from which a CPU prefill without a fast quantized kernel dequantizes the weights to
/// f16 and runs a GEMM instead: the generic quantized kernels are dot-product loops, 2.5×
/// slower than f16 GEMM at prompt sizes here (`examples/profile_step.rs`), while candle's
/// repacked Q8_0/Q4_K kernels beat both.
const PREFILL_GEMM_ROWS: usize = 32;

impl Linear {
    /// `x`: `(rows, in)` → `(rows, out)`.
    fn forward(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        let (y, bias) = match self {
            Linear::Dense { weight, bias } => (x.matmul(&weight.t()?)?, bias),
            Linear::Quantized { weight, bias } => {
                let rows = x.dim(0)?;
                if rows >= PREFILL_GEMM_ROWS && x.device().is_cpu() && !fast_cpu_kernel(weight) {
                    (weight.forward_via_f16(x)?, bias)
                } else {
                    (weight.forward(x)?, bias)
                }
            }
        };
        match bias {
            Some(b) => y.broadcast_add(b),
            None => Ok(y),
        }
    }

    /// The same matrix as a dense f32 matrix (a quantized one dequantized once).
    fn dequantized(&self) -> candle_core::Result<Linear> {
        match self {
            Linear::Dense { weight, bias } => Ok(Linear::Dense {
                weight: weight.to_dtype(DType::F32)?,
                bias: bias.clone(),
            }),
            Linear::Quantized { weight, bias } => {
                let weight = match weight {
                    QMatMul::QTensor(q) => q.dequantize(&q.device())?,
                    QMatMul::Tensor(t) | QMatMul::TensorF16(t) => t.to_dtype(DType::F32)?,
                };
                Ok(Linear::Dense {
                    weight,
                    bias: bias.clone(),
                })
            }
        }
    }

    /// Bytes this matrix occupies (what a decode step reads).
    pub(crate) fn bytes(&self) -> usize {
        let tensor_bytes = |t: &Tensor| t.elem_count() * t.dtype().size_in_bytes();
        let (w, b) = match self {
            Linear::Dense { weight, bias } => (tensor_bytes(weight), bias),
            Linear::Quantized { weight, bias } => {
                let w = match weight {
                    QMatMul::QTensor(q) => q.storage_size_in_bytes(),
                    QMatMul::Tensor(t) | QMatMul::TensorF16(t) => tensor_bytes(t),
                };
                (w, bias)
            }
        };
        w + b.as_ref().map_or(0, tensor_bytes)
    }
}

/// Whether candle 0.11.1 has a repacked (tiled) x86 kernel for this matrix: Q4_K always, Q8_0
/// with AVX-VNNI, both only when rows divide into 16 and the inner dimension into 256.
fn fast_cpu_kernel(weight: &QMatMul) -> bool {
    let QMatMul::QTensor(q) = weight else {
        return true; // already dense: plain GEMM
    };
    let Ok((n, k)) = q.shape().dims2() else {
        return false;
    };
    let shapes = n.is_multiple_of(16) && k.is_multiple_of(256);
    let vnni = {
        #[cfg(target_arch = "x86_64")]
        {
            is_x86_feature_detected!("avx512vnni") || is_x86_feature_detected!("avxvnni")
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            false
        }
    };
    match q.dtype() {
        candle_core::quantized::GgmlDType::Q4K => shapes,
        candle_core::quantized::GgmlDType::Q8_0 => shapes && vnni,
        _ => false,
    }
}

/// Matrices applied to the same input (q, k, v; gate, up), stacked into one at load time
/// when their formats allow: one activation quantization and one parallel region instead of
/// several. The outputs are split back by column ranges.
pub struct Projections {
    fused: Option<Linear>,
    parts: Vec<Linear>,
    sizes: Vec<usize>,
}

impl Projections {
    /// `parts` with `sizes[i]` output columns each, stacked into one matrix when their formats
    /// and biases allow.
    pub(crate) fn new(parts: Vec<Linear>, sizes: Vec<usize>) -> candle_core::Result<Self> {
        let fused = stack_rows(&parts)?;
        Ok(match fused {
            Some(linear) => Projections {
                fused: Some(linear),
                parts: Vec::new(),
                sizes,
            },
            None => Projections {
                fused: None,
                parts,
                sizes,
            },
        })
    }

    fn forward(&self, x: &Tensor) -> candle_core::Result<Vec<Tensor>> {
        match &self.fused {
            Some(linear) => {
                let y = linear.forward(x)?;
                let mut offset = 0;
                self.sizes
                    .iter()
                    .map(|&n| {
                        let part = y.narrow(1, offset, n);
                        offset += n;
                        part
                    })
                    .collect()
            }
            None => self.parts.iter().map(|p| p.forward(x)).collect(),
        }
    }

    fn dequantized(&self) -> candle_core::Result<Projections> {
        Ok(Projections {
            fused: self.fused.as_ref().map(Linear::dequantized).transpose()?,
            parts: self
                .parts
                .iter()
                .map(Linear::dequantized)
                .collect::<candle_core::Result<_>>()?,
            sizes: self.sizes.clone(),
        })
    }

    fn bytes(&self) -> usize {
        match &self.fused {
            Some(linear) => linear.bytes(),
            None => self.parts.iter().map(Linear::bytes).sum(),
        }
    }

    /// Whether the parts run as one stacked matrix (the fast path); false when their formats
    /// or biases differ, which the reference tests check does not happen for the catalog's
    /// models.
    pub fn is_fused(&self) -> bool {
        self.fused.is_some()
    }
}

/// One matrix whose rows are the rows of `parts` in order, or None when their formats differ
/// (a GGUF may store v in another format than q and k) or only some carry a bias.
fn stack_rows(parts: &[Linear]) -> candle_core::Result<Option<Linear>> {
    let biases: Vec<&Tensor> = parts
        .iter()
        .filter_map(|p| match p {
            Linear::Dense { bias, .. } | Linear::Quantized { bias, .. } => bias.as_ref(),
        })
        .collect();
    let bias = match biases.len() {
        0 => None,
        n if n == parts.len() => Some(Tensor::cat(&biases, 0)?),
        _ => return Ok(None),
    };
    let dense: Option<Vec<&Tensor>> = parts
        .iter()
        .map(|p| match p {
            Linear::Dense { weight, .. } => Some(weight),
            Linear::Quantized {
                weight: QMatMul::Tensor(weight),
                ..
            } => Some(weight),
            _ => None,
        })
        .collect();
    if let Some(weights) = dense {
        if weights.windows(2).any(|w| w[0].dtype() != w[1].dtype()) {
            return Ok(None);
        }
        return Ok(Some(Linear::Dense {
            weight: Tensor::cat(&weights, 0)?,
            bias,
        }));
    }
    let quantized: Option<Vec<&Arc<QTensor>>> = parts
        .iter()
        .map(|p| match p {
            Linear::Quantized {
                weight: QMatMul::QTensor(q),
                ..
            } => Some(q),
            _ => None,
        })
        .collect();
    let Some(tensors) = quantized else {
        return Ok(None);
    };
    let dtype = tensors[0].dtype();
    let cols = tensors[0].shape().dims2()?.1;
    let mut rows = 0;
    let mut bytes = Vec::new();
    for t in &tensors {
        let (n, k) = t.shape().dims2()?;
        if t.dtype() != dtype || k != cols {
            return Ok(None);
        }
        rows += n;
        // Quantized rows are whole blocks, stored row after row: stacking is concatenation.
        bytes.extend_from_slice(&t.data()?);
    }
    let device = tensors[0].device();
    let storage = QStorage::from_data(Cow::Owned(bytes), &device, dtype)?;
    let stacked = QTensor::new(storage, (rows, cols))?;
    Ok(Some(Linear::Quantized {
        weight: QMatMul::from_arc(Arc::new(stacked))?,
        bias,
    }))
}

/// The token embedding table: dense, or quantized rows dequantized on lookup.
pub(crate) enum Embedding {
    Dense(Tensor),
    Quantized(Arc<QTensor>),
}

impl Embedding {
    fn forward(&self, ids: &Tensor, dtype: DType) -> candle_core::Result<Tensor> {
        let flat = ids.flatten_all()?;
        let rows = match self {
            Embedding::Dense(table) => table.index_select(&flat, 0)?,
            Embedding::Quantized(table) => table.embedding(&flat)?,
        };
        rows.to_dtype(dtype)
    }
}

/// One decoder layer: pre-norm attention then a pre-norm gated MLP, each added to the
/// residual stream.
pub struct Layer {
    /// RMS norm weights before attention.
    pub(crate) attn_norm: Tensor,
    /// q, k and v.
    pub qkv: Projections,
    /// The attention output projection.
    pub(crate) o: Linear,
    /// Qwen3's per-head norms on q and k.
    pub(crate) q_norm: Option<Tensor>,
    pub(crate) k_norm: Option<Tensor>,
    /// RMS norm weights before the MLP.
    pub(crate) ffn_norm: Tensor,
    /// gate and up.
    pub gate_up: Projections,
    pub(crate) down: Linear,
}

impl Layer {
    fn matrix_bytes(&self) -> usize {
        self.qkv.bytes() + self.o.bytes() + self.gate_up.bytes() + self.down.bytes()
    }
}

/// A llama-family decoder with its weights on one device, built by [`crate::weights`].
pub struct Decoder {
    /// The shapes it was built with.
    pub config: DecoderConfig,
    pub(crate) embedding: Embedding,
    /// The decoder layers, first to last.
    pub layers: Vec<Layer>,
    pub(crate) final_norm: Tensor,
    /// The LM head; the embedding table itself when the embeddings are tied.
    pub(crate) lm_head: Linear,
    /// Activations and KV cache: the weights' dtype when dense, f32 when quantized.
    pub(crate) dtype: DType,
    pub(crate) device: Device,
}

/// K and V for every layer, allocated once for `batch × capacity` positions.
pub struct KvCache {
    layers: Vec<(Tensor, Tensor)>,
    batch: usize,
    capacity: usize,
    len: usize,
    cos: Tensor,
    sin: Tensor,
}

impl KvCache {
    /// Forgets the cached positions; the memory stays allocated for the next sequence.
    pub(crate) fn reset(&mut self) {
        self.len = 0;
    }

    /// A cache whose row `i` is a copy of this cache's row `rows[i]`, keeping its first `len`
    /// cached positions and room for `room` more (only those are allocated and copied): the
    /// labels of the prompts in a batch continue from one prefill.
    pub fn select_rows(
        &self,
        rows: &[u32],
        len: usize,
        room: usize,
    ) -> candle_core::Result<KvCache> {
        if len > self.len {
            candle_core::bail!("{len} positions kept of the {} cached", self.len)
        }
        let capacity = len + room;
        if capacity > self.cos.dim(0)? {
            candle_core::bail!("{capacity} positions need rotary angles past the cache's")
        }
        let device = self.cos.device();
        let index = Tensor::from_vec(rows.to_vec(), rows.len(), device)?;
        let copy = |t: &Tensor| -> candle_core::Result<Tensor> {
            let (_, heads, _, d) = t.dims4()?;
            let kept = t.narrow(2, 0, len)?.contiguous()?.index_select(&index, 0)?;
            let out = Tensor::zeros((rows.len(), heads, capacity, d), t.dtype(), device)?;
            out.slice_set(&kept, 2, 0)?;
            Ok(out)
        };
        let layers = self
            .layers
            .iter()
            .map(|(k, v)| Ok((copy(k)?, copy(v)?)))
            .collect::<candle_core::Result<Vec<_>>>()?;
        Ok(KvCache {
            layers,
            batch: rows.len(),
            capacity,
            len,
            cos: self.cos.clone(),
            sin: self.sin.clone(),
        })
    }
}

impl Decoder {
    /// Bytes the weights occupy in memory (all matrices, norms and the embedding table).
    pub(crate) fn weight_bytes(&self) -> usize {
        let tensor_bytes = |t: &Tensor| t.elem_count() * t.dtype().size_in_bytes();
        let embedding = match &self.embedding {
            Embedding::Dense(t) => tensor_bytes(t),
            Embedding::Quantized(q) => q.storage_size_in_bytes(),
        };
        let tied = self.config.tie_word_embeddings;
        let layers: usize = self
            .layers
            .iter()
            .map(|l| l.matrix_bytes() + tensor_bytes(&l.attn_norm) + tensor_bytes(&l.ffn_norm))
            .sum();
        embedding + layers + if tied { 0 } else { self.lm_head.bytes() }
    }

    /// Bytes one decode step reads from the weights: every matrix and the lm_head once, one
    /// embedding row per sequence (negligible, left out).
    pub(crate) fn matmul_weight_bytes(&self) -> usize {
        let layers: usize = self.layers.iter().map(Layer::matrix_bytes).sum();
        layers + self.lm_head.bytes()
    }

    /// Bytes of K and V per token per sequence.
    pub(crate) fn kv_bytes_per_token(&self) -> usize {
        let c = &self.config;
        c.num_layers * 2 * c.num_kv_heads * c.head_dim * self.dtype.size_in_bytes()
    }

    /// A cache for `batch` sequences of up to `capacity` positions.
    pub fn new_cache(&self, batch: usize, capacity: usize) -> candle_core::Result<KvCache> {
        let c = &self.config;
        let shape = (batch, c.num_kv_heads, capacity, c.head_dim);
        let layers = (0..c.num_layers)
            .map(|_| {
                Ok((
                    Tensor::zeros(shape, self.dtype, &self.device)?,
                    Tensor::zeros(shape, self.dtype, &self.device)?,
                ))
            })
            .collect::<candle_core::Result<Vec<_>>>()?;
        let inv_freq = c.rope_inverse_frequencies();
        let half = inv_freq.len();
        let inv_freq = Tensor::from_vec(inv_freq, (1, half), &self.device)?;
        let positions = Tensor::arange(0u32, capacity as u32, &self.device)?
            .to_dtype(DType::F32)?
            .reshape((capacity, 1))?;
        let angles = positions.matmul(&inv_freq)?;
        Ok(KvCache {
            layers,
            batch,
            capacity,
            len: 0,
            cos: angles.cos()?.to_dtype(self.dtype)?,
            sin: angles.sin()?.to_dtype(self.dtype)?,
        })
    }

    /// Runs `ids` (`batch × new tokens`) after the cached positions and returns the logits of
    /// the last new position, `batch × vocab`, in f32.
    pub fn forward(&self, ids: &Tensor, cache: &mut KvCache) -> candle_core::Result<Tensor> {
        let (batch, new) = ids.dims2()?;
        let x = self.hidden(ids, cache)?;
        let last = x
            .reshape((batch, new, self.config.hidden_size))?
            .narrow(1, new - 1, 1)?
            .squeeze(1)?
            .contiguous()?;
        self.logits(&last)
    }

    /// Every new position's logits, `batch × new × vocab`, f32 (a continuation scored token by
    /// token).
    pub fn forward_all(&self, ids: &Tensor, cache: &mut KvCache) -> candle_core::Result<Tensor> {
        let (batch, new) = ids.dims2()?;
        let x = self.hidden(ids, cache)?;
        self.logits(&x)?.reshape((batch, new, ()))
    }

    /// Every new position's logits, `batch × new × vocab`, f32, when row `r` continues its
    /// own sequence of `lengths[r]` cached positions (≤ the cache's length): its new tokens
    /// take the rotary positions `lengths[r]..` and see its first `lengths[r]` cached
    /// positions and the new ones, never the cached positions after its own (another row's
    /// padding). Right-padded sequences of different lengths continue in one pass, each as
    /// if it ran alone.
    pub fn forward_all_from(
        &self,
        ids: &Tensor,
        cache: &mut KvCache,
        lengths: &[usize],
    ) -> candle_core::Result<Tensor> {
        let (batch, new) = ids.dims2()?;
        if lengths.len() != batch || lengths.iter().any(|&l| l > cache.len) {
            candle_core::bail!(
                "lengths {lengths:?} for a batch of {batch} after {} cached",
                cache.len
            )
        }
        let x = self.hidden_rows(ids, cache, Some(lengths))?;
        self.logits(&x)?.reshape((batch, new, ()))
    }

    /// The logits of row `r` at its new position `at[r]`, `batch × vocab`, f32: sequences of
    /// different lengths share a batch right-padded (a position never sees the ones after it,
    /// so a row's logits at its last real position are its own, unpadded).
    pub fn forward_at(
        &self,
        ids: &Tensor,
        cache: &mut KvCache,
        at: &[usize],
    ) -> candle_core::Result<Tensor> {
        let (batch, new) = ids.dims2()?;
        if at.len() != batch || at.iter().any(|&p| p >= new) {
            candle_core::bail!("positions {at:?} for a batch of {batch} × {new}")
        }
        let x = self.hidden(ids, cache)?;
        let rows: Vec<u32> = at
            .iter()
            .enumerate()
            .map(|(r, &p)| (r * new + p) as u32)
            .collect();
        let index = Tensor::from_vec(rows, batch, &self.device)?;
        self.logits(&x.index_select(&index, 0)?)
    }

    /// Replaces every matrix (the LM head included) and the embedding table by its dense f32
    /// form, dequantized once. The eval runs this way: candle 0.11.1's quantized CPU kernels
    /// quantize the activations too, and a sequence's logits then move by up to 0.4 with the
    /// number of rows in the pass (the Q4_1 fixture, 12 or more positions; `examples/
    /// probe_len.rs`), while dense f32 logits agree with a token-by-token run to 3e-5 — so a
    /// score does not depend on `batch_items` or on the padding beside it.
    pub fn dequantize_weights(&mut self) -> candle_core::Result<()> {
        for layer in &mut self.layers {
            layer.qkv = layer.qkv.dequantized()?;
            layer.o = layer.o.dequantized()?;
            layer.gate_up = layer.gate_up.dequantized()?;
            layer.down = layer.down.dequantized()?;
        }
        if let Embedding::Quantized(table) = &self.embedding {
            self.embedding = Embedding::Dense(table.dequantize(&self.device)?);
        }
        self.lm_head = match (&self.embedding, self.config.tie_word_embeddings) {
            // Tied: the LM head is the embedding table; one f32 matrix serves both (a candle
            // tensor's clone shares its storage).
            (Embedding::Dense(table), true) if table.dtype() == DType::F32 => Linear::Dense {
                weight: table.clone(),
                bias: None,
            },
            _ => self.lm_head.dequantized()?,
        };
        Ok(())
    }

    /// The final norm and the LM head: `(rows, hidden)` → `(rows, vocab)`, f32.
    fn logits(&self, hidden: &Tensor) -> candle_core::Result<Tensor> {
        let eps = self.config.rms_norm_eps as f32;
        let h = candle_nn::ops::rms_norm(hidden, &self.final_norm, eps)?;
        self.lm_head.forward(&h)?.to_dtype(DType::F32)
    }

    /// The residual stream after the last layer, `(batch·new, hidden)`, with the new K/V
    /// written into `cache`.
    fn hidden(&self, ids: &Tensor, cache: &mut KvCache) -> candle_core::Result<Tensor> {
        self.hidden_rows(ids, cache, None)
    }

    /// [`Self::hidden`], each row `r` continuing from its own `lengths[r]` when given
    /// ([`Self::forward_all_from`]).
    fn hidden_rows(
        &self,
        ids: &Tensor,
        cache: &mut KvCache,
        lengths: Option<&[usize]>,
    ) -> candle_core::Result<Tensor> {
        let (batch, new) = ids.dims2()?;
        if batch != cache.batch {
            candle_core::bail!("batch {batch} does not match the cache's {}", cache.batch)
        }
        let pos = cache.len;
        if new == 0 || pos + new > cache.capacity {
            candle_core::bail!(
                "{new} new tokens after {pos} do not fit the cache of {}",
                cache.capacity
            )
        }
        let eps = self.config.rms_norm_eps as f32;
        let (cos, sin, mask) = match lengths {
            None => (
                cache.cos.narrow(0, pos, new)?,
                cache.sin.narrow(0, pos, new)?,
                causal_mask(new, pos, self.dtype, &self.device)?,
            ),
            Some(lengths) => {
                // Row r's token i at rotary position lengths[r] + i: (batch, new, half).
                let at: Vec<u32> = lengths
                    .iter()
                    .flat_map(|&l| (0..new).map(move |i| (l + i) as u32))
                    .collect();
                let at = Tensor::from_vec(at, batch * new, &self.device)?;
                let half = cache.cos.dim(1)?;
                (
                    cache
                        .cos
                        .index_select(&at, 0)?
                        .reshape((batch, new, half))?,
                    cache
                        .sin
                        .index_select(&at, 0)?
                        .reshape((batch, new, half))?,
                    Some(rows_mask(lengths, new, pos, self.dtype, &self.device)?),
                )
            }
        };
        let mut x = self.embedding.forward(ids, self.dtype)?; // (batch·new, hidden)
        for (layer, (k_cache, v_cache)) in self.layers.iter().zip(&cache.layers) {
            let h = candle_nn::ops::rms_norm(&x, &layer.attn_norm, eps)?;
            let attn = self.attention(
                layer,
                &h,
                batch,
                new,
                pos,
                k_cache,
                v_cache,
                &cos,
                &sin,
                mask.as_ref(),
            )?;
            x = (x + layer.o.forward(&attn)?)?;
            let h = candle_nn::ops::rms_norm(&x, &layer.ffn_norm, eps)?;
            let gate_up = layer.gate_up.forward(&h)?;
            let gated = (candle_nn::ops::silu(&gate_up[0])? * &gate_up[1])?;
            x = (x + layer.down.forward(&gated)?)?;
        }
        cache.len = pos + new;
        Ok(x)
    }

    #[allow(clippy::too_many_arguments)]
    fn attention(
        &self,
        layer: &Layer,
        h: &Tensor,
        batch: usize,
        new: usize,
        pos: usize,
        k_cache: &Tensor,
        v_cache: &Tensor,
        cos: &Tensor,
        sin: &Tensor,
        mask: Option<&Tensor>,
    ) -> candle_core::Result<Tensor> {
        let c = &self.config;
        let (heads, kv_heads, d) = (c.num_attention_heads, c.num_kv_heads, c.head_dim);
        let eps = c.rms_norm_eps as f32;
        // (batch·new, heads·d) → (batch, heads, new, d)
        let split = |t: Tensor, n: usize, norm: Option<&Tensor>| -> candle_core::Result<Tensor> {
            let t = match norm {
                Some(w) => candle_nn::ops::rms_norm(&t.reshape((batch, new, n, d))?, w, eps)?,
                None => t,
            };
            if new == 1 {
                // One position: (batch, 1, n, d) and (batch, n, 1, d) are the same bytes.
                t.reshape((batch, n, 1, d))
            } else {
                t.reshape((batch, new, n, d))?.transpose(1, 2)?.contiguous()
            }
        };
        let mut qkv = layer.qkv.forward(h)?.into_iter();
        let (Some(q), Some(k), Some(v)) = (qkv.next(), qkv.next(), qkv.next()) else {
            candle_core::bail!("the qkv projection has fewer than three parts")
        };
        let q = split(q, heads, layer.q_norm.as_ref())?;
        let k = split(k, kv_heads, layer.k_norm.as_ref())?;
        let v = split(v, kv_heads, None)?;
        let (q, k) = if c.rope_interleaved {
            (
                candle_nn::rotary_emb::rope_i(&q, cos, sin)?,
                candle_nn::rotary_emb::rope_i(&k, cos, sin)?,
            )
        } else {
            (
                candle_nn::rotary_emb::rope(&q, cos, sin)?,
                candle_nn::rotary_emb::rope(&k, cos, sin)?,
            )
        };
        k_cache.slice_set(&k, 2, pos)?;
        v_cache.slice_set(&v, 2, pos)?;
        let context = pos + new;
        let keys = k_cache.narrow(2, 0, context)?; // (batch, kv_heads, context, d), a view
        let values = v_cache.narrow(2, 0, context)?;
        // Query heads sharing a K/V head are adjacent (HF's repeat_kv order): fold them into
        // the row dimension instead of copying K/V once per query head.
        let group = heads / kv_heads;
        let q = q.reshape((batch, kv_heads, group * new, d))?;
        let scale = 1.0 / (d as f64).sqrt();
        let scores = (q.matmul(&keys.t()?)? * scale)?; // (batch, kv_heads, group·new, context)
        let scores = match mask {
            Some(mask) => scores
                .reshape((batch, kv_heads, group, new, context))?
                .broadcast_add(mask)?
                .reshape((batch, kv_heads, group * new, context))?,
            None => scores,
        };
        let probs = candle_nn::ops::softmax_last_dim(&scores)?;
        let out = probs.matmul(&values)?; // (batch, kv_heads, group·new, d)
        if new == 1 {
            out.reshape((batch, heads * d))
        } else {
            out.reshape((batch, heads, new, d))?
                .transpose(1, 2)?
                .reshape((batch * new, heads * d))
        }
    }
}

/// `new × (pos + new)` additive mask: query i (at position pos + i) sees keys ≤ pos + i.
/// None for a single new token, which sees every cached position.
fn causal_mask(
    new: usize,
    pos: usize,
    dtype: DType,
    device: &Device,
) -> candle_core::Result<Option<Tensor>> {
    if new == 1 {
        return Ok(None);
    }
    let context = pos + new;
    let values: Vec<f32> = (0..new)
        .flat_map(|i| (0..context).map(move |j| if j <= pos + i { 0.0 } else { f32::NEG_INFINITY }))
        .collect();
    Tensor::from_vec(values, (new, context), device)?
        .to_dtype(dtype)
        .map(Some)
}

/// `batch × 1 × 1 × new × (pos + new)` additive mask for [`Decoder::forward_all_from`]: row
/// r's query i sees the cached keys before `lengths[r]` and the new keys up to its own.
fn rows_mask(
    lengths: &[usize],
    new: usize,
    pos: usize,
    dtype: DType,
    device: &Device,
) -> candle_core::Result<Tensor> {
    let context = pos + new;
    let values: Vec<f32> = lengths
        .iter()
        .flat_map(|&l| {
            (0..new).flat_map(move |i| {
                (0..context).map(move |j| {
                    if j < l || (pos..=pos + i).contains(&j) {
                        0.0
                    } else {
                        f32::NEG_INFINITY
                    }
                })
            })
        })
        .collect();
    Tensor::from_vec(values, (lengths.len(), 1, 1, new, context), device)?.to_dtype(dtype)
}

/// Greedy choice per sequence: the arg-max of each row of `logits` (`batch × vocab`).
pub(crate) fn argmax_rows(logits: &Tensor) -> candle_core::Result<Vec<u32>> {
    logits.argmax(D::Minus1)?.to_vec1::<u32>()
}
