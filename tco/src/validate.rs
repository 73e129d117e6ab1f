//! `ScenarioInput` → `Scenario`: defaults, price resolution and range checks, reporting
//! every problem at once, each with its field path.

use std::collections::BTreeMap;

use pricing::{ApiPrices, PriceTable};
use profiles::Workload;

use crate::fields::{numeric_field, Domain};
use crate::input::{ApiInput, ScenarioInput, Serving, SlmInput};
use crate::scenario::{
    Finance, Fleet, PriceSource, PricedApi, Routing, RoutingMode, Scenario, Slm, SlmServing,
    ThroughputBasis, Uncertainty,
};
use crate::{gpu_price, FieldError};

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
        Some(n) => n.clone(),
        None => {
            c.fail("name", "is required");
            String::new()
        }
    };

    let (workload, (load_shape, latency_slo)) = workload(&mut c, input);
    let llm = match &input.llm {
        Some(api) => priced_api(&mut c, "llm", api, table),
        None => {
            c.fail("llm", "is required (give llm.model or at least one price)");
            None
        }
    };
    let slm = slm(&mut c, input.slm.as_ref(), table);
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
    let scenario = Scenario {
        name,
        workload,
        load_shape,
        latency_slo,
        llm,
        slm,
        routing,
        finance,
        uncertainty,
    };
    check_uncertainty_paths(&scenario).map(|()| scenario)
}

type ShapeAndSlo = (Option<[f64; 24]>, Option<profiles::LatencySlo>);

fn workload(c: &mut Checker, input: &ScenarioInput) -> (Workload, ShapeAndSlo) {
    let empty = Default::default();
    let w = input.workload.as_ref().unwrap_or_else(|| {
        c.fail("workload", "is required");
        &empty
    });
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
            Rule::Between(0.0, 1.0),
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
    };
    let shape = w.load_shape.as_deref().and_then(|raw| load_shape(c, raw));
    if let Some(shape) = &shape {
        let derived = profiles::peak_to_average(shape);
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
    (workload, (shape, slo))
}

/// 24 finite relative rates > 0, one per hour of the day.
fn load_shape(c: &mut Checker, raw: &[f64]) -> Option<[f64; 24]> {
    let Ok(shape) = <[f64; 24]>::try_from(raw) else {
        c.fail(
            "workload.load_shape",
            format!("must have 24 hourly values (got {})", raw.len()),
        );
        return None;
    };
    let mut ok = true;
    for (hour, v) in shape.iter().enumerate() {
        ok &= c
            .check(
                &format!("workload.load_shape[{hour}]"),
                *v,
                Rule::AboveUpTo(0.0, 1e12),
            )
            .is_some();
    }
    ok.then_some(shape)
}

/// Resolves API prices: the table's row for `model`, then explicit prices on top.
fn priced_api(
    c: &mut Checker,
    section: &str,
    api: &ApiInput,
    table: &PriceTable,
) -> Option<PricedApi> {
    let explicit = [
        ("input_usd_per_mtok", api.input_usd_per_mtok),
        ("output_usd_per_mtok", api.output_usd_per_mtok),
        ("cached_input_usd_per_mtok", api.cached_input_usd_per_mtok),
        ("usd_per_request", api.usd_per_request),
    ];
    let mut ok = true;
    for (key, v) in explicit {
        if let Some(v) = v {
            ok &= c
                .check(&format!("{section}.{key}"), v, Rule::Between(0.0, 1e6))
                .is_some();
        }
    }
    let (base, source) = match &api.model {
        Some(model) => match table.get(model) {
            Ok(row) => (
                Some(row.prices),
                PriceSource {
                    model: Some(model.clone()),
                    table: Some(table.source.label()),
                    overridden: Vec::new(),
                },
            ),
            Err(e) => {
                c.fail(&format!("{section}.model"), e.to_string());
                return None;
            }
        },
        None => {
            if explicit.iter().all(|(_, v)| v.is_none()) {
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
                },
            )
        }
    };
    if !ok {
        return None;
    }
    let zero = ApiPrices {
        input_usd_per_mtok: 0.0,
        output_usd_per_mtok: 0.0,
        cached_input_usd_per_mtok: 0.0,
        usd_per_request: 0.0,
    };
    let from_table = base.unwrap_or(zero);
    let input = api
        .input_usd_per_mtok
        .unwrap_or(from_table.input_usd_per_mtok);
    let prices = ApiPrices {
        input_usd_per_mtok: input,
        output_usd_per_mtok: api
            .output_usd_per_mtok
            .unwrap_or(from_table.output_usd_per_mtok),
        // Without a table row, an unlisted cached price is the input price (no discount).
        cached_input_usd_per_mtok: api.cached_input_usd_per_mtok.unwrap_or(if base.is_some() {
            from_table.cached_input_usd_per_mtok
        } else {
            input
        }),
        usd_per_request: api.usd_per_request.unwrap_or(from_table.usd_per_request),
    };
    let overridden = if base.is_some() {
        explicit
            .iter()
            .filter(|(_, v)| v.is_some())
            .map(|(k, _)| format!("{section}.{k}"))
            .collect()
    } else {
        Vec::new()
    };
    Some(PricedApi {
        prices,
        source: PriceSource {
            overridden,
            ..source
        },
    })
}

fn slm(c: &mut Checker, slm: Option<&SlmInput>, table: &PriceTable) -> Option<Slm> {
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
    let mut gpu = None;
    let mut throughput = None;
    let serving = match slm.serving {
        None => {
            c.fail("slm.serving", "is required: \"self_hosted\" or \"api\"");
            return None;
        }
        Some(Serving::Api) => {
            let why = "when slm.serving is \"api\"";
            for (key, present) in [
                ("gpu_usd_per_hour", slm.gpu_usd_per_hour.is_some()),
                ("gpu", slm.gpu.is_some()),
                ("gpu_price", slm.gpu_price.is_some()),
                ("gpu_discount", slm.gpu_discount.is_some()),
                ("owned", slm.owned.is_some()),
                ("gpus_per_replica", slm.gpus_per_replica.is_some()),
                ("prefill_tokens_per_s", slm.prefill_tokens_per_s.is_some()),
                ("decode_tokens_per_s", slm.decode_tokens_per_s.is_some()),
                ("target_utilization", slm.target_utilization.is_some()),
                ("min_replicas", slm.min_replicas.is_some()),
                ("hours_per_month", slm.hours_per_month.is_some()),
                ("fixed_usd_per_month", slm.fixed_usd_per_month.is_some()),
                ("throughput_source", slm.throughput_source.is_some()),
            ] {
                c.absent(&format!("slm.{key}"), present, why);
            }
            SlmServing::Api(priced_api(c, "slm", &slm.api_part(), table)?)
        }
        Some(Serving::SelfHosted) => {
            let why = "when slm.serving is \"self_hosted\" (API prices belong to serving \"api\")";
            let api = slm.api_part();
            for (key, present) in [
                ("model", api.model.is_some()),
                ("input_usd_per_mtok", api.input_usd_per_mtok.is_some()),
                ("output_usd_per_mtok", api.output_usd_per_mtok.is_some()),
                (
                    "cached_input_usd_per_mtok",
                    api.cached_input_usd_per_mtok.is_some(),
                ),
                ("usd_per_request", api.usd_per_request.is_some()),
            ] {
                c.absent(&format!("slm.{key}"), present, why);
            }
            let hours_per_month = c.optional(
                "slm.hours_per_month",
                slm.hours_per_month,
                730.0,
                Rule::AboveUpTo(0.0, 744.0),
            );
            let (gpu_usd_per_hour, basis) = gpu_price::resolve(c, slm, hours_per_month);
            gpu = Some(basis);
            throughput = Some(throughput_basis(c, slm.throughput_source.as_deref()));
            SlmServing::SelfHosted(Fleet {
                gpu_usd_per_hour,
                gpus_per_replica: c.optional(
                    "slm.gpus_per_replica",
                    slm.gpus_per_replica,
                    1.0,
                    Rule::WholeBetween(1.0, 1024.0),
                ),
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
                target_utilization: c.optional(
                    "slm.target_utilization",
                    slm.target_utilization,
                    0.7,
                    Rule::AboveUpTo(0.0, 1.0),
                ),
                min_replicas: c.optional(
                    "slm.min_replicas",
                    slm.min_replicas,
                    1.0,
                    Rule::WholeBetween(1.0, 1e6),
                ),
                hours_per_month,
                fixed_usd_per_month: c.optional(
                    "slm.fixed_usd_per_month",
                    slm.fixed_usd_per_month,
                    0.0,
                    Rule::Between(0.0, 1e12),
                ),
            })
        }
    };
    Some(Slm {
        serving,
        one_time_usd,
        gpu,
        throughput,
    })
}

/// `slm.throughput_source`: absent means typed; present, a short printable line naming
/// where the figures were measured.
fn throughput_basis(c: &mut Checker, source: Option<&str>) -> ThroughputBasis {
    const FIELD: &str = "slm.throughput_source";
    let Some(source) = source else {
        return ThroughputBasis::Typed;
    };
    let chars = source.chars().count();
    if source.trim().is_empty() {
        c.fail(
            FIELD,
            "must not be empty (leave it out when the throughput is typed)",
        );
    } else if chars > MAX_LABEL_CHARS {
        c.fail(
            FIELD,
            format!("must be at most {MAX_LABEL_CHARS} characters (got {chars})"),
        );
    } else if source.chars().any(char::is_control) {
        c.fail(
            FIELD,
            "must be printable text on one line (no control characters)",
        );
    }
    ThroughputBasis::Measured {
        source: source.trim().to_string(),
    }
}

fn routing(c: &mut Checker, input: &ScenarioInput) -> Routing {
    let r = input.routing.clone().unwrap_or_default();
    let mode = r.mode.unwrap_or(RoutingMode::Router);
    if mode == RoutingMode::Cascade && r.slm_share.is_some() {
        c.fail(
            "routing.slm_share",
            "is not used when routing.mode is \"cascade\" (every request goes to the SLM first)",
        );
    }
    let share = Rule::Between(0.0, 1.0);
    let routing = Routing {
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
    };
    if r.min_quality.is_some() && (r.slm_quality.is_none() || r.llm_quality.is_none()) {
        c.fail(
            "routing.min_quality",
            "needs routing.slm_quality and routing.llm_quality",
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
