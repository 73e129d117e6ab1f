//! Benchmarks the server runs itself: the job queue and its workers (one per device, one
//! for endpoint benchmarks), what a running job streams, what the server offers to benchmark, and the command line each job
//! records.

mod command;
mod live;
mod offered;
mod queue;

pub use command::{command_line, shell_quote};
pub use live::{JobEvent, Lane, LiveJob, LiveState};
pub use offered::{devices, weights_files};
pub use queue::{BenchQueue, CancelOutcome, QueueError};
