//! The workbook in real readers: openpyxl reads its formulas, cached results and number
//! formats; LibreOffice (headless, one soffice for every workbook) recalculates it, and every
//! derived figure must equal the engine's to the cent. A changed input cell (requests per
//! month doubled) must move the results to what the engine computes for that input.
//!
//! Needs python3 with openpyxl and uno, and soffice: `scripts/setup.sh test` installs them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use report::{Provenance, ReportScenario, TableRef};
use serde_json::Value;
use tco::input::{
    ApiInput, FinanceInput, OwnedInput, QuantileRange, RoutingInput, RoutingMode, Serving,
    SlmInput, UncertaintyInput, WorkloadInput,
};
use tco::ScenarioInput;

const CENT: f64 = 0.005;
const MARKUP_NAME: &str = "<b>\"Q3\" & 'plan'</b> =1+1 <script>alert('x')</script>";

fn provenance() -> Provenance {
    Provenance {
        app_version: "0.1.0".into(),
        price_table: TableRef {
            id: Some(1),
            label: pricing::bundled_table().source.label(),
            as_of: "2026-11-22".into(),
        },
        scenario_id: Some("0123456789abcdef0123456789abcdef".into()),
        revision: Some(3),
        share_link: Some("https://breakeven.example/s/0123456789abcdef0123456789abcdef".into()),
        generated_unix: 1_795_363_200,
        benchmarks: vec![report::BenchmarkRef {
            id: 3,
            hardware: "smollm2-135m q8_0 on cpu".into(),
            label: "measured".into(),
        }],
    }
}

/// The planner's opening form (app/src/form.rs `defaults`) as the ScenarioInput it sends.
fn default_input() -> ScenarioInput {
    let w = &profiles::default_preset().workload;
    ScenarioInput {
        name: Some("Customer-support assistant".into()),
        workload: Some(WorkloadInput {
            requests_per_month: Some(w.requests_per_month),
            input_tokens: Some(w.input_tokens),
            output_tokens: Some(w.output_tokens),
            cached_input_share: Some(w.cached_input_share),
            peak_to_average: Some(w.peak_to_average),
            monthly_growth: Some(w.monthly_growth),
            ..Default::default()
        }),
        llm: Some(ApiInput {
            model: Some("gpt-4o".into()),
            ..Default::default()
        }),
        slm: Some(SlmInput {
            serving: Some(Serving::SelfHosted),
            gpu: Some("aws:g6.xlarge".into()),
            gpu_price: Some(tco::input::GpuPriceKind::OnDemand),
            gpus_per_replica: Some(1.0),
            prefill_tokens_per_s: Some(5000.0),
            decode_tokens_per_s: Some(500.0),
            target_utilization: Some(0.7),
            min_replicas: Some(1.0),
            one_time_usd: Some(10_000.0),
            ..Default::default()
        }),
        routing: Some(RoutingInput {
            mode: Some(RoutingMode::Router),
            slm_share: Some(0.8),
            escalation_rate: Some(0.1),
            router_usd_per_request: Some(0.0),
            ..Default::default()
        }),
        finance: Some(FinanceInput {
            horizon_months: Some(36.0),
            discount_rate_annual: Some(0.1),
        }),
        uncertainty: None,
    }
}

/// A cascade onto a hosted SLM, with cached input, a router fee, qualities, growth and a
/// Monte Carlo.
fn cascade_input() -> ScenarioInput {
    let mut i = default_input();
    i.name = Some("Ticket triage cascade".into());
    let w = i.workload.as_mut().unwrap();
    w.cached_input_share = Some(0.5);
    w.monthly_growth = Some(0.02);
    i.slm = Some(SlmInput {
        serving: Some(Serving::Api),
        model: Some("deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct".into()),
        usd_per_request: Some(0.00001),
        one_time_usd: Some(5000.0),
        ..Default::default()
    });
    i.routing = Some(RoutingInput {
        mode: Some(RoutingMode::Cascade),
        escalation_rate: Some(0.3),
        router_usd_per_request: Some(0.00002),
        slm_quality: Some(0.8),
        llm_quality: Some(0.95),
        min_quality: Some(0.85),
        ..Default::default()
    });
    i.uncertainty = Some(UncertaintyInput {
        draws: Some(500.0),
        seed: Some(7),
        inputs: [(
            "workload.requests_per_month".to_string(),
            QuantileRange {
                p10: 6e5,
                p90: 1.5e6,
            },
        )]
        .into(),
    });
    i
}

/// Owned GPUs, two per replica, a floor of two replicas, growth that climbs the staircase
/// over a 60-month horizon.
fn owned_input() -> ScenarioInput {
    ScenarioInput {
        name: Some("On-prem fleet, 60 months".into()),
        workload: Some(WorkloadInput {
            requests_per_month: Some(3e6),
            input_tokens: Some(800.0),
            output_tokens: Some(300.0),
            cached_input_share: Some(0.2),
            peak_to_average: Some(2.5),
            monthly_growth: Some(0.05),
            ..Default::default()
        }),
        llm: Some(ApiInput {
            model: Some("gpt-4o".into()),
            output_usd_per_mtok: Some(12.0),
            ..Default::default()
        }),
        slm: Some(SlmInput {
            serving: Some(Serving::SelfHosted),
            owned: Some(OwnedInput {
                purchase_usd: Some(30_000.0),
                amortisation_months: Some(36.0),
                power_watts: Some(700.0),
                pue: Some(1.3),
                electricity_usd_per_kwh: Some(0.12),
            }),
            gpus_per_replica: Some(2.0),
            prefill_tokens_per_s: Some(8000.0),
            decode_tokens_per_s: Some(900.0),
            target_utilization: Some(0.6),
            min_replicas: Some(2.0),
            hours_per_month: Some(720.0),
            fixed_usd_per_month: Some(1500.0),
            throughput_source: Some("benchmark #3: smollm2-135m q8_0 on cpu, concurrency 4".into()),
            one_time_usd: Some(50_000.0),
            ..Default::default()
        }),
        routing: Some(RoutingInput {
            slm_share: Some(0.7),
            escalation_rate: Some(0.15),
            router_usd_per_request: Some(0.00002),
            ..Default::default()
        }),
        finance: Some(FinanceInput {
            horizon_months: Some(60.0),
            discount_rate_annual: Some(0.08),
        }),
        uncertainty: None,
    }
}

fn markup_input() -> ScenarioInput {
    let mut i = default_input();
    i.name = Some(MARKUP_NAME.into());
    let slm = i.slm.as_mut().unwrap();
    slm.gpu = None;
    slm.gpu_price = None;
    slm.gpu_usd_per_hour = Some(1.1);
    i.workload.as_mut().unwrap().requests_per_month = Some(2.5e6);
    i
}

/// Edge branches: no tokens (a request costs no GPU time, so the fleet is flat and the
/// break-even is (m·G + F)/c), a flat LLM fee per request, and no traffic to the SLM.
fn edge_input() -> ScenarioInput {
    let mut i = default_input();
    i.name = Some("No tokens, flat fee".into());
    let w = i.workload.as_mut().unwrap();
    w.input_tokens = Some(0.0);
    w.output_tokens = Some(0.0);
    i.llm = Some(ApiInput {
        usd_per_request: Some(0.002),
        ..Default::default()
    });
    i.routing.as_mut().unwrap().slm_share = Some(0.0);
    i
}

fn compute(input: ScenarioInput) -> ReportScenario {
    ReportScenario::compute(input, pricing::bundled_table(), provenance()).expect("valid scenario")
}

fn doubled(mut input: ScenarioInput) -> ScenarioInput {
    let w = input.workload.as_mut().unwrap();
    w.requests_per_month = w.requests_per_month.map(|r| r * 2.0);
    input
}

/// The python with openpyxl and uno: Debian's (apt installs python3-uno there), unless
/// BREAKEVEN_PYTHON names another.
fn python() -> String {
    std::env::var("BREAKEVEN_PYTHON").unwrap_or_else(|_| {
        if Path::new("/usr/bin/python3").exists() {
            "/usr/bin/python3".into()
        } else {
            "python3".into()
        }
    })
}

fn require_tools() {
    let py = python();
    let ok = Command::new(&py)
        .args(["-c", "import openpyxl, uno"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(ok, "{py} with openpyxl and uno is missing (Debian python3-openpyxl, python3-uno): run scripts/setup.sh test");
    let soffice = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(soffice, "soffice (LibreOffice) is missing (Debian libreoffice-calc-nogui): run scripts/setup.sh test");
}

/// One workbook as the readers saw it.
struct Read {
    rs: Vec<ReportScenario>,
    /// openpyxl: sheet names, cells as stored, cached results, defined names.
    stored: Value,
    /// LibreOffice after calculateAll.
    calc: Value,
}

struct Fixture {
    books: HashMap<&'static str, Read>,
    _dir: tempfile::TempDir,
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// A workbook to write: its key, its scenarios, and named inputs LibreOffice changes first.
type Book = (&'static str, Vec<ScenarioInput>, Vec<(&'static str, f64)>);

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        require_tools();
        let tmp = tempfile::tempdir().unwrap();
        let books: Vec<Book> = vec![
            ("default", vec![default_input()], vec![]),
            ("default_x2", vec![doubled(default_input())], vec![]),
            ("default_live", vec![default_input()], vec![("requests_per_month", 2e6)]),
            ("cascade", vec![cascade_input()], vec![]),
            ("cascade_live", vec![cascade_input()], vec![("requests_per_month", 2e6)]),
            ("owned", vec![owned_input()], vec![]),
            ("owned_live", vec![owned_input()], vec![("requests_per_month", 6e6)]),
            ("compare", vec![default_input(), markup_input()], vec![]),
            ("edge", vec![edge_input()], vec![]),
        ];
        let mut jobs = Vec::new();
        let mut files = Vec::new();
        let mut rs_of = HashMap::new();
        for (key, inputs, set) in &books {
            let rs: Vec<ReportScenario> = inputs.iter().cloned().map(compute).collect();
            let bytes = report::xlsx::render(&rs).expect("workbook");
            let file = tmp.path().join(format!("{key}.xlsx"));
            std::fs::write(&file, bytes).unwrap();
            let set: serde_json::Map<String, Value> = set.iter().map(|(k, v)| (k.to_string(), Value::from(*v))).collect();
            jobs.push(serde_json::json!({"file": file, "out": tmp.path().join(format!("{key}.calc.json")), "set": set}));
            files.push(file);
            rs_of.insert(*key, rs);
        }
        let stored_json = tmp.path().join("stored.json");
        let out = Command::new(python()).arg(dir().join("read_formulas.py")).arg(&stored_json).args(&files).output().unwrap();
        assert!(out.status.success(), "read_formulas.py failed: {}", String::from_utf8_lossy(&out.stderr));
        let jobs_json = tmp.path().join("jobs.json");
        let spec = serde_json::json!({"profile": tmp.path().join("lo-profile"), "jobs": jobs});
        std::fs::write(&jobs_json, spec.to_string()).unwrap();
        let out = Command::new(python()).arg(dir().join("recalc.py")).arg(&jobs_json).output().unwrap();
        assert!(out.status.success(), "recalc.py failed: {}", String::from_utf8_lossy(&out.stderr));
        let stored: Value = serde_json::from_str(&std::fs::read_to_string(&stored_json).unwrap()).unwrap();
        let mut map = HashMap::new();
        for (key, _, _) in &books {
            let file = tmp.path().join(format!("{key}.xlsx"));
            let calc: Value = serde_json::from_str(&std::fs::read_to_string(tmp.path().join(format!("{key}.calc.json"))).unwrap()).unwrap();
            map.insert(*key, Read { rs: rs_of.remove(key).unwrap(), stored: stored[file.to_str().unwrap()].clone(), calc });
        }
        Fixture { books: map, _dir: tmp }
    })
}

impl Read {
    fn sheets(&self) -> Vec<String> {
        self.stored["sheets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    }
    fn stored(&self, sheet: &str, cell: &str) -> &Value {
        &self.stored["cells"][sheet][cell][0]
    }
    fn format(&self, sheet: &str, cell: &str) -> &str {
        self.stored["cells"][sheet][cell][1].as_str().unwrap_or("")
    }
    fn calc(&self, sheet: &str, cell: &str) -> &Value {
        &self.calc["cells"][sheet][cell]
    }
    /// The row (1-based) whose column A reads `label`.
    fn row_of(&self, sheet: &str, label: &str) -> u32 {
        let cells = self.stored["cells"][sheet]
            .as_object()
            .unwrap_or_else(|| panic!("no sheet {sheet}"));
        cells
            .iter()
            .find(|(k, v)| {
                k.starts_with('A') && k[1..].chars().all(|c| c.is_ascii_digit()) && v[0] == label
            })
            .map(|(k, _)| k[1..].parse().unwrap())
            .unwrap_or_else(|| panic!("{sheet}: no row labelled {label:?}"))
    }
    /// The column letter whose header (row `row`) reads `header`.
    fn col_of(&self, sheet: &str, row: u32, header: &str) -> String {
        let cells = self.stored["cells"][sheet].as_object().unwrap();
        cells
            .iter()
            .find(|(k, v)| {
                k.ends_with(&format!("{row}"))
                    && k.trim_end_matches(char::is_numeric).len() + row.to_string().len() == k.len()
                    && v[0] == header
            })
            .map(|(k, _)| k.trim_end_matches(char::is_numeric).to_string())
            .unwrap_or_else(|| panic!("{sheet}: no column {header:?} in row {row}"))
    }
}

fn num(v: &Value, what: &str) -> f64 {
    v.as_f64()
        .unwrap_or_else(|| panic!("{what}: expected a number, got {v}"))
}

fn assert_cent(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() < CENT,
        "{what}: workbook {got}, engine {want}"
    );
}

/// The prefix of a scenario's sheets.
fn pre(read: &Read, i: usize) -> String {
    if read.rs.len() > 1 {
        format!("S{} ", i + 1)
    } else {
        String::new()
    }
}

/// Every figure of the Summary, the cash flow and the routing curve, as LibreOffice
/// computed it (from `calc`), against the engine's plan `want`.
fn check_figures(read: &Read, calc: &Value, i: usize, want: &tco::PlanResult, label: &str) {
    let p = pre(read, i);
    let get = |sheet: &str, cell: &str| calc["cells"][sheet][cell].clone();
    let summary = format!("{p}Summary");
    let sv = |l: &str| get(&summary, &format!("B{}", read.row_of(&summary, l)));
    let cent = |l: &str, w: f64| assert_cent(num(&sv(l), l), w, &format!("{label}: {l}"));
    cent("LLM API: monthly cost (month 1)", want.api.monthly_usd);
    cent(
        "Self-hosted / SLM: monthly cost (month 1)",
        want.self_hosted.monthly_usd,
    );
    cent("Hybrid: monthly cost (month 1)", want.hybrid.monthly_usd);
    cent(
        "Self-hosted: NPV over the horizon",
        want.roi.self_hosted.npv_usd,
    );
    cent("Hybrid: NPV over the horizon", want.roi.hybrid.npv_usd);
    cent(
        "Self-hosted: cumulative savings over the horizon",
        want.roi.self_hosted.cumulative_savings_usd,
    );
    cent(
        "Hybrid: cumulative savings over the horizon",
        want.roi.hybrid.cumulative_savings_usd,
    );
    let c = num(&sv("LLM API cost per request"), "c");
    assert!(
        (c - want.api.usd_per_request.unwrap()).abs() < 1e-12,
        "{label}: cost per request {c}"
    );
    for (l, m) in [
        (
            "Self-hosted: payback month",
            want.roi.self_hosted.payback_month,
        ),
        ("Hybrid: payback month", want.roi.hybrid.payback_month),
    ] {
        match m {
            Some(m) => assert_eq!(num(&sv(l), l), f64::from(m), "{label}: {l}"),
            None => assert_eq!(sv(l), "not within the horizon", "{label}: {l}"),
        }
    }
    match want.break_even.requests_per_month {
        Some(b) => assert!(
            (num(&sv("Break-even volume"), "R*") - b).abs() <= 1e-6 * b.max(1.0),
            "{label}: break-even"
        ),
        None => assert_eq!(sv("Break-even volume"), "none", "{label}: break-even"),
    }
    match want.routing_best_slm_share {
        Some(s) => assert!(
            (num(&sv("Best SLM share on the routing curve"), "best") - s).abs() < 1e-12,
            "{label}: best share"
        ),
        None => assert_eq!(
            sv("Best SLM share on the routing curve"),
            "none meets the minimum quality"
        ),
    }

    let cash = format!("{p}Monthly cash flow");
    let col = |h: &str| read.col_of(&cash, 4, h);
    let month0 = 5;
    let x = want.roi.self_hosted.one_time_usd;
    for key in [
        "Self-hosted: cumulative savings (net of one-time cost)",
        "Hybrid: cumulative savings (net of one-time cost)",
    ] {
        assert_cent(
            num(&get(&cash, &format!("{}{month0}", col(key))), key),
            -x,
            &format!("{label}: month 0 {key}"),
        );
    }
    for (sh, hy) in want
        .roi
        .self_hosted
        .months
        .iter()
        .zip(&want.roi.hybrid.months)
    {
        let row = month0 + sh.month;
        assert_eq!(
            num(&get(&cash, &format!("A{row}")), "month"),
            f64::from(sh.month)
        );
        let at = |h: &str| num(&get(&cash, &format!("{}{row}", col(h))), h);
        let m = sh.month;
        assert!(
            (at("Requests") - sh.requests).abs() <= 1e-9 * sh.requests.max(1.0),
            "{label}: month {m} requests"
        );
        for (h, w) in [
            ("LLM API cost", sh.api_usd),
            ("Self-hosted: monthly cost", sh.option_usd),
            ("Self-hosted: savings vs API", sh.savings_usd),
            (
                "Self-hosted: cumulative savings (net of one-time cost)",
                sh.cumulative_net_usd,
            ),
            ("Hybrid: monthly cost", hy.option_usd),
            ("Hybrid: savings vs API", hy.savings_usd),
            (
                "Hybrid: cumulative savings (net of one-time cost)",
                hy.cumulative_net_usd,
            ),
        ] {
            assert_cent(at(h), w, &format!("{label}: month {m} {h}"));
        }
    }
    let curve = format!("{p}Routing curve");
    for (k, point) in want.routing_curve.iter().enumerate() {
        let row = 5 + k;
        assert!((num(&get(&curve, &format!("A{row}")), "share") - point.slm_share).abs() < 1e-15);
        assert_cent(
            num(&get(&curve, &format!("I{row}")), "hybrid"),
            point.monthly_usd,
            &format!("{label}: curve at {}", point.slm_share),
        );
        if let Some(q) = point.quality {
            assert!((num(&get(&curve, &format!("J{row}")), "quality") - q).abs() < 1e-12);
        }
    }
}

/// Every formula's cached result (what a reader that does not recalculate shows) equals
/// LibreOffice's recalculated value, and nothing evaluates to an error.
fn check_cached_equals_calc(read: &Read) {
    let errors = read.calc["errors"].as_array().unwrap();
    assert!(
        errors.is_empty(),
        "cells evaluating to an error: {errors:?}"
    );
    let mut formulas = 0;
    for sheet in read.sheets() {
        let cells = read.stored["cells"][&sheet].as_object().unwrap();
        for (cell, v) in cells {
            let Some(f) = v[0].as_str().filter(|s| s.starts_with('=')) else {
                continue;
            };
            formulas += 1;
            let cached = &read.stored["cached"][&sheet][cell];
            let calc = read.calc(&sheet, cell);
            match (cached.as_f64(), calc.as_f64()) {
                (Some(a), Some(b)) => assert!(
                    (a - b).abs() <= 1e-9 * a.abs().max(1.0),
                    "{sheet}!{cell} {f}: cached {a}, LibreOffice {b}"
                ),
                _ => {
                    // Booleans: openpyxl reads true/false, LibreOffice 1/0; empty text: absent.
                    let norm = |v: &Value| match v {
                        Value::Bool(b) => Value::from(if *b { 1.0 } else { 0.0 }),
                        Value::Null => Value::from(""),
                        other => other.clone(),
                    };
                    assert_eq!(norm(cached), norm(calc), "{sheet}!{cell} {f}");
                }
            }
        }
    }
    assert!(formulas > 100, "only {formulas} formulas");
}

#[test]
fn sheet_names_formulas_and_number_formats() {
    let r = &fixture().books["default"];
    assert_eq!(
        r.sheets(),
        [
            "Summary",
            "Inputs",
            "Monthly cash flow",
            "Routing curve",
            "Sensitivity",
            "Provenance"
        ]
    );
    let names = r.stored["names"].as_object().unwrap();
    assert!(
        names["requests_per_month"]
            .as_str()
            .unwrap()
            .starts_with("Inputs!$B$"),
        "{names:?}"
    );
    // Inputs are values; the GPU price of a table offer is a formula over the offer's price.
    let input_row = r.row_of("Inputs", "Requests per month (month 1)");
    assert_eq!(r.stored("Inputs", &format!("B{input_row}")), 1e6);
    assert_eq!(r.format("Inputs", &format!("B{input_row}")), "#,##0");
    let gpu = r.row_of("Inputs", "GPU price");
    assert_eq!(
        r.stored("Inputs", &format!("B{gpu}")),
        "=gpu_listed_usd_per_hour*(1-gpu_discount)"
    );
    for (label, format) in [
        ("LLM API cost per request", "$#,##0.000000"),
        ("LLM API: monthly cost (month 1)", "$#,##0.00"),
        ("Self-hosted: NPV over the horizon", "$#,##0.00"),
        ("Hybrid: payback month", "#,##0"),
        ("Monthly discount rate", "0.0%"),
        ("Break-even volume", "#,##0"),
    ] {
        let cell = format!("B{}", r.row_of("Summary", label));
        let f = r
            .stored("Summary", &cell)
            .as_str()
            .unwrap_or_else(|| panic!("{label} is not a formula"));
        assert!(f.starts_with('='), "{label}: {f}");
        assert_eq!(r.format("Summary", &cell), format, "{label}");
    }
    let cell = format!("B{}", r.row_of("Summary", "LLM API cost per request"));
    assert_eq!(
        r.stored("Summary", &cell),
        "=(input_tokens*(1-cached_input_share)*llm_input_usd_per_mtok+input_tokens*cached_input_share*llm_cached_input_usd_per_mtok+output_tokens*llm_output_usd_per_mtok)/1000000+llm_usd_per_request"
    );
    // Every derived cell of the cash flow (all but the month column) is a formula.
    for row in 6..=41 {
        for col in ["B", "C", "E", "F", "G", "H", "I", "R", "S", "T", "U"] {
            let v = r.stored("Monthly cash flow", &format!("{col}{row}"));
            assert!(
                v.as_str().is_some_and(|f| f.starts_with('=')),
                "Monthly cash flow!{col}{row} is {v}"
            );
        }
    }
    assert_eq!(r.format("Monthly cash flow", "F6"), "$#,##0.00");
    assert_eq!(r.format("Routing curve", "A5"), "0.0%");
    // Provenance carries every field.
    let prov = r.stored["cells"]["Provenance"].to_string();
    for needle in [
        "0123456789abcdef0123456789abcdef",
        "https://breakeven.example/s/",
        "2026-11-22",
        "smollm2-135m q8_0 on cpu",
        "measured",
        "0.1.0",
        "LiteLLM",
    ] {
        assert!(prov.contains(needle), "Provenance lacks {needle}");
    }
}

#[test]
fn cached_results_equal_the_recalculated_values() {
    for (key, read) in &fixture().books {
        if !key.ends_with("_live") {
            check_cached_equals_calc(read);
        }
    }
}

#[test]
fn recalculated_figures_equal_the_engine_to_the_cent() {
    let f = fixture();
    for key in ["default", "default_x2", "cascade", "owned", "edge"] {
        let read = &f.books[key];
        check_figures(read, &read.calc, 0, &read.rs[0].result, key);
    }
    // The owned fleet climbs the staircase over its 60 months.
    let owned = &f.books["owned"].rs[0].result;
    assert_eq!(owned.roi.self_hosted.months.len(), 60);
    let replicas = |t: f64| {
        tco::cost::slm_cost(&f.books["owned"].rs[0].scenario, t)
            .fleet
            .unwrap()
            .replicas
    };
    assert!(
        replicas(owned.roi.self_hosted.months[59].requests)
            > replicas(owned.roi.self_hosted.months[0].requests)
    );
}

#[test]
fn a_changed_input_moves_the_results_as_the_engine_computes() {
    let f = fixture();
    for (live, input) in [
        ("default_live", doubled(default_input())),
        ("cascade_live", doubled(cascade_input())),
        ("owned_live", doubled(owned_input())),
    ] {
        let read = &f.books[live];
        let want = compute(input).result;
        assert_ne!(want.api.monthly_usd, read.rs[0].result.api.monthly_usd);
        check_figures(read, &read.calc, 0, &want, live);
    }
}

#[test]
fn a_comparison_has_its_sheet_and_each_scenario_prefixed() {
    let read = &fixture().books["compare"];
    let sheets = read.sheets();
    assert_eq!(sheets.len(), 13);
    assert_eq!(sheets[0], "Comparison");
    assert_eq!(sheets[1], "S1 Summary");
    assert_eq!(sheets[12], "S2 Provenance");
    assert!(sheets.iter().all(|s| s.chars().count() <= 31));
    for i in 0..2 {
        check_figures(read, &read.calc, i, &read.rs[i].result, "compare");
    }
    // The markup name is text, as typed, everywhere it appears.
    assert_eq!(read.calc("S2 Summary", "B2"), MARKUP_NAME);
    assert_eq!(read.stored("S2 Summary", "B2"), MARKUP_NAME);
    assert_eq!(read.calc("Comparison", "C5"), MARKUP_NAME);
    // Comparison rows are formulas equal to each scenario's figures; the best is named.
    let row = read.row_of("Comparison", "Monthly cost: self-hosted / SLM");
    for (i, col) in ["B", "C"].iter().enumerate() {
        let cell = format!("{col}{row}");
        assert_eq!(
            read.stored("Comparison", &cell),
            format!("=s{}_self_hosted_monthly_usd", i + 1).as_str()
        );
        assert_cent(
            num(read.calc("Comparison", &cell), "cmp"),
            read.rs[i].result.self_hosted.monthly_usd,
            "comparison",
        );
    }
    let (a, b) = (
        read.rs[0].result.roi.hybrid.npv_usd,
        read.rs[1].result.roi.hybrid.npv_usd,
    );
    let npv_row = read.row_of("Comparison", "NPV over the horizon: hybrid");
    assert_eq!(
        read.calc("Comparison", &format!("D{npv_row}")),
        if a > b { "S1" } else { "S2" }
    );
    check_cached_equals_calc(read);
}

#[test]
fn wrong_counts_are_refused() {
    let one = compute(default_input());
    assert!(matches!(
        report::xlsx::render(&[]),
        Err(report::ReportError::Count(_))
    ));
    let five = vec![one.clone(), one.clone(), one.clone(), one.clone(), one];
    assert!(matches!(
        report::xlsx::render(&five),
        Err(report::ReportError::Count(_))
    ));
}

/// The generation time of the default workbook (Monte Carlo on), printed for the report;
/// `cargo test --release -p report --test xlsx -- --nocapture timing` shows it.
#[test]
fn timing_of_the_default_workbook() {
    let mut input = default_input();
    input.uncertainty = Some(UncertaintyInput {
        draws: None,
        seed: None,
        inputs: [(
            "workload.requests_per_month".to_string(),
            QuantileRange {
                p10: 6e5,
                p90: 1.5e6,
            },
        )]
        .into(),
    });
    let rs = [compute(input)];
    let _ = report::xlsx::render(&rs).unwrap();
    let mut times: Vec<f64> = (0..10)
        .map(|_| {
            let t = std::time::Instant::now();
            let bytes = report::xlsx::render(&rs).unwrap();
            assert!(bytes.starts_with(b"PK"));
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!("xlsx render (default scenario, Monte Carlo on): median {:.1} ms, min {:.1} ms, max {:.1} ms", times[5], times[0], times[9]);
}
