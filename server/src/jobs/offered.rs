//! What this server offers to benchmark besides the catalog's architectures: the devices
//! its build can run on and the weights files in its `--models-dir`. Only files listed here
//! may be named in a request, so the API never opens a path a browser made up. A file is
//! named relative to the models directory (its name there): the server's own paths are never
//! shown.

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
            path.to_str()?;
            Some(WeightsFile {
                path: name.clone(),
                name,
                bytes,
            })
        })
        .collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

/// The devices this server can benchmark on: the CPU, and each CUDA GPU present when built
/// with `--features cuda` (looked up once; blocking the first time).
pub fn devices() -> Vec<Device> {
    bench::devices_present()
}

/// Whether `name` may be a request's `weights.path`: one plain file or directory name, as
/// [`weights_files`] lists them (no separator, not `.` or `..`, not absolute).
pub fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', '\0'])
        && !std::path::Path::new(name).is_absolute()
}
