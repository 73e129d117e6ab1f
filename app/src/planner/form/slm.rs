//! The SLM section and the LLM's prices as the form sends them. Only the fields of the
//! chosen serving mode and GPU price source are sent, as a person switching modes expects;
//! the hidden ones keep their text for switching back.

use tco::input::{
    ApiInput, GpuPriceKind, OwnedInput, ReservedChoice, ReservedInstances, Scaling, Serving,
    SlmInput, ThroughputInput,
};
use tco::FieldError;

use crate::planner::values::{number, text, Values};

/// The form's key for the self-hosted model (`slm.model` when self-hosted): a catalog id,
/// kept apart from the hosted SLM's price-table name under `slm.model`, so that switching
/// the serving mode shows each mode's own model.
pub const SELF_HOSTED_MODEL: &str = "slm.self_hosted_model";

fn optional_text(values: &Values, path: &str) -> Option<String> {
    Some(text(values, path).to_string()).filter(|s| !s.is_empty())
}

/// `x` when the field is sent in the chosen modes, else None.
fn only(keep: bool, x: Option<f64>) -> Option<f64> {
    if keep {
        x
    } else {
        None
    }
}

/// The LLM's model and prices, with its caching, reasoning, trend and batch extras.
pub fn llm(v: &Values, e: &mut Vec<FieldError>) -> ApiInput {
    ApiInput {
        model: optional_text(v, "llm.model"),
        input_usd_per_mtok: number(v, "llm.input_usd_per_mtok", e),
        output_usd_per_mtok: number(v, "llm.output_usd_per_mtok", e),
        cached_input_usd_per_mtok: number(v, "llm.cached_input_usd_per_mtok", e),
        usd_per_request: number(v, "llm.usd_per_request", e),
        batch_input_usd_per_mtok: number(v, "llm.batch_input_usd_per_mtok", e),
        batch_output_usd_per_mtok: number(v, "llm.batch_output_usd_per_mtok", e),
        cache_write_usd_per_mtok: number(v, "llm.cache_write_usd_per_mtok", e),
        min_cached_input_tokens: number(v, "llm.min_cached_input_tokens", e),
        reasoning_tokens: number(v, "llm.reasoning_tokens", e),
        price_change_annual: number(v, "llm.price_change_annual", e),
    }
}

/// Which fields of the SLM section are sent, from the serving mode and the GPU price source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Modes {
    /// A hosted SLM API.
    pub api: bool,
    /// A self-hosted fleet (or no serving chosen yet, where the form shows the fleet).
    pub fleet: bool,
    /// Rented at a price typed in the form.
    pub typed: bool,
    /// Rented at an offer of the GPU table.
    pub table: bool,
    /// Bought GPUs.
    pub owned: bool,
    /// The whole fleet on the offer's spot price (`slm.gpu_price` "spot").
    pub all_spot: bool,
    /// The workload has a load shape: the week says when traffic comes, so the fleet's
    /// hours a month are not typed.
    pub shaped: bool,
}

impl Modes {
    /// The modes the form's text chooses.
    pub fn of(v: &Values) -> Self {
        let api = text(v, "slm.serving") == "api";
        let fleet = !api;
        let source = text(v, "slm.gpu_source");
        let table = fleet && source == "table";
        Self {
            api,
            fleet,
            typed: fleet && source == "typed",
            table,
            owned: fleet && source == "owned",
            all_spot: table && text(v, "slm.gpu_price") == "spot",
            shaped: !text(v, "workload.load_shape").is_empty(),
        }
    }

    /// Rented GPUs, typed or from the table: a reserved base, spot and cold starts apply.
    pub fn rented(&self) -> bool {
        self.typed || self.table
    }
}

/// `slm.reserved_instances`: empty (the engine's default, optimal), "optimal", or a count.
fn reserved(v: &Values, e: &mut Vec<FieldError>) -> Option<ReservedInstances> {
    const PATH: &str = "slm.reserved_instances";
    match text(v, PATH) {
        "" => None,
        word if word.eq_ignore_ascii_case("optimal") => {
            Some(ReservedInstances::Choice(ReservedChoice::Optimal))
        }
        _ => number(v, PATH, e).map(ReservedInstances::Count),
    }
}

/// A checkbox's text: "true", "false", or empty for the engine's default.
fn flag(v: &Values, path: &str) -> Option<bool> {
    match text(v, path) {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// `slm.model_format`: empty for the engine's default (bf16), else a format's spelling.
fn model_format(v: &Values, e: &mut Vec<FieldError>) -> Option<models::WeightDtype> {
    const PATH: &str = "slm.model_format";
    match text(v, PATH) {
        "" => None,
        raw => {
            let format = models::WeightDtype::parse(raw);
            if format.is_none() {
                e.push(FieldError::new(
                    PATH,
                    format!("is not a number format (got \"{raw}\")"),
                ));
            }
            format
        }
    }
}

/// The SLM section as the form's modes send it, with `throughput` (the form holds it whole)
/// as `slm.throughput` of a self-hosted fleet.
pub fn slm(v: &Values, throughput: Option<&ThroughputInput>, e: &mut Vec<FieldError>) -> SlmInput {
    let m = Modes::of(v);
    let serving = match text(v, "slm.serving") {
        "api" => Some(Serving::Api),
        "self_hosted" => Some(Serving::SelfHosted),
        // An empty choice is sent as absent, so a stored scenario without one reopens as it
        // was (the engine then names the missing field).
        _ => None,
    };
    let fleet = |x: Option<f64>| only(m.fleet, x);
    let api = |x: Option<f64>| only(m.api, x);
    let rented = |x: Option<f64>| only(m.rented(), x);
    SlmInput {
        serving,
        model: if m.api {
            optional_text(v, "slm.model")
        } else {
            optional_text(v, SELF_HOSTED_MODEL)
        },
        model_format: if m.fleet { model_format(v, e) } else { None },
        throughput: if m.fleet { throughput.cloned() } else { None },
        input_usd_per_mtok: api(number(v, "slm.input_usd_per_mtok", e)),
        output_usd_per_mtok: api(number(v, "slm.output_usd_per_mtok", e)),
        cached_input_usd_per_mtok: api(number(v, "slm.cached_input_usd_per_mtok", e)),
        usd_per_request: api(number(v, "slm.usd_per_request", e)),
        batch_input_usd_per_mtok: api(number(v, "slm.batch_input_usd_per_mtok", e)),
        batch_output_usd_per_mtok: api(number(v, "slm.batch_output_usd_per_mtok", e)),
        cache_write_usd_per_mtok: api(number(v, "slm.cache_write_usd_per_mtok", e)),
        min_cached_input_tokens: api(number(v, "slm.min_cached_input_tokens", e)),
        gpu_usd_per_hour: only(m.typed, number(v, "slm.gpu_usd_per_hour", e)),
        gpu: if m.table {
            optional_text(v, "slm.gpu")
        } else {
            None
        },
        gpu_price: match (m.table, text(v, "slm.gpu_price")) {
            (true, "spot") => Some(GpuPriceKind::Spot),
            (true, "on_demand") => Some(GpuPriceKind::OnDemand),
            _ => None,
        },
        gpu_discount: rented(number(v, "slm.gpu_discount", e)),
        owned: m.owned.then(|| OwnedInput {
            purchase_usd: number(v, "slm.owned.purchase_usd", e),
            amortisation_months: number(v, "slm.owned.amortisation_months", e),
            power_watts: number(v, "slm.owned.power_watts", e),
            pue: number(v, "slm.owned.pue", e),
            electricity_usd_per_kwh: number(v, "slm.owned.electricity_usd_per_kwh", e),
            idle_power_watts: number(v, "slm.owned.idle_power_watts", e),
            resale_share: number(v, "slm.owned.resale_share", e),
        }),
        gpus_per_replica: fleet(number(v, "slm.gpus_per_replica", e)),
        // A table offer brings its own instance size (shown, not sent).
        gpus_per_instance: only(m.typed || m.owned, number(v, "slm.gpus_per_instance", e)),
        prefill_tokens_per_s: fleet(number(v, "slm.prefill_tokens_per_s", e)),
        decode_tokens_per_s: fleet(number(v, "slm.decode_tokens_per_s", e)),
        target_utilization: fleet(number(v, "slm.target_utilization", e)),
        min_replicas: fleet(number(v, "slm.min_replicas", e)),
        // With a load shape the engine refuses hours a month: the week says when traffic
        // comes and the fleet exists all 730 hours.
        hours_per_month: only(m.fleet && !m.shaped, number(v, "slm.hours_per_month", e)),
        fixed_usd_per_month: fleet(number(v, "slm.fixed_usd_per_month", e)),
        throughput_source: if m.fleet {
            optional_text(v, "slm.throughput_source")
        } else {
            None
        },
        prefix_caching: if m.fleet {
            flag(v, "slm.prefix_caching")
        } else {
            None
        },
        scaling: match (m.fleet, text(v, "slm.scaling")) {
            (true, "always_on") => Some(Scaling::AlwaysOn),
            (true, "hourly") => Some(Scaling::Hourly),
            _ => None,
        },
        spare_replicas: fleet(number(v, "slm.spare_replicas", e)),
        // With the whole fleet on spot there is no burst to split.
        spot_share: only(m.rented() && !m.all_spot, number(v, "slm.spot_share", e)),
        spot_usd_per_hour: only(m.typed, number(v, "slm.spot_usd_per_hour", e)),
        spot_overhead: rented(number(v, "slm.spot_overhead", e)),
        reserved_instances: if m.rented() { reserved(v, e) } else { None },
        cold_start_s: rented(number(v, "slm.cold_start_s", e)),
        ops_fte: fleet(number(v, "slm.ops_fte", e)),
        fte_usd_per_year: fleet(number(v, "slm.fte_usd_per_year", e)),
        token_ratio: number(v, "slm.token_ratio", e),
        // Bought GPUs have no price to change; a rented one or a hosted SLM does.
        price_change_annual: only(m.api || m.rented(), number(v, "slm.price_change_annual", e)),
        one_time_usd: number(v, "slm.one_time_usd", e),
    }
}
