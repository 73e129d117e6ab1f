//! API extras: what else an LLM API bills besides fresh input and output tokens — prompt
//! caching (its minimum prompt length, cache writes), hidden reasoning tokens, batch
//! prices, and how its prices move over the horizon. A hosted SLM has the same keys
//! (without reasoning tokens), shown with its prices in the SLM section.

use leptos::prelude::*;

use super::fields::Field;
use super::Form;

#[component]
pub fn ApiExtras(form: Form) -> impl IntoView {
    view! {
        <fieldset id="fieldset-api-extras">
            <legend>"API extras"</legend>
            <p class="hint">"Leave a field empty for the table's value, or the default shown."</p>
            <Field form path="llm.min_cached_input_tokens" table="min_cached" model_path="llm.model" hint="0" />
            <Field form path="workload.cache_write_share" hint="0" />
            <Field form path="llm.cache_write_usd_per_mtok" table="cache_write" model_path="llm.model" />
            <Field form path="llm.reasoning_tokens" hint="0" />
            <Field form path="llm.price_change_annual" hint="0" />
            <Field form path="llm.batch_input_usd_per_mtok" table="batch_input" model_path="llm.model" />
            <Field form path="llm.batch_output_usd_per_mtok" table="batch_output" model_path="llm.model" />
        </fieldset>
    }
}

/// The hosted SLM's extras, under its prices: caching, batch prices and the price trend
/// of its endpoint, and its tokens per LLM token.
#[component]
pub fn HostedSlmExtras(form: Form) -> impl IntoView {
    view! {
        <Field form path="slm.min_cached_input_tokens" table="min_cached" model_path="slm.model" hint="0" />
        <Field form path="slm.cache_write_usd_per_mtok" table="cache_write" model_path="slm.model" />
        <Field form path="slm.batch_input_usd_per_mtok" table="batch_input" model_path="slm.model" />
        <Field form path="slm.batch_output_usd_per_mtok" table="batch_output" model_path="slm.model" />
        <Field form path="slm.token_ratio" hint="1" />
        <Field form path="slm.price_change_annual" hint="0" />
    }
}
