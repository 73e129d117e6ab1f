//! CSV exports: the monthly cash flow, the routing curve, the self-hosted fleet's week
//! (`schedule`) and its bill by part (`breakdown`), each one file with one header row, RFC 4180
//! (comma-separated, CRLF line ends, a field quoted when it holds a comma, a quote, CR or
//! LF, quotes doubled inside), with a leading `scenario` column when there is more than one.
//!
//! Formula injection (OWASP "CSV injection"): a text field that begins with `=`, `+`, `-`,
//! `@`, a tab or a carriage return is prefixed with a single quote, so a spreadsheet shows it
//! as text instead of running it. Only text is neutralised: the text columns are the
//! scenario's name, which a user typed, and the breakdown's model and throughput source
//! (a benchmark's hardware and a described source are typed too). Numbers are never neutralised: they are the engine's
//! `f64`s written in Rust's plain decimal form (`-1234.5`, never an exponent), so a negative
//! saving begins with `-` but is exactly a number, the form every spreadsheet reads as a
//! number and none as a formula; prefixing it would turn it into text and break the
//! figures. No user text can reach a numeric column, since those are formatted from `f64`.

use crate::ReportScenario;

/// Characters that make a spreadsheet read a cell as a formula (OWASP's list).
const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A user-text field made safe: neutralised against formula injection, then quoted as
/// RFC 4180 requires.
pub fn text_field(s: &str) -> String {
    let neutral = if s.starts_with(FORMULA_TRIGGERS) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    quote(&neutral)
}

fn quote(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// An engine number in plain decimal form; empty when there is none.
fn num(v: Option<f64>) -> String {
    match v {
        Some(v) if v.is_finite() => format!("{v}"),
        _ => String::new(),
    }
}

fn line(out: &mut String, scenario: Option<&str>, fields: &[String]) {
    let mut cells: Vec<String> = Vec::with_capacity(fields.len() + 1);
    if let Some(name) = scenario {
        cells.push(text_field(name));
    }
    cells.extend(fields.iter().cloned());
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

fn header(out: &mut String, many: bool, columns: &[&str]) {
    let mut cols: Vec<String> = Vec::new();
    if many {
        cols.push("scenario".into());
    }
    cols.extend(columns.iter().map(|c| c.to_string()));
    out.push_str(&cols.join(","));
    out.push_str("\r\n");
}

/// Columns of the cash-flow CSV. Month 0 holds the one-time cost (and owned GPUs bought for
/// month 1) as a negative saving, so each option's savings sum to its cumulative figure.
/// Owned GPUs are paid in cash: `*_capex_usd` is what was bought that month (month 1's in
/// month 0), `*_resale_usd` what their resale brings back in the last month; both are 0
/// for rented GPUs and a hosted SLM.
pub const CASHFLOW_COLUMNS: [&str; 14] = [
    "month",
    "requests",
    "api_usd",
    "self_hosted_usd",
    "self_hosted_savings_usd",
    "self_hosted_cumulative_usd",
    "hybrid_usd",
    "hybrid_savings_usd",
    "hybrid_cumulative_usd",
    "discount_factor",
    "self_hosted_capex_usd",
    "self_hosted_resale_usd",
    "hybrid_capex_usd",
    "hybrid_resale_usd",
];

/// The monthly cash flow of each scenario: month 0 (the one-time cost), then months 1 … T.
pub fn cashflow(scenarios: &[ReportScenario]) -> String {
    let many = scenarios.len() > 1;
    let mut out = String::new();
    header(&mut out, many, &CASHFLOW_COLUMNS);
    for rs in scenarios {
        let name = many.then_some(rs.scenario.name.as_str());
        let roi = &rs.result.roi;
        let x = roi.self_hosted.one_time_usd;
        let (sh0, hy0) = (
            -x - roi.self_hosted.capex_month0_usd,
            -x - roi.hybrid.capex_month0_usd,
        );
        let e = String::new();
        line(
            &mut out,
            name,
            &[
                "0".into(),
                e.clone(),
                e.clone(),
                e.clone(),
                num(Some(sh0)),
                num(Some(sh0)),
                e.clone(),
                num(Some(hy0)),
                num(Some(hy0)),
                "1".into(),
                num(Some(roi.self_hosted.capex_month0_usd)),
                "0".into(),
                num(Some(roi.hybrid.capex_month0_usd)),
                "0".into(),
            ],
        );
        let rate = (1.0 + rs.scenario.finance.discount_rate_annual).powf(1.0 / 12.0) - 1.0;
        for (sh, hy) in roi.self_hosted.months.iter().zip(&roi.hybrid.months) {
            let factor = 1.0 / (1.0 + rate).powi(sh.month as i32);
            line(
                &mut out,
                name,
                &[
                    sh.month.to_string(),
                    num(Some(sh.requests)),
                    num(Some(sh.api_usd)),
                    num(Some(sh.option_usd)),
                    num(Some(sh.savings_usd)),
                    num(Some(sh.cumulative_net_usd)),
                    num(Some(hy.option_usd)),
                    num(Some(hy.savings_usd)),
                    num(Some(hy.cumulative_net_usd)),
                    num(Some(factor)),
                    num(Some(sh.capex_usd)),
                    num(Some(sh.resale_usd)),
                    num(Some(hy.capex_usd)),
                    num(Some(hy.resale_usd)),
                ],
            );
        }
    }
    out
}

/// Columns of the routing-curve CSV: the SLM share (0–1), the hybrid's month-1 cost in USD,
/// its quality (empty without qualities) and whether that reaches the minimum quality.
pub const ROUTING_COLUMNS: [&str; 4] = [
    "slm_share",
    "hybrid_monthly_usd",
    "quality",
    "meets_min_quality",
];

/// The routing curve of each scenario: the hybrid's month-1 cost at SLM shares 0 … 1.
/// `quality` is empty when the scenario gives no qualities.
pub fn routing(scenarios: &[ReportScenario]) -> String {
    let many = scenarios.len() > 1;
    let mut out = String::new();
    header(&mut out, many, &ROUTING_COLUMNS);
    for rs in scenarios {
        let name = many.then_some(rs.scenario.name.as_str());
        for p in &rs.result.routing_curve {
            line(
                &mut out,
                name,
                &[
                    num(Some(p.slm_share)),
                    num(Some(p.monthly_usd)),
                    num(p.quality),
                    p.meets_min_quality.to_string(),
                ],
            );
        }
    }
    out
}

/// Columns of the schedule CSV: which option's fleet (`self_hosted`, or `hybrid` for the
/// hybrid's SLM share), the hour of the week (0 = Monday 00:00 UTC, to 167), its day and
/// hour of the day, then the replicas running, the instances rented (or owned), and of
/// those the reserved (owned) and the burst instances. Without a load shape the fleet has
/// one size all month: one row per option with the hour columns empty. A hosted SLM, and a
/// hybrid that sends the SLM nothing, have no fleet and no rows.
pub const SCHEDULE_COLUMNS: [&str; 8] = [
    "option",
    "hour",
    "day",
    "hour_of_day",
    "replicas",
    "instances",
    "reserved",
    "burst",
];

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Each option's fleet (self-hosted, then the hybrid's SLM) as the engine has it in month
/// 1: one row per hour of the week.
fn fleets(rs: &ReportScenario) -> [(&'static str, &tco::FleetFigures); 2] {
    [
        ("self_hosted", &rs.result.self_hosted.fleet),
        ("hybrid", &rs.result.hybrid.fleet),
    ]
}

/// The month-1 fleet of each scenario hour by hour (`SCHEDULE_COLUMNS`).
pub fn schedule(scenarios: &[ReportScenario]) -> String {
    let many = scenarios.len() > 1;
    let mut out = String::new();
    header(&mut out, many, &SCHEDULE_COLUMNS);
    for rs in scenarios {
        let name = many.then_some(rs.scenario.name.as_str());
        for (option, fleet) in fleets(rs) {
            let week = fleet.schedule.len() > 1;
            for (j, h) in fleet.schedule.iter().enumerate() {
                let (hour, day, hour_of_day) = if week {
                    (
                        j.to_string(),
                        DAYS.get(j / 24).copied().unwrap_or("").to_string(),
                        (j % 24).to_string(),
                    )
                } else {
                    (String::new(), String::new(), String::new())
                };
                line(
                    &mut out,
                    name,
                    &[
                        option.to_string(),
                        hour,
                        day,
                        hour_of_day,
                        num(Some(h.replicas)),
                        num(Some(h.instances)),
                        num(Some(h.reserved)),
                        num(Some(h.burst)),
                    ],
                );
            }
        }
    }
    out
}

/// The breakdown's last six fields: the model, its format, and the throughput's basis,
/// label, source and decode priced (`BREAKDOWN_COLUMNS`). The label and source carry text
/// a user typed (a benchmark's hardware, a described source), so they are neutralised.
fn basis_fields(rs: &ReportScenario) -> [String; 6] {
    let slm = &rs.scenario.slm;
    let decode = match &slm.serving {
        tco::scenario::SlmServing::SelfHosted(f) => Some(f.decode_tokens_per_s),
        tco::scenario::SlmServing::Api(_) => None,
    };
    let (model, format) = slm
        .model
        .as_ref()
        .map_or((String::new(), String::new()), |m| {
            (text_field(&m.id), m.format.as_str().to_string())
        });
    let (basis, label, source) =
        slm.throughput
            .as_ref()
            .map_or((String::new(), String::new(), String::new()), |t| {
                let basis = serde_json::to_value(t.basis)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                (basis, text_field(&t.label), text_field(&t.source))
            });
    [model, format, basis, label, source, num(decode)]
}

/// Columns of the breakdown CSV: the option's fleet, then its month-1 bill by part (USD a
/// month, `tco::fleet::Breakdown`), the GPU bill (every part but people and the fixed
/// cost) and the total; then what the fleet is sized with: the model served (its catalog
/// id, empty when none is named) and number format (`bf16`, `q8_0`, …), the throughput's
/// basis (`typed`, `benchmark`, `endpoint`, `projected`, or `described` for one named in
/// words only), its label ("estimate", "measured", "projected, not measured", "adjusted
/// from benchmark #7 measured at 128/32") and source, and the decode tokens/s priced (the
/// adjusted figure where the decode was adjusted to the scenario's lengths).
pub const BREAKDOWN_COLUMNS: [&str; 17] = [
    "option",
    "reserved_usd",
    "on_demand_usd",
    "spot_usd",
    "cold_start_usd",
    "owned_capital_usd",
    "owned_energy_usd",
    "ops_usd",
    "fixed_usd",
    "gpu_usd",
    "total_usd",
    "slm_model",
    "model_format",
    "throughput_basis",
    "throughput_label",
    "throughput_source",
    "decode_tokens_per_s",
];

/// The month-1 bill of each scenario's fleets by part (`BREAKDOWN_COLUMNS`): one row for
/// the self-hosted fleet and one for the hybrid's SLM, where each has a fleet.
pub fn breakdown(scenarios: &[ReportScenario]) -> String {
    let many = scenarios.len() > 1;
    let mut out = String::new();
    header(&mut out, many, &BREAKDOWN_COLUMNS);
    for rs in scenarios {
        let name = many.then_some(rs.scenario.name.as_str());
        for (option, fleet) in fleets(rs) {
            let Some(b) = fleet.breakdown else {
                continue;
            };
            let parts = [
                b.reserved_usd,
                b.on_demand_usd,
                b.spot_usd,
                b.cold_start_usd,
                b.owned_capital_usd,
                b.owned_energy_usd,
                b.ops_usd,
                b.fixed_usd,
                b.gpu_usd(),
                b.total_usd(),
            ];
            let mut fields = vec![option.to_string()];
            fields.extend(parts.iter().map(|v| num(Some(*v))));
            fields.extend(basis_fields(rs));
            line(&mut out, name, &fields);
        }
    }
    out
}
