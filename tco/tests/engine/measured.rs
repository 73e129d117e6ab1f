//! `routing.measured`: the cascade curve measured on a sample, worked by hand
//! (docs/cost-model.md §4 and §9), its validation, and its invariants.

use proptest::prelude::*;
use tco::{plan, Format};

use crate::common::{assert_close, scenario};

/// docs/cost-model.md §4's measured example: 100,000 requests a month, a hosted SLM at
/// $0.001 a request, an LLM at $0.05, and a curve of five thresholds measured on 200 items
/// (the bounds are Wilson's one-sided lower 95 % bounds at n = 200, to four places).
fn measured(escalation_rate: f64, min_quality: Option<f64>) -> String {
    let floor = min_quality.map_or(String::new(), |m| format!(r#", "min_quality": {m}"#));
    format!(
        r#"{{"name": "measured", "workload": {{"requests_per_month": 100000, "input_tokens": 0, "output_tokens": 0}},
            "llm": {{"usd_per_request": 0.05}},
            "slm": {{"serving": "api", "usd_per_request": 0.001}},
            "routing": {{"escalation_rate": {escalation_rate}{floor},
              "measured": {{"label": "measured on 200 items of tickets.jsonl (95 % interval 63.3 %–75.9 %)", "items": 200,
                "points": [
                  {{"threshold": null, "escalation_rate": 0, "quality": 0.70, "quality_lower_95": 0.6443}},
                  {{"threshold": 0.2, "escalation_rate": 0.10, "quality": 0.78, "quality_lower_95": 0.7283}},
                  {{"threshold": 0.5, "escalation_rate": 0.25, "quality": 0.86, "quality_lower_95": 0.8148}},
                  {{"threshold": 0.8, "escalation_rate": 0.50, "quality": 0.90, "quality_lower_95": 0.8596}},
                  {{"threshold": null, "escalation_rate": 1, "quality": 0.92, "quality_lower_95": 0.8826}}]}}}}}}"#
    )
}

#[test]
fn the_curve_is_priced_at_each_measured_threshold() {
    let s = scenario(&measured(0.25, Some(0.8)));
    // Without a mode, a measured curve makes the routing a cascade; its ends are the
    // qualities.
    assert_eq!(s.routing.mode, tco::scenario::RoutingMode::Cascade);
    assert_eq!(s.routing.slm_quality, Some(0.70));
    assert_eq!(s.routing.llm_quality, Some(0.92));
    let r = plan(&s);
    // Hy(e) = 100,000 × $0.001 + e × 100,000 × $0.05 = $100 + $5,000·e.
    let costs: Vec<f64> = r.routing_curve.iter().map(|p| p.monthly_usd).collect();
    for (got, want) in costs.iter().zip([100.0, 600.0, 1_350.0, 2_600.0, 5_100.0]) {
        assert_close!(*got, want);
    }
    assert_eq!(r.routing_curve.len(), 5);
    assert!(r.routing_curve.iter().all(|p| p.slm_share == 1.0));
    assert_eq!(r.routing_curve[2].escalation_rate, Some(0.25));
    assert_eq!(r.routing_curve[2].threshold, Some(0.5));
    assert_eq!(r.routing_curve[0].threshold, None);
    assert_eq!(r.routing_curve[2].quality_lower_95, Some(0.8148));
    // The floor 0.8 by the lower bound: 0.6443 and 0.7283 miss, 0.8148 and above meet.
    let meets: Vec<bool> = r
        .routing_curve
        .iter()
        .map(|p| p.meets_min_quality)
        .collect();
    assert_eq!(meets, [false, false, true, true, true]);
    assert_eq!(r.routing_best_slm_share, Some(1.0));
    assert_eq!(r.routing_best_escalation_rate, Some(0.25));
    // At e = 0.25 (a point's own) the hybrid costs $1,350, quality 0.86, and is recommended:
    // the SLM alone ($100) has a lower bound 0.6443 < 0.8; the API costs $5,000.
    assert_close!(r.hybrid.monthly_usd, 1_350.0);
    assert_close!(r.hybrid.quality.unwrap(), 0.86);
    assert!(r.hybrid.meets_quality);
    assert!(!r.self_hosted.meets_quality);
    assert!(r.api.meets_quality);
    assert_eq!(r.recommended, Some(tco::quality::Choice::Hybrid));
    let codes: Vec<&str> = r.warnings.iter().map(|w| w.code.as_str()).collect();
    assert!(codes.contains(&"measured_floor_lower_bound"), "{codes:?}");
    assert!(!codes.contains(&"measured_interpolated"), "{codes:?}");
}

#[test]
fn between_two_points_the_quality_and_its_bound_are_interpolated() {
    // e = 0.2 lies between 0.10 and 0.25: t = (0.2 − 0.1)/0.15 = 2/3.
    // q = 0.78 + 2/3 × 0.08 = 0.833333; bound = 0.7283 + 2/3 × 0.0865 = 0.785967 < 0.8.
    let r = plan(&scenario(&measured(0.2, Some(0.8))));
    assert_close!(r.hybrid.monthly_usd, 1_100.0);
    assert_close!(r.hybrid.quality.unwrap(), 0.78 + 2.0 / 3.0 * 0.08);
    // The point estimate 0.833 meets 0.8; the bound 0.786 does not: the hybrid is out, and
    // the API ($5,000, bound 0.8826 at e = 1) is recommended.
    assert!(!r.hybrid.meets_quality);
    assert_eq!(r.recommended, Some(tco::quality::Choice::Api));
    let interpolated = r
        .warnings
        .iter()
        .find(|w| w.code == "measured_interpolated")
        .expect("an interpolation warning");
    assert_eq!(interpolated.field, "routing.escalation_rate");
    assert!(
        interpolated.message.contains("10.0 % and 25.0 %")
            && interpolated.message.contains("83.3 %")
            && interpolated.message.contains("78.6 %"),
        "{}",
        interpolated.message
    );
    let at = scenario(&measured(0.2, None))
        .routing
        .measured
        .unwrap()
        .at(0.2);
    assert_close!(at.quality_lower_95, 0.7283 + 2.0 / 3.0 * 0.0865);
    assert_eq!(at.between, Some((0.1, 0.25)));
}

#[test]
fn the_share_curve_is_unchanged_without_a_measured_curve() {
    let r = plan(&scenario(
        r#"{"name": "q", "workload": {"requests_per_month": 1000, "input_tokens": 0, "output_tokens": 0},
            "llm": {"usd_per_request": 0.01},
            "slm": {"serving": "api", "usd_per_request": 0.001},
            "routing": {"slm_share": 0.5, "slm_quality": 0.7, "llm_quality": 0.9, "min_quality": 0.85}}"#,
    ));
    assert_eq!(r.routing_best_escalation_rate, None);
    assert!(r.routing_curve.iter().all(|p| p.escalation_rate.is_none()
        && p.quality_lower_95.is_none()
        && p.threshold.is_none()));
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["routing_best_escalation_rate"].is_null());
    assert!(json["routing_curve"][0].get("escalation_rate").is_none());
}

fn errors(json: &str) -> Vec<(String, String)> {
    match tco::parse_scenario(json, Format::Json, pricing::bundled_table()) {
        Ok(_) => panic!("accepted: {json}"),
        Err(errors) => errors.into_iter().map(|e| (e.field, e.message)).collect(),
    }
}

#[test]
fn bad_measured_curves_name_the_field() {
    let good = measured(0.25, Some(0.8));
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            r#""quality_lower_95": 0.8148"#,
            r#""quality_lower_95": 0.9"#,
            "routing.measured.points[2].quality_lower_95",
            "must not exceed",
        ),
        (
            r#""escalation_rate": 0.50"#,
            r#""escalation_rate": 0.2"#,
            "routing.measured.points[3].escalation_rate",
            "must not fall",
        ),
        (
            r#""escalation_rate": 1,"#,
            r#""escalation_rate": 0.9,"#,
            "routing.measured.points[4].escalation_rate",
            "must be 1 at the last point",
        ),
        (
            r#""escalation_rate": 0,"#,
            r#""escalation_rate": 0.05,"#,
            "routing.measured.points[0].escalation_rate",
            "must be 0 at the first point",
        ),
        (
            r#""quality": 0.78"#,
            r#""quality": 1.2"#,
            "routing.measured.points[1].quality",
            "between 0 and 1",
        ),
        (
            r#""threshold": 0.5"#,
            r#""threshold": 0.1"#,
            "routing.measured.points[2].threshold",
            "above the previous",
        ),
        // A bound that is a share below its quality but not the Wilson bound of 0.86 on 200
        // items (0.8148 to four places).
        (
            r#""quality_lower_95": 0.8148"#,
            r#""quality_lower_95": 0.81"#,
            "routing.measured.points[2].quality_lower_95",
            "Wilson bound of quality 0.86 on 200 items, 0.8148",
        ),
        // 0.1025 × 200 = 20.5 items escalated.
        (
            r#""escalation_rate": 0.10"#,
            r#""escalation_rate": 0.1025"#,
            "routing.measured.points[1].escalation_rate",
            "whole number",
        ),
        // The ends are θ = −∞ and +∞: null.
        (
            r#""threshold": null, "escalation_rate": 1"#,
            r#""threshold": 0.9, "escalation_rate": 1"#,
            "routing.measured.points[4].threshold",
            "must be null at the last point",
        ),
        (
            r#""threshold": null, "escalation_rate": 0,"#,
            r#""threshold": 0.01, "escalation_rate": 0,"#,
            "routing.measured.points[0].threshold",
            "must be null at the first point",
        ),
        (
            r#""items": 200"#,
            r#""items": 0"#,
            "routing.measured.items",
            "at least 1",
        ),
        (
            r#""label": "measured on 200 items of tickets.jsonl (95 % interval 63.3 %–75.9 %)""#,
            r#""label": "   ""#,
            "routing.measured.label",
            "blank",
        ),
        (
            r#""escalation_rate": 0.25,"#,
            r#""mode": "router", "escalation_rate": 0.25,"#,
            "routing.mode",
            "cascade",
        ),
    ];
    for (from, to, field, words) in cases {
        assert!(good.contains(from), "{from}");
        let found = errors(&good.replacen(from, to, 1));
        assert!(
            found.iter().any(|(f, m)| f == field && m.contains(words)),
            "{field}: {found:?}"
        );
        assert!(!tco::vocabulary::label(field).contains('“'), "{field}");
    }
    let long = good.replacen("measured on 200", &format!("{} 200", "x".repeat(300)), 1);
    assert!(errors(&long)
        .iter()
        .any(|(f, m)| f == "routing.measured.label" && m.contains("at most 300")));
    // Typed qualities equal to the curve's ends are accepted.
    let typed = good.replacen(
        r#""escalation_rate": 0.25,"#,
        r#""slm_quality": 0.7, "llm_quality": 0.92, "escalation_rate": 0.25,"#,
        1,
    );
    assert_eq!(scenario(&typed).routing.llm_quality, Some(0.92));
    assert!(plan(&scenario(&typed))
        .warnings
        .iter()
        .all(|w| w.code != "measured_quality_differs"));
    // Typed otherwise, they are kept and warned about; the curve still decides.
    let other = good.replacen(
        r#""escalation_rate": 0.25,"#,
        r#""slm_quality": 0.75, "escalation_rate": 0.250000001,"#,
        1,
    );
    let r = plan(&scenario(&other));
    let differs: Vec<_> = r
        .warnings
        .iter()
        .filter(|w| w.code == "measured_quality_differs")
        .collect();
    assert_eq!(differs.len(), 1, "{differs:?}");
    assert_eq!(differs[0].field, "routing.slm_quality");
    assert!(differs[0].message.contains("75.0 %") && differs[0].message.contains("70.0 %"));
    assert!(!r.self_hosted.meets_quality, "judged on the curve's 0.6443");
    // 0.250000001 is the point's own rate to within 1e-6: not interpolated.
    assert!(r.warnings.iter().all(|w| w.code != "measured_interpolated"));
    assert_close!(r.hybrid.quality.unwrap(), 0.86);
    // The two ends alone are a curve: SLM alone $100 (bound 0.6443), everything escalated
    // $100 + $5,000 = $5,100 (bound 0.8826, the only one meeting 0.8).
    let mut ends_only = good.clone();
    for middle in [
        r#"{"threshold": 0.2, "escalation_rate": 0.10, "quality": 0.78, "quality_lower_95": 0.7283},"#,
        r#"{"threshold": 0.5, "escalation_rate": 0.25, "quality": 0.86, "quality_lower_95": 0.8148},"#,
        r#"{"threshold": 0.8, "escalation_rate": 0.50, "quality": 0.90, "quality_lower_95": 0.8596},"#,
    ] {
        assert!(ends_only.contains(middle), "{middle}");
        ends_only = ends_only.replacen(middle, "", 1);
    }
    let r = plan(&scenario(&ends_only));
    let costs: Vec<f64> = r.routing_curve.iter().map(|p| p.monthly_usd).collect();
    assert_eq!(costs.len(), 2);
    assert_close!(costs[0], 100.0);
    assert_close!(costs[1], 5_100.0);
    assert_eq!(r.routing_best_escalation_rate, Some(1.0));
    // e = 0.25 now lies between the ends: q = 0.70 + 0.25 × 0.22 = 0.755.
    assert_close!(r.hybrid.quality.unwrap(), 0.755);
    let no_points = good.split(r#""points": ["#).next().unwrap().to_string() + r#""points": []}}}"#;
    assert!(errors(&no_points)
        .iter()
        .any(|(f, m)| f == "routing.measured.points" && m.contains("2 to 1,001")));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Along a measured curve the escalation rate never falls, every point's quality lies
    /// within the measured points' range, the bound at most the quality, and the cost is the
    /// cascade's at that rate.
    #[test]
    fn the_measured_curve_keeps_its_order_and_range(
        items in 1_u64..300,
        steps in proptest::collection::vec((0.0f64..1.0, 0.0f64..=1.0), 0..30),
        e in 0.0f64..1.0,
        floor in 0.0f64..1.0,
    ) {
        // Escalated counts: 0, distinct k in 1..items from the steps, items; each point's
        // successes s of items, its bound Wilson's at n = items.
        let n = items as f64;
        let mut counts: Vec<u64> = steps
            .iter()
            .map(|s| (s.0 * n).floor() as u64)
            .filter(|&k| k > 0 && k < items)
            .collect();
        counts.sort_unstable();
        counts.dedup();
        let mut all = vec![0];
        all.extend(counts);
        all.push(items);
        let z = tco::measured::Z_95_ONE_SIDED;
        let figures: Vec<(f64, f64, f64)> = all
            .iter()
            .enumerate()
            .map(|(i, &k)| {
                let q_share = steps.get(i).map_or(0.5, |s| s.1);
                let successes = (q_share * n).round();
                let q = successes / n;
                (k as f64 / n, q, tco::measured::wilson_lower(successes, n, z))
            })
            .collect();
        let points: Vec<String> = figures
            .iter()
            .map(|(rate, q, low)| {
                format!(r#"{{"escalation_rate": {rate}, "quality": {q}, "quality_lower_95": {low}}}"#)
            })
            .collect();
        let json = format!(
            r#"{{"name": "p", "workload": {{"requests_per_month": 1000, "input_tokens": 0, "output_tokens": 0}},
                "llm": {{"usd_per_request": 0.05}}, "slm": {{"serving": "api", "usd_per_request": 0.001}},
                "routing": {{"escalation_rate": {e}, "min_quality": {floor},
                  "measured": {{"label": "p", "items": {items}, "points": [{}]}}}}}}"#,
            points.join(",")
        );
        let s = scenario(&json);
        let m = s.routing.measured.clone().unwrap();
        let (lo, hi) = m.points.iter().fold((1.0f64, 0.0f64), |(lo, hi), p| (lo.min(p.quality), hi.max(p.quality)));
        let r = plan(&s);
        prop_assert_eq!(r.routing_curve.len(), all.len());
        for pair in r.routing_curve.windows(2) {
            prop_assert!(pair[1].escalation_rate >= pair[0].escalation_rate);
            prop_assert!(pair[1].monthly_usd >= pair[0].monthly_usd - 1e-9);
        }
        for (p, (rate, q, low)) in r.routing_curve.iter().zip(&figures) {
            prop_assert_eq!(p.quality, Some(*q));
            prop_assert_eq!(p.quality_lower_95, Some(*low));
            prop_assert!(*low <= *q);
            prop_assert_eq!(p.meets_min_quality, *low >= floor - 1e-12);
            prop_assert!((p.monthly_usd - (1.0 + rate * 50.0)).abs() < 1e-9);
        }
        // The scenario's own e read off the curve, against the straight line between the
        // neighbouring points computed here (a rate within 1e-6 of a point's is that point).
        let expected = match figures.iter().find(|(rate, _, _)| (rate - e).abs() <= 1e-6) {
            Some(&(_, q, low)) => (q, low),
            None => {
                let j = figures.iter().rposition(|(rate, _, _)| *rate < e).unwrap();
                let (r0, q0, l0) = figures[j];
                let (r1, q1, l1) = figures[j + 1];
                let t = (e - r0) / (r1 - r0);
                (q0 + t * (q1 - q0), l0 + t * (l1 - l0))
            }
        };
        let here = m.at(e);
        prop_assert!((here.quality - expected.0).abs() < 1e-12);
        prop_assert!((here.quality_lower_95 - expected.1).abs() < 1e-12);
        prop_assert!(here.quality >= lo - 1e-12 && here.quality <= hi + 1e-12);
        let q = r.hybrid.quality.unwrap();
        prop_assert!((q - expected.0).abs() < 1e-12);
        // The cheapest meeting the floor is the lowest e whose bound meets it.
        let best = figures.iter().find(|(_, _, low)| *low >= floor - 1e-12).map(|f| f.0);
        prop_assert_eq!(r.routing_best_escalation_rate, best);
    }
}

/// A share link carries the largest curve an eval reports: 201 points of a 168-item sample
/// (rates k/168, qualities with every digit, thresholds from a model's margins) fits in
/// `share::MAX_TEXT_BYTES`.
#[test]
fn a_share_link_carries_an_eval_sized_curve() {
    let n = 168.0_f64;
    let points: Vec<String> = (0..=200)
        .map(|i| {
            let k = (f64::from(i) * n / 200.0).round();
            let q = (0.65 * n + 0.3 * k) / n;
            let threshold = if i == 0 || i == 200 {
                "null".to_string()
            } else {
                format!("{}", 0.0137 * f64::from(i) + 1.0 / (f64::from(i) + 7.0))
            };
            format!(
                r#"{{"threshold": {threshold}, "escalation_rate": {}, "quality": {q}, "quality_lower_95": {}}}"#,
                k / n,
                q * 0.93
            )
        })
        .collect();
    let json = format!(
        r#"{{"name": "p", "workload": {{"requests_per_month": 1000, "input_tokens": 0, "output_tokens": 0}},
            "llm": {{"usd_per_request": 0.05}}, "slm": {{"serving": "api", "usd_per_request": 0.001}},
            "routing": {{"escalation_rate": 0.25,
              "measured": {{"label": "measured on 168 items of the demo sample support-intent.jsonl (95 % interval 35.0 %–49.8 %)", "items": 168, "points": [{}]}}}}}}"#,
        points.join(",")
    );
    let input = tco::from_json(&json).unwrap();
    let text = tco::share::encode(&tco::share::SharedState {
        scenario: input.clone(),
        price_table: None,
    });
    assert!(
        text.len() <= tco::share::MAX_TEXT_BYTES,
        "{} bytes",
        text.len()
    );
    assert_eq!(tco::share::decode(&text).unwrap().scenario, input);
}
