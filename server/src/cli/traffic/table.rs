//! `breakeven traffic` for a person at a terminal: the import's account (bad rows by line
//! and reason, skipped rows by reason, columns not used), the workload (each figure under
//! `tco::vocabulary`'s label), and the replay (each option over the period and per month,
//! against the plan from the averages, and the warnings). Figures through `tco::format`.

use std::path::Path;

use tco::format::{count, counted, decimal1, percent, signed_percent, signed_usd, usd};
use tco::quality::Choice;
use tco::vocabulary::label;
use traffic::analysis::TraceWorkload;
use traffic::replay::{Difference, FleetReplay, Replay};

use super::Analysed;
use crate::cli::io::option_name;

/// A signed percentage the replay gives in % ("+4.1 %", "0.0 %"), as `tco::format` signs a
/// share; "—" when there is none.
fn signed_pct(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |p| signed_percent(p / 100.0))
}

/// The import's account of every row.
pub fn report(file: &Path, a: &Analysed) -> String {
    let r = &a.report;
    let mut out = format!(
        "Import of {} as {}: {} rows read, {} used, {} bad, {} skipped\n",
        file.display(),
        api::traffic::format_words(&a.format),
        count(r.rows_read as f64),
        count(r.rows_used as f64),
        count(r.bad_rows_total as f64),
        count(r.rows_skipped as f64),
    );
    if !r.bad_rows.is_empty() {
        let listed = r.bad_rows.len() as u64;
        match listed < r.bad_rows_total {
            true => out += &format!("Bad rows (the first {listed} of {}):\n", r.bad_rows_total),
            false => out += "Bad rows:\n",
        }
        for row in &r.bad_rows {
            out += &format!("  line {}: {}\n", row.line, row.reason);
        }
    }
    if !r.skipped_by_reason.is_empty() {
        out += "Skipped (not completion traffic):\n";
        for (reason, n) in &r.skipped_by_reason {
            out += &format!("  {} × {reason}\n", count(*n as f64));
        }
    }
    if !r.ignored_columns.is_empty() {
        out += &format!("Columns not used: {}\n", r.ignored_columns.join(", "));
    }
    out
}

fn row(out: &mut String, name: &str, value: &str, basis: &str) {
    *out += &format!("  {name:<30}{value:>16}  {basis}\n");
}

/// The workload the trace shows.
pub fn workload(w: &TraceWorkload) -> String {
    // The label names its zone ("… (UTC+02:00)").
    let mut out = format!("Workload {}\n", w.label);
    row(
        &mut out,
        &label("workload.requests_per_month"),
        &count(w.requests_per_month),
        &format!(
            "{} over {} ({} weeks)",
            counted(w.requests, "request", "requests"),
            counted(w.hours, "hour", "hours"),
            decimal1(w.weeks_covered)
        ),
    );
    let (input_basis, output_basis) = match &w.percentiles {
        Some(p) => (
            format!(
                "p50 {}, p95 {}",
                count(p.input_p50 as f64),
                count(p.input_p95 as f64)
            ),
            format!(
                "p50 {}, p95 {}",
                count(p.output_p50 as f64),
                count(p.output_p95 as f64)
            ),
        ),
        None => {
            let why = w.percentiles_reason.clone().unwrap_or_default();
            (why.clone(), why)
        }
    };
    row(
        &mut out,
        &label("workload.input_tokens"),
        &decimal1(w.input_tokens_mean),
        &format!("mean; {input_basis}"),
    );
    row(
        &mut out,
        &label("workload.output_tokens"),
        &decimal1(w.output_tokens_mean),
        &format!("mean; {output_basis}"),
    );
    row(
        &mut out,
        &label("workload.cached_input_share"),
        &percent(w.cached_input_share),
        "",
    );
    row(
        &mut out,
        &label("workload.cache_write_share"),
        &percent(w.cache_write_share),
        "",
    );
    row(
        &mut out,
        &label("workload.batch_share"),
        &percent(w.batch_share),
        &counted(w.batch_requests, "batch request", "batch requests"),
    );
    match &w.shape {
        Some(shape) => row(
            &mut out,
            &label("workload.load_shape"),
            "168 hours",
            &format!(
                "peak-to-average {:.2}, averaged over {} weeks",
                shape.peak_to_average,
                decimal1(shape.weeks_covered)
            ),
        ),
        None => row(
            &mut out,
            &label("workload.load_shape"),
            "not filled",
            w.shape_reason.as_deref().unwrap_or(""),
        ),
    }
    match &w.growth {
        Some(g) => {
            let basis = format!(
                "fit R² {:.2} over {} days ({} – {}){}",
                g.r_squared,
                g.days_used,
                g.first_day,
                g.last_day,
                match (g.fills_planner, &w.growth_reason) {
                    (true, _) => String::new(),
                    (false, Some(why)) => format!("; {why}"),
                    (false, None) => "; not filled".to_string(),
                }
            );
            row(
                &mut out,
                &label("workload.monthly_growth"),
                &signed_percent(g.monthly_growth),
                &basis,
            );
        }
        None => row(
            &mut out,
            &label("workload.monthly_growth"),
            "not filled",
            w.growth_reason.as_deref().unwrap_or(""),
        ),
    }
    if w.requests_with_spend > 0.0 {
        row(
            &mut out,
            "Recorded spend",
            &usd(w.recorded_spend_usd),
            &format!(
                "over {}",
                counted(w.requests_with_spend, "request", "requests")
            ),
        );
    }
    if w.proxy_cache_hits > 0 {
        row(
            &mut out,
            "Proxy cache hits (left out)",
            &count(w.proxy_cache_hits as f64),
            "",
        );
    }
    if !w.models.is_empty() {
        out += &format!(
            "\n  {:<34}{:>12}{:>9}{:>16}{:>16}{:>16}\n",
            "model", "requests", "share", "input tokens", "output tokens", "recorded"
        );
        for m in &w.models {
            out += &format!(
                "  {:<34}{:>12}{:>9}{:>16}{:>16}{:>16}\n",
                m.model,
                count(m.requests),
                percent(m.share),
                count(m.input_tokens),
                count(m.output_tokens),
                match m.requests_with_spend > 0.0 {
                    true => usd(m.recorded_spend_usd),
                    false => "—".to_string(),
                },
            );
        }
    }
    if !w.warnings.is_empty() {
        out += "\nNotes:\n";
        for warning in &w.warnings {
            out += &format!("  - {warning}\n");
        }
    }
    out
}

/// The replay: each option over the period and per month, against the averaged plan.
pub fn replay(r: &Replay) -> String {
    let mut out = format!(
        "Replay on \"{}\": {} over {} ({:.2} months)\n\n",
        r.scenario,
        counted(r.requests, "request", "requests"),
        counted(r.hours, "hour", "hours"),
        r.months
    );
    out += &format!(
        "  {:<20}{:>16}{:>14}{:>18}{:>26}\n",
        "option", "over the period", "per month", "averaged plan", "real − averaged, a month"
    );
    let options: [(Choice, f64, f64, &Difference); 3] = [
        (Choice::Api, r.api.usd, r.api.usd_per_month, &r.averaged.api),
        (
            Choice::SelfHosted,
            r.self_hosted.usd,
            r.self_hosted.usd_per_month,
            &r.averaged.self_hosted,
        ),
        (
            Choice::Hybrid,
            r.hybrid.usd,
            r.hybrid.usd_per_month,
            &r.averaged.hybrid,
        ),
    ];
    for (choice, total, monthly, difference) in options {
        let mark = match r.cheapest == Some(choice) {
            true => " *",
            false => "",
        };
        out += &format!(
            "  {:<20}{:>16}{:>14}{:>18}{:>26}\n",
            format!("{}{mark}", option_name(choice)),
            usd(total),
            usd(monthly),
            usd(difference.averaged_usd_per_month),
            format!(
                "{} ({})",
                signed_usd(difference.difference_usd_per_month),
                signed_pct(difference.difference_pct)
            ),
        );
    }
    match r.cheapest {
        Some(choice) => out += &format!("  * cheapest over the period: {}\n", option_name(choice)),
        None => out += "  no option meets the scenario's quality floor\n",
    }
    for (name, fleet) in [
        ("SLM fleet", &r.self_hosted.fleet),
        ("hybrid's SLM fleet", &r.hybrid.fleet),
    ] {
        if let Some(fleet) = fleet {
            out += &fleet_line(name, fleet);
        }
    }
    let own = &r.own_prices;
    out += &format!(
        "\nThe trace at its own models' prices ({}): {} over the period, {} a month\n",
        own.table,
        usd(own.priced_usd),
        usd(own.priced_usd_per_month)
    );
    if own.recorded_usd > 0.0 {
        out += &format!(
            "  recorded spend {}; agreement {}\n",
            usd(own.recorded_usd),
            signed_pct(own.agreement_pct)
        );
    }
    for m in &own.models {
        out += &format!(
            "  {:<34}{:>21}  {:>14}  recorded {:>12}  agreement {}{}\n",
            m.model,
            counted(m.requests, "request", "requests"),
            m.priced_usd.map_or_else(|| "unpriced".to_string(), usd),
            usd(m.recorded_usd),
            signed_pct(m.agreement_pct),
            match &m.matched {
                Some(row) if row != &m.model => format!("  (priced as {row})"),
                _ => String::new(),
            },
        );
    }
    if !r.warnings.is_empty() {
        out += "\nWarnings:\n";
        for warning in &r.warnings {
            out += &format!("  - {}\n", warning.message);
        }
    }
    out
}

fn fleet_line(name: &str, f: &FleetReplay) -> String {
    format!("  {name}: {}\n", f.in_words())
}
