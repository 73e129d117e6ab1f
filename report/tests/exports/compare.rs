//! The comparison report opens with the compare page's verdict (`tco::compare`): page 1 of
//! the PDF, read back by poppler's `pdftotext`, and cell A3 of the workbook's Comparison
//! sheet hold the same sentence, with its chart of every scenario's cost against volume.

use std::process::Command;

use report::pdf::{render, Paper};
use report::ReportScenario;
use tco::compare::{compare, Compared};

use crate::scenarios::{compute, default_input, measured_input};

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The verdict the compare page shows for these scenarios.
pub fn verdict(scenarios: &[ReportScenario]) -> String {
    let compared: Vec<Compared> = scenarios
        .iter()
        .map(|r| Compared {
            name: &r.scenario.name,
            scenario: &r.scenario,
            result: &r.result,
        })
        .collect();
    compare(&compared).sentence
}

#[test]
fn the_comparison_pdf_opens_with_the_verdict() {
    let scenarios = vec![compute(default_input()), compute(measured_input())];
    let (typed, measured) = (&scenarios[0].scenario.name, &scenarios[1].scenario.name);
    let sentence = verdict(&scenarios);
    // What the verdict must say of these two, by hand: both at the planner's default
    // volume, one measured by benchmark #7, the other typed.
    for part in [
        format!("“{measured}”'s throughput is measured; “{typed}”'s is typed, an estimate."),
        "requests/month".to_string(),
        "/month against".to_string(),
    ] {
        assert!(sentence.contains(&part), "`{part}` not in: {sentence}");
    }
    let pdf = render(&scenarios, Paper::A4).unwrap();
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../test-artifacts/report");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("compare-verdict.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-f", "1", "-l", "1"])
        .arg(&file)
        .arg("-")
        .output()
        .unwrap_or_else(|e| {
            panic!("pdftotext (poppler-utils) is needed: scripts/setup.sh test ({e})")
        });
    assert!(out.status.success());
    let page1 = squash(&String::from_utf8_lossy(&out.stdout));
    assert!(
        page1.contains(&squash(&sentence)),
        "page 1 lacks the verdict `{sentence}`:\n{page1}"
    );
    // The verdict comes before the side-by-side table, and its chart is drawn.
    let at = page1.find(&squash(&sentence)).unwrap();
    assert!(at < page1.find("Summary side by side").unwrap(), "{page1}");
    assert!(page1.contains("USD/month (log)"), "{page1}");
}
