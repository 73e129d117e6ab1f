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

impl Failure {
    /// One line for a banner.
    pub fn line(&self) -> String {
        match self {
            Failure::Fields(errors) => errors
                .iter()
                .map(|(f, m)| {
                    if f.is_empty() {
                        m.clone()
                    } else {
                        format!("{f}: {m}")
                    }
                })
                .collect::<Vec<_>>()
                .join("; "),
            Failure::Other(line) => line.clone(),
        }
    }
}

/// `Authorization: Bearer <token>`: what editing or deleting a saved scenario needs.
fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// Why a response is not a success: every `{field, message}` of the server's `errors`.
async fn failure(response: Response) -> Failure {
    let status = response.status();
    let Ok(body) = response.json::<serde_json::Value>().await else {
        return Failure::Other(format!("request failed with status {status}"));
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
    // A 422 names the scenario's fields; a 403 or 404 is about the request as a whole
    // (its field is "authorization" or the id), so it is one line for a banner.
    if status != 403 && status != 404 && errors.iter().any(|(field, _)| !field.is_empty()) {
        return Failure::Fields(errors);
    }
    Failure::Other(
        errors
            .into_iter()
            .map(|(_, m)| m)
            .filter(|m| !m.is_empty())
            .reduce(|a, b| format!("{a}; {b}"))
            .unwrap_or_else(|| format!("request failed with status {status}")),
    )
}

async fn checked<T: DeserializeOwned>(
    sent: Result<Response, gloo_net::Error>,
) -> Result<T, Failure> {
    let response = sent.map_err(|e| Failure::Other(format!("server unreachable: {e}")))?;
    if !response.ok() {
        return Err(failure(response).await);
    }
    response
        .json::<T>()
        .await
        .map_err(|e| Failure::Other(format!("unreadable answer: {e}")))
}

/// Like `post`, but keeps every `{field, message}` of the server's `errors`.
pub async fn post_checked<B: Serialize, T: DeserializeOwned>(
    url: &str,
    body: &B,
) -> Result<T, Failure> {
    let request = Request::post(url)
        .json(body)
        .map_err(|e| Failure::Other(e.to_string()))?;
    checked(request.send().await).await
}

/// A POST without a body (forking a scenario).
pub async fn post_empty<T: DeserializeOwned>(url: &str) -> Result<T, Failure> {
    checked(Request::post(url).send().await).await
}

/// A PUT carrying the scenario's edit token.
pub async fn put_checked<B: Serialize, T: DeserializeOwned>(
    url: &str,
    token: &str,
    body: &B,
) -> Result<T, Failure> {
    let request = Request::put(url)
        .header("Authorization", &bearer(token))
        .json(body)
        .map_err(|e| Failure::Other(e.to_string()))?;
    checked(request.send().await).await
}

/// A DELETE carrying the scenario's edit token; success has no body (204).
pub async fn delete_checked(url: &str, token: &str) -> Result<(), Failure> {
    let response = Request::delete(url)
        .header("Authorization", &bearer(token))
        .send()
        .await
        .map_err(|e| Failure::Other(format!("server unreachable: {e}")))?;
    if response.ok() {
        Ok(())
    } else {
        Err(failure(response).await)
    }
}

/// `get`, with the failure kept apart from the message (a 404 is shown as a banner).
pub async fn get_checked<T: DeserializeOwned>(url: &str) -> Result<T, Failure> {
    checked(Request::get(url).send().await).await
}

/// The price-table version `id`, as the engine reads it.
pub async fn price_table(id: i64) -> Result<pricing::PriceTable, String> {
    let answer: PriceTableAnswer = get(&format!("/api/v1/pricing/llm?price_table={id}")).await?;
    Ok(pricing::PriceTable {
        source: answer.source,
        models: answer.models,
    })
}

/// The stored version whose rows `source` names (the form keeps a table, not its id).
pub async fn price_table_id(source: &pricing::TableSource) -> Result<i64, String> {
    let versions: Vec<PriceVersion> = get("/api/v1/pricing/llm/versions").await?;
    versions
        .iter()
        .find(|v| v.name == source.name && v.version == source.version)
        .map(|v| v.id)
        .ok_or_else(|| format!("price table {} is not stored on the server", source.label()))
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
