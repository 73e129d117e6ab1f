//! The `breakeven plan` command: JSON on stdout, or exit status 2 and one line per problem.

use std::io::Write;
use std::process::{Command, Stdio};

fn run_plan(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_breakeven"))
        .arg("plan")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn example(name: &str) -> String {
    format!("{}/../examples/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn plans_the_example_file_as_json_and_table() {
    let (code, stdout, stderr) = run_plan(&[&example("support-bot.json")], "");
    assert_eq!(code, 0, "{stderr}");
    let result: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(result["api"]["monthly_usd"], serde_json::json!(3250.0));
    assert!(
        result["uncertainty"]["probability_cheapest"]["self_hosted"]
            .as_f64()
            .unwrap()
            > 0.5
    );
    let (code, table, _) = run_plan(&[&example("support-bot.json"), "--format", "table"], "");
    assert_eq!(code, 0);
    assert!(table.contains("$3,250.00"), "{table}");
    assert!(table.contains("payback month 4"), "{table}");
}

#[test]
fn reads_toml_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.toml");
    std::fs::write(&path, "name = \"t\"\n[workload]\nrequests_per_month = 10\ninput_tokens = 1000\noutput_tokens = 1000\n[llm]\nmodel = \"gpt-4\"\n[slm]\nserving = \"api\"\nusd_per_request = 0.001\n").unwrap();
    let (code, stdout, stderr) = run_plan(&[path.to_str().unwrap()], "");
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("\"usd_per_request\": 0.09"), "{stdout}");
}

#[test]
fn invalid_input_exits_2_with_one_line_per_problem() {
    let (code, stdout, stderr) = run_plan(
        &["-"],
        r#"{"name": "x", "workload": {"requests_per_month": -1}}"#,
    );
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines,
        [
            "workload.requests_per_month: must be between 0 and 1e15 (got -1)",
            "workload.input_tokens: is required",
            "workload.output_tokens: is required",
            "llm: is required (give llm.model or at least one price)",
            "slm: is required",
        ]
    );
    let (code, _, stderr) = run_plan(&["/nonexistent/scenario.json"], "");
    assert_eq!(code, 1);
    assert!(
        stderr.contains("cannot read /nonexistent/scenario.json"),
        "{stderr}"
    );
}
