//! Internal items, reachable from outside the crate only so that the server's integration
//! tests (`server/tests/api/units/`) can test them: the library builds no unit-test harness
//! of its own (`[lib] test = false` in server/Cargo.toml), which would compile the whole
//! server a second time and link candle again for a few small tests. Not an API: hidden
//! from the documentation, and free to change with the items it names.

use api::bench::BenchResult;
use api::BenchmarkId;

pub use crate::endpoint_bench::client::{
    error_message, read_event, redact, SseReader, Streamed, Usage,
};
pub use crate::endpoint_bench::prompt::prompt;
pub use crate::endpoint_bench::sweep::{point, Sample};
pub use crate::http::benchmarks::agent_check::problems as agent_problems;
pub use crate::http::headers::inline_scripts;

/// `exports`' file-name part of a scenario's name.
pub fn slug(name: &str, max: usize) -> String {
    crate::exports::slug(name, max)
}

/// `exports`' benchmark ids named in a throughput source line.
pub fn benchmark_ids(source: &str) -> Vec<BenchmarkId> {
    crate::exports::benchmark_ids(source)
}

/// `exports`' provenance line of a benchmark's hardware.
pub fn hardware(result: &BenchResult) -> String {
    crate::exports::hardware(result)
}
