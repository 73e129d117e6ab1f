//! The form's v2 fields against the engine: what is sent with a load shape, the fleet's
//! errors named at their fields, and the Monte Carlo kept off the keystroke's plan.

use super::tests::input;
use super::*;

#[test]
fn hours_a_month_are_not_sent_with_a_load_shape() {
    let mut v = defaults();
    v.insert("slm.hours_per_month", "200".into());
    let slm = |v: &Values| input(v).slm.expect("slm");
    assert_eq!(slm(&v).hours_per_month, Some(200.0));
    v.insert("workload.peak_to_average", "".into());
    v.insert("workload.load_shape", shape_text(&[1.0; 24]));
    assert_eq!(slm(&v).hours_per_month, None);
    // The engine takes the shaped scenario (it would refuse the hours), and the text is
    // kept for when the shape goes again.
    assert!(evaluate(&v, None, pricing::bundled_table()).is_ok());
    assert_eq!(v["slm.hours_per_month"], "200");
    v.insert("workload.load_shape", "".into());
    assert_eq!(slm(&v).hours_per_month, Some(200.0));
}

#[test]
fn the_engines_fleet_errors_are_named_at_their_fields() {
    let mut v = defaults();
    // Scale to zero needs hourly scaling, and hourly scaling needs a load shape.
    v.insert("slm.min_replicas", "0".into());
    let errors = evaluate(&v, None, pricing::bundled_table()).unwrap_err();
    assert_eq!(errors[0].field, "slm.min_replicas");
    v.insert("slm.scaling", "hourly".into());
    let errors = evaluate(&v, None, pricing::bundled_table()).unwrap_err();
    assert_eq!(errors[0].field, "slm.scaling");
    v.insert("workload.peak_to_average", "".into());
    v.insert("workload.load_shape", shape_text(&[1.0; 24]));
    v.insert("workload.weekly_shape", "1, 1, 1, 1, 1, -1, 0".into());
    let errors = evaluate(&v, None, pricing::bundled_table()).unwrap_err();
    assert_eq!(errors[0].field, "workload.weekly_shape[5]");
    v.insert("workload.weekly_shape", "1, 1, 1, 1, 1, 0, 0".into());
    let (s, r) = evaluate(&v, None, pricing::bundled_table()).expect("valid");
    assert_eq!(s.slm.token_ratio, 1.0);
    // Weekends at zero with scale to zero: no replica runs on Saturday.
    assert_eq!(r.self_hosted.fleet.schedule[5 * 24 + 12].replicas, 0.0);
    v.insert("slm.reserved_instances", "two".into());
    let errors = evaluate(&v, None, pricing::bundled_table()).unwrap_err();
    assert_eq!(errors[0].field, "slm.reserved_instances");
}

#[test]
fn typing_computes_the_plan_and_the_draws_run_apart() {
    let mut v = defaults();
    v.insert("uncertainty.enabled", "on".into());
    v.insert(
        "uncertainty.inputs.workload.output_tokens.p10",
        "150".into(),
    );
    v.insert(
        "uncertainty.inputs.workload.output_tokens.p90",
        "300".into(),
    );
    let (s, r) = evaluate(&v, None, pricing::bundled_table()).expect("valid");
    // The keystroke's plan has no draws; the scenario keeps its beliefs for the draws.
    assert_eq!(r.uncertainty, None);
    assert!(s.uncertainty.is_some());
    let drawn = monte_carlo(&s).expect("beliefs given");
    assert_eq!(drawn.draws, BROWSER_DRAWS);
    // The same draws as the engine's whole plan: the server's figures.
    assert_eq!(Some(drawn), tco::plan(&s).uncertainty);
    assert_eq!(
        monte_carlo(
            &evaluate(&defaults(), None, pricing::bundled_table())
                .expect("valid")
                .0
        ),
        None
    );
}
