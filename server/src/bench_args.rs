//! The options of `breakeven bench` and the request they make; the same request written
//! back as a command line (recorded with jobs the server queues, so they can be rerun).

use crate::cli::OutputFormat;

/// `breakeven bench`. Without an SLO option the sweep holds each point to p95 TTFT ≤ 2000 ms
/// and p95 TPOT ≤ 200 ms, and stops at the first concurrency that breaks them.
#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// List the catalog's architectures (with computed parameter counts) and exit.
    #[arg(long)]
    pub list: bool,
    /// Catalog id (see --list); default smollm2-135m, or the architecture a weights file names.
    #[arg(long)]
    pub model: Option<String>,
    /// `synthetic` (seeded random weights of the catalog shapes) or a GGUF file or a
    /// directory with config.json and *.safetensors.
    #[arg(long, default_value = "synthetic")]
    pub weights: String,
    /// f32, bf16, f16, q8_0, q4_0 or q4_k (default: the file's own format; for synthetic
    /// weights f32 on CPU, bf16 on CUDA).
    #[arg(long)]
    pub dtype: Option<String>,
    /// `cpu` or `cuda:N`.
    #[arg(long, default_value = "cpu")]
    pub device: String,
    /// Concurrencies to sweep, ascending, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "1,2,4,8,16,32,64")]
    pub concurrency: Vec<usize>,
    /// Prompt tokens per sequence.
    #[arg(long, default_value_t = 512)]
    pub prompt: usize,
    /// Generated tokens per sequence.
    #[arg(long = "gen", value_name = "GEN", default_value_t = 128)]
    pub gen_tokens: usize,
    /// Timed repetitions per concurrency (at least 5; warm-up excluded).
    #[arg(long, default_value_t = bench::default_repetitions())]
    pub repetitions: usize,
    /// p95 time-to-first-token target, ms (default 2000).
    #[arg(long)]
    pub slo_ttft_ms: Option<f64>,
    /// p95 time-per-output-token target, ms (default 200).
    #[arg(long)]
    pub slo_tpot_ms: Option<f64>,
    /// No latency target: sweep every concurrency; goodput is the highest decode tokens/s.
    #[arg(long, conflicts_with_all = ["slo_ttft_ms", "slo_tpot_ms"])]
    pub no_slo: bool,
    /// CPU threads (default: one per physical core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Seed of the synthetic weights and prompts.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// `table` (readable) or `json` (the whole result, as the API stores it).
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Report the result to a Breakeven server: http://HOST:PORT (plain HTTP; no TLS client
    /// is built in, so reach an https server through a local proxy or tunnel).
    #[arg(long)]
    pub post: Option<String>,
    /// Memory the benchmark may use, MiB (default: what the device has free). The sweep stops
    /// at the first concurrency whose KV cache does not fit.
    #[arg(long = "max-memory-mib")]
    pub max_memory_mib: Option<u64>,
    /// Agent token for --post (`breakeven agent-token create NAME` on the server).
    #[arg(long, env = "BREAKEVEN_AGENT_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
}

/// The SLO `breakeven bench` applies when none is given.
pub const DEFAULT_SLO: bench::Slo = bench::Slo {
    ttft_ms: 2000.0,
    tpot_ms: 200.0,
};

/// The catalog model `breakeven bench` runs when none is given with synthetic weights.
pub const DEFAULT_BENCH_MODEL: &str = "smollm2-135m";

impl BenchArgs {
    /// The request these options ask for. Errors name the option's field (`dtype`, `slo`).
    pub fn request(&self) -> Result<bench::BenchRequest, bench::BenchError> {
        let weights = if self.weights.eq_ignore_ascii_case("synthetic") {
            bench::WeightsSource::Synthetic
        } else {
            bench::WeightsSource::Path {
                path: self.weights.clone(),
            }
        };
        let model = match (&self.model, &weights) {
            (Some(model), _) => Some(model.clone()),
            (None, bench::WeightsSource::Synthetic) => Some(DEFAULT_BENCH_MODEL.to_string()),
            (None, bench::WeightsSource::Path { .. }) => None,
        };
        let dtype = match &self.dtype {
            None => None,
            Some(text) => Some(bench::WeightDtype::parse(text).ok_or_else(|| {
                let all: Vec<&str> = bench::WeightDtype::ALL.map(|d| d.as_str()).to_vec();
                bench::BenchError::invalid(
                    "dtype",
                    format!("unknown dtype {text:?} (one of {})", all.join(", ")),
                )
            })?),
        };
        Ok(bench::BenchRequest {
            model,
            weights,
            dtype,
            device: self.device.clone(),
            concurrency: self.concurrency.clone(),
            prompt_tokens: self.prompt,
            gen_tokens: self.gen_tokens,
            repetitions: self.repetitions,
            slo: (!self.no_slo).then(|| bench::Slo {
                ttft_ms: self.slo_ttft_ms.unwrap_or(DEFAULT_SLO.ttft_ms),
                tpot_ms: self.slo_tpot_ms.unwrap_or(DEFAULT_SLO.tpot_ms),
            }),
            threads: self.threads,
            seed: self.seed,
            max_memory_bytes: self.max_memory_mib.map(|m| m.saturating_mul(1024 * 1024)),
        })
    }
}

/// `s` as one POSIX shell word: unchanged when plain, single-quoted otherwise.
pub fn shell_quote(s: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./:=,".contains(c);
    if !s.is_empty() && s.chars().all(plain) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// The `breakeven bench` command line that asks for `request` (recorded with server jobs so
/// they can be rerun by hand).
pub fn bench_command_line(request: &bench::BenchRequest) -> String {
    let quote = shell_quote;
    let mut parts = vec!["breakeven bench".to_string()];
    if let Some(model) = &request.model {
        parts.push(format!("--model {}", quote(model)));
    }
    parts.push(match &request.weights {
        bench::WeightsSource::Synthetic => "--weights synthetic".to_string(),
        bench::WeightsSource::Path { path } => format!("--weights {}", quote(path)),
    });
    if let Some(dtype) = request.dtype {
        parts.push(format!("--dtype {dtype}"));
    }
    let concurrency: Vec<String> = request.concurrency.iter().map(|c| c.to_string()).collect();
    parts.push(format!("--device {}", quote(&request.device)));
    parts.push(format!("--concurrency {}", concurrency.join(",")));
    parts.push(format!("--prompt {}", request.prompt_tokens));
    parts.push(format!("--gen {}", request.gen_tokens));
    parts.push(format!("--repetitions {}", request.repetitions));
    parts.push(match request.slo {
        Some(slo) => format!(
            "--slo-ttft-ms {} --slo-tpot-ms {}",
            slo.ttft_ms, slo.tpot_ms
        ),
        None => "--no-slo".to_string(),
    });
    if let Some(threads) = request.threads {
        parts.push(format!("--threads {threads}"));
    }
    parts.push(format!("--seed {}", request.seed));
    if let Some(bytes) = request.max_memory_bytes {
        parts.push(format!("--max-memory-mib {}", bytes.div_ceil(1024 * 1024)));
    }
    parts.join(" ")
}
