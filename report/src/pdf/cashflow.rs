//! The month-by-month cash flow of the recommended option against the API, condensed: a
//! flat plan repeats the same month 36 times, and 36 identical rows hide the two that
//! matter. The first months are always listed, then every month whose figures differ from
//! the month before, and the last month; a run of months that repeat the month before is
//! folded into one row, and a line says how many were folded. The totals cover every month.
//! The workbook keeps every month, as formulas.

use tco::format::{count, percent, usd};

use super::layout::{Doc, BODY, SMALL};
use super::tables::{bold, col, draw, Align, Cell, Table};
use crate::summary::{choice_label, roi_of, Choice, Summary, NONE_PAYBACK};
use crate::ReportScenario;

/// At most this many rows are listed (three years of months that all differ, as with
/// growth); the rest are in the totals, and the workbook lists every month.
pub(crate) const MAX_ROWS: usize = 36;

/// Months always listed at the start, changed or not: the reader sees the pattern before a
/// fold.
pub(crate) const LEAD: usize = 3;

/// One row of the condensed table, by index into the months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Line {
    /// Month `i` as it is.
    Month(usize),
    /// Months `from..=to`, each identical to month `from − 1` as shown.
    Folded { from: usize, to: usize },
}

/// The rows of the condensed table for months whose shown figures are `keys` (month 1
/// first): the first [`LEAD`] months, each month that differs from the one before, and the
/// last month are listed; a run of two or more months that repeat the month before is one
/// [`Line::Folded`] (a single repeated month is listed: folding it would save nothing).
pub(crate) fn fold<K: PartialEq>(keys: &[K]) -> Vec<Line> {
    let n = keys.len();
    let listed = |i: usize| i < LEAD || i + 1 == n || keys[i] != keys[i - 1];
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        if listed(i) {
            out.push(Line::Month(i));
            i += 1;
            continue;
        }
        let from = i;
        while i < n && !listed(i) {
            i += 1;
        }
        if i - from >= 2 {
            out.push(Line::Folded { from, to: i - 1 });
        } else {
            out.extend((from..i).map(Line::Month));
        }
    }
    out
}

/// The months a set of lines folds away (each folded row stands for its months).
pub(crate) fn folded_months(lines: &[Line]) -> usize {
    lines
        .iter()
        .map(|l| match l {
            Line::Folded { from, to } => to - from + 1,
            Line::Month(_) => 0,
        })
        .sum()
}

/// The month-by-month cash flow of the recommended option (or, when the API is the
/// cheapest, of the cheaper alternative) against the API, with growth, condensed.
pub(crate) fn cash_flow(doc: &mut Doc, r: &ReportScenario, s: &Summary) {
    let choice = match s.recommended {
        Some(Choice::Api) | None
            if r.result.hybrid.monthly_usd < r.result.self_hosted.monthly_usd =>
        {
            Choice::Hybrid
        }
        Some(Choice::Api) | None => Choice::SelfHosted,
        Some(other) => other,
    };
    let Some(roi) = roi_of(r, choice) else {
        return;
    };
    let horizon = r.scenario.finance.horizon_months;
    doc.heading(
        &format!(
            "Monthly cash flow: {} against the API",
            choice_label(r, choice)
        ),
        80.0,
    );
    // Months are compared as they are shown: two months that print the same are the same
    // to the reader, whatever their last bits.
    let keys: Vec<[String; 4]> = roi
        .months
        .iter()
        .map(|m| {
            [
                count(m.requests),
                usd(m.api_usd),
                usd(m.option_usd),
                usd(m.savings_usd),
            ]
        })
        .collect();
    let mut lines = fold(&keys);
    let truncated = lines.len() > MAX_ROWS;
    lines.truncate(MAX_ROWS);
    let last_listed = lines.last().map_or(0, |l| match l {
        Line::Month(i) => i + 1,
        Line::Folded { to, .. } => to + 1,
    });
    let folded = folded_months(&lines);
    let runs = lines
        .iter()
        .filter(|l| matches!(l, Line::Folded { .. }))
        .count();

    let mut note = format!(
        "Growth {} a month; one-time cost {} in month 0. ",
        percent(r.scenario.workload.monthly_growth),
        usd(roi.one_time_usd)
    );
    if truncated {
        note += &format!(
            "Months 1–{last_listed} of the {horizon}-month horizon are listed; the NPV and totals cover all {horizon}."
        );
    } else if folded == 0 {
        note += &format!("All {horizon} months of the horizon are listed.");
    } else {
        note += &format!("All {horizon} months of the horizon are covered.");
    }
    if let Some(Line::Folded { from, to }) = lines
        .iter()
        .find(|l| matches!(l, Line::Folded { .. }))
        .copied()
    {
        note += &format!(
            " {folded} identical months are folded into {runs} row{}: months {}–{} each repeat month {}'s figures, and the row's cumulative net is month {}'s.",
            if runs == 1 { "" } else { "s" },
            roi.months[from].month,
            roi.months[to].month,
            roi.months[from].month.saturating_sub(1),
            roi.months[to].month,
        );
    }
    match s.recommended {
        Some(Choice::Api) => {
            note += " The LLM API is the cheapest option; this is the cheaper alternative."
        }
        None => note += " No option meets the minimum quality; this is the cheaper alternative.",
        Some(_) => {}
    }
    if roi.capex_month0_usd > 0.0 {
        let bought: f64 = roi.months.iter().map(|m| m.capex_usd).sum();
        let resale: f64 = roi.months.iter().map(|m| m.resale_usd).sum();
        note += &format!(
            " Owned GPUs are paid in cash: {} in month 0, {} more as volume grows, {} back from their resale in the last month; the option cost shows their capital straight-line.",
            usd(roi.capex_month0_usd),
            usd(bought),
            usd(resale)
        );
    }
    doc.paragraph(SMALL, &note);
    let mut t = Table::new(vec![
        col("Month", 0.09, Align::Right),
        col("Requests", 0.17, Align::Right),
        col("API cost", 0.185, Align::Right),
        col("Option cost", 0.185, Align::Right),
        col("Savings", 0.185, Align::Right),
        col("Cumulative net", 0.185, Align::Right),
    ]);
    t.style = BODY.sized(7.0);
    let month0 = roi.one_time_usd + roi.capex_month0_usd;
    t.row(vec![
        "0".into(),
        "".into(),
        "".into(),
        usd(month0).into(),
        usd(-month0).into(),
        usd(-month0).into(),
    ]);
    for line in &lines {
        let (label, shown, last) = match *line {
            Line::Month(i) => (roi.months[i].month.to_string(), i, i),
            Line::Folded { from, to } => (
                format!("{}–{}", roi.months[from].month, roi.months[to].month),
                from,
                to,
            ),
        };
        let [requests, api, option, savings] = keys[shown].clone();
        t.row(vec![
            label.into(),
            requests.into(),
            api.into(),
            option.into(),
            savings.into(),
            usd(roi.months[last].cumulative_net_usd).into(),
        ]);
    }
    let sum = |f: fn(&tco::roi::CashFlowMonth) -> f64| roi.months.iter().map(f).sum::<f64>();
    let total: Vec<Cell> = vec![
        bold("Total"),
        bold(count(sum(|m| m.requests))),
        bold(usd(sum(|m| m.api_usd))),
        bold(usd(month0 + sum(|m| m.option_usd))),
        bold(usd(sum(|m| m.savings_usd) - month0)),
        bold(usd(roi.cumulative_savings_usd)),
    ];
    t.row(total);
    draw(doc, &t);
    doc.paragraph(
        BODY,
        &format!(
            "Over {horizon} months: cumulative net {}, NPV {} at {}/year, payback {}.",
            usd(roi.cumulative_savings_usd),
            usd(roi.npv_usd),
            percent(r.scenario.finance.discount_rate_annual),
            roi.payback_month
                .map_or_else(|| NONE_PAYBACK.to_string(), |m| format!("month {m}"))
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Months by their shown figures (one letter a distinct month), and the rows they
    /// condense to, worked by hand.
    #[test]
    fn repeated_months_fold() {
        use Line::{Folded, Month};
        let cases: [(&str, &[u8], Vec<Line>); 7] = [
            ("empty", b"", vec![]),
            ("short", b"aa", vec![Month(0), Month(1)]),
            // The first three are listed, the last is listed: nothing left to fold.
            (
                "four flat",
                b"aaaa",
                vec![Month(0), Month(1), Month(2), Month(3)],
            ),
            // One repeated month between the lead and the last: listed, not folded.
            (
                "five flat",
                b"aaaaa",
                vec![Month(0), Month(1), Month(2), Month(3), Month(4)],
            ),
            // 36 flat months: 1, 2, 3, then months 4–35 folded (32), then month 36.
            (
                "36 flat",
                &[b'a'; 36],
                vec![
                    Month(0),
                    Month(1),
                    Month(2),
                    Folded { from: 3, to: 34 },
                    Month(35),
                ],
            ),
            // A change in month 7 (index 6) is listed, and the runs on each side fold.
            (
                "a change",
                b"aaaaaabbbbbb",
                vec![
                    Month(0),
                    Month(1),
                    Month(2),
                    Folded { from: 3, to: 5 },
                    Month(6),
                    Folded { from: 7, to: 10 },
                    Month(11),
                ],
            ),
            // Growth: every month differs, every month is listed.
            ("growth", b"abcdef", (0..6).map(Month).collect()),
        ];
        for (name, keys, want) in cases {
            let lines = fold(keys);
            assert_eq!(lines, want, "{name}");
            // Every month is listed or folded, exactly once.
            let covered = lines.len() - lines.iter().filter(|l| matches!(l, Folded { .. })).count()
                + folded_months(&lines);
            assert_eq!(covered, keys.len(), "{name}");
        }
        assert_eq!(folded_months(&fold(&[b'a'; 36])), 32);
    }
}
