//! The planner's charts: well-formed SVG named by `data-chart`, markers exactly where the
//! figures have them, axis labels with units, and never a NaN or an infinity.

// Everything in this binary is test code. clippy.toml lets `#[test]` functions unwrap, but
// not the helpers they call; a failed unwrap in a helper is a failed test all the same.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use charts::plan::{
    breakdown, cost_vs_volume, cumulative_savings, monte_carlo, routing, routing_measured, tornado,
    week,
};
use proptest::prelude::*;
use tco::curves::{volume_curve, VolumePoint};
use tco::vocabulary::{label, FIELDS};
use tco::{PlanResult, RoutingPoint, Scenario};

/// The worked example of docs/cost-model.md with 2,000 Monte Carlo draws and qualities
/// (shared with `examples/dump_charts.rs`).
const SCENARIO: &str = include_str!("worked_example.json");

fn scenario(json: &str) -> Scenario {
    let input = tco::from_json(json).expect("parses");
    tco::validate(&input, pricing::bundled_table()).expect("valid")
}

fn planned(json: &str) -> (Scenario, PlanResult) {
    let s = scenario(json);
    let r = tco::plan(&s);
    (s, r)
}

/// Parses the chart and returns its markers, checking what every chart must be: among
/// other things, no text names a scenario field by its path (`workload.input_tokens`)
/// rather than its label.
fn check(case: &str, svg: &str, chart: &str, words: &[&str]) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{case}: not XML: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg", "{case}");
    assert_eq!(root.attribute("data-chart"), Some(chart), "{case}");
    assert!(root.attribute("viewBox").is_some(), "{case}");
    for bad in ["NaN", "inf", "#010203"] {
        assert!(!svg.contains(bad), "{case}: contains {bad}");
    }
    for word in words {
        assert!(svg.contains(word), "{case}: lacks {word}");
    }
    // Every path of the format has a dot but "name", which chart markup uses as a word.
    for path in FIELDS.iter().map(|f| f.path).filter(|p| p.contains('.')) {
        assert!(!svg.contains(path), "{case}: shows the raw path {path}");
    }
    doc.descendants()
        .filter_map(|n| n.attribute("data-marker"))
        .map(str::to_string)
        .collect()
}

/// (case, svg, data-chart, words it must contain, markers expected)
type Case = (
    &'static str,
    String,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

#[test]
fn charts_are_named_labelled_and_marked() {
    let (s, r) = planned(SCENARIO);
    let be = r.break_even.requests_per_month;
    assert!(be.is_some(), "the worked example breaks even");
    let u = r.uncertainty.as_ref().expect("draws asked for");
    let curve = volume_curve(&s);
    let volume = s.workload.requests_per_month;
    let cases: Vec<Case> = vec![
        (
            "cost vs volume",
            cost_vs_volume(&curve, volume, be),
            "cost-vs-volume",
            &[
                "requests/month (log)",
                "USD/month (log)",
                "break-even",
                "API",
                "self-hosted",
                "hybrid",
            ],
            &["break-even", "volume"],
        ),
        (
            "cost vs volume without break-even",
            cost_vs_volume(&curve, volume, None),
            "cost-vs-volume",
            &["requests/month (log)"],
            &["volume"],
        ),
        (
            "routing",
            routing(
                &r.routing_curve,
                r.hybrid.slm_share,
                r.routing_best_slm_share,
            ),
            "routing",
            &[
                "SLM share of requests (%)",
                "hybrid cost, USD/month",
                "expected quality (%)",
                "chosen 80 %",
            ],
            &["chosen-share", "best-share"],
        ),
        (
            "routing without a best share",
            routing(&r.routing_curve, 0.3, None),
            "routing",
            &["chosen 30 %"],
            &["chosen-share"],
        ),
        (
            "breakdown",
            breakdown(&r),
            "breakdown",
            &[
                "USD/month",
                "GPUs",
                "fixed",
                "LLM calls",
                "router",
                "API",
                "self-hosted",
                "hybrid",
            ],
            &[],
        ),
        (
            "cumulative savings",
            cumulative_savings(&r.roi),
            "cumulative-savings",
            &["month", "cumulative net savings, USD", "pays back in month"],
            &["payback", "payback"],
        ),
        (
            "monte carlo",
            monte_carlo(u),
            "monte-carlo",
            &[
                "hybrid savings vs API, USD/month (month 1)",
                "draws (of 2k)",
                "P10",
                "P50",
                "P90",
            ],
            &["p10", "p50", "p90"],
        ),
        (
            "tornado",
            tornado(&r.sensitivity, tco::sensitivity::hybrid_savings(&s)),
            "tornado",
            &[
                "hybrid savings, USD/month",
                "Requests per month",
                "input −20 %",
                "input +20 %",
            ],
            &["base"],
        ),
    ];
    for (case, svg, chart, words, markers) in cases {
        let found = check(case, &svg, chart, words);
        assert_eq!(found, markers, "{case}");
    }
}

#[test]
fn payback_markers_follow_the_roi() {
    // No one-time cost and a cheaper SLM: both options pay back in month 1.
    let (_, r) = planned(&SCENARIO.replace(r#""one_time_usd": 10000"#, r#""one_time_usd": 0"#));
    assert_eq!(r.roi.self_hosted.payback_month, Some(1));
    let svg = cumulative_savings(&r.roi);
    assert_eq!(
        check("month 1", &svg, "cumulative-savings", &["month 1"]).len(),
        2
    );
    // A one-time cost no savings repay over a year: no payback, no marker.
    let (_, r) = planned(
        &SCENARIO
            .replace(r#""one_time_usd": 10000"#, r#""one_time_usd": 1e9"#)
            .replace(
                r#""uncertainty""#,
                r#""finance": {"horizon_months": 12}, "uncertainty""#,
            ),
    );
    assert_eq!(r.roi.hybrid.payback_month, None);
    let svg = cumulative_savings(&r.roi);
    assert!(check("never", &svg, "cumulative-savings", &[]).is_empty());
}

#[test]
fn an_slm_api_cheaper_everywhere_breaks_even_at_zero() {
    let (s, r) = planned(
        r#"{"name": "hosted", "workload": {"requests_per_month": 50000, "input_tokens": 800, "output_tokens": 100},
            "llm": {"model": "gpt-4o"},
            "slm": {"serving": "api", "model": "deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct"}}"#,
    );
    assert_eq!(r.break_even.requests_per_month, Some(0.0));
    let svg = cost_vs_volume(&volume_curve(&s), 50_000.0, Some(0.0));
    let markers = check("hosted", &svg, "cost-vs-volume", &["cheaper at any volume"]);
    assert_eq!(markers, ["break-even", "volume"]);
    let svg = breakdown(&r);
    check(
        "hosted breakdown",
        &svg,
        "breakdown",
        &["SLM API calls", "LLM calls"],
    );
}

/// Each tornado row is the input's label from `tco::vocabulary`; the rows past the eighth,
/// and those no move changes, are left out, and no row shows its scenario path.
#[test]
fn tornado_rows_are_named_by_their_labels() {
    let (s, r) = planned(SCENARIO);
    let svg = tornado(&r.sensitivity, tco::sensitivity::hybrid_savings(&s));
    check("tornado", &svg, "tornado", &[]);
    let doc = roxmltree::Document::parse(&svg).expect("the chart is XML");
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    let moving: Vec<_> = r
        .sensitivity
        .iter()
        .filter(|row| row.swing_usd > 0.0)
        .collect();
    assert!(moving.len() > 8, "the example moves more inputs than fit");
    for (i, row) in r.sensitivity.iter().enumerate() {
        let words = label(&row.field);
        assert!(!words.contains('.') && !words.contains('“'), "{words}");
        let shown = moving.iter().take(8).any(|m| m.field == row.field);
        assert_eq!(texts.contains(&words.as_str()), shown, "row {i}: {words}");
        assert!(!svg.contains(row.field.as_str()), "shows {}", row.field);
    }
}

/// docs/cost-model.md §4's measured example: five thresholds measured on 200 items, the
/// cascade at $100 + $5,000·e a month, the floor 0.8 first met by the bound at e = 0.25.
const MEASURED: &str = r#"{"name": "measured", "workload": {"requests_per_month": 100000, "input_tokens": 0, "output_tokens": 0},
    "llm": {"usd_per_request": 0.05}, "slm": {"serving": "api", "usd_per_request": 0.001},
    "routing": {"escalation_rate": 0.2, "min_quality": 0.8,
      "measured": {"label": "measured on 200 items of tickets.jsonl (95 % interval 63.3 %–75.9 %)", "items": 200,
        "points": [
          {"escalation_rate": 0, "quality": 0.70, "quality_lower_95": 0.6443},
          {"threshold": 0.2, "escalation_rate": 0.10, "quality": 0.78, "quality_lower_95": 0.7283},
          {"threshold": 0.5, "escalation_rate": 0.25, "quality": 0.86, "quality_lower_95": 0.8148},
          {"threshold": 0.8, "escalation_rate": 0.50, "quality": 0.90, "quality_lower_95": 0.8596},
          {"escalation_rate": 1, "quality": 0.92, "quality_lower_95": 0.8826}]}}}"#;

#[test]
fn the_routing_chart_draws_a_measured_curve_against_escalation() {
    let (s, r) = planned(MEASURED);
    let m = s.routing.measured.as_ref().expect("measured");
    let svg = routing_measured(
        &r.routing_curve,
        s.routing.escalation_rate,
        r.routing_best_escalation_rate,
        &m.label,
    );
    let markers = check(
        "measured routing",
        &svg,
        "routing",
        &[
            "share escalated to the LLM (%)",
            "cascade cost, USD/month",
            "measured quality (%)",
            "lower 95 % bound (right)",
            "chosen 20.0 %",
            "best 25.0 %",
            "measured on 200 items of tickets.jsonl",
        ],
    );
    assert_eq!(markers, ["chosen-escalation", "best-escalation"]);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(doc.root_element().attribute("data-curve"), Some("measured"));
    // The share curve has no escalation rates: nothing measured to draw.
    let (_, plain) = planned(SCENARIO);
    let empty = routing_measured(&plain.routing_curve, 0.1, None, "none");
    assert!(
        empty.contains("No measured cascade curve to draw"),
        "{empty}"
    );
    assert!(empty.contains(r#"data-chart="routing""#));
}

#[test]
fn nothing_to_draw_says_so() {
    let (_, r) = planned(SCENARIO);
    let mut u = r.uncertainty.clone().expect("draws");
    u.hybrid_savings_histogram.clear();
    let nan_curve = [VolumePoint {
        requests_per_month: f64::NAN,
        api_usd: f64::INFINITY,
        self_hosted_usd: f64::NAN,
        hybrid_usd: -1.0,
    }];
    let nan_routing = [RoutingPoint {
        slm_share: f64::NAN,
        monthly_usd: 1.0,
        quality: None,
        meets_min_quality: true,
        quality_lower_95: None,
        escalation_rate: None,
        threshold: None,
    }];
    let mut roi = r.roi.clone();
    roi.self_hosted.months.clear();
    roi.hybrid.months.clear();
    let cases = [
        (
            "empty curve",
            cost_vs_volume(&[], 1e6, Some(1e5)),
            "cost-vs-volume",
        ),
        (
            "NaN curve",
            cost_vs_volume(&nan_curve, f64::NAN, Some(f64::NAN)),
            "cost-vs-volume",
        ),
        ("empty routing", routing(&[], 0.8, Some(0.5)), "routing"),
        (
            "NaN routing",
            routing(&nan_routing, f64::NAN, None),
            "routing",
        ),
        ("no months", cumulative_savings(&roi), "cumulative-savings"),
        ("no histogram", monte_carlo(&u), "monte-carlo"),
        ("no rows", tornado(&[], 100.0), "tornado"),
    ];
    for (case, svg, chart) in cases {
        assert!(check(case, &svg, chart, &[]).is_empty(), "{case}");
        assert!(svg.contains("No "), "{case}: {svg}");
    }
}

/// Any finite number, from tiny to huge, of either sign.
fn number() -> impl Strategy<Value = f64> {
    prop_oneof![-1e12..1e12f64, -1.0..1.0f64, Just(0.0), 1e-300..1e300f64]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_finite_inputs_draw_without_nan(
        curve in prop::collection::vec((number(), number(), number(), number()), 0..40),
        routing_pts in prop::collection::vec((0.0..=1.0f64, number(), prop::option::of(0.0..=1.0f64)), 0..40),
        current in number(),
        be in prop::option::of(number()),
        share in number(),
        best in prop::option::of(number()),
    ) {
        let curve: Vec<VolumePoint> = curve.into_iter().map(|(r, a, s, h)| VolumePoint {
            requests_per_month: r, api_usd: a, self_hosted_usd: s, hybrid_usd: h,
        }).collect();
        let points: Vec<RoutingPoint> = routing_pts.into_iter().map(|(s, c, q)| RoutingPoint {
            slm_share: s, monthly_usd: c, quality: q, meets_min_quality: true,
            quality_lower_95: q.map(|q| q * 0.9), escalation_rate: Some(s), threshold: None,
        }).collect();
        for (chart, svg) in [
            ("cost-vs-volume", cost_vs_volume(&curve, current, be)),
            ("routing", routing(&points, share, best)),
            ("routing", routing_measured(&points, share, best, "measured on 3 items")),
        ] {
            check(chart, &svg, chart, &[]);
        }
    }

    #[test]
    fn random_plans_draw_without_nan(
        volume in 0.0..1e12f64,
        gpu in 0.01..100.0f64,
        one_time in 0.0..1e9f64,
        growth in -0.5..0.9f64,
        share in 0.0..=1.0f64,
        base in number(),
    ) {
        let json = SCENARIO
            .replace("\"requests_per_month\": 1000000", &format!("\"requests_per_month\": {volume}"))
            .replace("\"gpu_usd_per_hour\": 0.8", &format!("\"gpu_usd_per_hour\": {gpu}"))
            .replace("\"one_time_usd\": 10000", &format!("\"one_time_usd\": {one_time}, \"throughput_source\": \"t\""))
            .replace("\"slm_share\": 0.8", &format!("\"slm_share\": {share}"))
            .replace("\"draws\": 2000", "\"draws\": 200")
            .replace("\"peak_to_average\": 3", &format!("\"peak_to_average\": 3, \"monthly_growth\": {growth}"));
        let (s, r) = planned(&json);
        let u = r.uncertainty.as_ref().expect("draws");
        for (chart, svg) in [
            ("cost-vs-volume", cost_vs_volume(&volume_curve(&s), volume, r.break_even.requests_per_month)),
            ("breakdown", breakdown(&r)),
            ("cumulative-savings", cumulative_savings(&r.roi)),
            ("monte-carlo", monte_carlo(u)),
            ("tornado", tornado(&r.sensitivity, base)),
        ] {
            check(chart, &svg, chart, &[]);
        }
    }
}

#[test]
fn the_week_chart_stacks_the_fleet_hour_by_hour() {
    let weekdays = r#"{"name": "week", "workload": {"requests_per_month": 30000000, "input_tokens": 500,
          "output_tokens": 200, "load_shape": [1,1,1,1,1,1,1,1,2,3,3,3,3,3,3,3,3,2,1,1,1,1,1,1],
          "weekly_shape": [1, 1, 1, 1, 1, 0.2, 0.2]},
        "llm": {"model": "gpt-4o"},
        "slm": {"serving": "self_hosted", "gpu_usd_per_hour": 0.8, "gpu_discount": 0.4,
          "prefill_tokens_per_s": 5000, "decode_tokens_per_s": 500, "scaling": "hourly",
          "spot_share": 0.5, "spot_usd_per_hour": 0.3}}"#;
    let (s, r) = planned(weekdays);
    let svg = week(&s, &r);
    check(
        "week",
        &svg,
        "week",
        &["reserved", "on demand", "spot", "Mon", "Sun"],
    );
    // Bars: one rectangle per layer per hour; at least one hour has all three layers.
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let rects = doc.descendants().filter(|n| n.has_tag_name("rect")).count();
    assert!(rects > 168, "{rects} rectangles");
    // Without a shape there is nothing hour by hour to draw.
    let (s, r) = planned(SCENARIO);
    let flat = week(&s, &r);
    check("flat", &flat, "week", &[]);
    assert!(flat.contains("No load shape"), "{flat}");
}
