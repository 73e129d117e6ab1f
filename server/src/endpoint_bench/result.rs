//! An endpoint run as a stored [`BenchResult`]: what was measured is the serving stack, so
//! the roofline is not measured (NaN, saying why), nothing is projected, and the hardware
//! is what the operator stated.

use api::bench::{
    BenchRequest, BenchResult, Device, EndpointTarget, Engine, Goodput, Point, Reproducibility,
    Roofline, Slo, WeightDtype,
};

use super::Target;

/// Why an endpoint result has no roofline.
pub const NO_ROOFLINE: &str = "not measured: an endpoint benchmark measures a serving stack \
     over HTTP, not the hardware under it";

/// What [`assemble`] puts together.
pub struct Parts<'a> {
    pub request: &'a BenchRequest,
    pub endpoint: &'a EndpointTarget,
    pub target: &'a Target,
    pub token_counts: String,
    pub points: Vec<Point>,
    pub goodput: Option<Goodput>,
    pub stopped: String,
    pub command: &'a str,
    pub started_unix: i64,
    pub wall_seconds: f64,
}

/// The result of an endpoint run.
pub fn assemble(parts: Parts<'_>) -> BenchResult {
    let Parts {
        request,
        endpoint,
        target,
        ..
    } = parts;
    let architecture = request
        .model
        .as_deref()
        .and_then(bench::catalog::architecture);
    // The format is the operator's statement; f16 is recorded when none was made, and the
    // label says so (a scenario built from an endpoint ignores it).
    let dtype = request.dtype.unwrap_or(WeightDtype::F16);
    let weights_label = match request.dtype {
        Some(d) => format!("real weights served by the endpoint ({d} as stated)"),
        None => "real weights served by the endpoint (format not stated)".to_string(),
    };
    BenchResult {
        engine: Engine::Endpoint {
            url: target.base.clone(),
            served_model: endpoint.model.clone(),
            api: endpoint.api.as_str().to_string(),
            token_counts: parts.token_counts,
            gpu: endpoint.gpu.clone(),
        },
        model: request
            .model
            .clone()
            .unwrap_or_else(|| endpoint.model.clone()),
        hf_repo: architecture.map(|a| a.hf_repo.to_string()),
        parameters: architecture.map_or(0, |a| a.parameter_count()),
        device: Device::Cpu,
        dtype,
        weights_label: weights_label.clone(),
        prompt_tokens: request.prompt_tokens,
        gen_tokens: request.gen_tokens,
        repetitions: request.repetitions,
        slo: request.slo.map(|s| Slo { ..s }),
        points: parts.points,
        goodput: parts.goodput,
        stopped: parts.stopped,
        roofline: Roofline {
            memory_bandwidth_gb_s: f64::NAN,
            bandwidth_basis: NO_ROOFLINE.into(),
            peak_flops: None,
            peak_flops_basis: NO_ROOFLINE.into(),
        },
        projections: Vec::new(),
        weight_bytes: 0,
        kv_bytes_per_token: 0,
        reproducibility: Reproducibility {
            cpu_model: format!("not visible over HTTP (endpoint {})", target.base),
            cpu_cores: 0,
            gpu_name: endpoint.gpu.clone(),
            gpu_driver: None,
            gpu_memory_bytes: None,
            os: format!(
                "client: {} {}",
                std::env::consts::OS,
                std::env::consts::ARCH
            ),
            candle_version: "not used (endpoint benchmark)".into(),
            breakeven_version: env!("CARGO_PKG_VERSION").into(),
            dtype,
            weights_kind: weights_label,
            weights_sha256: None,
            weights_path: None,
            threads: 0,
            thread_env: Vec::new(),
            command: parts.command.to_string(),
            seed: request.seed,
        },
        started_unix: parts.started_unix,
        wall_seconds: parts.wall_seconds,
    }
}
