//! kill -9 under load: the real binary serves a database while clients create and save
//! scenarios; it is killed without warning mid-write, started again on the same file, and
//! every write it acknowledged must be there, with the figures it acknowledged, and the
//! database must pass SQLite's `integrity_check` and keep the schema's invariants (every
//! scenario has its revisions 1..n, none missing). A write that was in flight at the kill
//! was never acknowledged: it may or may not be there, and either is fine. On the
//! PostgreSQL run (`BREAKEVEN_TEST_BACKEND=postgres`) the same load and kills hit a server
//! on a PostgreSQL database.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::common::scenarios::example_at;

/// Kill/restart cycles, writing clients and how long they write before each kill: enough to
/// catch a lost commit (hundreds of acknowledged writes per cycle) within seconds of CI time.
const CYCLES: usize = 3;
const WRITERS: usize = 8;
const LOAD: Duration = Duration::from_millis(1500);
/// A debug build on a loaded 2-core CI box takes a few seconds to open and migrate.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// An acknowledged write: the scenario, the revision the server said it stored, its name.
#[derive(Debug, Clone)]
struct Acked {
    id: String,
    revision: i64,
    name: String,
}

/// `breakeven serve` on a free port over `db`; returns the child and its base URL.
fn serve(db: &Path, dir: &Path) -> (Child, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_breakeven"))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--db"])
        .arg(db)
        .arg("--dist")
        .arg(dir.join("no-app"))
        .arg("--models-dir")
        .arg(dir.join("no-models"))
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    (child, format!("http://127.0.0.1:{port}"))
}

async fn wait_healthy(client: &reqwest::Client, base: &str) {
    let deadline = Instant::now() + START_TIMEOUT;
    loop {
        let answer = client.get(format!("{base}/api/v1/health")).send().await;
        if matches!(&answer, Ok(r) if r.status().is_success()) {
            return;
        }
        assert!(Instant::now() < deadline, "server at {base} did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// One client: creates a scenario, saves it again under a new name, repeats until `stop`.
/// Records only what the server acknowledged with 201/200 and the revision it named.
async fn write_until(
    client: reqwest::Client,
    base: String,
    writer: usize,
    stop: Arc<AtomicBool>,
    acked: Arc<Mutex<Vec<Acked>>>,
) {
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let name = format!("writer {writer} scenario {n}");
        let body = json!({ "scenario": example_at(1e6 + n as f64, &name) });
        let Ok(reply) = client
            .post(format!("{base}/api/v1/scenarios"))
            .json(&body)
            .send()
            .await
        else {
            return; // the server is gone: nothing more is acknowledged
        };
        if reply.status() != 201 {
            return;
        }
        let Ok(created) = reply.json::<Value>().await else {
            return;
        };
        let id = created["id"].as_str().unwrap().to_string();
        let token = created["edit_token"].as_str().unwrap().to_string();
        acked.lock().unwrap().push(Acked {
            id: id.clone(),
            revision: created["revision"].as_i64().unwrap(),
            name: name.clone(),
        });
        let renamed = format!("{name}, saved again");
        let body = json!({ "scenario": example_at(2e6 + n as f64, &renamed) });
        let Ok(reply) = client
            .put(format!("{base}/api/v1/scenarios/{id}"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
        else {
            return;
        };
        if reply.status() != 200 {
            return;
        }
        let Ok(saved) = reply.json::<Value>().await else {
            return;
        };
        acked.lock().unwrap().push(Acked {
            id,
            revision: saved["revision"].as_i64().unwrap(),
            name: renamed,
        });
    }
}

/// The database as the kill left it: SQLite's `integrity_check` of the file (its WAL
/// included), then the scenarios' invariants on either back end; "ok" or what is wrong.
async fn integrity(db: &PathBuf) -> String {
    if !super::common::on_postgres() {
        use sqlx::sqlite::SqliteConnectOptions;
        use sqlx::ConnectOptions;
        let mut conn = SqliteConnectOptions::new()
            .filename(db)
            .connect()
            .await
            .unwrap();
        let result: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        drop(conn);
        if result != "ok" {
            return result;
        }
    }
    let pool = super::common::sql_pool(db).await;
    let broken: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM scenarios s
         WHERE (SELECT COUNT(*) FROM scenario_revisions r WHERE r.scenario_id = s.id)
            <> COALESCE((SELECT MAX(revision) FROM scenario_revisions r WHERE r.scenario_id = s.id), -1)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    pool.close().await;
    match broken {
        0 => "ok".to_string(),
        n => format!("{n} scenario(s) without their revisions 1..n"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_under_load_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = super::common::fresh_database(dir.path()).await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let acked: Arc<Mutex<Vec<Acked>>> = Arc::default();
    for cycle in 0..CYCLES {
        let (mut child, base) = serve(&db, dir.path());
        wait_healthy(&client, &base).await;
        let stop = Arc::new(AtomicBool::new(false));
        let writers: Vec<_> = (0..WRITERS)
            .map(|w| {
                tokio::spawn(write_until(
                    client.clone(),
                    base.clone(),
                    cycle * WRITERS + w,
                    stop.clone(),
                    acked.clone(),
                ))
            })
            .collect();
        tokio::time::sleep(LOAD).await;
        // SIGKILL while the writers are still sending: no shutdown hook runs.
        child.kill().unwrap();
        child.wait().unwrap();
        stop.store(true, Ordering::Relaxed);
        for w in writers {
            w.await.unwrap();
        }
        assert_eq!(integrity(&db).await, "ok", "cycle {cycle}");
    }

    let acked = acked.lock().unwrap().clone();
    assert!(
        acked.len() >= CYCLES * WRITERS,
        "the load wrote too little to test anything: {} acknowledged writes",
        acked.len()
    );
    let (mut child, base) = serve(&db, dir.path());
    wait_healthy(&client, &base).await;
    let mut missing = Vec::new();
    for write in &acked {
        let url = format!(
            "{base}/api/v1/scenarios/{}?revision={}",
            write.id, write.revision
        );
        let reply = client.get(url).send().await.unwrap();
        let status = reply.status().as_u16();
        let view: Value = reply.json().await.unwrap_or(Value::Null);
        if status != 200 || view["scenario"]["name"] != json!(write.name) {
            missing.push(format!("{write:?}: {status}"));
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged writes lost after kill -9: {:?}",
        missing.len(),
        acked.len(),
        &missing[..missing.len().min(5)]
    );
    assert_eq!(integrity(&db).await, "ok");
    eprintln!(
        "kill -9: {CYCLES} cycles, {} acknowledged writes, all present",
        acked.len()
    );
}
