//! Options (a) and (b) of the replay, and a hosted SLM: the trace's tokens priced per
//! token, hour by hour (docs/cost-model.md, "Replay of a trace").

use pricing::{ModelPrice, PriceFlag, PriceTable};
use profiles::Workload;
use serde::{Deserialize, Serialize};
use tco::cost::request_price;
use tco::scenario::PricedApi;

use crate::analysis::{Totals, Trace};

/// USD of `t` (requests and their token totals) on `api`, tokens × `token_ratio`: the
/// engine's per-request price (§1) at the totals' means, times the requests. Interactive
/// requests pay c (the caching minimum applied to their mean prompt), batch requests
/// c_batch. Linear in the totals: half the requests cost half.
///
/// Tokens without a request count (a bucket that listed none) are priced per token, as
/// they were billed: no request fee, no reasoning tokens (they belong to requests) and no
/// caching minimum (with no request count there is no prompt length to hold against it),
/// so no token is dropped and no request invented.
pub(crate) fn api_usd(api: &PricedApi, t: &Totals, token_ratio: f64, batch: bool) -> f64 {
    let tokens = t.input_tokens + t.output_tokens;
    if t.requests <= 0.0 && tokens <= 0.0 {
        return 0.0;
    }
    let share = |x: f64| {
        if t.input_tokens > 0.0 {
            (x / t.input_tokens).clamp(0.0, 1.0)
        } else {
            0.0
        }
    };
    let n = if t.requests > 0.0 { t.requests } else { 1.0 };
    let w = Workload {
        requests_per_month: n,
        input_tokens: t.input_tokens / n,
        output_tokens: t.output_tokens / n,
        cached_input_share: share(t.cached_input_tokens),
        peak_to_average: 1.0,
        monthly_growth: 0.0,
        batch_share: 0.0,
        cache_write_share: share(t.cache_write_tokens),
    };
    let price = if t.requests > 0.0 {
        request_price(api, &w, token_ratio)
    } else {
        let mut per_token = api.clone();
        per_token.prices.usd_per_request = 0.0;
        per_token.reasoning_tokens = 0.0;
        per_token.min_cached_input_tokens = 0.0;
        request_price(&per_token, &w, token_ratio)
    };
    let per_request = if batch {
        price.batch_usd
    } else {
        price.interactive_usd
    };
    n * per_request
}

/// Interactive plus batch USD of one hour's (or cell's) traffic.
pub(crate) fn hour_usd(
    api: &PricedApi,
    interactive: &Totals,
    batch: &Totals,
    token_ratio: f64,
) -> f64 {
    api_usd(api, interactive, token_ratio, false) + api_usd(api, batch, token_ratio, true)
}

/// The names a model named in a log is looked up under, in order: as written, after the
/// first `/`, after the last `/` (`openai/gpt-4o` → `gpt-4o`; `azure/eu/gpt-4o` →
/// `eu/gpt-4o`, `gpt-4o`), each once, none empty. The one rule for `find_row`, the
/// replay's `other_models` warning and the app's look-ups by name.
pub fn row_names(model: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::with_capacity(3);
    let after_first = model.split_once('/').map(|(_, rest)| rest);
    let after_last = model.rsplit_once('/').map(|(_, rest)| rest);
    for name in [Some(model), after_first, after_last].into_iter().flatten() {
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// The table row for a model named in a log: the first of its `row_names` the table holds.
pub fn find_row<'t>(table: &'t PriceTable, model: &str) -> Option<&'t ModelPrice> {
    row_names(model)
        .into_iter()
        .find_map(|name| table.get(name).ok())
}

/// A row's own prices as the engine prices an API (§1): batch at the listed batch prices
/// (else the interactive ones), cache writes at the listed price (else the input price),
/// no caching minimum (the log's cached tokens are what the provider did read from its
/// cache), no reasoning tokens (logs count them in the output), no price trend.
fn own_api(row: &ModelPrice) -> PricedApi {
    let p = row.prices;
    let mut api = PricedApi::from_prices(p);
    api.batch_input_usd_per_mtok = row.batch_input_usd_per_mtok.unwrap_or(p.input_usd_per_mtok);
    api.batch_output_usd_per_mtok = row
        .batch_output_usd_per_mtok
        .unwrap_or(p.output_usd_per_mtok);
    api.batch_prices_listed =
        row.batch_input_usd_per_mtok.is_some() && row.batch_output_usd_per_mtok.is_some();
    api.cache_write_usd_per_mtok = row.cache_write_usd_per_mtok.unwrap_or(p.input_usd_per_mtok);
    api
}

/// One model of the trace priced with its own row of the price table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct OwnModelPrice {
    /// The model as the log names it.
    pub model: String,
    /// The table row that priced it (the name itself, or without its provider prefix);
    /// None when the table has no row for it: the model is unpriced, never $0.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub matched: Option<String>,
    /// Requests of this model in the trace (interactive and batch).
    pub requests: f64,
    /// Its whole traffic at the row's prices, USD; None when unpriced.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub priced_usd: Option<f64>,
    /// Requests whose row recorded a spend.
    pub requests_with_spend: f64,
    /// The spend the log recorded, USD.
    pub recorded_usd: f64,
    /// The priced figure over the requests that recorded a spend (each hour's priced USD ×
    /// the share of its requests that recorded one), USD; None when unpriced.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub priced_with_spend_usd: Option<f64>,
    /// priced_with_spend ÷ recorded − 1, in % (+10 = the table prices the trace 10 %
    /// above what the log recorded); None when unpriced or nothing was recorded.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub agreement_pct: Option<f64>,
    /// Whether the row lists batch prices (else batch requests paid the interactive ones).
    pub batch_prices_listed: bool,
    /// The flags the table's import put on the matched row (listed at $0, moved 1000× or
    /// more, implausibly high): the row still prices the model, and the replay warns
    /// (`price_flagged`) once per flag. Empty when unpriced or unflagged.
    pub flags: Vec<PriceFlag>,
}

/// Option (a): the trace on its own models' prices, checked against the recorded spend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct OwnPrices {
    /// The table that priced it ("name version (as_of)").
    pub table: String,
    /// Every model of the trace, in order of first appearance.
    pub models: Vec<OwnModelPrice>,
    /// Σ priced USD over the priced models (unpriced models are left out, not $0).
    pub priced_usd: f64,
    /// Σ priced USD ÷ months.
    pub priced_usd_per_month: f64,
    /// Models the table lacks.
    pub unpriced: Vec<String>,
    /// Σ recorded spend, USD, every model.
    pub recorded_usd: f64,
    /// Σ priced ÷ Σ recorded − 1 in %, over the priced models' requests that recorded a
    /// spend; None when there are none.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub agreement_pct: Option<f64>,
}

/// (x ÷ recorded − 1)·100 where something was recorded.
fn agreement(priced: f64, recorded: f64) -> Option<f64> {
    (recorded > 0.0).then(|| (priced / recorded - 1.0) * 100.0)
}

/// Option (a) for every model of the trace.
pub(crate) fn own_prices(trace: &Trace, table: &PriceTable, months: f64) -> OwnPrices {
    let apis: Vec<Option<(&ModelPrice, PricedApi)>> = trace
        .models
        .iter()
        .map(|m| find_row(table, m).map(|row| (row, own_api(row))))
        .collect();
    let mut sums = vec![[0.0_f64; 5]; trace.models.len()];
    for ((_, model), cell) in &trace.hours {
        let Some(sum) = sums.get_mut(*model as usize) else {
            continue;
        };
        let requests = cell.interactive.requests + cell.batch.requests;
        sum[0] += requests;
        sum[1] += cell.requests_with_spend;
        sum[2] += cell.recorded_spend_usd;
        if let Some(Some((_, api))) = apis.get(*model as usize) {
            let usd = hour_usd(api, &cell.interactive, &cell.batch, 1.0);
            sum[3] += usd;
            if requests > 0.0 && cell.requests_with_spend > 0.0 {
                sum[4] += usd * (cell.requests_with_spend / requests).min(1.0);
            }
        }
    }
    let mut models = Vec::with_capacity(trace.models.len());
    let mut unpriced = Vec::new();
    let (mut priced_usd, mut priced_with_spend, mut recorded_priced, mut recorded_usd) =
        (0.0, 0.0, 0.0, 0.0);
    for ((name, api), sum) in trace.models.iter().zip(&apis).zip(&sums) {
        let [requests, with_spend, recorded, priced, priced_spend] = *sum;
        recorded_usd += recorded;
        match api {
            Some((row, api)) => {
                priced_usd += priced;
                if with_spend > 0.0 {
                    priced_with_spend += priced_spend;
                    recorded_priced += recorded;
                }
                models.push(OwnModelPrice {
                    model: name.clone(),
                    matched: Some(row.model.clone()),
                    requests,
                    priced_usd: Some(priced),
                    requests_with_spend: with_spend,
                    recorded_usd: recorded,
                    priced_with_spend_usd: Some(priced_spend),
                    agreement_pct: agreement(priced_spend, recorded),
                    batch_prices_listed: api.batch_prices_listed,
                    flags: row.flags.clone(),
                });
            }
            None => {
                unpriced.push(name.clone());
                models.push(OwnModelPrice {
                    model: name.clone(),
                    matched: None,
                    requests,
                    priced_usd: None,
                    requests_with_spend: with_spend,
                    recorded_usd: recorded,
                    priced_with_spend_usd: None,
                    agreement_pct: None,
                    batch_prices_listed: false,
                    flags: Vec::new(),
                });
            }
        }
    }
    OwnPrices {
        table: table.source.label(),
        models,
        priced_usd,
        priced_usd_per_month: if months > 0.0 {
            priced_usd / months
        } else {
            0.0
        },
        unpriced,
        recorded_usd,
        agreement_pct: agreement(priced_with_spend, recorded_priced),
    }
}

#[cfg(test)]
mod tests {
    use super::row_names;

    #[test]
    fn row_names_are_the_name_then_after_the_first_and_last_slash_once_each() {
        assert_eq!(row_names("gpt-4o"), ["gpt-4o"]);
        assert_eq!(row_names("openai/gpt-4o"), ["openai/gpt-4o", "gpt-4o"]);
        assert_eq!(
            row_names("openrouter/openai/gpt-4o"),
            ["openrouter/openai/gpt-4o", "openai/gpt-4o", "gpt-4o"]
        );
        assert_eq!(row_names("openai/"), ["openai/"]);
        assert_eq!(row_names("/"), ["/"]);
        assert!(row_names("").is_empty());
    }
}
