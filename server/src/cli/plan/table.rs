//! `breakeven plan --format table`: the headline of a result for a person at a terminal —
//! the three options and which is recommended, the fleets behind the SLM's figures (peak
//! replicas and instances, the bill by part, the scaling policies), break-even, ROI and the
//! warnings, each naming its field with `tco::vocabulary`'s words.

use tco::fleet::Breakdown;
use tco::format::{count, counted, usd};
use tco::quality::Choice;
use tco::scenario::GpuBasis;
use tco::{FleetFigures, PlanResult};

use crate::cli::io::option_name;

/// A figure that may be absent: "—" when it is.
fn opt(v: Option<f64>, f: fn(f64) -> String) -> String {
    v.map_or_else(|| "—".to_string(), f)
}

/// A short human-readable summary of a result.
pub fn summary(r: &PlanResult) -> String {
    let mut out = format!("Scenario: {}\n\n", r.scenario);
    out += &format!("{:<24}{:>18}{:>18}\n", "option", "monthly", "per request");
    let options = [
        (
            Choice::Api,
            r.api.monthly_usd,
            r.api.usd_per_request,
            r.api.meets_quality,
        ),
        (
            Choice::SelfHosted,
            r.self_hosted.monthly_usd,
            r.self_hosted.usd_per_request,
            r.self_hosted.meets_quality,
        ),
        (
            Choice::Hybrid,
            r.hybrid.monthly_usd,
            r.hybrid.usd_per_request,
            r.hybrid.meets_quality,
        ),
    ];
    for (choice, monthly, per, _) in options {
        out += &format!(
            "{:<24}{:>18}{:>18}\n",
            option_name(choice),
            usd(monthly),
            opt(per, usd)
        );
    }
    out.push('\n');
    let below: Vec<&str> = options
        .iter()
        .filter(|(_, _, _, meets)| !meets)
        .map(|(choice, ..)| option_name(*choice))
        .collect();
    if !below.is_empty() {
        out += &format!("below the quality floor: {}\n", below.join(", "));
    }
    out += &format!(
        "recommended: {}\n",
        r.recommended
            .map_or("none (no option meets the quality floor)", option_name)
    );
    if let Some(m) = &r.prices.model {
        out += &format!(
            "self-hosted model: {} ({}), {}, {} parameters\n",
            m.name,
            m.id,
            m.format,
            count(m.parameters as f64)
        );
    }
    if let Some(t) = &r.prices.throughput {
        out += &format!("throughput: {}\n", t.in_words());
    }
    // An owned fleet's base is the hardware bought, not a reservation.
    let base = match r.prices.gpu {
        Some(GpuBasis::Owned { .. }) => "owned",
        _ => "reserved",
    };
    out += &fleet(
        "self-hosted fleet (all traffic)",
        &r.self_hosted.fleet,
        base,
    );
    if let Some(p) = &r.self_hosted.policies {
        out += &format!(
            "scaling policies (self-hosted, month 1): always on {}, hour by hour {}, hour by hour with the optimal reserved base {}\n",
            usd(p.always_on_usd),
            usd(p.hourly_usd),
            usd(p.hourly_optimal_reserved_usd)
        );
    }
    out += &fleet("hybrid's SLM fleet", &r.hybrid.fleet, base);
    out += &format!(
        "break-even: {} requests/month ({} tokens/month)\n",
        opt(r.break_even.requests_per_month, count),
        opt(r.break_even.tokens_per_month, count)
    );
    for (name, roi) in [
        ("self-hosted", &r.roi.self_hosted),
        ("hybrid", &r.roi.hybrid),
    ] {
        out += &format!(
            "{name}: payback month {}, NPV {}, cumulative savings {}\n",
            roi.payback_month
                .map_or_else(|| "never".to_string(), |m| m.to_string()),
            usd(roi.npv_usd),
            usd(roi.cumulative_savings_usd)
        );
    }
    if !r.warnings.is_empty() {
        out += "\nwarnings:\n";
        for w in &r.warnings {
            out += &format!(
                "  {}: {}\n",
                tco::vocabulary::label(&w.field),
                tco::vocabulary::in_words(&w.message)
            );
        }
    }
    out
}

/// A fleet's size at its peak and its month-1 bill by part (nothing for a hosted SLM, or
/// for the hybrid at share 0, which deploy none); `base` says what its base instances are.
fn fleet(title: &str, f: &FleetFigures, base: &str) -> String {
    let (Some(replicas), Some(instances)) = (f.replicas, f.instances) else {
        return String::new();
    };
    let mut out = format!(
        "{title}: peak {} on {}",
        counted(replicas, "replica", "replicas"),
        counted(instances, "instance", "instances")
    );
    if let Some(reserved) = f.reserved_instances {
        out += &format!(" ({} {base})", count(reserved));
    }
    if let Some(hours) = f.gpu_hours_per_month {
        out += &format!(", {} GPU-hours/month", count(hours));
    }
    out.push('\n');
    if let Some(b) = &f.breakdown {
        for (part, usd_month) in parts(b) {
            out += &format!("  {part:<22}{:>18}\n", usd(usd_month));
        }
    }
    out
}

/// The bill's parts that are not zero, in the order of `self_hosted.breakdown`; the whole
/// bill when every part is zero (a free fleet says so rather than printing nothing).
fn parts(b: &Breakdown) -> Vec<(&'static str, f64)> {
    let all = [
        ("reserved GPUs", b.reserved_usd),
        ("on-demand GPUs", b.on_demand_usd),
        ("spot GPUs", b.spot_usd),
        ("cold starts", b.cold_start_usd),
        ("owned GPUs (capital)", b.owned_capital_usd),
        ("owned GPUs (energy)", b.owned_energy_usd),
        ("operations staff", b.ops_usd),
        ("fixed costs", b.fixed_usd),
    ];
    let shown: Vec<_> = all.into_iter().filter(|(_, v)| *v != 0.0).collect();
    if shown.is_empty() {
        vec![("total", 0.0)]
    } else {
        shown
    }
}

/// `breakeven plan FILE --placements --format table`: one line per offer, cheapest first,
/// each with its throughput's basis; rows without figures say why.
pub fn placements(rows: &[tco::placements::Placement]) -> String {
    let mut out = format!(
        "{:<44}{:>6}{:>12}{:>10}{:>14}{:>12}  {}\n",
        "offer", "GPUs", "decode t/s", "replicas", "monthly", "$/Mtok", "basis"
    );
    for r in rows {
        let mark = if r.current { "*" } else { " " };
        let offer = format!("{mark}{}", r.offer);
        match r.monthly_usd {
            Some(monthly) => {
                out += &format!(
                    "{offer:<44}{:>6}{:>12}{:>10}{:>14}{:>12}  {}\n",
                    count(r.gpus_per_replica),
                    opt(r.decode_tokens_per_s, |v| format!("{v:.0}")),
                    opt(r.replicas, count),
                    usd(monthly),
                    opt(r.usd_per_mtok, |v| format!("{v:.3}")),
                    r.label
                );
            }
            None => {
                out += &format!("{offer:<44}  {}\n", r.note.as_deref().unwrap_or(&r.label));
            }
        }
    }
    out += "\n* the offer the scenario is priced on\n";
    out
}
