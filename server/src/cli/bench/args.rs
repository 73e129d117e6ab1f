//! The options of `breakeven bench` and the request they make. The server writes the same
//! request back as a command line (`jobs::command_line`); a test (tests/api/units/
//! bench_args.rs) reads that line with these options and gets the request back.

use api::bench::{
    default_repetitions, BenchRequest, Device, EndpointApi, EndpointTarget, Slo, WeightDtype,
    WeightsSource,
};
use bench::BenchError;

use crate::cli::io::OutputFormat;

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
    /// f32, bf16, f16, q8_0, q4_0 or q4_k (default: a GGUF file's own format; otherwise
    /// q4_0 on CPU, bf16 on CUDA).
    #[arg(long)]
    pub dtype: Option<String>,
    /// `cpu` or `cuda:N`.
    #[arg(long, default_value = "cpu")]
    pub device: Device,
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
    #[arg(long, default_value_t = default_repetitions())]
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
    /// Measure the OpenAI-compatible server at URL (http://HOST:PORT[/v1]) with streamed
    /// requests instead of candle on this machine; --model is then the name it serves.
    #[arg(long, value_name = "URL", conflicts_with_all = ["list", "weights", "device", "threads", "max_memory_mib"])]
    pub endpoint: Option<String>,
    /// With --endpoint: the environment variable holding its API key (sent as a bearer
    /// token; never printed or stored).
    #[arg(long, value_name = "VAR", requires = "endpoint")]
    pub api_key_env: Option<String>,
    /// With --endpoint: a tokenizer.json or GGUF file that counts tokens when the server
    /// sends no usage (else one token per word and per streamed chunk, labelled so).
    #[arg(long, value_name = "FILE", requires = "endpoint")]
    pub tokenizer: Option<std::path::PathBuf>,
    /// With --endpoint: `chat` (/v1/chat/completions) or `completions` (/v1/completions).
    #[arg(long, default_value = "chat", requires = "endpoint")]
    pub api: String,
    /// With --endpoint: the GPU it runs on, as scenarios name it ("NVIDIA L4").
    #[arg(long, value_name = "GPU NAME", requires = "endpoint")]
    pub gpu: Option<String>,
    /// With --endpoint: the catalog id of the model it serves (see --list), which gives the
    /// result its architecture and parameter count.
    #[arg(long, value_name = "ID", requires = "endpoint")]
    pub catalog_model: Option<String>,
    /// With --endpoint: seconds one request may take, from sending it to its last token.
    #[arg(long, default_value_t = crate::endpoint_bench::DEFAULT_TIMEOUT_S)]
    pub timeout_s: u64,
}

/// The SLO `breakeven bench` applies when none is given.
pub const DEFAULT_SLO: Slo = Slo {
    ttft_ms: 2000.0,
    tpot_ms: 200.0,
};

/// The catalog model `breakeven bench` runs when none is given with synthetic weights.
pub const DEFAULT_BENCH_MODEL: &str = "smollm2-135m";

impl BenchArgs {
    /// The request these options ask for. Errors name the option's field (`dtype`, `slo`).
    pub fn request(&self) -> Result<BenchRequest, BenchError> {
        let weights = if self.weights.eq_ignore_ascii_case("synthetic") {
            WeightsSource::Synthetic
        } else {
            WeightsSource::Path {
                path: self.weights.clone(),
            }
        };
        let model = match (&self.model, &weights) {
            (Some(model), _) => Some(model.clone()),
            (None, WeightsSource::Synthetic) => Some(DEFAULT_BENCH_MODEL.to_string()),
            (None, WeightsSource::Path { .. }) => None,
        };
        let dtype = self.dtype()?;
        if let Some(url) = &self.endpoint {
            return self.endpoint_request(url, dtype);
        }
        Ok(BenchRequest {
            model,
            weights,
            dtype,
            device: self.device,
            concurrency: self.concurrency.clone(),
            prompt_tokens: self.prompt,
            gen_tokens: self.gen_tokens,
            repetitions: self.repetitions,
            slo: self.slo(),
            threads: self.threads,
            seed: self.seed,
            max_memory_bytes: self.max_memory_mib.map(|m| m.saturating_mul(1024 * 1024)),
            endpoint: None,
        })
    }

    /// The latency target: the options', the default, or none with --no-slo.
    fn slo(&self) -> Option<Slo> {
        (!self.no_slo).then(|| Slo {
            ttft_ms: self.slo_ttft_ms.unwrap_or(DEFAULT_SLO.ttft_ms),
            tpot_ms: self.slo_tpot_ms.unwrap_or(DEFAULT_SLO.tpot_ms),
        })
    }

    /// An endpoint benchmark's request: --model is the served name, --catalog-model the
    /// architecture, --dtype the format the server is said to serve.
    fn endpoint_request(
        &self,
        url: &str,
        dtype: Option<WeightDtype>,
    ) -> Result<BenchRequest, BenchError> {
        let api = EndpointApi::parse(&self.api).ok_or_else(|| {
            BenchError::invalid(
                "api",
                format!("unknown API {:?} (chat or completions)", self.api),
            )
        })?;
        let served = self.model.clone().ok_or_else(|| {
            BenchError::invalid(
                "model",
                "--endpoint needs --model NAME: the model name the server serves",
            )
        })?;
        if self.timeout_s == 0 {
            return Err(BenchError::invalid(
                "timeout_s",
                "must be at least 1 second",
            ));
        }
        Ok(BenchRequest {
            model: self.catalog_model.clone(),
            weights: WeightsSource::Synthetic,
            dtype,
            device: Device::Cpu,
            concurrency: self.concurrency.clone(),
            prompt_tokens: self.prompt,
            gen_tokens: self.gen_tokens,
            repetitions: self.repetitions,
            slo: self.slo(),
            threads: None,
            seed: self.seed,
            max_memory_bytes: None,
            endpoint: Some(EndpointTarget {
                url: url.to_string(),
                model: served,
                api,
                gpu: self.gpu.clone(),
            }),
        })
    }

    /// --dtype read, or the error naming `dtype`.
    fn dtype(&self) -> Result<Option<WeightDtype>, BenchError> {
        Ok(match &self.dtype {
            None => None,
            Some(text) => Some(WeightDtype::parse(text).ok_or_else(|| {
                let all: Vec<&str> = WeightDtype::ALL.map(|d| d.as_str()).to_vec();
                BenchError::invalid(
                    "dtype",
                    format!("unknown dtype {text:?} (one of {})", all.join(", ")),
                )
            })?),
        })
    }
}
