//! What only an endpoint benchmark's result says: the serving stack it measured (URL, API,
//! served model, the GPU its operator stated), how its tokens were counted, and the gaps
//! between streamed tokens at each concurrency. Nothing for a candle result.

use ::api::bench::{BenchResult, Engine};
use leptos::prelude::*;

use super::format::ms;

/// The endpoint facts of `r`, or nothing when candle measured it.
pub fn endpoint_facts(r: &BenchResult) -> Option<impl IntoView> {
    let Engine::Endpoint {
        url,
        served_model,
        api,
        token_counts,
        gpu,
    } = &r.engine
    else {
        return None;
    };
    let gaps: Vec<String> = r
        .points
        .iter()
        .filter_map(|p| {
            let itl = p.inter_token_ms?;
            Some(format!(
                "concurrency {}: p50 {} · p95 {}",
                p.concurrency,
                ms(itl.p50).unwrap_or_else(|| "—".into()),
                ms(itl.p95).unwrap_or_else(|| "—".into())
            ))
        })
        .collect();
    let gpu = gpu.clone().unwrap_or_else(|| {
        "not stated (a scenario cannot check the device it is priced on)".into()
    });
    Some(view! {
        <dl class="facts" id="bench-endpoint" data-endpoint=url.clone()>
            <dt>"Endpoint"</dt>
            <dd><code>{url.clone()}</code>{format!(" · {api} API · model {served_model}")}</dd>
            <dt>"GPU, as stated"</dt>
            <dd>{gpu}</dd>
            <dt>"Token counts"</dt>
            <dd>{token_counts.clone()}</dd>
            <dt>"Gaps between streamed tokens"</dt>
            <dd>{if gaps.is_empty() { "not recorded".to_string() } else { gaps.join("; ") }}</dd>
        </dl>
        <p class="hint">"Measured over HTTP streaming from this server: the serving stack as its users see it, not the hardware under it, so there is no roofline and nothing is projected onto other GPUs."</p>
    })
}
