//! Breakeven's charts: pure functions from figures to SVG strings, drawn by `plotters`'
//! SVG backend, so the browser and the reports draw the same chart from the same code.
//!
//! Every chart takes the page's text colour (`currentColor`), so it reads in dark and light
//! themes, and never writes a NaN or an infinity: non-finite inputs are left out, and a
//! chart with nothing to draw says so in words.

pub mod bench;
pub mod plan;
pub mod quality;
mod style;
mod svg;
pub mod traffic;
