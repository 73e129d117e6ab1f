//! Several instances on one PostgreSQL database (docs/deploy.md): the migrations of both
//! back ends kept in step; scenarios written through one instance read and revised through
//! another, concurrent saves across instances getting consecutive revisions; a benchmark
//! queued on any instance claimed by exactly one; its events and cancel reaching it from
//! another instance; and a job whose instance is killed -9 failed once its lease expires.
//! Everything but the migrations check needs the PostgreSQL run (`make test` runs this
//! binary a second time with `BREAKEVEN_TEST_BACKEND=postgres`); on the SQLite run those
//! tests are skipped by name (`postgres::shared`), and run alone they say what they need.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use axum::http::Method;
use serde_json::{json, Value};

use super::common::benchmarks::{benchmark, tiny_job, wait_for};
use super::common::scenarios::{create, eight_concurrent_saves, example, example_at, send};
use super::common::{on_postgres, spawn, spawn_beside, TestApp};

/// The migration versions in one back end's directory.
fn versions(backend: &str) -> BTreeSet<String> {
    let dir = format!("{}/migrations/{backend}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".sql"))
        .map(|name| name.split('_').next().unwrap().to_string())
        .collect()
}

/// A NUL character is refused by name wherever a person names something that is stored as
/// text of its own (PostgreSQL's text cannot hold it; on SQLite it would be a name nobody
/// can type back): 422 naming the field on both back ends, never a 500.
#[tokio::test]
async fn a_nul_character_in_a_stored_name_is_refused_by_field() {
    let app = spawn(None).await;
    let mut scenario = example_at(1e6, "before\u{0}after");
    let (status, body) = app
        .post_json("/api/v1/scenarios", &json!({ "scenario": scenario }))
        .await;
    assert_eq!(
        (status, &body["error"]["field"]),
        (422, &json!("scenario.name")),
        "{body}"
    );
    assert!(
        body["error"]["message"].as_str().unwrap().contains("NUL"),
        "{body}"
    );

    scenario["name"] = json!("fine");
    scenario["workload"]["source"] = json!("spend\u{0}.csv, 10 requests");
    let (status, body) = app
        .post_json("/api/v1/scenarios", &json!({ "scenario": scenario }))
        .await;
    assert_eq!(
        (status, &body["error"]["field"]),
        (422, &json!("scenario.workload.source")),
        "{body}"
    );

    let profile = json!({ "name": "our\u{0}bot", "workload": { "requests_per_month": 1e5,
        "input_tokens": 800.0, "output_tokens": 150.0, "cached_input_share": 0.2,
        "peak_to_average": 2.5, "monthly_growth": 0.02 } });
    let (status, body) = app.post_json("/api/v1/profiles", &profile).await;
    assert_eq!(
        (status, &body["error"]["field"]),
        (422, &json!("name")),
        "{body}"
    );

    // Nothing was stored, and the same names without the NUL are.
    scenario["workload"]["source"] = json!("spend.csv, 10 requests");
    let (id, _) = create(&app, &scenario).await;
    let (status, view) = app.get_json(&format!("/api/v1/scenarios/{id}")).await;
    assert_eq!((status, &view["name"]), (200, &json!("fine")), "{view}");
    let (_, listed) = app.get_json("/api/v1/profiles").await;
    assert_eq!(listed["saved"], json!([]), "{listed}");
}

#[test]
fn the_two_back_ends_have_the_same_migrations() {
    let (sqlite, postgres) = (versions("sqlite"), versions("postgres"));
    assert!(sqlite.len() >= 7, "{sqlite:?}");
    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "every migration needs its twin: only in sqlite/ {only_sqlite:?}, only in postgres/ {only_postgres:?}"
    );
}

/// The tests below share a PostgreSQL database between instances.
mod shared {
    use super::*;

    /// The first instance, on a fresh PostgreSQL database.
    async fn first() -> TestApp {
        assert!(
            on_postgres(),
            "postgres::shared needs BREAKEVEN_TEST_BACKEND=postgres and BREAKEVEN_TEST_POSTGRES (make test sets both)"
        );
        spawn(None).await
    }

    async fn instance_of(app: &TestApp) -> String {
        let (status, health) = app.get_json("/api/v1/health").await;
        assert_eq!(status, 200, "{health}");
        assert_eq!(health["database"]["backend"], json!("postgres"), "{health}");
        assert_eq!(health["database"]["journal_mode"], Value::Null, "{health}");
        health["instance"].as_str().unwrap().to_string()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_scenario_written_on_one_instance_is_read_and_revised_on_another() {
        let a = first().await;
        let b = spawn_beside(&a, Duration::from_secs(30), None, |s| s).await;
        assert_ne!(instance_of(&a).await, instance_of(&b).await);
        let (id, token) = create(&a, &example()).await;
        let path = format!("/api/v1/scenarios/{id}");
        let (status, view) = b.get_json(&path).await;
        assert_eq!(status, 200, "{view}");
        assert_eq!(view["revision"], json!(1));
        let edit = json!({ "scenario": example_at(2e6, "edited on B") });
        let (status, saved) = send(&b, Method::PUT, &path, Some(&token), Some(&edit)).await;
        assert_eq!(
            (status, saved["revision"].clone()),
            (200, json!(2)),
            "{saved}"
        );
        let (_, view) = a.get_json(&path).await;
        assert_eq!(view["scenario"]["name"], json!("edited on B"), "{view}");
        // A wrong token is refused whichever instance it reaches, and nothing changes.
        let (status, _) = send(&a, Method::PUT, &path, Some(&"0".repeat(64)), Some(&edit)).await;
        assert_eq!(status, 403);

        // Eight saves at once, alternating instances: eight consecutive revisions.
        let revisions = eight_concurrent_saves(&[&a, &b], &path, &token).await;
        assert_eq!(revisions, (3..=10).collect::<Vec<_>>());
        let (_, list) = b.get_json(&format!("{path}/revisions")).await;
        assert_eq!(list.as_array().unwrap().len(), 10);

        // Deleted through A: gone on B.
        let (status, _) = send(&a, Method::DELETE, &path, Some(&token), None).await;
        assert_eq!(status, 204);
        assert_eq!(b.get_json(&path).await.0, 404);
    }

    /// Which instance holds (held) benchmark `id`, as its row records.
    async fn holder(app: &TestApp, id: i64) -> Option<String> {
        sqlx::query_scalar("SELECT instance FROM benchmarks WHERE id = $1")
            .bind(id)
            .fetch_one(&app.sql().await)
            .await
            .unwrap()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn benchmarks_queued_on_either_instance_each_run_exactly_once() {
        let a = first().await;
        let b = spawn_beside(&a, Duration::from_secs(30), None, |s| s).await;
        let instances = [instance_of(&a).await, instance_of(&b).await];
        // Four jobs queued at once, two through each instance, on the one device both have.
        let submits = (0..4).map(|n| {
            let app = if n % 2 == 0 { &a } else { &b };
            async move { app.post_json("/api/v1/benchmarks", &tiny_job()).await }
        });
        let ids: Vec<i64> = futures_util::future::join_all(submits)
            .await
            .into_iter()
            .map(|(status, queued)| {
                assert_eq!(status, 202, "{queued}");
                queued["id"].as_i64().unwrap()
            })
            .collect();
        for &id in &ids {
            let done = wait_for(&a, id, &["done", "failed"], Duration::from_secs(600)).await;
            assert_eq!(done["status"], json!("done"), "{done}");
            assert!(done["result"]["points"].is_array(), "{done}");
            // Claimed once: one holder recorded, one of the two instances.
            let held_by = holder(&a, id)
                .await
                .expect("a claimed job names its instance");
            assert!(
                instances.contains(&held_by),
                "{held_by} not in {instances:?}"
            );
            // B reads the same stored result.
            assert_eq!(benchmark(&b, id).await["result"], done["result"]);
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_job_run_on_one_instance_streams_and_cancels_through_another() {
        let a = first().await;
        // B serves the app only: it claims no benchmark, so A runs every one.
        let b = spawn_beside(&a, Duration::from_secs(30), Some(Vec::new()), |s| s).await;
        let (instance_a, instance_b) = (instance_of(&a).await, instance_of(&b).await);

        // Queued through B, run by A; B's event stream follows it to the end.
        let (status, queued) = b.post_json("/api/v1/benchmarks", &tiny_job()).await;
        assert_eq!(status, 202, "{queued}");
        let id = queued["id"].as_i64().unwrap();
        let events = b
            .client()
            .get(format!("{}/api/v1/benchmarks/{id}/events", b.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(events.contains("event: status"), "{events}");
        assert!(events.contains("event: progress"), "{events}");
        assert!(events.contains(r#""status":"done""#), "{events}");
        assert_eq!(holder(&a, id).await.as_deref(), Some(instance_a.as_str()));

        // A long job queued through B and cancelled through B while A runs it.
        let mut long = tiny_job();
        long["concurrency"] = json!([1, 2, 4, 8]);
        long["gen_tokens"] = json!(64);
        long["repetitions"] = json!(20);
        let (status, queued) = b.post_json("/api/v1/benchmarks", &long).await;
        assert_eq!(status, 202, "{queued}");
        let id = queued["id"].as_i64().unwrap();
        wait_for(&b, id, &["running"], Duration::from_secs(120)).await;
        let (status, cancel) = b
            .post_json(&format!("/api/v1/benchmarks/{id}/cancel"), &json!({}))
            .await;
        assert_eq!(status, 200, "{cancel}");
        assert_eq!(
            cancel["status"],
            json!("running"),
            "stopping on A: {cancel}"
        );
        let ended = wait_for(
            &b,
            id,
            &["cancelled", "failed", "done"],
            Duration::from_secs(120),
        )
        .await;
        assert_eq!(ended["status"], json!("cancelled"), "{ended}");
        assert_ne!(holder(&b, id).await.as_deref(), Some(instance_b.as_str()));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_job_whose_instance_is_killed_is_failed_when_its_lease_expires() {
        let b = first().await;
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        // Instance A: the real binary, holding its jobs for 2 s without a renewal.
        let mut a = std::process::Command::new(env!("CARGO_BIN_EXE_breakeven"))
            .args([
                "serve",
                "--addr",
                &format!("127.0.0.1:{port}"),
                "--job-lease-s",
                "2",
            ])
            .arg("--db")
            .arg(&b.db_path)
            .arg("--dist")
            .arg(dir.path().join("no-app"))
            .arg("--models-dir")
            .arg(dir.path().join("no-models"))
            .env("RUST_LOG", "error")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let client = reqwest::Client::new();
        let start = Instant::now();
        while !client
            .get(format!("{base}/api/v1/health"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "instance A did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // B (this process) claims nothing, so the job is A's; B's lease is short too, so its
        // keeper looks for expired leases every few hundred milliseconds.
        let b = spawn_beside(&b, Duration::from_secs(2), Some(Vec::new()), |s| s).await;
        let mut long = tiny_job();
        long["concurrency"] = json!([1, 2, 4, 8]);
        long["gen_tokens"] = json!(64);
        long["repetitions"] = json!(50);
        let queued: Value = client
            .post(format!("{base}/api/v1/benchmarks"))
            .json(&long)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = queued["id"].as_i64().expect("queued on A");
        wait_for(&b, id, &["running"], Duration::from_secs(120)).await;
        // SIGKILL: A renews nothing from now on, and records nothing.
        a.kill().unwrap();
        a.wait().unwrap();
        let killed = Instant::now();
        let failed = wait_for(
            &b,
            id,
            &["failed", "done", "cancelled"],
            Duration::from_secs(30),
        )
        .await;
        assert_eq!(failed["status"], json!("failed"), "{failed}");
        assert!(
            failed["error"].as_str().unwrap().contains("lease expired"),
            "{failed}"
        );
        assert!(failed["result"].is_null(), "{failed}");
        eprintln!(
            "job of a killed instance failed {:?} after the kill",
            killed.elapsed()
        );
    }
}
