//! A deterministic LiteLLM spend-log CSV of any length, generated a row at a time (shared by
//! the criterion bench `benches/traffic.rs` and the memory example
//! `examples/traffic_memory.rs`).
//!
//! The columns are `LiteLLM_SpendLogs`' own, as an export writes them: a request id, the call
//! type, a hashed key, the spend, the token counts, start and end times with milliseconds,
//! three models, the API base, a user, a `metadata` JSON cell carrying the usage object
//! (cached tokens on some rows, cache-read and cache-creation counts on others, quotes
//! doubled as CSV does), the cache flag and a team. Rows are 8 days apart over the file
//! (0.69 s apart at a million rows), starting Monday 2025-03-03 00:00 UTC; 1 in 50 is a
//! LiteLLM proxy cache hit, 1 in 10,000 a failed request (skipped by reason).

use std::io::Read;

/// The header row.
pub const HEADER: &str = "request_id,call_type,api_key,spend,total_tokens,prompt_tokens,completion_tokens,startTime,endTime,model,api_base,user,metadata,cache_hit,status,team_id\n";

const MODELS: [&str; 3] = ["gpt-4o-mini", "gpt-4o", "anthropic/claude-3-5-haiku"];
const START_UNIX: i64 = 1_740_960_000; // 2025-03-03T00:00:00Z, a Monday
const SPAN_MS: i64 = 8 * 86_400 * 1000;

/// A reader of a generated spend log of `rows` rows.
pub struct SpendLog {
    rows: u64,
    next: u64,
    state: u64,
    line: Vec<u8>,
    at: usize,
}

impl SpendLog {
    /// A log of `rows` rows (the header first).
    pub fn new(rows: u64) -> Self {
        SpendLog {
            rows,
            next: 0,
            state: 0x9E37_79B9_7F4A_7C15,
            line: HEADER.as_bytes().to_vec(),
            at: 0,
        }
    }

    /// The next pseudo-random number (xorshift64*): the same file on every machine.
    fn random(&mut self) -> u64 {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn fill_line(&mut self) {
        use std::fmt::Write;
        let i = self.next;
        self.next += 1;
        let r = self.random();
        let model = MODELS[(r % 3) as usize];
        let prompt = 200 + (r >> 8) % 3800;
        let completion = 20 + (r >> 20) % 600;
        let cached = match (r >> 32) % 4 {
            0 => prompt / 2,
            _ => 0,
        };
        let ms = START_UNIX * 1000 + (i as i64 * SPAN_MS) / self.rows.max(1) as i64;
        let end_ms = ms + 300 + ((r >> 40) % 4000) as i64;
        let spend = (prompt as f64 * 0.15 + completion as f64 * 0.6) / 1e6;
        let metadata = match (r >> 44) % 3 {
            0 => format!(
                "\"{{\"\"usage_object\"\": {{\"\"prompt_tokens\"\": {prompt}, \"\"completion_tokens\"\": {completion}, \"\"prompt_tokens_details\"\": {{\"\"cached_tokens\"\": {cached}}}}}, \"\"user_api_key_alias\"\": \"\"svc\"\"}}\""
            ),
            1 => format!(
                "\"{{\"\"usage_object\"\": {{\"\"cache_read_input_tokens\"\": {cached}, \"\"cache_creation_input_tokens\"\": {}}}}}\"",
                prompt / 10
            ),
            _ => "{}".to_string(),
        };
        let cache_hit = match (r >> 50) % 50 {
            0 => "True",
            _ => "False",
        };
        let status = match i % 10_000 {
            9_999 => "failure",
            _ => "success",
        };
        self.line.clear();
        let mut text = String::with_capacity(512);
        // Writing to a String cannot fail.
        let _ = writeln!(
            text,
            "req-{i:08},acompletion,88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b,{spend:.8},{},{prompt},{completion},{},{},{model},https://api.example.com/v1,user-{},{metadata},{cache_hit},{status},team-{}",
            prompt + completion,
            iso(ms),
            iso(end_ms),
            (r >> 56) % 40,
            (r >> 60) % 4,
        );
        self.line.extend_from_slice(text.as_bytes());
        self.at = 0;
    }
}

/// `2025-03-03T00:00:00.000Z` from Unix milliseconds.
fn iso(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let s = secs.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}.{:03}Z",
        tco::format::civil_date(days),
        s / 3600,
        s / 60 % 60,
        s % 60,
        ms.rem_euclid(1000)
    )
}

impl Read for SpendLog {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut written = 0;
        while written < buf.len() {
            if self.at == self.line.len() {
                if self.next == self.rows {
                    break;
                }
                self.fill_line();
            }
            let n = (self.line.len() - self.at).min(buf.len() - written);
            buf[written..written + n].copy_from_slice(&self.line[self.at..self.at + n]);
            self.at += n;
            written += n;
        }
        Ok(written)
    }
}

/// The whole log in memory.
pub fn spend_log(rows: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(rows as usize * 420);
    SpendLog::new(rows).read_to_end(&mut bytes)?;
    Ok(bytes)
}
