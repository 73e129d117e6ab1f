//! The HTTP edge (issue 15, failures 3, 6 and 7): cross-site writes refused (Content-Type
//! and Origin), security headers on every response, connections closed after the header
//! and request timeouts, and expensive requests past the limit refused with 503.

use std::time::{Duration, Instant};

use base64::Engine;
use reqwest::Method;
use serde_json::json;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::benchmarks::tiny_job;
use crate::common::scenarios::{example, WORKED_EXAMPLE};
use crate::common::{app, configured, spawn_with, Reply, TestApp};

const FOREIGN: &str = "https://evil.example";

/// Request headers as (name, value) pairs.
type Headers<'a> = &'a [(&'a str, &'a str)];

/// Rows in `table` (scenarios, benchmarks, saved_profiles).
async fn rows(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&app.sql().await)
        .await
        .unwrap()
}

fn field(reply: &Reply) -> String {
    reply.json()["error"]["field"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

#[tokio::test]
async fn cross_site_writes_are_refused_and_store_nothing() {
    let app = app(None).await;
    let scenario = json!({ "scenario": example() }).to_string();
    let job = tiny_job().to_string();
    let writes = [
        ("/api/v1/scenarios", "scenarios", scenario.as_str()),
        ("/api/v1/benchmarks", "benchmarks", job.as_str()),
        ("/api/v1/profiles", "saved_profiles", "{}"),
    ];
    // (headers, status, field): what a page on another site can send.
    let refusals: [(Headers, u16, &str); 7] = [
        // A form or a fetch without preflight: text/plain, no Origin (an old browser).
        (&[("content-type", "text/plain")], 415, "content-type"),
        (
            &[("content-type", "text/plain;charset=UTF-8")],
            415,
            "content-type",
        ),
        (
            &[("content-type", "application/x-www-form-urlencoded")],
            415,
            "content-type",
        ),
        (
            &[("content-type", "multipart/form-data; boundary=x")],
            415,
            "content-type",
        ),
        // A body that does not say what it is.
        (&[], 415, "content-type"),
        // JSON, but from a foreign page.
        (
            &[("content-type", "application/json"), ("origin", FOREIGN)],
            403,
            "origin",
        ),
        (
            &[("content-type", "application/json"), ("origin", "null")],
            403,
            "origin",
        ),
    ];
    for (path, table, body) in writes {
        for (headers, status, named) in refusals {
            let reply = app
                .request(Method::POST, path, headers, body.as_bytes().to_vec())
                .await;
            assert_eq!(
                reply.status,
                status,
                "{path} {headers:?}: {:?}",
                reply.json()
            );
            assert_eq!(field(&reply), named, "{path} {headers:?}");
        }
        // The foreign page's text/plain is refused for its Origin first.
        let reply = app
            .request(
                Method::POST,
                path,
                &[("content-type", "text/plain"), ("origin", FOREIGN)],
                body.as_bytes().to_vec(),
            )
            .await;
        assert_eq!(
            (reply.status, field(&reply)),
            (403, "origin".into()),
            "{path}"
        );
        // A browser without Origin that says the request is cross-site.
        let reply = app
            .request(
                Method::POST,
                path,
                &[
                    ("content-type", "application/json"),
                    ("sec-fetch-site", "cross-site"),
                ],
                body.as_bytes().to_vec(),
            )
            .await;
        assert_eq!(
            (reply.status, field(&reply)),
            (403, "origin".into()),
            "{path}"
        );
        assert_eq!(rows(&app, table).await, 0, "{path}: something was stored");
    }
    // A write without a body (fork, cancel, delete) needs no Content-Type, but its Origin
    // is checked all the same.
    let (id, token) = crate::common::scenarios::create(&app, &example()).await;
    let fork = format!("/api/v1/scenarios/{id}/fork");
    let reply = app
        .request(Method::POST, &fork, &[("origin", FOREIGN)], Vec::new())
        .await;
    assert_eq!((reply.status, field(&reply)), (403, "origin".into()));
    let bearer = format!("Bearer {token}");
    let path = format!("/api/v1/scenarios/{id}");
    let reply = app
        .request(
            Method::DELETE,
            &path,
            &[("authorization", &bearer), ("origin", FOREIGN)],
            Vec::new(),
        )
        .await;
    assert_eq!((reply.status, field(&reply)), (403, "origin".into()));
    assert_eq!(rows(&app, "scenarios").await, 1);
    let reply = app.request(Method::POST, &fork, &[], Vec::new()).await;
    assert_eq!(reply.status, 201, "{:?}", reply.json());
    // Reads are not guarded: a foreign page may link to a share page.
    let reply = app
        .request(Method::GET, &path, &[("origin", FOREIGN)], Vec::new())
        .await;
    assert_eq!(reply.status, 200);
}

#[tokio::test]
async fn own_listed_and_originless_writes_are_accepted() {
    let listed = vec!["https://Dash.Example:8443/".to_string()];
    let app = configured(None, |s| {
        s.with_public_url(Some("https://breakeven.example/".into()))
            .with_allowed_origins(&listed)
            .unwrap()
    })
    .await;
    let body = json!({ "scenario": example() }).to_string();
    // The in-process Host is breakeven.test.
    for origin in [
        None,
        Some("http://breakeven.test"),
        Some("https://breakeven.example"),
        Some("https://dash.example:8443"),
    ] {
        for content_type in ["application/json", "application/json; charset=utf-8"] {
            let mut headers = vec![("content-type", content_type)];
            headers.extend(origin.map(|o| ("origin", o)));
            let reply = app
                .request(
                    Method::POST,
                    "/api/v1/scenarios",
                    &headers,
                    body.clone().into_bytes(),
                )
                .await;
            assert_eq!(reply.status, 201, "{headers:?}: {:?}", reply.json());
        }
    }
    for origin in [
        "https://dash.example",
        "http://breakeven.test:8080",
        "https://breakeven.test.evil.example",
    ] {
        let headers = [("content-type", "application/json"), ("origin", origin)];
        let reply = app
            .request(
                Method::POST,
                "/api/v1/scenarios",
                &headers,
                body.clone().into_bytes(),
            )
            .await;
        assert_eq!(reply.status, 403, "{origin}");
    }
    // The plan endpoints also read TOML; other writes do not.
    let toml = "name = \"t\"\n[workload]\nrequests_per_month = 1e6\n";
    let (status, _) = app.post_plan(toml, "application/toml").await;
    assert_ne!(status, 415);
    let reply = app
        .request(
            Method::POST,
            "/api/v1/scenarios",
            &[("content-type", "application/toml")],
            toml.as_bytes().to_vec(),
        )
        .await;
    assert_eq!((reply.status, field(&reply)), (415, "content-type".into()));
    let (status, _) = app.post_plan(WORKED_EXAMPLE, "text/plain").await;
    assert_eq!(status, 415);
}

/// The sha256 of `script` as a CSP source, worked here rather than by the server's code.
fn csp_hash(script: &str) -> String {
    let digest = Sha256::digest(script.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let dist = tempfile::tempdir().unwrap();
    let loader = "import init from '/app.js';\nawait init();";
    std::fs::write(
        dist.path().join("index.html"),
        format!("<!doctype html><title>app</title><script type=\"module\">{loader}</script>"),
    )
    .unwrap();
    std::fs::write(dist.path().join("app.css"), "body { margin: 0 }").unwrap();
    let app = app(Some(dist.path().to_path_buf())).await;
    let bare = crate::common::app(None).await;
    let json = [("content-type", "application/json")];
    let text = [("content-type", "text/plain")];
    // (app, built app?, method, path, headers, body, status)
    let cases: Vec<(&TestApp, bool, Method, &str, Headers, &str, u16)> = vec![
        (&app, true, Method::GET, "/api/v1/health", &[], "", 200),
        (
            &app,
            true,
            Method::GET,
            "/api/v1/openapi.json",
            &[],
            "",
            200,
        ),
        (&app, true, Method::GET, "/api/v1/nope", &[], "", 404),
        (
            &app,
            true,
            Method::POST,
            "/api/v1/plan",
            &json,
            "{\"workload\": 1}",
            422,
        ),
        (&app, true, Method::POST, "/api/v1/plan", &text, "{}", 415),
        (&app, true, Method::GET, "/", &[], "", 200),
        (&app, true, Method::GET, "/planner/some/route", &[], "", 200),
        (&app, true, Method::GET, "/app.css", &[], "", 200),
        (&bare, false, Method::GET, "/", &[], "", 503),
        (&bare, false, Method::GET, "/api/v1/health", &[], "", 200),
    ];
    for (app, built, method, path, headers, body, status) in cases {
        let reply = app
            .request(method.clone(), path, headers, body.as_bytes().to_vec())
            .await;
        assert_eq!(reply.status, status, "{method} {path}");
        assert_eq!(reply.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(reply.header("referrer-policy"), "same-origin", "{path}");
        assert_eq!(reply.header("x-frame-options"), "DENY", "{path}");
        let csp = reply.header("content-security-policy");
        for directive in [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval'",
            "style-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ] {
            assert!(
                csp.contains(directive),
                "{path}: {directive} missing from {csp}"
            );
        }
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
            "{csp}"
        );
        // The app's inline loader is allowed by its hash, and only where there is an app.
        assert_eq!(csp.contains(&csp_hash(loader)), built, "{path}: {csp}");
    }
}

/// Reads from `stream` until the server closes it; the time that took, or None when it
/// was still open after `limit`.
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> Option<Duration> {
    let start = Instant::now();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout_at((start + limit).into(), stream.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some(start.elapsed()),
            Ok(Ok(_)) => continue,
        }
    }
}

#[tokio::test]
async fn slow_silent_and_idle_connections_are_closed() {
    let limits = breakeven::ConnectionLimits {
        header_timeout: Duration::from_secs(1),
        idle_timeout: Duration::from_secs(3),
        max_connections: 64,
    };
    let app = spawn_with(
        None,
        |s| s.with_request_timeout(Duration::from_secs(1)),
        limits,
    )
    .await;
    let addr = app.base.trim_start_matches("http://").to_string();
    // Partial headers, a silent connection, and one kept alive after a response.
    let mut partial = TcpStream::connect(&addr).await.unwrap();
    partial
        .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut silent = TcpStream::connect(&addr).await.unwrap();
    let mut kept = TcpStream::connect(&addr).await.unwrap();
    kept.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut answer = [0u8; 12];
    kept.read_exact(&mut answer).await.unwrap();
    assert_eq!(&answer, b"HTTP/1.1 200");
    // A body announced and never sent: the request timeout answers it.
    let mut stalled = TcpStream::connect(&addr).await.unwrap();
    stalled
        .write_all(
            b"POST /api/v1/plan HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
              Content-Length: 1000\r\n\r\n{\"name\":",
        )
        .await
        .unwrap();
    let limit = Duration::from_secs(8);
    for (what, stream) in [
        ("partial headers", &mut partial),
        ("silent", &mut silent),
        ("kept alive", &mut kept),
    ] {
        let took = closed_within(stream, limit).await;
        assert!(took.is_some(), "{what}: still open after {limit:?}");
    }
    let mut reply = Vec::new();
    let read = tokio::time::timeout(limit, stalled.read_to_end(&mut reply)).await;
    let reply = String::from_utf8_lossy(&reply);
    assert!(read.is_ok(), "stalled upload: still open after {limit:?}");
    assert!(reply.starts_with("HTTP/1.1 503"), "{reply}");
    assert!(
        reply.to_ascii_lowercase().contains("retry-after:"),
        "{reply}"
    );
}

#[tokio::test]
async fn expensive_requests_past_the_limit_get_503_with_retry_after() {
    let mut slots = None;
    let app = configured(None, |s| {
        let s = s.with_expensive_slots(2, Duration::from_millis(200));
        slots = Some(s.expensive.clone());
        s
    })
    .await;
    let slots = slots.unwrap();
    let (id, _) = crate::common::scenarios::create(&app, &example()).await;
    let expensive = [
        (Method::POST, "/api/v1/plan".to_string()),
        (Method::POST, "/api/v1/plan/placements".to_string()),
        // A stored scenario's view recomputes its plan, Monte Carlo included.
        (Method::GET, format!("/api/v1/scenarios/{id}")),
        (Method::GET, format!("/api/v1/scenarios/{id}/report.pdf")),
        (Method::GET, format!("/api/v1/scenarios/{id}/cashflow.csv")),
    ];
    let json = [("content-type", "application/json")];
    let body = || WORKED_EXAMPLE.as_bytes().to_vec();
    // Two requests compute (the test holds their slots, as two long plans would): the
    // third waits its 200 ms and is refused.
    let first = slots.acquire().await.unwrap();
    let second = slots.acquire().await.unwrap();
    for (method, path) in &expensive {
        let reply = app.request(method.clone(), path, &json, body()).await;
        assert_eq!(reply.status, 503, "{path}: {:?}", reply.json());
        assert_eq!(reply.header("retry-after"), "1", "{path}");
        let message = reply.json()["error"]["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(message.contains("2 expensive request"), "{message}");
    }
    // Cheap requests are not held up.
    let (status, _) = app.get_json("/api/v1/health").await;
    assert_eq!(status, 200);
    // One slot frees: the next request computes; both free: all of them do.
    drop(first);
    let (status, body_) = app.post_plan(WORKED_EXAMPLE, "application/json").await;
    assert_eq!(status, 200, "{body_}");
    drop(second);
    for (method, path) in &expensive {
        let reply = app.request(method.clone(), path, &json, body()).await;
        assert_ne!(reply.status, 503, "{path}");
    }
    // The slots are all back once the computations end.
    let all: Vec<_> = futures_util::future::join_all((0..2).map(|_| slots.acquire())).await;
    assert!(all.iter().all(Result::is_ok));
}
