//! Searching a price table's rows: one rule for the server (`GET /api/v1/pricing/llm?q=`,
//! over a version too large to send whole) and the browser (the catalog pages, over the rows
//! they hold), so a search finds the same rows whichever side runs it.

use crate::ModelPrice;

/// A search: the words of what was typed, lower-cased once. A text matches when every word
/// appears somewhere in it, case-insensitively; no words match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    words: Vec<String>,
}

impl Search {
    /// The search for `query` as typed ("Llama 8B": rows containing "llama" and "8b").
    pub fn new(query: &str) -> Self {
        Self {
            words: query.split_whitespace().map(str::to_lowercase).collect(),
        }
    }

    /// Whether nothing was typed (every row matches).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether every word appears somewhere in `text`.
    pub fn matches_text(&self, text: &str) -> bool {
        if self.words.is_empty() {
            return true;
        }
        let text = text.to_lowercase();
        self.words.iter().all(|word| text.contains(word.as_str()))
    }

    /// Whether every word appears in the row's model name or its provider. A word has no
    /// space, so this is the text "model provider" searched as one.
    pub fn matches(&self, row: &ModelPrice) -> bool {
        if self.words.is_empty() {
            return true;
        }
        let (model, provider) = (row.model.to_lowercase(), row.provider.to_lowercase());
        self.words
            .iter()
            .all(|word| model.contains(word.as_str()) || provider.contains(word.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_in_model_or_provider_case_insensitively() {
        let table = crate::bundled_table();
        let row = table.get("claude-haiku-4-5").unwrap();
        for (query, hit) in [
            ("", true),
            ("   ", true),
            ("HAIKU", true),
            ("haiku anthropic", true),
            ("anthropic 4-5 claude", true),
            ("haiku openai", false),
            ("haiku-anthropic", false),
        ] {
            let search = Search::new(query);
            assert_eq!(search.matches(row), hit, "{query:?}");
            let text = format!("{} {}", row.model, row.provider);
            assert_eq!(search.matches_text(&text), hit, "{query:?}");
        }
    }
}
