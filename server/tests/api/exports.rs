//! The exports over HTTP against the real router on port 0: each format's type, file name
//! and first bytes; the PDF's text (poppler's `pdftotext`) holds the headline figures the
//! scenario view's result gives and an absolute share link; comparisons of 2–4; the
//! errors (404/422 naming the field); a name full of markup and quotes end to end; the
//! benchmark behind a measured throughput in the provenance; the fleets' CSVs (every hour
//! of the week with a load shape, one row per option without, the bill by part).

use std::process::Command;

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::benchmarks::{agent_result, post_agent_result};
use crate::common::scenarios::*;
use crate::common::{app, configured, TestApp};

const PDF: &str = "application/pdf";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const CSV: &str = "text/csv; charset=utf-8";

struct Download {
    status: u16,
    content_type: String,
    disposition: String,
    body: Vec<u8>,
}

async fn download(app: &TestApp, path: &str) -> Download {
    let response = app.request(Method::GET, path, &[], Vec::new()).await;
    let content_type = response.header("content-type");
    let disposition = response.header("content-disposition");
    let (status, body) = (response.status, response.body);
    Download {
        status,
        content_type,
        disposition,
        body,
    }
}

/// An error answer's (status, first field).
async fn refused(app: &TestApp, path: &str) -> (u16, String) {
    let got = download(app, path).await;
    let body: Value = serde_json::from_slice(&got.body)
        .unwrap_or_else(|_| panic!("{path}: {} is not JSON", got.status));
    (
        got.status,
        body["error"]["field"].as_str().unwrap().to_string(),
    )
}

/// The PDF's text as poppler extracts it (`pdftotext`, installed by scripts/setup.sh).
fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(&path)
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

fn support_bot() -> Value {
    serde_json::from_str(include_str!("../../../examples/support-bot.json")).unwrap()
}

#[tokio::test]
async fn each_format_downloads_with_its_type_name_and_first_bytes() {
    let app = app(None).await;
    let (id, _) = create(&app, &example_at(1e6, "Tickets on an L4")).await;
    let base = format!("/api/v1/scenarios/{id}");
    for (path, content_type, file, magic) in [
        (
            "report.pdf",
            PDF,
            "breakeven-tickets-on-an-l4-r1.pdf",
            &b"%PDF-"[..],
        ),
        (
            "report.pdf?paper=letter",
            PDF,
            "breakeven-tickets-on-an-l4-r1.pdf",
            b"%PDF-",
        ),
        (
            "report.pdf?paper=A4&revision=1",
            PDF,
            "breakeven-tickets-on-an-l4-r1.pdf",
            b"%PDF-",
        ),
        (
            "workbook.xlsx",
            XLSX,
            "breakeven-tickets-on-an-l4-r1.xlsx",
            b"PK\x03\x04",
        ),
        (
            "cashflow.csv",
            CSV,
            "breakeven-tickets-on-an-l4-r1-cashflow.csv",
            b"",
        ),
        (
            "routing.csv",
            CSV,
            "breakeven-tickets-on-an-l4-r1-routing.csv",
            b"",
        ),
        (
            "schedule.csv?revision=1",
            CSV,
            "breakeven-tickets-on-an-l4-r1-schedule.csv",
            b"",
        ),
        (
            "breakdown.csv",
            CSV,
            "breakeven-tickets-on-an-l4-r1-breakdown.csv",
            b"",
        ),
    ] {
        let got = download(&app, &format!("{base}/{path}")).await;
        assert_eq!(
            got.status,
            200,
            "{path}: {}",
            String::from_utf8_lossy(&got.body)
        );
        assert_eq!(got.content_type, content_type, "{path}");
        assert_eq!(
            got.disposition,
            format!("attachment; filename=\"{file}\""),
            "{path}"
        );
        assert!(got.body.starts_with(magic), "{path}");
        if content_type == CSV {
            let text = String::from_utf8(got.body).unwrap();
            let header = text.lines().next().unwrap();
            assert!(
                !header.is_empty() && header.contains(','),
                "{path}: {header}"
            );
            assert!(text.lines().count() > 2, "{path}: {text}");
        }
    }
    // Letter and A4 are different page sizes of the same report.
    let a4 = download(&app, &format!("{base}/report.pdf?paper=a4"))
        .await
        .body;
    let letter = download(&app, &format!("{base}/report.pdf?paper=letter"))
        .await
        .body;
    let media = |pdf: &[u8]| String::from_utf8_lossy(pdf).contains("612");
    assert!(media(&letter) && a4 != letter);
}

#[tokio::test]
async fn the_pdf_holds_the_headline_figures_of_the_scenario_view_and_its_share_link() {
    let app = app(None).await;
    let (id, token) = create(&app, &support_bot()).await;
    // Revision 2 doubles the volume; the export of revision 1 keeps revision 1's figures.
    let mut second = support_bot();
    second["workload"]["requests_per_month"] = json!(2_000_000);
    let path = format!("/api/v1/scenarios/{id}");
    let (status, _) = send(
        &app,
        Method::PUT,
        &path,
        Some(&token),
        Some(&json!({ "scenario": second })),
    )
    .await;
    assert_eq!(status, 200);
    for revision in [1, 2] {
        let (status, view) = app.get_json(&format!("{path}?revision={revision}")).await;
        assert_eq!(status, 200, "{view}");
        let input: tco::ScenarioInput = serde_json::from_value(view["scenario"].clone()).unwrap();
        let expected = headline(input, &view);
        let got = download(&app, &format!("{path}/report.pdf?revision={revision}")).await;
        assert_eq!(got.status, 200);
        assert!(
            got.disposition.ends_with(&format!("-r{revision}.pdf\"")),
            "{}",
            got.disposition
        );
        let text = pdf_text(&got.body);
        // Monte Carlo is on and the SLM pays back: every headline figure has a value.
        assert!(
            expected.len() == 9
                && expected[5].starts_with("month")
                && expected[8].contains("draws"),
            "{expected:?}"
        );
        for figure in &expected {
            assert!(
                words(&text).contains(&words(figure)),
                "revision {revision}: {figure:?} not in the PDF:\n{text}"
            );
        }
        // Provenance: the absolute share link, the revision and the recorded table.
        assert!(text.contains(&format!("{}/s/{id}", app.base)), "{text}");
        assert!(text.contains("1.109.1"), "{text}");
        assert!(text.contains("typed (an estimate"), "{text}");
    }
}

/// The headline figures' display texts of `report::summary::Summary`, for the scenario
/// view's input priced with the bundled table, after checking that its engine result is
/// the view's own.
fn headline(input: tco::ScenarioInput, view: &Value) -> Vec<String> {
    let provenance = report::Provenance {
        app_version: String::new(),
        price_table: report::TableRef {
            id: Some(1),
            label: String::new(),
            as_of: String::new(),
        },
        scenario_id: None,
        revision: None,
        share_link: None,
        generated_unix: 0,
        benchmarks: Vec::new(),
    };
    let scenario =
        report::ReportScenario::compute(input, pricing::bundled_table(), provenance).unwrap();
    assert_eq!(
        serde_json::to_value(&scenario.result).unwrap(),
        view["result"]
    );
    let t = report::summary::Summary::of(&scenario).text;
    vec![
        t.recommended,
        t.api_monthly,
        t.recommended_monthly,
        t.monthly_savings,
        t.annual_savings,
        t.payback,
        t.npv,
        t.break_even,
        t.probability_cheapest,
    ]
}

/// Runs of whitespace as one space: pdftotext breaks lines where the PDF wraps them.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn comparisons_take_two_to_four_ids() {
    let app = app(None).await;
    let mut ids = Vec::new();
    for (n, volume) in [1e6, 3e5, 2e6, 5e6, 8e5].into_iter().enumerate() {
        ids.push(
            create(&app, &example_at(volume, &format!("Option {n}")))
                .await
                .0,
        );
    }
    for (path, content_type, magic) in [
        ("report.pdf", PDF, &b"%PDF-"[..]),
        ("report.pdf?paper=letter", PDF, b"%PDF-"),
        ("workbook.xlsx", XLSX, b"PK\x03\x04"),
        ("cashflow.csv", CSV, b""),
        ("routing.csv", CSV, b""),
        ("schedule.csv", CSV, b""),
        ("breakdown.csv", CSV, b""),
    ] {
        let sep = if path.contains('?') { '&' } else { '?' };
        let got = download(
            &app,
            &format!("/api/v1/compare/{path}{sep}ids={},{}", ids[0], ids[1]),
        )
        .await;
        assert_eq!(
            got.status,
            200,
            "{path}: {}",
            String::from_utf8_lossy(&got.body)
        );
        assert_eq!(got.content_type, content_type, "{path}");
        assert!(
            got.disposition
                .starts_with("attachment; filename=\"breakeven-compare-option-0-vs-option-1"),
            "{}",
            got.disposition
        );
        assert!(got.body.starts_with(magic), "{path}");
        if content_type == CSV {
            let text = String::from_utf8(got.body).unwrap();
            assert!(text.lines().next().unwrap().contains("scenario"), "{text}");
            assert!(
                text.contains("Option 0") && text.contains("Option 1"),
                "{path}"
            );
        }
    }
    let four = ids[..4].join(",");
    let got = download(&app, &format!("/api/v1/compare/report.pdf?ids={four}")).await;
    assert_eq!(got.status, 200);
    let text = pdf_text(&got.body);
    for n in 0..4 {
        assert!(text.contains(&format!("Option {n}")), "{text}");
    }
    for query in [
        format!("ids={}", ids[0]),
        String::new(),
        "ids=".to_string(),
        format!("ids={}", ids.join(",")),
        format!("ids={},{}&paper=a3", ids[0], ids[1]),
        format!("ids={},{}&color=red", ids[0], ids[1]),
    ] {
        let (status, field) = refused(&app, &format!("/api/v1/compare/report.pdf?{query}")).await;
        assert_eq!(status, 422, "{query}");
        assert!(
            ["ids", "paper", "color"].contains(&field.as_str()),
            "{query}: {field}"
        );
    }
    assert_eq!(
        refused(
            &app,
            &format!("/api/v1/compare/workbook.xlsx?ids={}", ids[0])
        )
        .await,
        (422, "ids".into())
    );
    assert_eq!(
        refused(
            &app,
            &format!("/api/v1/compare/cashflow.csv?ids={}", ids.join(","))
        )
        .await,
        (422, "ids".into())
    );
    let unknown = format!(
        "/api/v1/compare/report.pdf?ids={},{}",
        ids[0],
        "f".repeat(32)
    );
    assert_eq!(refused(&app, &unknown).await, (404, "ids".into()));
}

#[tokio::test]
async fn unknown_ids_revisions_and_parameters_are_refused_by_name() {
    let app = app(None).await;
    let (id, _) = create(&app, &example()).await;
    for (path, expected) in [
        (
            format!("/api/v1/scenarios/{}/report.pdf", "f".repeat(32)),
            (404, "id"),
        ),
        (
            "/api/v1/scenarios/NOT-AN-ID/workbook.xlsx".to_string(),
            (404, "id"),
        ),
        (
            format!("/api/v1/scenarios/{id}/cashflow.csv?revision=9"),
            (404, "revision"),
        ),
        (
            format!("/api/v1/scenarios/{id}/report.pdf?paper=a3"),
            (422, "paper"),
        ),
        (
            format!("/api/v1/scenarios/{id}/report.pdf?revision=0"),
            (422, "revision"),
        ),
        (
            format!("/api/v1/scenarios/{id}/workbook.xlsx?paper=a4"),
            (422, "paper"),
        ),
        (
            format!("/api/v1/scenarios/{id}/routing.csv?price_table=1"),
            (422, "price_table"),
        ),
        (
            format!("/api/v1/scenarios/{}/schedule.csv", "f".repeat(32)),
            (404, "id"),
        ),
        (
            format!("/api/v1/scenarios/{}/breakdown.csv", "f".repeat(32)),
            (404, "id"),
        ),
        (
            format!("/api/v1/scenarios/{id}/schedule.csv?revision=9"),
            (404, "revision"),
        ),
        (
            format!("/api/v1/scenarios/{id}/breakdown.csv?paper=a4"),
            (422, "paper"),
        ),
    ] {
        let (status, field) = refused(&app, &path).await;
        assert_eq!((status, field.as_str()), expected, "{path}");
    }
}

#[tokio::test]
async fn a_name_full_of_markup_and_quotes_works_end_to_end() {
    let app = app(None).await;
    let name = r#"<script>alert("x")</script> & "quotes" 'single' \ ; filename="evil.exe" %0d%0a"#;
    let (id, _) = create(&app, &example_at(1e6, name)).await;
    let got = download(&app, &format!("/api/v1/scenarios/{id}/report.pdf")).await;
    assert_eq!(got.status, 200);
    assert_eq!(
        got.disposition,
        "attachment; filename=\"breakeven-script-alert-x-script-quotes-single-filename-evil-exe-0d-0a-r1.pdf\""
    );
    let text = pdf_text(&got.body);
    // pdftotext may wrap a long line; the name is there as text, word for word.
    assert!(words(&text).contains(&words(name)), "{text}");
    for path in [
        "workbook.xlsx",
        "cashflow.csv",
        "routing.csv",
        "schedule.csv",
        "breakdown.csv",
    ] {
        let got = download(&app, &format!("/api/v1/scenarios/{id}/{path}")).await;
        assert_eq!(got.status, 200, "{path}");
        assert!(got.disposition.contains("breakeven-script-alert"), "{path}");
    }
}

/// A `done` benchmark measured on a CPU, reported as an agent reports it.
async fn stored_benchmark(app: &TestApp) -> i64 {
    let mut result = agent_result();
    result["model"] = json!("smollm2-135m");
    result["dtype"] = json!("q8_0");
    result["device"] = json!("cpu");
    result["reproducibility"]["cpu_model"] = json!("Test CPU 9000");
    result["reproducibility"]["threads"] = json!(2);
    result["reproducibility"]["gpu_name"] = Value::Null;
    post_agent_result(app, "cpu-box", &result).await
}

#[tokio::test]
async fn a_measured_throughput_names_its_benchmark_and_hardware() {
    let app = app(None).await;
    let bench = stored_benchmark(&app).await;
    let mut scenario = support_bot();
    scenario["slm"]["throughput_source"] = json!(format!(
        "benchmark #{bench}: smollm2-135m q8_0 on cpu, synthetic weights, concurrency 4"
    ));
    let (id, _) = create(&app, &scenario).await;
    let got = download(&app, &format!("/api/v1/scenarios/{id}/report.pdf")).await;
    assert_eq!(got.status, 200);
    let text = pdf_text(&got.body);
    let flat = words(&text);
    assert!(flat.contains("Test CPU 9000"), "{text}");
    assert!(flat.contains("measured"), "{text}");
    assert!(!flat.contains("typed (an estimate"), "{text}");
}

#[tokio::test]
async fn a_throughput_section_attaches_its_stored_benchmark() {
    let app = app(None).await;
    let bench = stored_benchmark(&app).await;
    let mut scenario = support_bot();
    scenario["slm"]["throughput"] = json!({
        "basis": "benchmark", "benchmark": bench, "model": "smollm2-135m", "format": "q8_0",
        "device": "cpu", "prompt_tokens": 128, "gen_tokens": 32, "concurrency": 4
    });
    let (id, _) = create(&app, &scenario).await;
    let got = download(&app, &format!("/api/v1/scenarios/{id}/report.pdf")).await;
    assert_eq!(got.status, 200);
    let flat = words(&pdf_text(&got.body));
    assert!(flat.contains("Test CPU 9000"), "{flat}");
    assert!(!flat.contains("not attached"), "{flat}");
}

#[tokio::test]
async fn the_share_link_uses_the_public_url_or_a_plain_host_header() {
    let public = configured(None, |state| {
        state.with_public_url(Some("https://breakeven.example/".to_string()))
    })
    .await;
    let base = &public.base;
    let (_, created) = public
        .post_json("/api/v1/scenarios", &json!({ "scenario": example() }))
        .await;
    let id = created["id"].as_str().unwrap();
    let pdf = download(&public, &format!("/api/v1/scenarios/{id}/report.pdf"))
        .await
        .body;
    let text = words(&pdf_text(&pdf));
    assert!(
        text.contains(&format!("https://breakeven.example/s/{id}")),
        "{text}"
    );
    assert!(!text.contains(&format!("{base}/s/")), "{text}");

    // Without a public URL, a Host header that is not a plain host[:port] is not written
    // into the document: the link is then the bare path.
    let app = app(None).await;
    let (id, _) = create(&app, &example()).await;
    let pdf = app
        .request(
            Method::GET,
            &format!("/api/v1/scenarios/{id}/report.pdf"),
            &[("host", "evil.example/<b>")],
            Vec::new(),
        )
        .await
        .body;
    let text = words(&pdf_text(&pdf));
    assert!(text.contains(&format!("/s/{id}")), "{text}");
    assert!(!text.contains("evil.example"), "{text}");
}

/// A CSV download's rows, split into cells: these carry no quoted field (plain scenario
/// names, numbers, option keys), so a comma always separates cells.
fn csv_rows(got: &Download) -> (String, Vec<Vec<String>>) {
    let text = String::from_utf8(got.body.clone()).unwrap();
    assert!(text.ends_with("\r\n"), "RFC 4180 line ends: {text:?}");
    let mut lines = text.split_terminator("\r\n");
    let header = lines.next().unwrap().to_string();
    let rows = lines
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    (header, rows)
}

#[tokio::test]
async fn the_fleet_csvs_give_each_hour_of_the_week_and_the_bill_by_part() {
    let app = app(None).await;
    // Cost model v2: a 24-weight load shape served hour by hour, so each fleet has a week.
    let (week, _) = create(&app, &v2_example()).await;
    let (flat, _) = create(&app, &example_at(1e6, "Flat")).await;
    let (_, view) = app.get_json(&format!("/api/v1/scenarios/{week}")).await;
    let result = &view["result"];
    let options = ["self_hosted", "hybrid"];

    let got = download(&app, &format!("/api/v1/scenarios/{week}/schedule.csv")).await;
    assert_eq!(got.status, 200, "{}", String::from_utf8_lossy(&got.body));
    assert_eq!(got.content_type, CSV);
    assert_eq!(
        got.disposition,
        "attachment; filename=\"breakeven-weekday-fleet-r1-schedule.csv\""
    );
    let (header, rows) = csv_rows(&got);
    assert_eq!(header, report::csv::SCHEDULE_COLUMNS.join(","));
    assert_eq!(rows.len(), 2 * 168);
    for (k, option) in options.into_iter().enumerate() {
        let schedule = result[option]["schedule"].as_array().unwrap();
        assert_eq!(schedule.len(), 168, "{option}");
        for (j, (row, slot)) in rows[k * 168..(k + 1) * 168]
            .iter()
            .zip(schedule)
            .enumerate()
        {
            assert_eq!(row[0], option);
            assert_eq!(row[1], j.to_string());
            assert_eq!(row[3], (j % 24).to_string());
            // The engine's figures exactly, as the scenario view gives them.
            for (c, key) in [
                (4, "replicas"),
                (5, "instances"),
                (6, "reserved"),
                (7, "burst"),
            ] {
                assert_eq!(
                    row[c].parse::<f64>().unwrap(),
                    slot[key].as_f64().unwrap(),
                    "{option} hour {j} {key}"
                );
            }
        }
        assert_eq!(rows[k * 168][2], "Mon");
        assert_eq!(rows[k * 168 + 167][2], "Sun");
    }

    let got = download(&app, &format!("/api/v1/scenarios/{week}/breakdown.csv")).await;
    assert_eq!(got.status, 200, "{}", String::from_utf8_lossy(&got.body));
    assert_eq!(got.content_type, CSV);
    assert_eq!(
        got.disposition,
        "attachment; filename=\"breakeven-weekday-fleet-r1-breakdown.csv\""
    );
    let (header, rows) = csv_rows(&got);
    assert_eq!(header, report::csv::BREAKDOWN_COLUMNS.join(","));
    assert_eq!(rows.len(), 2);
    let columns = report::csv::BREAKDOWN_COLUMNS;
    for (row, option) in rows.iter().zip(options) {
        assert_eq!(row[0], option);
        let breakdown = &result[option]["breakdown"];
        // Each part is the engine's; the GPU bill and the total are the sums of the parts.
        let parts: Vec<f64> = (1..9).map(|c| row[c].parse::<f64>().unwrap()).collect();
        for (c, part) in parts.iter().enumerate() {
            let key = columns[c + 1];
            assert_eq!(*part, breakdown[key].as_f64().unwrap(), "{option} {key}");
        }
        let total = row[10].parse::<f64>().unwrap();
        assert!(total > 0.0, "{option}");
        assert!(
            (parts.iter().sum::<f64>() - total).abs() < 1e-6 * total,
            "{option}"
        );
    }

    // Without a load shape the fleet has one size all month: one row per option, its hour
    // columns empty.
    let got = download(&app, &format!("/api/v1/scenarios/{flat}/schedule.csv")).await;
    assert_eq!(got.status, 200);
    assert!(
        got.disposition.ends_with("-r1-schedule.csv\""),
        "{}",
        got.disposition
    );
    let (_, rows) = csv_rows(&got);
    let opts: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(opts, options);
    assert!(
        rows.iter().all(|r| r[1..4].iter().all(String::is_empty)),
        "{rows:?}"
    );
    let got = download(&app, &format!("/api/v1/scenarios/{flat}/breakdown.csv")).await;
    assert_eq!(got.status, 200);
    assert_eq!(csv_rows(&got).1.len(), 2);

    // A comparison: each scenario's rows, named in a leading `scenario` column.
    for (path, columns, per_scenario) in [
        (
            "schedule.csv",
            &report::csv::SCHEDULE_COLUMNS[..],
            [2 * 168, 2],
        ),
        ("breakdown.csv", &report::csv::BREAKDOWN_COLUMNS[..], [2, 2]),
    ] {
        let url = format!("/api/v1/compare/{path}?ids={week},{flat}");
        let got = download(&app, &url).await;
        assert_eq!(
            got.status,
            200,
            "{path}: {}",
            String::from_utf8_lossy(&got.body)
        );
        assert_eq!(got.content_type, CSV, "{path}");
        assert_eq!(
            got.disposition,
            format!("attachment; filename=\"breakeven-compare-weekday-fleet-vs-flat-{path}\""),
        );
        let (header, rows) = csv_rows(&got);
        assert_eq!(header, format!("scenario,{}", columns.join(",")), "{path}");
        for (name, count) in ["weekday fleet", "Flat"].into_iter().zip(per_scenario) {
            let n = rows.iter().filter(|r| r[0] == name).count();
            assert_eq!(n, count, "{path}: {name}");
        }
        assert_eq!(rows.len(), per_scenario.iter().sum::<usize>(), "{path}");
        let unknown = format!("/api/v1/compare/{path}?ids={week},{}", "f".repeat(32));
        assert_eq!(refused(&app, &unknown).await, (404, "ids".into()), "{path}");
        let one = format!("/api/v1/compare/{path}?ids={week}");
        assert_eq!(refused(&app, &one).await, (422, "ids".into()), "{path}");
    }
}
