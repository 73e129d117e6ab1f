//! The planner's line that says where its workload came from ("Workload from spend.csv,
//! 426 requests, 2025-03-03 – 2025-03-16"), when an imported log filled it.

use leptos::prelude::*;

use crate::planner::Form;

#[component]
pub fn WorkloadSource(form: Form) -> impl IntoView {
    move || {
        let source = form.value("workload.source");
        let source = source.trim();
        (!source.is_empty()).then(|| {
            view! { <p class="source" id="workload-source">{format!("Workload {source}")}</p> }
        })
    }
}
