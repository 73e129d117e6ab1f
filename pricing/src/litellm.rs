//! Reads price tables in LiteLLM's format (`model_prices_and_context_window.json`): one
//! object per model, prices in USD per single token. Unknown fields are ignored, as the
//! format's own `sample_spec` asks; known fields with the wrong type are errors.
//!
//! The known failures of price tables are guarded here:
//! - a model without a price is left out with a visible issue (never priced at $0);
//! - a negative or non-finite price rejects the row;
//! - a price that overflows or exceeds [`MAX_USD_PER_MTOK`] once converted to USD per
//!   million tokens (`1e303` per token is infinite per Mtok; a per-Mtok figure typed into a
//!   per-token field is a million times too high) rejects the row, so no stored table holds
//!   a price that cannot be written, read back or multiplied;
//! - a row listed at $0 for input and output is kept but flagged;
//! - `price_jumps` flags a price 1000× or more away from a previous version (a per-1K-token
//!   figure typed per token is exactly 1000×: the slip of a known model);
//! - `implausible_prices` flags a new price (a new model, or a field the previous version
//!   did not price: no earlier price to compare with) above [`PLAUSIBLE_INPUT_USD_PER_MTOK`]
//!   or [`PLAUSIBLE_OUTPUT_USD_PER_MTOK`] (the same slip on a price seen for the first time).
//!
//! Flagged rows are kept, and [`flag_rows`] writes each flag onto its row, so a plan priced
//! from one says so; activating a version with flagged rows needs the operator's consent.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{ApiPrices, ModelPrice, PriceFlag, PriceTable, PricingError, TableSource};

/// The most a kept price may be, in USD per million tokens (a per-request fee is held to
/// the same number in USD). Above it a price is not a real API's but a unit slip or an
/// overflow, and the row is left out ([`IssueKind::InvalidPrice`]). The dearest rows of
/// LiteLLM 1.109.1 (`../shared/data`) are o1-pro at $150 input / $600 output per Mtok and,
/// among chat rows, azure/gpt-4.5-preview ($75 / $150) and aihubmix/gpt-5.5-pro ($180
/// output); the two rows above $600, azure_ai/jais-30b-chat ($3,200 / $9,710) and
/// watsonx/core42/jais-13b-chat ($500 / $2,000), are per-1K-token figures typed per token
/// upstream, which the bound keeps but [`implausible_prices`] flags. A per-token vs
/// per-million slip multiplies a price by 10⁶, so it lands above the bound for any real
/// price of $0.01/Mtok or more.
pub const MAX_USD_PER_MTOK: f64 = 10_000.0;

/// A new model's input-class price (input, cached input, batch input, cache write) above
/// this many USD/Mtok is flagged ([`IssueKind::ImplausiblePrice`]): twice the dearest real
/// input price (o1-pro's $150; $75 among LiteLLM 1.109.1's chat rows), while a per-1K-token
/// slip (×1000) of any input price from $0.30/Mtok lands above it.
pub const PLAUSIBLE_INPUT_USD_PER_MTOK: f64 = 300.0;

/// A new model's output-class price (output, batch output) above this many USD/Mtok is
/// flagged: above the dearest real output price (o1-pro's $600; $180 among LiteLLM
/// 1.109.1's chat rows), while a per-1K-token slip of any output price from $1/Mtok lands
/// above it. In that snapshot it flags exactly the two jais rows named at
/// [`MAX_USD_PER_MTOK`].
pub const PLAUSIBLE_OUTPUT_USD_PER_MTOK: f64 = 1_000.0;

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
/// last three keep it and ask for a check: they are the row's flags
/// ([`IssueKind::is_flag`]), which block activating the version without consent.
pub enum IssueKind {
    /// Left out: no input or no output price (never priced at $0).
    NoPrice,
    /// Left out: a price is negative, not a finite number, or above [`MAX_USD_PER_MTOK`]
    /// once converted to USD/Mtok.
    InvalidPrice,
    /// Left out: the entry is not a JSON object or a known field has the wrong type.
    Malformed,
    /// Kept, but listed at $0 for input and output: check it is really free.
    ZeroPrice,
    /// Kept, but a price moved 1000× or more from the previous table version.
    PriceJump,
    /// Kept, but a price new to the table (a new model's, or a field the previous version
    /// did not price above $0) is above [`PLAUSIBLE_INPUT_USD_PER_MTOK`] or
    /// [`PLAUSIBLE_OUTPUT_USD_PER_MTOK`] for its token class.
    ImplausiblePrice,
}

impl IssueKind {
    /// Whether the row is kept with this issue as a flag (`zero_price`, `price_jump`,
    /// `implausible_price`), rather than left out.
    pub fn is_flag(self) -> bool {
        matches!(
            self,
            IssueKind::ZeroPrice | IssueKind::PriceJump | IssueKind::ImplausiblePrice
        )
    }

    /// The kind in a few words, for messages and warnings.
    pub fn words(self) -> &'static str {
        match self {
            IssueKind::NoPrice => "no input or output price",
            IssueKind::InvalidPrice => "invalid price",
            IssueKind::Malformed => "malformed entry",
            IssueKind::ZeroPrice => "listed at $0",
            IssueKind::PriceJump => "price moved 1000x or more",
            IssueKind::ImplausiblePrice => "implausibly high price for a new model",
        }
    }
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
        // Say why the chat entries were left out: the file's mistake is in them.
        let shown: Vec<String> = issues
            .iter()
            .take(3)
            .map(|i| format!("{}: {}", i.model, i.message))
            .collect();
        let more = issues.len().saturating_sub(shown.len());
        let why = match (shown.is_empty(), more) {
            (true, _) => String::new(),
            (false, 0) => format!(" ({})", shown.join("; ")),
            (false, n) => format!(" ({}; and {n} more)", shown.join("; ")),
        };
        return Err(PricingError::Format(format!(
            "the file prices no chat model{why}"
        )));
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
                    format!("left out: {field} is {}", crate::number(v)),
                ));
            }
            // Checked after conversion: 1e303 per token is finite, but not per Mtok.
            let per_mtok = per_token_to_per_mtok(v);
            if !(per_mtok.is_finite() && per_mtok <= MAX_USD_PER_MTOK) {
                return Err(issue(
                    name,
                    IssueKind::InvalidPrice,
                    format!(
                        "left out: {field} is {} per token ({} USD/Mtok), above the bound of {MAX_USD_PER_MTOK} USD/Mtok (a unit slip?)",
                        crate::number(v),
                        crate::number(per_mtok)
                    ),
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
        flags: Vec::new(),
    })
}

/// Prices that moved 1000× or more between two versions of a table (per-token vs per-1K or
/// per-million slips are the classic bug; a per-1K slip is exactly 1000×, so the bound is
/// inclusive, and a per-million slip of a price from $0.01/Mtok is left out by
/// [`MAX_USD_PER_MTOK`] before it gets here).
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
        for ((field, a), (_, b)) in before.price_fields().into_iter().zip(m.price_fields()) {
            // A request fee is no token price. An unlisted cached price is the input price:
            // comparing it would flag one slip twice.
            let unlisted_cache = field == "cached_input_usd_per_mtok"
                && !(before.cached_price_listed && m.cached_price_listed);
            if field == "usd_per_request" || unlisted_cache {
                continue;
            }
            // Optional prices are compared where both versions list them.
            let (Some(a), Some(b)) = (a, b) else {
                continue;
            };
            let what = price_words(field);
            if a > 0.0 && b > 0.0 && (b / a >= 1000.0 || a / b >= 1000.0) {
                jumps.push(issue(
                    &m.model,
                    IssueKind::PriceJump,
                    format!(
                        "{what} price moved from {} to {} USD/Mtok since {}",
                        crate::number(a),
                        crate::number(b),
                        previous.source.label()
                    ),
                ));
            }
        }
    }
    jumps
}

/// How an import's messages name a price field ("input", "cache write").
fn price_words(field: &str) -> &str {
    match field {
        "input_usd_per_mtok" => "input",
        "output_usd_per_mtok" => "output",
        "cached_input_usd_per_mtok" => "cached input",
        "batch_input_usd_per_mtok" => "batch input",
        "batch_output_usd_per_mtok" => "batch output",
        "cache_write_usd_per_mtok" => "cache write",
        other => other,
    }
}

/// Prices new to `next` above the plausibility bound of their token class:
/// [`PLAUSIBLE_INPUT_USD_PER_MTOK`] for input, cached input, batch input and cache write,
/// [`PLAUSIBLE_OUTPUT_USD_PER_MTOK`] for output and batch output. A price is new when
/// `previous` lacks the model, or lists the model without a price above $0 in that field (a
/// batch or cache-write price listed for the first time). A price `previous` lists is
/// `price_jumps`' to compare; a new one has nothing to be compared with but what real
/// prices are.
pub fn implausible_prices(previous: &PriceTable, next: &PriceTable) -> Vec<ImportIssue> {
    let known: BTreeMap<&str, &ModelPrice> = previous
        .models
        .iter()
        .map(|m| (m.model.as_str(), m))
        .collect();
    let mut flagged = Vec::new();
    for m in &next.models {
        let before = known.get(m.model.as_str());
        let classes = [
            ("input", PLAUSIBLE_INPUT_USD_PER_MTOK),
            ("output", PLAUSIBLE_OUTPUT_USD_PER_MTOK),
        ];
        for (i, (field, value)) in m.price_fields().into_iter().enumerate() {
            let Some(v) = value else { continue };
            // A request fee has no token class; an unlisted cached price is the input price
            // (checking it would flag one slip twice).
            let skip = field == "usd_per_request"
                || (field == "cached_input_usd_per_mtok" && !m.cached_price_listed);
            // The same field's earlier price, where the previous version lists one: an
            // unlisted cached price there was its input price, not a cached one.
            let listed_before = before.is_some_and(|b| {
                let unlisted_cache = field == "cached_input_usd_per_mtok" && !b.cached_price_listed;
                !unlisted_cache && b.price_fields()[i].1.is_some_and(|p| p > 0.0)
            });
            if skip || listed_before {
                continue;
            }
            let output = field == "output_usd_per_mtok" || field == "batch_output_usd_per_mtok";
            let class = classes[usize::from(output)];
            if v > class.1 {
                flagged.push(issue(
                    &m.model,
                    IssueKind::ImplausiblePrice,
                    format!(
                        "{field} is {} USD/Mtok, above the plausible {} {} USD/Mtok for a price new to the table (a per-1K-token slip?)",
                        crate::number(v),
                        class.0,
                        class.1
                    ),
                ));
            }
        }
    }
    flagged
}

/// Writes each flag among `issues` (zero price, jump, implausible: [`IssueKind::is_flag`])
/// onto the row it names, so the flags are stored with the version and a plan priced from
/// the row can say so.
pub fn flag_rows(table: &mut PriceTable, issues: &[ImportIssue]) {
    // By name once, not a scan of the table per flag (a large table may carry thousands).
    let row_of: BTreeMap<String, usize> = table
        .models
        .iter()
        .enumerate()
        .map(|(i, m)| (m.model.clone(), i))
        .collect();
    for i in issues.iter().filter(|i| i.kind.is_flag()) {
        if let Some(row) = row_of.get(&i.model).map(|&r| &mut table.models[r]) {
            let flag = PriceFlag {
                kind: i.kind,
                message: i.message.clone(),
            };
            if !row.flags.contains(&flag) {
                row.flags.push(flag);
            }
        }
    }
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
