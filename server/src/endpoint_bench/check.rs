//! The checks an endpoint request passes before anything is sent: the server runs them
//! before queueing (with its host allowlist on top), the CLI before it starts.

use api::bench::{BenchRequest, EndpointTarget, WeightsSource};

use super::target::Target;
use super::EndpointError;

/// The longest model or GPU name accepted, characters.
const MAX_NAME_CHARS: usize = 200;

/// The endpoint and its parsed URL when `request` is a valid endpoint benchmark.
pub fn check_request(request: &BenchRequest) -> Result<(&EndpointTarget, Target), EndpointError> {
    let endpoint = request.endpoint.as_ref().ok_or_else(|| {
        EndpointError::invalid("endpoint", "an endpoint benchmark needs an endpoint")
    })?;
    let target = Target::parse(&endpoint.url)?;
    name("endpoint.model", &endpoint.model)?;
    if let Some(gpu) = &endpoint.gpu {
        name("endpoint.gpu", gpu)?;
    }
    if let Some(id) = &request.model {
        if bench::catalog::architecture(id).is_none() {
            return Err(EndpointError::invalid(
                "model",
                format!("unknown catalog id `{id}` (see `breakeven bench --list`): the architecture the endpoint serves, or leave it out"),
            ));
        }
    }
    if request.weights != WeightsSource::Synthetic {
        return Err(EndpointError::invalid(
            "weights",
            "an endpoint benchmark loads no weights here: leave weights at synthetic (the default)",
        ));
    }
    if !request.device.is_cpu() {
        return Err(EndpointError::invalid(
            "device",
            "an endpoint benchmark runs no model here: leave device at cpu (the client's side)",
        ));
    }
    if request.threads.is_some() || request.max_memory_bytes.is_some() {
        let field = if request.threads.is_some() {
            "threads"
        } else {
            "max_memory_bytes"
        };
        return Err(EndpointError::invalid(
            field,
            "does not apply to an endpoint benchmark",
        ));
    }
    let bounded = |field: &'static str, value: usize, min: usize, max: usize| {
        if value < min || value > max {
            Err(EndpointError::invalid(
                field,
                format!("must be between {min} and {max}, got {value}"),
            ))
        } else {
            Ok(())
        }
    };
    bounded(
        "prompt_tokens",
        request.prompt_tokens,
        1,
        bench::MAX_PROMPT_TOKENS,
    )?;
    // TPOT needs two tokens: the first ends the TTFT, the rest are timed.
    bounded("gen_tokens", request.gen_tokens, 2, bench::MAX_GEN_TOKENS)?;
    bounded(
        "repetitions",
        request.repetitions,
        5,
        bench::MAX_REPETITIONS,
    )?;
    if request.concurrency.is_empty() {
        return Err(EndpointError::invalid(
            "concurrency",
            "give at least one concurrency",
        ));
    }
    for &c in &request.concurrency {
        bounded("concurrency", c, 1, bench::MAX_CONCURRENCY)?;
    }
    if request.concurrency.windows(2).any(|w| w[0] >= w[1]) {
        return Err(EndpointError::invalid(
            "concurrency",
            "must be strictly ascending",
        ));
    }
    if let Some(slo) = &request.slo {
        for (field, v) in [("slo.ttft_ms", slo.ttft_ms), ("slo.tpot_ms", slo.tpot_ms)] {
            if !(v.is_finite() && v > 0.0) {
                return Err(EndpointError::invalid(
                    field,
                    format!("must be a positive number of milliseconds, got {v}"),
                ));
            }
        }
    }
    Ok((endpoint, target))
}

fn name(field: &'static str, text: &str) -> Result<(), EndpointError> {
    if text.trim().is_empty() || text.chars().count() > MAX_NAME_CHARS {
        return Err(EndpointError::invalid(
            field,
            format!("must be 1 to {MAX_NAME_CHARS} characters"),
        ));
    }
    if text.chars().any(char::is_control) {
        return Err(EndpointError::invalid(
            field,
            "must not contain control characters",
        ));
    }
    Ok(())
}
