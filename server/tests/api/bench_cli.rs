//! `breakeven bench` and `breakeven agent-token`: the built binary, run as a user would.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

fn breakeven(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_breakeven"))
        .args(args)
        .env_remove("BREAKEVEN_AGENT_TOKEN")
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const TINY: [&str; 15] = [
    "bench",
    "--model",
    "smollm2-135m",
    "--dtype",
    "q8_0",
    "--concurrency",
    "1",
    "--prompt",
    "8",
    "--gen",
    "4",
    "--repetitions",
    "5",
    "--format",
    "json",
];

#[test]
fn bench_list_prints_the_catalog() {
    let (code, out, err) = breakeven(&["bench", "--list", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let entries: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert!(entries.len() >= 15, "{} entries", entries.len());
    assert!(entries
        .iter()
        .all(|e| e["id"].is_string() && e["parameters"].as_u64().unwrap() > 0));
    let (code, table, _) = breakeven(&["bench", "--list"]);
    assert_eq!(code, 0);
    assert!(table.contains("smollm2-135m"), "{table}");
    assert!(table.lines().count() > 15);
}

#[test]
fn bad_bench_input_exits_2_naming_the_field() {
    for (args, field) in [
        (vec!["bench", "--model", "nope"], "model"),
        (vec!["bench", "--dtype", "q9_9"], "dtype"),
        (vec!["bench", "--prompt", "0"], "prompt_tokens"),
        (
            vec![
                "bench",
                "--post",
                "http://127.0.0.1:9",
                "--concurrency",
                "1",
            ],
            "token",
        ),
    ] {
        let (code, out, err) = breakeven(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{out}");
        assert!(
            err.starts_with(&format!("error: {field}")),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn agent_tokens_are_created_listed_and_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let db = db.to_str().unwrap();
    let (code, token, err) = breakeven(&["agent-token", "create", "gpu-box", "--db", db]);
    assert_eq!(code, 0, "{err}");
    let token = token.trim();
    assert_eq!(token.len(), 64, "{token}");
    assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
    assert!(err.contains("shown only now"), "{err}");
    // The database keeps only its hash.
    let raw = std::fs::read(dir.path().join("t.db")).unwrap();
    let wal = std::fs::read(dir.path().join("t.db-wal")).unwrap_or_default();
    for bytes in [raw, wal] {
        assert!(!bytes.windows(64).any(|w| w == token.as_bytes()));
    }
    let (code, _, err) = breakeven(&["agent-token", "create", "gpu-box", "--db", db]);
    assert_eq!(code, 2, "{err}");
    assert!(err.starts_with("error: name:"), "{err}");
    let (code, _, err) = breakeven(&["agent-token", "create", "no spaces", "--db", db]);
    assert_eq!(code, 2, "{err}");
    let (code, list, _) = breakeven(&["agent-token", "list", "--db", db]);
    assert_eq!(code, 0);
    assert!(
        list.contains("gpu-box") && !list.contains("revoked"),
        "{list}"
    );
    let (code, _, _) = breakeven(&["agent-token", "revoke", "gpu-box", "--db", db]);
    assert_eq!(code, 0);
    let (_, list, _) = breakeven(&["agent-token", "list", "--db", db]);
    assert!(list.contains("revoked"), "{list}");
    let (code, _, err) = breakeven(&["agent-token", "revoke", "nobody", "--db", db]);
    assert_eq!(code, 2);
    assert!(err.contains("no agent token named"), "{err}");
}

#[tokio::test]
async fn bench_runs_prints_json_and_posts_to_a_server() {
    let app = crate::common::spawn(None).await;
    let pool = app.pool().await;
    let token = breakeven::store::agent_tokens::create(&pool, "ci-agent")
        .await
        .unwrap();
    let mut args: Vec<String> = TINY.iter().map(|s| s.to_string()).collect();
    args.extend(["--post".to_string(), app.base.clone()]);
    let out = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_breakeven"))
            .args(&args)
            .env("BREAKEVEN_AGENT_TOKEN", token)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let result: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(result["points"].as_array().unwrap().len(), 1, "{result}");
    assert_eq!(result["weights_label"], json!("synthetic weights"));
    assert!(result["reproducibility"]["command"]
        .as_str()
        .unwrap()
        .starts_with("breakeven bench --model smollm2-135m"));
    assert!(stderr.contains("stored as benchmark #1"), "{stderr}");
    let (_, stored) = app.get_json("/api/v1/benchmarks/1").await;
    assert_eq!(stored["source"], json!("agent:ci-agent"));
    assert_eq!(stored["result"], result);
}

#[test]
fn bench_table_names_the_weights_and_the_record() {
    let mut args = TINY.to_vec();
    args.truncate(13);
    let (code, out, err) = breakeven(&args);
    assert_eq!(code, 0, "{err}");
    for word in [
        "synthetic weights",
        "prefill tok/s",
        "TTFT p95",
        "goodput",
        "roofline",
        "reproducibility",
        "command",
    ] {
        assert!(out.contains(word), "{word:?} missing:\n{out}");
    }
}

#[test]
fn ctrl_c_cancels_a_running_benchmark() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_breakeven"))
        .args([
            "bench",
            "--prompt",
            "512",
            "--gen",
            "128",
            "--concurrency",
            "1,2,4,8",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the first progress line, then interrupt as a terminal's Ctrl-C would.
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    assert!(!first.is_empty(), "no progress before exit");
    std::thread::sleep(Duration::from_millis(300));
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{first}{rest}");
    assert!(rest.trim_end().ends_with("cancelled"), "{rest}");
}
