//! Price tables that could break the server (issue 15, failures 1 and 2): a price that
//! overflows is never stored; a version stored before that check (or altered since) is a
//! 422 naming `price_table`, never a 500; flagged rows block `--activate` unless
//! `--accept-flagged`, and a plan priced from one warns; `--as-of` must be a date.

use serde_json::{json, Value};

use crate::common::cli;
use crate::common::scenarios::{create, example, WORKED_EXAMPLE};
use crate::common::{app, TestApp};

/// `breakeven pricing ARGS… --db <the app's database>`: (exit code, stdout, stderr).
fn pricing(app: &TestApp, args: &[&str]) -> (i32, String, String) {
    let db = app.db_path.to_str().unwrap();
    let mut all = args.to_vec();
    all.extend(["--db", db]);
    let (code, out, err) = cli::run("pricing", &all, "");
    (code, String::from_utf8(out).unwrap(), err)
}

/// A LiteLLM-format file in a directory that lives as long as the returned guard.
fn file(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("prices.json");
    std::fs::write(&path, text).unwrap();
    let path = path.to_str().unwrap().to_string();
    (dir, path)
}

/// The ids of the stored versions, oldest first, and the active one.
async fn versions(app: &TestApp) -> (Vec<i64>, i64) {
    let (status, list) = app.get_json("/api/v1/pricing/llm/versions").await;
    assert_eq!(status, 200, "{list}");
    let list = list.as_array().unwrap();
    let ids = list.iter().map(|v| v["id"].as_i64().unwrap()).collect();
    let active = list.iter().find(|v| v["active"] == json!(true)).unwrap()["id"]
        .as_i64()
        .unwrap();
    (ids, active)
}

async fn plan_with(app: &TestApp, query: &str) -> (u16, Value) {
    let reply = app
        .request(
            reqwest::Method::POST,
            &format!("/api/v1/plan{query}"),
            &[("content-type", "application/json")],
            WORKED_EXAMPLE.as_bytes().to_vec(),
        )
        .await;
    (reply.status, reply.json())
}

#[tokio::test]
async fn a_price_that_overflows_is_never_stored() {
    let app = app(None).await;
    // Failure 1: 1e303 USD per token is infinite per Mtok. Alone in its file, nothing is
    // left to store: exit 2, naming the row and the bound.
    let (_dir, alone) = file(
        r#"{"m": {"mode": "chat", "input_cost_per_token": 1e-6, "output_cost_per_token": 1e303}}"#,
    );
    let (code, out, err) = pricing(&app, &["import", &alone, "--version", "v2"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("1e303") && err.contains("10000"), "{err}");
    assert_eq!(versions(&app).await, (vec![1], 1));
    let (status, body) = app.get_json("/api/v1/pricing/llm?price_table=2").await;
    assert_eq!(status, 404, "{body}");
    // Beside a good row it is left out, listed, and the version reads back whole.
    let (_dir, beside) = file(
        r#"{"m": {"mode": "chat", "input_cost_per_token": 1e-6, "output_cost_per_token": 1e303},
            "gpt-4o": {"mode": "chat", "input_cost_per_token": 2.5e-6, "output_cost_per_token": 1e-5}}"#,
    );
    let (code, out, err) = pricing(&app, &["import", &beside, "--version", "v2"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("1 left out: negative, non-finite, or above 10000"),
        "{out}"
    );
    let (status, table) = app.get_json("/api/v1/pricing/llm?price_table=2").await;
    assert_eq!(status, 200, "{table}");
    assert_eq!(table["models"].as_array().unwrap().len(), 1);
    assert_eq!(table["issues"][0]["kind"], json!("invalid_price"));
    let (status, result) = plan_with(&app, "?price_table=2").await;
    assert_eq!(status, 200, "{result}");
    let mut write = json!({ "scenario": example(), "price_table": 2 });
    let (status, created) = app.post_json("/api/v1/scenarios", &write).await;
    assert_eq!(status, 201, "{created}");
    // The per-million slip of the issue ($2.5M/Mtok) is left out the same way: a plan
    // naming the model is refused, never priced at $2.5M.
    let (_dir, slip) = file(
        r#"{"gpt-4o": {"mode": "chat", "input_cost_per_token": 2.5, "output_cost_per_token": 1e-5},
            "other": {"mode": "chat", "input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6}}"#,
    );
    let (code, out, err) = pricing(&app, &["import", &slip, "--version", "v3"]);
    assert_eq!(code, 0, "{out}{err}");
    let (status, refused) = plan_with(&app, "?price_table=3").await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["error"]["field"], json!("llm.model"), "{refused}");
    write["price_table"] = json!(3);
    let (status, _) = app.post_json("/api/v1/scenarios", &write).await;
    assert_eq!(status, 422);
}

/// Stores `body` as a version the way an older Breakeven (or a hand edit) could have; its id.
async fn store_raw(app: &TestApp, version: &str, body: &str, issues: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO price_tables (name, version, sha256, as_of, imported_at_unix, model_count, body, issues)
         VALUES ('old import', $1, 'abc', '2026-12-01', 0, 1, $2, $3) RETURNING id",
    )
    .bind(version)
    .bind(body)
    .bind(issues)
    .fetch_one(&app.sql().await)
    .await
    .unwrap()
}

/// A table of one row, GPT-4o, with its output price as `output` (JSON text).
fn gpt4o_body(output: &str) -> String {
    format!(
        r#"{{"source": {{"name": "old import", "version": "x", "sha256": "abc", "as_of": "2026-12-01"}},
            "models": [{{"model": "gpt-4o", "provider": "openai", "cached_price_listed": false,
              "prices": {{"input_usd_per_mtok": 2.5, "output_usd_per_mtok": {output},
                          "cached_input_usd_per_mtok": 2.5, "usd_per_request": 0}}}}]}}"#
    )
}

#[tokio::test]
async fn a_stored_table_that_does_not_read_back_is_a_422_naming_price_table() {
    let app = app(None).await;
    let (scenario, _) = create(&app, &example()).await;
    // How such a table was stored: serde_json wrote the infinite price as null; a price of
    // 1e299 per token is a finite 1e305 per Mtok; a body cut short; issues that do not read.
    let cases = [
        ("null price", gpt4o_body("null"), "[]", "do not parse"),
        (
            "1e305 USD/Mtok",
            gpt4o_body("1e305"),
            "[]",
            "output_usd_per_mtok is 1e305",
        ),
        (
            "cut short",
            gpt4o_body("10")[..60].to_string(),
            "[]",
            "do not parse",
        ),
        (
            "issues unreadable",
            gpt4o_body("10"),
            "{",
            "import issues do not parse",
        ),
    ];
    let pool = app.sql().await;
    for (i, (case, body, issues, why)) in cases.into_iter().enumerate() {
        let id = store_raw(&app, &format!("v{i}"), &body, issues).await;
        let refused = |status: u16, body: &Value, what: &str| {
            assert_eq!(status, 422, "{case}: {what}: {body}");
            assert_eq!(
                body["error"]["field"],
                json!("price_table"),
                "{case}: {what}"
            );
            let message = body["error"]["message"].as_str().unwrap();
            assert!(
                message.contains(&format!("#{id}")),
                "{case}: {what}: {message}"
            );
            assert!(message.contains(why), "{case}: {what}: {message}");
            assert!(message.contains("breakeven pricing activate"), "{message}");
        };
        let q = format!("?price_table={id}");
        let (status, body) = app.get_json(&format!("/api/v1/pricing/llm{q}")).await;
        refused(status, &body, "GET /api/v1/pricing/llm");
        let (status, body) = plan_with(&app, &q).await;
        refused(status, &body, "POST /api/v1/plan");
        let write = json!({ "scenario": example(), "price_table": id });
        let (status, body) = app.post_json("/api/v1/scenarios", &write).await;
        refused(status, &body, "POST /api/v1/scenarios");
        let (status, body) = app
            .get_json(&format!("/api/v1/scenarios/{scenario}{q}"))
            .await;
        refused(status, &body, "GET /api/v1/scenarios/{id}?price_table");
        let (status, body) = app.get_json("/api/v1/pricing/llm/versions").await;
        assert_eq!(status, 200, "{case}: {body}");
        // The CLI says the same, exit 2.
        let db = app.db_path.to_str().unwrap();
        let (code, _, err) = cli::run(
            "plan",
            &[
                &cli::example("worked-example.json"),
                "--db",
                db,
                "--price-table",
                &id.to_string(),
            ],
            "",
        );
        assert_eq!(code, 2, "{case}: {err}");
        assert!(
            err.contains("--price-table") && err.contains(why),
            "{case}: {err}"
        );
        let (code, _, err) = pricing(&app, &["activate", &id.to_string()]);
        assert_eq!(code, 2, "{case}: {err}");
        assert!(err.contains("cannot be read"), "{case}: {err}");
        // A revision recorded with it (the version was readable when saved): its view and
        // exports are 422s too.
        sqlx::query("UPDATE scenario_revisions SET price_table_id = $1 WHERE scenario_id = $2")
            .bind(id)
            .bind(&scenario)
            .execute(&pool)
            .await
            .unwrap();
        let (status, body) = app.get_json(&format!("/api/v1/scenarios/{scenario}")).await;
        refused(status, &body, "GET /api/v1/scenarios/{id}");
        for export in ["report.pdf", "workbook.xlsx", "cashflow.csv"] {
            let (status, body) = app
                .get_json(&format!("/api/v1/scenarios/{scenario}/{export}"))
                .await;
            refused(status, &body, export);
        }
        sqlx::query("UPDATE scenario_revisions SET price_table_id = 1 WHERE scenario_id = $1")
            .bind(&scenario)
            .execute(&pool)
            .await
            .unwrap();
    }
    // Made active by hand: health says so (200, degraded), plans without a version are 422s.
    let broken = store_raw(&app, "active", &gpt4o_body("null"), "[]").await;
    sqlx::query("UPDATE app_meta SET value = $1 WHERE key = 'active_price_table'")
        .bind(broken.to_string())
        .execute(&pool)
        .await
        .unwrap();
    let (status, health) = app.get_json("/api/v1/health").await;
    assert_eq!(status, 200, "{health}");
    assert_eq!(health["status"], json!("degraded"), "{health}");
    assert!(
        health["problem"]
            .as_str()
            .unwrap()
            .contains(&format!("#{broken}")),
        "{health}"
    );
    assert_eq!(health["price_table"]["name"], json!("old import"));
    let (status, body) = plan_with(&app, "").await;
    assert_eq!(
        (status, body["error"]["field"].clone()),
        (422, json!("price_table")),
        "{body}"
    );
    let (status, body) = app.get_json("/api/v1/pricing/llm").await;
    assert_eq!(
        (status, body["error"]["field"].clone()),
        (422, json!("price_table")),
        "{body}"
    );
    // An import still works (every model is new then), and activating it repairs health.
    let (_dir, good) = file(
        r#"{"gpt-4o": {"mode": "chat", "input_cost_per_token": 2.5e-6, "output_cost_per_token": 1e-5}}"#,
    );
    let (code, out, err) = pricing(&app, &["import", &good, "--version", "fix", "--activate"]);
    assert_eq!(code, 0, "{out}{err}");
    let (_, health) = app.get_json("/api/v1/health").await;
    assert_eq!(health["status"], json!("ok"), "{health}");
    assert!(health.get("problem").is_none(), "{health}");
}

#[tokio::test]
async fn flagged_rows_block_activate_unless_accepted_and_then_every_plan_warns() {
    let app = app(None).await;
    // Failure 2: GPT-4o's input typed per 1K tokens (exactly 1000× the bundled $2.50), and
    // a new model with the same slip (nothing to compare with but the plausible bound).
    let (_dir, slip) = file(
        r#"{"gpt-4o": {"mode": "chat", "input_cost_per_token": 2.5e-3, "output_cost_per_token": 1e-5},
            "brand-new": {"mode": "chat", "input_cost_per_token": 5e-4, "output_cost_per_token": 2e-6}}"#,
    );
    let (code, out, err) = pricing(&app, &["import", &slip, "--version", "v2", "--activate"]);
    assert_eq!(code, 2, "{out}{err}");
    for words in [
        "nothing was stored",
        "gpt-4o: price moved 1000x or more (input price moved from 2.5 to 2500 USD/Mtok",
        "brand-new: implausibly high price for a new model (input_usd_per_mtok is 500 USD/Mtok",
        "--accept-flagged",
    ] {
        assert!(err.contains(words), "{words}: {err}");
    }
    assert_eq!(versions(&app).await, (vec![1], 1));
    // Consent needs --activate to mean anything.
    let (code, _, err) = pricing(&app, &["import", &slip, "--accept-flagged"]);
    assert_eq!(code, 2, "{err}");
    // Accepted: stored, active, and said.
    let args = [
        "import",
        &slip,
        "--version",
        "v2",
        "--activate",
        "--accept-flagged",
    ];
    let (code, out, err) = pricing(&app, &args);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("now active") && out.contains("! gpt-4o: price moved"),
        "{out}"
    );
    assert_eq!(versions(&app).await, (vec![1, 2], 2));
    let (status, result) = plan_with(&app, "").await;
    assert_eq!(status, 200, "{result}");
    let warning = result["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == json!("price_flagged"))
        .unwrap_or_else(|| panic!("no price_flagged warning: {}", result["warnings"]));
    assert_eq!(warning["field"], json!("llm.model"));
    let message = warning["message"].as_str().unwrap();
    assert!(
        message.contains("gpt-4o") && message.contains("price moved 1000x or more"),
        "{message}"
    );
    assert!(message.contains("prices.json v2"), "{message}");
    // The row carries its flag, so the browser (which plans from the rows it fetched) warns too.
    let (_, table) = app.get_json("/api/v1/pricing/llm?price_table=2").await;
    let row = table["models"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["model"] == json!("gpt-4o"))
        .unwrap();
    assert_eq!(row["flags"][0]["kind"], json!("price_jump"), "{row}");
    // A stored version with flags is refused by `pricing activate` too, unless accepted.
    let (_dir, zero) = file(
        r#"{"free": {"mode": "chat", "input_cost_per_token": 0, "output_cost_per_token": 0},
            "gpt-4o": {"mode": "chat", "input_cost_per_token": 2.5e-6, "output_cost_per_token": 1e-5}}"#,
    );
    let (code, out, err) = pricing(&app, &["import", &zero, "--version", "v3"]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, _, err) = pricing(&app, &["activate", "3"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("free: listed at $0") && err.contains("--accept-flagged"),
        "{err}"
    );
    assert_eq!(versions(&app).await.1, 2);
    let (code, out, err) = pricing(&app, &["activate", "3", "--accept-flagged"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(versions(&app).await.1, 3);
    // The bundled table has no flags: back to it needs no consent.
    let (code, _, err) = pricing(&app, &["activate", "1"]);
    assert_eq!(code, 0, "{err}");
}

#[tokio::test]
async fn as_of_must_be_a_calendar_date() {
    let app = app(None).await;
    let (_dir, good) = file(
        r#"{"gpt-4o": {"mode": "chat", "input_cost_per_token": 2.5e-6, "output_cost_per_token": 1e-5}}"#,
    );
    for (as_of, code) in [
        ("not-a-date", 2),
        ("2026-02-30", 2),
        ("2026-13-01", 2),
        ("26-12-01", 2),
        ("2026-12-01T00:00:00Z", 2),
        ("2028-02-29", 0),
    ] {
        let args = ["import", &good, "--version", as_of, "--as-of", as_of];
        let (got, out, err) = pricing(&app, &args);
        assert_eq!(got, code, "{as_of}: {out}{err}");
        if code == 2 {
            assert!(
                err.contains("--as-of") && err.contains(as_of),
                "{as_of}: {err}"
            );
        }
    }
    assert_eq!(versions(&app).await.0, [1, 2]);
}
