//! Endpoint benchmarks: the user's own serving stack (vLLM, TGI, llama.cpp, …) measured
//! through its OpenAI-compatible API with streamed requests, swept over concurrencies like
//! the candle benchmark, and reported as a [`BenchResult`] with
//! [`Engine::Endpoint`](api::bench::Engine::Endpoint) so a scenario can use it.
//!
//! `check` the request's checks; `target` the URL and the host allowlist; `client` one
//! streamed request (the Server-Sent Events reader); `prompt` prompts of a length and token
//! counting without the server; `sweep` the waves and each point's figures (through
//! `bench::analysis`); `result` the stored result. The method is in docs/benchmarks.md.

mod check;
pub(crate) mod client;
mod error;
pub(crate) mod prompt;
mod result;
pub(crate) mod sweep;
mod target;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use api::bench::{BenchRequest, BenchResult, Point, Progress};
use bench::analysis::goodput;
use bench::steps::{progress, StepClock};

pub use check::check_request;
pub use error::EndpointError;
pub use target::{allowed_hosts, check_allowed, Target};

use client::Streamed;
use prompt::{words_for, Tokenizer};
use sweep::{one, point, wave, Extras, Plan, Sample};

/// Seconds one request may take, headers to `[DONE]`, unless told otherwise.
pub const DEFAULT_TIMEOUT_S: u64 = 120;

/// Probes spent bringing the prompt to the requested length by the server's count.
const CALIBRATION_PROBES: usize = 4;

/// What a run needs besides the request (the CLI's options; a server job uses the defaults).
#[derive(Debug, Clone)]
pub struct Options {
    /// Sent as a bearer token; never printed or stored.
    pub api_key: Option<String>,
    /// A `tokenizer.json` or GGUF file that counts tokens when the server sends no usage.
    pub tokenizer: Option<PathBuf>,
    /// Per-request limit.
    pub timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            api_key: None,
            tokenizer: None,
            timeout: Duration::from_secs(DEFAULT_TIMEOUT_S),
        }
    }
}

/// One endpoint benchmark: checks, a probe (what the server accepts, whether it counts
/// tokens, the prompt sized to `prompt_tokens`), then per concurrency a warm-up wave and
/// `repetitions` timed waves, stopping after the first point that breaks the SLO. Nothing
/// is returned unless every request succeeded.
pub async fn run(
    request: &BenchRequest,
    command: &str,
    options: &Options,
    on_progress: &mut (dyn FnMut(&Progress) + Send),
    cancel: &AtomicBool,
) -> Result<BenchResult, EndpointError> {
    let (endpoint, target) = check_request(request)?;
    let started = Instant::now();
    let started_unix = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let url = target.url(endpoint.api);
    // One set-up step (the probe and calibration), then the sweep's.
    let mut clock = StepClock::new(1, request.concurrency.len(), request.repetitions);
    on_progress(&progress(
        "probing",
        format!("asking {url} for {}", endpoint.model),
        &clock,
        &[],
    ));
    let tokenizer = match options.tokenizer.clone() {
        None => None,
        Some(path) => Some(
            tokio::task::spawn_blocking(move || Tokenizer::load(&path))
                .await
                .map_err(|e| EndpointError::Tokenizer {
                    path: "(tokenizer)".into(),
                    reason: e.to_string(),
                })??,
        ),
    };
    let words = match &tokenizer {
        Some(t) => words_for(t, request.seed, request.prompt_tokens)?,
        None => request.prompt_tokens,
    };
    let client = reqwest::Client::builder()
        .build()
        .map_err(|e| EndpointError::Unreachable {
            url: url.clone(),
            reason: format!("cannot start an HTTP client: {e}"),
        })?;
    let mut plan = Plan {
        client,
        url: url.clone(),
        model: endpoint.model.clone(),
        api: endpoint.api,
        api_key: options.api_key.clone(),
        timeout: options.timeout,
        gen: request.gen_tokens,
        words,
        seed: request.seed,
        extras: Extras {
            exact_length: true,
            usage: true,
        },
        tokenizer,
    };
    let (probed, mut notes) = probe(&mut plan, cancel).await?;
    if let Some(usage) = probed.usage {
        calibrate(
            &mut plan,
            usage.prompt_tokens,
            request.prompt_tokens,
            cancel,
        )
        .await?;
    }
    let counted_by_server = probed.usage.is_some();
    clock.setup_done();
    let (mut points, mut timed) = (Vec::<Point>::new(), Vec::<Sample>::new());
    let mut stopped = format!(
        "finished the requested concurrencies {:?}",
        request.concurrency
    );
    let mut index = 0u64;
    for &concurrency in &request.concurrency {
        let what = format!(
            "concurrency {concurrency}: prompt {} + {} tokens, {concurrency} streamed at once",
            request.prompt_tokens, request.gen_tokens
        );
        on_progress(&progress("warm-up", what.clone(), &clock, &points));
        wave(&plan, concurrency, index, cancel).await?;
        clock.sweep_step_done();
        index += concurrency as u64;
        let mut waves = Vec::with_capacity(request.repetitions);
        for rep in 1..=request.repetitions {
            let message = format!("{what}: repetition {rep} of {}", request.repetitions);
            on_progress(&progress("measuring", message, &clock, &points));
            waves.push(wave(&plan, concurrency, index, cancel).await?);
            clock.sweep_step_done();
            index += concurrency as u64;
        }
        let p = point(concurrency, &waves, request.slo.as_ref(), &url)?;
        timed.extend(waves.into_iter().flatten());
        let broke = p.meets_slo == Some(false);
        points.push(p);
        if broke {
            stopped =
                format!("stopped after concurrency {concurrency}: its p95 latency breaks the SLO");
            break;
        }
    }
    notes.extend(length_notes(&timed, request, &plan, counted_by_server));
    for note in notes {
        stopped.push_str("; ");
        stopped.push_str(&note);
    }
    clock.finish();
    on_progress(&progress("done", "finished".into(), &clock, &points));
    let goodput = goodput(&points, request.slo.as_ref());
    Ok(result::assemble(result::Parts {
        request,
        endpoint,
        target: &target,
        token_counts: token_basis(counted_by_server, &plan),
        points,
        goodput,
        stopped,
        command,
        started_unix,
        wall_seconds: started.elapsed().as_secs_f64(),
    }))
}

/// One short request, with every optional field first, then without what the server
/// refused (HTTP 400 or 422): `ignore_eos`/`min_tokens`, then `stream_options`. Returns its
/// answer and what was refused, in words; any other error, or a refusal of the plain
/// request, ends the run.
async fn probe(
    plan: &mut Plan,
    cancel: &AtomicBool,
) -> Result<(Streamed, Vec<String>), EndpointError> {
    let text = prompt::prompt(plan.seed, u64::MAX, plan.words);
    let mut notes = Vec::new();
    for extras in [(true, true), (false, true), (false, false)] {
        plan.extras = Extras {
            exact_length: extras.0,
            usage: extras.1,
        };
        match one(plan, &text, 2, cancel).await {
            Ok(streamed) => return Ok((streamed, notes)),
            Err(EndpointError::Http {
                status: status @ (400 | 422),
                message,
                url,
            }) if plan.extras.usage => {
                let refused = if plan.extras.exact_length {
                    "ignore_eos/min_tokens, so a request may end before max_tokens at the model's end of sequence"
                } else {
                    "stream_options.include_usage, so tokens are not counted by the server"
                };
                tracing::debug!(%url, status, %message, "endpoint refused optional fields");
                notes.push(format!(
                    "the server refused {refused} (HTTP {status}: {message})"
                ));
            }
            Err(e) => return Err(e),
        }
    }
    // The loop's last attempt returns; this is only reached if it did not.
    Err(EndpointError::BadStream {
        url: plan.url.clone(),
        reason: "the probe requests all failed".into(),
    })
}

/// Brings the prompt to `target` tokens by the server's count: a word is about a token, so
/// the word count moves by the difference, a few probes at most.
async fn calibrate(
    plan: &mut Plan,
    mut counted: usize,
    target: usize,
    cancel: &AtomicBool,
) -> Result<(), EndpointError> {
    for k in 0..CALIBRATION_PROBES as u64 {
        if counted == target {
            break;
        }
        let words = (plan.words as i64 + target as i64 - counted as i64).max(1) as usize;
        if words == plan.words {
            // One word already, and the template alone is longer than asked.
            break;
        }
        plan.words = words;
        let text = prompt::prompt(plan.seed, u64::MAX - 1 - k, plan.words);
        match one(plan, &text, 2, cancel).await?.usage {
            Some(usage) => counted = usage.prompt_tokens,
            None => break,
        }
    }
    Ok(())
}

/// What the result says about lengths: a server that stopped before `gen` tokens, or
/// prompts the server counted differently from what was asked.
fn length_notes(
    timed: &[Sample],
    request: &BenchRequest,
    plan: &Plan,
    counted_by_server: bool,
) -> Vec<String> {
    let mut notes = Vec::new();
    let short: Vec<usize> = timed
        .iter()
        .map(|s| s.tokens)
        .filter(|&t| t < request.gen_tokens)
        .collect();
    if let Some(fewest) = short.iter().min() {
        notes.push(format!(
            "the server stopped early: {} of {} timed requests ended before {} tokens (fewest {fewest}); TPOT divides by the tokens each sent",
            short.len(),
            timed.len(),
            request.gen_tokens
        ));
    }
    let prompts: Vec<f64> = timed.iter().map(|s| s.prompt_tokens as f64).collect();
    if let Some(p) = bench::analysis::summarize(&prompts) {
        if p.p50 != request.prompt_tokens as f64 {
            let basis = if counted_by_server {
                "by the server's count"
            } else if plan.tokenizer.is_some() {
                "by the tokenizer"
            } else {
                "by approximation"
            };
            notes.push(format!(
                "prompts were {} tokens (median) {basis}, not the {} asked; prefill tokens/s uses the counted figure",
                p.p50, request.prompt_tokens
            ));
        }
    }
    notes
}

/// How the run's token counts were found, for `Engine::Endpoint::token_counts`.
fn token_basis(counted_by_server: bool, plan: &Plan) -> String {
    match (&plan.tokenizer, counted_by_server) {
        (_, true) => "server usage fields (stream_options.include_usage)".into(),
        (Some(t), false) => format!(
            "tokenizer {}: the prompt encoded with its special tokens{}, the streamed text re-encoded",
            t.path,
            if plan.api == api::bench::EndpointApi::Chat {
                " (the chat template's tokens not counted)"
            } else {
                ""
            }
        ),
        (None, false) => "approximation: one token per prompt word and per streamed chunk (not counted: the server sent no usage and no --tokenizer was given)".into(),
    }
}
