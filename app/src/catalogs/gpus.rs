//! Cloud GPU offers with their specs and sources: search, then use one for the
//! self-hosted fleet. Rows flagged `suspect` are listed (marked) but are never defaults.

use leptos::prelude::*;

use super::{matches, MAX_ROWS};
use crate::app::Page;
use crate::planner::Form;

fn opt(v: Option<f64>, unit: &str) -> String {
    v.map_or_else(|| "—".to_string(), |x| format!("{x}{unit}"))
}

#[component]
pub fn Gpus(form: Form, page: RwSignal<Page>) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let table = pricing::gpus::bundled_gpus();
    let use_offer = move |id: String| {
        form.set("slm.serving", "self_hosted".into());
        form.set("slm.gpu_source", "table".into());
        form.set("slm.gpu", id);
        page.set(Page::Planner);
    };
    let rows = move || {
        let q = query.get();
        let hits: Vec<&pricing::gpus::GpuOffer> = table
            .offers
            .iter()
            .filter(|o| {
                matches(
                    &q,
                    &format!("{} {} {} {}", o.id, o.gpu, o.provider, o.region),
                )
            })
            .collect();
        let total = hits.len();
        let drawn = hits
            .into_iter()
            .take(MAX_ROWS)
            .map(|o| {
                let id = o.id.clone();
                let spec = o.spec.as_ref();
                view! {
                    <tr class:suspect=o.flag == "suspect">
                        <td class="model">{o.id.clone()}</td>
                        <td>{o.gpu.clone()}</td>
                        <td class="num">{o.gpus_per_instance}</td>
                        <td class="num">{format!("{} GiB", o.gpu_memory_gib)}</td>
                        <td class="num">{format!("${}", o.on_demand_usd_per_gpu_hour)}</td>
                        <td class="num">{o.spot_usd_per_gpu_hour.map_or_else(|| "—".to_string(), |s| format!("${s}"))}</td>
                        <td>{o.region.clone()}</td>
                        <td class="num">{opt(spec.and_then(|s| s.memory_bandwidth_gb_s), " GB/s")}</td>
                        <td class="num">{opt(spec.and_then(|s| s.bf16_dense_tflops), "")}</td>
                        <td title=o.notes.clone()>{o.flag.clone()}</td>
                        <td class="source">{o.source.clone()}</td>
                        <td class="actions"><button type="button" class="use-gpu" on:click=move |_| use_offer(id.clone())>"Use"</button></td>
                    </tr>
                }
            })
            .collect_view();
        (total, drawn)
    };
    view! {
        <main class="catalog">
            <h2>"GPU offers"</h2>
            <p class="source" id="gpu-source">{format!("{} (read {}) · USD per GPU-hour", table.source, table.as_of)}</p>
            <p class="hint">"Rows flagged suspect are not offered as defaults; using one shows a warning with the results. A reserved or committed-use discount and owned hardware are set in the planner."</p>
            <div class="toolbar">
                <label for="gpu-search">"Search"</label>
                <input id="gpu-search" type="search" placeholder="GPU, provider or region, e.g. h100 lambda"
                    prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev)) />
            </div>
            {move || {
                let (total, drawn) = rows();
                view! {
                    <p class="count" id="gpu-count">{format!("{total} offers")}</p>
                    <table class="rows" id="gpu-table">
                        <thead><tr><th>"Offer"</th><th>"GPU"</th><th>"GPUs"</th><th>"Memory"</th><th>"On demand"</th><th>"Spot"</th>
                            <th>"Region"</th><th>"Bandwidth"</th><th>"BF16 TFLOP/s"</th><th>"Flag"</th><th>"Source"</th><th></th></tr></thead>
                        <tbody>{drawn}</tbody>
                    </table>
                }
            }}
        </main>
    }
}
