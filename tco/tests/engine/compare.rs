//! The verdict of a comparison (docs/cost-model.md §13), with hand-worked numbers.
//!
//! The scenarios: "api" pays $0.001 a request on the LLM API (its hosted SLM costs more,
//! so the API is its choice): A(R) = 0.001·R. "gpu" pays $0.002 on the LLM API or runs
//! the worked example's replica: 1 replica ($0.80 × 730 h = $584) per 1,226,400 requests
//! a month, so it picks the API below 584 / 0.002 = 292,000 and $584 per replica above.
//! "api" is cheaper than "gpu" while 0.001·R < 584, i.e. below 584,000 requests a month;
//! past one replica "gpu" stays cheaper (n·584 < 0.001·(n − 1)·1,226,400 for n ≥ 2).

use tco::compare::{compare, Compared, Evidence};
use tco::{plan, PlanResult, Scenario};

use crate::common::{assert_close, scenario};

fn api(volume: f64, fee: f64) -> String {
    format!(
        r#"{{"name": "api", "workload": {{"requests_per_month": {volume}, "input_tokens": 500, "output_tokens": 200}},
            "llm": {{"input_usd_per_mtok": 0, "output_usd_per_mtok": 0, "usd_per_request": {fee}}},
            "slm": {{"serving": "api", "usd_per_request": 0.002}}, "routing": {{"slm_share": 0}}}}"#
    )
}

fn gpu(volume: f64, throughput: &str) -> String {
    format!(
        r#"{{"name": "gpu", "workload": {{"requests_per_month": {volume}, "input_tokens": 500, "output_tokens": 200, "peak_to_average": 3}},
            "llm": {{"input_usd_per_mtok": 0, "output_usd_per_mtok": 0, "usd_per_request": 0.002}},
            "slm": {{"serving": "self_hosted", "gpu_usd_per_hour": 0.8, "prefill_tokens_per_s": 5000,
                     "decode_tokens_per_s": 500 {throughput}}},
            "routing": {{"slm_share": 0}}}}"#
    )
}

const MEASURED: &str = r#", "throughput": {"basis": "benchmark", "benchmark": 3, "device": "cpu",
    "prompt_tokens": 500, "gen_tokens": 200, "concurrency": 1}"#;

fn verdict(named: &[(&str, String)]) -> tco::compare::Comparison {
    let planned: Vec<(Scenario, PlanResult)> = named
        .iter()
        .map(|(_, json)| {
            let s = scenario(json);
            let r = plan(&s);
            (s, r)
        })
        .collect();
    let compared: Vec<Compared> = named
        .iter()
        .zip(&planned)
        .map(|((name, _), (scenario, result))| Compared {
            name,
            scenario,
            result,
        })
        .collect();
    compare(&compared)
}

/// (case, the scenarios by name, the verdict expected)
type Case = (&'static str, Vec<(&'static str, String)>, &'static str);

#[test]
fn the_verdict_names_the_cheapest_its_saving_and_where_the_ranking_flips() {
    let cases: &[Case] = &[
        (
            // At 1M: api $1,000, gpu one replica $584: saves $416.
            "same volume, the GPU cheaper, the API below 584,000",
            vec![("A", api(1e6, 0.001)), ("B", gpu(1e6, ""))],
            "At 1,000,000 requests/month, “B” is the cheapest at $584.00/month (self-hosted), saving $416.00/month against “A”. \
             By volume: below 584,000 requests/month “A” is the cheapest; from 584,000 up “B” is the cheapest \
             (checked from 29,200 to 10,000,000 requests/month). “B”'s throughput is typed, an estimate.",
        ),
        (
            // At 100k: api $100, gpu on its API $200. At 1M as above. Range 10k to 10M.
            "each at its own volume, measured against none",
            vec![("A", api(1e5, 0.001)), ("B", gpu(1e6, MEASURED))],
            "At “A”'s volume (100,000 requests/month), “A” is the cheapest at $100.00/month (on the LLM API), saving $100.00/month against “B”. \
             At “B”'s volume (1,000,000 requests/month), “B” is the cheapest at $584.00/month (self-hosted), saving $416.00/month against “A”. \
             By volume: below 584,000 requests/month “A” is the cheapest; from 584,000 up “B” is the cheapest \
             (checked from 10,000 to 10,000,000 requests/month). “B”'s throughput is measured.",
        ),
        (
            // Both on the same $0.002 LLM API below the GPU's break-even (584 / 0.002 =
            // 292,000), the GPU alone above: at 1M $584 against $2,000.
            "a tie, then one cheaper",
            vec![("E", api(1e6, 0.002)), ("B", gpu(1e6, ""))],
            "At 1,000,000 requests/month, “B” is the cheapest at $584.00/month (self-hosted), saving $1,416.00/month against “E”. \
             By volume: below 292,000 requests/month “E” and “B” cost the same; from 292,000 up “B” is the cheapest \
             (checked from 29,200 to 10,000,000 requests/month). “B”'s throughput is typed, an estimate.",
        ),
        (
            // Two at $0.001 on the API, tied below 584,000; the GPU from there.
            "two tied, then the third",
            vec![("A", api(1e6, 0.001)), ("B", gpu(1e6, "")), ("C", api(1e6, 0.001))],
            "At 1,000,000 requests/month, “B” is the cheapest at $584.00/month (self-hosted), saving $416.00/month against “A” and $416.00/month against “C”. \
             By volume: below 584,000 requests/month “A” and “C” are the cheapest (the same cost); from 584,000 up “B” is the cheapest \
             (checked from 29,200 to 10,000,000 requests/month). “B”'s throughput is typed, an estimate.",
        ),
        (
            // Three of the same: nothing to choose, every throughput typed.
            "three the same",
            vec![("X", gpu(1e6, "")), ("Y", gpu(1e6, "")), ("Z", gpu(1e6, ""))],
            "At 1,000,000 requests/month, all 3 scenarios cost the same: $584.00/month. \
             “X”, “Y” and “Z” cost the same from 29,200 to 10,000,000 requests/month. \
             Every scenario's throughput is typed, an estimate.",
        ),
        (
            // "Q" asks for quality 0.9 of an LLM at 0.8 and an SLM at 0.7: no option.
            "one meets no quality floor",
            vec![
                ("A", api(1e6, 0.001)),
                ("Q", api(1e6, 0.001).replace(
                    r#""routing": {"slm_share": 0}"#,
                    r#""routing": {"slm_share": 0, "min_quality": 0.9, "llm_quality": 0.8, "slm_quality": 0.7}"#,
                )),
            ],
            "At 1,000,000 requests/month, only “A” has an option that meets its quality floor: $1,000.00/month (on the LLM API). \
             None of the options of “Q” meets its quality floor there. \
             “A” stays the cheapest from 100,000 to 10,000,000 requests/month.",
        ),
        (
            // Two identical API-only scenarios: no break-even, range 100k to 10M.
            "a tie everywhere",
            vec![("A", api(1e6, 0.001)), ("C", api(1e6, 0.001))],
            "At 1,000,000 requests/month, “A” and “C” cost the same: $1,000.00/month. \
             “A” and “C” cost the same from 100,000 to 10,000,000 requests/month.",
        ),
        (
            // C at $0.0005: $500 at 1M against gpu $584 and api $1,000. Past 1,168,000·n
            // the gpu's n replicas undercut C until the next replica at 1,226,400·n: a
            // sawtooth, summarised.
            "three, a sawtooth of fleet steps",
            vec![("A", api(1e6, 0.001)), ("B", gpu(1e6, "")), ("C", api(1e6, 0.0005))],
            "At 1,000,000 requests/month, “C” is the cheapest at $500.00/month (on the LLM API), saving $500.00/month against “A” and $84.00/month against “B”. \
             The cheapest changes back and forth between “B” and “C” as fleets add instances, from 29,200 to 10,000,000 requests/month; the chart shows where. \
             “B”'s throughput is typed, an estimate.",
        ),
    ];
    for (case, named, expected) in cases {
        let expected = expected.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(verdict(named).sentence, expected, "{case}");
    }
}

#[test]
fn standings_and_curves_carry_the_figures_the_sentence_reads() {
    let c = verdict(&[("A", api(1e5, 0.001)), ("B", gpu(1e6, MEASURED))]);
    assert_eq!(c.evidence, vec![None, Some(Evidence::Measured)]);
    assert_eq!(c.standings.len(), 2);
    let first = &c.standings[0];
    assert_eq!(first.volume_of, vec![0]);
    assert_close!(first.costs[0].unwrap().1, 100.0);
    assert_close!(first.costs[1].unwrap().1, 200.0);
    assert_eq!(first.cheapest, vec![0]);
    assert_eq!(c.stretches.len(), 2);
    assert!(
        (c.stretches[0].to - 584_000.0).abs() < 1e-3,
        "{:?}",
        c.stretches
    );
    // Each curve passes through its own volume at its own cost.
    for (curve, (r, usd)) in c.curves.iter().zip([(1e5, 100.0), (1e6, 584.0)]) {
        let at = curve.points.iter().find(|p| p.0 == r).unwrap();
        assert_close!(at.1, usd);
        assert!(curve
            .points
            .iter()
            .all(|p| p.0.is_finite() && p.1.is_finite()));
        assert_close!(curve.points[0].0, 1e4);
    }
}

#[test]
fn one_scenario_is_nothing_to_compare() {
    let c = verdict(&[("A", api(1e6, 0.001))]);
    assert_eq!(c.sentence, "Choose at least two scenarios to compare.");
    assert!(c.stretches.is_empty());
}

#[test]
fn badges_follow_the_planners_basis() {
    let typed = scenario(&gpu(1e6, ""));
    let measured = scenario(&gpu(1e6, MEASURED));
    assert_eq!(
        Evidence::of(typed.slm.throughput.as_ref()),
        Some(Evidence::Typed)
    );
    assert_eq!(
        Evidence::of(measured.slm.throughput.as_ref()),
        Some(Evidence::Measured)
    );
    assert_eq!(Evidence::of(None), None);
    assert_eq!(Evidence::Projected.word(), "projected");
}
