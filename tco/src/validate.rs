//! `ScenarioInput` → `Scenario`: defaults, price resolution and range checks, reporting
//! every problem at once, each with its field path.

use std::collections::BTreeMap;

use pricing::{ApiPrices, PriceTable};
use profiles::Workload;

use crate::fields::{numeric_field, Domain};
use crate::input::{ApiInput, Scaling, ScenarioInput, Serving, SlmInput};
use crate::scenario::{
    Finance, Fleet, GpuBasis, PriceSource, PricedApi, Routing, RoutingMode, Scenario, Slm,
    SlmServing, Uncertainty,
};
use crate::week::{Traffic, HOURS_PER_WEEK};
use crate::{gpu_price, throughput_source, FieldError};

/// Largest volume accepted: far above any real deployment, small enough that every
/// derived figure stays finite.
const MAX_REQUESTS_PER_MONTH: f64 = 1e15;
const MAX_TOKENS_PER_REQUEST: f64 = 1e8;
/// Longest ROI horizon accepted (`finance.horizon_months`): ten years, which also bounds
/// the length of the monthly cash-flow table.
pub const MAX_HORIZON_MONTHS: f64 = 120.0;
/// Most Monte Carlo draws accepted (`uncertainty.draws`): bounds the work one request, or
/// one keystroke in the browser, can ask of the engine.
pub const MAX_DRAWS: f64 = 200_000.0;
/// Draws when `uncertainty.draws` is not given.
pub const DEFAULT_DRAWS: u32 = 10_000;
/// Seed when `uncertainty.seed` is not given, so an unseeded scenario still gives the same
/// answer everywhere.
pub const DEFAULT_SEED: u64 = 1;
/// Longest `name` and `slm.throughput_source`, in characters.
const MAX_LABEL_CHARS: usize = 200;
/// Why a text holding U+0000 is refused (`name`, `workload.source`; profile and sample
/// names say the same).
pub const NUL_REASON: &str = "must not contain the NUL character (U+0000)";
/// Longest `workload.source`, in characters: a file name, a count and two dates.
pub const MAX_SOURCE_CHARS: usize = 300;

/// A range bound as people read it: 1e15 rather than 1000000000000000.
fn bound(x: f64) -> String {
    if x.abs() >= 1e6 {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// Collects problems instead of stopping at the first.
#[derive(Default)]
pub(crate) struct Checker {
    pub(crate) errors: Vec<FieldError>,
}

/// A range rule for one number.
#[derive(Clone, Copy)]
pub(crate) enum Rule {
    Between(f64, f64),
    /// lo < v <= hi
    AboveUpTo(f64, f64),
    WholeBetween(f64, f64),
}

impl Checker {
    pub(crate) fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    /// Checks a present value; returns it when valid.
    pub(crate) fn check(&mut self, field: &str, v: f64, rule: Rule) -> Option<f64> {
        if !v.is_finite() {
            self.fail(field, format!("must be a finite number (got {v})"));
            return None;
        }
        let problem = match rule {
            Rule::Between(lo, hi) if !(lo..=hi).contains(&v) => Some(format!(
                "must be between {} and {} (got {v})",
                bound(lo),
                bound(hi)
            )),
            Rule::AboveUpTo(lo, hi) if !(v > lo && v <= hi) => Some(format!(
                "must be > {} and <= {} (got {v})",
                bound(lo),
                bound(hi)
            )),
            Rule::WholeBetween(lo, hi) if v.fract() != 0.0 || !(lo..=hi).contains(&v) => {
                Some(format!(
                    "must be a whole number from {} to {} (got {v})",
                    bound(lo),
                    bound(hi)
                ))
            }
            _ => None,
        };
        match problem {
            Some(p) => {
                self.fail(field, p);
                None
            }
            None => Some(v),
        }
    }

    pub(crate) fn required(&mut self, field: &str, v: Option<f64>, rule: Rule) -> f64 {
        match v {
            Some(v) => self.check(field, v, rule).unwrap_or(f64::NAN),
            None => {
                self.fail(field, "is required");
                f64::NAN
            }
        }
    }

    pub(crate) fn optional(
        &mut self,
        field: &str,
        v: Option<f64>,
        default: f64,
        rule: Rule,
    ) -> f64 {
        match v {
            Some(v) => self.check(field, v, rule).unwrap_or(f64::NAN),
            None => default,
        }
    }

    pub(crate) fn absent(&mut self, field: &str, present: bool, why: &str) {
        if present {
            self.fail(field, format!("is not used {why}"));
        }
    }
}

/// Validates and resolves a scenario against a price table.
pub fn validate(input: &ScenarioInput, table: &PriceTable) -> Result<Scenario, Vec<FieldError>> {
    let mut c = Checker::default();

    let name = match &input.name {
        Some(n) if n.trim().is_empty() => {
            c.fail("name", "must not be empty");
            String::new()
        }
        Some(n) if n.chars().count() > MAX_LABEL_CHARS => {
            c.fail(
                "name",
                format!("must be at most {MAX_LABEL_CHARS} characters"),
            );
            String::new()
        }
        // Never typed on purpose, and no PostgreSQL text can hold it.
        Some(n) if n.contains('\0') => {
            c.fail("name", NUL_REASON);
            String::new()
        }
        Some(n) => n.clone(),
        None => {
            c.fail("name", "is required");
            String::new()
        }
    };

    let (workload, shapes) = workload(&mut c, input);
    let workload_source = workload_source(&mut c, input);
    let llm = match &input.llm {
        Some(api) => priced_api(&mut c, "llm", api, table),
        None => {
            c.fail("llm", "is required (give llm.model or at least one price)");
            None
        }
    };
    let slm = slm(
        &mut c,
        input.slm.as_ref(),
        table,
        shapes.load_shape.is_some(),
    );
    let routing = routing(&mut c, input);
    let finance = finance(&mut c, input);
    let uncertainty = uncertainty(&mut c, input);

    if !c.errors.is_empty() {
        return Err(c.errors);
    }
    let (Some(llm), Some(slm)) = (llm, slm) else {
        // Unreachable in practice: a None above always recorded an error.
        return Err(vec![FieldError::new("", "scenario is incomplete")]);
    };
    let mut scenario = Scenario {
        name,
        workload,
        load_shape: shapes.load_shape,
        weekly_shape: shapes.weekly_shape,
        latency_slo: shapes.latency_slo,
        workload_source,
        llm,
        slm,
        routing,
        finance,
        uncertainty,
    };
    throughput_source::settle(&mut c, &mut scenario);
    if !c.errors.is_empty() {
        return Err(c.errors);
    }
    check_uncertainty_paths(&scenario).map(|()| scenario)
}

/// `workload.source`: not blank, at most [`MAX_SOURCE_CHARS`] characters, trimmed.
fn workload_source(c: &mut Checker, input: &ScenarioInput) -> Option<String> {
    let source = input.workload.as_ref()?.source.as_ref()?;
    let path = "workload.source";
    // The length of what is kept: the trimmed text.
    let source = source.trim();
    let chars = source.chars().count();
    if source.is_empty() {
        c.fail(path, "must not be blank (leave it out instead)");
        None
    } else if chars > MAX_SOURCE_CHARS {
        c.fail(
            path,
            format!("must be at most {MAX_SOURCE_CHARS} characters (got {chars})"),
        );
        None
    } else if source.contains('\0') {
        c.fail(path, NUL_REASON);
        None
    } else {
        Some(source.to_string())
    }
}

/// The validated load shape (24 or 168 weights), day weights, and latency targets.
struct Shapes {
    load_shape: Option<Vec<f64>>,
    weekly_shape: Option<[f64; 7]>,
    latency_slo: Option<profiles::LatencySlo>,
}

fn workload(c: &mut Checker, input: &ScenarioInput) -> (Workload, Shapes) {
    let empty = Default::default();
    let w = input.workload.as_ref().unwrap_or_else(|| {
        c.fail("workload", "is required");
        &empty
    });
    let share = Rule::Between(0.0, 1.0);
    let mut workload = Workload {
        requests_per_month: c.required(
            "workload.requests_per_month",
            w.requests_per_month,
            Rule::Between(0.0, MAX_REQUESTS_PER_MONTH),
        ),
        input_tokens: c.required(
            "workload.input_tokens",
            w.input_tokens,
            Rule::Between(0.0, MAX_TOKENS_PER_REQUEST),
        ),
        output_tokens: c.required(
            "workload.output_tokens",
            w.output_tokens,
            Rule::Between(0.0, MAX_TOKENS_PER_REQUEST),
        ),
        cached_input_share: c.optional(
            "workload.cached_input_share",
            w.cached_input_share,
            0.0,
            share,
        ),
        peak_to_average: c.optional(
            "workload.peak_to_average",
            w.peak_to_average,
            1.0,
            Rule::Between(1.0, 1e6),
        ),
        monthly_growth: c.optional(
            "workload.monthly_growth",
            w.monthly_growth,
            0.0,
            Rule::AboveUpTo(-1.0, 1.0),
        ),
        batch_share: c.optional("workload.batch_share", w.batch_share, 0.0, share),
        cache_write_share: c.optional(
            "workload.cache_write_share",
            w.cache_write_share,
            0.0,
            share,
        ),
    };
    if workload.cached_input_share + workload.cache_write_share > 1.0 + 1e-12 {
        c.fail(
            "workload.cache_write_share",
            format!(
                "plus workload.cached_input_share must not exceed 1 (got {} + {})",
                workload.cache_write_share, workload.cached_input_share
            ),
        );
    }
    let shape = w
        .load_shape
        .as_deref()
        .and_then(|raw| weights(c, "workload.load_shape", raw, &[24, HOURS_PER_WEEK]));
    let weekly = w
        .weekly_shape
        .as_deref()
        .and_then(|raw| weights(c, "workload.weekly_shape", raw, &[7]))
        .and_then(|days| <[f64; 7]>::try_from(days.as_slice()).ok());
    if w.weekly_shape.is_some() && shape.as_ref().is_none_or(|s| s.len() != 24) {
        c.fail(
            "workload.weekly_shape",
            "needs a 24-value workload.load_shape (a 168-value shape already covers the week)",
        );
    }
    if let Some(shape) = &shape {
        let derived = derived_peak_to_average(shape, weekly.as_ref());
        match w.peak_to_average {
            None => workload.peak_to_average = derived,
            Some(given) if (given - derived).abs() > 1e-6 * derived => c.fail(
                "workload.peak_to_average",
                format!("disagrees with workload.load_shape, whose max/mean is {derived}: give one of them"),
            ),
            Some(_) => {}
        }
    }
    let slo = w.latency_slo.as_ref().map(|slo| profiles::LatencySlo {
        ttft_ms: c.required(
            "workload.latency_slo.ttft_ms",
            slo.ttft_ms,
            Rule::AboveUpTo(0.0, 1e6),
        ),
        tpot_ms: c.required(
            "workload.latency_slo.tpot_ms",
            slo.tpot_ms,
            Rule::AboveUpTo(0.0, 1e6),
        ),
    });
    (
        workload,
        Shapes {
            load_shape: shape,
            weekly_shape: weekly,
            latency_slo: slo,
        },
    )
}

/// The busiest slot's weight over the mean slot's: v1's max/mean of a 24-hour shape, or
/// over the week's 168 slots.
fn derived_peak_to_average(shape: &[f64], weekly: Option<&[f64; 7]>) -> f64 {
    match (<&[f64; 24]>::try_from(shape), weekly) {
        (Ok(day), None) => profiles::peak_to_average(day),
        _ => Traffic::week(shape, weekly, 0.0).peak_to_average(),
    }
}

/// Relative weights: one of the allowed counts, each finite and >= 0, at least one > 0.
fn weights(c: &mut Checker, field: &str, raw: &[f64], counts: &[usize]) -> Option<Vec<f64>> {
    if !counts.contains(&raw.len()) {
        let allowed = counts
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(" or ");
        c.fail(
            field,
            format!("must have {allowed} values (got {})", raw.len()),
        );
        return None;
    }
    let mut ok = true;
    for (i, v) in raw.iter().enumerate() {
        ok &= c
            .check(&format!("{field}[{i}]"), *v, Rule::Between(0.0, 1e12))
            .is_some();
    }
    if ok && raw.iter().all(|v| *v == 0.0) {
        c.fail(field, "must have at least one value above 0 (all are 0)");
        ok = false;
    }
    ok.then(|| raw.to_vec())
}

/// Resolves API prices: the table's row for `model`, then explicit prices on top.
fn priced_api(
    c: &mut Checker,
    section: &str,
    api: &ApiInput,
    table: &PriceTable,
) -> Option<PricedApi> {
    let price = Rule::Between(0.0, 1e6);
    let explicit = [
        ("input_usd_per_mtok", api.input_usd_per_mtok),
        ("output_usd_per_mtok", api.output_usd_per_mtok),
        ("cached_input_usd_per_mtok", api.cached_input_usd_per_mtok),
        ("usd_per_request", api.usd_per_request),
        ("batch_input_usd_per_mtok", api.batch_input_usd_per_mtok),
        ("batch_output_usd_per_mtok", api.batch_output_usd_per_mtok),
        ("cache_write_usd_per_mtok", api.cache_write_usd_per_mtok),
    ];
    let mut ok = true;
    for (key, v) in explicit {
        if let Some(v) = v {
            ok &= c.check(&format!("{section}.{key}"), v, price).is_some();
        }
    }
    let reasoning_tokens = c.optional(
        &format!("{section}.reasoning_tokens"),
        api.reasoning_tokens,
        0.0,
        Rule::Between(0.0, MAX_TOKENS_PER_REQUEST),
    );
    let price_change_annual = c.optional(
        &format!("{section}.price_change_annual"),
        api.price_change_annual,
        0.0,
        Rule::AboveUpTo(-1.0, 10.0),
    );
    let typed_minimum = api.min_cached_input_tokens.and_then(|v| {
        c.check(
            &format!("{section}.min_cached_input_tokens"),
            v,
            Rule::WholeBetween(0.0, MAX_TOKENS_PER_REQUEST),
        )
    });
    ok &= api.min_cached_input_tokens.is_none() || typed_minimum.is_some();
    let (row, source) = match &api.model {
        Some(model) => match table.get(model) {
            Ok(row) => (
                Some(row),
                PriceSource {
                    model: Some(model.clone()),
                    table: Some(table.source.label()),
                    overridden: Vec::new(),
                    flags: row.flags.clone(),
                },
            ),
            Err(e) => {
                c.fail(&format!("{section}.model"), e.to_string());
                return None;
            }
        },
        None => {
            if explicit[..4].iter().all(|(_, v)| v.is_none()) {
                c.fail(
                    section,
                    "must give a model from the price table or at least one price",
                );
                return None;
            }
            (
                None,
                PriceSource {
                    model: None,
                    table: None,
                    overridden: Vec::new(),
                    flags: Vec::new(),
                },
            )
        }
    };
    if !ok {
        return None;
    }
    let from_table = row.map_or(
        ApiPrices {
            input_usd_per_mtok: 0.0,
            output_usd_per_mtok: 0.0,
            cached_input_usd_per_mtok: 0.0,
            usd_per_request: 0.0,
        },
        |r| r.prices,
    );
    let input = api
        .input_usd_per_mtok
        .unwrap_or(from_table.input_usd_per_mtok);
    let output = api
        .output_usd_per_mtok
        .unwrap_or(from_table.output_usd_per_mtok);
    let prices = ApiPrices {
        input_usd_per_mtok: input,
        output_usd_per_mtok: output,
        // Without a table row, an unlisted cached price is the input price (no discount).
        cached_input_usd_per_mtok: api.cached_input_usd_per_mtok.unwrap_or(if row.is_some() {
            from_table.cached_input_usd_per_mtok
        } else {
            input
        }),
        usd_per_request: api.usd_per_request.unwrap_or(from_table.usd_per_request),
    };
    let batch_input = api
        .batch_input_usd_per_mtok
        .or(row.and_then(|r| r.batch_input_usd_per_mtok));
    let batch_output = api
        .batch_output_usd_per_mtok
        .or(row.and_then(|r| r.batch_output_usd_per_mtok));
    let overridden = if row.is_some() {
        explicit
            .iter()
            .filter(|(_, v)| v.is_some())
            .map(|(k, _)| format!("{section}.{k}"))
            .collect()
    } else {
        Vec::new()
    };
    let min_cached_input_tokens = typed_minimum
        .or_else(|| row.and_then(pricing::caching::min_cached_input_tokens))
        .unwrap_or(0.0);
    Some(PricedApi {
        prices,
        batch_input_usd_per_mtok: batch_input.unwrap_or(input),
        batch_output_usd_per_mtok: batch_output.unwrap_or(output),
        batch_prices_listed: batch_input.is_some() && batch_output.is_some(),
        cache_write_usd_per_mtok: api
            .cache_write_usd_per_mtok
            .or(row.and_then(|r| r.cache_write_usd_per_mtok))
            .unwrap_or(input),
        min_cached_input_tokens,
        reasoning_tokens,
        price_change_annual,
        source: PriceSource {
            overridden,
            ..source
        },
    })
}

fn slm(c: &mut Checker, slm: Option<&SlmInput>, table: &PriceTable, shaped: bool) -> Option<Slm> {
    let Some(slm) = slm else {
        c.fail("slm", "is required");
        return None;
    };
    let one_time_usd = c.optional(
        "slm.one_time_usd",
        slm.one_time_usd,
        0.0,
        Rule::Between(0.0, 1e12),
    );
    let token_ratio = c.optional(
        "slm.token_ratio",
        slm.token_ratio,
        1.0,
        Rule::Between(0.1, 10.0),
    );
    let mut gpu = None;
    let mut throughput = None;
    let mut model = None;
    let serving = match slm.serving {
        None => {
            c.fail("slm.serving", "is required: \"self_hosted\" or \"api\"");
            return None;
        }
        Some(Serving::Api) => {
            let why = "when slm.serving is \"api\"";
            for (key, present) in self_hosted_keys(slm) {
                c.absent(&format!("slm.{key}"), present, why);
            }
            SlmServing::Api(priced_api(c, "slm", &slm.api_part(), table)?)
        }
        Some(Serving::SelfHosted) => {
            let why = "when slm.serving is \"self_hosted\" (API prices belong to serving \"api\")";
            let api = slm.api_part();
            for (key, present) in [
                ("input_usd_per_mtok", api.input_usd_per_mtok.is_some()),
                ("output_usd_per_mtok", api.output_usd_per_mtok.is_some()),
                (
                    "cached_input_usd_per_mtok",
                    api.cached_input_usd_per_mtok.is_some(),
                ),
                ("usd_per_request", api.usd_per_request.is_some()),
                (
                    "batch_input_usd_per_mtok",
                    api.batch_input_usd_per_mtok.is_some(),
                ),
                (
                    "batch_output_usd_per_mtok",
                    api.batch_output_usd_per_mtok.is_some(),
                ),
                (
                    "cache_write_usd_per_mtok",
                    api.cache_write_usd_per_mtok.is_some(),
                ),
                (
                    "min_cached_input_tokens",
                    api.min_cached_input_tokens.is_some(),
                ),
            ] {
                c.absent(&format!("slm.{key}"), present, why);
            }
            let (fleet, basis) = fleet(c, slm, shaped);
            gpu = Some(basis);
            model = throughput_source::model(c, slm);
            throughput = Some(throughput_source::throughput(
                c,
                slm,
                fleet.decode_tokens_per_s,
            ));
            SlmServing::SelfHosted(fleet)
        }
    };
    Some(Slm {
        serving,
        one_time_usd,
        token_ratio,
        gpu,
        throughput,
        model,
    })
}

/// The keys only a self-hosted fleet uses, and whether each is present.
fn self_hosted_keys(slm: &SlmInput) -> [(&'static str, bool); 26] {
    [
        ("model_format", slm.model_format.is_some()),
        ("throughput", slm.throughput.is_some()),
        ("gpu_usd_per_hour", slm.gpu_usd_per_hour.is_some()),
        ("gpu", slm.gpu.is_some()),
        ("gpu_price", slm.gpu_price.is_some()),
        ("gpu_discount", slm.gpu_discount.is_some()),
        ("owned", slm.owned.is_some()),
        ("gpus_per_replica", slm.gpus_per_replica.is_some()),
        ("gpus_per_instance", slm.gpus_per_instance.is_some()),
        ("prefill_tokens_per_s", slm.prefill_tokens_per_s.is_some()),
        ("decode_tokens_per_s", slm.decode_tokens_per_s.is_some()),
        ("target_utilization", slm.target_utilization.is_some()),
        ("min_replicas", slm.min_replicas.is_some()),
        ("spare_replicas", slm.spare_replicas.is_some()),
        ("scaling", slm.scaling.is_some()),
        ("hours_per_month", slm.hours_per_month.is_some()),
        ("fixed_usd_per_month", slm.fixed_usd_per_month.is_some()),
        ("throughput_source", slm.throughput_source.is_some()),
        ("prefix_caching", slm.prefix_caching.is_some()),
        ("spot_share", slm.spot_share.is_some()),
        ("spot_usd_per_hour", slm.spot_usd_per_hour.is_some()),
        ("spot_overhead", slm.spot_overhead.is_some()),
        ("reserved_instances", slm.reserved_instances.is_some()),
        ("cold_start_s", slm.cold_start_s.is_some()),
        ("ops_fte", slm.ops_fte.is_some()),
        ("fte_usd_per_year", slm.fte_usd_per_year.is_some()),
    ]
}

/// A self-hosted fleet: GPUs, replicas, scaling, throughput and people. `shaped`: the
/// workload has a load shape (the week then decides the hours; hourly scaling needs it).
fn fleet(c: &mut Checker, slm: &SlmInput, shaped: bool) -> (Fleet, GpuBasis) {
    if shaped {
        c.absent(
            "slm.hours_per_month",
            slm.hours_per_month.is_some(),
            "with workload.load_shape (the shape says when traffic comes; the fleet exists all 730 hours)",
        );
    }
    let hours_per_month = if shaped {
        crate::week::HOURS_PER_MONTH
    } else {
        c.optional(
            "slm.hours_per_month",
            slm.hours_per_month,
            crate::week::HOURS_PER_MONTH,
            Rule::AboveUpTo(0.0, 744.0),
        )
    };
    let scaling = slm.scaling.unwrap_or_default();
    if scaling == Scaling::Hourly && !shaped {
        c.fail(
            "slm.scaling",
            "\"hourly\" needs workload.load_shape (hour-by-hour traffic to scale to)",
        );
    }
    let min_replicas = match (slm.min_replicas, scaling) {
        (Some(0.0), Scaling::AlwaysOn) => {
            c.fail(
                "slm.min_replicas",
                "must be at least 1 with always-on scaling (0, scale to zero, needs slm.scaling \"hourly\")",
            );
            f64::NAN
        }
        (v, _) => c.optional("slm.min_replicas", v, 1.0, Rule::WholeBetween(0.0, 1e6)),
    };
    let resolved = gpu_price::resolve(c, slm, hours_per_month);
    let gpus_per_replica = c.optional(
        "slm.gpus_per_replica",
        slm.gpus_per_replica,
        1.0,
        Rule::WholeBetween(1.0, 1024.0),
    );
    let g = resolved.gpus_per_instance;
    if gpus_per_replica > g && gpus_per_replica % g != 0.0 {
        c.fail(
            "slm.gpus_per_replica",
            format!(
                "must be a multiple of the instance's {g} GPUs when a replica spans instances (got {gpus_per_replica})"
            ),
        );
    }
    let fleet = Fleet {
        gpu: resolved.gpu,
        gpus_per_replica,
        gpus_per_instance: g,
        prefill_tokens_per_s: c.required(
            "slm.prefill_tokens_per_s",
            slm.prefill_tokens_per_s,
            Rule::AboveUpTo(0.0, 1e12),
        ),
        decode_tokens_per_s: c.required(
            "slm.decode_tokens_per_s",
            slm.decode_tokens_per_s,
            Rule::AboveUpTo(0.0, 1e12),
        ),
        throughput_scale: 1.0,
        prefix_caching: slm.prefix_caching.unwrap_or(true),
        target_utilization: c.optional(
            "slm.target_utilization",
            slm.target_utilization,
            0.7,
            Rule::AboveUpTo(0.0, 1.0),
        ),
        min_replicas,
        spare_replicas: c.optional(
            "slm.spare_replicas",
            slm.spare_replicas,
            0.0,
            Rule::WholeBetween(0.0, 1e6),
        ),
        scaling,
        hours_per_month,
        ops_fte: c.optional("slm.ops_fte", slm.ops_fte, 0.0, Rule::Between(0.0, 1e4)),
        fte_usd_per_year: c.optional(
            "slm.fte_usd_per_year",
            slm.fte_usd_per_year,
            0.0,
            Rule::Between(0.0, 1e8),
        ),
        fixed_usd_per_month: c.optional(
            "slm.fixed_usd_per_month",
            slm.fixed_usd_per_month,
            0.0,
            Rule::Between(0.0, 1e12),
        ),
        price_change_annual: c.optional(
            "slm.price_change_annual",
            slm.price_change_annual,
            0.0,
            Rule::AboveUpTo(-1.0, 10.0),
        ),
    };
    (fleet, resolved.basis)
}

fn routing(c: &mut Checker, input: &ScenarioInput) -> Routing {
    let r = input.routing.clone().unwrap_or_default();
    // A measured curve is a cascade's: the mode defaults to cascade with one, and a router
    // is refused below.
    let default_mode = if r.measured.is_some() {
        RoutingMode::Cascade
    } else {
        RoutingMode::Router
    };
    let mode = r.mode.unwrap_or(default_mode);
    if mode == RoutingMode::Cascade && r.slm_share.is_some() {
        c.fail(
            "routing.slm_share",
            "is not used when routing.mode is \"cascade\" (every request goes to the SLM first)",
        );
    }
    let share = Rule::Between(0.0, 1.0);
    let mut routing = Routing {
        mode,
        slm_share: c.optional("routing.slm_share", r.slm_share, 0.8, share),
        escalation_rate: c.optional("routing.escalation_rate", r.escalation_rate, 0.0, share),
        router_usd_per_request: c.optional(
            "routing.router_usd_per_request",
            r.router_usd_per_request,
            0.0,
            Rule::Between(0.0, 1e6),
        ),
        slm_quality: r
            .slm_quality
            .and_then(|v| c.check("routing.slm_quality", v, share)),
        llm_quality: r
            .llm_quality
            .and_then(|v| c.check("routing.llm_quality", v, share)),
        min_quality: r
            .min_quality
            .and_then(|v| c.check("routing.min_quality", v, share)),
        measured: None,
    };
    if let Some(m) = &r.measured {
        if mode != RoutingMode::Cascade {
            c.fail(
                "routing.mode",
                "must be \"cascade\" with routing.measured (the measured curve is a cascade's: every request tries the SLM first)",
            );
        }
        routing.measured = crate::measured::validate(c, m);
        if let Some(measured) = &routing.measured {
            routing.slm_quality = crate::measured::end_quality(routing.slm_quality, measured, 0);
            routing.llm_quality = crate::measured::end_quality(
                routing.llm_quality,
                measured,
                measured.points.len() - 1,
            );
        }
    } else if r.min_quality.is_some() && (r.slm_quality.is_none() || r.llm_quality.is_none()) {
        c.fail(
            "routing.min_quality",
            "needs routing.slm_quality and routing.llm_quality (or routing.measured)",
        );
    }
    routing
}

fn finance(c: &mut Checker, input: &ScenarioInput) -> Finance {
    let f = input.finance.clone().unwrap_or_default();
    let horizon = c.optional(
        "finance.horizon_months",
        f.horizon_months,
        36.0,
        Rule::WholeBetween(1.0, MAX_HORIZON_MONTHS),
    );
    Finance {
        horizon_months: if horizon.is_finite() {
            horizon as u32
        } else {
            0
        },
        discount_rate_annual: c.optional(
            "finance.discount_rate_annual",
            f.discount_rate_annual,
            0.10,
            Rule::Between(0.0, 10.0),
        ),
    }
}

fn uncertainty(c: &mut Checker, input: &ScenarioInput) -> Option<Uncertainty> {
    let u = input.uncertainty.as_ref()?;
    let draws = c.optional(
        "uncertainty.draws",
        u.draws,
        DEFAULT_DRAWS as f64,
        Rule::WholeBetween(1.0, MAX_DRAWS),
    );
    let mut inputs = BTreeMap::new();
    for (path, range) in &u.inputs {
        let field = format!("uncertainty.inputs.{path}");
        let Some(spec) = numeric_field(path) else {
            c.fail(&field, "is not a numeric input that can be uncertain");
            continue;
        };
        let (p10, p90) = (range.p10, range.p90);
        if !p10.is_finite() || !p90.is_finite() {
            c.fail(&field, "p10 and p90 must be finite numbers");
            continue;
        }
        if p10 > p90 {
            c.fail(&field, format!("p10 ({p10}) must not exceed p90 ({p90})"));
            continue;
        }
        let problem = match spec.domain {
            Domain::NonNegative | Domain::Positive if p10 <= 0.0 => {
                Some("p10 must be > 0 (drawn from a lognormal)")
            }
            Domain::AtLeastOne if p10 < 1.0 => Some("p10 must be >= 1"),
            Domain::Share | Domain::Utilization if p10 <= 0.0 || p90 >= 1.0 => {
                Some("p10 must be > 0 and p90 < 1 (drawn from a logit-normal bounded to 0..1)")
            }
            Domain::Growth if p10 <= -1.0 || p90 > 1.0 => Some("p10 must be > -1 and p90 <= 1"),
            Domain::Rate if p10 < 0.0 => Some("p10 must be >= 0"),
            _ => None,
        };
        match problem {
            Some(p) => c.fail(&field, p),
            None => {
                inputs.insert(path.clone(), *range);
            }
        }
    }
    Some(Uncertainty {
        draws: if draws.is_finite() { draws as u32 } else { 0 },
        seed: u.seed.unwrap_or(DEFAULT_SEED),
        inputs,
    })
}

/// An uncertain input must apply to this scenario (a GPU price means nothing for an SLM API).
fn check_uncertainty_paths(s: &Scenario) -> Result<(), Vec<FieldError>> {
    let Some(u) = &s.uncertainty else {
        return Ok(());
    };
    let errors: Vec<FieldError> = u
        .inputs
        .keys()
        .filter(|path| numeric_field(path).is_some_and(|f| (f.get)(s).is_none()))
        .map(|path| {
            FieldError::new(
                format!("uncertainty.inputs.{path}"),
                "does not apply to this scenario",
            )
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
