//! The sweep over an endpoint: for each concurrency, waves of that many simultaneous
//! streamed requests (a warm-up wave first, never counted), and the point's figures from
//! every request's timings through `bench::analysis`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use api::bench::{EndpointApi, Point, Slo};
use bench::analysis::{meets_slo, summarize};
use serde_json::{json, Value};

use super::client::{stream, Call, Streamed};
use super::prompt::{prompt, Tokenizer};
use super::EndpointError;

/// What every request of a run shares.
pub struct Plan {
    /// The HTTP client (one connection pool for the run).
    pub client: reqwest::Client,
    /// The URL posted to.
    pub url: String,
    /// The served model's name.
    pub model: String,
    /// Chat or completions.
    pub api: EndpointApi,
    /// Bearer token, never shown.
    pub api_key: Option<String>,
    /// Per-request limit.
    pub timeout: Duration,
    /// Output tokens asked for (`max_tokens`).
    pub gen: usize,
    /// Words per prompt (sized to the requested prompt tokens).
    pub words: usize,
    /// Seeds the prompts.
    pub seed: u64,
    /// Which optional fields the server accepted.
    pub extras: Extras,
    /// Counts tokens when the server's usage is missing.
    pub tokenizer: Option<Tokenizer>,
}

/// The optional request fields a server may refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extras {
    /// `ignore_eos: true` and `min_tokens` = `max_tokens` (vLLM, SGLang, llama.cpp's own
    /// server): every request generates exactly `max_tokens`.
    pub exact_length: bool,
    /// `stream_options: {include_usage: true}`: the server's token counts.
    pub usage: bool,
}

/// The JSON body of one request.
pub fn body(plan: &Plan, text: &str, max_tokens: usize) -> Value {
    let mut body = json!({
        "model": plan.model,
        "max_tokens": max_tokens,
        "stream": true,
        "temperature": 0,
    });
    match plan.api {
        EndpointApi::Chat => body["messages"] = json!([{"role": "user", "content": text}]),
        EndpointApi::Completions => body["prompt"] = json!(text),
    }
    if plan.extras.usage {
        body["stream_options"] = json!({"include_usage": true});
    }
    if plan.extras.exact_length {
        body["ignore_eos"] = json!(true);
        body["min_tokens"] = json!(max_tokens);
    }
    body
}

/// One timed request, its times relative to its wave's start.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Send → first text chunk, seconds.
    pub ttft_s: f64,
    /// First text chunk, seconds after the wave started.
    pub first_s: f64,
    /// Last text chunk, seconds after the wave started.
    pub last_s: f64,
    /// Gaps between consecutive text chunks, seconds.
    pub gaps_s: Vec<f64>,
    /// Tokens generated (the basis is the run's).
    pub tokens: usize,
    /// Tokens prefilled (the basis is the run's).
    pub prompt_tokens: usize,
    /// Text chunks streamed.
    pub chunks: usize,
}

impl Sample {
    /// (last − first chunk) ÷ (tokens − 1), seconds; None with fewer than two chunks or
    /// tokens (nothing to time between).
    pub fn tpot_s(&self) -> Option<f64> {
        (self.chunks >= 2 && self.tokens >= 2)
            .then(|| (self.last_s - self.first_s) / (self.tokens - 1) as f64)
    }
}

/// Sends one request with `text` and times it.
pub async fn one(
    plan: &Plan,
    text: &str,
    max_tokens: usize,
    cancel: &AtomicBool,
) -> Result<Streamed, EndpointError> {
    let call = Call {
        client: &plan.client,
        url: &plan.url,
        api_key: plan.api_key.as_deref(),
        timeout: plan.timeout,
        cancel,
    };
    stream(&call, &body(plan, text, max_tokens)).await
}

/// `concurrency` simultaneous requests, prompts `first_index`…; every one must succeed
/// (the first failure drops the others, closing their connections). They are polled on one
/// task: reading a chunk and taking its time is microseconds against the milliseconds
/// between tokens.
pub async fn wave(
    plan: &Plan,
    concurrency: usize,
    first_index: u64,
    cancel: &AtomicBool,
) -> Result<Vec<Sample>, EndpointError> {
    if cancel.load(Ordering::Relaxed) {
        return Err(EndpointError::Cancelled);
    }
    let started = Instant::now();
    let requests = (0..concurrency as u64).map(|i| async move {
        let text = prompt(plan.seed, first_index + i, plan.words);
        let sent = started.elapsed().as_secs_f64();
        let streamed = one(plan, &text, plan.gen, cancel).await?;
        sample(plan, &text, sent, &streamed)
    });
    futures_util::future::try_join_all(requests).await
}

/// A request's figures, its token counts from the server's usage, else the tokenizer, else
/// one token per word and per chunk.
fn sample(
    plan: &Plan,
    text: &str,
    sent_s: f64,
    streamed: &Streamed,
) -> Result<Sample, EndpointError> {
    let chunks = streamed.chunk_s.len();
    let (tokens, prompt_tokens) = match (&streamed.usage, &plan.tokenizer) {
        (Some(usage), _) => (usage.completion_tokens, usage.prompt_tokens),
        (None, Some(tokenizer)) => (
            tokenizer.count(&streamed.text, false)?,
            tokenizer.count(text, true)?,
        ),
        (None, None) => (chunks, plan.words),
    };
    Ok(Sample {
        ttft_s: streamed.ttft_s(),
        first_s: sent_s + streamed.ttft_s(),
        last_s: sent_s + streamed.ttft_s() + streamed.decode_span_s(),
        gaps_s: streamed.chunk_s.windows(2).map(|w| w[1] - w[0]).collect(),
        tokens,
        prompt_tokens,
        chunks,
    })
}

/// The point of one concurrency from its timed waves (each wave: `concurrency` samples).
///
/// - TTFT, TPOT and inter-chunk gaps: over every request of every wave (`summarize`).
/// - prefill tokens/s: concurrency × median prompt tokens ÷ median TTFT (the candle
///   point's formula, with the prompt tokens counted).
/// - decode tokens/s: per wave, the tokens after each request's first ÷ the time from the
///   wave's first first-chunk to its last last-chunk; the median over waves. Requests
///   decoded together give concurrency ÷ TPOT; a server that queues them gives the lower
///   rate it really delivers.
pub fn point(
    concurrency: usize,
    waves: &[Vec<Sample>],
    slo: Option<&Slo>,
    url: &str,
) -> Result<Point, EndpointError> {
    let all = || waves.iter().flatten();
    let ms = |v: f64| v * 1000.0;
    let no_figure = |what: &str| EndpointError::BadStream {
        url: url.to_string(),
        reason: format!("no {what} could be measured at concurrency {concurrency}"),
    };
    let ttft = summarize(&all().map(|s| ms(s.ttft_s)).collect::<Vec<_>>())
        .ok_or_else(|| no_figure("time to first token"))?;
    let tpot = summarize(&all().filter_map(Sample::tpot_s).map(ms).collect::<Vec<_>>())
        .ok_or_else(|| {
            no_figure("time per output token (every request streamed its text in one chunk)")
        })?;
    let gaps: Vec<f64> = all()
        .flat_map(|s| s.gaps_s.iter().map(|g| ms(*g)))
        .collect();
    let prompt_tokens = summarize(&all().map(|s| s.prompt_tokens as f64).collect::<Vec<_>>())
        .map_or(f64::NAN, |s| s.p50);
    let per_wave: Vec<f64> = waves
        .iter()
        .filter_map(|wave| {
            let decoded: usize = wave.iter().map(|s| s.tokens.saturating_sub(1)).sum();
            let first = wave.iter().map(|s| s.first_s).fold(f64::INFINITY, f64::min);
            let last = wave
                .iter()
                .map(|s| s.last_s)
                .fold(f64::NEG_INFINITY, f64::max);
            let span = last - first;
            (span > 0.0 && decoded > 0).then(|| decoded as f64 / span)
        })
        .collect();
    let decode = summarize(&per_wave).map_or(f64::NAN, |s| s.p50);
    let mut point = Point {
        concurrency,
        prefill_tokens_per_s: concurrency as f64 * prompt_tokens / (ttft.p50 / 1000.0),
        decode_tokens_per_s: decode,
        ttft_ms_p50: ttft.p50,
        ttft_ms_p95: ttft.p95,
        tpot_ms_p50: tpot.p50,
        tpot_ms_p95: tpot.p95,
        ttft_ms: ttft,
        tpot_ms: tpot,
        peak_memory_bytes: None,
        decode_bytes_per_step: f64::NAN,
        decode_bandwidth_efficiency: None,
        prefill_mfu: None,
        meets_slo: None,
        decode_fit: None,
        inter_token_ms: summarize(&gaps),
    };
    point.meets_slo = slo.map(|slo| meets_slo(&point, slo));
    Ok(point)
}
