//! The form's request for an endpoint benchmark: the server measures an OpenAI-compatible
//! endpoint at one of the hosts its operator allowed (the catalog's `endpoint_hosts`), so
//! weights, device and threads do not apply; the model is the catalog architecture it
//! serves (optional), the number format the one it is said to serve (optional).

use ::api::bench::{BenchRequest, Device, EndpointApi, EndpointTarget, WeightsSource};

use super::{
    concurrency_list, dtype, slo, text, whole, Fields, Problem, CONCURRENCY, ENDPOINT_API,
    ENDPOINT_GPU, ENDPOINT_MODEL, ENDPOINT_URL, GEN_TOKENS, MODEL, PROMPT_TOKENS, REPETITIONS,
};

/// The endpoint request the form asks for, or every problem with its field.
pub fn request(fields: &Fields) -> Result<BenchRequest, Vec<Problem>> {
    let mut problems = Vec::new();
    let required = |key: &'static str, problems: &mut Vec<Problem>| {
        let value = text(fields, key).to_string();
        if value.is_empty() {
            problems.push(Problem::new(key, "is required"));
        }
        value
    };
    let url = required(ENDPOINT_URL, &mut problems);
    let served = required(ENDPOINT_MODEL, &mut problems);
    let api = match text(fields, ENDPOINT_API) {
        "" => EndpointApi::Chat,
        raw => EndpointApi::parse(raw).unwrap_or_else(|| {
            problems.push(Problem::new(
                ENDPOINT_API,
                format!("is chat or completions (got \"{raw}\")"),
            ));
            EndpointApi::Chat
        }),
    };
    let gpu = Some(text(fields, ENDPOINT_GPU).to_string()).filter(|g| !g.is_empty());
    let model = Some(text(fields, MODEL).to_string()).filter(|m| !m.is_empty());
    let dtype = dtype(fields, &mut problems);
    let concurrency = concurrency_list(text(fields, CONCURRENCY)).unwrap_or_else(|message| {
        problems.push(Problem::new(CONCURRENCY, message));
        Vec::new()
    });
    let prompt_tokens = whole(fields, PROMPT_TOKENS, 1, &mut problems);
    let gen_tokens = whole(fields, GEN_TOKENS, 1, &mut problems);
    let repetitions = whole(fields, REPETITIONS, 1, &mut problems);
    let slo = slo(fields, &mut problems);
    let (Some(prompt_tokens), Some(gen_tokens), Some(repetitions), true) =
        (prompt_tokens, gen_tokens, repetitions, problems.is_empty())
    else {
        return Err(problems);
    };
    Ok(BenchRequest {
        model,
        weights: WeightsSource::Synthetic,
        dtype,
        // The client's side: nothing runs on the server's devices.
        device: Device::Cpu,
        concurrency,
        prompt_tokens,
        gen_tokens,
        repetitions,
        slo,
        threads: None,
        seed: 0,
        max_memory_bytes: None,
        endpoint: Some(EndpointTarget {
            url,
            model: served,
            api,
            gpu,
        }),
    })
}
