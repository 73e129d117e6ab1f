//! The Traffic page: a team's own usage log (LiteLLM spend logs, OpenAI usage pages, any
//! CSV or JSONL through a column mapping) read and analysed in the page by the `traffic`
//! crate — the file never leaves the browser — into the workload it shows, which fills the
//! planner's workload, and the replay of that exact traffic on the planner's scenario.

mod formats;
mod page;
mod planner_fill;
mod read;
mod replay_view;
mod report_view;
mod source_line;
mod state;
mod trace_rows;
mod workload_view;

pub use page::TrafficPage;
pub use source_line::WorkloadSource;
pub use state::TrafficState;
