//! CSV exports: the monthly cash flow and the routing curve, one header row, RFC 4180
//! (comma-separated, CRLF line ends, a field quoted when it holds a comma, a quote, CR or
//! LF, quotes doubled inside), with a leading `scenario` column when there is more than one.
//!
//! Formula injection (OWASP "CSV injection"): a text field that begins with `=`, `+`, `-`,
//! `@`, a tab or a carriage return is prefixed with a single quote, so a spreadsheet shows it
//! as text instead of running it. Only text is neutralised: the one text column is the
//! scenario's name, which a user typed. Numbers are never neutralised: they are the engine's
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

/// Columns of the cash-flow CSV. Month 0 holds the one-time cost as a negative saving, so
/// each option's savings sum to its cumulative figure.
pub const CASHFLOW_COLUMNS: [&str; 10] = [
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
];

/// The monthly cash flow of each scenario: month 0 (the one-time cost), then months 1 … T.
pub fn cashflow(scenarios: &[ReportScenario]) -> String {
    let many = scenarios.len() > 1;
    let mut out = String::new();
    header(&mut out, many, &CASHFLOW_COLUMNS);
    for rs in scenarios {
        let name = many.then_some(rs.scenario.name.as_str());
        let roi = &rs.result.roi;
        let x = -roi.self_hosted.one_time_usd;
        let e = String::new();
        line(
            &mut out,
            name,
            &[
                "0".into(),
                e.clone(),
                e.clone(),
                e.clone(),
                num(Some(x)),
                num(Some(x)),
                e.clone(),
                num(Some(x)),
                num(Some(x)),
                "1".into(),
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
