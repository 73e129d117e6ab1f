//! What only a CUDA device can tell: copy bandwidth, memory in use, name and driver. Without
//! the `cuda` feature these report nothing (a CPU run never calls them).

use candle_core::Device;

use crate::BenchError;

/// Device-to-device copy of a 1 GiB buffer, bytes read plus written, median of 5 after a
/// warm-up, synchronized before every clock read: the bandwidth ceiling a decode step can reach.
pub fn copy_bandwidth_gb_s(device: &Device) -> Result<(f64, String), BenchError> {
    use candle_core::{DType, Tensor};
    let elements = 512 * 1024 * 1024; // bf16: 1 GiB
    let source = Tensor::zeros(elements, DType::BF16, device)?;
    let mut times = Vec::new();
    for rep in 0..6 {
        device.synchronize()?;
        let start = std::time::Instant::now();
        let copy = source.copy()?;
        device.synchronize()?;
        let t = start.elapsed().as_secs_f64();
        drop(copy);
        if rep > 0 {
            times.push(t);
        }
    }
    let median = crate::analysis::summarize(&times).map_or(f64::NAN, |s| s.p50);
    let bytes = 2.0 * (elements * 2) as f64;
    Ok((
        bytes / median / 1e9,
        "measured: 1 GiB device-to-device copy, bytes read + written, median of 5".to_string(),
    ))
}

/// (free, total) device memory in bytes; None on CPU.
pub fn memory_info(device: &Device) -> Option<(u64, u64)> {
    match device {
        #[cfg(feature = "cuda")]
        Device::Cuda(dev) => dev
            .cuda_stream()
            .context()
            .mem_get_info()
            .ok()
            .map(|(free, total)| (free as u64, total as u64)),
        _ => None,
    }
}

/// Device memory in use (total − free), bytes.
pub fn memory_in_use_bytes(device: &Device) -> Option<u64> {
    memory_info(device).map(|(free, total)| total.saturating_sub(free))
}

/// (name, driver version, memory bytes) of GPU 0 as `nvidia-smi` reports it.
pub fn gpu_info() -> Option<(String, String, Option<u64>)> {
    let out = std::process::Command::new("nvidia-smi")
        .args([
            "--query-gpu=name,driver_version,memory.total",
            "--format=csv,noheader,nounits",
        ])
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let line = text.lines().next()?;
    let mut parts = line.split(',').map(str::trim);
    let name = parts.next()?.to_string();
    let driver = parts.next()?.to_string();
    let memory = parts
        .next()
        .and_then(|m| m.parse::<u64>().ok())
        .map(|mib| mib * 1024 * 1024);
    Some((name, driver, memory))
}
