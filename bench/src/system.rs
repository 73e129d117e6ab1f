//! What the machine is and what it can do: CPU model, memory, a STREAM-like bandwidth probe and
//! a GEMM peak, so every figure can be held against a roofline measured on the same machine.

use std::time::Instant;

use candle_core::{DType, Device, Tensor};
use rayon::prelude::*;

use crate::analysis::summarize;

/// The CPU's model name (`/proc/cpuinfo`), or the architecture where the OS does not say.
pub fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_string())
}

/// Logical CPUs this process may use.
pub fn cpu_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `Linux 6.1.0 x86_64` or the target OS.
pub fn os_description() -> String {
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    format!(
        "{} {} {}",
        std::env::consts::OS,
        release,
        std::env::consts::ARCH
    )
    .split_whitespace()
    .collect::<Vec<_>>()
    .join(" ")
}

/// Memory available for new allocations (`MemAvailable`), bytes.
pub fn memory_available_bytes() -> Option<u64> {
    meminfo_kib("MemAvailable:").map(|kib| kib * 1024)
}

/// The machine's memory (`MemTotal`), bytes.
pub fn memory_total_bytes() -> Option<u64> {
    meminfo_kib("MemTotal:").map(|kib| kib * 1024)
}

fn meminfo_kib(key: &str) -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Peak resident set size of this process since the last [`reset_peak_rss`], bytes.
pub fn peak_rss_bytes() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = text.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace()
        .nth(1)?
        .parse::<u64>()
        .ok()
        .map(|kib| kib * 1024)
}

/// Starts a new peak-RSS window (Linux: writing 5 to `clear_refs` resets VmHWM). Where the
/// kernel refuses, the peak stays the process's lifetime peak, which still bounds the run.
pub fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Threads the CPU kernels use: `RAYON_NUM_THREADS` (gemm) and `CANDLE_NUM_THREADS`
/// (quantized matmul) or one per physical core.
pub fn cpu_threads() -> usize {
    candle_core::utils::get_num_threads()
}

/// The thread variables set for this process, recorded with every result.
pub fn thread_env() -> Vec<(String, String)> {
    ["RAYON_NUM_THREADS", "CANDLE_NUM_THREADS", "OMP_NUM_THREADS"]
        .iter()
        .filter_map(|k| std::env::var(k).ok().map(|v| (k.to_string(), v)))
        .collect()
}

/// Memory read bandwidth: a parallel sum over an array far larger than any cache (decode
/// reads weights and KV, it barely writes), on `threads` threads; median of 5 timed passes
/// after one warm-up.
pub fn cpu_bandwidth_gb_s(array_mib: usize, threads: usize) -> (f64, String) {
    let n = array_mib * 1024 * 1024 / 4;
    let data: Vec<f32> = (0..n).map(|i| (i % 7) as f32).collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build();
    let chunk = n.div_ceil(threads.max(1) * 8).max(1 << 14);
    let pass = || {
        let start = Instant::now();
        let total: f32 = data
            .par_chunks(chunk)
            .map(|c| {
                // Eight independent accumulators so the adds keep up with the loads.
                let mut acc = [0f32; 8];
                for block in c.chunks_exact(8) {
                    for (a, v) in acc.iter_mut().zip(block) {
                        *a += v;
                    }
                }
                acc.iter().sum::<f32>()
            })
            .sum();
        std::hint::black_box(total);
        start.elapsed().as_secs_f64()
    };
    let run = || {
        pass();
        (0..5).map(|_| pass()).collect::<Vec<_>>()
    };
    let times = match &pool {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    };
    let median = summarize(&times).map_or(f64::NAN, |s| s.p50);
    let gb_s = (n * 4) as f64 / median / 1e9;
    (
        gb_s,
        format!("measured: parallel read of a {array_mib} MiB f32 array, {threads} threads, median of 5"),
    )
}

/// Peak matmul FLOP/s of `dtype` on `device`: a square product big enough to saturate the
/// kernels, median of 5 after warm-up, device synchronized before each clock read.
pub fn matmul_peak_flops(
    device: &Device,
    dtype: DType,
    n: usize,
) -> Result<(f64, String), candle_core::Error> {
    let a = Tensor::ones((n, n), dtype, device)?;
    let b = Tensor::ones((n, n), dtype, device)?;
    let mut times = Vec::new();
    for rep in 0..6 {
        device.synchronize()?;
        let start = Instant::now();
        let c = a.matmul(&b)?;
        device.synchronize()?;
        let t = start.elapsed().as_secs_f64();
        drop(c);
        if rep > 0 {
            times.push(t);
        }
    }
    let median = summarize(&times).map_or(f64::NAN, |s| s.p50);
    let flops = 2.0 * (n as f64).powi(3) / median;
    Ok((
        flops,
        format!("measured: {n}×{n} {dtype:?} matmul on this device, median of 5"),
    ))
}
