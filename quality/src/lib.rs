//! The statistics of an evaluation of a small model on a team's own labelled sample,
//! independent of the model runtime: the candle eval produces one [`ItemOutcome`] per item
//! (and a [`LabelPair`] per item for a classify task), and this crate turns them into
//! figures with a stated confidence.
//!
//! - [`Outcomes`] the validated per-item results: [`Outcomes::accuracy`] (a Wilson 95 %
//!   interval and the one-sided lower 95 % bound), [`Outcomes::worst_items`];
//! - [`wilson`] the Wilson score interval, with [`z_two_sided`] / [`z_one_sided`] from the
//!   normal quantile (statrs);
//! - [`Confusion`] the confusion matrix and per-label precision and recall of a classify task;
//! - [`CascadeCurve`] the escalation rate e(θ) and cascade quality q(θ) at every confidence
//!   threshold, the thresholds whose lower 95 % bound meets a quality floor, and the
//!   cheapest of them under per-request prices.
//!
//! The formulas, with a worked example, are in docs/quality.md ("Statistics").
//!
//! Pure: no I/O, compiles to `wasm32-unknown-unknown`; bad input (no items, a confidence
//! that is not a finite number, a share outside 0..1) is a [`QualityError`] naming the
//! field, never a panic.

pub mod cascade;
pub mod sample;
pub mod stats;
pub mod summary;

pub use cascade::{
    cascade_cost_per_request, CascadeCurve, CascadePoint, CheapestThreshold, Threshold,
};
pub use stats::error::QualityError;
pub use stats::labels::{Confusion, LabelPair, LabelStats};
pub use stats::wilson::{
    wilson, z_95_one_sided, z_95_two_sided, z_one_sided, z_two_sided, Interval,
};
pub use stats::{Accuracy, ItemOutcome, Outcomes};
