#![allow(dead_code)] // each test binary uses a subset of these helpers
//! The real router on port 0 with a temporary SQLite file, for black-box HTTP tests.

pub mod cli;
pub mod scenarios;

use std::path::PathBuf;

use serde_json::Value;

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub db_path: PathBuf,
    /// The server's `--models-dir` (created empty; tests put weights files in it).
    pub models_dir: PathBuf,
    _dir: tempfile::TempDir,
}

/// The server as `breakeven serve` starts it, over a fresh database.
pub async fn spawn(dist: Option<PathBuf>) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("test.db");
    let models_dir = dir.path().join("models");
    std::fs::create_dir(&models_dir).unwrap();
    let pool = breakeven::db::open(&db_path)
        .await
        .expect("database opens and migrates");
    let state = breakeven::AppState::start(pool, models_dir.clone())
        .await
        .expect("state starts");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, breakeven::app(state, dist))
            .await
            .unwrap()
    });
    TestApp {
        base: format!("http://{addr}"),
        client: reqwest::Client::new(),
        db_path,
        models_dir,
        _dir: dir,
    }
}

impl TestApp {
    pub async fn post_plan(&self, body: &str, content_type: &str) -> (u16, Value) {
        let response = self
            .client
            .post(format!("{}/api/v1/plan", self.base))
            .header("content-type", content_type)
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }
}

impl TestApp {
    pub async fn get_json(&self, path: &str) -> (u16, Value) {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> (u16, Value) {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .json(body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }
}
