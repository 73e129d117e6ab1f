//! The `breakeven bench` command line that reruns a request: recorded with every job the
//! server queues, so a result says how to reproduce it by hand. It spells the options
//! `cli::bench::args` defines (tests/api/units/bench_args.rs reads it back through them).

use api::bench::{BenchRequest, WeightsSource};

/// `s` as one POSIX shell word: unchanged when plain, single-quoted otherwise.
pub fn shell_quote(s: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./:=,".contains(c);
    if !s.is_empty() && s.chars().all(plain) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// The `breakeven bench` command line that asks for `request` (an endpoint benchmark's
/// without its API key or tokenizer, which a request never carries).
pub fn command_line(request: &BenchRequest) -> String {
    let quote = shell_quote;
    let mut parts = vec!["breakeven bench".to_string()];
    if let Some(endpoint) = &request.endpoint {
        parts.push(format!("--endpoint {}", quote(&endpoint.url)));
        parts.push(format!("--model {}", quote(&endpoint.model)));
        parts.push(format!("--api {}", endpoint.api));
        if let Some(gpu) = &endpoint.gpu {
            parts.push(format!("--gpu {}", quote(gpu)));
        }
        if let Some(model) = &request.model {
            parts.push(format!("--catalog-model {}", quote(model)));
        }
    } else {
        if let Some(model) = &request.model {
            parts.push(format!("--model {}", quote(model)));
        }
        parts.push(match &request.weights {
            WeightsSource::Synthetic => "--weights synthetic".to_string(),
            WeightsSource::Path { path } => format!("--weights {}", quote(path)),
        });
    }
    if let Some(dtype) = request.dtype {
        parts.push(format!("--dtype {dtype}"));
    }
    let concurrency: Vec<String> = request.concurrency.iter().map(|c| c.to_string()).collect();
    if request.endpoint.is_none() {
        parts.push(format!("--device {}", request.device));
    }
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
