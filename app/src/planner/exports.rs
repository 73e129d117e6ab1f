//! Download links for a saved scenario's exports (or a comparison's): PDF on A4 and US
//! Letter, the XLSX workbook and the four CSVs. Plain `<a href download>` links to the
//! server's export endpoints, so a read-only viewer downloads exactly what its author
//! would, and nothing is computed in the browser for them.

use leptos::prelude::*;

/// (what, label, address) of each export. `base` is the endpoint folder
/// (`/api/v1/scenarios/<id>/` or `/api/v1/compare/`), `query` what selects the scenario(s)
/// (`revision=3`, `ids=a,b`).
pub fn links(base: &str, query: &str) -> Vec<(&'static str, &'static str, String)> {
    vec![
        (
            "pdf-a4",
            "PDF (A4)",
            format!("{base}report.pdf?paper=a4&{query}"),
        ),
        (
            "pdf-letter",
            "PDF (Letter)",
            format!("{base}report.pdf?paper=letter&{query}"),
        ),
        ("xlsx", "XLSX", format!("{base}workbook.xlsx?{query}")),
        (
            "csv-cashflow",
            "CSV cash flow",
            format!("{base}cashflow.csv?{query}"),
        ),
        (
            "csv-routing",
            "CSV routing",
            format!("{base}routing.csv?{query}"),
        ),
        (
            "csv-schedule",
            "CSV week schedule",
            format!("{base}schedule.csv?{query}"),
        ),
        (
            "csv-breakdown",
            "CSV bill by part",
            format!("{base}breakdown.csv?{query}"),
        ),
    ]
}

/// The links of one saved revision.
pub fn scenario_links(id: &str, revision: i64) -> Vec<(&'static str, &'static str, String)> {
    links(
        &format!("/api/v1/scenarios/{id}/"),
        &format!("revision={revision}"),
    )
}

/// The links of a comparison of the scenarios `ids` (their newest revisions).
pub fn compare_links(ids: &[String]) -> Vec<(&'static str, &'static str, String)> {
    links("/api/v1/compare/", &format!("ids={}", ids.join(",")))
}

/// A row of download links; `id` names the row for tests.
#[component]
pub fn ExportLinks(
    id: &'static str,
    links: Vec<(&'static str, &'static str, String)>,
) -> impl IntoView {
    let items = links
        .into_iter()
        .map(|(what, label, href)| {
            view! { <a class="export" data-export=what href=href download="">{label}</a> }
        })
        .collect_view();
    view! {
        <p class="exports" id=id><span class="label">"Export: "</span>{items}</p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_name_the_revision_or_the_ids() {
        let one = scenario_links("ab12", 3);
        let hrefs: Vec<&str> = one.iter().map(|l| l.2.as_str()).collect();
        assert_eq!(
            hrefs,
            [
                "/api/v1/scenarios/ab12/report.pdf?paper=a4&revision=3",
                "/api/v1/scenarios/ab12/report.pdf?paper=letter&revision=3",
                "/api/v1/scenarios/ab12/workbook.xlsx?revision=3",
                "/api/v1/scenarios/ab12/cashflow.csv?revision=3",
                "/api/v1/scenarios/ab12/routing.csv?revision=3",
                "/api/v1/scenarios/ab12/schedule.csv?revision=3",
                "/api/v1/scenarios/ab12/breakdown.csv?revision=3",
            ]
        );
        let many = compare_links(&["a".into(), "b".into()]);
        assert_eq!(many[2].2, "/api/v1/compare/workbook.xlsx?ids=a,b");
        assert_eq!(many.len(), 7);
    }
}
