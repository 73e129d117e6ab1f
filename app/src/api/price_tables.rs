//! The price-table versions stored on the server, as the engine reads them. A version of up
//! to `PRICE_PAGE_DEFAULT` rows comes whole in one answer; of a larger one the app holds the
//! first page plus the rows its scenario names (fetched by name, `rows_named`).

use ::api::catalogs::{LlmPrices, PriceQuery};
use ::api::endpoints::{GetLlmPrices, ListPriceVersions};

use super::{Call, Failure};

/// A page of version rows as `query` asks for them.
pub async fn price_page(query: &PriceQuery) -> Result<LlmPrices, Failure> {
    query
        .pairs()
        .into_iter()
        .fold(Call::<GetLlmPrices>::new(), |call, (key, value)| {
            call.query(key, Some(value))
        })
        .send()
        .await
}

/// The price-table version `id`: every row when it fits one page, else its first page.
pub async fn price_table(id: i64) -> Result<pricing::PriceTable, Failure> {
    let page = price_page(&PriceQuery {
        price_table: Some(id),
        ..PriceQuery::default()
    })
    .await?;
    Ok(page.table())
}

/// The rows named `names` of the stored version `source` names, when the app holds only
/// `held` of its rows (a version larger than one page); none when it holds them all or has
/// none of those names.
pub async fn rows_named(
    source: &pricing::TableSource,
    held: usize,
    names: &[String],
) -> Result<Vec<pricing::ModelPrice>, Failure> {
    let versions = Call::<ListPriceVersions>::new().send().await?;
    let Some(version) = versions
        .iter()
        .find(|v| v.name == source.name && v.version == source.version)
    else {
        return Ok(Vec::new());
    };
    if usize::try_from(version.model_count).unwrap_or(0) <= held {
        return Ok(Vec::new());
    }
    let mut rows = Vec::new();
    for name in names {
        let page = price_page(&PriceQuery {
            price_table: Some(version.id),
            model: Some(name.clone()),
            ..PriceQuery::default()
        })
        .await?;
        rows.extend(page.models.into_iter().map(|row| row.price));
    }
    Ok(rows)
}

/// The stored version whose rows `source` names (the planner keeps a table, not its id).
pub async fn price_table_id(source: &pricing::TableSource) -> Result<i64, Failure> {
    let versions = Call::<ListPriceVersions>::new().send().await?;
    versions
        .iter()
        .find(|v| v.name == source.name && v.version == source.version)
        .map(|v| v.id)
        .ok_or_else(|| {
            Failure::Other(format!(
                "price table {} is not stored on the server",
                source.label()
            ))
        })
}
