//! The mixed load (`make bench-scale`, figures in docs/performance.md "Scale-out"): N clients
//! for a fixed time against one server or several behind no balancer but themselves (client k
//! sends its i-th request to URL (k + i) mod n, so every scenario is written through one
//! instance and read back through the others).
//!
//! Each client loops over a fixed mix, weighted like a team's day in the app:
//! create a scenario (POST, 15 %), save it again (PUT with its edit token, 15 %), read a
//! scenario (25 %) and its revisions (5 %), a plan (POST /plan, 15 %), a page of the LLM
//! price table (10 %), the profiles (5 %), health (5 %) and a cash-flow CSV export (5 %).
//!
//! It reports, per operation and in all: requests, errors (anything but the expected status)
//! and 5xx apart, throughput, latency p50/p95/p99/max; the resident memory of the server
//! processes named by `--pid` (sampled every second: start, peak, end); and at the end it reads
//! back every acknowledged write through the *other* instance and counts the ones missing or
//! not at the acknowledged revision (must be 0).
//!
//! ```text
//! cargo run --release -p breakeven --example mixed_load -- \
//!     --url http://127.0.0.1:8080 --url http://127.0.0.1:8081 --pid 1234 --pid 1235 \
//!     --clients 16 --seconds 120 --label "2 instances, PostgreSQL"
//! ```

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::Parser;
use rand::{rngs::StdRng, Rng, SeedableRng};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

const WORKED_EXAMPLE: &str = include_str!("../../examples/worked-example.json");

#[derive(Parser)]
struct Args {
    /// A server's base URL; give it once per instance.
    #[arg(long = "url", required = true)]
    urls: Vec<String>,
    /// A server's process id, for its resident memory (repeatable).
    #[arg(long = "pid")]
    pids: Vec<u32>,
    #[arg(long, default_value_t = 16)]
    clients: usize,
    #[arg(long, default_value_t = 120)]
    seconds: u64,
    /// What is measured, for the report's title.
    #[arg(long, default_value = "mixed load")]
    label: String,
}

/// The operations of the mix and their weights (out of 100).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Op {
    Create,
    Save,
    Read,
    Revisions,
    Plan,
    Prices,
    Profiles,
    Health,
    CashflowCsv,
}

const MIX: [(Op, u32); 9] = [
    (Op::Create, 15),
    (Op::Save, 15),
    (Op::Read, 25),
    (Op::Revisions, 5),
    (Op::Plan, 15),
    (Op::Prices, 10),
    (Op::Profiles, 5),
    (Op::Health, 5),
    (Op::CashflowCsv, 5),
];

impl Op {
    fn pick(rng: &mut StdRng) -> Op {
        let mut roll = rng.gen_range(0..100u32);
        for (op, weight) in MIX {
            if roll < weight {
                return op;
            }
            roll -= weight;
        }
        Op::Health
    }

    fn name(self) -> &'static str {
        match self {
            Op::Create => "POST /scenarios",
            Op::Save => "PUT /scenarios/{id}",
            Op::Read => "GET /scenarios/{id}",
            Op::Revisions => "GET /scenarios/{id}/revisions",
            Op::Plan => "POST /plan",
            Op::Prices => "GET /pricing/llm?limit=50",
            Op::Profiles => "GET /profiles",
            Op::Health => "GET /health",
            Op::CashflowCsv => "GET /scenarios/{id}/cashflow.csv",
        }
    }
}

/// A scenario this client wrote, as the server last acknowledged it.
struct Owned {
    id: String,
    token: String,
    revision: i64,
    name: String,
}

#[derive(Default)]
struct Tally {
    latencies: BTreeMap<Op, Vec<Duration>>,
    errors: BTreeMap<Op, u64>,
    server_errors: u64,
    first_error: Option<String>,
    owned: Vec<Owned>,
}

struct LoadClient {
    http: Client,
    urls: Arc<Vec<String>>,
    index: usize,
    rng: StdRng,
    scenario: Value,
    tally: Tally,
}

impl LoadClient {
    fn next_url(&mut self) -> String {
        self.index += 1;
        self.urls[self.index % self.urls.len()].clone()
    }

    /// One request; `Ok(Some(body))` when the status was the expected one.
    async fn call(
        &mut self,
        op: Op,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
        expect: StatusCode,
    ) -> Option<Value> {
        let url = format!("{}{path}", self.next_url());
        let mut request = self.http.request(method, &url);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let started = Instant::now();
        let outcome = match request.send().await {
            Ok(reply) => {
                let status = reply.status();
                let bytes = reply.bytes().await;
                match bytes {
                    Ok(bytes) if status == expect => Ok(bytes),
                    Ok(bytes) => Err((
                        status.is_server_error(),
                        format!(
                            "{op:?} {url}: {status} {}",
                            String::from_utf8_lossy(&bytes[..bytes.len().min(200)])
                        ),
                    )),
                    Err(e) => Err((false, format!("{op:?} {url}: reading the body: {e}"))),
                }
            }
            Err(e) => Err((false, format!("{op:?} {url}: {e}"))),
        };
        let elapsed = started.elapsed();
        self.tally.latencies.entry(op).or_default().push(elapsed);
        match outcome {
            Ok(bytes) => Some(serde_json::from_slice(&bytes).unwrap_or(Value::Null)),
            Err((server_error, message)) => {
                *self.tally.errors.entry(op).or_default() += 1;
                if server_error {
                    self.tally.server_errors += 1;
                }
                self.tally.first_error.get_or_insert(message);
                None
            }
        }
    }

    fn scenario_named(&self, name: &str, requests: f64) -> Value {
        let mut s = self.scenario.clone();
        s["name"] = json!(name);
        s["workload"]["requests_per_month"] = json!(requests);
        s
    }

    async fn step(&mut self, client_no: usize, n: usize) {
        let mut op = Op::pick(&mut self.rng);
        if self.tally.owned.is_empty()
            && matches!(op, Op::Save | Op::Read | Op::Revisions | Op::CashflowCsv)
        {
            op = Op::Create;
        }
        let pick = if self.tally.owned.is_empty() {
            0
        } else {
            self.rng.gen_range(0..self.tally.owned.len())
        };
        match op {
            Op::Create => {
                let name = format!("load client {client_no} scenario {n}");
                let body = json!({ "scenario": self.scenario_named(&name, 1e6 + n as f64) });
                if let Some(created) = self
                    .call(
                        op,
                        Method::POST,
                        "/api/v1/scenarios",
                        None,
                        Some(&body),
                        StatusCode::CREATED,
                    )
                    .await
                {
                    self.tally.owned.push(Owned {
                        id: created["id"].as_str().unwrap_or_default().to_string(),
                        token: created["edit_token"]
                            .as_str()
                            .unwrap_or_default()
                            .to_string(),
                        revision: created["revision"].as_i64().unwrap_or(0),
                        name,
                    });
                }
            }
            Op::Save => {
                let (id, token) = (
                    self.tally.owned[pick].id.clone(),
                    self.tally.owned[pick].token.clone(),
                );
                let name = format!("load client {client_no} save {n}");
                let body = json!({ "scenario": self.scenario_named(&name, 2e6 + n as f64) });
                let path = format!("/api/v1/scenarios/{id}");
                if let Some(saved) = self
                    .call(
                        op,
                        Method::PUT,
                        &path,
                        Some(&token),
                        Some(&body),
                        StatusCode::OK,
                    )
                    .await
                {
                    let owned = &mut self.tally.owned[pick];
                    owned.revision = saved["revision"].as_i64().unwrap_or(0);
                    owned.name = name;
                }
            }
            Op::Read | Op::Revisions | Op::CashflowCsv => {
                let id = self.tally.owned[pick].id.clone();
                let path = match op {
                    Op::Read => format!("/api/v1/scenarios/{id}"),
                    Op::Revisions => format!("/api/v1/scenarios/{id}/revisions"),
                    _ => format!("/api/v1/scenarios/{id}/cashflow.csv"),
                };
                self.call(op, Method::GET, &path, None, None, StatusCode::OK)
                    .await;
            }
            Op::Plan => {
                let body = self.scenario_named("load plan", 1e6 + n as f64);
                self.call(
                    op,
                    Method::POST,
                    "/api/v1/plan",
                    None,
                    Some(&body),
                    StatusCode::OK,
                )
                .await;
            }
            Op::Prices => {
                self.call(
                    op,
                    Method::GET,
                    "/api/v1/pricing/llm?limit=50",
                    None,
                    None,
                    StatusCode::OK,
                )
                .await;
            }
            Op::Profiles => {
                self.call(
                    op,
                    Method::GET,
                    "/api/v1/profiles",
                    None,
                    None,
                    StatusCode::OK,
                )
                .await;
            }
            Op::Health => {
                self.call(
                    op,
                    Method::GET,
                    "/api/v1/health",
                    None,
                    None,
                    StatusCode::OK,
                )
                .await;
            }
        }
    }
}

/// VmRSS of a process in MiB, from /proc (Linux only; None elsewhere or when it is gone).
fn rss_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    // Nearest rank: the smallest sample with at least p of them at or below it.
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1e3
}

async fn wait_healthy(http: &Client, url: &str) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(r) = http.get(format!("{url}/api/v1/health")).send().await {
            if r.status().is_success() {
                return Ok(());
            }
        }
        if Instant::now() > deadline {
            bail!("{url} did not answer /api/v1/health within 60 s");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    let http = Client::builder()
        .pool_max_idle_per_host(args.clients)
        .build()?;
    for url in &args.urls {
        wait_healthy(&http, url).await?;
    }
    let scenario: Value = serde_json::from_str(WORKED_EXAMPLE).context("the worked example")?;
    let urls = Arc::new(args.urls.clone());
    let stop = Arc::new(AtomicBool::new(false));

    // Memory: every second, each --pid's resident set.
    let memory: Arc<Mutex<Vec<Vec<f64>>>> = Arc::new(Mutex::new(vec![Vec::new(); args.pids.len()]));
    let sampler = {
        let (memory, stop, pids) = (memory.clone(), stop.clone(), args.pids.clone());
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                for (i, pid) in pids.iter().enumerate() {
                    if let Some(mib) = rss_mib(*pid) {
                        memory.lock().unwrap_or_else(|e| e.into_inner())[i].push(mib);
                    }
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        })
    };

    let started = Instant::now();
    let mut tasks = Vec::new();
    for client_no in 0..args.clients {
        let mut client = LoadClient {
            http: http.clone(),
            urls: urls.clone(),
            index: client_no,
            rng: StdRng::seed_from_u64(client_no as u64),
            scenario: scenario.clone(),
            tally: Tally::default(),
        };
        let stop = stop.clone();
        tasks.push(tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                client.step(client_no, n).await;
            }
            client
        }));
    }
    tokio::time::sleep(Duration::from_secs(args.seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let mut clients = Vec::new();
    for task in tasks {
        clients.push(task.await?);
    }
    let elapsed = started.elapsed().as_secs_f64();
    sampler.await?;

    // Every acknowledged write, read back through the next instance (another one when there
    // are several): present, at the acknowledged revision, with the acknowledged name.
    let (mut checked, mut wrong) = (0usize, Vec::new());
    for (k, client) in clients.iter().enumerate() {
        for (i, owned) in client.tally.owned.iter().enumerate() {
            let url = &urls[(k + i + 1) % urls.len()];
            let reply = http
                .get(format!("{url}/api/v1/scenarios/{}", owned.id))
                .send()
                .await?;
            checked += 1;
            let ok = reply.status() == StatusCode::OK && {
                let body: Value = reply.json().await?;
                body["revision"].as_i64() == Some(owned.revision)
                    && body["name"] == json!(owned.name)
            };
            if !ok {
                wrong.push(owned.id.clone());
            }
        }
    }

    print_report(
        &args,
        elapsed,
        &clients,
        &memory.lock().unwrap_or_else(|e| e.into_inner()),
        checked,
        &wrong,
    );
    if clients.iter().any(|c| c.tally.server_errors > 0) || !wrong.is_empty() {
        bail!("the load saw server errors or lost writes (above)");
    }
    Ok(())
}

fn print_report(
    args: &Args,
    elapsed: f64,
    clients: &[LoadClient],
    memory: &[Vec<f64>],
    checked: usize,
    wrong: &[String],
) {
    let mut all: BTreeMap<Op, Vec<Duration>> = BTreeMap::new();
    let mut errors: BTreeMap<Op, u64> = BTreeMap::new();
    for c in clients {
        for (op, l) in &c.tally.latencies {
            all.entry(*op).or_default().extend(l);
        }
        for (op, e) in &c.tally.errors {
            *errors.entry(*op).or_default() += e;
        }
    }
    println!(
        "# {} — {} client(s), {:.0} s, {} instance(s)",
        args.label,
        args.clients,
        elapsed,
        args.urls.len()
    );
    println!();
    println!("| operation | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let mut total: Vec<Duration> = Vec::new();
    for (op, latencies) in &mut all {
        latencies.sort();
        total.extend(latencies.iter());
        println!(
            "| {} | {} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} |",
            op.name(),
            latencies.len(),
            errors.get(op).copied().unwrap_or(0),
            latencies.len() as f64 / elapsed,
            percentile(latencies, 0.50),
            percentile(latencies, 0.95),
            percentile(latencies, 0.99),
            percentile(latencies, 1.0)
        );
    }
    total.sort();
    let error_total: u64 = errors.values().sum();
    let server_errors: u64 = clients.iter().map(|c| c.tally.server_errors).sum();
    println!(
        "| **all** | {} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} |",
        total.len(),
        error_total,
        total.len() as f64 / elapsed,
        percentile(&total, 0.50),
        percentile(&total, 0.95),
        percentile(&total, 0.99),
        percentile(&total, 1.0)
    );
    println!();
    println!("5xx: {server_errors}");
    if let Some(first) = clients.iter().find_map(|c| c.tally.first_error.as_ref()) {
        println!("first error: {first}");
    }
    for (pid, samples) in args.pids.iter().zip(memory) {
        match (samples.first(), samples.last()) {
            (Some(first), Some(last)) => {
                let peak = samples.iter().cloned().fold(f64::MIN, f64::max);
                println!("server pid {pid}: resident {first:.0} MiB at start, {peak:.0} MiB peak, {last:.0} MiB at the end");
            }
            _ => println!(
                "server pid {pid}: no memory sample (not a Linux /proc, or the process was gone)"
            ),
        }
    }
    println!(
        "acknowledged writes read back through another instance: {checked} checked, {} missing or not at the acknowledged revision",
        wrong.len()
    );
}
