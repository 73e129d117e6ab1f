//! The trace's caps (docs/traffic.md, "Memory"): at most 1,000 model names, the rest under
//! "(other models)", and at most 400,000 (hour, model) entries, records past it left out
//! whole; each counted and warned.

use traffic::analysis::{workload, Trace, MAX_ENTRIES, MAX_MODELS, OTHER_MODELS};
use traffic::TrafficRecord;

use crate::request;

/// 2025-03-03T00:00:00Z, a Monday.
const T0: i64 = 1_740_960_000;
const HOUR: i64 = 3_600;

#[test]
fn model_names_past_the_first_thousand_go_to_one_other_models_entry() {
    assert_eq!(MAX_MODELS, 1_000);
    let mut trace = Trace::new();
    for i in 0..1_000 {
        trace.add(&request(T0, &format!("model-{i}"), 100, 10));
    }
    assert_eq!(trace.models.len(), 1_000);
    // Names 1,001 and 1,002 (two records of the first, 5 requests in the second's bucket),
    // then model-7 again: the new names share one entry, model-7 keeps its own.
    trace.add(&request(T0 + HOUR, "model-1000", 100, 10));
    trace.add(&request(T0 + 2 * HOUR, "model-1000", 100, 10));
    trace.add(&TrafficRecord {
        requests: 5,
        bucket_seconds: Some(HOUR),
        ..request(T0 + 2 * HOUR, "model-1001", 500, 50)
    });
    trace.add(&request(T0 + 2 * HOUR, "model-7", 100, 10));
    assert_eq!(trace.models.len(), 1_001);
    assert_eq!(trace.models[1_000], OTHER_MODELS);
    assert_eq!(
        (trace.other_model_records, trace.other_model_requests),
        (3, 7)
    );
    let per_model = trace.per_model();
    assert_eq!(per_model[1_000].interactive.requests, 7.0);
    assert_eq!(per_model[1_000].interactive.input_tokens, 700.0);
    assert_eq!(per_model[7].interactive.requests, 2.0);
    // Nothing is dropped: 1,000 + 2 + 5 + 1 requests.
    assert_eq!(trace.totals().interactive.requests, 1_008.0);
    assert_eq!(trace.capped_records, 0);

    // A trace read back from JSON (the lookup is not serialised) keeps the entry: a new
    // name still goes to it, a known one to its own.
    let json = serde_json::to_string(&trace).expect("a trace serialises");
    let mut back: Trace = serde_json::from_str(&json).expect("and reads back");
    assert_eq!(back, trace);
    back.add(&request(T0, "model-1002", 100, 10));
    back.add(&request(T0, "model-999", 100, 10));
    assert_eq!(back.models.len(), 1_001);
    assert_eq!(back.per_model()[1_000].interactive.requests, 8.0);
    assert_eq!(back.per_model()[999].interactive.requests, 2.0);
    assert_eq!(back.other_model_records, 4);

    let w = workload(&trace, "many.csv", 0);
    assert_eq!(w.requests, 1_008.0);
    assert_eq!(w.models.len(), 1_001);
    assert!(
        w.warnings.contains(
            &"3 records (7 requests) of models past the first 1,000 names are counted \
              together as \"(other models)\": a trace keeps at most 1,000 model names"
                .to_string()
        ),
        "{:?}",
        w.warnings
    );
}

#[test]
fn a_smaller_model_cap_keeps_known_models_apart_from_the_others() {
    let mut trace = Trace::with_limits(2, 100);
    for model in ["a", "b", "c", "a", "d"] {
        trace.add(&request(T0, model, 100, 10));
    }
    // a, b, then c and d under one entry; a again is a.
    assert_eq!(trace.models, ["a", "b", OTHER_MODELS]);
    assert_eq!(trace.per_model()[0].interactive.requests, 2.0);
    assert_eq!(trace.per_model()[2].interactive.requests, 2.0);
    // A model really named "(other models)" is a model of its own while there is room.
    let mut named = Trace::with_limits(2, 100);
    named.add(&request(T0, OTHER_MODELS, 100, 10));
    named.add(&request(T0, "x", 100, 10));
    named.add(&request(T0, "y", 100, 10));
    assert_eq!(named.models, [OTHER_MODELS, "x", OTHER_MODELS]);
    assert_eq!(named.per_model()[0].interactive.requests, 1.0);
    assert_eq!(named.per_model()[2].interactive.requests, 1.0);
}

#[test]
fn records_past_the_entry_cap_are_left_out_whole_and_warned() {
    assert_eq!(MAX_ENTRIES, 400_000);
    assert_eq!(Trace::new().max_entries(), MAX_ENTRIES);
    // A cap of 30 entries: 24 hours of model a fill 24.
    let mut trace = Trace::with_limits(MAX_MODELS, 30);
    for h in 0..24 {
        trace.add(&request(T0 + h * HOUR, "a", 100, 10));
    }
    assert_eq!(trace.hours.len(), 24);
    // A daily bucket of model b needs 24 new entries, 6 are left: left out whole, and the
    // span does not grow to cover it.
    trace.add(&TrafficRecord {
        requests: 48,
        bucket_seconds: Some(86_400),
        ..request(T0 + 24 * HOUR, "b", 4_800, 480)
    });
    assert_eq!((trace.capped_records, trace.capped_requests), (1, 48));
    assert_eq!(trace.span(), Some((T0 / HOUR, T0 / HOUR + 23)));
    // Six single requests of model a in new hours fit; the seventh does not.
    for h in 24..31 {
        trace.add(&request(T0 + h * HOUR, "a", 100, 10));
    }
    assert_eq!(trace.hours.len(), 30);
    assert_eq!((trace.capped_records, trace.capped_requests), (2, 49));
    // A record in an hour the trace holds still counts, as does a day spread over hours
    // all held (model a, day one).
    trace.add(&request(T0 + 5 * HOUR, "a", 100, 10));
    trace.add(&TrafficRecord {
        requests: 24,
        bucket_seconds: Some(86_400),
        ..request(T0, "a", 2_400, 240)
    });
    assert_eq!(trace.hours.len(), 30);
    assert_eq!(trace.capped_records, 2);
    // 24 + 6 + 1 + 24 requests in the trace.
    assert_eq!(trace.totals().interactive.requests, 55.0);

    let w = workload(&trace, "long.csv", 0);
    assert_eq!(w.requests, 55.0);
    assert!(
        w.warnings.contains(
            &"2 records (49 requests) are left out of every figure here: a trace keeps at \
              most 30 (hour, model) entries and they would have added more; import a \
              shorter period or fewer models"
                .to_string()
        ),
        "{:?}",
        w.warnings
    );
}
