//! One streamed request to an OpenAI-compatible server and the times its chunks arrived:
//! the Server-Sent Events reader (`data: {json}` lines, ended by `data: [DONE]`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use reqwest::header::{ACCEPT, CONTENT_TYPE};
use serde_json::Value;

use super::EndpointError;

/// How much of an error answer's body is kept as its message, characters.
const MESSAGE_CHARS: usize = 300;

/// What one request is sent with.
pub struct Call<'a> {
    /// The shared HTTP client (its connection pool).
    pub client: &'a reqwest::Client,
    /// The URL posted to (`…/v1/chat/completions`).
    pub url: &'a str,
    /// Sent as `Authorization: Bearer …`; never shown.
    pub api_key: Option<&'a str>,
    /// The whole request (headers and stream) must finish within this.
    pub timeout: Duration,
    /// Checked at every chunk.
    pub cancel: &'a AtomicBool,
}

/// The token counts a server's `usage` object reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// Tokens the server prefilled (chat template included).
    pub prompt_tokens: usize,
    /// Tokens it generated.
    pub completion_tokens: usize,
}

/// One finished streamed request, timed from just before it was sent.
#[derive(Debug, Clone)]
pub struct Streamed {
    /// Arrival of every chunk that carried text, seconds after the send (non-empty).
    pub chunk_s: Vec<f64>,
    /// The generated text, chunks concatenated.
    pub text: String,
    /// The server's counts, when it sent a `usage` object.
    pub usage: Option<Usage>,
    /// Why generation ended (`length`, `stop`), when the server said.
    pub finish_reason: Option<String>,
}

impl Streamed {
    /// Send → first text chunk, seconds.
    pub fn ttft_s(&self) -> f64 {
        self.chunk_s.first().copied().unwrap_or(f64::NAN)
    }

    /// First → last text chunk, seconds.
    pub fn decode_span_s(&self) -> f64 {
        match (self.chunk_s.first(), self.chunk_s.last()) {
            (Some(first), Some(last)) => last - first,
            _ => f64::NAN,
        }
    }
}

/// Posts `body` and reads its stream to `[DONE]`. Errors name the URL and the cause: no
/// connection, an HTTP error with the server's message, an answer that is not a stream, the
/// timeout, or a malformed stream.
pub async fn stream(call: &Call<'_>, body: &Value) -> Result<Streamed, EndpointError> {
    let url = call.url.to_string();
    let start = Instant::now();
    let deadline = tokio::time::Instant::from_std(start + call.timeout);
    let timeout = |during: String| EndpointError::Timeout {
        url: url.clone(),
        seconds: call.timeout.as_secs_f64(),
        during,
    };
    let mut request = call
        .client
        .post(call.url)
        .header(ACCEPT, "text/event-stream")
        .json(body);
    if let Some(key) = call.api_key {
        request = request.bearer_auth(key);
    }
    let mut response = match tokio::time::timeout_at(deadline, request.send()).await {
        Err(_) => return Err(timeout("before the answer's headers".into())),
        Ok(Err(e)) => {
            return Err(EndpointError::Unreachable {
                url: url.clone(),
                reason: causes(&e),
            })
        }
        Ok(Ok(response)) => response,
    };
    let status = response.status();
    if !status.is_success() {
        let text = match tokio::time::timeout_at(deadline, response.text()).await {
            Ok(Ok(text)) => text,
            _ => String::new(),
        };
        return Err(EndpointError::Http {
            url,
            status: status.as_u16(),
            message: redact(&error_message(&text), call.api_key),
        });
    }
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("no Content-Type")
        .to_string();
    if !content_type
        .to_ascii_lowercase()
        .starts_with("text/event-stream")
    {
        return Err(EndpointError::NotStreaming { url, content_type });
    }
    let mut reader = SseReader::default();
    let mut out = Streamed {
        chunk_s: Vec::new(),
        text: String::new(),
        usage: None,
        finish_reason: None,
    };
    loop {
        if call.cancel.load(Ordering::Relaxed) {
            return Err(EndpointError::Cancelled);
        }
        let bytes = match tokio::time::timeout_at(deadline, response.chunk()).await {
            Err(_) => {
                let n = out.chunk_s.len();
                return Err(timeout(format!("while streaming, after {n} text chunks")));
            }
            Ok(Err(e)) => {
                return Err(EndpointError::BadStream {
                    url,
                    reason: format!("the connection broke: {}", causes(&e)),
                })
            }
            Ok(Ok(None)) => break,
            Ok(Ok(Some(bytes))) => bytes,
        };
        let at = start.elapsed().as_secs_f64();
        for data in reader.push(&bytes) {
            if data == "[DONE]" {
                reader.done = true;
                continue;
            }
            read_event(&data, at, &mut out).map_err(|reason| EndpointError::BadStream {
                url: url.clone(),
                reason: redact(&reason, call.api_key),
            })?;
        }
        if reader.done {
            break;
        }
    }
    if !reader.done {
        return Err(EndpointError::BadStream {
            url,
            reason: "the stream ended without `data: [DONE]`".into(),
        });
    }
    if out.chunk_s.is_empty() {
        return Err(EndpointError::BadStream {
            url,
            reason: format!(
                "no chunk carried any text (finish_reason {}): the server ended the stream at \
                 once, as one that interrupts a request when another arrives does",
                out.finish_reason.as_deref().unwrap_or("not given")
            ),
        });
    }
    Ok(out)
}

/// Splits a byte stream into the `data:` payloads of its events.
#[derive(Default)]
pub struct SseReader {
    pending: Vec<u8>,
    done: bool,
}

impl SseReader {
    /// The `data:` payloads of the complete lines `bytes` finishes (a line may span chunks).
    pub fn push(&mut self, bytes: &[u8]) -> Vec<String> {
        self.pending.extend_from_slice(bytes);
        let mut payloads = Vec::new();
        while let Some(end) = self.pending.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.pending.drain(..=end).collect();
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end_matches(['\n', '\r']);
            if let Some(data) = line.strip_prefix("data:") {
                payloads.push(data.trim_start().to_string());
            }
        }
        payloads
    }
}

/// Reads one event's JSON into `out`: its text (chat `delta.content` or reasoning, or a
/// completion's `text`), `usage` and `finish_reason`; an `error` object is an error.
pub fn read_event(data: &str, at: f64, out: &mut Streamed) -> Result<(), String> {
    let event: Value = serde_json::from_str(data).map_err(|e| {
        let start: String = data.chars().take(80).collect();
        format!("an event is not JSON ({e}): {start}")
    })?;
    if let Some(error) = event.get("error") {
        return Err(format!(
            "the server sent an error in the stream: {}",
            error_message(&error.to_string())
        ));
    }
    if let Some(usage) = event.get("usage").filter(|u| !u.is_null()) {
        let count = |key: &str| usage.get(key).and_then(Value::as_u64).map(|n| n as usize);
        if let (Some(prompt_tokens), Some(completion_tokens)) =
            (count("prompt_tokens"), count("completion_tokens"))
        {
            out.usage = Some(Usage {
                prompt_tokens,
                completion_tokens,
            });
        }
    }
    let Some(choice) = event
        .get("choices")
        .and_then(Value::as_array)
        .and_then(|c| c.first())
    else {
        return Ok(());
    };
    if let Some(reason) = choice.get("finish_reason").and_then(Value::as_str) {
        out.finish_reason = Some(reason.to_string());
    }
    let delta = choice.get("delta");
    let text = [
        delta.and_then(|d| d.get("content")),
        delta.and_then(|d| d.get("reasoning_content")),
        delta.and_then(|d| d.get("reasoning")),
        choice.get("text"),
    ]
    .into_iter()
    .flatten()
    .filter_map(Value::as_str)
    .find(|t| !t.is_empty());
    if let Some(text) = text {
        out.chunk_s.push(at);
        out.text.push_str(text);
    }
    Ok(())
}

/// The message of an error body: OpenAI's `error.message`, a bare `error` string, FastAPI's
/// `detail`, or the start of the text.
pub fn error_message(body: &str) -> String {
    let parsed: Option<Value> = serde_json::from_str(body).ok();
    let found = parsed.as_ref().and_then(|v| {
        [
            v.pointer("/error/message"),
            v.get("error").filter(|e| e.is_string()),
            v.get("message"),
            v.get("detail"),
        ]
        .into_iter()
        .flatten()
        .next()
        .map(|m| m.as_str().map_or_else(|| m.to_string(), str::to_string))
    });
    let message = found.unwrap_or_else(|| body.trim().to_string());
    if message.is_empty() {
        return "no message".into();
    }
    let mut short: String = message.chars().take(MESSAGE_CHARS).collect();
    if message.chars().count() > MESSAGE_CHARS {
        short.push('…');
    }
    short
}

/// `text` with the API key replaced, should a server echo it back.
pub fn redact(text: &str, key: Option<&str>) -> String {
    match key {
        Some(key) if !key.is_empty() => text.replace(key, "[API key]"),
        _ => text.to_string(),
    }
}

/// An error and its causes, outermost first ("client error (Connect): tcp connect error:
/// Connection refused (os error 111)").
fn causes(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    // reqwest's outermost words repeat the URL the message already names.
    if parts.len() > 1 && parts[0].starts_with("error sending request") {
        parts.remove(0);
    }
    parts.join(": ")
}
