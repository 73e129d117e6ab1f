//! The CSV exports: header, RFC 4180 quoting, formula-injection neutralising of text (and
//! numbers kept numeric), a `scenario` column for several scenarios, and a round trip
//! through the `csv` crate that gives back the engine's figures exactly.

use report::csv::{
    breakdown, cashflow, routing, schedule, text_field, BREAKDOWN_COLUMNS, CASHFLOW_COLUMNS,
    ROUTING_COLUMNS, SCHEDULE_COLUMNS,
};
use report::{Provenance, ReportScenario, TableRef};
use tco::input::{ApiInput, FinanceInput, RoutingInput, Serving, SlmInput, WorkloadInput};
use tco::ScenarioInput;

fn scenario(name: &str, growth: f64, one_time: f64) -> ReportScenario {
    let input = ScenarioInput {
        name: Some(name.into()),
        workload: Some(WorkloadInput {
            requests_per_month: Some(1e6),
            input_tokens: Some(500.0),
            output_tokens: Some(200.0),
            peak_to_average: Some(3.0),
            monthly_growth: Some(growth),
            ..Default::default()
        }),
        llm: Some(ApiInput {
            model: Some("gpt-4o".into()),
            ..Default::default()
        }),
        slm: Some(SlmInput {
            serving: Some(Serving::SelfHosted),
            gpu_usd_per_hour: Some(0.8),
            prefill_tokens_per_s: Some(5000.0),
            decode_tokens_per_s: Some(500.0),
            one_time_usd: Some(one_time),
            ..Default::default()
        }),
        routing: Some(RoutingInput {
            escalation_rate: Some(0.1),
            slm_quality: Some(0.7),
            llm_quality: Some(0.9),
            ..Default::default()
        }),
        finance: Some(FinanceInput {
            horizon_months: Some(12.0),
            discount_rate_annual: Some(0.1),
        }),
        uncertainty: None,
    };
    let provenance = Provenance {
        app_version: "0.1.0".into(),
        price_table: TableRef {
            id: None,
            label: "bundled".into(),
            as_of: "2026-11-22".into(),
        },
        scenario_id: None,
        revision: None,
        share_link: None,
        generated_unix: 0,
        benchmarks: vec![],
    };
    ReportScenario::compute(input, pricing::bundled_table(), provenance).unwrap()
}

#[test]
fn text_fields_are_neutralised_and_quoted() {
    let cases = [
        ("plain", "plain"),
        (
            "=HYPERLINK(\"http://x\")",
            "\"'=HYPERLINK(\"\"http://x\"\")\"",
        ),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "\"'\rcmd\""),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("mid=dle", "mid=dle"),
        ("<b>'x'</b>", "<b>'x'</b>"),
        ("", ""),
    ];
    for (input, want) in cases {
        assert_eq!(text_field(input), want, "{input:?}");
    }
}

#[test]
fn one_scenario_has_a_header_and_no_scenario_column() {
    let rs = scenario("Support bot", 0.0, 10_000.0);
    let text = cashflow(std::slice::from_ref(&rs));
    let mut lines = text.split("\r\n");
    assert_eq!(lines.next().unwrap(), CASHFLOW_COLUMNS.join(","));
    // Month 0: the one-time cost as a negative saving, kept a number (no quote prefix);
    // rented GPUs buy nothing.
    assert_eq!(
        lines.next().unwrap(),
        "0,,,,-10000,-10000,,-10000,-10000,1,0,0,0,0"
    );
    assert_eq!(text.matches("\r\n").count(), 1 + 1 + 12);
    assert!(!text.contains('\''), "numbers are never neutralised");
    let curve = routing(std::slice::from_ref(&rs));
    assert!(curve.starts_with(&format!("{}\r\n", ROUTING_COLUMNS.join(","))));
    assert_eq!(curve.lines().count(), 1 + 101);
}

#[test]
fn round_trip_gives_the_engine_figures_exactly() {
    let a = scenario("=cmd|' /C calc'!A0", 0.03, 10_000.0);
    let b = scenario("Plain, with \"quotes\"", 0.0, 0.0);
    let text = cashflow(&[a.clone(), b.clone()]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers[0], "scenario");
    assert_eq!(&headers[1..], CASHFLOW_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2 * 13);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    for (k, rs) in [&a, &b].into_iter().enumerate() {
        let want_name = if k == 0 {
            format!("'{}", rs.scenario.name)
        } else {
            rs.scenario.name.clone()
        };
        let block = &rows[k * 13..(k + 1) * 13];
        assert!(
            block.iter().all(|r| r[0] == want_name),
            "scenario column: {}",
            &block[0][0]
        );
        let x = rs.result.roi.self_hosted.one_time_usd;
        assert_eq!(
            block[0][col("self_hosted_cumulative_usd")]
                .parse::<f64>()
                .unwrap(),
            -x
        );
        for (r, (sh, hy)) in block[1..].iter().zip(
            rs.result
                .roi
                .self_hosted
                .months
                .iter()
                .zip(&rs.result.roi.hybrid.months),
        ) {
            let f = |name: &str| r[col(name)].parse::<f64>().unwrap();
            assert_eq!(f("month"), f64::from(sh.month));
            assert_eq!(f("requests"), sh.requests);
            assert_eq!(f("api_usd"), sh.api_usd);
            assert_eq!(f("self_hosted_usd"), sh.option_usd);
            assert_eq!(f("self_hosted_savings_usd"), sh.savings_usd);
            assert_eq!(f("self_hosted_cumulative_usd"), sh.cumulative_net_usd);
            assert_eq!(f("hybrid_usd"), hy.option_usd);
            assert_eq!(f("hybrid_savings_usd"), hy.savings_usd);
            assert_eq!(f("hybrid_cumulative_usd"), hy.cumulative_net_usd);
        }
        // Month 0 plus every month's savings add up to the cumulative figure.
        let sum: f64 = block
            .iter()
            .map(|r| r[col("hybrid_savings_usd")].parse::<f64>().unwrap())
            .sum();
        assert!((sum - rs.result.roi.hybrid.cumulative_savings_usd).abs() < 1e-6);
    }
    let curve = routing(&[a.clone(), b]);
    let mut reader = csv::Reader::from_reader(curve.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2 * 101);
    for (r, p) in rows.iter().zip(&a.result.routing_curve) {
        assert_eq!(r[1].parse::<f64>().unwrap(), p.slm_share);
        assert_eq!(r[2].parse::<f64>().unwrap(), p.monthly_usd);
        assert_eq!(r[3].parse::<f64>().unwrap(), p.quality.unwrap());
        assert_eq!(&r[4], if p.meets_min_quality { "true" } else { "false" });
    }
}

#[test]
fn negative_savings_stay_numbers() {
    // A GPU far dearer than the API: every saving is negative, and every one is a number.
    let mut rs = scenario("Dear GPU", 0.0, 0.0);
    let mut input = rs.input.clone();
    input.slm.as_mut().unwrap().gpu_usd_per_hour = Some(50.0);
    rs = ReportScenario::compute(input, pricing::bundled_table(), rs.provenance).unwrap();
    let text = cashflow(std::slice::from_ref(&rs));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut negatives = 0;
    for r in reader.records().map(Result::unwrap).skip(1) {
        let v = &r[4];
        assert!(v.starts_with('-'), "{v}");
        assert!(
            v.parse::<f64>().is_ok() && !v.contains(['e', 'E', '+']),
            "{v} is a plain number"
        );
        negatives += 1;
    }
    assert_eq!(negatives, 12);
}

/// Office hours on weekdays, served hour by hour: the schedule has 168 hours per option.
fn weekly(name: &str) -> ReportScenario {
    let mut input = scenario(name, 0.0, 0.0).input;
    let w = input.workload.as_mut().unwrap();
    w.peak_to_average = None;
    w.load_shape = Some(
        (0..24)
            .map(|h| if (8..18).contains(&h) { 3.0 } else { 0.5 })
            .collect(),
    );
    w.weekly_shape = Some(vec![1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0]);
    w.requests_per_month = Some(1e7);
    let slm = input.slm.as_mut().unwrap();
    slm.scaling = Some(tco::input::Scaling::Hourly);
    slm.min_replicas = Some(0.0);
    slm.gpu_discount = Some(0.3);
    let provenance = scenario(name, 0.0, 0.0).provenance;
    ReportScenario::compute(input, pricing::bundled_table(), provenance).unwrap()
}

#[test]
fn the_schedule_has_every_hour_of_each_fleet() {
    let week = weekly("=Week");
    let flat = scenario("Flat", 0.0, 0.0);
    let text = schedule(&[week.clone(), flat.clone()]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers[0], "scenario");
    assert_eq!(&headers[1..], SCHEDULE_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // The week: 168 hours for all traffic and 168 for the hybrid's SLM; the flat fleet one
    // block each, its hour columns empty.
    assert_eq!(rows.len(), 2 * 168 + 2);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    for (k, option) in ["self_hosted", "hybrid"].into_iter().enumerate() {
        let fleet = if k == 0 {
            &week.result.self_hosted.fleet
        } else {
            &week.result.hybrid.fleet
        };
        for (j, h) in fleet.schedule.iter().enumerate() {
            let r = &rows[k * 168 + j];
            assert_eq!(&r[0], "'=Week", "the name is neutralised");
            assert_eq!(&r[col("option")], option);
            assert_eq!(r[col("hour")].parse::<usize>().unwrap(), j);
            assert_eq!(r[col("hour_of_day")].parse::<usize>().unwrap(), j % 24);
            let f = |name: &str| r[col(name)].parse::<f64>().unwrap();
            assert_eq!(f("replicas"), h.replicas);
            assert_eq!(f("instances"), h.instances);
            assert_eq!(f("reserved"), h.reserved);
            assert_eq!(f("burst"), h.burst);
        }
    }
    assert_eq!(&rows[0][col("day")], "Mon");
    assert_eq!(&rows[167][col("day")], "Sun");
    // Nights and weekends scale to zero; weekday office hours run replicas.
    assert_eq!(rows[130][col("replicas")].parse::<f64>().unwrap(), 0.0);
    assert!(rows[10][col("replicas")].parse::<f64>().unwrap() > 0.0);
    let block = &rows[2 * 168];
    assert_eq!(&block[0], "Flat");
    assert_eq!(&block[col("hour")], "");
    assert_eq!(
        block[col("replicas")].parse::<f64>().unwrap(),
        flat.result.self_hosted.fleet.replicas.unwrap()
    );
}

#[test]
fn the_breakdown_adds_up_to_the_engines_costs() {
    let week = weekly("Week");
    let text = breakdown(std::slice::from_ref(&week));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers, BREAKDOWN_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    for (r, (option, monthly, fleet)) in rows.iter().zip([
        (
            "self_hosted",
            week.result.self_hosted.monthly_usd,
            &week.result.self_hosted.fleet,
        ),
        (
            "hybrid",
            week.result.hybrid.slm_usd_per_month,
            &week.result.hybrid.fleet,
        ),
    ]) {
        assert_eq!(&r[0], option);
        let parts: Vec<f64> = (1..9).map(|c| r[c].parse::<f64>().unwrap()).collect();
        let b = fleet.breakdown.unwrap();
        assert_eq!(parts[0], b.reserved_usd);
        assert_eq!(parts[1], b.on_demand_usd);
        assert_eq!(r[10].parse::<f64>().unwrap(), monthly);
        assert!((parts.iter().sum::<f64>() - monthly).abs() < 1e-6 * monthly);
    }
    // A hosted SLM has no fleet: only the header.
    let mut hosted = scenario("Hosted", 0.0, 0.0).input;
    hosted.slm = Some(SlmInput {
        serving: Some(Serving::Api),
        usd_per_request: Some(0.0001),
        ..Default::default()
    });
    let provenance = scenario("Hosted", 0.0, 0.0).provenance;
    let hosted = ReportScenario::compute(hosted, pricing::bundled_table(), provenance).unwrap();
    assert_eq!(breakdown(std::slice::from_ref(&hosted)).lines().count(), 1);
    assert_eq!(schedule(std::slice::from_ref(&hosted)).lines().count(), 1);
}

#[test]
fn owned_gpus_are_cash_in_the_cash_flow() {
    // Bought for month 1 in month 0, more as volume grows, 25 % back at the end.
    let mut input = scenario("Owned", 0.3, 0.0).input;
    input.slm = Some(SlmInput {
        serving: Some(Serving::SelfHosted),
        owned: Some(tco::input::OwnedInput {
            purchase_usd: Some(30_000.0),
            amortisation_months: Some(36.0),
            power_watts: Some(700.0),
            pue: Some(1.3),
            electricity_usd_per_kwh: Some(0.12),
            resale_share: Some(0.25),
            ..Default::default()
        }),
        prefill_tokens_per_s: Some(5000.0),
        decode_tokens_per_s: Some(500.0),
        ..Default::default()
    });
    let provenance = scenario("Owned", 0.0, 0.0).provenance;
    let rs = ReportScenario::compute(input, pricing::bundled_table(), provenance).unwrap();
    let text = cashflow(std::slice::from_ref(&rs));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let f = |r: &csv::StringRecord, name: &str| r[col(name)].parse::<f64>().unwrap();
    let roi = &rs.result.roi.self_hosted;
    assert_eq!(f(&rows[0], "self_hosted_capex_usd"), 30_000.0);
    assert_eq!(f(&rows[0], "self_hosted_savings_usd"), -30_000.0);
    assert_eq!(
        f(&rows[12], "self_hosted_resale_usd"),
        roi.months[11].resale_usd
    );
    assert!(roi.months[11].resale_usd > 0.0);
    let sum: f64 = rows.iter().map(|r| f(r, "self_hosted_savings_usd")).sum();
    assert!((sum - roi.cumulative_savings_usd).abs() < 1e-6);
}

#[test]
fn the_breakdown_says_what_the_fleet_is_sized_with() {
    use crate::scenarios;
    let typed = scenario("Typed", 0.0, 0.0);
    let adjusted = scenarios::compute(scenarios::adjusted_input());
    // A described source typed with a leading "=" stays text, neutralised.
    let mut described = scenario("Described", 0.0, 0.0).input;
    if let Some(slm) = described.slm.as_mut() {
        slm.throughput_source = Some("=cmd|' /C calc'!A0, a vendor sheet".into());
    }
    let described = ReportScenario::compute(
        described,
        pricing::bundled_table(),
        scenario("Described", 0.0, 0.0).provenance,
    )
    .unwrap();
    let text = breakdown(&[typed.clone(), adjusted.clone(), described]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers[1..], BREAKDOWN_COLUMNS);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // Two fleets (self-hosted, the hybrid's SLM) per scenario.
    assert_eq!(rows.len(), 6);
    let t = &rows[0];
    assert_eq!(&t[col("slm_model")], "");
    assert_eq!(&t[col("throughput_basis")], "typed");
    assert_eq!(&t[col("throughput_label")], "estimate");
    assert_eq!(t[col("decode_tokens_per_s")].parse::<f64>().unwrap(), 500.0);
    let a = &rows[2];
    assert_eq!(&a[col("slm_model")], "smollm2-135m");
    assert_eq!(&a[col("model_format")], "q8_0");
    assert_eq!(&a[col("throughput_basis")], "benchmark");
    assert_eq!(
        &a[col("throughput_label")],
        "adjusted from benchmark #7 measured at 128/32"
    );
    assert!(a[col("throughput_source")].starts_with("benchmark #7: smollm2-135m q8_0 on cpu"));
    let tco::scenario::SlmServing::SelfHosted(fleet) = &adjusted.scenario.slm.serving else {
        panic!("self-hosted");
    };
    // The decode priced, exactly: the fit's at the scenario's lengths, not the 190 measured.
    assert_eq!(
        a[col("decode_tokens_per_s")].parse::<f64>().unwrap(),
        fleet.decode_tokens_per_s
    );
    assert_ne!(fleet.decode_tokens_per_s, 190.0);
    let d = &rows[4];
    assert_eq!(&d[col("throughput_basis")], "described");
    assert_eq!(
        &d[col("throughput_source")],
        "'=cmd|' /C calc'!A0, a vendor sheet"
    );
}
