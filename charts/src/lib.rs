//! Breakeven's charts: pure functions from figures to SVG strings, drawn by `plotters`'
//! SVG backend, so the browser and the reports draw the same chart from the same code.
