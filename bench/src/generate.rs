//! Greedy text generation with real weights and their tokenizer: the proof that the decoder
//! computes a language model, not just a shape.

use candle_core::Tensor;

use crate::decoder::{argmax_rows, Decoder};
use crate::BenchError;

/// Encodes `prompt`, decodes up to `max_new` tokens greedily (stopping at `eos`), and returns
/// the new text and token ids. Deterministic: same weights, same prompt, same output.
pub fn generate_greedy(
    decoder: &Decoder,
    tokenizer: &tokenizers::Tokenizer,
    prompt: &str,
    max_new: usize,
    eos: Option<u32>,
) -> Result<(String, Vec<u32>), BenchError> {
    let encoding = tokenizer
        .encode(prompt, false)
        .map_err(|e| BenchError::invalid("prompt", format!("tokenizer: {e}")))?;
    let ids = encoding.get_ids().to_vec();
    if ids.is_empty() {
        return Err(BenchError::invalid("prompt", "encodes to no tokens"));
    }
    let mut cache = decoder.new_cache(1, ids.len() + max_new)?;
    let input = Tensor::from_vec(ids.clone(), (1, ids.len()), &decoder.device)?;
    let mut next = argmax_rows(&decoder.forward(&input, &mut cache)?)?[0];
    let mut out = Vec::new();
    for _ in 0..max_new {
        if Some(next) == eos {
            break;
        }
        out.push(next);
        let input = Tensor::from_vec(vec![next], (1, 1), &decoder.device)?;
        next = argmax_rows(&decoder.forward(&input, &mut cache)?)?[0];
    }
    let text = tokenizer
        .decode(&out, true)
        .map_err(|e| BenchError::invalid("prompt", format!("tokenizer: {e}")))?;
    Ok((text, out))
}
