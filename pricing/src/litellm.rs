//! Reads price tables in LiteLLM's format (`model_prices_and_context_window.json`): one
//! object per model, prices in USD per single token. Unknown fields are ignored, as the
//! format's own `sample_spec` asks; known fields with the wrong type are errors.
//!
//! The known failures of price tables are guarded here: a model without a price is left
//! out with a visible issue (never priced at $0), a negative or non-finite price rejects
//! the row, and `price_jumps` flags a price more than 1000× away from a previous version.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{ApiPrices, ModelPrice, PriceTable, PricingError, TableSource};

/// One LiteLLM entry, reduced to the fields Breakeven uses.
#[derive(Debug, Deserialize)]
struct Entry {
    litellm_provider: Option<String>,
    input_cost_per_token: Option<f64>,
    output_cost_per_token: Option<f64>,
    cache_read_input_token_cost: Option<f64>,
    cache_creation_input_token_cost: Option<f64>,
    input_cost_per_token_batches: Option<f64>,
    output_cost_per_token_batches: Option<f64>,
    max_input_tokens: Option<u64>,
}

/// Something worth telling the person importing a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ImportIssue {
    /// The entry's key in the file: the model as LiteLLM spells it.
    pub model: String,
    /// Whether the entry was left out or kept with a warning, and why.
    pub kind: IssueKind,
    /// A sentence for the person importing, naming the field and value at fault
    /// ("left out: input_cost_per_token is -1").
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
/// What an import issue is about. The first three leave the entry out of the table; the
/// last two keep it and ask for a check.
pub enum IssueKind {
    /// Left out: no input or no output price (never priced at $0).
    NoPrice,
    /// Left out: a price is negative or not a finite number.
    InvalidPrice,
    /// Left out: the entry is not a JSON object or a known field has the wrong type.
    Malformed,
    /// Kept, but listed at $0 for input and output: check it is really free.
    ZeroPrice,
    /// Kept, but a price moved more than 1000× from the previous table version.
    PriceJump,
}

/// A parsed file: the chat models it prices, and what was left out or looks wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The chat entries with a valid input and output price, in USD/Mtok, sorted by name.
    /// Never empty: a file that prices no chat model is a [`PricingError::Format`].
    pub models: Vec<ModelPrice>,
    /// Entries left out and entries kept but worth a look, sorted by name.
    pub issues: Vec<ImportIssue>,
}

/// Converts USD per token to USD per million tokens by moving the decimal point of the
/// number's shortest decimal form, so 2.5e-6 becomes exactly 2.5 (a float multiply by
/// 1e6 gives 2.4999999999999996).
fn per_token_to_per_mtok(v: f64) -> f64 {
    let text = format!("{v:e}");
    let Some((mantissa, exponent)) = text.split_once('e') else {
        return v * 1e6;
    };
    match exponent.parse::<i32>() {
        Ok(e) => format!("{mantissa}e{}", e + 6).parse().unwrap_or(v * 1e6),
        Err(_) => v * 1e6,
    }
}

fn issue(model: &str, kind: IssueKind, message: impl Into<String>) -> ImportIssue {
    ImportIssue {
        model: model.to_string(),
        kind,
        message: message.into(),
    }
}

/// Parses a LiteLLM-format file's text. Only `mode: "chat"` entries become rows; entries
/// without a mode are size-tier rules or audio models, and `sample_spec` is documentation.
pub fn parse(text: &str) -> Result<Parsed, PricingError> {
    let raw: BTreeMap<String, serde_json::Value> = serde_json::from_str(text)
        .map_err(|e| PricingError::Format(format!("not a LiteLLM price file: {e}")))?;
    let mut models = Vec::new();
    let mut issues = Vec::new();
    for (name, value) in raw {
        // Other modes (embeddings, images, …) are skipped before their fields are read.
        let mode = value.get("mode").and_then(|m| m.as_str());
        if mode != Some("chat") {
            continue;
        }
        let entry: Entry = match serde_json::from_value(value) {
            Ok(e) => e,
            Err(e) => {
                issues.push(issue(&name, IssueKind::Malformed, format!("left out: {e}")));
                continue;
            }
        };
        match row(&name, &entry) {
            Ok(row) => {
                if row.prices.input_usd_per_mtok == 0.0 && row.prices.output_usd_per_mtok == 0.0 {
                    issues.push(issue(
                        &name,
                        IssueKind::ZeroPrice,
                        "listed at $0 for input and output",
                    ));
                }
                models.push(row);
            }
            Err(problem) => issues.push(problem),
        }
    }
    if models.is_empty() {
        return Err(PricingError::Format(
            "the file prices no chat model".to_string(),
        ));
    }
    Ok(Parsed { models, issues })
}

fn row(name: &str, e: &Entry) -> Result<ModelPrice, ImportIssue> {
    let prices = [
        ("input_cost_per_token", e.input_cost_per_token),
        ("output_cost_per_token", e.output_cost_per_token),
        ("cache_read_input_token_cost", e.cache_read_input_token_cost),
        (
            "cache_creation_input_token_cost",
            e.cache_creation_input_token_cost,
        ),
        (
            "input_cost_per_token_batches",
            e.input_cost_per_token_batches,
        ),
        (
            "output_cost_per_token_batches",
            e.output_cost_per_token_batches,
        ),
    ];
    for (field, value) in prices {
        if let Some(v) = value {
            if !v.is_finite() || v < 0.0 {
                return Err(issue(
                    name,
                    IssueKind::InvalidPrice,
                    format!("left out: {field} is {v}"),
                ));
            }
        }
    }
    let (Some(input), Some(output)) = (e.input_cost_per_token, e.output_cost_per_token) else {
        return Err(issue(
            name,
            IssueKind::NoPrice,
            "left out: no input or output price",
        ));
    };
    let input = per_token_to_per_mtok(input);
    let cached = e.cache_read_input_token_cost.map(per_token_to_per_mtok);
    Ok(ModelPrice {
        model: name.to_string(),
        provider: e.litellm_provider.clone().unwrap_or_default(),
        prices: ApiPrices {
            input_usd_per_mtok: input,
            output_usd_per_mtok: per_token_to_per_mtok(output),
            cached_input_usd_per_mtok: cached.unwrap_or(input),
            usd_per_request: 0.0,
        },
        cached_price_listed: cached.is_some(),
        batch_input_usd_per_mtok: e.input_cost_per_token_batches.map(per_token_to_per_mtok),
        batch_output_usd_per_mtok: e.output_cost_per_token_batches.map(per_token_to_per_mtok),
        cache_write_usd_per_mtok: e.cache_creation_input_token_cost.map(per_token_to_per_mtok),
        max_input_tokens: e.max_input_tokens,
    })
}

/// Prices that moved more than 1000× between two versions of a table (per-token vs
/// per-million slips are the classic bug).
pub fn price_jumps(previous: &PriceTable, next: &PriceTable) -> Vec<ImportIssue> {
    let old: BTreeMap<&str, &ModelPrice> = previous
        .models
        .iter()
        .map(|m| (m.model.as_str(), m))
        .collect();
    let mut jumps = Vec::new();
    for m in &next.models {
        let Some(before) = old.get(m.model.as_str()) else {
            continue;
        };
        let mut pairs = vec![
            (
                "input",
                before.prices.input_usd_per_mtok,
                m.prices.input_usd_per_mtok,
            ),
            (
                "output",
                before.prices.output_usd_per_mtok,
                m.prices.output_usd_per_mtok,
            ),
        ];
        // An unlisted cached price is the input price: comparing it would flag one slip twice.
        if before.cached_price_listed && m.cached_price_listed {
            pairs.push((
                "cached input",
                before.prices.cached_input_usd_per_mtok,
                m.prices.cached_input_usd_per_mtok,
            ));
        }
        for (what, a, b) in pairs {
            if a > 0.0 && b > 0.0 && (b / a > 1000.0 || a / b > 1000.0) {
                jumps.push(issue(
                    &m.model,
                    IssueKind::PriceJump,
                    format!(
                        "{what} price moved from {a} to {b} USD/Mtok since {}",
                        previous.source.label()
                    ),
                ));
            }
        }
    }
    jumps
}

/// A parsed file as a table with its source.
pub fn table(parsed: &Parsed, source: TableSource) -> PriceTable {
    PriceTable {
        source,
        models: parsed.models.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_token_prices_convert_to_exact_decimal_per_mtok() {
        for (per_token, per_mtok) in [
            (2.5e-6, 2.5),
            (1.5e-7, 0.15),
            (3e-5, 30.0),
            (7.5e-8, 0.075),
            (0.0, 0.0),
            (1.923e-6, 1.923),
        ] {
            assert_eq!(per_token_to_per_mtok(per_token), per_mtok, "{per_token}");
        }
    }
}
