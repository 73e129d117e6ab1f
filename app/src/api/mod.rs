//! Calls to the server's JSON API. Each goes through its endpoint in the contract crate
//! (`::api::endpoints`), so a URL is always read as the type the server answers it with and
//! sent the type it expects; a refusal is read as the contract's `ErrorBody`.
//!
//! The contract crate is written `::api` throughout the app, this module `crate::api`.

mod failure;
mod price_tables;

use std::fmt::Display;
use std::marker::PhantomData;

use ::api::endpoints::{Endpoint, Method};
use ::api::EditToken;
use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

pub use failure::Failure;
pub use price_tables::{price_page, price_table, price_table_id, rows_named};

/// One call of endpoint `E`: its path (with the id it names), its query and the edit token
/// it carries.
pub struct Call<'a, E: Endpoint> {
    path: String,
    query: Vec<(&'static str, String)>,
    token: Option<&'a EditToken>,
    /// Another bearer token (the server's benchmark token), sent when no edit token is.
    bearer: Option<String>,
    endpoint: PhantomData<E>,
}

impl<E: Endpoint> Default for Call<'_, E> {
    fn default() -> Self {
        Self {
            path: E::PATH.to_string(),
            query: Vec::new(),
            token: None,
            bearer: None,
            endpoint: PhantomData,
        }
    }
}

impl<'a, E: Endpoint> Call<'a, E> {
    /// A call of an endpoint whose path names nothing (`/api/v1/benchmarks`).
    pub fn new() -> Self {
        Self::default()
    }

    /// A call about `id`: the scenario or benchmark its path names.
    pub fn at(id: &dyn Display) -> Self {
        Self {
            path: E::path_for(id),
            ..Self::default()
        }
    }

    /// Adds `key=value` to the query, when there is a value.
    pub fn query(mut self, key: &'static str, value: Option<impl Display>) -> Self {
        if let Some(value) = value {
            self.query.push((key, value.to_string()));
        }
        self
    }

    /// Sends `Authorization: Bearer <token>`: what saving or deleting a scenario needs.
    pub fn token(mut self, token: &'a EditToken) -> Self {
        self.token = Some(token);
        self
    }

    /// Sends `Authorization: Bearer <token>` when there is one: the server's benchmark token
    /// that starting or cancelling a benchmark may need.
    pub fn bearer(mut self, token: Option<String>) -> Self {
        self.bearer = token;
        self
    }

    /// The address called: the path, then the query in the order it was given, each value
    /// percent-encoded (a search may hold spaces, a model name `/`, `:` or `&`).
    pub fn url(&self) -> String {
        let query: Vec<String> = self
            .query
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        if query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, query.join("&"))
        }
    }

    /// Sends the call without a body (every endpoint whose body is `()`).
    pub async fn send(self) -> Result<E::Reply, Failure>
    where
        E::Reply: DeserializeOwned,
    {
        self.request(None::<&()>).await
    }

    /// Sends the call with `body` as JSON.
    pub async fn send_body(self, body: &E::Body) -> Result<E::Reply, Failure>
    where
        E::Body: Serialize,
        E::Reply: DeserializeOwned,
    {
        self.request(Some(body)).await
    }

    async fn request<B: Serialize + ?Sized>(self, body: Option<&B>) -> Result<E::Reply, Failure>
    where
        E::Reply: DeserializeOwned,
    {
        let url = self.url();
        let mut builder = match E::METHOD {
            Method::Get => Request::get(&url),
            Method::Post => Request::post(&url),
            Method::Put => Request::put(&url),
            Method::Delete => Request::delete(&url),
        };
        if let Some(token) = self.token.map(EditToken::expose).or(self.bearer.as_deref()) {
            builder = builder.header("Authorization", &format!("Bearer {token}"));
        }
        let sent = match body {
            Some(body) => {
                builder
                    .json(body)
                    .map_err(|e| Failure::Other(format!("the request cannot be written: {e}")))?
                    .send()
                    .await
            }
            None => builder.send().await,
        };
        let response = sent.map_err(|e| Failure::Other(format!("server unreachable: {e}")))?;
        read(response).await
    }
}

/// `value` as a query string carries it: every byte but RFC 3986's unreserved characters
/// (letters, digits, `-._~`) as `%XX` of its UTF-8.
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A success's body as `T`, or the refusal.
async fn read<T: DeserializeOwned>(response: Response) -> Result<T, Failure> {
    let text = response
        .text()
        .await
        .map_err(|e| Failure::Other(format!("unreadable answer: {e}")))?;
    answer(response.ok(), response.status(), &text)
}

/// What an answer's status and body say: the reply, or why not.
fn answer<T: DeserializeOwned>(ok: bool, status: u16, text: &str) -> Result<T, Failure> {
    if !ok {
        return Err(Failure::refused(status, text));
    }
    // An answer without a body (204) is `null` to serde, which is how `()` reads.
    let text = if text.trim().is_empty() { "null" } else { text };
    serde_json::from_str(text).map_err(|e| Failure::Other(format!("unreadable answer: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::api::endpoints::{GetLlmPrices, GetScenario, ListBenchmarks};

    #[test]
    fn urls_are_the_endpoints_with_their_id_and_query() {
        assert_eq!(Call::<ListBenchmarks>::new().url(), "/api/v1/benchmarks");
        let view = |revision: Option<i64>, table: Option<i64>| {
            Call::<GetScenario>::at(&"x")
                .query("revision", revision)
                .query("price_table", table)
                .url()
        };
        assert_eq!(view(None, None), "/api/v1/scenarios/x");
        assert_eq!(
            view(Some(2), Some(5)),
            "/api/v1/scenarios/x?revision=2&price_table=5"
        );
        assert_eq!(view(None, Some(5)), "/api/v1/scenarios/x?price_table=5");
        assert_eq!(
            Call::<GetLlmPrices>::new()
                .query("price_table", Some(3))
                .url(),
            "/api/v1/pricing/llm?price_table=3"
        );
        // Values are percent-encoded: a search's space, a model name's `/`, `:` and `&`.
        assert_eq!(
            Call::<GetLlmPrices>::new()
                .query("q", Some("llama 8b"))
                .query("model", Some("bedrock/a:b&c=d+é"))
                .url(),
            "/api/v1/pricing/llm?q=llama%208b&model=bedrock%2Fa%3Ab%26c%3Dd%2B%C3%A9"
        );
    }

    #[test]
    fn answers_read_as_the_reply_or_the_refusal() {
        assert_eq!(answer::<()>(true, 204, ""), Ok(()));
        assert_eq!(answer::<Vec<i64>>(true, 200, "[1, 2]"), Ok(vec![1, 2]));
        assert!(matches!(
            answer::<Vec<i64>>(true, 200, "{}"),
            Err(Failure::Other(line)) if line.starts_with("unreadable answer")
        ));
        let refusal = r#"{"error": {"field": "concurrency", "message": "too many"},
                          "errors": [{"field": "concurrency", "message": "too many"}]}"#;
        assert_eq!(
            answer::<()>(false, 422, refusal),
            Err(Failure::Fields(vec![tco::FieldError::new(
                "concurrency",
                "too many"
            )]))
        );
    }
}
