//! Breakeven's exports of one scenario, or a comparison of two to four: a PDF ROI report,
//! an XLSX workbook whose derived figures are Excel formulas over its input cells, and CSV.
//! Every export carries its provenance ([`Provenance`]).
//!
//! Invariants: no I/O (fonts are compiled in; the caller supplies the clock's reading as
//! `Provenance::generated_unix`), no panic on any scenario the engine accepts, and the
//! figures are the engine's own (`tco::plan`), formatted by `tco::format`.

mod basis;
pub mod csv;
pub mod model;
pub mod pdf;
pub mod summary;
mod verdict;
pub mod xlsx;

pub use model::{BenchmarkRef, Provenance, ReportError, ReportScenario, TableRef};
pub use pdf::Paper;
pub use summary::Summary;

/// The labels of scenario fields, as `tco::vocabulary` names them, joined with commas: how an
/// export lists the uncertain inputs of a Monte Carlo run.
fn labels(paths: &[String]) -> String {
    let labels: Vec<String> = paths.iter().map(|p| tco::vocabulary::label(p)).collect();
    labels.join(", ")
}

/// An engine warning as a person reads it: the label of the field it concerns, then what
/// to look at (the field's path is never shown).
fn warning(w: &tco::Warning) -> String {
    format!(
        "{}: {}",
        tco::vocabulary::label(&w.field),
        tco::vocabulary::in_words(&w.message)
    )
}
