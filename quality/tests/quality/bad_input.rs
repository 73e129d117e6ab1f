//! Bad input is an error naming the field, never a panic.

use quality::{
    wilson, z_one_sided, z_two_sided, CascadeCurve, Confusion, ItemOutcome, LabelPair, Outcomes,
    QualityError,
};

fn item(confidence: f64) -> ItemOutcome {
    ItemOutcome {
        correct: true,
        confidence,
        llm_correct: Some(true),
    }
}

/// The error's message starts with the field it names.
#[track_caller]
fn names<T: std::fmt::Debug>(result: Result<T, QualityError>, field: &str) {
    let message = result.unwrap_err().to_string();
    assert!(
        message.starts_with(&format!("{field}: ")),
        "expected an error naming {field}, got {message:?}"
    );
}

#[test]
fn no_items() {
    assert_eq!(Outcomes::new(vec![]), Err(QualityError::NoItems));
    names(Outcomes::new(vec![]), "items");
}

#[test]
fn a_confidence_that_is_not_a_finite_number() {
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let items = vec![item(0.1), item(0.2), item(bad)];
        names(Outcomes::new(items), "items[2].confidence");
    }
    let message = Outcomes::new(vec![item(f64::NAN)]).unwrap_err().to_string();
    assert_eq!(
        message,
        "items[0].confidence: must be a finite number, got NaN"
    );
}

#[test]
fn wilson_arguments() {
    let z = 1.96;
    names(wilson(0.0, 0, z), "n");
    names(wilson(11.0, 10, z), "successes");
    names(wilson(-1.0, 10, z), "successes");
    names(wilson(f64::NAN, 10, z), "successes");
    names(wilson(5.0, 10, 0.0), "z");
    names(wilson(5.0, 10, f64::NAN), "z");
    names(wilson(5.0, 10, f64::INFINITY), "z");
    names(z_two_sided(1.0), "level");
    names(z_two_sided(f64::NAN), "level");
    names(z_one_sided(0.5), "level");
}

#[test]
fn cascade_arguments() {
    let outcomes = Outcomes::new(vec![item(0.1), item(0.2)]).unwrap();
    for bad in [f64::NAN, -0.1, 1.5] {
        names(CascadeCurve::new(&outcomes, Some(bad)), "llm_quality");
    }
    let curve = CascadeCurve::new(&outcomes, None).unwrap();
    for bad in [f64::NAN, -0.1, 1.01, f64::INFINITY] {
        names(curve.meeting_floor(bad), "min_quality");
        names(curve.cheapest(bad, 0.0, 0.0), "min_quality");
    }
    for bad in [f64::NAN, -1e-9, f64::INFINITY] {
        names(curve.cheapest(0.5, bad, 0.0), "prices.slm_usd_per_request");
        names(curve.cheapest(0.5, 0.0, bad), "prices.llm_usd_per_request");
    }
}

#[test]
fn labels_outside_the_set() {
    let set: Vec<String> = ["pos", "neg"].map(String::from).to_vec();
    let pair = |e: &str, p: &str| LabelPair {
        expected: e.into(),
        predicted: p.into(),
    };
    names(Confusion::new(&[], &[]), "labels");
    names(
        Confusion::new(&["a".into(), "b".into(), "a".into()], &[]),
        "labels[2]",
    );
    names(
        Confusion::new(&set, &[pair("pos", "pos"), pair("spam", "pos")]),
        "items[1].expected",
    );
    names(
        Confusion::new(&set, &[pair("pos", "maybe")]),
        "items[0].predicted",
    );
}
