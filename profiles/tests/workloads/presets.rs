//! The preset catalog: derived peak-to-average ratios, normalised shapes, and citations
//! that are verbatim in the seed articles.

use std::collections::{BTreeMap, BTreeSet};

use profiles::{peak_to_average, preset, presets, weekly_peak_factor, LatencySlo, CASCADE, ROUTER};

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/seeds");

const IDS: [&str; 7] = [
    "customer-support",
    "ticket-classification",
    "invoice-extraction",
    "document-summarisation",
    "code-completion",
    "content-moderation",
    "rag-qa",
];

/// Every seed file in the directory, by name.
fn seed_files() -> BTreeMap<String, String> {
    let dir = std::fs::read_dir(SEEDS).unwrap_or_else(|e| panic!("reading {SEEDS}: {e}"));
    dir.map(|entry| {
        let path = entry.expect("directory entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).expect("seed file is UTF-8 text");
        (name, text)
    })
    .collect()
}

/// The passages between straight double quotes.
fn quoted(text: &str) -> Vec<&str> {
    text.split('"').skip(1).step_by(2).collect()
}

fn max_over_mean(shape: &[f64; 24]) -> f64 {
    let max = shape.iter().copied().fold(f64::MIN, f64::max);
    max / (shape.iter().sum::<f64>() / 24.0)
}

#[test]
fn ids_are_the_seven_in_order_and_unique() {
    let ids: Vec<&str> = presets().iter().map(|p| &*p.id).collect();
    assert_eq!(ids, IDS);
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len());
    for id in IDS {
        assert_eq!(preset(id).map(|p| &*p.id), Some(id));
    }
    assert!(preset("no-such-preset").is_none());
}

#[test]
fn peak_to_average_is_derived_from_the_shape() {
    for p in presets() {
        let expected = max_over_mean(&p.load_shape);
        let got = p.workload.peak_to_average;
        assert!(
            (got - expected).abs() <= 1e-12,
            "{}: {got} vs {expected}",
            p.id
        );
        assert_eq!(got, peak_to_average(&p.load_shape), "{}", p.id);
        assert!(got >= 1.0, "{}", p.id);
    }
}

#[test]
fn shapes_have_mean_one_and_positive_hours() {
    for p in presets() {
        let mean = p.load_shape.iter().sum::<f64>() / 24.0;
        assert!((mean - 1.0).abs() <= 1e-12, "{}: mean {mean}", p.id);
        assert!(
            p.load_shape.iter().all(|&v| v > 0.0 && v.is_finite()),
            "{}",
            p.id
        );
    }
}

/// Which days each preset's traffic comes, as its use case implies: office tools and
/// internal assistants on weekdays, consumer-facing services every day.
const WEEKS: [(&str, [f64; 7]); 7] = [
    ("customer-support", [1.0; 7]),
    ("ticket-classification", [1.0, 1.0, 1.0, 1.0, 1.0, 0.3, 0.3]),
    ("invoice-extraction", [1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0]),
    (
        "document-summarisation",
        [1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0],
    ),
    ("code-completion", [1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0]),
    ("content-moderation", [1.0; 7]),
    ("rag-qa", [1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0]),
];

#[test]
fn weekly_shapes_follow_the_use_case_and_are_named_assumptions() {
    for (id, week) in WEEKS {
        let p = preset(id).unwrap();
        assert_eq!(p.weekly_shape, Some(week), "{id}");
        // Valid for the engine: 7 weights >= 0, at least one > 0.
        assert!(week.iter().all(|d| d.is_finite() && *d >= 0.0), "{id}");
        assert!(week.iter().any(|d| *d > 0.0), "{id}");
        assert!(
            p.assumptions.contains("weekly shape"),
            "{id}: the weekly shape is not named as an assumption"
        );
    }
    // The busiest hour of a weekday-only week is 7/5 of the daily shape's peak over mean.
    let code = preset("code-completion").unwrap();
    let week_peak = code.workload.peak_to_average * weekly_peak_factor(&WEEKS[4].1);
    assert!((week_peak - code.workload.peak_to_average * 1.4).abs() < 1e-12);
    assert!(code.assumptions.contains("1.4x"));
}

#[test]
fn numbers_are_within_the_engine_ranges() {
    for p in presets() {
        let w = &p.workload;
        let id = &p.id;
        assert!((0.0..=1e15).contains(&w.requests_per_month) && w.requests_per_month > 0.0);
        assert!((0.0..=1e8).contains(&w.input_tokens), "{id}");
        assert!((0.0..=1e8).contains(&w.output_tokens), "{id}");
        assert!((0.0..=1.0).contains(&w.cached_input_share), "{id}");
        assert!((1.0..=1e6).contains(&w.peak_to_average), "{id}");
        assert!(w.monthly_growth > -1.0 && w.monthly_growth <= 1.0, "{id}");
        assert!(p.slo.ttft_ms > 0.0 && p.slo.tpot_ms > 0.0, "{id}");
        let r = &p.suggested_routing;
        assert!(
            r.mode == ROUTER || r.mode == CASCADE,
            "{id}: mode {}",
            r.mode
        );
        assert!((0.0..=1.0).contains(&r.slm_share), "{id}");
        assert!((0.0..=1.0).contains(&r.escalation_rate), "{id}");
        if r.mode == CASCADE {
            assert_eq!(
                r.slm_share, 1.0,
                "{id}: a cascade sends every request to the SLM"
            );
        }
        assert!(!p.assumptions.is_empty() && !p.name.is_empty(), "{id}");
    }
}

/// Each preset cites existing seed files, and its `quote` and every double-quoted passage
/// of `from_seed` appear verbatim in one of them.
#[test]
fn citations_are_verbatim_in_existing_seeds() {
    let files = seed_files();
    for p in presets() {
        let cited: Vec<&str> = p.seeds().collect();
        assert!(!cited.is_empty(), "{}: cites no seed", p.id);
        for name in &cited {
            assert!(
                files.contains_key(*name),
                "{}: {name} is not in {SEEDS}",
                p.id
            );
        }
        assert!(!p.quote.is_empty(), "{}", p.id);
        assert_eq!(
            p.from_seed.matches('"').count() % 2,
            0,
            "{}: unbalanced quotes",
            p.id
        );
        let passages = quoted(&p.from_seed);
        assert!(
            passages.contains(&&*p.quote) || p.from_seed.contains(&*p.quote),
            "{}",
            p.id
        );
        for passage in std::iter::once(&*p.quote).chain(passages) {
            let found = cited.iter().any(|name| files[*name].contains(passage));
            assert!(found, "{}: {passage:?} is not verbatim in {cited:?}", p.id);
        }
    }
}

#[test]
fn customer_support_keeps_the_seed_volume() {
    let p = preset("customer-support").unwrap();
    let w = &p.workload;
    assert_eq!(
        (w.requests_per_month, w.input_tokens, w.output_tokens),
        (1_000_000.0, 500.0, 200.0)
    );
    assert_eq!(w.tokens_per_request(), 700.0);
    assert_eq!((w.cached_input_share, w.monthly_growth), (0.0, 0.0));
    assert_eq!(w.peak_to_average, 3.0, "shape designed for exactly 3");
    assert!(p.seed.contains("003_6f6ef078e56ced45.txt"));

    assert_eq!(profiles::default_preset(), p);
}

#[test]
fn presets_serialise_to_json() {
    let json = serde_json::to_value(presets()).unwrap();
    let first = &json[0];
    assert_eq!(first["id"], "customer-support");
    assert_eq!(first["load_shape"].as_array().map(Vec::len), Some(24));
    assert_eq!(first["suggested_routing"]["mode"], "router");
    assert_eq!(first["slo"]["ttft_ms"], 1000.0);
    assert_eq!(first["workload"]["peak_to_average"], 3.0);
    assert_eq!(first["weekly_shape"].as_array().map(Vec::len), Some(7));
    // Read back without a weekly shape (a preset listed before it had one): none.
    let mut older = first.clone();
    older.as_object_mut().unwrap().remove("weekly_shape");
    let read: profiles::Preset = serde_json::from_value(older).unwrap();
    assert_eq!(read.weekly_shape, None);
    let slo: LatencySlo = serde_json::from_value(first["slo"].clone()).unwrap();
    assert_eq!(slo, presets()[0].slo);
}
