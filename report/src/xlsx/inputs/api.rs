//! The price rows of an API, the LLM's (`llm_…` names) or a hosted SLM's (`slm_…`): per-token
//! and per-request prices, batch prices, the cache-write price, the caching minimum, the
//! LLM's reasoning tokens and the yearly price trend, each with where it came from.

use serde_json::Value;
use tco::scenario::{PriceSource, PricedApi};

use super::{row, stated, typed_or_default, Row};
use crate::xlsx::cells::Kind;

/// Where an API price came from: typed, the price table's row, or the input price (no
/// table row and no cached price given).
fn price_source(input: &Value, path: &str, source: &PriceSource) -> String {
    if stated(input, path) {
        return match &source.model {
            Some(m) => format!("typed (overrides the price table's {m})"),
            None => "typed".to_string(),
        };
    }
    match (&source.model, &source.table) {
        (Some(m), Some(t)) => format!("price table: {m} ({t})"),
        _ if path.ends_with("cached_input_usd_per_mtok") => {
            "the input price (no table row, no cached price given)".to_string()
        }
        _ => "not given: $0".to_string(),
    }
}

/// Rows for the API of section `prefix` ("llm" or "slm"), its cells named `{prefix}_…`.
pub(super) fn rows(out: &mut Vec<Row>, prefix: &str, api: &PricedApi, input: &Value) {
    let p = &api.prices;
    let path = |key: &str| format!("{prefix}.{key}");
    let name = |key: &str| format!("{prefix}_{key}");
    let ps = |key: &str| price_source(input, &path(key), &api.source);
    for (key, v, kind) in [
        ("input_usd_per_mtok", p.input_usd_per_mtok, Kind::UsdRate),
        ("output_usd_per_mtok", p.output_usd_per_mtok, Kind::UsdRate),
        (
            "cached_input_usd_per_mtok",
            p.cached_input_usd_per_mtok,
            Kind::UsdRate,
        ),
        ("usd_per_request", p.usd_per_request, Kind::UsdFine),
    ] {
        out.push(row(&path(key), &name(key), v, ps(key), kind));
    }
    // A batch price the scenario does not type and the table does not list is the
    // interactive one (and the result warns).
    for (key, v) in [
        ("batch_input_usd_per_mtok", api.batch_input_usd_per_mtok),
        ("batch_output_usd_per_mtok", api.batch_output_usd_per_mtok),
    ] {
        let source = if stated(input, &path(key)) || api.batch_prices_listed {
            ps(key)
        } else {
            "the interactive price: no batch price is typed or listed".to_string()
        };
        out.push(row(&path(key), &name(key), v, source, Kind::UsdRate));
    }
    let write_listed = api.source.model.is_some()
        && api.cache_write_usd_per_mtok != p.input_usd_per_mtok
        || stated(input, &path("cache_write_usd_per_mtok"));
    out.push(row(
        &path("cache_write_usd_per_mtok"),
        &name("cache_write_usd_per_mtok"),
        api.cache_write_usd_per_mtok,
        if write_listed {
            ps("cache_write_usd_per_mtok")
        } else {
            "the input price: no cache-write price is typed or listed".to_string()
        },
        Kind::UsdRate,
    ));
    let minimum = path("min_cached_input_tokens");
    let minimum_source = if stated(input, &minimum) {
        "typed".to_string()
    } else if api.min_cached_input_tokens > 0.0 {
        match &api.source.model {
            Some(m) => format!("the documented caching minimum of {m}'s provider"),
            None => "the provider's documented caching minimum".to_string(),
        }
    } else {
        "default: none (every prompt can be cached)".to_string()
    };
    out.push(row(
        &minimum,
        &name("min_cached_input_tokens"),
        api.min_cached_input_tokens,
        minimum_source,
        Kind::Plain,
    ));
    if prefix == "llm" {
        out.push(row(
            "llm.reasoning_tokens",
            "llm_reasoning_tokens",
            api.reasoning_tokens,
            typed_or_default(input, "llm.reasoning_tokens"),
            Kind::Plain,
        ));
    }
    out.push(row(
        &path("price_change_annual"),
        &name("price_change_annual"),
        api.price_change_annual,
        typed_or_default(input, &path("price_change_annual")),
        Kind::Share,
    ));
}
