//! Breakeven's exports of one scenario, or a comparison of two to four: a PDF ROI report,
//! an XLSX workbook whose derived figures are Excel formulas over its input cells, and CSV.
//! Every export carries its provenance ([`Provenance`]).
//!
//! Invariants: no I/O (fonts are compiled in; the caller supplies the clock's reading as
//! `Provenance::generated_unix`), no panic on any scenario the engine accepts, and the
//! figures are the engine's own (`tco::plan`), formatted by `tco::format`.

pub mod csv;
pub mod model;
pub mod pdf;
pub mod summary;
pub mod xlsx;

pub use model::{BenchmarkRef, Provenance, ReportError, ReportScenario, TableRef};
pub use pdf::Paper;
pub use summary::Summary;
