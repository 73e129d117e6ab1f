//! Benchmarks and quality evals the server runs itself: the job queue and its workers (one per device, one
//! for endpoint benchmarks), what a running job streams, what the server offers to benchmark, and the command line each job
//! records.

mod command;
mod live;
mod offered;
mod public;
mod queue;
mod shared;

pub use command::{command_line, shell_quote};
pub use live::{EvalWork, JobEvent, Lane, LiveEval, LiveJob, LiveState};
pub use offered::{devices, is_plain_name, weights_files};
pub use public::public_text;
pub use queue::{
    BenchQueue, CancelOutcome, QueueError, DEFAULT_QUEUE_WAITING, QUEUE_RETRY_AFTER_S,
};
pub use shared::DEFAULT_JOB_LEASE;
