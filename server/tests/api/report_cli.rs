//! `breakeven report`: a scenario file (bundled prices) or a saved scenario (`--db --id`)
//! written as PDF, XLSX or CSV; invalid input exits 2 with one line per problem and leaves
//! the output file as it was.

use std::path::Path;
use std::process::Command;

use report::csv;

use crate::common::cli::example;
use crate::common::scenarios::v2_example;

fn run(args: &[&str], stdin: &str) -> (i32, Vec<u8>, String) {
    crate::common::cli::run("report", args, stdin)
}

/// The PDF's text as poppler extracts it (`pdftotext`, installed by scripts/setup.sh).
fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| {
            panic!("pdftotext (poppler-utils) is needed: run scripts/setup.sh test ({e})")
        });
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_scenario_file_exports_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let file = example("support-bot.json");
    for (args, magic) in [
        (&["--format", "pdf"][..], &b"%PDF-"[..]),
        (&["--format", "pdf", "--paper", "letter"], b"%PDF-"),
        (&["--format", "xlsx"], b"PK\x03\x04"),
        (&["--format", "csv"], b""),
        (&["--format", "csv", "--csv", "routing"], b""),
        (&["--format", "csv", "--csv", "schedule"], b""),
        (&["--format", "csv", "--csv", "breakdown"], b""),
    ] {
        let out = dir.path().join("out");
        let out_s = out.to_str().unwrap();
        let mut all = vec![file.as_str()];
        all.extend_from_slice(args);
        all.extend_from_slice(&["-o", out_s]);
        let (code, stdout, stderr) = run(&all, "");
        assert_eq!(code, 0, "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}");
        let bytes = std::fs::read(&out).unwrap();
        assert!(bytes.starts_with(magic), "{args:?}: {:?}", &bytes[..8]);
        if magic.is_empty() {
            let text = String::from_utf8(bytes).unwrap();
            let header = text.lines().next().unwrap();
            let known = [
                &csv::CASHFLOW_COLUMNS[..],
                &csv::ROUTING_COLUMNS,
                &csv::SCHEDULE_COLUMNS,
                &csv::BREAKDOWN_COLUMNS,
            ]
            .map(|columns| columns.join(","));
            assert!(known.contains(&header.to_string()), "{args:?}: {header}");
            assert!(text.lines().count() > 2, "{text}");
        }
    }
    // The PDF says what it was made from: the scenario's name and the bundled table.
    let out = dir.path().join("r.pdf");
    let (code, _, stderr) = run(&[&file, "--format", "pdf", "-o", out.to_str().unwrap()], "");
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&out);
    assert!(text.contains("Support bot"), "{text}");
    assert!(text.contains("1.109.1"), "price table missing: {text}");
}

#[test]
fn stdin_and_toml_scenarios_and_stdout_output() {
    let json = std::fs::read_to_string(example("worked-example.json")).unwrap();
    let (code, stdout, stderr) = run(&["-", "--format", "csv", "-o", "-"], &json);
    assert_eq!(code, 0, "{stderr}");
    let text = String::from_utf8(stdout).unwrap();
    assert!(text.lines().count() > 2, "{text}");
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("s.toml");
    std::fs::write(&toml, "name = \"toml one\"\n[workload]\nrequests_per_month = 10\ninput_tokens = 1000\noutput_tokens = 1000\n[llm]\nmodel = \"gpt-4\"\n[slm]\nserving = \"api\"\nusd_per_request = 0.001\n").unwrap();
    let out = dir.path().join("t.xlsx");
    let (code, _, stderr) = run(
        &[
            toml.to_str().unwrap(),
            "--format",
            "xlsx",
            "-o",
            out.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));
}

#[test]
fn invalid_input_exits_2_naming_each_field_and_leaves_the_output_alone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("keep.pdf");
    std::fs::write(&out, b"the previous report").unwrap();
    let (code, stdout, stderr) = run(
        &["-", "--format", "pdf", "-o", out.to_str().unwrap()],
        r#"{"name": "x", "workload": {"requests_per_month": -1}}"#,
    );
    assert_eq!(code, 2, "{stderr}");
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
    assert_eq!(std::fs::read(&out).unwrap(), b"the previous report");
    // A typo is named with its path; no temporary file is left behind.
    let (code, _, stderr) = run(
        &["-", "--format", "xlsx", "-o", out.to_str().unwrap()],
        r#"{"workload": {"requests_per_mnth": 5}}"#,
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("requests_per_mnth"), "{stderr}");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["keep.pdf"]);
    // Asking for a format that does not exist is a usage error (clap's status 2).
    let (code, _, stderr) = run(
        &[&example("support-bot.json"), "--format", "docx", "-o", "x"],
        "",
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("docx"), "{stderr}");
    let (code, _, stderr) = run(&["--format", "pdf", "-o", "x"], "");
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn the_fleet_csvs_have_every_hour_of_a_shaped_week() {
    // Cost model v2: a 24-weight load shape served hour by hour.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("week.json");
    std::fs::write(&file, v2_example().to_string()).unwrap();
    for (kind, columns, rows) in [
        ("schedule", &csv::SCHEDULE_COLUMNS[..], 2 * 168),
        ("breakdown", &csv::BREAKDOWN_COLUMNS, 2),
    ] {
        let out = dir.path().join(format!("{kind}.csv"));
        let (code, stdout, stderr) = run(
            &[
                file.to_str().unwrap(),
                "--format",
                "csv",
                "--csv",
                kind,
                "-o",
                out.to_str().unwrap(),
            ],
            "",
        );
        assert_eq!(code, 0, "{kind}: {stderr}");
        assert!(stdout.is_empty(), "{kind}");
        let text = std::fs::read_to_string(&out).unwrap();
        let lines: Vec<&str> = text.split_terminator("\r\n").collect();
        assert_eq!(lines[0], columns.join(","), "{kind}");
        assert_eq!(lines.len(), 1 + rows, "{kind}");
        for (option, block) in ["self_hosted", "hybrid"]
            .into_iter()
            .zip(lines[1..].chunks(rows / 2))
        {
            assert!(
                block.iter().all(|l| l.starts_with(&format!("{option},"))),
                "{kind}: {block:?}"
            );
        }
    }
}

/// A scenario saved in a database, as the server stores it; returns its id.
fn saved_scenario(db: &Path, name: &str) -> String {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let pool = breakeven::store::open(db).await.unwrap();
        let table = breakeven::store::prices::active_id(&pool).await.unwrap();
        let mut input: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(example("support-bot.json")).unwrap())
                .unwrap();
        input["name"] = serde_json::json!(name);
        let input: tco::ScenarioInput = serde_json::from_value(input).unwrap();
        let prices = breakeven::store::prices::load(&pool, table).await.unwrap();
        let scenario = tco::validate(&input, &prices.table).unwrap();
        let figures = api::scenarios::SavedFigures::of(&tco::plan(&scenario));
        let first = breakeven::store::scenarios::NewRevision {
            name,
            input: &input,
            price_table_id: table,
            figures: &figures,
        };
        let created = breakeven::store::scenarios::create(&pool, first)
            .await
            .unwrap();
        pool.close().await;
        created.id.to_string()
    })
}

#[test]
fn a_saved_scenario_exports_with_its_share_link() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    let id = saved_scenario(&db, "Saved <for> \"finance\"");
    let out = dir.path().join("saved.pdf");
    let (code, _, stderr) = run(
        &[
            "--db",
            db.to_str().unwrap(),
            "--id",
            &id,
            "--format",
            "pdf",
            "--public-url",
            "https://breakeven.example/",
            "-o",
            out.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&out);
    assert!(
        text.contains(&format!("https://breakeven.example/s/{id}")),
        "{text}"
    );
    assert!(text.contains("Saved <for> \"finance\""), "{text}");
    for (args, expected) in [
        (
            vec!["--id", "0123456789abcdef0123456789abcdef"],
            "--id: no such scenario",
        ),
        (vec!["--id", "not-an-id"], "--id: no such scenario"),
        (
            vec!["--id", id.as_str(), "--revision", "7"],
            "--revision: no such revision",
        ),
    ] {
        let mut all = vec!["--db", db.to_str().unwrap(), "--format", "csv", "-o", "-"];
        all.extend(args);
        let (code, stdout, stderr) = run(&all, "");
        assert_eq!(code, 2, "{stderr}");
        assert!(stdout.is_empty());
        assert!(stderr.starts_with(expected), "{stderr}");
    }
}
