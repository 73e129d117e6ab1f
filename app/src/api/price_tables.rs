//! The price-table versions stored on the server, as the engine reads them.

use ::api::endpoints::{GetLlmPrices, ListPriceVersions};

use super::{Call, Failure};

/// The price-table version `id`.
pub async fn price_table(id: i64) -> Result<pricing::PriceTable, Failure> {
    let prices = Call::<GetLlmPrices>::new()
        .query("price_table", Some(id))
        .send()
        .await?;
    Ok(prices.table())
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
