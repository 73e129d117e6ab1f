//! Saved scenarios: the browser's own list of them and their edit tokens (`session.rs`),
//! what is done with them (`actions.rs`), the read-only shared view of one (`/s/<id>`), and
//! two to four side by side (`/compare`), each recomputed here from its stored inputs.

mod actions;
mod compare;
mod compare_figures;
mod inputs;
mod session;
mod shared;

pub use actions::{delete, open_in_planner, open_state_link, revisions, save, save_copy};
pub use compare::Compare;
pub use session::Session;
pub use shared::Shared;
