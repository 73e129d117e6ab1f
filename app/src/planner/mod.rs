//! The planner: the scenario form (its text, read into a `tco::ScenarioInput` and planned by
//! the engine on every keystroke), its results with their basis and charts, and the bar
//! that saves, shares and exports it.

mod api_extras;
pub mod basis;
pub mod beliefs;
pub mod charts;
mod controls;
mod device_choice;
pub mod draws;
mod edit_buttons;
pub mod exports;
pub mod fields;
mod fleet;
pub mod form;
mod history;
mod measured_curve;
mod measured_pick;
mod model_pick;
mod page;
mod placements;
pub mod results;
mod scenario_bar;
mod shape_bars;
mod shape_presets;
mod state;
mod summary_bar;
pub mod table_rows;
mod throughput;
mod traffic;
pub mod trail;
mod uncertainty;
pub mod values;
mod workload_picker;

pub use page::Planner;
pub use state::{Form, IMPORTED_WORKLOAD_FIELDS};
