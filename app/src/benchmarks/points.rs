//! The measured points as a table (a result's, or those measured so far), and how a figure
//! that is missing or not finite is shown: "—" with the reason.

use ::api::bench::{Goodput, Point};
use leptos::prelude::*;

use super::format::{mib, ms, rate};

/// "—" and why, where a number is missing.
pub fn missing(why: &'static str) -> AnyView {
    view! { <span class="na">"— "<small>{why}</small></span> }.into_any()
}

/// A figure's text, or "—" and why it has none.
pub fn shown(text: Option<String>, why: &'static str) -> AnyView {
    match text {
        Some(t) => t.into_any(),
        None => missing(why),
    }
}

/// A table cell for an optional or possibly non-finite figure.
pub fn cell(text: Option<String>, why: &'static str) -> AnyView {
    view! { <td class="num">{shown(text, why)}</td> }.into_any()
}

pub fn points_table(
    id: &'static str,
    points: &[Point],
    goodput: Option<&Goodput>,
) -> impl IntoView {
    let rows = points
        .iter()
        .map(|p| {
            let is_goodput = goodput.is_some_and(|g| g.concurrency == p.concurrency);
            let reason = goodput.filter(|_| is_goodput).map(|g| g.reason.clone());
            view! {
                <tr class:goodput=is_goodput title=reason.unwrap_or_default()>
                    <td class="num">{p.concurrency}{is_goodput.then(|| view! { <span class="goodput-mark">" ★ goodput"</span> })}</td>
                    {cell(rate(p.prefill_tokens_per_s), "not measured")}
                    {cell(rate(p.decode_tokens_per_s), "not measured")}
                    {cell(ms(p.ttft_ms_p50), "not measured")}
                    {cell(ms(p.ttft_ms_p95), "not measured")}
                    {cell(ms(p.tpot_ms_p50), "not measured")}
                    {cell(ms(p.tpot_ms_p95), "not measured")}
                    {cell(p.peak_memory_bytes.map(mib), "not reported")}
                    {cell(p.decode_bandwidth_efficiency.filter(|v| v.is_finite()).map(tco::format::percent), "no roofline")}
                    {cell(p.prefill_mfu.filter(|v| v.is_finite()).map(tco::format::percent), "peak FLOP/s unknown")}
                    {match p.meets_slo {
                        Some(true) => view! { <td class="yes">"yes"</td> }.into_any(),
                        Some(false) => view! { <td class="no">"no"</td> }.into_any(),
                        None => view! { <td>{missing("no SLO")}</td> }.into_any(),
                    }}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="rows points" id=id>
                <thead><tr>
                    <th>"Concurrency"</th><th>"Prefill tok/s"</th><th>"Decode tok/s"</th>
                    <th>"TTFT p50"</th><th>"TTFT p95"</th><th>"TPOT p50"</th><th>"TPOT p95"</th>
                    <th>"Peak memory"</th><th>"Bandwidth efficiency"</th><th>"Prefill MFU"</th><th>"Meets SLO"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
