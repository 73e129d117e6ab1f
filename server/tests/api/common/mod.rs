//! The real app over a temporary SQLite file, reached in process (`tower::ServiceExt::
//! oneshot`, no socket) or, for what needs one (Server-Sent Events, concurrent clients, the
//! CLI posting to it), served on port 0. Tests talk to both the same way.
//!
//! With `BREAKEVEN_TEST_BACKEND=postgres` (and `BREAKEVEN_TEST_POSTGRES` naming a
//! PostgreSQL server the tests may create databases on: `make test` starts a throwaway one
//! with scripts/pg.sh), every app gets a fresh PostgreSQL database instead: the store and
//! HTTP tests then run against the other back end, unchanged.

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
    /// What `--db` names: the SQLite file, or the PostgreSQL database's URL.
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

/// Whether the tests run on PostgreSQL (`BREAKEVEN_TEST_BACKEND=postgres`).
pub fn on_postgres() -> bool {
    std::env::var("BREAKEVEN_TEST_BACKEND").is_ok_and(|b| b == "postgres")
}

/// A new, empty database for one app: a file in `dir`, or a fresh PostgreSQL database on
/// the server `BREAKEVEN_TEST_POSTGRES` names.
pub async fn fresh_database(dir: &std::path::Path) -> PathBuf {
    if !on_postgres() {
        return dir.join("test.db");
    }
    use sqlx::Connection;
    let admin = std::env::var("BREAKEVEN_TEST_POSTGRES")
        .expect("BREAKEVEN_TEST_BACKEND=postgres needs BREAKEVEN_TEST_POSTGRES (a server URL)");
    let name = format!("t{:016x}", rand::random::<u64>());
    let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .unwrap();
    let (base, _) = admin.rsplit_once('/').unwrap();
    PathBuf::from(format!("{base}/{name}"))
}

/// The state `breakeven serve` starts with, over a fresh database; `configure` may change it.
async fn state(
    configure: impl FnOnce(breakeven::AppState) -> breakeven::AppState,
) -> (breakeven::AppState, PathBuf, PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let db_path = fresh_database(dir.path()).await;
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

/// A pool for hand-written SQL on the database `location` names (a file or a URL).
pub async fn sql_pool(location: &std::path::Path) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    let text = location.to_string_lossy();
    let url = if breakeven::store::is_postgres_url(&text) {
        text.to_string()
    } else {
        format!("sqlite://{text}")
    };
    sqlx::any::AnyPoolOptions::new()
        .max_connections(2)
        .connect(&url)
        .await
        .unwrap()
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

/// Another instance of the server on `first`'s database (PostgreSQL: instances share it),
/// on port 0, started with `lease` and claiming the shared benchmarks of `claims` (None:
/// every device; empty: none), its state changed by `configure`.
pub async fn spawn_beside(
    first: &TestApp,
    lease: std::time::Duration,
    claims: Option<Vec<api::bench::Device>>,
    configure: impl FnOnce(breakeven::AppState) -> breakeven::AppState,
) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let models_dir = dir.path().join("models");
    std::fs::create_dir(&models_dir).unwrap();
    // The same weights files as the first: a benchmark names them relative to the directory.
    for entry in std::fs::read_dir(&first.models_dir).unwrap() {
        let entry = entry.unwrap();
        std::os::unix::fs::symlink(entry.path(), models_dir.join(entry.file_name())).unwrap();
    }
    let pool = breakeven::store::open(&first.db_path).await.unwrap();
    let state = breakeven::AppState::start_sharing(pool, models_dir.clone(), lease, claims)
        .await
        .unwrap();
    let limits = breakeven::ConnectionLimits::default();
    serve_state(
        configure(state),
        None,
        limits,
        (first.db_path.clone(), models_dir, dir),
    )
    .await
}

/// `state` (with the app in `dist`) served on port 0 through `breakeven::serve`, its
/// connections held to `limits`; `files` are the database, models directory and temporary
/// directory the app keeps.
async fn serve_state(
    state: breakeven::AppState,
    dist: Option<PathBuf>,
    limits: breakeven::ConnectionLimits,
    (db_path, models_dir, dir): (PathBuf, PathBuf, tempfile::TempDir),
) -> TestApp {
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
    serve_state(state, dist, limits, (db_path, models_dir, dir)).await
}

impl TestApp {
    /// The HTTP client of a served app (for streaming reads).
    pub fn client(&self) -> &reqwest::Client {
        match &self.transport {
            Transport::Socket(client) => client,
            Transport::InProcess(_) => panic!("an in-process app has no socket: use spawn()"),
        }
    }

    /// A second handle on the app's database, for the store's functions.
    pub async fn pool(&self) -> breakeven::store::Db {
        breakeven::store::open(&self.db_path).await.unwrap()
    }

    /// A connection pool for SQL a test writes itself, on either back end: write
    /// parameters `$1`, `$2`, … in order (SQLite reads them as PostgreSQL does).
    pub async fn sql(&self) -> sqlx::AnyPool {
        sql_pool(&self.db_path).await
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
