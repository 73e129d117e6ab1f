//! An OpenAI-compatible endpoint to benchmark instead of Breakeven's own decoder: where it
//! is, which model it serves and which of its APIs to call.

use serde::{Deserialize, Serialize};

/// Which OpenAI-compatible API a benchmark calls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EndpointApi {
    /// `POST /v1/chat/completions`: the prompt is one user message (the server's chat
    /// template adds its own tokens, which the server's usage counts include).
    #[default]
    Chat,
    /// `POST /v1/completions`: the prompt is sent as it is.
    Completions,
}

impl EndpointApi {
    /// Both APIs.
    pub const ALL: [EndpointApi; 2] = [EndpointApi::Chat, EndpointApi::Completions];

    /// The spelling in JSON and on the command line: `chat`, `completions`.
    pub fn as_str(self) -> &'static str {
        match self {
            EndpointApi::Chat => "chat",
            EndpointApi::Completions => "completions",
        }
    }

    /// The API `text` spells exactly.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == text)
    }

    /// The path under the base URL's `/v1`: `chat/completions` or `completions`.
    pub fn path(self) -> &'static str {
        match self {
            EndpointApi::Chat => "chat/completions",
            EndpointApi::Completions => "completions",
        }
    }
}

impl std::fmt::Display for EndpointApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A serving stack to measure over HTTP streaming (`BenchRequest::endpoint`). A server runs
/// one only when the URL's host[:port] is one its operator allowed (`serve
/// --bench-endpoints`); the CLI measures any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EndpointTarget {
    /// The base URL, `http://HOST[:PORT]` with an optional path ending in `/v1` (added when
    /// absent); no credentials or query.
    pub url: String,
    /// The model name each request sends (the server's name for it).
    pub model: String,
    /// `chat` (default) or `completions`.
    #[serde(default)]
    pub api: EndpointApi,
    /// The GPU the endpoint runs on, as the operator states it ("NVIDIA L4"): what a
    /// scenario's device check compares; None when not stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpu: Option<String>,
}
