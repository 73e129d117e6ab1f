//! `breakeven traffic import|replay`, run as a script runs them: the hand-counted LiteLLM
//! export of `traffic::SPEND_LOG` printed as tables, written with `--out` and planned by
//! `breakeven plan` once merged into a scenario (and a nine-day log, whose load shape
//! replaces the scenario's peak-to-average ratio), replayed on the worked example, and the
//! refusals (exit 2, one line naming the option or the line).

use serde_json::{json, Value};

use crate::common::cli::{example, run};
use crate::traffic::SPEND_LOG;

fn traffic(args: &[&str]) -> (i32, String, String) {
    let (code, stdout, stderr) = run("traffic", args, "");
    (code, String::from_utf8(stdout).unwrap(), stderr)
}

fn log_file(dir: &tempfile::TempDir, text: &str) -> String {
    let path = dir.path().join("spend.csv");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn import_prints_the_report_and_the_workload_and_writes_it_for_the_planner() {
    let dir = tempfile::tempdir().unwrap();
    let log = log_file(&dir, SPEND_LOG);
    let out = dir.path().join("workload.json");
    let out_arg = out.to_str().unwrap();
    let (code, stdout, stderr) = traffic(&[
        "import",
        &log,
        "--tz",
        "+02:00",
        "--out",
        out_arg,
        "--progress",
    ]);
    assert_eq!(code, 0, "{stderr}");
    for line in [
        // The format in words, never its key.
        "as LiteLLM spend logs (CSV): 4 rows read, 3 used, 1 bad, 0 skipped",
        "  line 5: prompt_tokens: must be ≥ 0, got -5",
        "Columns not used: messages, request_id",
        "Workload from spend.csv, 3 requests, 2025-03-03 (UTC+02:00)",
        "3 requests over 3 hours (0.0 weeks)",
        "mean; p50 200, p95 300",
        "mean; p50 40, p95 60",
    ] {
        assert!(stdout.contains(line), "{line}\n{stdout}");
    }
    assert!(!stdout.contains("litellm_spend_logs_csv"), "{stdout}");
    // Labels are the vocabulary's, figures tco::format's: 730 a month, κ = 40 / 600.
    let figure = |label: &str| {
        stdout
            .lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("{label}\n{stdout}"))
            .to_string()
    };
    assert!(figure("Requests per month").contains(" 730 "), "{stdout}");
    assert!(figure("Input tokens per request").contains("200.0"));
    assert!(figure("Cached input share").contains("6.7 %"));
    assert!(figure("gpt-4o-mini").contains("66.7 %"));
    // --progress: bytes of the size, rows read and rows a second on stderr.
    // The log is a few hundred bytes: shown in bytes, whole.
    assert!(SPEND_LOG.len() < 1000);
    assert!(
        stderr.contains(&format!("of {} bytes", SPEND_LOG.len()))
            && stderr.contains(", 4 rows, ")
            && stderr.contains("rows/s"),
        "{stderr}"
    );
    // --out: what the trace fills, under `workload`, and null for what the trace owns but
    // three hours cannot give; nothing of what it does not own (the latency SLO).
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let w = &written["workload"];
    assert_eq!(w["requests_per_month"], json!(730.0), "{written}");
    assert_eq!(w["input_tokens"], json!(200.0));
    assert_eq!(w["output_tokens"], json!(40.0));
    assert_eq!(
        w["source"],
        json!("from spend.csv, 3 requests, 2025-03-03 (UTC+02:00)"),
        "{written}"
    );
    for owned in [
        "peak_to_average",
        "weekly_shape",
        "load_shape",
        "monthly_growth",
    ] {
        assert_eq!(w.get(owned), Some(&Value::Null), "{owned}: {written}");
    }
    assert!(w.get("latency_slo").is_none(), "{written}");
    // Merged into a scenario (`jq -s '.[0] * .[1]' scenario.json workload.json`),
    // `breakeven plan` plans it at the trace's volume.
    let mut scenario: Value =
        serde_json::from_str(&std::fs::read_to_string(example("worked-example.json")).unwrap())
            .unwrap();
    for (key, value) in w.as_object().unwrap() {
        scenario["workload"][key] = value.clone();
    }
    let merged = dir.path().join("merged.json");
    std::fs::write(&merged, scenario.to_string()).unwrap();
    let (code, stdout, stderr) = run("plan", &[merged.to_str().unwrap()], "");
    assert_eq!(code, 0, "{stderr}");
    let plan: Value = serde_json::from_slice(&stdout).unwrap();
    assert_eq!(plan["scenario"], scenario["name"], "{plan}");
    // --json: the API's answer (api::traffic::AnalyseReply), the replay null.
    let (code, stdout, _) = traffic(&["import", &log, "--json"]);
    assert_eq!(code, 0);
    let reply: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(reply["report"]["rows_used"], json!(3));
    assert_eq!(reply["workload"]["zone"], json!("+00:00"), "{reply}");
    assert_eq!(reply.get("replay"), Some(&Value::Null), "{reply}");
    serde_json::from_value::<api::traffic::AnalyseReply>(reply).unwrap();
}

/// `jq -s '.[0] * .[1]'`: objects merged key by key, anything else (null included)
/// replaced by the right side's.
fn jq_merge(left: &mut Value, right: &Value) {
    match (left, right) {
        (Value::Object(l), Value::Object(r)) => {
            for (key, value) in r {
                jq_merge(l.entry(key.clone()).or_insert(Value::Null), value);
            }
        }
        (l, r) => *l = r.clone(),
    }
}

#[test]
fn a_workload_of_over_a_week_merged_into_the_worked_example_plans() {
    // Nine days from Monday 2025-03-03, one request an hour of 100 input and 20 output
    // tokens: 216 requests over 216 hours, 730 a month; the week's load shape is flat.
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "request_id,call_type,spend,prompt_tokens,completion_tokens,startTime,model\n",
    );
    for hour in 0..216 {
        let (day, h) = (3 + hour / 24, hour % 24);
        text += &format!(
            "r{hour},acompletion,0.001,100,20,2025-03-{day:02}T{h:02}:10:00Z,gpt-4o-mini\n"
        );
    }
    let log = log_file(&dir, &text);
    let out = dir.path().join("workload.json");
    let (code, _, stderr) = traffic(&["import", &log, "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let w = &written["workload"];
    assert_eq!(w["requests_per_month"], json!(730.0), "{written}");
    assert!(
        w["load_shape"].is_object() || w["load_shape"].is_array(),
        "{written}"
    );
    assert_eq!(w["peak_to_average"], Value::Null, "{written}");
    // The worked example says peak_to_average 3: merged as jq merges, the null clears it,
    // so the scenario holds the load shape alone and `breakeven plan` plans it.
    let mut scenario: Value =
        serde_json::from_str(&std::fs::read_to_string(example("worked-example.json")).unwrap())
            .unwrap();
    assert_eq!(
        scenario["workload"]["peak_to_average"],
        json!(3),
        "{scenario}"
    );
    jq_merge(&mut scenario, &written);
    assert_eq!(scenario["workload"]["peak_to_average"], Value::Null);
    let merged = dir.path().join("merged.json");
    std::fs::write(&merged, scenario.to_string()).unwrap();
    let (code, stdout, stderr) = run("plan", &[merged.to_str().unwrap()], "");
    assert_eq!(code, 0, "{stderr}");
    let plan: Value = serde_json::from_slice(&stdout).unwrap();
    assert_eq!(plan["scenario"], scenario["name"], "{plan}");
}

#[test]
fn a_mapped_logs_naive_times_are_read_in_the_tz() {
    // 23:30 on 2 March without an offset, in +02:00: the first day is 2 March there.
    let dir = tempfile::tempdir().unwrap();
    let log = log_file(
        &dir,
        "ts,in,out\n2025-03-02T23:30:00,10,5\n2025-03-03T00:30:00,30,15\n",
    );
    let mapping = dir.path().join("mapping.json");
    std::fs::write(
        &mapping,
        r#"{"timestamp": "ts", "fixed_model": "m", "input_tokens": "in", "output_tokens": "out"}"#,
    )
    .unwrap();
    let args = |tz: &'static str| {
        let mapping = mapping.to_str().unwrap().to_string();
        let log = log.clone();
        move || {
            traffic(&[
                "import",
                &log,
                "--format",
                "generic_csv",
                "--mapping",
                &mapping,
                "--tz",
                tz,
                "--json",
            ])
        }
    };
    for (tz, first_date) in [("+02:00", "2025-03-02"), ("-03:00", "2025-03-02")] {
        let (code, stdout, stderr) = args(tz)();
        assert_eq!(code, 0, "{stderr}");
        let reply: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(reply["report"]["rows_used"], json!(2), "{reply}");
        assert_eq!(
            reply["workload"]["first_date"],
            json!(first_date),
            "{tz}: {reply}"
        );
    }
}

#[test]
fn replay_prints_each_option_over_the_period_and_a_month() {
    let dir = tempfile::tempdir().unwrap();
    let log = log_file(&dir, SPEND_LOG);
    let scenario = example("worked-example.json");
    let (code, stdout, stderr) = traffic(&["replay", &log, &scenario]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("3 requests over 3 hours (0.00 months)"),
        "{stdout}"
    );
    for option in [
        "LLM API",
        "SLM (all traffic)",
        "hybrid",
        "cheapest over the period",
    ] {
        assert!(stdout.contains(option), "{option}\n{stdout}");
    }
    assert!(stdout.contains("recorded spend $0.006000"), "{stdout}");
    assert!(stdout.contains("Warnings:"), "{stdout}");
    // --json is the replay the API answers; its totals are what the table shows.
    let (code, json_out, _) = traffic(&["replay", &log, &scenario, "--json"]);
    assert_eq!(code, 0);
    let replay: Value = serde_json::from_str(&json_out).unwrap();
    assert_eq!(replay["hours"], json!(3.0));
    let api_total = replay["api"]["usd"].as_f64().unwrap();
    assert!(
        stdout.contains(&tco::format::usd(api_total)),
        "{api_total}\n{stdout}"
    );
}

#[test]
fn input_problems_exit_2_naming_the_option_or_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let log = log_file(&dir, SPEND_LOG);
    let (code, stdout, stderr) = traffic(&["import", &log, "--tz", "+25:00"]);
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    assert!(stderr.starts_with("--tz: "), "{stderr}");
    let (code, _, stderr) = traffic(&["import", &log, "--format", "excel"]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("--format: unknown format `excel`"),
        "{stderr}"
    );
    let (code, _, stderr) = traffic(&["import", &log, "--format", "generic_csv"]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("--mapping: "), "{stderr}");
    let broken = log_file(
        &dir,
        "request_id,call_type,spend,prompt_tokens,completion_tokens,startTime,model\n\
         b1,acompletion,0.0,-5,1,2025-03-03T12:20:00Z,gpt-4o\n",
    );
    let (code, _, stderr) = traffic(&["import", &broken]);
    assert_eq!(code, 2);
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(lines[0].contains("nothing usable in the file"), "{stderr}");
    assert_eq!(lines[1], "line 2: prompt_tokens: must be ≥ 0, got -5");
    // 25 bad rows: the first 20 are listed, as the API's 422 lists them.
    let mut many = String::from(
        "request_id,call_type,spend,prompt_tokens,completion_tokens,startTime,model\n",
    );
    for i in 0..25 {
        many += &format!("b{i},acompletion,0.0,-5,1,2025-03-03T12:20:00Z,gpt-4o\n");
    }
    let (code, _, stderr) = traffic(&["import", &log_file(&dir, &many)]);
    assert_eq!(code, 2);
    let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("line ")).collect();
    assert_eq!(lines.len(), 20, "{stderr}");
    assert_eq!(lines[19], "line 21: prompt_tokens: must be ≥ 0, got -5");
    // A scenario that is not one: named before the log is read.
    let bad_scenario = dir.path().join("s.json");
    std::fs::write(&bad_scenario, r#"{"name": 1}"#).unwrap();
    let (code, _, stderr) = traffic(&["replay", &log, bad_scenario.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("s.json"), "{stderr}");
    // A replay refused for the log (over a year, or nothing to replay) names the log.
    let scenario = example("worked-example.json");
    let long = log_file(
        &dir,
        "request_id,call_type,spend,prompt_tokens,completion_tokens,startTime,model\n\
         l1,acompletion,0.001,100,20,2020-01-01T00:00:00Z,gpt-4o\n\
         l2,acompletion,0.001,100,20,2025-01-01T00:00:00Z,gpt-4o\n",
    );
    let (code, _, stderr) = traffic(&["replay", &long, &scenario]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.starts_with(&long), "{stderr}");
    // A file that is not there is the machine's error (exit 1), with its name.
    let (code, _, stderr) = traffic(&["import", "/nonexistent/log.csv"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("/nonexistent/log.csv"), "{stderr}");
}
