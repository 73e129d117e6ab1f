//! The Fleet schedule sheet, recalculated by LibreOffice: each fleet's figures (peak
//! replicas and instances, the reserved base, hours, instance starts, every part of the
//! bill) and every hour of its schedule equal the engine's, and the formulas find the
//! optimal reserved base the engine finds.

use super::readers::{assert_cent, fixture, num, Read};

/// The fleets' figures and schedules of scenario `i` of `read`, against the plan `want`.
pub fn check_fleet(read: &Read, i: usize, want: &tco::PlanResult, label: &str) {
    let prefix = if read.rs.len() > 1 {
        format!("S{} ", i + 1)
    } else {
        String::new()
    };
    let sheet = format!("{prefix}Fleet schedule");
    if !read.sheets().contains(&sheet) {
        assert_eq!(
            want.self_hosted.serving, "api",
            "{label}: no Fleet schedule"
        );
        return;
    }
    let calc = |cell: &str| read.calc(&sheet, cell).clone();
    let figure = |l: &str, col: &str| {
        let row = read.row_of(&sheet, l);
        num(&calc(&format!("{col}{row}")), &format!("{label}: {l}"))
    };
    for (col, who, fleet) in [
        ("B", "All traffic", &want.self_hosted.fleet),
        ("C", "Hybrid", &want.hybrid.fleet),
    ] {
        let what = |l: &str| format!("{label}: {who}: {l}");
        let opt = |v: Option<f64>| v.unwrap_or(0.0);
        for (l, w) in [
            ("Replicas in the busiest hour", opt(fleet.replicas)),
            ("Instances in the busiest hour", opt(fleet.instances)),
            ("Reserved instances", opt(fleet.reserved_instances)),
            (
                "Owned instances (the busiest hour's)",
                opt(fleet.reserved_instances),
            ),
        ] {
            if read.stored["cells"][&sheet]
                .as_object()
                .is_some_and(|c| c.values().any(|v| v[0] == l))
            {
                assert_eq!(figure(l, col), w, "{}", what(l));
            }
        }
        for (l, w) in [
            ("Replica-hours a month", opt(fleet.replica_hours_per_month)),
            ("GPU-hours billed a month", opt(fleet.gpu_hours_per_month)),
            (
                "Instances started a month",
                opt(fleet.instance_starts_per_month),
            ),
        ] {
            let got = figure(l, col);
            assert!(
                (got - w).abs() <= 1e-9 * w.abs().max(1.0),
                "{}: {got} vs {w}",
                what(l)
            );
        }
        let b = fleet.breakdown.unwrap_or_default();
        for (l, w) in [
            ("Reserved instances' bill", b.reserved_usd),
            ("On-demand burst", b.on_demand_usd),
            ("Spot burst", b.spot_usd),
            ("Cold starts", b.cold_start_usd),
            ("Owned GPUs' capital", b.owned_capital_usd),
            ("Owned GPUs' energy", b.owned_energy_usd),
            ("Operations staff", b.ops_usd),
            ("Fixed cost", b.fixed_usd),
            ("GPU bill", b.gpu_usd()),
            ("Monthly cost", b.total_usd()),
        ] {
            assert_cent(figure(l, col), w, &what(l));
        }
        // Every hour of the schedule: replicas, instances, reserved, burst.
        if fleet.schedule.is_empty() {
            continue;
        }
        let columns: Vec<String> = [
            "replicas running",
            "instances",
            "reserved (owned) instances",
            "burst instances",
        ]
        .iter()
        .map(|h| read.find(&sheet, &format!("{who}: {h}")).0)
        .collect();
        let (_, header) = read.find(&sheet, &format!("{who}: replicas running"));
        for (j, h) in fleet.schedule.iter().enumerate() {
            let row = header + 1 + j as u32;
            for (c, w) in columns
                .iter()
                .zip([h.replicas, h.instances, h.reserved, h.burst])
            {
                let got = num(&calc(&format!("{c}{row}")), &what("schedule"));
                assert_eq!(got, w, "{}: hour {j}, column {c}", what("schedule"));
            }
        }
    }
}

#[test]
fn every_fleet_equals_the_engine_hour_by_hour() {
    let f = fixture();
    for key in super::BOOKS {
        let read = &f.books[key];
        for (i, rs) in read.rs.iter().enumerate() {
            check_fleet(read, i, &rs.result, key);
        }
    }
}

/// The weekday fleet: 168 hours, smaller at night and at the weekend, an optimal reserved base strictly
/// between nothing and the peak, found by formula, and instances started (cold starts).
#[test]
fn the_week_finds_its_reserved_base_by_formula() {
    let read = &fixture().books["week"];
    let r = &read.rs[0].result;
    let fleet = &r.self_hosted.fleet;
    assert_eq!(fleet.schedule.len(), 168);
    let replicas = fleet.schedule.iter().map(|h| h.replicas);
    assert!(replicas.clone().fold(f64::MAX, f64::min) < replicas.fold(0.0, f64::max));
    let base = fleet.reserved_instances.unwrap();
    assert!(
        base > 0.0 && base < fleet.instances.unwrap(),
        "the base {base} should be strictly between 0 and the peak"
    );
    assert!(fleet.breakdown.unwrap().cold_start_usd > 0.0);
    let row = read.row_of("Fleet schedule", "Cheapest reserved base (instances)");
    let stored = read.stored("Fleet schedule", &format!("B{row}"));
    assert!(
        stored.as_str().is_some_and(|f| f.starts_with("=IF(")),
        "{stored}"
    );
    assert_eq!(
        num(read.calc("Fleet schedule", &format!("B{row}")), "base"),
        base
    );
    // The hourly policy with the optimal base costs no more than always on.
    let p = r.self_hosted.policies.unwrap();
    assert!(p.hourly_optimal_reserved_usd <= p.always_on_usd);
    // With growth, months after the first are the engine's; their header says so.
    let header = read.stored["cells"]["Monthly cash flow"]
        .as_object()
        .unwrap()
        .values()
        .filter_map(|v| v[0].as_str())
        .find(|t| t.starts_with("Self-hosted: GPU bill"))
        .unwrap()
        .to_string();
    assert!(header.contains("the engine's value"), "{header}");
}

/// Where no closed form gives the break-even (spot, whole instances of several replicas),
/// the Summary holds the engine's exact value and says where it comes from.
#[test]
fn the_break_even_without_a_closed_form_is_the_engines() {
    let f = fixture();
    for key in ["p5_spot", "week"] {
        let read = &f.books[key];
        let row = read.row_of("Summary", "Break-even volume");
        let stored = read.stored("Summary", &format!("B{row}"));
        assert!(
            !stored.as_str().is_some_and(|f| f.starts_with('=')),
            "{key}: {stored}"
        );
        let how = read.stored("Summary", &format!("C{row}"));
        assert!(
            how.as_str()
                .is_some_and(|h| h.contains("the engine's exact step search")),
            "{key}: {how}"
        );
    }
    // One 8-GPU p5 instance holds four 2-GPU replicas.
    let p5 = &f.books["p5_spot"].rs[0].result.self_hosted.fleet;
    let replicas = p5.replicas.unwrap();
    assert_eq!(p5.instances.unwrap(), (replicas / 4.0).ceil());
    assert!(p5.breakdown.unwrap().spot_usd > 0.0);
    // Where the closed form holds it is a formula (owned GPUs with people and a spare).
    let read = &f.books["owned"];
    let row = read.row_of("Summary", "Break-even volume");
    assert!(read
        .stored("Summary", &format!("B{row}"))
        .as_str()
        .is_some_and(|f| f.starts_with('=')));
}
