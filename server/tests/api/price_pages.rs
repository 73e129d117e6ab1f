//! `GET /api/v1/pricing/llm` over a table too large to send whole: bounded pages that
//! concatenate to the version's rows, the search (`q`) and the exact lookup (`model`), and
//! every bad query key refused by name.

use std::collections::BTreeSet;

use api::catalogs::{PRICE_PAGE_DEFAULT, PRICE_PAGE_MAX, PRICE_SEARCH_MAX_CHARS};
use pricing::search::Search;
use serde_json::{json, Value};

use crate::common::{app, TestApp};

/// Rows of the generated table: four times the largest page, twenty default pages.
const ROWS: usize = 20_000;

/// A LiteLLM-format table of `ROWS` chat models with plausible prices ($0.10 to $2.10 per
/// Mtok in, four times that out), over four providers.
fn large_table() -> String {
    let providers = ["openai", "together_ai", "groq", "bedrock"];
    let rows: Vec<String> = (0..ROWS)
        .map(|i| {
            let input = (1.0 + (i % 21) as f64) * 1e-7;
            format!(
                r#""gen-model-{i:05}-{b}b": {{"litellm_provider": "{p}", "mode": "chat", "input_cost_per_token": {input:e}, "output_cost_per_token": {output:e}}}"#,
                b = 1 + i % 70,
                p = providers[i % providers.len()],
                output = input * 4.0,
            )
        })
        .collect();
    format!("{{{}}}", rows.join(",\n"))
}

/// The app with the large table stored as version 2, made active; its rows as stored.
async fn with_large_table() -> (TestApp, Vec<pricing::ModelPrice>) {
    let app = app(None).await;
    let pool = app.pool().await;
    let report = breakeven::store::prices::import(
        &pool,
        &large_table(),
        "generated",
        Some("large"),
        "2026-12-01",
        breakeven::store::prices::Activate::No,
    )
    .await
    .unwrap();
    assert_eq!((report.id, report.model_count), (2, ROWS));
    breakeven::store::prices::set_active(&pool, 2, false)
        .await
        .unwrap();
    let stored = breakeven::store::prices::load(&pool, 2).await.unwrap();
    (app, stored.table.models)
}

/// Every page of `path` (which asks for no cursor), following `next_cursor`: the model
/// names in order, and each page's `total`.
async fn walk(app: &TestApp, path: &str) -> (Vec<String>, BTreeSet<u64>) {
    let (mut names, mut totals) = (Vec::new(), BTreeSet::new());
    let mut cursor: Option<String> = None;
    let join = if path.contains('?') { '&' } else { '?' };
    loop {
        let url = match &cursor {
            Some(c) => format!("{path}{join}cursor={c}"),
            None => path.to_string(),
        };
        let (status, page) = app.get_json(&url).await;
        assert_eq!(status, 200, "{url}: {page}");
        let rows = page["models"].as_array().unwrap();
        names.extend(
            rows.iter()
                .map(|r| r["model"].as_str().unwrap().to_string()),
        );
        totals.insert(page["total"].as_u64().unwrap());
        match page["next_cursor"].as_str() {
            Some(next) => {
                assert!(!rows.is_empty(), "{url}: an empty page before the end");
                cursor = Some(next.to_string());
            }
            None => return (names, totals),
        }
    }
}

#[tokio::test]
async fn a_large_table_is_served_in_bounded_pages_that_concatenate_to_its_rows() {
    let (app, rows) = with_large_table().await;
    let names: Vec<String> = rows.iter().map(|r| r.model.clone()).collect();

    // The request without parameters, which answered all 20,000 rows: one default page.
    let reply = app
        .request(
            axum::http::Method::GET,
            "/api/v1/pricing/llm",
            &[],
            Vec::new(),
        )
        .await;
    assert_eq!(reply.status, 200);
    let page = reply.json();
    assert_eq!(page["models"].as_array().unwrap().len(), PRICE_PAGE_DEFAULT);
    assert_eq!(page["total"], json!(ROWS));
    assert_eq!(page["id"], json!(2));
    assert_eq!(
        page["next_cursor"],
        json!(format!("2-{PRICE_PAGE_DEFAULT}"))
    );
    assert!(reply.body.len() < 1 << 20, "{} bytes", reply.body.len());

    // Pages of any size concatenate to the rows in order, none missing or repeated.
    for path in [
        format!("/api/v1/pricing/llm?limit={PRICE_PAGE_MAX}"),
        "/api/v1/pricing/llm?price_table=2&limit=4999".to_string(),
    ] {
        let (walked, totals) = walk(&app, &path).await;
        assert_eq!(walked, names, "{path}");
        assert_eq!(totals, BTreeSet::from([ROWS as u64]), "{path}");
    }

    // A cursor pages its own version, whichever is active now.
    breakeven::store::prices::set_active(&app.pool().await, 1, false)
        .await
        .unwrap();
    let (status, later) = app.get_json("/api/v1/pricing/llm?cursor=2-19999").await;
    assert_eq!(status, 200, "{later}");
    assert_eq!(
        (later["id"].clone(), later["active"].clone()),
        (json!(2), json!(false))
    );
    assert_eq!(later["models"][0]["model"], json!(names[19_999]));
    assert_eq!(later["next_cursor"], Value::Null);
}

#[tokio::test]
async fn a_search_and_an_exact_name_page_through_the_matching_rows_only() {
    let (app, rows) = with_large_table().await;
    for (query, encoded) in [
        ("groq 7B", "groq%207B"),
        ("GEN-MODEL-1", "GEN-MODEL-1"),
        ("nothing-like-this", "nothing-like-this"),
    ] {
        let search = Search::new(query);
        let expected: Vec<String> = rows
            .iter()
            .filter(|r| search.matches(r))
            .map(|r| r.model.clone())
            .collect();
        let path = format!("/api/v1/pricing/llm?q={encoded}&limit=999");
        let (walked, totals) = walk(&app, &path).await;
        assert_eq!(walked, expected, "{query}");
        assert_eq!(totals, BTreeSet::from([expected.len() as u64]), "{query}");
    }
    // `model` is the engine's exact lookup: one row, or none for another spelling.
    let name = &rows[12_345].model;
    let (status, one) = app
        .get_json(&format!("/api/v1/pricing/llm?model={name}"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(one["total"], json!(1));
    assert_eq!(one["models"][0]["model"], json!(name));
    assert_eq!(
        one["models"][0]["prices"],
        serde_json::to_value(rows[12_345].prices).unwrap()
    );
    let upper = name.to_uppercase();
    let (_, none) = app
        .get_json(&format!("/api/v1/pricing/llm?model={upper}"))
        .await;
    assert_eq!(
        (none["total"].clone(), none["models"].clone()),
        (json!(0), json!([]))
    );
    assert_eq!(none["next_cursor"], Value::Null);
}

#[tokio::test]
async fn bad_page_keys_are_refused_by_name() {
    let app = app(None).await;
    let long = "a".repeat(PRICE_SEARCH_MAX_CHARS + 1);
    let fits = "a".repeat(PRICE_SEARCH_MAX_CHARS);
    let over = PRICE_PAGE_MAX + 1;
    let refused = [
        ("limit=0".to_string(), "limit"),
        (format!("limit={over}"), "limit"),
        ("limit=-1".into(), "limit"),
        ("limit=ten".into(), "limit"),
        ("cursor=abc".into(), "cursor"),
        ("cursor=1-".into(), "cursor"),
        ("cursor=0-0".into(), "cursor"),
        // Past the end of the rows, a version that does not exist, another version's.
        ("cursor=1-100000".into(), "cursor"),
        ("cursor=99-0".into(), "cursor"),
        ("price_table=1&cursor=2-0".into(), "cursor"),
        (format!("q={long}"), "q"),
        (format!("model={long}"), "model"),
        ("page=2".into(), "page"),
    ];
    for (query, field) in refused {
        let (status, body) = app.get_json(&format!("/api/v1/pricing/llm?{query}")).await;
        assert_eq!(status, 422, "{query}: {body}");
        assert_eq!(body["error"]["field"], json!(field), "{query}: {body}");
    }
    let bundled = pricing::bundled_table().models.len();
    for query in [
        format!("limit={PRICE_PAGE_MAX}"),
        "limit=1".into(),
        format!("cursor=1-{bundled}"),
        format!("q={fits}"),
        "q=".into(),
    ] {
        let (status, body) = app.get_json(&format!("/api/v1/pricing/llm?{query}")).await;
        assert_eq!(status, 200, "{query}: {body}");
    }
    // The bundled table fits one default page: the whole of it, as before.
    let (_, whole) = app.get_json("/api/v1/pricing/llm").await;
    assert_eq!(whole["models"].as_array().unwrap().len(), bundled);
    assert_eq!(
        (whole["total"].clone(), whole["next_cursor"].clone()),
        (json!(bundled), Value::Null)
    );
}

#[tokio::test]
async fn the_import_issues_a_page_carries_are_bounded_and_searched_too() {
    let app = app(None).await;
    // One priced row and 1,500 left out for want of a price: 1,500 issues.
    let mut entries = vec![r#""priced": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6}"#.to_string()];
    entries.extend((0..1_500).map(|i| {
        format!(r#""unpriced-{i:04}": {{"litellm_provider": "openai", "mode": "chat"}}"#)
    }));
    let file = format!("{{{}}}", entries.join(","));
    let pool = app.pool().await;
    breakeven::store::prices::import(
        &pool,
        &file,
        "issues",
        Some("v2"),
        "2026-12-01",
        breakeven::store::prices::Activate::No,
    )
    .await
    .unwrap();
    for (query, count, listed) in [
        ("price_table=2", 1_500, PRICE_PAGE_DEFAULT),
        ("price_table=2&limit=10", 1_500, 10),
        ("price_table=2&q=unpriced-004", 10, 10),
        ("price_table=2&model=unpriced-0042", 1, 1),
        ("price_table=2&model=priced", 0, 0),
    ] {
        let (status, page) = app.get_json(&format!("/api/v1/pricing/llm?{query}")).await;
        assert_eq!(status, 200, "{query}: {page}");
        assert_eq!(page["issue_count"], json!(count), "{query}");
        assert_eq!(page["issues"].as_array().unwrap().len(), listed, "{query}");
    }
}
