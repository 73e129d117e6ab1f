//! Quality evals with candle (docs/quality.md): a GGUF language model answers every item of
//! a labelled sample, through the same decoder the benchmark measures.
//!
//! - classify: each label is scored as a continuation of the prompt (the sum of its tokens'
//!   log-probabilities); the most likely label is the answer and the margin between the best
//!   and the second-best label is the confidence. The labels of an item share the prompt's
//!   KV cache, and items are scored together in batches.
//! - match: greedy generation up to `max_new_tokens`, compared with `expected` by the
//!   request's [`api::quality::MatchRule`]; confidence is the mean log-probability of the
//!   generated tokens.
//!
//! Everything after the answers (accuracy, confusion, the cascade curve) is the `quality`
//! crate's [`quality::summary::summarise`].

use std::path::Path;
use std::sync::atomic::AtomicBool;

use api::quality::{
    EvalProgress, EvalReproducibility, EvalRequest, EvalResult, EvalSpeed, ItemAnswer,
};
use quality::sample::Sample;

use crate::BenchError;

/// The answers of one eval and how it ran, before the figures are computed.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalRun {
    /// One answer per item, in sample order.
    pub answers: Vec<ItemAnswer>,
    /// How fast it ran.
    pub speed: EvalSpeed,
    /// What reruns it.
    pub reproducibility: EvalReproducibility,
}

/// Runs the model at `weights` on every item of `sample` (already read with the request's
/// task and labels), reporting progress after every batch and stopping with
/// [`BenchError::Cancelled`] when `cancel` is set. `sample_name` is how results name the
/// sample; `command` the command line that reruns it.
pub fn run_eval(
    request: &EvalRequest,
    weights: &Path,
    sample: &Sample,
    sample_name: &str,
    command: &str,
    on_progress: &mut (dyn FnMut(&EvalProgress) + Send),
    cancel: &AtomicBool,
) -> Result<EvalRun, BenchError> {
    let _ = (
        request,
        weights,
        sample,
        sample_name,
        command,
        on_progress,
        cancel,
    );
    unimplemented!("issue 18 H1")
}

/// [`run_eval`], then the figures ([`quality::summary::summarise`]) and the scenario label:
/// the whole [`EvalResult`].
pub fn evaluate(
    request: &EvalRequest,
    weights: &Path,
    sample: &Sample,
    sample_name: &str,
    command: &str,
    on_progress: &mut (dyn FnMut(&EvalProgress) + Send),
    cancel: &AtomicBool,
) -> Result<EvalResult, BenchError> {
    let _ = (
        request,
        weights,
        sample,
        sample_name,
        command,
        on_progress,
        cancel,
    );
    unimplemented!("issue 18 H1")
}
