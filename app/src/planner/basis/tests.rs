//! The basis texts against the engine: worked prices, and never a NaN or an infinity.

use super::*;
use crate::planner::form::{defaults, evaluate};

fn assert_clean(text: &str) {
    for bad in ["NaN", "inf", "Infinity"] {
        assert!(!text.contains(bad), "{bad} in {text}");
    }
    assert!(!text.is_empty());
}

#[test]
fn api_basis_shows_the_worked_price() {
    let (s, _) = evaluate(&defaults(), None, pricing::bundled_table()).expect("valid");
    let text = api(&s);
    assert!(
        text.starts_with("API: 1,000,000 requests × $0.003250 (500 input tokens × $2.5/Mtok + 200 output × $10/Mtok)"),
        "{text}"
    );
    assert!(text.contains("gpt-4o from "), "{text}");
}

#[test]
fn every_basis_is_free_of_non_finite_numbers() {
    let (mut s, r) = evaluate(&defaults(), None, pricing::bundled_table()).expect("valid");
    for text in [self_hosted(&s, &r), hybrid(&s, &r), break_even(&s), roi(&s)] {
        assert_clean(&text);
        assert!(!text.contains('—'), "{text}");
    }
    // Values the engine would never produce still show as "—".
    s.workload.requests_per_month = f64::NAN;
    s.llm.prices.output_usd_per_mtok = f64::INFINITY;
    if let SlmServing::SelfHosted(f) = &mut s.slm.serving {
        f.decode_tokens_per_s = f64::NEG_INFINITY;
        f.hours_per_month = 0.0;
    }
    s.workload.monthly_growth = f64::NAN;
    let mut r = r;
    r.hybrid.slm_usd_per_month = f64::INFINITY;
    r.self_hosted.fleet.replicas = None;
    for text in [
        api(&s),
        self_hosted(&s, &r),
        hybrid(&s, &r),
        break_even(&s),
        roi(&s),
    ] {
        assert_clean(&text);
        assert!(text.contains('—'), "{text}");
    }
    assert_eq!(num(f64::NAN), "—");
    assert_eq!(per_mtok(f64::INFINITY), "—");
    let q = Quantiles {
        p10: f64::NAN,
        p50: 1.0,
        p90: f64::INFINITY,
    };
    assert_eq!(range(&q), "P10–P90 — – —");
}

#[test]
fn measured_throughput_names_its_source() {
    let mut v = defaults();
    v.insert(
        "slm.throughput_source",
        "benchmark #7: qwen on cuda:0".into(),
    );
    let (s, r) = evaluate(&v, None, pricing::bundled_table()).expect("valid");
    // Named in words only (scenario v1): measured, but nothing about it can be checked.
    assert!(self_hosted(&s, &r).contains("throughput measured (described only): benchmark #7"));
    let text = self_hosted(&s, &r);
    assert!(
        text.starts_with(
            "Self-hosted: 1 replica × 1 GPU at the busiest hour, on 1 instance of 1 GPU (0 reserved); GPUs $587.50 for 730 GPU-hours a month + people $0.00 + fixed $0.00"
        ),
        "{text}"
    );
    assert!(
        text.contains("aws:g6.xlarge (L4) on demand $0.8048/GPU-hour from "),
        "{text}"
    );
    assert_eq!(dollars(f64::NAN), "—");
}

#[test]
fn api_basis_names_the_caching_minimum_reasoning_and_batch() {
    let mut v = defaults();
    v.insert("workload.cached_input_share", "0.4".into());
    let (s, _) = evaluate(&v, None, pricing::bundled_table()).expect("valid");
    // GPT-4o caches prompts of 1,024 tokens or more; 500 are billed in full.
    let text = api(&s);
    assert!(
        text.contains("× $0.003250 (500 input tokens × $2.5/Mtok + 200 output × $10/Mtok); the prompt is under the provider's caching minimum of 1,024 tokens"),
        "{text}"
    );
    v.insert("llm.min_cached_input_tokens", "0".into());
    v.insert("llm.reasoning_tokens", "100".into());
    v.insert("workload.batch_share", "0.5".into());
    let (s, _) = evaluate(&v, None, pricing::bundled_table()).expect("valid");
    let text = api(&s);
    // 300 × $2.5 + 200 × $1.25 + 300 × $10 per Mtok = $0.004000 interactive; batch at
    // GPT-4o's listed batch prices.
    assert!(text.contains("interactive $0.004000 (300 input tokens × $2.5/Mtok + 200 cached × $1.25/Mtok + (200 output + 100 reasoning) × $10/Mtok)"), "{text}");
    assert!(text.contains("50.0 % batch at"), "{text}");
    assert_clean(&text);
}
