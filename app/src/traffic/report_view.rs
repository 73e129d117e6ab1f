//! The import report: every row accounted for (read, used, bad, skipped by reason), the bad
//! rows with their line and reason, and the columns the reader did not use.

use ::traffic::{ImportReport, MAX_LISTED_BAD_ROWS};
use leptos::prelude::*;
use tco::format::count;

/// The report of an import; `id` names the section for tests and links.
pub fn report_view(report: &ImportReport, id: &'static str) -> impl IntoView {
    let n = |x: u64| count(x as f64);
    let skipped = (!report.skipped_by_reason.is_empty()).then(|| {
        let reasons = report
            .skipped_by_reason
            .iter()
            .map(|(reason, k)| format!("{} × {reason}", n(*k)))
            .collect::<Vec<_>>()
            .join(", ");
        view! { <p class="hint">"Skipped (not completion traffic): " {reasons}</p> }
    });
    let bad = (!report.bad_rows.is_empty()).then(|| {
        let rows = report
            .bad_rows
            .iter()
            .map(|b| {
                view! { <tr><td class="num">{n(b.line)}</td><td>{b.reason.clone()}</td></tr> }
            })
            .collect_view();
        let more = (report.bad_rows_total > report.bad_rows.len() as u64).then(|| {
            view! {
                <p class="hint">
                    {format!(
                        "The first {MAX_LISTED_BAD_ROWS} bad rows are listed; {} more were counted.",
                        n(report.bad_rows_total - report.bad_rows.len() as u64)
                    )}
                </p>
            }
        });
        view! {
            <h4>"Bad rows"</h4>
            <div class="table-scroll">
                <table class="traffic-bad" id="traffic-bad-rows">
                    <thead><tr><th scope="col">"Line"</th><th scope="col">"Why it was not used"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {more}
        }
    });
    let unused = (!report.ignored_columns.is_empty()).then(|| {
        view! {
            <p class="hint" id="traffic-unused-columns">
                "Columns not used: " {report.ignored_columns.join(", ")}
            </p>
        }
    });
    view! {
        <section class="traffic-report" id=id aria-label="Import report">
            <h3>"What was read"</h3>
            <dl class="traffic-figures">
                <div><dt>"Rows read"</dt><dd id="traffic-rows-read">{n(report.rows_read)}</dd></div>
                <div><dt>"Used"</dt><dd id="traffic-rows-used">{n(report.rows_used)}</dd></div>
                <div><dt>"Bad"</dt><dd id="traffic-rows-bad">{n(report.bad_rows_total)}</dd></div>
                <div><dt>"Skipped"</dt><dd id="traffic-rows-skipped">{n(report.rows_skipped)}</dd></div>
            </dl>
            {skipped}
            {bad}
            {unused}
        </section>
    }
}
