//! Calls to the server's JSON API. Failures come back as one line for people, using the
//! server's `{"error": {"field", "message"}}` where it sent one.

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, String> {
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|e| format!("unreadable answer: {e}"));
    }
    let status = response.status();
    match response.json::<serde_json::Value>().await {
        Ok(body) => {
            let field = body["error"]["field"].as_str().unwrap_or_default();
            let message = body["error"]["message"]
                .as_str()
                .unwrap_or("request failed");
            Err(if field.is_empty() {
                message.to_string()
            } else {
                format!("{field}: {message}")
            })
        }
        Err(_) => Err(format!("request failed with status {status}")),
    }
}

pub async fn get<T: DeserializeOwned>(url: &str) -> Result<T, String> {
    let response = Request::get(url)
        .send()
        .await
        .map_err(|e| format!("server unreachable: {e}"))?;
    read(response).await
}

pub async fn post<B: Serialize, T: DeserializeOwned>(url: &str, body: &B) -> Result<T, String> {
    let request = Request::post(url).json(body).map_err(|e| e.to_string())?;
    let response = request
        .send()
        .await
        .map_err(|e| format!("server unreachable: {e}"))?;
    read(response).await
}

/// A stored price-table version (`GET /api/v1/pricing/llm/versions`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PriceVersion {
    pub id: i64,
    pub name: String,
    pub version: String,
    pub as_of: String,
    pub model_count: i64,
    pub issue_count: usize,
    pub active: bool,
}

/// One version's rows (`GET /api/v1/pricing/llm?price_table=ID`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PriceTableAnswer {
    pub id: i64,
    pub source: pricing::TableSource,
    pub issues: Vec<pricing::litellm::ImportIssue>,
    pub models: Vec<pricing::ModelPrice>,
}
