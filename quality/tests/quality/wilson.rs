//! The Wilson interval and accuracy against figures worked by hand.
//!
//! Formula: p̂ = s/n, centre = (p̂ + z²/2n)/(1 + z²/n),
//! half = z/(1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²).
//! Two-sided 95 %: z = Φ⁻¹(0.975) = 1.959964, z² = 3.841459.
//! One-sided 95 %: z = Φ⁻¹(0.95) = 1.644854, z² = 2.705543.

use quality::{
    wilson, z_95_one_sided, z_95_two_sided, z_one_sided, z_two_sided, ItemOutcome, Outcomes,
};

use crate::close;

#[test]
fn normal_quantiles_are_the_table_values() {
    // Standard normal table: Φ(1.959964) = 0.975, Φ(1.644854) = 0.95.
    close(z_95_two_sided(), 1.959964);
    close(z_95_one_sided(), 1.644854);
    close(z_two_sided(0.95).unwrap(), 1.959964);
    close(z_one_sided(0.95).unwrap(), 1.644854);
    // A one-sided 95 % bound is an end of the two-sided 90 % interval.
    close(z_two_sided(0.90).unwrap(), 1.644854);
}

#[test]
fn two_sided_95_intervals_worked_by_hand() {
    // (s, n, low, high), each worked below with z = 1.959964, z² = 3.841459.
    //
    // 8/10: p̂ = 0.8; z²/n = 0.384146, 1 + z²/n = 1.384146;
    //   centre = (0.8 + 0.192073)/1.384146 = 0.992073/1.384146 = 0.716740;
    //   p̂(1−p̂)/n = 0.16/10 = 0.016, z²/4n² = 3.841459/400 = 0.009604, √0.025604 = 0.160011;
    //   half = 1.959964 × 0.160011 / 1.384146 = 0.313616/1.384146 = 0.226578;
    //   [0.716740 − 0.226578, 0.716740 + 0.226578] = [0.490162, 0.943318].
    // 45/50: p̂ = 0.9; z²/n = 0.076829, 1 + z²/n = 1.076829;
    //   centre = (0.9 + 0.038415)/1.076829 = 0.938415/1.076829 = 0.871461;
    //   0.09/50 = 0.0018, 3.841459/10000 = 0.000384, √0.002184 = 0.046735;
    //   half = 1.959964 × 0.046735 / 1.076829 = 0.091599/1.076829 = 0.085063;
    //   [0.786398, 0.956524].
    // 0/10: p̂ = 0; centre = 0.192073/1.384146 = 0.138766;
    //   half = 1.959964 × √0.009604 / 1.384146 = 1.959964 × 0.097998 / 1.384146 = 0.138766;
    //   [0, 0.277533]; the upper end in closed form: z²/(n + z²) = 3.841459/13.841459.
    // 10/10: the mirror image: [n/(n + z²), 1] = [10/13.841459, 1] = [0.722467, 1].
    let table = [
        (8.0, 10, 0.490162, 0.943318),
        (45.0, 50, 0.786398, 0.956524),
        (0.0, 10, 0.0, 0.277533),
        (10.0, 10, 0.722467, 1.0),
    ];
    let z = z_95_two_sided();
    for (s, n, low, high) in table {
        let interval = wilson(s, n, z).unwrap();
        close(interval.low, low);
        close(interval.high, high);
        assert!(
            interval.low >= 0.0 && interval.high <= 1.0,
            "{s}/{n}: {interval:?}"
        );
    }
}

#[test]
fn one_sided_lower_bounds_worked_by_hand() {
    // z = 1.644854, z² = 2.705543; with n = 8: z²/n = 0.338193, 1 + z²/n = 1.338193,
    // z²/2n = 0.169096, z²/4n² = 2.705543/256 = 0.010569.
    // 7/8: centre = (0.875 + 0.169096)/1.338193 = 1.044096/1.338193 = 0.780229;
    //   √(0.109375/8 + 0.010569) = √(0.013672 + 0.010569) = √0.024241 = 0.155693;
    //   half = 1.644854 × 0.155693/1.338193 = 0.256093/1.338193 = 0.191372; low = 0.588857.
    // 5/8: centre = (0.625 + 0.169096)/1.338193 = 0.593410;
    //   √(0.234375/8 + 0.010569) = √(0.029297 + 0.010569) = √0.039865 = 0.199663;
    //   half = 1.644854 × 0.199663/1.338193 = 0.328416/1.338193 = 0.245418; low = 0.347991.
    // 8/10 (n = 10: z²/n = 0.270554): centre = (0.8 + 0.135277)/1.270554 = 0.736117;
    //   √(0.016 + 2.705543/400) = √0.022764 = 0.150877; half = 1.644854 × 0.150877/1.270554
    //   = 0.195325; low = 0.540793.
    let z = z_95_one_sided();
    for (s, n, low) in [(7.0, 8, 0.588857), (5.0, 8, 0.347991), (8.0, 10, 0.540793)] {
        close(wilson(s, n, z).unwrap().low, low);
    }
}

#[test]
fn accuracy_of_outcomes_is_eight_of_ten() {
    let items: Vec<ItemOutcome> = (0..10)
        .map(|i| ItemOutcome {
            correct: i < 8,
            confidence: i as f64,
            llm_correct: None,
        })
        .collect();
    let accuracy = Outcomes::new(items).unwrap().accuracy();
    assert_eq!((accuracy.n, accuracy.correct), (10, 8));
    close(accuracy.accuracy, 0.8);
    // The figures of 8/10 above: two-sided [0.490162, 0.943318], one-sided low 0.540793.
    close(accuracy.interval_95.low, 0.490162);
    close(accuracy.interval_95.high, 0.943318);
    close(accuracy.lower_95, 0.540793);
}

#[test]
fn worst_items_are_the_least_confident_wrong_ones() {
    // Wrong items: 1 (0.2), 3 (0.1), 4 (0.5), 5 (0.2); the least confident first, the tie
    // at 0.2 in the sample's order (1 before 5); right items (0, 2) never appear.
    let items = [
        (true, 0.05),
        (false, 0.2),
        (true, 0.0),
        (false, 0.1),
        (false, 0.5),
        (false, 0.2),
    ]
    .map(|(correct, confidence)| ItemOutcome {
        correct,
        confidence,
        llm_correct: None,
    });
    let outcomes = Outcomes::new(items.to_vec()).unwrap();
    assert_eq!(outcomes.worst_items(3), vec![3, 1, 5]);
    assert_eq!(outcomes.worst_items(10), vec![3, 1, 5, 4]);
    assert_eq!(outcomes.worst_items(0), Vec::<usize>::new());
}
