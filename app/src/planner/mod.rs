//! The planner: the scenario form (its text, read into a `tco::ScenarioInput` and planned by
//! the engine on every keystroke), its results with their basis and charts, and the bar
//! that saves, shares and exports it.

pub mod basis;
pub mod beliefs;
pub mod charts;
pub mod exports;
pub mod fields;
pub mod form;
mod measured_pick;
mod page;
pub mod results;
mod scenario_bar;
mod state;
mod throughput;
mod uncertainty;
pub mod values;
mod workload_picker;

pub use page::Planner;
pub use state::Form;
