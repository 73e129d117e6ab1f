//! Turning a request into a loaded decoder: the device, the weights (synthetic or a file), a
//! memory check before anything big is allocated, and the weights' fingerprint.

use std::io::Read;
use std::path::Path;

use candle_core::Device;
use sha2::{Digest, Sha256};

use crate::catalog::{architecture, Architecture};
use crate::config::DecoderConfig;
use crate::decoder::Decoder;
use crate::gguf::read_content;
use crate::weights::{build_from_gguf, build_from_tensors, synthetic_tensor};
use crate::{BenchError, BenchRequest, DeviceName, WeightDtype, WeightsSource};

/// A decoder ready to run, and what the result must say about its weights.
pub struct Loaded {
    pub decoder: Decoder,
    pub model: String,
    pub architecture: Option<&'static Architecture>,
    pub dtype: WeightDtype,
    pub weights_label: &'static str,
    pub weights_kind: String,
    pub weights_sha256: Option<String>,
    pub weights_path: Option<String>,
}

/// The candle device a request names; a CUDA device that is not there (or a build without
/// the `cuda` feature) is a clear error, not a crash. The name itself was checked when the
/// request was read (`DeviceName::parse`).
pub fn parse_device(name: DeviceName) -> Result<Device, BenchError> {
    let DeviceName::Cuda(ordinal) = name else {
        return Ok(Device::Cpu);
    };
    if !candle_core::utils::cuda_is_available() {
        return Err(BenchError::Device(format!(
            "{name}: no CUDA device (this binary was built without the `cuda` feature)"
        )));
    }
    Device::new_cuda(ordinal as usize).map_err(|e| {
        BenchError::Device(format!(
            "{name}: no CUDA device ({})",
            crate::error::without_backtrace(e)
        ))
    })
}

/// The most CUDA device indices [`devices_present`] tries.
const MAX_CUDA_DEVICES: usize = 16;

/// The devices this process can benchmark on: the CPU, and every CUDA GPU that opens (none in
/// a build without the `cuda` feature). Looked up once: opening a GPU creates a context.
pub fn devices_present() -> Vec<DeviceName> {
    static DEVICES: std::sync::OnceLock<Vec<DeviceName>> = std::sync::OnceLock::new();
    DEVICES
        .get_or_init(|| {
            let mut devices = vec![DeviceName::Cpu];
            if candle_core::utils::cuda_is_available() {
                devices.extend(
                    (0..MAX_CUDA_DEVICES)
                        .take_while(|&i| Device::new_cuda(i).is_ok())
                        .map(|i| DeviceName::Cuda(i as u32)),
                );
            }
            devices
        })
        .clone()
}

/// Bytes the weights will occupy in `dtype` (matrices in the format, norms in the activation
/// dtype), estimated from the shapes before loading.
pub fn estimated_weight_bytes(config: &DecoderConfig, dtype: WeightDtype) -> f64 {
    crate::weights::tensor_names(config)
        .iter()
        .map(|(_, shape)| {
            let n: usize = shape.iter().product();
            if shape.len() == 2 {
                n as f64 * dtype.bytes_per_weight()
            } else {
                n as f64 * 4.0
            }
        })
        .sum()
}

/// Memory this run may use: the device's free memory (`MemAvailable` on CPU, free device
/// memory on CUDA), capped by the request's `max_memory_bytes`.
pub fn memory_budget_bytes(device: &Device, cap: Option<u64>) -> Option<u64> {
    match (device_free_bytes(device), cap) {
        (Some(free), Some(cap)) => Some(free.min(cap)),
        (free, cap) => free.or(cap),
    }
}

/// Free memory on the device: `MemAvailable` on CPU, free device memory on CUDA.
pub fn device_free_bytes(device: &Device) -> Option<u64> {
    match device {
        Device::Cpu => crate::system::memory_available_bytes(),
        _ => crate::cuda::memory_info(device).map(|(free, _)| free),
    }
}

/// Fails before allocating when `needed` bytes exceed the memory budget.
pub fn check_memory(budget: Option<u64>, needed: f64, what: &str) -> Result<(), BenchError> {
    if let Some(available) = budget {
        if needed > available as f64 {
            const GIB: f64 = 1024.0 * 1024.0 * 1024.0;
            return Err(BenchError::OutOfMemory {
                what: what.to_string(),
                needed_gib: needed / GIB,
                available_gib: available as f64 / GIB,
            });
        }
    }
    Ok(())
}

/// Fails before allocating when the weights and the first concurrency's KV cache and
/// activations (or the bandwidth probe's smallest array) exceed the budget: a run that could
/// measure nothing stops here, with the memory it would need.
fn check_first_point(
    budget: Option<u64>,
    weights: f64,
    config: &DecoderConfig,
    dtype: WeightDtype,
    request: &BenchRequest,
    what: &str,
) -> Result<(), BenchError> {
    let needed = weights + crate::memory::first_point_bytes(config, dtype, request);
    let what = format!("{what} with {}", crate::memory::first_point_words(request));
    check_memory(budget, needed, &what)
}

pub fn load(request: &BenchRequest, device: &Device) -> Result<Loaded, BenchError> {
    match &request.weights {
        WeightsSource::Synthetic => load_synthetic(request, device),
        WeightsSource::Path { path } => load_file(request, path, device),
    }
}

fn load_synthetic(request: &BenchRequest, device: &Device) -> Result<Loaded, BenchError> {
    let id = request
        .model
        .as_deref()
        .ok_or_else(|| BenchError::invalid("model", "synthetic weights need a catalog model id"))?;
    let arch = architecture(id).ok_or_else(|| BenchError::UnknownModel(id.to_string()))?;
    let config = DecoderConfig::from_architecture(arch)?;
    let dtype = request
        .dtype
        .unwrap_or_else(|| api::bench::default_dtype(request.device));
    crate::weights::check_quantizable(&config, dtype)?;
    // The f32 copy of the largest tensor exists next to the converted weights while loading.
    let largest = (config.vocab_size * config.hidden_size) as f64 * 4.0;
    let budget = memory_budget_bytes(device, request.max_memory_bytes);
    let weights = estimated_weight_bytes(&config, dtype);
    let what = format!("{} in {dtype}", arch.id);
    check_memory(budget, weights + largest, &what)?;
    check_first_point(budget, weights, &config, dtype, request, &what)?;
    let cpu = Device::Cpu;
    let seed = request.seed;
    let mut source = |name: &str, shape: &[usize]| synthetic_tensor(name, shape, seed, &cpu);
    let decoder = build_from_tensors(&config, &mut source, dtype, device)?;
    Ok(Loaded {
        decoder,
        model: arch.id.to_string(),
        architecture: Some(arch),
        dtype,
        weights_label: "synthetic weights",
        weights_kind: match arch.family.decoder_approximation() {
            None => format!(
                "synthetic weights: {}'s architecture, uniform ±1/√fan_in (norms 1 ± 0.1), seed {seed}",
                arch.hf_repo
            ),
            Some(approximation) => format!(
                "synthetic weights: {}'s matrix shapes, uniform ±1/√fan_in (norms 1 ± 0.1), seed {seed}; {approximation}",
                arch.hf_repo
            ),
        },
        weights_sha256: None,
        weights_path: None,
    })
}

fn load_file(request: &BenchRequest, path: &str, device: &Device) -> Result<Loaded, BenchError> {
    let p = Path::new(path);
    let bad = |reason: String| BenchError::BadWeights {
        path: path.to_string(),
        reason,
    };
    if p.is_dir() {
        return load_safetensors_dir(request, p, device);
    }
    let mut file = std::fs::File::open(p).map_err(|e| bad(format!("cannot open ({e})")))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let content = read_content(&mut file, path)?;
    let config = crate::gguf::config_from_gguf(&content, path)?;
    let budget = memory_budget_bytes(device, request.max_memory_bytes);
    check_memory(budget, size as f64 * 1.2, path)?;
    let dtype = match request.dtype {
        Some(d) => d,
        None => file_dtype(&content, path)?,
    };
    // A GGUF file's matrices are quantized: f32 activations and KV cache whatever it stores.
    check_first_point(
        budget,
        size as f64 * 1.2,
        &config,
        WeightDtype::Q8_0,
        request,
        path,
    )?;
    let decoder = build_from_gguf(&content, &mut file, path, request.dtype, device)?;
    let model = request
        .model
        .clone()
        .or_else(|| {
            content
                .metadata
                .get("general.name")
                .and_then(|v| v.to_string().ok())
                .cloned()
        })
        // The file's name, never its path: the name is shown and stored with the result.
        .unwrap_or_else(|| {
            let name = p.file_name().map(|n| n.to_string_lossy().to_string());
            format!("{:?} {}", config.family, name.unwrap_or_default())
        });
    let synthetic = crate::gguf::is_synthetic(&content);
    let label = if synthetic {
        "synthetic weights"
    } else {
        "real weights"
    };
    Ok(Loaded {
        decoder,
        architecture: request.model.as_deref().and_then(architecture),
        model,
        dtype,
        weights_label: label,
        weights_kind: match request.dtype {
            Some(d) => format!("{label}: GGUF, requantized to {d} on load"),
            None => format!("{label}: GGUF as stored"),
        },
        weights_sha256: Some(sha256_file(p).map_err(|e| bad(format!("cannot hash ({e})")))?),
        weights_path: Some(path.to_string()),
    })
}

/// The format most of a GGUF file's matrices are stored in (reported as the run's dtype); a
/// format Breakeven does not name is an error that says how to run the file anyway.
pub(crate) fn file_dtype(
    content: &candle_core::quantized::gguf_file::Content,
    path: &str,
) -> Result<WeightDtype, BenchError> {
    let mut counts: Vec<(candle_core::quantized::GgmlDType, usize)> = Vec::new();
    for info in content
        .tensor_infos
        .values()
        .filter(|i| i.shape.rank() == 2)
    {
        match counts.iter_mut().find(|(d, _)| *d == info.ggml_dtype) {
            Some((_, n)) => *n += 1,
            None => counts.push((info.ggml_dtype, 1)),
        }
    }
    let most = counts.into_iter().max_by_key(|(_, n)| *n).map(|(d, _)| d);
    WeightDtype::ALL
        .into_iter()
        .find(|d| {
            let dense = match d {
                WeightDtype::F32 => Some(candle_core::quantized::GgmlDType::F32),
                WeightDtype::F16 => Some(candle_core::quantized::GgmlDType::F16),
                WeightDtype::Bf16 => Some(candle_core::quantized::GgmlDType::BF16),
                _ => crate::weights::ggml_dtype(*d),
            };
            dense.is_some() && dense == most
        })
        .ok_or_else(|| BenchError::BadWeights {
            path: path.to_string(),
            reason: format!(
                "its matrices are stored as {most:?}, a format Breakeven does not report; pass --dtype q8_0, q4_0 or q4_k to requantize on load"
            ),
        })
}

fn load_safetensors_dir(
    request: &BenchRequest,
    dir: &Path,
    device: &Device,
) -> Result<Loaded, BenchError> {
    let path = dir.display().to_string();
    let bad = |reason: String| BenchError::BadWeights {
        path: path.clone(),
        reason,
    };
    let config_text = std::fs::read_to_string(dir.join("config.json"))
        .map_err(|e| bad(format!("config.json: {e}")))?;
    let config = DecoderConfig::from_hf_config(&config_text, &path)?;
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| bad(e.to_string()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "safetensors"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(bad("no *.safetensors files beside config.json".to_string()));
    }
    let dtype = request
        .dtype
        .unwrap_or_else(|| api::bench::default_dtype(request.device));
    let budget = memory_budget_bytes(device, request.max_memory_bytes);
    let weights = estimated_weight_bytes(&config, dtype);
    check_memory(budget, weights, &path)?;
    check_first_point(budget, weights, &config, dtype, request, &path)?;
    let mut tensors = std::collections::HashMap::new();
    let mut hasher = Sha256::new();
    for file in &files {
        let bytes = std::fs::read(file).map_err(|e| bad(format!("{}: {e}", file.display())))?;
        hasher.update(&bytes);
        let loaded = candle_core::safetensors::load_buffer(&bytes, &Device::Cpu)
            .map_err(|e| bad(format!("{}: {e}", file.display())))?;
        tensors.extend(loaded);
    }
    let mut source = |name: &str, _shape: &[usize]| {
        tensors
            .remove(name)
            .ok_or_else(|| bad(format!("tensor {name} is missing")))
    };
    let decoder = build_from_tensors(&config, &mut source, dtype, device)?;
    Ok(Loaded {
        decoder,
        architecture: request.model.as_deref().and_then(architecture),
        model: request.model.clone().unwrap_or_else(|| {
            dir.file_name()
                .map_or(path.clone(), |n| n.to_string_lossy().to_string())
        }),
        dtype,
        weights_label: "real weights",
        weights_kind: format!("real weights: safetensors, {dtype}"),
        weights_sha256: Some(format!("{:x}", hasher.finalize())),
        weights_path: Some(path.clone()),
    })
}

/// sha256 of a file, streamed.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(format!("{:x}", hasher.finalize()))
}
