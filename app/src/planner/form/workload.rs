//! Filling the workload fields from a preset or a saved profile: one function for the
//! planner's picker and the profiles page, writing the text a person would have typed.

use profiles::{LatencySlo, Preset, Workload};

use super::shape_text;
use crate::planner::values::Values;

/// Writes a workload into the form. A load shape, weekly shape and SLO from an earlier
/// choice are cleared: they would contradict this workload.
pub fn fill_workload(v: &mut Values, w: &Workload, slo: Option<&LatencySlo>) {
    let mut put = |k: &'static str, text: String| {
        v.insert(k, text);
    };
    // A preset or profile replaces the workload: an imported log's label no longer holds.
    put("workload.source", String::new());
    put("workload.load_shape", String::new());
    put("workload.weekly_shape", String::new());
    put(
        "workload.latency_slo.ttft_ms",
        slo.map(|s| s.ttft_ms.to_string()).unwrap_or_default(),
    );
    put(
        "workload.latency_slo.tpot_ms",
        slo.map(|s| s.tpot_ms.to_string()).unwrap_or_default(),
    );
    put(
        "workload.requests_per_month",
        w.requests_per_month.to_string(),
    );
    put("workload.input_tokens", w.input_tokens.to_string());
    put("workload.output_tokens", w.output_tokens.to_string());
    // Zero is the engine's default for these: left empty, so a workload without caching,
    // growth, batch requests or cache writes reads as one that never set them (and the
    // exports call them defaults, not typed).
    let unless_zero = |x: f64| {
        if x == 0.0 {
            String::new()
        } else {
            x.to_string()
        }
    };
    put(
        "workload.cached_input_share",
        unless_zero(w.cached_input_share),
    );
    put("workload.peak_to_average", w.peak_to_average.to_string());
    put("workload.monthly_growth", unless_zero(w.monthly_growth));
    put("workload.batch_share", unless_zero(w.batch_share));
    put(
        "workload.cache_write_share",
        unless_zero(w.cache_write_share),
    );
}

/// A preset: its workload and SLO, its load shape and weekly shape (which carry the peak,
/// so the engine derives peak-to-average from them), its name and its suggested routing.
pub fn fill_preset(v: &mut Values, p: &Preset) {
    fill_workload(v, &p.workload, Some(&p.slo));
    v.insert("workload.peak_to_average", String::new());
    v.insert("workload.load_shape", shape_text(&p.load_shape));
    v.insert(
        "workload.weekly_shape",
        p.weekly_shape
            .as_ref()
            .map(|days| shape_text(days))
            .unwrap_or_default(),
    );
    v.insert("name", p.name.to_string());
    let r = &p.suggested_routing;
    v.insert("routing.mode", r.mode.to_string());
    v.insert("routing.slm_share", r.slm_share.to_string());
    v.insert("routing.escalation_rate", r.escalation_rate.to_string());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planner::form::{defaults, evaluate};

    #[test]
    fn every_preset_fills_a_valid_scenario_with_its_figures() {
        for p in profiles::presets() {
            let mut v = defaults();
            fill_preset(&mut v, p);
            let (s, _) = evaluate(&v, None, pricing::bundled_table())
                .unwrap_or_else(|e| panic!("{}: {e:?}", p.id));
            // The engine derives the peak from the whole week: the preset's 24-hour peak
            // times how much the weekly shape raises it (1.4 for weekdays only).
            let week = p
                .weekly_shape
                .map_or(1.0, |d| profiles::weekly_peak_factor(&d));
            let peak = p.workload.peak_to_average * week;
            assert!(
                (s.workload.peak_to_average - peak).abs() <= 1e-9 * peak,
                "{}: {} vs {peak}",
                p.id,
                s.workload.peak_to_average
            );
            let mut w = s.workload;
            w.peak_to_average = p.workload.peak_to_average;
            assert_eq!(w, p.workload, "{}", p.id);
            assert_eq!(s.load_shape.as_deref(), Some(&p.load_shape[..]), "{}", p.id);
            assert_eq!(s.weekly_shape, p.weekly_shape, "{}", p.id);
            assert_eq!(s.latency_slo, Some(p.slo), "{}", p.id);
            assert_eq!(s.name, p.name);
        }
    }

    #[test]
    fn a_weekday_preset_fills_the_weekly_shape_and_hides_the_hours() {
        let mut v = defaults();
        v.insert("slm.hours_per_month", "200".into());
        let code = profiles::preset("code-completion").expect("preset");
        fill_preset(&mut v, code);
        assert_eq!(v["workload.weekly_shape"], "1, 1, 1, 1, 1, 0, 0");
        // The typed hours stay in the form but are not sent with a shape (the engine
        // refuses them), so the preset's scenario is valid.
        let (s, r) = evaluate(&v, None, pricing::bundled_table()).expect("valid");
        assert_eq!(s.weekly_shape, Some([1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0]));
        assert_eq!(v["slm.hours_per_month"], "200");
        assert_eq!(r.self_hosted.fleet.schedule.len(), 168);
        // A preset without a weekly shape clears an earlier one.
        let mut plain = code.clone();
        plain.weekly_shape = None;
        fill_preset(&mut v, &plain);
        assert_eq!(v["workload.weekly_shape"], "");
    }

    #[test]
    fn a_saved_profile_clears_the_earlier_shape_and_slo() {
        let mut v = defaults();
        let p = &profiles::presets()[1];
        fill_preset(&mut v, p);
        let mut w = p.workload;
        w.requests_per_month = 12_345.0;
        fill_workload(&mut v, &w, None);
        let (s, _) = evaluate(&v, None, pricing::bundled_table()).expect("valid");
        assert_eq!(s.workload, w);
        assert_eq!(
            (s.load_shape, s.weekly_shape, s.latency_slo),
            (None, None, None)
        );
    }
}
