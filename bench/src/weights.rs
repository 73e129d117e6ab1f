//! Building a [`Decoder`]: from named tensors (synthetic, or a safetensors checkpoint) in any
//! dense dtype or quantized on load, and from a GGUF file.

use std::collections::HashMap;
use std::sync::Arc;

use candle_core::quantized::{gguf_file, GgmlDType, QMatMul, QTensor};
use candle_core::{DType, Device, Tensor};
use rayon::prelude::*;

use crate::config::DecoderConfig;
use crate::decoder::{Decoder, Embedding, Layer, Linear, Projections};
use crate::{BenchError, WeightDtype};

/// Where named f32 tensors (Hugging Face names) come from: generated, or read from a checkpoint.
pub type TensorSource<'a> = dyn FnMut(&str, &[usize]) -> Result<Tensor, BenchError> + 'a;

/// The GGML block format of a quantized dtype.
pub(crate) fn ggml_dtype(dtype: WeightDtype) -> Option<GgmlDType> {
    match dtype {
        WeightDtype::Q8_0 => Some(GgmlDType::Q8_0),
        WeightDtype::Q4_0 => Some(GgmlDType::Q4_0),
        WeightDtype::Q4_1 => Some(GgmlDType::Q4_1),
        WeightDtype::Q4K => Some(GgmlDType::Q4K),
        _ => None,
    }
}

/// The candle dtype of a dense format (f32 activations for the quantized ones).
pub(crate) fn activation_dtype(dtype: WeightDtype) -> DType {
    match dtype {
        WeightDtype::Bf16 => DType::BF16,
        WeightDtype::F16 => DType::F16,
        _ => DType::F32,
    }
}

/// Quantized formats pack each row in blocks: every matrix's inner dimension must divide.
pub(crate) fn check_quantizable(
    config: &DecoderConfig,
    dtype: WeightDtype,
) -> Result<(), BenchError> {
    let Some(ggml) = ggml_dtype(dtype) else {
        return Ok(());
    };
    let block = ggml.block_size();
    let inner = [
        ("hidden_size", config.hidden_size),
        ("intermediate_size", config.intermediate_size),
        (
            "heads × head_dim",
            config.num_attention_heads * config.head_dim,
        ),
    ];
    for (name, size) in inner {
        if size % block != 0 {
            return Err(BenchError::invalid(
                "dtype",
                format!(
                    "{dtype} packs rows in blocks of {block}; this model's {name} {size} is not a multiple (use {})",
                    if block == 256 { "q8_0 or q4_0" } else { "f32, f16 or bf16" }
                ),
            ));
        }
    }
    Ok(())
}

/// The f32 tensors a llama-family checkpoint holds, by Hugging Face name, with their shapes.
pub fn tensor_names(config: &DecoderConfig) -> Vec<(String, Vec<usize>)> {
    let c = config;
    let (h, i, d) = (c.hidden_size, c.intermediate_size, c.head_dim);
    let (q_out, kv_out) = (c.num_attention_heads * d, c.num_kv_heads * d);
    let mut names = vec![(
        "model.embed_tokens.weight".to_string(),
        vec![c.vocab_size, h],
    )];
    for l in 0..c.num_layers {
        let p = format!("model.layers.{l}");
        names.push((format!("{p}.input_layernorm.weight"), vec![h]));
        names.push((format!("{p}.self_attn.q_proj.weight"), vec![q_out, h]));
        names.push((format!("{p}.self_attn.k_proj.weight"), vec![kv_out, h]));
        names.push((format!("{p}.self_attn.v_proj.weight"), vec![kv_out, h]));
        if c.qkv_bias() {
            names.push((format!("{p}.self_attn.q_proj.bias"), vec![q_out]));
            names.push((format!("{p}.self_attn.k_proj.bias"), vec![kv_out]));
            names.push((format!("{p}.self_attn.v_proj.bias"), vec![kv_out]));
        }
        if c.qk_norm() {
            names.push((format!("{p}.self_attn.q_norm.weight"), vec![d]));
            names.push((format!("{p}.self_attn.k_norm.weight"), vec![d]));
        }
        names.push((format!("{p}.self_attn.o_proj.weight"), vec![h, q_out]));
        names.push((format!("{p}.post_attention_layernorm.weight"), vec![h]));
        names.push((format!("{p}.mlp.gate_proj.weight"), vec![i, h]));
        names.push((format!("{p}.mlp.up_proj.weight"), vec![i, h]));
        names.push((format!("{p}.mlp.down_proj.weight"), vec![h, i]));
    }
    names.push(("model.norm.weight".to_string(), vec![h]));
    if !c.tie_word_embeddings {
        names.push(("lm_head.weight".to_string(), vec![c.vocab_size, h]));
    }
    names
}

/// One synthetic tensor: uniform in ±1/√fan_in like PyTorch's default `Linear` init (so the
/// numbers quantize like trained ones and never cancel to zero), norms at 1 ± 0.1, biases
/// ±0.02. Deterministic in (seed, name), generated in parallel chunks.
pub fn synthetic_tensor(
    name: &str,
    shape: &[usize],
    seed: u64,
    device: &Device,
) -> Result<Tensor, BenchError> {
    let count: usize = shape.iter().product();
    let (center, half_width) = if name.ends_with("norm.weight") {
        (1.0f32, 0.1f32)
    } else if name.ends_with(".bias") {
        (0.0, 0.02)
    } else {
        let fan_in = *shape.last().unwrap_or(&1) as f32;
        (0.0, 1.0 / fan_in.sqrt())
    };
    let name_seed = name.bytes().fold(seed ^ 0x9E37_79B9_7F4A_7C15, |h, b| {
        splitmix(h ^ u64::from(b))
    });
    const CHUNK: usize = 1 << 16;
    let mut values = vec![0f32; count];
    values
        .par_chunks_mut(CHUNK)
        .enumerate()
        .for_each(|(chunk, out)| {
            let mut state = splitmix(name_seed ^ chunk as u64);
            for v in out.iter_mut() {
                state = splitmix(state);
                // 24 random bits → [0, 1)
                let unit = (state >> 40) as f32 / (1u64 << 24) as f32;
                *v = center + half_width * (2.0 * unit - 1.0);
            }
        });
    Ok(Tensor::from_vec(values, shape, device)?)
}

fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Builds the decoder from named tensors, converting dense weights to `dtype` or quantizing
/// the matrices on load. Tensors are taken one at a time so the f32 copy of a big model is
/// never held whole.
pub fn build_from_tensors(
    config: &DecoderConfig,
    source: &mut TensorSource<'_>,
    dtype: WeightDtype,
    device: &Device,
) -> Result<Decoder, BenchError> {
    config.check()?;
    check_quantizable(config, dtype)?;
    let act = activation_dtype(dtype);
    let quant = ggml_dtype(dtype);
    let shapes: HashMap<String, Vec<usize>> = tensor_names(config).into_iter().collect();
    let mut take = |name: &str| -> Result<Tensor, BenchError> {
        let shape = shapes
            .get(name)
            .ok_or_else(|| BenchError::invalid("weights", format!("no tensor {name}")))?;
        let t = source(name, shape)?;
        if t.dims() != shape.as_slice() {
            return Err(BenchError::invalid(
                "weights",
                format!(
                    "tensor {name} has shape {:?}, the config needs {shape:?}",
                    t.dims()
                ),
            ));
        }
        Ok(t.to_device(device)?)
    };
    let matrix = |t: Tensor| -> Result<Linear, BenchError> {
        Ok(match quant {
            Some(q) => Linear::Quantized {
                weight: QMatMul::from_arc(Arc::new(QTensor::quantize_onto(
                    &t.to_dtype(DType::F32)?,
                    q,
                    device,
                )?))?,
                bias: None,
            },
            None => Linear::Dense {
                weight: t.to_dtype(act)?,
                bias: None,
            },
        })
    };
    let embed = take("model.embed_tokens.weight")?;
    let (embedding, tied_head) = match quant {
        Some(q) => {
            let table = Arc::new(QTensor::quantize_onto(
                &embed.to_dtype(DType::F32)?,
                q,
                device,
            )?);
            let head = config
                .tie_word_embeddings
                .then(|| -> Result<Linear, BenchError> {
                    Ok(Linear::Quantized {
                        weight: QMatMul::from_arc(table.clone())?,
                        bias: None,
                    })
                })
                .transpose()?;
            (Embedding::Quantized(table), head)
        }
        None => {
            let table = embed.to_dtype(act)?;
            let head = config.tie_word_embeddings.then(|| Linear::Dense {
                weight: table.clone(),
                bias: None,
            });
            (Embedding::Dense(table), head)
        }
    };
    drop(embed);
    let mut layers = Vec::with_capacity(config.num_layers);
    for l in 0..config.num_layers {
        let p = format!("model.layers.{l}");
        let bias = |take: &mut dyn FnMut(&str) -> Result<Tensor, BenchError>, name: &str| {
            if config.qkv_bias() {
                Ok::<_, BenchError>(Some(take(name)?.to_dtype(act)?))
            } else {
                Ok(None)
            }
        };
        let q = matrix(take(&format!("{p}.self_attn.q_proj.weight"))?)?;
        let q = with_bias(q, bias(&mut take, &format!("{p}.self_attn.q_proj.bias"))?);
        let k = matrix(take(&format!("{p}.self_attn.k_proj.weight"))?)?;
        let k = with_bias(k, bias(&mut take, &format!("{p}.self_attn.k_proj.bias"))?);
        let v = matrix(take(&format!("{p}.self_attn.v_proj.weight"))?)?;
        let v = with_bias(v, bias(&mut take, &format!("{p}.self_attn.v_proj.bias"))?);
        let (q_norm, k_norm) = if config.qk_norm() {
            (
                Some(take(&format!("{p}.self_attn.q_norm.weight"))?.to_dtype(act)?),
                Some(take(&format!("{p}.self_attn.k_norm.weight"))?.to_dtype(act)?),
            )
        } else {
            (None, None)
        };
        let gate = matrix(take(&format!("{p}.mlp.gate_proj.weight"))?)?;
        let up = matrix(take(&format!("{p}.mlp.up_proj.weight"))?)?;
        layers.push(Layer {
            attn_norm: take(&format!("{p}.input_layernorm.weight"))?.to_dtype(act)?,
            qkv: qkv_projections(config, q, k, v)?,
            o: matrix(take(&format!("{p}.self_attn.o_proj.weight"))?)?,
            q_norm,
            k_norm,
            ffn_norm: take(&format!("{p}.post_attention_layernorm.weight"))?.to_dtype(act)?,
            gate_up: Projections::new(vec![gate, up], vec![config.intermediate_size; 2])?,
            down: matrix(take(&format!("{p}.mlp.down_proj.weight"))?)?,
        });
    }
    let final_norm = take("model.norm.weight")?.to_dtype(act)?;
    let lm_head = match tied_head {
        Some(head) => head,
        None => matrix(take("lm_head.weight")?)?,
    };
    Ok(Decoder {
        config: config.clone(),
        embedding,
        layers,
        final_norm,
        lm_head,
        dtype: act,
        device: device.clone(),
    })
}

/// The decoder of a GGUF file (llama, mistral, qwen2 or qwen3 architecture). With `requantize`
/// every matrix is converted to that format on load (Q4_1 has no fast CPU kernel in candle).
pub fn build_from_gguf<R: std::io::Read + std::io::Seek>(
    content: &gguf_file::Content,
    reader: &mut R,
    path: &str,
    requantize: Option<WeightDtype>,
    device: &Device,
) -> Result<Decoder, BenchError> {
    let config = crate::gguf::config_from_gguf(content, path)?;
    let bad = |reason: String| BenchError::BadWeights {
        path: path.to_string(),
        reason,
    };
    if let Some(dtype) = requantize {
        if !dtype.is_quantized() {
            return Err(BenchError::invalid(
                "dtype",
                format!("a GGUF file runs in its own quantized format or is requantized to q8_0, q4_0 or q4_k, not {dtype}"),
            ));
        }
        check_quantizable(&config, dtype)?;
    }
    let mut qtensor = |name: &str, shape: &[usize]| -> Result<QTensor, BenchError> {
        let t = content
            .tensor(reader, name, device)
            .map_err(|e| bad(format!("tensor {name}: {e}")))?;
        // GGUF lists dimensions innermost first; candle reverses them to row-major.
        if t.shape().dims() != shape {
            return Err(bad(format!(
                "tensor {name} has shape {:?}, the metadata needs {shape:?}",
                t.shape().dims()
            )));
        }
        match requantize.and_then(ggml_dtype) {
            Some(target) if t.dtype() != target => Ok(QTensor::quantize_onto(
                &t.dequantize(device)?,
                target,
                device,
            )?),
            _ => Ok(t),
        }
    };
    let vector = |t: QTensor| -> Result<Tensor, BenchError> { Ok(t.dequantize(device)?) };
    let linear = |t: QTensor| -> Result<Linear, BenchError> {
        Ok(Linear::Quantized {
            weight: QMatMul::from_arc(Arc::new(t))?,
            bias: None,
        })
    };
    let c = &config;
    let (h, i, d) = (c.hidden_size, c.intermediate_size, c.head_dim);
    let (q_out, kv_out) = (c.num_attention_heads * d, c.num_kv_heads * d);
    let embed = Arc::new(qtensor("token_embd.weight", &[c.vocab_size, h])?);
    let mut layers = Vec::with_capacity(c.num_layers);
    for l in 0..c.num_layers {
        let p = format!("blk.{l}");
        let mut bias = |name: &str, size: usize| -> Result<Option<Tensor>, BenchError> {
            if c.qkv_bias() {
                Ok(Some(vector(qtensor(name, &[size])?)?))
            } else {
                Ok(None)
            }
        };
        let q_bias = bias(&format!("{p}.attn_q.bias"), q_out)?;
        let k_bias = bias(&format!("{p}.attn_k.bias"), kv_out)?;
        let v_bias = bias(&format!("{p}.attn_v.bias"), kv_out)?;
        let q = with_bias(
            linear(qtensor(&format!("{p}.attn_q.weight"), &[q_out, h])?)?,
            q_bias,
        );
        let k = with_bias(
            linear(qtensor(&format!("{p}.attn_k.weight"), &[kv_out, h])?)?,
            k_bias,
        );
        let v = with_bias(
            linear(qtensor(&format!("{p}.attn_v.weight"), &[kv_out, h])?)?,
            v_bias,
        );
        let (q_norm, k_norm) = if c.qk_norm() {
            (
                Some(vector(qtensor(&format!("{p}.attn_q_norm.weight"), &[d])?)?),
                Some(vector(qtensor(&format!("{p}.attn_k_norm.weight"), &[d])?)?),
            )
        } else {
            (None, None)
        };
        let gate = linear(qtensor(&format!("{p}.ffn_gate.weight"), &[i, h])?)?;
        let up = linear(qtensor(&format!("{p}.ffn_up.weight"), &[i, h])?)?;
        layers.push(Layer {
            attn_norm: vector(qtensor(&format!("{p}.attn_norm.weight"), &[h])?)?,
            qkv: qkv_projections(c, q, k, v)?,
            o: linear(qtensor(&format!("{p}.attn_output.weight"), &[h, q_out])?)?,
            q_norm,
            k_norm,
            ffn_norm: vector(qtensor(&format!("{p}.ffn_norm.weight"), &[h])?)?,
            gate_up: Projections::new(vec![gate, up], vec![i, i])?,
            down: linear(qtensor(&format!("{p}.ffn_down.weight"), &[h, i])?)?,
        });
    }
    let final_norm = vector(qtensor("output_norm.weight", &[h])?)?;
    let lm_head = if content.tensor_infos.contains_key("output.weight") {
        linear(qtensor("output.weight", &[c.vocab_size, h])?)?
    } else {
        Linear::Quantized {
            weight: QMatMul::from_arc(embed.clone())?,
            bias: None,
        }
    };
    let tied = !content.tensor_infos.contains_key("output.weight");
    Ok(Decoder {
        config: DecoderConfig {
            tie_word_embeddings: tied,
            ..config
        },
        embedding: Embedding::Quantized(embed),
        layers,
        final_norm,
        lm_head,
        dtype: DType::F32,
        device: device.clone(),
    })
}

fn qkv_projections(
    config: &DecoderConfig,
    q: Linear,
    k: Linear,
    v: Linear,
) -> Result<Projections, BenchError> {
    let d = config.head_dim;
    let sizes = vec![
        config.num_attention_heads * d,
        config.num_kv_heads * d,
        config.num_kv_heads * d,
    ];
    Ok(Projections::new(vec![q, k, v], sizes)?)
}

/// `linear` with `bias` added after the product.
fn with_bias(mut linear: Linear, bias: Option<Tensor>) -> Linear {
    match &mut linear {
        Linear::Dense { bias: b, .. } | Linear::Quantized { bias: b, .. } => *b = bias,
    }
    linear
}
