//! LLM API price tables.
//!
//! Invariants: no I/O, no panics on user input, compiles for `wasm32-unknown-unknown`.
//! Every price carries the table it came from, so a result can say who priced it.

mod bundled;
pub mod caching;
pub mod gpus;
pub mod litellm;
pub mod search;

use serde::{Deserialize, Serialize};

pub use bundled::{
    bundled_table, is_bundled, stated_billions, FRONTIER_PROVIDERS, SMALL_MAX_BILLIONS,
};
pub use gpus::{bundled_gpus, owned_usd_per_gpu_hour, GpuOffer, GpuSpec, GpuTable, OwnedGpu};

/// Prices of one API model, in USD. Token prices are per million tokens (Mtok),
/// the unit providers publish; LiteLLM's per-token figures are converted on import.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ApiPrices {
    /// Price of a million fresh (uncached) input tokens: the prompt, system prompt and any
    /// retrieved context. ≥ 0.
    pub input_usd_per_mtok: f64,
    /// Price of a million generated tokens; usually several times the input price. ≥ 0.
    pub output_usd_per_mtok: f64,
    /// Price of input tokens served from the provider's prompt cache.
    pub cached_input_usd_per_mtok: f64,
    /// Flat fee per request (rare for LLM APIs; common for hosted endpoints).
    pub usd_per_request: f64,
}

/// Where a price table came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct TableSource {
    /// Human name of the table, e.g. "LiteLLM model_prices_and_context_window".
    pub name: String,
    /// Version of the upstream file the rows were read from.
    pub version: String,
    /// Hex sha256 of the upstream file's bytes: names the exact file the rows were read from.
    pub sha256: String,
    /// Date the prices were published upstream (ISO 8601).
    pub as_of: String,
}

/// One model's row in a price table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ModelPrice {
    /// Name as the table spells it, e.g. "gpt-4o" or "bedrock/mistral.mistral-7b-instruct-v0:2".
    pub model: String,
    /// LiteLLM's `litellm_provider` ("openai", "anthropic", "bedrock", …); empty where the
    /// upstream row names none. Decides which rows the bundled table keeps.
    pub provider: String,
    /// The row's prices; the cached-input price is the input price where the row lists none
    /// (see `cached_price_listed`).
    pub prices: ApiPrices,
    /// Whether the upstream row gave a cached-input price (else cached = input).
    pub cached_price_listed: bool,
    /// Batch-API input price (USD/Mtok), where the provider lists one: asynchronous
    /// requests answered within a day, typically at half price. None, never 0, where not.
    #[serde(default)]
    pub batch_input_usd_per_mtok: Option<f64>,
    /// Batch-API output price (USD/Mtok), where the provider lists one; None, never 0, where
    /// it does not.
    #[serde(default)]
    pub batch_output_usd_per_mtok: Option<f64>,
    /// Price of writing input tokens to the prompt cache (USD/Mtok; LiteLLM's
    /// `cache_creation_input_token_cost`), where listed.
    #[serde(default)]
    pub cache_write_usd_per_mtok: Option<f64>,
    /// Context window (input tokens), where listed.
    #[serde(default)]
    pub max_input_tokens: Option<u64>,
    /// Why this row's price needs a check, as its import found (listed at $0, moved 1000×
    /// or more, implausibly high for a new model). A plan priced from a flagged row warns
    /// (`price_flagged`), so the flag travels with the version. Absent (empty) in bodies
    /// stored before flags existed and in the bundled table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<PriceFlag>,
}

/// A kept row's reason for a second look, attached by the import that found it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PriceFlag {
    /// One of the kinds that keep a row ([`litellm::IssueKind::is_flag`]): `zero_price`,
    /// `price_jump`, `implausible_price`.
    pub kind: litellm::IssueKind,
    /// The import's sentence, naming the price and the bound or version it was held to.
    pub message: String,
}

/// A price table: rows plus the source every row shares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PriceTable {
    /// Where every row comes from; a result priced from this table shows its label.
    pub source: TableSource,
    /// One row per model, named as the table spells it (sorted by name when read by
    /// [`litellm::parse`]). Look a row up with [`PriceTable::get`], which is exact.
    pub models: Vec<ModelPrice>,
}

/// Why a price could not be found or a table not read. A lookup's message names the table
/// it searched, so a user sees which version lacks the model rather than a $0 price.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PricingError {
    /// A model name that the table lacks: the name asked for, then the table's
    /// [`TableSource::label`].
    #[error("model `{0}` is not in the price table {1}")]
    UnknownModel(String, String),
    /// A GPU offer id that the table lacks: the id asked for, then the table's source and date.
    #[error("GPU offer `{0}` is not in the GPU table {1}")]
    UnknownGpu(String, String),
    /// A file that is not a price table in the expected format; the message says what is
    /// wrong with it (not JSON, no chat model priced).
    #[error("{0}")]
    Format(String),
    /// A row whose price no computation should use: not finite, negative, or above
    /// [`litellm::MAX_USD_PER_MTOK`]. The model, the field and its value.
    #[error("model `{model}`: {field} is {value}, not a price from 0 to {max} USD", model = .0, field = .1, value = number(*.2), max = litellm::MAX_USD_PER_MTOK)]
    OutOfBound(String, &'static str, f64),
}

impl PriceTable {
    /// Looks a model up by its exact name (case-sensitive, as providers spell them).
    pub fn get(&self, model: &str) -> Result<&ModelPrice, PricingError> {
        self.models
            .iter()
            .find(|m| m.model == model)
            .ok_or_else(|| PricingError::UnknownModel(model.to_string(), self.source.label()))
    }
}

impl ModelPrice {
    /// Every price of the row with its field name: the four of [`ApiPrices`] (USD/Mtok,
    /// `usd_per_request` in USD) and the optional batch and cache-write prices.
    pub fn price_fields(&self) -> [(&'static str, Option<f64>); 7] {
        let p = &self.prices;
        [
            ("input_usd_per_mtok", Some(p.input_usd_per_mtok)),
            ("output_usd_per_mtok", Some(p.output_usd_per_mtok)),
            (
                "cached_input_usd_per_mtok",
                Some(p.cached_input_usd_per_mtok),
            ),
            ("usd_per_request", Some(p.usd_per_request)),
            ("batch_input_usd_per_mtok", self.batch_input_usd_per_mtok),
            ("batch_output_usd_per_mtok", self.batch_output_usd_per_mtok),
            ("cache_write_usd_per_mtok", self.cache_write_usd_per_mtok),
        ]
    }
}

impl PriceTable {
    /// Holds every price of every row to what an import accepts: finite, ≥ 0 and at most
    /// [`litellm::MAX_USD_PER_MTOK`] (a request fee too). A stored table is checked with
    /// this when it is read, so a body written before the bound existed (or altered since)
    /// is refused with the row at fault instead of overflowing a plan.
    pub fn check(&self) -> Result<(), PricingError> {
        for row in &self.models {
            for (field, value) in row.price_fields() {
                if let Some(v) = value {
                    if !(0.0..=litellm::MAX_USD_PER_MTOK).contains(&v) {
                        return Err(PricingError::OutOfBound(row.model.clone(), field, v));
                    }
                }
            }
        }
        Ok(())
    }
}

/// A number as a person reads it in a message: plain (`2.5`, `2500`), or in exponent form
/// where plain would be a long run of digits (`1e303`, `2e-6`, `inf`).
pub fn number(v: f64) -> String {
    let magnitude = v.abs();
    if v.is_finite() && v != 0.0 && !(1e-4..1e15).contains(&magnitude) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// Whether `text` is a calendar date written YYYY-MM-DD (proleptic Gregorian: 2024-02-29
/// is one, 2026-02-29 and 2026-13-01 are not): what a table's `as_of` must be.
pub fn is_calendar_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shaped {
        return false;
    }
    let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    (1..=days).contains(&day)
}

impl TableSource {
    /// Short label for results and error messages: "name version (as_of, sha256 prefix)".
    pub fn label(&self) -> String {
        let sha: String = self.sha256.chars().take(12).collect();
        format!(
            "{} {} ({}, sha256 {sha})",
            self.name, self.version, self.as_of
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_is_exact_and_names_the_table_when_missing() {
        let table = bundled_table();
        assert_eq!(table.get("gpt-4").unwrap().prices.input_usd_per_mtok, 30.0);
        let err = table.get("GPT-4").unwrap_err();
        assert!(err.to_string().contains("GPT-4"), "{err}");
        assert!(err.to_string().contains("1.109.1"), "{err}");
    }

    #[test]
    fn calendar_dates_only() {
        for (text, ok) in [
            ("2026-11-22", true),
            ("2024-02-29", true),
            ("2000-02-29", true),
            ("1900-02-29", false),
            ("2026-02-29", false),
            ("2026-13-01", false),
            ("2026-04-31", false),
            ("2026-00-10", false),
            ("2026-1-1", false),
            ("not-a-date", false),
            ("2026-11-22T00:00", false),
            ("", false),
            ("+026-11-22", false),
        ] {
            assert_eq!(is_calendar_date(text), ok, "{text}");
        }
    }

    #[test]
    fn the_bundled_table_is_within_the_bound() {
        bundled_table().check().unwrap();
    }
}
