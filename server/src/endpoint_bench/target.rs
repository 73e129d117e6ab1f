//! The endpoint's URL read once: its base (`…/v1`, what a result stores), the URL each
//! request posts to, and its `host[:port]` (what a server's allowlist is matched against).

use api::bench::EndpointApi;
use reqwest::Url;

use super::EndpointError;

/// A checked endpoint URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `http://host[:port]/…/v1`, no trailing slash, no credentials, no query.
    pub base: String,
    /// `host[:port]` as written in the URL (the host in lower case; the port only when given).
    pub host: String,
}

impl Target {
    /// Reads `text`: `http://HOST[:PORT]`, optionally with a path ending in `/v1` (added when
    /// absent) or in the API's own `/v1/chat/completions` or `/v1/completions`. A URL with
    /// credentials, a query or a fragment is refused (the key goes in an environment
    /// variable), as is https: this build has no TLS client.
    pub fn parse(text: &str) -> Result<Self, EndpointError> {
        let field = "endpoint.url";
        let url = Url::parse(text.trim()).map_err(|e| {
            EndpointError::invalid(field, format!("not a URL ({e}); write http://HOST:PORT"))
        })?;
        if !url.username().is_empty() || url.password().is_some() {
            // The URL is not repeated: it holds a secret.
            return Err(EndpointError::invalid(
                field,
                "must not carry credentials (user:password@); give the API key in an \
                 environment variable named by --api-key-env",
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(EndpointError::invalid(
                field,
                "must not carry a query or fragment (?…, #…): only http://HOST[:PORT][/PATH]",
            ));
        }
        match url.scheme() {
            "http" => {}
            "https" => {
                return Err(EndpointError::invalid(
                    field,
                    "https is not supported: this build has no TLS client; reach the endpoint \
                     through a local TLS proxy or tunnel (http://127.0.0.1:PORT)",
                ))
            }
            other => {
                return Err(EndpointError::invalid(
                    field,
                    format!("scheme `{other}` is not http"),
                ))
            }
        }
        let Some(host) = url.host_str() else {
            return Err(EndpointError::invalid(field, "has no host"));
        };
        let host = match url.port() {
            Some(port) => format!("{}:{port}", host.to_ascii_lowercase()),
            None => host.to_ascii_lowercase(),
        };
        let mut path = url.path().trim_end_matches('/').to_string();
        for suffix in ["/chat/completions", "/completions"] {
            if let Some(stripped) = path.strip_suffix(suffix) {
                path = stripped.to_string();
                break;
            }
        }
        if !path.ends_with("/v1") {
            path.push_str("/v1");
        }
        Ok(Target {
            base: format!("{}://{host}{path}", url.scheme()),
            host,
        })
    }

    /// The URL a request of this API posts to.
    pub fn url(&self, api: EndpointApi) -> String {
        format!("{}/{}", self.base, api.path())
    }
}

/// `host[:port]` of every entry of an allowlist as [`Target::host`] writes it (lower case,
/// surrounding spaces dropped, empty entries skipped).
pub fn allowed_hosts(entries: &[String]) -> Vec<String> {
    entries
        .iter()
        .map(|e| e.trim().to_ascii_lowercase())
        .filter(|e| !e.is_empty())
        .collect()
}

/// Whether `target` may be benchmarked by a server that allows `hosts` (exact `host[:port]`
/// match), or the refusal naming `endpoint.url` and the hosts allowed.
pub fn check_allowed(target: &Target, hosts: &[String]) -> Result<(), EndpointError> {
    if hosts.contains(&target.host) {
        return Ok(());
    }
    let reason = if hosts.is_empty() {
        format!(
            "{} is not allowed: this server benchmarks no endpoints (its operator can allow \
             hosts with `breakeven serve --bench-endpoints HOST[:PORT],…`)",
            target.host
        )
    } else {
        format!(
            "{} is not allowed: this server benchmarks only {} (exact host[:port])",
            target.host,
            hosts.join(", ")
        )
    };
    Err(EndpointError::invalid("endpoint.url", reason))
}
