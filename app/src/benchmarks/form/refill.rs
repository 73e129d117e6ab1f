//! The form's text for a request: what a fix of a finished run fills in, so the form shows
//! exactly what is rerun (the inverse of `request`, for everything the form holds).

use ::api::bench::{BenchRequest, Slo, WeightsSource};

use super::{
    CONCURRENCY, DEVICE, DTYPE, ENDPOINT, ENDPOINT_API, ENDPOINT_GPU, ENDPOINT_MODEL, ENDPOINT_URL,
    GEN_TOKENS, MODEL, PROMPT_TOKENS, REPETITIONS, SLO_TPOT, SLO_TTFT, SYNTHETIC, THREADS, WEIGHTS,
};

/// Every field of the form for `request` with `slo` in place of its own (None: the SLO
/// fields emptied, which the form reads as "no SLO").
pub fn fields_of(request: &BenchRequest, slo: Option<Slo>) -> Vec<(&'static str, String)> {
    let mut fields = vec![
        (MODEL, request.model.clone().unwrap_or_default()),
        (
            DTYPE,
            request.dtype.map(|d| d.to_string()).unwrap_or_default(),
        ),
        (
            CONCURRENCY,
            request
                .concurrency
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(","),
        ),
        (PROMPT_TOKENS, request.prompt_tokens.to_string()),
        (GEN_TOKENS, request.gen_tokens.to_string()),
        (REPETITIONS, request.repetitions.to_string()),
        (
            SLO_TTFT,
            slo.map(|s| s.ttft_ms.to_string()).unwrap_or_default(),
        ),
        (
            SLO_TPOT,
            slo.map(|s| s.tpot_ms.to_string()).unwrap_or_default(),
        ),
    ];
    match &request.endpoint {
        Some(e) => fields.extend([
            (DEVICE, ENDPOINT.to_string()),
            (ENDPOINT_URL, e.url.clone()),
            (ENDPOINT_MODEL, e.model.clone()),
            (ENDPOINT_API, e.api.as_str().to_string()),
            (ENDPOINT_GPU, e.gpu.clone().unwrap_or_default()),
        ]),
        None => fields.extend([
            (DEVICE, request.device.to_string()),
            (
                WEIGHTS,
                match &request.weights {
                    WeightsSource::Synthetic => SYNTHETIC.to_string(),
                    WeightsSource::Path { path } => path.clone(),
                },
            ),
            (
                THREADS,
                request.threads.map(|t| t.to_string()).unwrap_or_default(),
            ),
        ]),
    }
    fields
}
