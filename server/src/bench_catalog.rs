//! `GET /api/v1/benchmarks/catalog`: what can be benchmarked here (architectures, number
//! formats, devices) and which weights files the server offers. Only files listed here may be
//! named in a request, so the API never opens a path a browser made up.

use std::path::Path as FsPath;

use axum::extract::State;
use axum::Json;
use bench::WeightDtype;
use serde::Serialize;
use serde_json::{json, Value};

use crate::AppState;

/// A weights file (or safetensors directory) this server offers to benchmark.
#[derive(Debug, Clone, Serialize)]
pub struct WeightsFile {
    /// What a request names in `weights.path`.
    pub path: String,
    pub name: String,
    pub bytes: u64,
}

/// `*.gguf` files and directories holding a `config.json` directly inside `dir`, by name; a
/// missing directory offers nothing.
pub fn weights_files(dir: &FsPath) -> Vec<WeightsFile> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<WeightsFile> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let path = entry.path();
            let meta = std::fs::metadata(&path).ok()?;
            let bytes = if meta.is_file() && name.to_ascii_lowercase().ends_with(".gguf") {
                meta.len()
            } else if meta.is_dir() && path.join("config.json").is_file() {
                std::fs::read_dir(&path)
                    .ok()?
                    .filter_map(|e| e.ok()?.metadata().ok())
                    .filter(|m| m.is_file())
                    .map(|m| m.len())
                    .sum()
            } else {
                return None;
            };
            Some(WeightsFile {
                path: path.to_str()?.to_string(),
                name,
                bytes,
            })
        })
        .collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

/// Devices this build can benchmark on.
pub fn devices() -> Vec<&'static str> {
    let mut devices = vec!["cpu"];
    if cfg!(feature = "cuda") {
        devices.push("cuda:0");
    }
    devices
}

/// `GET /api/v1/benchmarks/catalog`
pub async fn catalog(State(state): State<AppState>) -> Json<Value> {
    let dir = state.models_dir.clone();
    let files = tokio::task::spawn_blocking(move || weights_files(&dir))
        .await
        .unwrap_or_default();
    Json(json!({
        "models": bench::catalog::entries(),
        "dtypes": WeightDtype::ALL.map(WeightDtype::as_str),
        "devices": devices(),
        "weights_files": files,
    }))
}
