//! Benchmarks the server runs itself: the per-device job queue and its workers, what a
//! running job streams, what the server offers to benchmark, and the command line each job
//! records.

mod command;
mod live;
mod offered;
mod queue;

pub use command::{command_line, shell_quote};
pub use live::{JobEvent, LiveJob, LiveState};
pub use offered::{devices, weights_files};
pub use queue::{BenchQueue, CancelOutcome, QueueError};
