//! The `breakeven plan` command: JSON on stdout, or exit status 2 and one line per problem.

use std::process::Command;

use crate::common::cli::example;

fn run_plan(args: &[&str], stdin: &str) -> (i32, String, String) {
    let (code, stdout, stderr) = crate::common::cli::run("plan", args, stdin);
    (code, String::from_utf8(stdout).unwrap(), stderr)
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

fn breakeven(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_breakeven"))
        .args(args)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn pricing_import_list_activate_and_plan_with_a_version() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let db = db.to_str().unwrap();
    // The real LiteLLM snapshot imports as a full table, with what it left out summarised.
    let snapshot = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/data/litellm-model-prices-1.109.1.json"
    );
    let (code, out, err) = breakeven(&[
        "pricing",
        "import",
        snapshot,
        "--db",
        db,
        "--version",
        "full-1.109.1",
        "--as-of",
        "2026-11-22",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("stored #2"), "{out}");
    assert!(out.contains("left out: no input or output price"), "{out}");

    // A unit slip: GPT-4o's input price per 1K tokens pasted into the per-token field
    // (exactly 1000× the active version's): kept, flagged.
    let slip = dir.path().join("slip.json");
    std::fs::write(&slip, r#"{"gpt-4o": {"mode": "chat", "litellm_provider": "openai", "input_cost_per_token": 2.5e-3, "output_cost_per_token": 1e-5,
        "a_field_from_the_future": [1, 2, 3]}}"#).unwrap();
    let (code, out, err) = breakeven(&[
        "pricing",
        "import",
        slip.to_str().unwrap(),
        "--db",
        db,
        "--version",
        "slip",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("1 kept, flagged: price moved 1000x or more"),
        "{out}"
    );
    assert!(
        out.contains(
            "! gpt-4o: price moved 1000x or more: input price moved from 2.5 to 2500 USD/Mtok"
        ),
        "{out}"
    );
    // Pasted per million tokens ($2.5M/Mtok) it is above the bound: left out, and with
    // nothing else in the file, refused whole (exit 2, nothing stored).
    std::fs::write(&slip, r#"{"gpt-4o": {"mode": "chat", "input_cost_per_token": 2.5, "output_cost_per_token": 1e-5}}"#).unwrap();
    let (code, _, err) = breakeven(&["pricing", "import", slip.to_str().unwrap(), "--db", db]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("above the bound of 10000 USD/Mtok"), "{err}");

    // A malformed file is refused with exit status 2 and nothing stored.
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"gpt-4o\": ").unwrap();
    let (code, _, err) = breakeven(&["pricing", "import", broken.to_str().unwrap(), "--db", db]);
    assert_eq!(code, 2);
    assert!(err.contains("not a LiteLLM price file"), "{err}");

    let (code, list, _) = breakeven(&["pricing", "list", "--db", db]);
    assert_eq!(code, 0);
    assert_eq!(list.lines().count(), 3, "{list}");
    assert!(list.lines().next().unwrap().starts_with("* #1"), "{list}");

    // Plans priced with the active version, then with the activated full table.
    let example = example("worked-example.json");
    let (_, bundled, _) = breakeven(&["plan", &example, "--db", db]);
    assert!(
        bundled.contains("LiteLLM model_prices_and_context_window_backup.json 1.109.1"),
        "{bundled}"
    );
    // LiteLLM's own table has flagged rows ($0 rows, and two jais models priced per 1K
    // tokens): activating it needs consent.
    let (code, _, err) = breakeven(&["pricing", "activate", "2", "--db", db]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("azure_ai/jais-30b-chat: implausibly high price for a new model"),
        "{err}"
    );
    assert!(err.contains("--accept-flagged"), "{err}");
    let (code, _, err) = breakeven(&["pricing", "activate", "2", "--accept-flagged", "--db", db]);
    assert_eq!(code, 0, "{err}");
    let (_, full, _) = breakeven(&["plan", &example, "--db", db]);
    assert!(full.contains("full-1.109.1"), "{full}");
    let (code, _, err) = breakeven(&["pricing", "activate", "99", "--db", db]);
    assert_eq!(code, 2);
    assert!(err.contains("no price table version 99"), "{err}");
}

#[test]
fn placements_print_every_offer_with_its_basis() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.json");
    let mut scenario: serde_json::Value =
        serde_json::from_str(crate::common::scenarios::WORKED_EXAMPLE).unwrap();
    scenario["slm"]["model"] = serde_json::json!("llama-3.2-3b");
    std::fs::write(&path, scenario.to_string()).unwrap();
    let path = path.to_str().unwrap();
    let (code, table, stderr) = run_plan(&[path, "--placements", "--format", "table"], "");
    assert_eq!(code, 0, "{stderr}");
    assert!(table.contains("aws:g6.xlarge"), "{table}");
    assert!(table.contains("projected, not measured"), "{table}");
    assert!(table.contains("no BF16 peak for T4"), "{table}");
    let (code, json, _) = run_plan(&[path, "--placements"], "");
    assert_eq!(code, 0);
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(rows.as_array().unwrap().len() >= 45);
    scenario["slm"].as_object_mut().unwrap().remove("model");
    std::fs::write(path, scenario.to_string()).unwrap();
    let (code, _, stderr) = run_plan(&[path, "--placements"], "");
    assert_eq!(code, 2);
    assert!(stderr.starts_with("slm.model:"), "{stderr}");
}
