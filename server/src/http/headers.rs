//! The security headers every response carries (API answers, errors, the app's files and
//! the "not built" page alike), so no response can be framed, sniffed into another type or
//! run a script this server did not ship.
//!
//! The Content-Security-Policy allows scripts only from this origin plus the inline loader
//! Trunk writes into `index.html` (a `<script type="module">` that imports the app and
//! starts its WebAssembly), by the sha256 of its text, computed when the router is built
//! from the `index.html` it serves; `'wasm-unsafe-eval'` lets that module compile the
//! WebAssembly, and nothing allows `eval`. Styles come only from this origin's stylesheets:
//! the app writes no `style` attribute into its markup (its one `style:height` binding sets
//! the property through the CSSOM, which CSP does not govern, and the charts' SVG uses
//! presentation attributes), so `'unsafe-inline'` is not needed.

use std::path::Path;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The Content-Security-Policy for an app whose `index.html` is `index` (None: no app, no
/// inline script allowed).
pub fn content_security_policy(index: Option<&str>) -> String {
    let hashes: String = index
        .map(inline_scripts)
        .unwrap_or_default()
        .iter()
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            let encoded = base64::engine::general_purpose::STANDARD.encode(digest);
            format!(" 'sha256-{encoded}'")
        })
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
         style-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// The text of every `<script>` without a `src` in `html`, exactly as a browser hashes it
/// (everything between the start tag's `>` and `</script>`).
pub fn inline_scripts(html: &str) -> Vec<&str> {
    let lower = html.to_ascii_lowercase();
    let mut scripts = Vec::new();
    let mut from = 0;
    while let Some(start) = lower[from..].find("<script").map(|i| from + i) {
        let Some(tag_end) = lower[start..].find('>').map(|i| start + i) else {
            break;
        };
        let Some(close) = lower[tag_end..].find("</script").map(|i| tag_end + i) else {
            break;
        };
        if !lower[start..tag_end].contains("src=") {
            scripts.push(&html[tag_end + 1..close]);
        }
        from = close;
    }
    scripts
}

/// The headers, built once per router.
#[derive(Clone)]
pub(super) struct SecurityHeaders(Arc<Vec<(HeaderName, HeaderValue)>>);

impl SecurityHeaders {
    /// For the app in `dist` (its `index.html` read now; an unreadable one allows no
    /// inline script, so the page fails visibly rather than the policy being loosened).
    pub(super) fn for_app(dist: Option<&Path>) -> Self {
        let index = dist.and_then(|d| std::fs::read_to_string(d.join("index.html")).ok());
        let csp = content_security_policy(index.as_deref());
        let mut headers = vec![
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::REFERRER_POLICY,
                HeaderValue::from_static("same-origin"),
            ),
            (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        ];
        // The policy is ASCII (base64 hashes and fixed words), so this cannot fail.
        if let Ok(value) = HeaderValue::from_str(&csp) {
            headers.push((header::CONTENT_SECURITY_POLICY, value));
        }
        Self(Arc::new(headers))
    }
}

/// Adds the headers to whatever the inner service answered.
pub(super) async fn add(
    State(headers): State<SecurityHeaders>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    for (name, value) in headers.0.iter() {
        response.headers_mut().insert(name.clone(), value.clone());
    }
    response
}
