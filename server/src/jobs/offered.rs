//! What this server offers to benchmark besides the catalog's architectures: the devices
//! its build can run on and the weights files in its `--models-dir`. Only files listed here
//! may be named in a request, so the API never opens a path a browser made up.

use std::path::Path;

use api::bench::{Device, WeightsFile};

/// `*.gguf` files and directories holding a `config.json` directly inside `dir`, by name; a
/// missing directory offers nothing.
pub fn weights_files(dir: &Path) -> Vec<WeightsFile> {
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

/// The devices this build can benchmark on: the CPU, and the first GPU when built with
/// `--features cuda`.
pub fn devices() -> Vec<Device> {
    let mut devices = vec![Device::Cpu];
    if cfg!(feature = "cuda") {
        devices.push(Device::Cuda(0));
    }
    devices
}
