//! Cost model v2 over HTTP and the command line: a v1 scenario file still validates and gets
//! v2 figures; the new keys are checked, each bad value refused with 422 (exit status 2 from
//! `breakeven plan`) naming its field.

use serde_json::{json, Value};

use crate::common::app;
use crate::common::cli;
use crate::common::scenarios::{example, plan, WORKED_EXAMPLE};

/// Hand-worked figures of examples/worked-example.json (gpt-4o at $2.50 and $10 per million
/// input and output tokens; one GPU at $0.80/h; t = 500/5000 + 200/500 = 0.5 s a request).
mod worked {
    /// A request on the API: (500·2.50 + 200·10)/1e6.
    pub const API_USD_PER_REQUEST: f64 = 0.00325;
    /// Peak rate 1e6·3/(730·3600) = 1.1416/s needs ⌈1.1416·0.5/0.7⌉ = 1 replica, on one
    /// 1-GPU instance billed all 730 hours: 730 · $0.80. With no discount a reserved hour
    /// costs what an on-demand one does, and the optimal base is the smallest on a tie: 0.
    pub const FLEET_USD: f64 = 584.0;
    /// SLM at 0.8·1e6 requests (still one replica) + LLM at (0.2 + 0.1·0.8)·1e6 = 280,000
    /// requests: 584 + 280,000 · 0.00325.
    pub const HYBRID_USD: f64 = 584.0 + 910.0;
}

fn close(v: &Value, expected: f64) -> bool {
    v.as_f64()
        .is_some_and(|x| (x - expected).abs() <= 1e-9 * expected.abs().max(1.0))
}

#[tokio::test]
async fn a_v1_scenario_file_validates_and_gets_v2_figures() {
    let app = app(None).await;
    let r = plan(&app, &example()).await;
    assert_eq!(r["format"], json!("breakeven.plan.v3"));
    assert_eq!(r["model_version"], json!(2));
    assert!(close(
        &r["api"]["monthly_usd"],
        1e6 * worked::API_USD_PER_REQUEST
    ));
    let own = &r["self_hosted"];
    assert!(close(&own["monthly_usd"], worked::FLEET_USD), "{own}");
    // The fleet's v2 figures, flattened into the option: peak replicas and instances, the
    // bill by part, one schedule entry without a load shape, no policies without one.
    assert_eq!(own["replicas"], json!(1.0));
    assert_eq!(own["instances"], json!(1.0));
    assert_eq!(own["reserved_instances"], json!(0.0));
    assert!(close(&own["gpu_hours_per_month"], 730.0), "{own}");
    assert!(close(&own["replica_hours_per_month"], 730.0), "{own}");
    let breakdown = &own["breakdown"];
    assert!(
        close(&breakdown["on_demand_usd"], worked::FLEET_USD),
        "{breakdown}"
    );
    for part in [
        "reserved_usd",
        "spot_usd",
        "cold_start_usd",
        "owned_capital_usd",
        "owned_energy_usd",
        "ops_usd",
        "fixed_usd",
    ] {
        assert_eq!(breakdown[part], json!(0.0), "{part}");
    }
    assert_eq!(
        own["schedule"],
        json!([{ "replicas": 1.0, "instances": 1.0, "reserved": 0.0, "burst": 1.0 }])
    );
    assert_eq!(own["policies"], Value::Null);
    assert!(close(&r["hybrid"]["monthly_usd"], worked::HYBRID_USD));
    assert_eq!(r["hybrid"]["replicas"], json!(1.0));
    // No quality floor: every option is feasible and the cheapest, self-hosting, wins.
    for option in ["api", "self_hosted", "hybrid"] {
        assert_eq!(r[option]["meets_quality"], json!(true), "{option}");
    }
    assert_eq!(r["recommended"], json!("self_hosted"));
    // One replica is enough up to 1.4/s at the peak (1,226,400 requests a month), far past
    // where the API's bill reaches the fleet's: R* = 584 / 0.00325.
    assert!(close(
        &r["break_even"]["requests_per_month"],
        worked::FLEET_USD / worked::API_USD_PER_REQUEST
    ));
    // v2 says what v1 left silent: nobody is paid to run the fleet.
    assert_eq!(
        r["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| (w["code"].as_str().unwrap(), w["field"].as_str().unwrap()))
            .collect::<Vec<_>>(),
        [("no_people_cost", "slm.ops_fte")]
    );
    assert!(!r["sensitivity_recommended"].as_array().unwrap().is_empty());
}

/// The office-hours shape of the customer-support preset's kind: 9 to 17 busy, a little
/// traffic early and late, none at night.
fn office_hours() -> Vec<f64> {
    (0..24)
        .map(|h| match h {
            9..=16 => 10.0,
            7 | 8 | 17 | 18 => 3.0,
            _ => 0.0,
        })
        .collect()
}

/// The worked example with `change` applied to its JSON.
fn changed(change: impl FnOnce(&mut Value)) -> Value {
    let mut s = example();
    change(&mut s);
    s
}

/// A self-hosted SLM on owned GPUs instead of the typed price.
fn owned(s: &mut Value) {
    s["slm"].as_object_mut().unwrap().remove("gpu_usd_per_hour");
    s["slm"]["owned"] = json!({ "purchase_usd": 30000, "amortisation_months": 36,
        "power_watts": 350, "pue": 1.4, "electricity_usd_per_kwh": 0.15 });
}

/// Bad v2 inputs: (what, the scenario, the field refused, a word of its message).
fn bad_inputs() -> Vec<(&'static str, Value, &'static str, &'static str)> {
    vec![
        (
            "a 169-value load shape",
            changed(|s| s["workload"]["load_shape"] = json!(vec![1.0; 169])),
            "workload.load_shape",
            "must have 24 or 168 values (got 169)",
        ),
        (
            "a negative weight",
            changed(|s| {
                let mut shape = office_hours();
                shape[3] = -1.0;
                s["workload"]["load_shape"] = json!(shape);
            }),
            "workload.load_shape[3]",
            "(got -1)",
        ),
        (
            "all-zero weights",
            changed(|s| s["workload"]["load_shape"] = json!(vec![0.0; 24])),
            "workload.load_shape",
            "at least one value above 0",
        ),
        (
            "all-zero days",
            changed(|s| {
                s["workload"]
                    .as_object_mut()
                    .unwrap()
                    .remove("peak_to_average");
                s["workload"]["load_shape"] = json!(office_hours());
                s["workload"]["weekly_shape"] = json!(vec![0.0; 7]);
            }),
            "workload.weekly_shape",
            "at least one value above 0",
        ),
        (
            "hourly scaling without a shape",
            changed(|s| s["slm"]["scaling"] = json!("hourly")),
            "slm.scaling",
            "needs workload.load_shape",
        ),
        (
            "no minimum replica while always on",
            changed(|s| s["slm"]["min_replicas"] = json!(0)),
            "slm.min_replicas",
            "always-on",
        ),
        (
            "a spot share without a spot price",
            changed(|s| s["slm"]["spot_share"] = json!(0.5)),
            "slm.spot_share",
            "needs slm.spot_usd_per_hour",
        ),
        (
            "reserved instances of owned GPUs",
            changed(|s| {
                owned(s);
                s["slm"]["reserved_instances"] = json!(1);
            }),
            "slm.reserved_instances",
            "with slm.owned",
        ),
        (
            "a replica spanning part of an 8-GPU instance",
            changed(|s| {
                s["slm"].as_object_mut().unwrap().remove("gpu_usd_per_hour");
                s["slm"]["gpu"] = json!("aws:p5.48xlarge");
                s["slm"]["gpus_per_replica"] = json!(12);
            }),
            "slm.gpus_per_replica",
            "multiple of the instance's 8 GPUs",
        ),
        (
            "billed hours with a load shape",
            changed(|s| {
                s["workload"]
                    .as_object_mut()
                    .unwrap()
                    .remove("peak_to_average");
                s["workload"]["load_shape"] = json!(office_hours());
                s["slm"]["hours_per_month"] = json!(200);
            }),
            "slm.hours_per_month",
            "is not used with workload.load_shape",
        ),
    ]
}

#[tokio::test]
async fn every_bad_v2_input_is_422_naming_its_field() {
    let app = app(None).await;
    for (what, scenario, field, words) in bad_inputs() {
        let (status, body) = app
            .post_plan(&scenario.to_string(), "application/json")
            .await;
        assert_eq!(status, 422, "{what}: {body}");
        let errors = body["errors"].as_array().unwrap();
        // Only the field at fault is refused, so the message points at what to change.
        assert_eq!(errors.len(), 1, "{what}: {body}");
        assert_eq!(body["error"]["field"], json!(field), "{what}: {body}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(words), "{what}: {message}");
    }
    // The same inputs with the mistake mended are accepted: a replica of 3 GPUs shares an
    // 8-GPU instance with one other (⌊8/3⌋ = 2 per instance).
    let mut p5 = changed(|s| {
        s["slm"].as_object_mut().unwrap().remove("gpu_usd_per_hour");
        s["slm"]["gpu"] = json!("aws:p5.48xlarge");
        s["slm"]["gpus_per_replica"] = json!(3);
    });
    let r = plan(&app, &p5).await;
    assert_eq!(r["self_hosted"]["replicas"], json!(1.0));
    assert_eq!(r["self_hosted"]["instances"], json!(1.0));
    // A whole p5.48xlarge (8 GPUs at $6.88) all month, though the replica uses 3.
    assert!(close(&r["self_hosted"]["monthly_usd"], 8.0 * 6.88 * 730.0));
    p5["slm"]["gpus_per_replica"] = json!(16);
    let r = plan(&app, &p5).await;
    assert_eq!(r["self_hosted"]["instances"], json!(2.0));
}

#[tokio::test]
async fn a_v2_scenario_gets_its_week_policies_and_recommendation() {
    let app = app(None).await;
    let scenario = changed(|s| {
        s["workload"]
            .as_object_mut()
            .unwrap()
            .remove("peak_to_average");
        s["workload"]["requests_per_month"] = json!(5e6);
        s["workload"]["load_shape"] = json!(office_hours());
        s["workload"]["weekly_shape"] = json!([1, 1, 1, 1, 1, 0, 0]);
        s["slm"]["scaling"] = json!("hourly");
        s["slm"]["min_replicas"] = json!(0);
        s["slm"]["ops_fte"] = json!(0.25);
        s["slm"]["fte_usd_per_year"] = json!(180000);
        s["routing"]["slm_quality"] = json!(0.8);
        s["routing"]["llm_quality"] = json!(0.9);
        s["routing"]["min_quality"] = json!(0.85);
    });
    let r = plan(&app, &scenario).await;
    let own = &r["self_hosted"];
    assert_eq!(own["schedule"].as_array().unwrap().len(), 168);
    // Nights and weekends scale to zero.
    assert_eq!(own["schedule"][0]["replicas"], json!(0.0));
    assert_eq!(own["schedule"][24 * 5 + 12]["replicas"], json!(0.0));
    // A quarter of a $180,000 engineer: $3,750 a month.
    assert!(close(&own["breakdown"]["ops_usd"], 3750.0), "{own}");
    let policies = &own["policies"];
    let hourly = policies["hourly_usd"].as_f64().unwrap();
    assert!(
        hourly < policies["always_on_usd"].as_f64().unwrap(),
        "{policies}"
    );
    // Quality floor 0.85: the SLM alone (0.8) and the hybrid (0.8·(0.9·0.8 + 0.1·0.9) +
    // 0.2·0.9 = 0.828) fall short, so only the API can be recommended.
    assert_eq!(own["meets_quality"], json!(false));
    assert_eq!(r["hybrid"]["meets_quality"], json!(false));
    assert_eq!(r["recommended"], json!("api"));
    assert!(r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|w| w["code"] != json!("no_people_cost")));
}

#[test]
fn the_cli_exits_2_naming_the_field_of_a_bad_v2_input() {
    let (_, scenario, field, words) = bad_inputs()
        .into_iter()
        .find(|(_, _, field, _)| *field == "slm.scaling")
        .unwrap();
    let (code, stdout, stderr) = cli::run("plan", &["-"], &scenario.to_string());
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty());
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].starts_with(&format!("{field}: ")) && lines[0].contains(words),
        "{stderr}"
    );
}

#[test]
fn the_cli_table_shows_the_v2_headline() {
    let (code, stdout, stderr) = cli::run("plan", &["-", "--format", "table"], WORKED_EXAMPLE);
    assert_eq!(code, 0, "{stderr}");
    let table = String::from_utf8(stdout).unwrap();
    for line in [
        "recommended: SLM (all traffic)",
        "self-hosted fleet (all traffic): peak 1 replica on 1 instance (0 reserved), 730 GPU-hours/month",
        "  on-demand GPUs                   $584.00",
        "break-even: 179,692 requests/month",
        "warnings:",
    ] {
        assert!(table.contains(line), "{line:?} not in\n{table}");
    }
    // A warning names its field, and the fields it mentions, in words, never as raw keys.
    let warning = table
        .lines()
        .find(|l| l.contains("no people or tooling cost"))
        .unwrap();
    assert!(warning.starts_with("  Operations staff: "), "{warning}");
    assert!(!warning.contains("slm."), "{warning}");
    // With a shape and hourly scaling: the policies, and what no option meeting the floor
    // looks like.
    let mut scenario = example();
    scenario["workload"]
        .as_object_mut()
        .unwrap()
        .remove("peak_to_average");
    scenario["workload"]["load_shape"] = json!(office_hours());
    scenario["slm"]["scaling"] = json!("hourly");
    scenario["routing"]["slm_quality"] = json!(0.5);
    scenario["routing"]["llm_quality"] = json!(0.6);
    scenario["routing"]["min_quality"] = json!(0.9);
    let (code, stdout, stderr) =
        cli::run("plan", &["-", "--format", "table"], &scenario.to_string());
    assert_eq!(code, 0, "{stderr}");
    let table = String::from_utf8(stdout).unwrap();
    assert!(
        table.contains("scaling policies (self-hosted, month 1): always on $"),
        "{table}"
    );
    assert!(
        table.contains("recommended: none (no option meets the quality floor)"),
        "{table}"
    );
    assert!(
        table.contains("below the quality floor: LLM API, SLM (all traffic), hybrid"),
        "{table}"
    );
}
