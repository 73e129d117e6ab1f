//! The machine a result was measured on, in the words of the result's summary line: the
//! CPU's model and cores, or the GPU's name and memory, or the endpoint and its stated GPU.

use super::{BenchResult, Engine};

impl BenchResult {
    /// "AMD EPYC 7B13, 2 cores (2 threads used)", "NVIDIA H200, 140 GiB", or
    /// "endpoint http://host/v1 (GPU as stated: NVIDIA L4)". Unlike [`BenchResult::hardware`]
    /// (what a scenario records), it names the cores and the memory a reader compares.
    pub fn hardware_line(&self) -> String {
        let r = &self.reproducibility;
        match &self.engine {
            Engine::Endpoint { url, gpu, .. } => match gpu {
                Some(gpu) => format!("endpoint {url} (GPU as stated: {gpu})"),
                None => format!("endpoint {url} (GPU not stated)"),
            },
            Engine::Candle if self.device.is_cpu() => {
                let cores = match r.cpu_cores {
                    1 => "1 core".to_string(),
                    n => format!("{n} cores"),
                };
                format!("{}, {cores} ({} threads used)", r.cpu_model, r.threads)
            }
            Engine::Candle => {
                let name = r
                    .gpu_name
                    .clone()
                    .unwrap_or_else(|| format!("GPU {} (name not recorded)", self.device));
                match r.gpu_memory_bytes {
                    Some(bytes) => {
                        format!("{name}, {:.0} GiB", bytes as f64 / (1u64 << 30) as f64)
                    }
                    None => format!("{name} (memory not recorded)"),
                }
            }
        }
    }
}
