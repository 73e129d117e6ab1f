//! The price rows of an API (the LLM's, or a hosted SLM's), each with where it came from.

use tco::input::ApiInput;
use tco::scenario::{PriceSource, PricedApi};

use super::{plain, typed, Rows};
use tco::format::percent;

/// Where the API price at `path` came from: typed over the table, the table's row, or
/// nothing.
fn price_source(source: &PriceSource, path: &str, given: bool) -> String {
    if given || source.overridden.iter().any(|k| k == path) {
        return "typed".into();
    }
    // The table's full label is in the provenance block; the row names the model.
    match &source.model {
        Some(model) if source.table.is_some() => format!("price table row {model}"),
        Some(model) => format!("price table: {model}"),
        None => "default (not given)".into(),
    }
}

/// The rows of the API of section `prefix` ("llm" or "slm"); the scenario's workload says
/// which prices apply (batch prices only with a batch share, the cache-write price only
/// with cache writes).
pub(super) fn rows(
    rows: &mut Rows,
    prefix: &str,
    api: &PricedApi,
    given: &ApiInput,
    s: &tco::Scenario,
) {
    let w = &s.workload;
    let p = &api.prices;
    let source = &api.source;
    if let Some(model) = &source.model {
        rows.add(&format!("{prefix}.model"), model.clone(), "typed".into());
    }
    for (key, v, g) in [
        (
            "input_usd_per_mtok",
            p.input_usd_per_mtok,
            given.input_usd_per_mtok.is_some(),
        ),
        (
            "output_usd_per_mtok",
            p.output_usd_per_mtok,
            given.output_usd_per_mtok.is_some(),
        ),
        (
            "cached_input_usd_per_mtok",
            p.cached_input_usd_per_mtok,
            given.cached_input_usd_per_mtok.is_some(),
        ),
        (
            "usd_per_request",
            p.usd_per_request,
            given.usd_per_request.is_some(),
        ),
    ] {
        let path = format!("{prefix}.{key}");
        let from = price_source(source, &path, g);
        rows.add(&path, format!("${}", plain(v)), from);
    }
    let listed = |g: bool, path: &str| {
        if g || api.batch_prices_listed {
            price_source(source, path, g)
        } else {
            "the interactive price: none typed or listed".to_string()
        }
    };
    for (key, v, g) in [
        (
            "batch_input_usd_per_mtok",
            api.batch_input_usd_per_mtok,
            given.batch_input_usd_per_mtok.is_some(),
        ),
        (
            "batch_output_usd_per_mtok",
            api.batch_output_usd_per_mtok,
            given.batch_output_usd_per_mtok.is_some(),
        ),
    ] {
        let path = format!("{prefix}.{key}");
        let from = listed(g, &path);
        rows.add_where(
            w.batch_share > 0.0,
            g,
            &path,
            format!("${}", plain(v)),
            from,
        );
    }
    let write = format!("{prefix}.cache_write_usd_per_mtok");
    let write_given = given.cache_write_usd_per_mtok.is_some();
    let write_source = if write_given
        || (source.model.is_some() && api.cache_write_usd_per_mtok != p.input_usd_per_mtok)
    {
        price_source(source, &write, write_given)
    } else {
        "the input price: none typed or listed".to_string()
    };
    rows.add_where(
        w.cache_write_share > 0.0,
        write_given,
        &write,
        format!("${}", plain(api.cache_write_usd_per_mtok)),
        write_source,
    );
    let minimum_source = if given.min_cached_input_tokens.is_some() {
        "typed".to_string()
    } else if api.min_cached_input_tokens > 0.0 {
        "the provider's documented caching minimum".to_string()
    } else {
        "default: none".to_string()
    };
    rows.add_where(
        w.cached_input_share > 0.0 || w.cache_write_share > 0.0,
        given.min_cached_input_tokens.is_some(),
        &format!("{prefix}.min_cached_input_tokens"),
        plain(api.min_cached_input_tokens),
        minimum_source,
    );
    if prefix == "llm" {
        rows.add(
            "llm.reasoning_tokens",
            plain(api.reasoning_tokens),
            typed(given.reasoning_tokens.is_some()),
        );
    }
    rows.add(
        &format!("{prefix}.price_change_annual"),
        percent(api.price_change_annual),
        typed(given.price_change_annual.is_some()),
    );
}
