//! Saved scenarios: the browser's own list of them and their edit tokens (`session.rs`),
//! what is done with them (`actions.rs`), what a planner address opens (`reopen.rs`), the
//! read-only shared view of one (`/s/<id>`), and two to four side by side (`/compare`), each recomputed here from its stored inputs.

mod actions;
mod compare;
mod compare_figures;
mod inputs;
mod reopen;
mod session;
mod shared;

pub use actions::{copy_name, delete, open_in_planner, revisions, save, save_copy};
pub use compare::Compare;
pub use reopen::open_route;
pub use session::Session;
pub use shared::{read_only, Shared};
