//! The real app over a temporary SQLite file, reached in process (`tower::ServiceExt::
//! oneshot`, no socket) or, for what needs one (Server-Sent Events, concurrent clients, the
//! CLI posting to it), served on port 0. Tests talk to both the same way.

pub mod benchmarks;
pub mod cli;
pub mod scenarios;

use std::path::PathBuf;

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request};
use axum::Router;
use serde_json::Value;
use tower::ServiceExt;

/// The Host in-process requests carry, so share links in exports have a host.
const IN_PROCESS_HOST: &str = "breakeven.test";

enum Transport {
    InProcess(Router),
    Socket(reqwest::Client),
}

/// One app over its own database and models directory.
pub struct TestApp {
    transport: Transport,
    /// `http://host[:port]`: where the app answers (for in-process, the Host it is sent).
    pub base: String,
    pub db_path: PathBuf,
    /// The server's `--models-dir` (created empty; tests put weights files in it).
    pub models_dir: PathBuf,
    _dir: tempfile::TempDir,
}

/// A finished request.
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    /// The body as JSON; an empty body (204) is Null.
    pub fn json(&self) -> Value {
        if self.body.is_empty() {
            return Value::Null;
        }
        serde_json::from_slice(&self.body).unwrap_or_else(|_| {
            panic!(
                "{}: not JSON: {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// A header's value, "" when absent.
    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    }
}

/// The state `breakeven serve` starts with, over a fresh database; `configure` may change it.
async fn state(
    configure: impl FnOnce(breakeven::AppState) -> breakeven::AppState,
) -> (breakeven::AppState, PathBuf, PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("test.db");
    let models_dir = dir.path().join("models");
    std::fs::create_dir(&models_dir).unwrap();
    let pool = breakeven::store::open(&db_path)
        .await
        .expect("database opens and migrates");
    let state = breakeven::AppState::start(pool, models_dir.clone())
        .await
        .expect("state starts");
    (configure(state), db_path, models_dir, dir)
}

/// The app in process: requests go straight to the router.
pub async fn app(dist: Option<PathBuf>) -> TestApp {
    configured(dist, |s| s).await
}

/// The app in process, its state changed by `configure` (a public URL, say).
pub async fn configured(
    dist: Option<PathBuf>,
    configure: impl FnOnce(breakeven::AppState) -> breakeven::AppState,
) -> TestApp {
    let (state, db_path, models_dir, dir) = state(configure).await;
    TestApp {
        transport: Transport::InProcess(breakeven::app(state, dist)),
        base: format!("http://{IN_PROCESS_HOST}"),
        db_path,
        models_dir,
        _dir: dir,
    }
}

/// The server as `breakeven serve` starts it, on port 0.
pub async fn spawn(dist: Option<PathBuf>) -> TestApp {
    spawn_with(dist, |s| s, breakeven::ConnectionLimits::default()).await
}

/// The server on port 0 through `breakeven::serve` (what `breakeven serve` runs), its state
/// changed by `configure` and its connections held to `limits`.
pub async fn spawn_with(
    dist: Option<PathBuf>,
    configure: impl FnOnce(breakeven::AppState) -> breakeven::AppState,
    limits: breakeven::ConnectionLimits,
) -> TestApp {
    let (state, db_path, models_dir, dir) = state(configure).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = breakeven::app(state, dist);
    tokio::spawn(async move {
        breakeven::serve(listener, app, limits, std::future::pending())
            .await
            .unwrap()
    });
    TestApp {
        transport: Transport::Socket(reqwest::Client::new()),
        base: format!("http://{addr}"),
        db_path,
        models_dir,
        _dir: dir,
    }
}

impl TestApp {
    /// The HTTP client of a served app (for streaming reads).
    pub fn client(&self) -> &reqwest::Client {
        match &self.transport {
            Transport::Socket(client) => client,
            Transport::InProcess(_) => panic!("an in-process app has no socket: use spawn()"),
        }
    }

    /// A second connection to the app's database.
    pub async fn pool(&self) -> sqlx::SqlitePool {
        breakeven::store::open(&self.db_path).await.unwrap()
    }

    /// Any request: `headers` are (name, value) pairs, `body` the bytes sent.
    pub async fn request(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Reply {
        match &self.transport {
            Transport::InProcess(router) => {
                let mut request = Request::builder().method(method).uri(path);
                if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
                    request = request.header("host", IN_PROCESS_HOST);
                }
                for (name, value) in headers {
                    request = request.header(*name, *value);
                }
                let response = router
                    .clone()
                    .oneshot(request.body(Body::from(body)).unwrap())
                    .await
                    .unwrap();
                let status = response.status().as_u16();
                let headers = response.headers().clone();
                let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                    .await
                    .unwrap();
                Reply {
                    status,
                    headers,
                    body: body.to_vec(),
                }
            }
            Transport::Socket(client) => {
                let method = reqwest::Method::from_bytes(method.as_str().as_bytes()).unwrap();
                let mut request = client.request(method, format!("{}{path}", self.base));
                for (name, value) in headers {
                    request = request.header(*name, *value);
                }
                let response = request.body(body).send().await.unwrap();
                let status = response.status().as_u16();
                let mut headers = HeaderMap::new();
                for (name, value) in response.headers() {
                    headers.insert(
                        axum::http::HeaderName::from_bytes(name.as_str().as_bytes()).unwrap(),
                        axum::http::HeaderValue::from_bytes(value.as_bytes()).unwrap(),
                    );
                }
                let body = response.bytes().await.unwrap().to_vec();
                Reply {
                    status,
                    headers,
                    body,
                }
            }
        }
    }

    /// Any request with an optional bearer token and JSON body; (status, JSON answer).
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> (u16, Value) {
        let authorization = token.map(|t| format!("Bearer {t}"));
        let mut headers = Vec::new();
        if let Some(value) = &authorization {
            headers.push(("authorization", value.as_str()));
        }
        let bytes = match body {
            Some(body) => {
                headers.push(("content-type", "application/json"));
                serde_json::to_vec(body).unwrap()
            }
            None => Vec::new(),
        };
        let reply = self.request(method, path, &headers, bytes).await;
        (reply.status, reply.json())
    }

    pub async fn get_json(&self, path: &str) -> (u16, Value) {
        self.send(Method::GET, path, None, None).await
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> (u16, Value) {
        self.send(Method::POST, path, None, Some(body)).await
    }

    pub async fn post_plan(&self, body: &str, content_type: &str) -> (u16, Value) {
        let headers = [("content-type", content_type)];
        let reply = self
            .request(
                Method::POST,
                "/api/v1/plan",
                &headers,
                body.as_bytes().to_vec(),
            )
            .await;
        (reply.status, reply.json())
    }
}
