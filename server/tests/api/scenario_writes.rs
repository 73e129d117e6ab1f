//! `/api/v1/scenarios*` writes over HTTP against the real router on port 0: tokens,
//! validation, forks and deletion. Every refused write is followed by a read-back showing
//! that nothing changed.

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::app;
use crate::common::scenarios::*;

#[tokio::test]
async fn writes_without_the_right_token_are_403_and_change_nothing() {
    let app = app(None).await;
    let (id, token) = create(&app, &example()).await;
    let (other_id, other_token) = create(&app, &example_at(5e5, "other")).await;
    let path = format!("/api/v1/scenarios/{id}");
    let (_, before) = app.get_json(&path).await;
    let edit = json!({ "scenario": example_at(9e6, "hijacked") });
    let headers: [(&str, Option<String>); 5] = [
        ("no header", None),
        ("empty bearer", Some("Bearer ".to_string())),
        ("wrong scheme", Some(format!("Basic {token}"))),
        ("wrong token", Some(format!("Bearer {}", "0".repeat(64)))),
        (
            "another scenario's token",
            Some(format!("Bearer {other_token}")),
        ),
    ];
    for method in [Method::PUT, Method::DELETE] {
        for (what, header) in &headers {
            let mut headers = Vec::new();
            if let Some(h) = header {
                headers.push(("authorization", h.as_str()));
            }
            let mut body = Vec::new();
            if method == Method::PUT {
                headers.push(("content-type", "application/json"));
                body = serde_json::to_vec(&edit).unwrap();
            }
            let response = app.request(method.clone(), &path, &headers, body).await;
            assert_eq!(response.status, 403, "{method} {what}");
            let body: Value = response.json();
            assert_eq!(body["error"]["field"], json!("authorization"), "{body}");
            assert!(body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()));
            assert_eq!(body["errors"][0], body["error"]);
        }
    }
    let (status, after) = app.get_json(&path).await;
    assert_eq!(status, 200);
    assert_eq!(after, before, "a refused write changed the scenario");
    let (_, list) = app.get_json(&format!("{path}/revisions")).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    // The other scenario's token still works on its own scenario.
    let own = format!("/api/v1/scenarios/{other_id}");
    let (status, _) = send(&app, Method::PUT, &own, Some(&other_token), Some(&edit)).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn unknown_and_malformed_ids_are_404() {
    let app = app(None).await;
    let (id, token) = create(&app, &example()).await;
    let body = json!({ "scenario": example() });
    let unknown = "0123456789abcdef0123456789abcdef".to_string();
    for bad in [
        unknown.as_str(),
        &id.to_uppercase(),
        &id[..31],
        &format!("{id}0"),
        "not-an-id",
        "..%2F..%2Fetc",
    ] {
        let base = format!("/api/v1/scenarios/{bad}");
        for (method, path, with) in [
            (Method::GET, base.clone(), None),
            (Method::GET, format!("{base}/revisions"), None),
            (Method::POST, format!("{base}/fork"), None),
            (Method::PUT, base.clone(), Some(&body)),
            (Method::DELETE, base.clone(), None),
        ] {
            let (status, response) = send(&app, method.clone(), &path, Some(&token), with).await;
            assert_eq!(status, 404, "{method} {path}: {response}");
            assert_eq!(response["error"]["field"], json!("id"), "{response}");
        }
    }
}

#[tokio::test]
async fn invalid_writes_are_422_naming_the_field_and_store_nothing() {
    let app = app(None).await;
    let db = pool(&app).await;
    let (id, token) = create(&app, &example()).await;
    let mut negative = example();
    negative["workload"]["requests_per_month"] = json!(-1);
    let mut wrong_type = example();
    wrong_type["workload"]["requests_per_month"] = json!("a lot");
    let mut unknown_key = example();
    unknown_key["workload"]["peak_to_avg"] = json!(3);
    let mut typo_model = example();
    typo_model["llm"]["model"] = json!("gpt-4o-typo");
    let mut no_name = example();
    no_name.as_object_mut().unwrap().remove("name");
    let cases = [
        (
            json!({ "scenario": negative }),
            "scenario.workload.requests_per_month",
            "between 0",
        ),
        (
            json!({ "scenario": wrong_type }),
            "scenario.workload.requests_per_month",
            "invalid type",
        ),
        (
            json!({ "scenario": unknown_key }),
            "scenario.workload.peak_to_avg",
            "unknown field",
        ),
        (
            json!({ "scenario": typo_model }),
            "scenario.llm.model",
            "not in the price table",
        ),
        (json!({ "scenario": no_name }), "scenario.name", "required"),
        (
            json!({ "scenario": example(), "extra": 1 }),
            "extra",
            "unknown field",
        ),
        (json!({ "price_table": null }), "scenario", "missing field"),
        (
            json!({ "scenario": example(), "price_table": 999 }),
            "price_table",
            "no price table",
        ),
        (
            json!({ "scenario": example(), "price_table": "1" }),
            "price_table",
            "invalid type",
        ),
        (json!(42), "", "invalid type"),
    ];
    let put_path = format!("/api/v1/scenarios/{id}");
    for (body, field, word) in &cases {
        for (method, path, with_token) in [
            (Method::POST, "/api/v1/scenarios", None),
            (Method::PUT, put_path.as_str(), Some(token.as_str())),
        ] {
            let (status, response) = send(&app, method.clone(), path, with_token, Some(body)).await;
            assert_eq!(status, 422, "{method} {body}: {response}");
            assert_eq!(
                response["error"]["field"],
                json!(field),
                "{method} {response}"
            );
            let message = response["error"]["message"].as_str().unwrap();
            assert!(message.contains(word), "{method} {field}: {message}");
        }
    }
    let scenarios: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM scenarios")
        .fetch_one(&db)
        .await
        .unwrap();
    let revisions = count(
        &db,
        "SELECT COUNT(*) FROM scenario_revisions WHERE scenario_id = $1",
        &id,
    )
    .await;
    assert_eq!(
        (scenarios, revisions),
        (1, 1),
        "a refused write stored something"
    );
    // Validation reports every problem, not just the first.
    let mut two = example();
    two["workload"]["requests_per_month"] = json!(-1);
    two["workload"]["input_tokens"] = json!(-5);
    let (_, response) = app
        .post_json("/api/v1/scenarios", &json!({ "scenario": two }))
        .await;
    let fields: Vec<&str> = response["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"scenario.workload.input_tokens"),
        "{fields:?}"
    );
    assert!(
        fields.contains(&"scenario.workload.requests_per_month"),
        "{fields:?}"
    );
}

#[tokio::test]
async fn a_fork_is_a_new_scenario_and_leaves_the_original_untouched() {
    let app = app(None).await;
    let (id, token) = create(&app, &example_at(1e6, "original")).await;
    let path = format!("/api/v1/scenarios/{id}");
    let second = json!({ "scenario": example_at(2e6, "original, second save") });
    send(&app, Method::PUT, &path, Some(&token), Some(&second)).await;
    let (_, before) = app.get_json(&format!("{path}?revision=2")).await;
    // Anyone with the link may fork, without a token.
    let (status, fork) = send(
        &app,
        Method::POST,
        &format!("{path}/fork?revision=1"),
        None,
        None,
    )
    .await;
    assert_eq!(status, 201, "{fork}");
    let fork_id = fork["id"].as_str().unwrap();
    let fork_token = fork["edit_token"].as_str().unwrap();
    assert!(is_hex(fork_id, 32) && fork_id != id);
    assert!(is_hex(fork_token, 64) && fork_token != token);
    assert_eq!(fork["revision"], json!(1));
    assert_eq!(fork["share_path"], json!(format!("/s/{fork_id}")));
    assert_eq!(fork["forked_from"], json!({ "id": id, "revision": 1 }));
    let fork_path = format!("/api/v1/scenarios/{fork_id}");
    let (_, view) = app.get_json(&fork_path).await;
    assert_eq!(view["forked_from"], json!({ "id": id, "revision": 1 }));
    assert_eq!(view["name"], json!("original"));
    assert_eq!(
        view["scenario"]["workload"]["requests_per_month"],
        json!(1e6)
    );
    assert!(view["result"] == plan(&app, &example_at(1e6, "original")).await);
    // Each token edits only its own scenario.
    let edit = json!({ "scenario": example_at(4e6, "fork edited") });
    let (status, _) = send(&app, Method::PUT, &path, Some(fork_token), Some(&edit)).await;
    assert_eq!(status, 403);
    let (status, _) = send(&app, Method::PUT, &fork_path, Some(&token), Some(&edit)).await;
    assert_eq!(status, 403);
    let (status, saved) = send(&app, Method::PUT, &fork_path, Some(fork_token), Some(&edit)).await;
    assert_eq!((status, &saved["revision"]), (200, &json!(2)));
    let (_, after) = app.get_json(&format!("{path}?revision=2")).await;
    assert_eq!(
        after, before,
        "forking or editing the fork changed the original"
    );
    // Without ?revision the newest is forked; an unknown revision is 404.
    let (_, latest) = send(&app, Method::POST, &format!("{path}/fork"), None, None).await;
    assert_eq!(latest["forked_from"], json!({ "id": id, "revision": 2 }));
    let (status, missing) = send(
        &app,
        Method::POST,
        &format!("{path}/fork?revision=7"),
        None,
        None,
    )
    .await;
    assert_eq!(
        (status, &missing["error"]["field"]),
        (404, &json!("revision"))
    );
}

#[tokio::test]
async fn delete_removes_the_scenario_and_its_revisions_in_one_go() {
    let app = app(None).await;
    let db = pool(&app).await;
    let (id, token) = create(&app, &example()).await;
    let (keep, _) = create(&app, &example()).await;
    let path = format!("/api/v1/scenarios/{id}");
    send(
        &app,
        Method::PUT,
        &path,
        Some(&token),
        Some(&json!({ "scenario": example() })),
    )
    .await;
    let (_, fork) = send(&app, Method::POST, &format!("{path}/fork"), None, None).await;
    let (status, body) = send(&app, Method::DELETE, &path, Some(&token), None).await;
    assert_eq!((status, body), (204, Value::Null));
    for read in [path.clone(), format!("{path}/revisions")] {
        assert_eq!(app.get_json(&read).await.0, 404, "{read}");
    }
    let (status, _) = send(&app, Method::DELETE, &path, Some(&token), None).await;
    assert_eq!(status, 404);
    for sql in [
        "SELECT COUNT(*) FROM scenarios WHERE id = $1",
        "SELECT COUNT(*) FROM scenario_revisions WHERE scenario_id = $1",
    ] {
        assert_eq!(count(&db, sql, &id).await, 0, "{sql}");
        assert_eq!(count(&db, sql, &keep).await, 1, "{sql}");
    }
    // A fork outlives its original and keeps saying where it came from.
    let fork_id = fork["id"].as_str().unwrap();
    let (status, view) = app.get_json(&format!("/api/v1/scenarios/{fork_id}")).await;
    assert_eq!(status, 200);
    assert_eq!(view["forked_from"], json!({ "id": id, "revision": 2 }));
}
