//! The catalog endpoints: LLM price-table versions, GPU offers, workload profiles; and the
//! health endpoint's account of the database.

use serde_json::{json, Value};

use crate::common::app;

#[tokio::test]
async fn the_bundled_price_table_is_stored_active_and_served_with_its_source() {
    let app = app(None).await;
    let (status, versions) = app.get_json("/api/v1/pricing/llm/versions").await;
    assert_eq!(status, 200);
    let versions = versions.as_array().unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0]["active"], json!(true));
    assert_eq!(versions[0]["version"], json!("1.109.1"));
    let (status, table) = app.get_json("/api/v1/pricing/llm").await;
    assert_eq!(status, 200);
    assert_eq!(table["source"]["as_of"], json!("2026-11-22"));
    assert_eq!(
        table["source"]["sha256"],
        json!("8f8060d8ce7a40c91b995c74d6a27657543d49e3c1c53430dabd556f244392c6")
    );
    let models = table["models"].as_array().unwrap();
    assert_eq!(models.len(), pricing::bundled_table().models.len());
    let gpt4o = models
        .iter()
        .find(|m| m["model"] == json!("gpt-4o"))
        .unwrap();
    assert_eq!(gpt4o["prices"]["input_usd_per_mtok"], json!(2.5));
    assert_eq!(gpt4o["as_of"], json!("2026-11-22"));
    assert!(gpt4o["source"].as_str().unwrap().contains("1.109.1"));
    let (status, missing) = app.get_json("/api/v1/pricing/llm?price_table=999").await;
    assert_eq!(status, 404);
    assert_eq!(missing["error"]["field"], json!("price_table"));
    let (status, bad) = app.get_json("/api/v1/pricing/llm?price_table=abc").await;
    assert_eq!(status, 422);
    assert_eq!(bad["error"]["field"], json!("price_table"));
}

#[tokio::test]
async fn an_imported_version_prices_plans_that_ask_for_it() {
    let app = app(None).await;
    let pool = app.pool().await;
    // A newer table in which GPT-4o's prices halved.
    let file = r#"{"gpt-4o": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1.25e-6, "output_cost_per_token": 5e-6},
                   "mystery-model": {"litellm_provider": "x", "mode": "chat", "input_cost_per_token": 1e-6}}"#;
    let report = breakeven::store::prices::import(
        &pool,
        file,
        "test import",
        Some("v2"),
        "2026-12-01",
        breakeven::store::prices::Activate::No,
    )
    .await
    .unwrap();
    assert_eq!(report.model_count, 1);
    assert_eq!(report.issues.len(), 1, "{:?}", report.issues);
    let scenario = include_str!("../../../examples/worked-example.json");
    let (_, active) = app.post_plan(scenario, "application/json").await;
    assert_eq!(active["api"]["monthly_usd"], json!(3250.0));
    let response = app
        .request(
            reqwest::Method::POST,
            &format!("/api/v1/plan?price_table={}", report.id),
            &[("content-type", "application/json")],
            scenario.as_bytes().to_vec(),
        )
        .await;
    let newer: Value = response.json();
    assert_eq!(newer["api"]["monthly_usd"], json!(1625.0));
    assert!(
        newer["prices"]["llm"]["table"]
            .as_str()
            .unwrap()
            .contains("test import v2"),
        "{}",
        newer["prices"]
    );
    // The same name and version cannot be stored twice.
    let again = breakeven::store::prices::import(
        &pool,
        file,
        "test import",
        Some("v2"),
        "2026-12-01",
        breakeven::store::prices::Activate::No,
    )
    .await;
    assert!(matches!(
        again,
        Err(breakeven::store::prices::PriceError::Invalid(_))
    ));
}

#[tokio::test]
async fn gpu_offers_come_with_sources_and_flags() {
    let app = app(None).await;
    let (status, table) = app.get_json("/api/v1/pricing/gpus").await;
    assert_eq!(status, 200);
    assert_eq!(table["as_of"], json!("2026-11-22"));
    let offers = table["offers"].as_array().unwrap();
    let l4 = offers
        .iter()
        .find(|o| o["id"] == json!("aws:g6.xlarge"))
        .unwrap();
    assert_eq!(l4["on_demand_usd_per_gpu_hour"], json!(0.8048));
    assert!(l4["source"]
        .as_str()
        .unwrap()
        .contains("skypilot-org/skypilot-catalog"));
    assert_eq!(
        offers
            .iter()
            .filter(|o| o["flag"] == json!("suspect"))
            .count(),
        2
    );
    assert_eq!(
        offers
            .iter()
            .filter(|o| o["default"] == json!(false))
            .count(),
        2
    );
    assert!(offers.iter().all(|o| o["as_of"] == json!("2026-11-22")));
}

#[tokio::test]
async fn presets_are_listed_and_profiles_can_be_saved() {
    let app = app(None).await;
    let (status, answer) = app.get_json("/api/v1/profiles").await;
    assert_eq!(status, 200);
    let presets = answer["presets"].as_array().unwrap();
    assert_eq!(presets.len(), 7);
    assert!(presets
        .iter()
        .all(|p| p["seed"].as_str().is_some_and(|s| s.ends_with(".txt"))));
    assert_eq!(answer["saved"], json!([]));

    let profile = json!({"name": "Our bot", "workload": {"requests_per_month": 250000.0, "input_tokens": 800.0, "output_tokens": 150.0,
        "cached_input_share": 0.2, "peak_to_average": 2.5, "monthly_growth": 0.02}, "slo": {"ttft_ms": 800.0, "tpot_ms": 40.0}});
    let (status, created) = app.post_json("/api/v1/profiles", &profile).await;
    assert_eq!(status, 201, "{created}");
    let (_, answer) = app.get_json("/api/v1/profiles").await;
    let saved = answer["saved"].as_array().unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0]["id"], created["id"]);
    // Read back in full: the keys cost model v2 added to a workload come with their
    // defaults (no batch traffic, no cache writes).
    let mut full = profile.clone();
    full["workload"]["batch_share"] = json!(0.0);
    full["workload"]["cache_write_share"] = json!(0.0);
    assert_eq!(saved[0]["profile"], full);

    let mut bad = profile.clone();
    bad["workload"]["input_tokens"] = json!(-3);
    let (status, error) = app.post_json("/api/v1/profiles", &bad).await;
    assert_eq!(status, 422);
    assert_eq!(error["error"]["field"], json!("workload.input_tokens"));
    let mut typo = profile.clone();
    typo["workload"]["peak_to_avg"] = json!(2);
    let (status, error) = app.post_json("/api/v1/profiles", &typo).await;
    assert_eq!(status, 422, "{error}");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("peak_to_avg"),
        "{error}"
    );
    // Nothing invalid was stored.
    let (_, answer) = app.get_json("/api/v1/profiles").await;
    assert_eq!(answer["saved"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn database_is_created_migrated_and_in_wal_mode() {
    let app = app(None).await;
    let (_, health) = app.get_json("/api/v1/health").await;
    assert_eq!(health["status"], json!("ok"));
    let backend = if crate::common::on_postgres() {
        assert_eq!(health["database"]["backend"], json!("postgres"), "{health}");
        assert_eq!(health["database"]["journal_mode"], Value::Null, "{health}");
        let version = health["database"]["server_version"].as_str().unwrap();
        assert!(version.starts_with("PostgreSQL "), "{health}");
        "postgres"
    } else {
        assert!(app.db_path.is_file());
        assert_eq!(health["database"]["backend"], json!("sqlite"), "{health}");
        assert_eq!(health["database"]["journal_mode"], json!("wal"));
        let version = health["database"]["server_version"].as_str().unwrap();
        assert!(version.starts_with("SQLite 3."), "{health}");
        "sqlite"
    };
    let instance = health["instance"].as_str().unwrap();
    assert!(instance.starts_with("pid-"), "{health}");
    // The newest migration in server/migrations/<backend> (a new one moves it: nothing to
    // edit here).
    let dir = format!("{}/migrations/{backend}", env!("CARGO_MANIFEST_DIR"));
    let newest = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|entry| {
            let name = entry.unwrap().file_name().into_string().unwrap();
            name.split('_').next()?.parse::<i64>().ok()
        })
        .max()
        .unwrap();
    assert_eq!(health["database"]["schema_version"], json!(newest));
    assert_eq!(
        health["database"]["created_by_version"],
        json!(env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(health["price_table"]["version"], json!("1.109.1"));
    // Reopening an existing file migrates nothing twice and keeps its creation record.
    let created = health["database"]["created_at_unix"].clone();
    let pool = breakeven::store::open(&app.db_path).await.unwrap();
    assert_eq!(
        breakeven::store::status(&pool)
            .await
            .unwrap()
            .created_at_unix,
        created.as_str().map(String::from)
    );
}
