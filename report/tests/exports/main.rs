//! The exports read back by the tools people open them with, as one test binary (Cargo links
//! each file directly under `tests/` as a binary of its own): the PDF through poppler
//! (`pdf`), the workbook through openpyxl and LibreOffice (`xlsx`, with its Python readers in
//! `xlsx/`), and the CSVs through the `csv` crate (`csv`). `scenarios` holds the scenarios
//! the PDF and workbook tests share.
//!
//! Run one module with a filter: `cargo test -p report --test exports xlsx::`.
//!
//! The proptest regressions of a module `x` live in `../proptest-regressions/x.txt`:
//! proptest finds this `main.rs` above the module's file and keeps its seeds in a
//! `proptest-regressions` folder beside the folder that holds it.

// Everything in this binary is test code. clippy.toml lets `#[test]` functions unwrap, but
// not the helpers they call; a failed unwrap in a helper is a failed test all the same.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod compare;
mod csv;
mod pdf;
mod scenarios;
mod xlsx;
