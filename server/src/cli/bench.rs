//! `breakeven bench`: one benchmark on this machine (or, with `--endpoint`, of a serving
//! stack over HTTP), printed as a table or JSON, and with `--post` reported to a server as
//! an agent's result. Ctrl-C cancels it cleanly (a second
//! one leaves at once).

mod args;
mod endpoint;
mod progress;
mod table;

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::Context;
use api::bench::{AgentReport, BenchRequest, BenchResult, ResultStored};
use api::{BenchmarkId, ErrorBody};
use bench::BenchError;

pub use args::{BenchArgs, DEFAULT_BENCH_MODEL, DEFAULT_SLO};

use super::io::{runtime, OutputFormat};
use crate::jobs::shell_quote;
use progress::ProgressLine;

/// Exit status 2 for a problem with the input (it names the field), 1 otherwise.
fn bench_failure(e: &BenchError) -> ExitCode {
    match e {
        BenchError::Cancelled => {
            eprintln!("cancelled");
            ExitCode::from(130)
        }
        BenchError::Candle(_) | BenchError::NothingMeasured(_) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
        _ => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Lists the catalog, or runs the benchmark on a blocking thread (and posts it).
pub fn run(args: BenchArgs) -> anyhow::Result<ExitCode> {
    if args.list {
        let entries = bench::catalog::entries();
        match args.format {
            OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&entries)?),
            OutputFormat::Table => print!("{}", table::list_table(&entries)),
        }
        return Ok(ExitCode::SUCCESS);
    }
    let request = match args.request() {
        Ok(request) => request,
        Err(e) => return Ok(bench_failure(&e)),
    };
    if args.post.is_some() && args.token.is_none() {
        eprintln!("error: token: --post needs --token or BREAKEVEN_AGENT_TOKEN");
        return Ok(ExitCode::from(2));
    }
    let command = std::iter::once("breakeven".to_string())
        .chain(std::env::args().skip(1).map(|a| shell_quote(&a)))
        .collect::<Vec<_>>()
        .join(" ");
    if request.endpoint.is_some() {
        return endpoint::run(&args, request, command);
    }
    if let Err(e) = bench::check_request(&request) {
        return Ok(bench_failure(&e));
    }
    runtime()?.block_on(async {
        let cancel = Arc::new(AtomicBool::new(false));
        let (job, job_command, flag) = (request.clone(), command.clone(), cancel.clone());
        let mut handle = tokio::task::spawn_blocking(move || {
            let mut line = ProgressLine::default();
            let result = bench::run(&job, &job_command, &mut |p| line.update(p), &flag);
            line.finish();
            result
        });
        let joined = tokio::select! {
            joined = &mut handle => joined,
            _ = tokio::signal::ctrl_c() => {
                cancel.store(true, Ordering::SeqCst);
                eprintln!("\ncancelling (Ctrl-C again to quit at once)…");
                tokio::select! {
                    joined = &mut handle => joined,
                    _ = tokio::signal::ctrl_c() => {
                        eprintln!("cancelled");
                        std::process::exit(130);
                    }
                }
            }
        };
        let result = match joined.context("the benchmark thread crashed")? {
            Ok(result) => result,
            Err(e) => return Ok(bench_failure(&e)),
        };
        match args.format {
            OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&result)?),
            OutputFormat::Table => print!("{}", table::table(&result)),
        }
        if let (Some(server), Some(token)) = (&args.post, &args.token) {
            let id = post_result(server, token, request, command, result).await?;
            eprintln!("stored as benchmark #{id} on {server}");
        }
        Ok(ExitCode::SUCCESS)
    })
}

/// Sends a finished benchmark to `server`'s `/api/v1/benchmarks/results`; returns the id it
/// was stored under. Plain HTTP only.
async fn post_result(
    server: &str,
    token: &str,
    request: BenchRequest,
    command: String,
    result: BenchResult,
) -> anyhow::Result<BenchmarkId> {
    let url = format!("{}/api/v1/benchmarks/results", server.trim_end_matches('/'));
    let report = AgentReport {
        request,
        command,
        result,
    };
    let response = reqwest::Client::new()
        .post(&url)
        .bearer_auth(token)
        .json(&report)
        .send()
        .await
        .with_context(|| format!("cannot reach {url} (plain http:// only)"))?;
    let status = response.status();
    let body = response
        .text()
        .await
        .with_context(|| format!("cannot read {url}'s answer ({status})"))?;
    if status != reqwest::StatusCode::CREATED {
        let message = serde_json::from_str::<ErrorBody>(&body)
            .map_or_else(|_| "no message".to_string(), |e| e.line());
        anyhow::bail!("{url} refused the result ({status}): {message}");
    }
    let stored: ResultStored = serde_json::from_str(&body)
        .with_context(|| format!("{url} stored the result but sent no id"))?;
    Ok(stored.id)
}
