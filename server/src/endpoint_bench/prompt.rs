//! Prompts of a requested length and the counting of tokens without the server's help.
//!
//! A prompt is seeded random words from [`WORDS`], common English words that are one token
//! each with their leading space in SmolLM2's vocabulary (checked with its GGUF tokenizer)
//! and, being so common, in the other BPE vocabularies; the server's count or a tokenizer
//! corrects the length where one is not. Every prompt draws its own order from its index, so no two share a prefix beyond
//! the chat template and a server's prefix cache cannot shorten the prefill.

use std::path::Path;

use rand::seq::SliceRandom;
use rand::SeedableRng;

use super::EndpointError;

/// The words prompts are made of.
pub const WORDS: [&str; 64] = [
    "the", "of", "and", "to", "in", "is", "that", "for", "it", "as", "was", "with", "be", "by",
    "on", "not", "he", "this", "are", "or", "his", "from", "at", "which", "but", "have", "an",
    "had", "they", "you", "were", "their", "one", "all", "we", "can", "her", "has", "there",
    "been", "if", "more", "when", "will", "would", "who", "so", "no", "time", "people", "year",
    "good", "new", "first", "day", "man", "world", "life", "work", "part", "place", "week",
    "water", "house",
];

/// Prompt `index` of a run seeded with `seed`: `words` words.
pub fn prompt(seed: u64, index: u64, words: usize) -> String {
    let mut rng =
        rand::rngs::StdRng::seed_from_u64(seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let mut text = String::with_capacity(words * 6);
    for i in 0..words {
        if i > 0 {
            text.push(' ');
        }
        // WORDS is not empty, so a choice always exists.
        text.push_str(WORDS.choose(&mut rng).copied().unwrap_or("the"));
    }
    text
}

/// A tokenizer read from a `tokenizer.json` or from a GGUF file's metadata.
pub struct Tokenizer {
    inner: tokenizers::Tokenizer,
    /// The file as given.
    pub path: String,
}

impl Tokenizer {
    /// Reads `path`: a GGUF file (by its extension) or a Hugging Face `tokenizer.json`.
    pub fn load(path: &Path) -> Result<Self, EndpointError> {
        let shown = path.display().to_string();
        let bad = |reason: String| EndpointError::Tokenizer {
            path: shown.clone(),
            reason,
        };
        let is_gguf = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gguf"));
        let inner = if is_gguf {
            let mut file = std::fs::File::open(path).map_err(|e| bad(e.to_string()))?;
            let content =
                bench::gguf::read_content(&mut file, &shown).map_err(|e| bad(e.to_string()))?;
            bench::gguf::tokenizer(&content, &shown).map_err(|e| bad(e.to_string()))?
        } else {
            tokenizers::Tokenizer::from_file(path).map_err(|e| bad(e.to_string()))?
        };
        Ok(Tokenizer { inner, path: shown })
    }

    /// Tokens of `text`; `special` adds the tokenizer's own (a BOS), as a server does to a
    /// prompt.
    pub fn count(&self, text: &str, special: bool) -> Result<usize, EndpointError> {
        self.inner
            .encode(text, special)
            .map(|e| e.len())
            .map_err(|e| EndpointError::Tokenizer {
                path: self.path.clone(),
                reason: format!("cannot encode: {e}"),
            })
    }
}

/// How many words make a prompt of `target` tokens by `tokenizer` (BOS included): starts at
/// one word a token and corrects by the difference, a few times at most.
pub fn words_for(tokenizer: &Tokenizer, seed: u64, target: usize) -> Result<usize, EndpointError> {
    let mut words = target.max(1);
    for _ in 0..8 {
        let tokens = tokenizer.count(&prompt(seed, 0, words), true)?;
        if tokens == target {
            break;
        }
        words = (words as i64 + target as i64 - tokens as i64).max(1) as usize;
    }
    Ok(words)
}
