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

/// Why a request failed, for forms that mark their fields.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The server's `errors`: (field path, message), at least one naming a field.
    Fields(Vec<(String, String)>),
    /// Anything else, as one line.
    Other(String),
}

/// Like `post`, but keeps every `{field, message}` of the server's `errors`.
pub async fn post_checked<B: Serialize, T: DeserializeOwned>(
    url: &str,
    body: &B,
) -> Result<T, Failure> {
    let request = Request::post(url)
        .json(body)
        .map_err(|e| Failure::Other(e.to_string()))?;
    let response = request
        .send()
        .await
        .map_err(|e| Failure::Other(format!("server unreachable: {e}")))?;
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|e| Failure::Other(format!("unreadable answer: {e}")));
    }
    let status = response.status();
    let Ok(body) = response.json::<serde_json::Value>().await else {
        return Err(Failure::Other(format!(
            "request failed with status {status}"
        )));
    };
    let text = |v: &serde_json::Value, key: &str| v[key].as_str().unwrap_or_default().to_string();
    let mut errors: Vec<(String, String)> = body["errors"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|e| (text(e, "field"), text(e, "message")))
                .collect()
        })
        .unwrap_or_default();
    if errors.is_empty() && body["error"].is_object() {
        errors.push((
            text(&body["error"], "field"),
            text(&body["error"], "message"),
        ));
    }
    if errors.iter().any(|(field, _)| !field.is_empty()) {
        return Err(Failure::Fields(errors));
    }
    Err(Failure::Other(
        errors
            .into_iter()
            .map(|(_, m)| m)
            .filter(|m| !m.is_empty())
            .reduce(|a, b| format!("{a}; {b}"))
            .unwrap_or_else(|| format!("request failed with status {status}")),
    ))
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
