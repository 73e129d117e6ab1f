//! The Quality page: a quality eval of the small model on a labelled sample (the demo, or a
//! team's own JSONL read and checked in the page), run on the server as a job with its
//! progress streamed, its figures (`quality`'s: accuracy with its Wilson interval, per-label
//! precision and recall, the worst items, the cascade curve) and "Use in scenario", which
//! writes the measured cascade into the planner's routing.

mod follow;
mod page;
mod results;
mod state;
mod use_in;
pub mod words;

pub use page::QualityPage;
pub use state::QualityState;
