//! `breakeven bench --endpoint URL`: a serving stack measured over HTTP streaming, printed
//! as a table or JSON and optionally posted like a candle result. The API key is read from
//! the environment variable `--api-key-env` names and goes nowhere but the request header.

use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use api::bench::{BenchRequest, BenchResult, Engine, Progress};
use tco::format::count;

use super::progress::ProgressLine;
use super::{post_result, BenchArgs};
use crate::cli::io::{runtime, OutputFormat};
use crate::endpoint_bench::{self, EndpointError, Options};

/// Exit status 2 for a problem with the input (it names the field), 130 when cancelled, 1
/// when the endpoint failed.
fn failure(e: &EndpointError) -> ExitCode {
    eprintln!("error: {e}");
    match e {
        EndpointError::Invalid { .. } | EndpointError::Tokenizer { .. } => ExitCode::from(2),
        EndpointError::Cancelled => ExitCode::from(130),
        _ => ExitCode::FAILURE,
    }
}

/// Checks, measures (Ctrl-C cancels: the open requests are dropped), prints, posts.
pub fn run(args: &BenchArgs, request: BenchRequest, command: String) -> anyhow::Result<ExitCode> {
    if let Err(e) = endpoint_bench::check_request(&request) {
        return Ok(failure(&e));
    }
    let api_key = match &args.api_key_env {
        None => None,
        Some(var) => match std::env::var(var) {
            Ok(key) if !key.trim().is_empty() => Some(key.trim().to_string()),
            _ => {
                eprintln!("error: api_key_env: the environment variable {var} is not set or empty");
                return Ok(ExitCode::from(2));
            }
        },
    };
    let options = Options {
        api_key,
        tokenizer: args.tokenizer.clone(),
        timeout: Duration::from_secs(args.timeout_s),
    };
    runtime()?.block_on(async {
        let cancel = AtomicBool::new(false);
        let mut line = ProgressLine::default();
        let measured = {
            let mut on_progress = |p: &Progress| line.update(p);
            let run = endpoint_bench::run(&request, &command, &options, &mut on_progress, &cancel);
            tokio::select! {
                measured = run => Some(measured),
                _ = tokio::signal::ctrl_c() => None,
            }
        };
        line.finish();
        let result = match measured {
            None => return Ok(failure(&EndpointError::Cancelled)),
            Some(Err(e)) => return Ok(failure(&e)),
            Some(Ok(result)) => result,
        };
        match args.format {
            OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&result)?),
            OutputFormat::Table => print!("{}", table(&result)),
        }
        if let (Some(server), Some(token)) = (&args.post, &args.token) {
            let id = post_result(server, token, request, command, result).await?;
            eprintln!("stored as benchmark #{id} on {server}");
        }
        Ok(ExitCode::SUCCESS)
    })
}

/// Milliseconds for people, "—" for a figure not measured.
fn ms(v: f64) -> String {
    if !v.is_finite() {
        "—".to_string()
    } else if v >= 100.0 {
        format!("{v:.0} ms")
    } else {
        format!("{v:.1} ms")
    }
}

/// The readable form of an endpoint result.
pub fn table(r: &BenchResult) -> String {
    let mut out = String::new();
    if let Engine::Endpoint {
        url,
        served_model,
        api,
        token_counts,
        gpu,
    } = &r.engine
    {
        out.push_str(&format!(
            "endpoint {url} ({api} API), model {served_model} (recorded as {}), on {}\n",
            r.model,
            gpu.as_deref().unwrap_or("a GPU not stated")
        ));
        out.push_str(&format!("token counts: {token_counts}\n"));
    }
    let slo = r.slo.map_or_else(
        || "no SLO".to_string(),
        |s| {
            format!(
                "SLO p95 TTFT ≤ {} and p95 TPOT ≤ {}",
                ms(s.ttft_ms),
                ms(s.tpot_ms)
            )
        },
    );
    out.push_str(&format!(
        "prompt {} tokens, {} generated, {} timed waves per point (warm-up excluded), {slo}\n\n",
        r.prompt_tokens, r.gen_tokens, r.repetitions
    ));
    out.push_str(&format!(
        "{:>5} {:>14} {:>13} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>4}\n",
        "conc",
        "prefill tok/s",
        "decode tok/s",
        "TTFT p50",
        "TTFT p95",
        "TPOT p50",
        "TPOT p95",
        "ITL p50",
        "ITL p95",
        "SLO"
    ));
    for p in &r.points {
        let itl =
            |f: fn(&api::bench::Summary) -> f64| p.inter_token_ms.as_ref().map_or(f64::NAN, f);
        out.push_str(&format!(
            "{:>5} {:>14} {:>13} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>4}\n",
            p.concurrency,
            count(p.prefill_tokens_per_s),
            format!("{:.1}", p.decode_tokens_per_s),
            ms(p.ttft_ms_p50),
            ms(p.ttft_ms_p95),
            ms(p.tpot_ms_p50),
            ms(p.tpot_ms_p95),
            ms(itl(|s| s.p50)),
            ms(itl(|s| s.p95)),
            match p.meets_slo {
                Some(true) => "yes",
                Some(false) => "no",
                None => "—",
            }
        ));
    }
    out.push('\n');
    match &r.goodput {
        Some(g) => out.push_str(&format!(
            "goodput: concurrency {}: prefill {} tok/s, decode {:.1} tok/s ({})\n",
            g.concurrency,
            count(g.prefill_tokens_per_s),
            g.decode_tokens_per_s,
            g.reason
        )),
        None => out.push_str("goodput: no concurrency met the SLO\n"),
    }
    out.push_str(&format!("sweep: {}\n", r.stopped));
    out.push_str(&format!("roofline: {}\n", r.roofline.bandwidth_basis));
    out.push_str(&format!("command: {}\n", r.reproducibility.command));
    out
}
