//! Breakeven in the browser: a scenario form whose results update as you type, computed
//! here by the same `tco` crate the server runs, and the catalogs (LLM prices, GPUs,
//! workload profiles) a row of which fills the scenario, and the benchmarks whose measured
//! throughput fills it. Scenarios are saved on the server (revisions, edit tokens kept in
//! this browser), shared read-only at `/s/<id>`, carried whole in a `/?state=` link, and
//! compared side by side at `/compare`; the address bar follows the page (`app/url.rs`).
//! Every call to the server goes through the contract crate's endpoints (`api/`).

mod api;
mod app;
mod benchmarks;
mod catalogs;
mod planner;
mod quality;
mod scenarios;
mod traffic;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
    // index.html's static "Loading the planner…" stood in while the app downloaded.
    if let Some(placeholder) = leptos::prelude::document().get_element_by_id("loading") {
        placeholder.remove();
    }
}
