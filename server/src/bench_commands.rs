//! `breakeven bench` and `breakeven agent-token …`: what they do, for `main.rs` to call.

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::Context;
use bench::{BenchRequest, BenchResult};
use serde_json::json;

use crate::agent_tokens::{self, TokenError};
use crate::bench_cli::{list_table, ProgressLine};
use crate::cli::{civil_date, shell_quote, AgentTokenCommand, BenchArgs, OutputFormat};

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Runtime::new().context("cannot start the async runtime")
}

/// Exit status 2 for a problem with the input (it names the field), 1 otherwise.
fn bench_failure(e: &bench::BenchError) -> ExitCode {
    use bench::BenchError;
    match e {
        BenchError::Cancelled => {
            eprintln!("cancelled");
            ExitCode::from(130)
        }
        BenchError::Candle(_) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
        _ => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// `breakeven bench`: runs on a blocking thread; Ctrl-C cancels it cleanly (a second one
/// leaves at once).
pub fn bench_command(args: BenchArgs) -> anyhow::Result<ExitCode> {
    if args.list {
        let entries = bench::catalog::entries();
        match args.format {
            OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&entries)?),
            OutputFormat::Table => print!("{}", list_table(&entries)),
        }
        return Ok(ExitCode::SUCCESS);
    }
    let request = match args.request() {
        Ok(request) => request,
        Err(e) => return Ok(bench_failure(&e)),
    };
    let token = match (&args.post, &args.token) {
        (Some(_), None) => {
            eprintln!("error: token: --post needs --token or BREAKEVEN_AGENT_TOKEN");
            return Ok(ExitCode::from(2));
        }
        (_, token) => token.clone(),
    };
    if let Err(e) = bench::check_request(&request) {
        return Ok(bench_failure(&e));
    }
    let command = std::iter::once("breakeven".to_string())
        .chain(std::env::args().skip(1).map(|a| shell_quote(&a)))
        .collect::<Vec<_>>()
        .join(" ");
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
            OutputFormat::Table => print!("{}", crate::bench_cli::table(&result)),
        }
        if let (Some(server), Some(token)) = (&args.post, &token) {
            let id = post_result(server, token, &request, &command, &result).await?;
            eprintln!("stored as benchmark #{id} on {server}");
        }
        Ok(ExitCode::SUCCESS)
    })
}

/// `breakeven agent-token create|list|revoke`. A bad or unknown name exits with status 2.
pub fn agent_token(command: AgentTokenCommand) -> anyhow::Result<ExitCode> {
    let input_error = |e: TokenError| match e {
        TokenError::Db(e) => Err(e),
        e => {
            eprintln!("error: {e}");
            Ok(ExitCode::from(2))
        }
    };
    runtime()?.block_on(async {
        match command {
            AgentTokenCommand::Create { name, db } => {
                if let Err(e) = agent_tokens::check_name(&name) {
                    return input_error(e);
                }
                let pool = crate::db::open(&db).await?;
                match agent_tokens::create(&pool, &name).await {
                    Ok(token) => {
                        println!("{token}");
                        eprintln!(
                            "agent token for {name:?} created; it is shown only now \
                             (use it as --token or BREAKEVEN_AGENT_TOKEN with `breakeven bench --post`)"
                        );
                        Ok(ExitCode::SUCCESS)
                    }
                    Err(e) => input_error(e),
                }
            }
            AgentTokenCommand::List { db } => {
                let pool = crate::db::open(&db).await?;
                for t in agent_tokens::list(&pool).await? {
                    println!(
                        "{:<24} created {}{}",
                        t.name,
                        civil_date(t.created_unix.div_euclid(86_400)),
                        if t.revoked { "  revoked" } else { "" }
                    );
                }
                Ok(ExitCode::SUCCESS)
            }
            AgentTokenCommand::Revoke { name, db } => {
                let pool = crate::db::open(&db).await?;
                match agent_tokens::revoke(&pool, &name).await {
                    Ok(()) => {
                        println!("agent token {name:?} revoked");
                        Ok(ExitCode::SUCCESS)
                    }
                    Err(e) => input_error(e),
                }
            }
        }
    })
}

/// Sends a finished benchmark to `server`'s `/api/v1/benchmarks/results`; returns the id it
/// was stored under. Plain HTTP only.
pub async fn post_result(
    server: &str,
    token: &str,
    request: &BenchRequest,
    command: &str,
    result: &BenchResult,
) -> anyhow::Result<i64> {
    let url = format!("{}/api/v1/benchmarks/results", server.trim_end_matches('/'));
    let response = reqwest::Client::new()
        .post(&url)
        .bearer_auth(token)
        .json(&json!({ "request": request, "command": command, "result": result }))
        .send()
        .await
        .with_context(|| format!("cannot reach {url} (plain http:// only)"))?;
    let status = response.status();
    let body: serde_json::Value = response
        .json()
        .await
        .with_context(|| format!("{url} answered {status} with a body that is not JSON"))?;
    if status != reqwest::StatusCode::CREATED {
        let message = body["error"]["message"].as_str().unwrap_or("no message");
        anyhow::bail!("{url} refused the result ({status}): {message}");
    }
    body["id"]
        .as_i64()
        .with_context(|| format!("{url} stored the result but sent no id"))
}
