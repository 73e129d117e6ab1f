//! Per-label precision and recall on a small confusion counted by hand.

use quality::{Confusion, LabelPair};

use crate::close;

fn labels(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn pairs(list: &[(&str, &str, usize)]) -> Vec<LabelPair> {
    list.iter()
        .flat_map(|&(expected, predicted, times)| {
            (0..times).map(move |_| LabelPair {
                expected: expected.into(),
                predicted: predicted.into(),
            })
        })
        .collect()
}

#[test]
fn precision_and_recall_worked_by_hand() {
    // Nine items; rows expected, columns predicted (pos, neg, neutral, other):
    //   pos      3 1 0 0   support 4
    //   neg      1 2 0 0   support 3
    //   neutral  1 1 0 0   support 2
    //   other    0 0 0 0   support 0
    //   predicted: pos 5, neg 4, neutral 0, other 0.
    // pos: precision 3/5 = 0.6, recall 3/4 = 0.75;
    // neg: precision 2/4 = 0.5, recall 2/3 = 0.666667;
    // neutral: never predicted → precision none; recall 0/2 = 0;
    // other: neither predicted nor expected → both none.
    let set = labels(&["pos", "neg", "neutral", "other"]);
    let items = pairs(&[
        ("pos", "pos", 3),
        ("pos", "neg", 1),
        ("neg", "neg", 2),
        ("neg", "pos", 1),
        ("neutral", "pos", 1),
        ("neutral", "neg", 1),
    ]);
    let confusion = Confusion::new(&set, &items).unwrap();
    assert_eq!(
        confusion.counts,
        vec![
            vec![3, 1, 0, 0],
            vec![1, 2, 0, 0],
            vec![1, 1, 0, 0],
            vec![0, 0, 0, 0]
        ]
    );
    assert_eq!(confusion.total(), 9);

    let stats = confusion.per_label();
    let got: Vec<(&str, u64, u64, u64)> = stats
        .iter()
        .map(|s| (s.label.as_str(), s.support, s.predicted, s.true_positives))
        .collect();
    assert_eq!(
        got,
        vec![
            ("pos", 4, 5, 3),
            ("neg", 3, 4, 2),
            ("neutral", 2, 0, 0),
            ("other", 0, 0, 0)
        ]
    );
    close(stats[0].precision.unwrap(), 0.6);
    close(stats[0].recall.unwrap(), 0.75);
    close(stats[1].precision.unwrap(), 0.5);
    close(stats[1].recall.unwrap(), 0.666667);
    assert_eq!(stats[2].precision, None);
    close(stats[2].recall.unwrap(), 0.0);
    assert_eq!((stats[3].precision, stats[3].recall), (None, None));
}

#[test]
fn a_ragged_matrix_read_back_does_not_panic() {
    // A deserialised Confusion may not match its labels; reading it treats missing cells
    // as 0 rather than panicking.
    let confusion = Confusion {
        labels: labels(&["a", "b"]),
        counts: vec![vec![u64::MAX, 1]],
    };
    let stats = confusion.per_label();
    assert_eq!(stats[0].support, u64::MAX);
    assert_eq!(stats[1].support, 0);
    assert_eq!(stats[1].predicted, 1);
    assert_eq!(confusion.total(), u64::MAX);
}
