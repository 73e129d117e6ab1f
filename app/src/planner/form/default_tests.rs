//! The opening form sends only what it chose: a field left at the engine's default is not
//! in the scenario, so the exports label it "default", and the figures are the same as with
//! every default written out.

use super::*;

#[test]
fn the_opening_form_leaves_the_engines_defaults_out() {
    let mut errors = Vec::new();
    let sent = to_input(&defaults(), None, &mut errors);
    assert!(errors.is_empty(), "{errors:?}");
    let (w, slm, routing, finance) = (
        sent.workload.clone().expect("workload"),
        sent.slm.clone().expect("slm"),
        sent.routing.clone().expect("routing"),
        sent.finance.clone().expect("finance"),
    );
    // (what was sent, the engine's default for it): every one absent.
    for (path, value) in [
        ("workload.cached_input_share", w.cached_input_share),
        ("workload.monthly_growth", w.monthly_growth),
        ("slm.gpus_per_replica", slm.gpus_per_replica),
        ("slm.target_utilization", slm.target_utilization),
        ("slm.min_replicas", slm.min_replicas),
        (
            "routing.router_usd_per_request",
            routing.router_usd_per_request,
        ),
        ("finance.horizon_months", finance.horizon_months),
        ("finance.discount_rate_annual", finance.discount_rate_annual),
    ] {
        assert_eq!(value, None, "{path} is sent though nobody typed it");
    }
    // What the form chose is still sent: the preset's volume and peak, the model, the offer.
    assert_eq!(w.requests_per_month, Some(1_000_000.0));
    assert_eq!(w.peak_to_average, Some(3.0));
    assert_eq!(slm.gpu.as_deref(), Some("aws:g6.xlarge"));

    // The same scenario with every default written out, as the form used to send it: the
    // engine fills the same values, so the plan is the same to the bit.
    let mut explicit = sent.clone();
    if let Some(w) = explicit.workload.as_mut() {
        w.cached_input_share = Some(0.0);
        w.monthly_growth = Some(0.0);
    }
    if let Some(s) = explicit.slm.as_mut() {
        s.gpus_per_replica = Some(1.0);
        s.target_utilization = Some(0.7);
        s.min_replicas = Some(1.0);
    }
    if let Some(r) = explicit.routing.as_mut() {
        r.router_usd_per_request = Some(0.0);
    }
    explicit.finance = Some(tco::input::FinanceInput {
        horizon_months: Some(36.0),
        discount_rate_annual: Some(0.1),
    });
    let table = pricing::bundled_table();
    let plan = |i: &ScenarioInput| tco::plan(&tco::validate(i, table).expect("valid"));
    assert_eq!(plan(&sent), plan(&explicit));
}
