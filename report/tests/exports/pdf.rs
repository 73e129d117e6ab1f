//! The PDF report read back by poppler: the headline figures as `Summary` writes them are
//! in the extracted text, pages are 1–4 and the paper's size, every page rasterises, and
//! only the shipped DejaVu fonts are embedded. PNGs of each page go to
//! test-artifacts/report/ for a reviewer. Needs poppler-utils (scripts/setup.sh test).

use std::path::PathBuf;
use std::process::Command;

use proptest::prelude::*;
use report::pdf::{render, Paper};
use report::{BenchmarkRef, Provenance, ReportError, ReportScenario, Summary, TableRef};
use tco::input::{
    FinanceInput, QuantileRange, RoutingInput, RoutingMode, ScenarioInput, Serving, SlmInput,
    UncertaintyInput,
};
use tco::vocabulary;

// The workbook tests' scenarios; this module uses the planner's defaults from them.
use crate::scenarios as fixtures;

const MARKUP_NAME: &str = r#"<script>alert("x")</script> & "Q" 'R' — ünïcødé"#;

fn provenance(id: &str, benchmarks: Vec<BenchmarkRef>) -> Provenance {
    let table = pricing::bundled_table();
    Provenance {
        app_version: "0.1.0".into(),
        price_table: TableRef {
            id: Some(1),
            label: table.source.label(),
            as_of: table.source.as_of.clone(),
        },
        scenario_id: Some(id.into()),
        revision: Some(3),
        share_link: Some(format!("https://breakeven.example/s/{id}")),
        generated_unix: 1_795_362_645,
        benchmarks,
    }
}

/// The planner's defaults (app/src/form.rs), as the workbook tests build them, with Monte
/// Carlo on and the throughput measured, so every block of the report is drawn.
fn default_input() -> ScenarioInput {
    let mut input = fixtures::default_input();
    let mut beliefs = std::collections::BTreeMap::new();
    beliefs.insert(
        "workload.requests_per_month".to_string(),
        QuantileRange {
            p10: 600_000.0,
            p90: 1_600_000.0,
        },
    );
    beliefs.insert(
        "slm.decode_tokens_per_s".to_string(),
        QuantileRange {
            p10: 350.0,
            p90: 700.0,
        },
    );
    input.uncertainty = Some(UncertaintyInput {
        draws: Some(2000.0),
        seed: Some(tco::DEFAULT_SEED),
        inputs: beliefs,
    });
    if let Some(slm) = input.slm.as_mut() {
        slm.throughput_source = Some(
            "benchmark #12: smollm2-135m q8_0 on cpu, synthetic weights, concurrency 4".into(),
        );
    }
    input
}

/// A hosted SLM (Llama 3.1 8B on DeepInfra) in a cascade: everything goes to the SLM,
/// 30 % escalates to GPT-4o.
fn cascade_input() -> ScenarioInput {
    let mut i = default_input();
    i.name = Some(MARKUP_NAME.into());
    i.slm = Some(SlmInput {
        serving: Some(Serving::Api),
        model: Some("deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct".into()),
        one_time_usd: Some(25_000.0),
        ..Default::default()
    });
    i.routing = Some(RoutingInput {
        mode: Some(RoutingMode::Cascade),
        escalation_rate: Some(0.3),
        ..Default::default()
    });
    i.uncertainty = None;
    i.finance = Some(FinanceInput {
        horizon_months: Some(84.0),
        discount_rate_annual: Some(0.08),
    });
    i
}

fn compute(input: ScenarioInput, id: &str, benchmarks: Vec<BenchmarkRef>) -> ReportScenario {
    ReportScenario::compute(input, pricing::bundled_table(), provenance(id, benchmarks))
        .expect("the scenario is valid")
}

fn default_scenario() -> ReportScenario {
    let bench = BenchmarkRef {
        id: 12,
        hardware: "smollm2-135m q8_0 on cpu (Intel Xeon, 2 threads)".into(),
        label: "measured".into(),
    };
    compute(default_input(), "a1b2c3d4", vec![bench])
}

fn artifacts() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../test-artifacts/report");
    std::fs::create_dir_all(&dir).expect("create test-artifacts/report");
    dir
}

/// Runs a poppler tool; a missing tool fails the test and says how to install it.
fn tool(name: &str, args: &[&str]) -> (String, String) {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!(
            "`{name}` could not be run ({e}): install poppler-utils with `scripts/setup.sh test`"
        )
    });
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Whitespace runs collapsed: pdftotext breaks lines where the layout wrapped them.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

struct Case {
    name: &'static str,
    scenarios: Vec<ReportScenario>,
    /// Texts that must appear, beyond every summary's headline figures.
    expect: Vec<String>,
}

fn cases() -> Vec<Case> {
    let worked: ScenarioInput =
        tco::from_json(include_str!("../../../examples/worked-example.json"))
            .expect("the worked example parses");
    vec![
        Case {
            name: "default",
            scenarios: vec![default_scenario()],
            expect: vec![
                "Customer-support assistant".into(),
                "$3,250.00".into(),
                "Range: P10 / P50 / P90 (Monte Carlo)".into(),
                "#12 smollm2-135m q8_0 on cpu (Intel Xeon, 2 threads) (measured)".into(),
                "https://breakeven.example/s/a1b2c3d4".into(),
                "2026-11-22 15:50:45 UTC".into(),
                "a1b2c3d4, revision 3".into(),
                "GPU table row aws:g6.xlarge".into(),
                // The charts' captions, and their own text (embedded, not outlined).
                "Cumulative savings over the horizon".into(),
                "Monthly cost against volume".into(),
                "self-hosted pays back in month 4".into(),
                "requests/month (log)".into(),
                // 36 flat months: 1, 2, 3, a row for 4–35, 36, and the totals.
                "All 36 months of the horizon are covered. 32 identical months are folded into 1 row: months 4–35 each repeat month 3's figures".into(),
                // The assumptions, named as the planner names them.
                vocabulary::label("workload.cached_input_share"),
                vocabulary::label("slm.decode_tokens_per_s"),
                vocabulary::label("slm.gpu_usd_per_hour"),
                vocabulary::label("finance.discount_rate_annual"),
                vocabulary::label("uncertainty.inputs.workload.requests_per_month"),
                // v2's inputs, the options and the bill by part, and the warning named by
                // its field's label (the engine's message names keys; the report names
                // fields).
                vocabulary::label("slm.gpus_per_instance"),
                vocabulary::label("slm.reserved_instances"),
                vocabulary::label("slm.ops_fte"),
                vocabulary::label("slm.price_change_annual"),
                vocabulary::label("llm.price_change_annual"),
                vocabulary::label("llm.reasoning_tokens"),
                "Optimal".into(),
                "Self-hosted cost in month 1, by part".into(),
                "On-demand burst".into(),
                "Check: Operations staff: no people or tooling cost is included".into(),
                "(Operations staff, Cost per engineer, Fixed cost)".into(),
            ],
        },
        Case {
            // Office hours on weekdays, hour by hour with an optimal reserved base and cold
            // starts: the week chart, the policies and every part of the bill on page 1.
            name: "week",
            scenarios: vec![compute(fixtures::week_input(), "w33k", Vec::new())],
            expect: vec![
                "Fleet over the week (month 1)".into(),
                "The month-1 cost under each scaling policy".into(),
                "Always on at the busiest hour".into(),
                "Hour by hour, optimal reserved base".into(),
                "Reserved instances".into(),
                "Cold starts".into(),
                "instance starts a month".into(),
                vocabulary::label("workload.load_shape"),
                vocabulary::label("workload.weekly_shape"),
                vocabulary::label("workload.batch_share"),
                vocabulary::label("slm.cold_start_s"),
                vocabulary::label("slm.spare_replicas"),
                vocabulary::choice("slm.scaling", "hourly").unwrap().into(),
            ],
        },
        Case {
            // A quality floor only the LLM reaches: the cheaper options are marked.
            name: "floor",
            scenarios: vec![{
                let mut i = default_input();
                i.uncertainty = None;
                if let Some(r) = i.routing.as_mut() {
                    r.slm_quality = Some(0.7);
                    r.llm_quality = Some(0.9);
                    r.min_quality = Some(0.8);
                }
                compute(i, "f1", Vec::new())
            }],
            expect: vec![
                "LLM API, all traffic".into(),
                "excluded: below the minimum quality".into(),
                vocabulary::label("routing.min_quality"),
            ],
        },
        Case {
            name: "cascade",
            scenarios: vec![compute(cascade_input(), "e5f6", Vec::new())],
            expect: vec![
                MARKUP_NAME.into(),
                "SLM API, all traffic".into(),
                "0 requests/month: the SLM is cheaper at any volume".into(),
                // 84 flat months fold into 1, 2, 3, 4–83, 84: none is cut.
                "All 84 months of the horizon are covered. 80 identical months are folded into 1 row".into(),
                "Monte Carlo is off in this scenario: no range.".into(),
                "deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct".into(),
                vocabulary::label("slm.input_usd_per_mtok"),
                vocabulary::label("routing.escalation_rate"),
            ],
        },
        Case {
            // The longest report: 120 months (36 listed), Monte Carlo, a long name.
            name: "long",
            scenarios: vec![{
                let mut i = default_input();
                i.name = Some("Support bot: GPT-4o vs an SLM on one AWS g6.xlarge L4 ($0.8048/h on-demand); throughput typed, not measured — a long name that wraps".into());
                if let Some(f) = i.finance.as_mut() {
                    f.horizon_months = Some(120.0);
                }
                if let Some(w) = i.workload.as_mut() {
                    w.monthly_growth = Some(0.03);
                }
                compute(i, "long", Vec::new())
            }],
            expect: vec!["Months 1–36 of the 120-month horizon are listed".into()],
        },
        Case {
            // A catalog model measured by benchmark #7 on a CPU, priced on an L4: page 1
            // names the model, its format and the throughput's basis; the coherence
            // warnings say the device and the lengths differ, each named by its field's
            // label; the assumptions list what was measured.
            name: "measured",
            scenarios: vec![compute(fixtures::measured_input(), "m7", Vec::new())],
            expect: vec![
                "SmolLM2 135M Instruct (smollm2-135m) in 8-bit blocks (Q8_0), self-hosted".into(),
                "measured: benchmark #7: smollm2-135m q8_0 on cpu (Intel Xeon Platinum 8481C, 2 threads), synthetic weights, concurrency 4, 128/32 tokens".into(),
                vocabulary::label_when_served("slm.model", "self_hosted"),
                vocabulary::label("slm.throughput.basis"),
                format!(
                    "Check: {}: The throughput was measured on cpu but is priced on aws:g6.xlarge",
                    vocabulary::label("slm.throughput.device")
                ),
                format!(
                    "Check: {}: Benchmark #7 ran at 128/32 tokens",
                    vocabulary::label("workload.input_tokens")
                ),
                vocabulary::label("slm.model_format"),
                vocabulary::label("slm.throughput.benchmark"),
                vocabulary::label("slm.throughput.device"),
                vocabulary::label("slm.throughput.prompt_tokens"),
                vocabulary::label("slm.throughput.concurrency"),
                vocabulary::choice("slm.throughput.basis", "benchmark")
                    .unwrap()
                    .into(),
            ],
        },
        Case {
            // The same benchmark with its decode fit: the decode priced is the fit's at
            // the scenario's 500/200 tokens, and every surface says so.
            name: "adjusted",
            scenarios: vec![compute(fixtures::adjusted_input(), "a7", Vec::new())],
            expect: vec![
                "adjusted from benchmark #7 measured at 128/32: benchmark #7".into(),
                "decode priced at 90.9 tokens/s at this scenario's lengths, measured 190.0 tokens/s".into(),
                format!(
                    "Check: {}: Benchmark #7 ran at 128/32 tokens and this scenario's requests are 500/200",
                    vocabulary::label("slm.decode_tokens_per_s")
                ),
                vocabulary::label("slm.throughput.decode_fixed_ms"),
                "90.9 tokens/s per replica".into(),
                "benchmark #7, as the throughput names it; its stored result is not attached to this export".into(),
                vocabulary::label("slm.throughput.decode_ms_per_kv_token"),
            ],
        },
        Case {
            // A typed throughput, as the planner opens: "estimate" on page 1.
            name: "typed",
            scenarios: vec![compute(fixtures::default_input(), "t0", Vec::new())],
            expect: vec![
                vocabulary::label("slm.throughput.basis"),
                "estimate: typed in the scenario (an estimate, not measured)".into(),
                "not named: no catalog model".into(),
                "Throughput basis estimate: typed in the scenario".into(),
                // The assumptions' source column, as the server's export test reads it.
                "typed (an estimate, not measured)".into(),
            ],
        },
        Case {
            // A comparison shows each scenario's model, throughput basis and warnings.
            name: "compare-measured",
            scenarios: vec![
                compute(fixtures::default_input(), "t0", Vec::new()),
                compute(fixtures::adjusted_input(), "a7", Vec::new()),
            ],
            expect: vec![
                vocabulary::label("slm.model"),
                vocabulary::label("slm.throughput.basis"),
                "estimate: typed in the scenario".into(),
                "adjusted from benchmark #7 measured at 128/32".into(),
                format!(
                    "Check: {}: The throughput was measured on cpu but is priced on aws:g6.xlarge",
                    vocabulary::label("slm.throughput.device")
                ),
            ],
        },
        Case {
            // A workload derived from an imported log says so among the assumptions.
            name: "imported",
            scenarios: vec![compute(
                {
                    let mut input = default_input();
                    if let Some(w) = input.workload.as_mut() {
                        w.source = Some(
                            "from spend.csv, 41,212 requests, 2026-11-02 – 2026-11-29 (UTC)"
                                .into(),
                        );
                    }
                    input
                },
                "i1",
                Vec::new(),
            )],
            expect: vec![
                vocabulary::label("workload.source"),
                "from spend.csv, 41,212 requests, 2026-11-02 – 2026-11-29 (UTC)".into(),
            ],
        },
        Case {
            // A routing measured on a sample: its label among the assumptions, and the
            // routing chart drawn against the share escalated.
            name: "measured-cascade",
            scenarios: vec![compute(
                crate::scenarios::measured_cascade_input(),
                "m1",
                Vec::new(),
            )],
            expect: vec![
                vocabulary::label("routing.measured.label"),
                "measured on 200 items of tickets.jsonl (95 % interval 63.3 %–75.9 %)".into(),
                "share escalated to the LLM (%)".into(),
            ],
        },
        Case {
            name: "compare3",
            scenarios: vec![
                default_scenario(),
                compute(cascade_input(), "e5f6", Vec::new()),
                compute(worked, "0a0b", Vec::new()),
            ],
            expect: vec![
                "Breakeven comparison: 3 scenarios".into(),
                format!("3. worked example"),
                "Provenance of each scenario".into(),
                "✓ ".into(),
            ],
        },
    ]
}

#[test]
fn reports_read_back_with_poppler() {
    let dir = artifacts();
    for case in cases() {
        for (paper, (w, h)) in [(Paper::A4, (595, 842)), (Paper::Letter, (612, 792))] {
            let label = format!("{}-{paper}", case.name);
            let pdf = render(&case.scenarios, paper).unwrap_or_else(|e| panic!("{label}: {e}"));
            assert!(pdf.starts_with(b"%PDF-"), "{label}");
            let file = dir.join(format!("{label}.pdf"));
            std::fs::write(&file, &pdf).expect("write the PDF");
            let path = file.to_str().expect("utf-8 path");

            let (text, _) = tool("pdftotext", &["-enc", "UTF-8", path, "-"]);
            let text = squash(&text);
            for s in &case.scenarios {
                let sum = Summary::of(s);
                let t = &sum.text;
                for want in [
                    &t.recommended,
                    &t.api_monthly,
                    &t.recommended_monthly,
                    &t.monthly_savings,
                    &t.annual_savings,
                    &t.payback,
                    &t.npv,
                    &t.break_even,
                    &t.probability_cheapest,
                ] {
                    assert!(
                        text.contains(&squash(want)),
                        "{label}: `{want}` not in the text:\n{text}"
                    );
                }
            }
            for want in &case.expect {
                assert!(
                    text.contains(&squash(want)),
                    "{label}: `{want}` not in the text:\n{text}"
                );
            }
            // No scenario path, even one a table cell broke over two lines.
            let joined: String = text.split_whitespace().collect();
            for field in vocabulary::FIELDS.iter().filter(|f| f.path.contains('.')) {
                assert!(
                    !joined.contains(field.path),
                    "{label}: the path {} is in the text:\n{text}",
                    field.path
                );
            }

            let (info, _) = tool("pdfinfo", &[path]);
            let pages: usize = info
                .lines()
                .find_map(|l| l.strip_prefix("Pages:"))
                .and_then(|n| n.trim().parse().ok())
                .unwrap_or_else(|| panic!("{label}: no page count in\n{info}"));
            assert!((1..=4).contains(&pages), "{label}: {pages} pages");
            let size = info
                .lines()
                .find_map(|l| l.strip_prefix("Page size:"))
                .map(squash)
                .unwrap_or_default();
            assert!(
                size.starts_with(&format!("{w} x {h} pts")),
                "{label}: page size `{size}`"
            );

            let (fonts, _) = tool("pdffonts", &[path]);
            let rows: Vec<&str> = fonts.lines().skip(2).collect();
            assert!(!rows.is_empty(), "{label}: no fonts listed");
            for row in &rows {
                let cols: Vec<&str> = row.split_whitespace().collect();
                assert!(
                    cols[0].contains("DejaVuSans"),
                    "{label}: unexpected font {row}"
                );
                // name type(2 words) encoding emb sub uni object id: emb is 5th from the end.
                assert_eq!(cols[cols.len() - 5], "yes", "{label}: not embedded: {row}");
            }
            let both = rows.iter().any(|r| r.contains("DejaVuSans-Bold"))
                && rows.iter().any(|r| {
                    r.split_whitespace()
                        .next()
                        .is_some_and(|n| n.ends_with("+DejaVuSans"))
                });
            assert!(both, "{label}: regular and bold expected:\n{fonts}");

            let prefix = dir.join(&label);
            let (_, err) = tool(
                "pdftoppm",
                &["-png", "-r", "60", path, prefix.to_str().expect("utf-8")],
            );
            assert!(err.trim().is_empty(), "{label}: pdftoppm complained: {err}");
            let pngs = std::fs::read_dir(&dir)
                .expect("read test-artifacts/report")
                .filter_map(Result::ok)
                .filter(|e| {
                    let n = e.file_name().to_string_lossy().into_owned();
                    n.starts_with(&format!("{label}-")) && n.ends_with(".png")
                })
                .count();
            assert!(pngs >= pages, "{label}: {pngs} PNGs for {pages} pages");
        }
    }
}

/// Page 1 alone (`pdftotext -f 1 -l 1`), as a finance reviewer reads it: the
/// recommendation names the LLM, the SLM, the GPU and the volume; a typed throughput is
/// said to be an estimate and a measured one is not; the engine's warnings are there in
/// words; no Monte Carlo jargon; and the cash flow further on folds its repeated months.
#[test]
fn page_one_names_the_choice_and_its_caveats() {
    let dir = artifacts();
    let typed = {
        let mut i = fixtures::default_input();
        if let Some(slm) = i.slm.as_mut() {
            slm.model = Some("smollm2-135m".into());
            // The number format as a scenario spells it (this crate does not link `models`).
            slm.model_format = Some(serde_json::from_str("\"q4_0\"").unwrap());
        }
        compute(i, "p1", Vec::new())
    };
    let measured = compute(fixtures::measured_input(), "m7", Vec::new());
    let estimate = "The throughput is an estimate, not measured";
    let device = format!(
        "Check: {}: The throughput was measured on cpu",
        vocabulary::label("slm.throughput.device")
    );
    for (name, r, mut want, not) in [
        (
            "typed",
            &typed,
            vec![
                "Recommendation",
                "Serve all 1,000,000 requests a month with SmolLM2 135M Instruct in 4-bit blocks (Q4_0) on 1× L4 (AWS g6.xlarge, $0.80 per GPU-hour on demand) instead of gpt-4o: saves $2,662.50 a month ($31,949.95 a year); pays back in 4 months; breaks even from 180,770 requests a month.",
                "Biggest uncertainty The largest swing comes from",
                "Chance it stays the cheapest not computed (tick \"Draw the uncertain inputs\" in the planner)",
                "Keep in mind",
                estimate,
                "Check: Operations staff: no people or tooling cost is included",
            ],
            vec!["Monte Carlo is off", "not available"],
        ),
        (
            "measured",
            &measured,
            vec![
                "instead of gpt-4o",
                "SmolLM2 135M Instruct in 8-bit blocks (Q8_0) on 3× L4 (AWS g6.xlarge",
            ],
            vec![estimate, "not available"],
        ),
    ] {
        if name == "measured" {
            want.push(&device);
        }
        let pdf = render(std::slice::from_ref(r), Paper::A4).expect("renders");
        let file = dir.join(format!("page1-{name}.pdf"));
        std::fs::write(&file, &pdf).expect("write the PDF");
        let path = file.to_str().expect("utf-8 path");
        let (page1, _) = tool("pdftotext", &["-f", "1", "-l", "1", "-enc", "UTF-8", path, "-"]);
        let page1 = squash(&page1);
        for w in want {
            assert!(page1.contains(&squash(w)), "{name}: `{w}` not on page 1:\n{page1}");
        }
        for n in not {
            assert!(!page1.contains(n), "{name}: `{n}` on page 1:\n{page1}");
        }
        // The sentence is Summary's, word for word.
        let s = Summary::of(r);
        assert!(page1.contains(&squash(&s.text.recommendation)), "{name}");
        // The cash flow lists months 0–3, one row for 4–35, 36 and the totals.
        let (all, _) = tool("pdftotext", &["-enc", "UTF-8", path, "-"]);
        let all = squash(&all);
        if name == "typed" {
            for w in [
                "32 identical months are folded into 1 row",
                "4–35 1,000,000 $3,250.00 $587.50 $2,662.50",
                // 36 × 3,250 = 117,000; 10,000 + 36 × 587.504 = 31,150.14; 36 ×
                // 2,662.496 − 10,000 = 85,849.86.
                "Total 36,000,000 $117,000.00 $31,150.14 $85,849.86 $85,849.86",
            ] {
                assert!(all.contains(w), "{name}: `{w}` not in the cash flow:\n{all}");
            }
        }
    }
}

#[test]
fn zero_or_five_scenarios_are_refused() {
    let five: Vec<ReportScenario> = (0..5).map(|_| default_scenario()).collect();
    for scenarios in [&[][..], &five[..]] {
        match render(scenarios, Paper::A4) {
            Err(ReportError::Count(m)) => assert!(m.contains(&scenarios.len().to_string()), "{m}"),
            other => panic!(
                "{} scenarios: expected Count, got {other:?}",
                scenarios.len()
            ),
        }
    }
}

#[test]
fn default_render_time() {
    let s = [default_scenario()];
    render(&s, Paper::A4).expect("warm-up");
    let start = std::time::Instant::now();
    let pdf = render(&s, Paper::A4).expect("render");
    eprintln!(
        "default scenario, A4, Monte Carlo on: {} bytes in {:.1} ms",
        pdf.len(),
        start.elapsed().as_secs_f64() * 1e3
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn any_accepted_variation_renders(
        requests in prop_oneof![Just(0.0), 1.0f64..1e9],
        horizon in 1u32..=120,
        one_time in prop_oneof![Just(0.0), 0.0f64..1e8],
        hosted in any::<bool>(),
        monte_carlo in any::<bool>(),
        letter in any::<bool>(),
    ) {
        let mut i = if hosted { cascade_input() } else { default_input() };
        if let Some(w) = i.workload.as_mut() {
            w.requests_per_month = Some(requests);
        }
        if let Some(f) = i.finance.as_mut() {
            f.horizon_months = Some(f64::from(horizon));
        }
        if let Some(s) = i.slm.as_mut() {
            s.one_time_usd = Some(one_time);
        }
        i.uncertainty = if monte_carlo {
            default_input().uncertainty.map(|mut u| {
                u.draws = Some(200.0);
                if hosted {
                    // A hosted SLM has no throughput to be uncertain about.
                    u.inputs.remove("slm.decode_tokens_per_s");
                }
                u
            })
        } else {
            None
        };
        let s = compute(i, "p", Vec::new());
        let paper = if letter { Paper::Letter } else { Paper::A4 };
        let pdf = render(std::slice::from_ref(&s), paper).expect("renders");
        prop_assert!(pdf.starts_with(b"%PDF"));
    }
}
