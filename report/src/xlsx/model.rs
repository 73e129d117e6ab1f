//! The Summary's model figures: what an API request costs (caching minimum, cache writes,
//! batch share, reasoning tokens; a hosted SLM with its token ratio), the fleet's unit
//! figures (GPU-seconds per request, the reserved and burst prices, owned capital and
//! energy, people), the break-even volume and the quality floor, each a formula over the
//! Inputs sheet (the break-even volume where a closed form holds: `break_even`).

use tco::cost::{gpu_seconds_per_request, request_price};
use tco::fleet::GpuCost;
use tco::scenario::{Fleet, PricedApi, SlmServing};

use super::cells::{Ctx, Kind};
use super::figures::{fig, Cached, Figure};

mod break_even;
mod quality;

/// What the break-even cells say when there is no break-even volume.
pub(crate) const NONE_BREAK_EVEN: &str = "none";

/// Every model figure of the scenario, in the order the Summary lists them.
pub(crate) fn figures(ctx: &Ctx) -> Vec<Figure> {
    let s = ctx.scenario();
    let r = ctx.result();
    let mut out = api_figures(ctx, "llm", &s.llm, 1.0);
    match &s.slm.serving {
        SlmServing::Api(api) => {
            out.extend(api_figures(ctx, "slm", api, s.slm.token_ratio));
            out.push(fig(
                "Break-even volume",
                "break_even_requests_per_month",
                format!(
                    "=IF({}<{},0,\"{NONE_BREAK_EVEN}\")",
                    ctx.n("slm_api_usd_per_request"),
                    ctx.n("api_usd_per_request")
                ),
                Cached::Opt(r.break_even.requests_per_month, NONE_BREAK_EVEN),
                Kind::Count,
                "0 when the SLM API is cheaper per request, else none",
            ));
        }
        SlmServing::SelfHosted(f) => {
            out.extend(fleet_figures(ctx, f));
            out.extend(break_even::figures(ctx, f));
        }
    }
    out.push(fig(
        "Break-even volume in tokens",
        "break_even_tokens_per_month",
        format!(
            "=IF(ISNUMBER({b}),{b}*({}+{}),\"{NONE_BREAK_EVEN}\")",
            ctx.n("input_tokens"),
            ctx.n("output_tokens"),
            b = ctx.n("break_even_requests_per_month")
        ),
        Cached::Opt(r.break_even.tokens_per_month, NONE_BREAK_EVEN),
        Kind::Count,
        "R*·(I + O)",
    ));
    out.extend(quality::figures(ctx));
    let rate = (1.0 + s.finance.discount_rate_annual).powf(1.0 / 12.0) - 1.0;
    out.push(fig(
        "Monthly discount rate",
        "monthly_discount_rate",
        format!("=(1+{})^(1/12)-1", ctx.n("discount_rate_annual")),
        Cached::Num(rate),
        Kind::Share,
        "r_m = (1 + r)^(1/12) − 1",
    ));
    out
}

/// The interactive, batch and blended cost of one request on the API of section `prefix`
/// ("llm", or "slm" for a hosted SLM, whose tokens are τ times the LLM's).
fn api_figures(ctx: &Ctx, prefix: &str, api: &PricedApi, token_ratio: f64) -> Vec<Figure> {
    let n = |k: &str| ctx.n(k);
    let p = |k: &str| ctx.n(&format!("{prefix}_{k}"));
    let llm = prefix == "llm";
    let (i, o) = if llm {
        (n("input_tokens"), n("output_tokens"))
    } else {
        (
            format!("({}*{})", n("token_ratio"), n("input_tokens")),
            format!("({}*{})", n("token_ratio"), n("output_tokens")),
        )
    };
    let out_tokens = if llm {
        format!("({o}+{})", n("llm_reasoning_tokens"))
    } else {
        o
    };
    let cached = |share: &str| format!("IF({i}>={},{},0)", p("min_cached_input_tokens"), n(share));
    let (kappa, omega) = (cached("cached_input_share"), cached("cache_write_share"));
    let price = request_price(api, &ctx.scenario().workload, token_ratio);
    let beta = ctx.scenario().workload.batch_share;
    let (lab_i, lab_b, lab_a, key_i, key_b, key_a) = if llm {
        (
            "LLM API cost per interactive request",
            "LLM API cost per batch request",
            "LLM API cost per request",
            "api_interactive_usd",
            "api_batch_usd",
            "api_usd_per_request",
        )
    } else {
        (
            "SLM API cost per interactive request",
            "SLM API cost per batch request",
            "SLM API cost per request",
            "slm_api_interactive_usd",
            "slm_api_batch_usd",
            "slm_api_usd_per_request",
        )
    };
    let tokens = if llm { "I, O" } else { "τ·I, τ·O" };
    vec![
        fig(
            lab_i,
            key_i,
            format!(
                "=({i}*(1-{kappa}-{omega})*{pin}+{i}*{kappa}*{pc}+{i}*{omega}*{pw}+{out_tokens}*{pout})/1000000+{pr}",
                pin = p("input_usd_per_mtok"),
                pc = p("cached_input_usd_per_mtok"),
                pw = p("cache_write_usd_per_mtok"),
                pout = p("output_usd_per_mtok"),
                pr = p("usd_per_request"),
            ),
            Cached::Num(price.interactive_usd),
            Kind::UsdFine,
            &format!(
                "c = (I·(1−κa−ωa)·p_in + I·κa·p_cached + I·ωa·p_write + (O+O_r)·p_out)/1e6 + p_request, tokens {tokens}; κa, ωa = κ, ω when I ≥ the caching minimum, else 0"
            ),
        ),
        fig(
            lab_b,
            key_b,
            format!(
                "=({i}*{}+{out_tokens}*{})/1000000+{}",
                p("batch_input_usd_per_mtok"),
                p("batch_output_usd_per_mtok"),
                p("usd_per_request")
            ),
            Cached::Num(price.batch_usd),
            Kind::UsdFine,
            "c_batch = (I·p_in_batch + (O+O_r)·p_out_batch)/1e6 + p_request",
        ),
        fig(
            lab_a,
            key_a,
            format!(
                "=(1-{b})*{}+{b}*{}",
                n(key_i),
                n(key_b),
                b = n("batch_share")
            ),
            Cached::Num(price.blended_usd(beta)),
            Kind::UsdFine,
            "a = (1−β)·c + β·c_batch",
        ),
    ]
}

/// The fleet's unit figures.
fn fleet_figures(ctx: &Ctx, f: &Fleet) -> Vec<Figure> {
    let s = ctx.scenario();
    let n = |k: &str| ctx.n(k);
    let model = tco::cost::fleet_model(s, f, 1.0);
    let t = gpu_seconds_per_request(f, &s.workload, s.slm.token_ratio);
    let mut out = vec![fig(
        "GPU-seconds per request",
        "gpu_seconds_per_request",
        format!(
            "={tau}*{}*(1-IF({},{},0))/{}+{tau}*{}/{}",
            n("input_tokens"),
            n("prefix_caching"),
            n("cached_input_share"),
            n("prefill_tokens_per_s"),
            n("output_tokens"),
            n("decode_tokens_per_s"),
            tau = n("token_ratio"),
        ),
        Cached::Num(t),
        Kind::Plain,
        "t = τ·I·(1−κ_s)/P + τ·O/D, κ_s = κ with prefix caching, else 0",
    )];
    if s.load_shape.is_none() {
        let rate = s
            .traffic()
            .slots()
            .first()
            .map_or(0.0, |slot| slot.rate_per_monthly_request);
        out.push(fig(
            "Peak requests per second, per request a month",
            "peak_rate_per_request",
            format!(
                "=((1-{b})*{}+{b})/({}*3600)",
                n("peak_to_average"),
                n("hours_per_month"),
                b = n("batch_share")
            ),
            Cached::Num(rate),
            Kind::Plain,
            "λ/R = ((1−β)·k + β)/(H·3600): traffic in H hours at the peak rate",
        ));
        let unbounded = "unbounded (no GPU time per request)";
        let capacity = f.target_utilization / (rate * t);
        out.push(fig(
            "Requests per month one replica serves",
            "replica_requests_per_month",
            format!(
                "=IF({t}>0,{}/({}*{t}),\"{unbounded}\")",
                n("target_utilization"),
                n("peak_rate_per_request"),
                t = n("gpu_seconds_per_request")
            ),
            if capacity.is_finite() {
                Cached::Num(capacity)
            } else {
                Cached::Text(unbounded.into())
            },
            Kind::Count,
            "C = u/((λ/R)·t)",
        ));
    }
    out.push(fig(
        "Operations staff per month",
        "ops_usd_per_month",
        format!("={}*{}/12", n("ops_fte"), n("fte_usd_per_year")),
        Cached::Num(model.ops_usd_per_month),
        Kind::Usd,
        "FTE × yearly cost / 12",
    ));
    match model.gpu {
        GpuCost::Rented(r) => out.extend([
            fig(
                "Reserved GPU-hour",
                "reserved_usd_per_gpu_hour",
                format!("=(1-{})*{}", n("gpu_discount"), n("gpu_usd_per_hour")),
                Cached::Num(r.reserved_usd_per_gpu_hour()),
                Kind::UsdRate,
                "(1−d)·p",
            ),
            fig(
                "Burst GPU-hour (on demand and spot)",
                "burst_usd_per_gpu_hour",
                format!(
                    "={share}*{}*(1+{})+(1-{share})*{}",
                    n("spot_usd_per_hour"),
                    n("spot_overhead"),
                    n("gpu_usd_per_hour"),
                    share = n("spot_share")
                ),
                Cached::Num(r.burst_usd_per_gpu_hour()),
                Kind::UsdRate,
                "p_burst = σ·p_spot·(1+o) + (1−σ)·p",
            ),
        ]),
        GpuCost::Owned(o) => out.extend([
            fig(
                "Owned GPU capital per month",
                "owned_capital_usd_per_gpu_month",
                format!(
                    "={}/{}",
                    n("owned_purchase_usd"),
                    n("owned_amortisation_months")
                ),
                Cached::Num(o.capital_usd_per_gpu_month),
                Kind::Usd,
                "purchase / amortisation months",
            ),
            fig(
                "Energy per watt-hour drawn",
                "owned_usd_per_watt_hour",
                format!(
                    "={}*{}/1000",
                    n("owned_pue"),
                    n("owned_electricity_usd_per_kwh")
                ),
                Cached::Num(o.usd_per_watt_hour),
                Kind::UsdFine,
                "PUE × USD/kWh / 1000",
            ),
        ]),
    }
    out
}
