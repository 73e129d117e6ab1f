//! The self-hosted fleet in the results: how big it is at the busiest hour, what its
//! month costs part by part (the engine's `breakdown`, for all traffic and for the
//! hybrid's SLM share), and what each scaling policy would cost (`policies`), so the
//! saving of hour-by-hour scaling and of the optimal reserved base shows.

use leptos::prelude::*;
use tco::fleet::Breakdown;
use tco::format::{count, percent, usd};
use tco::scenario::{FleetGpu, Scaling, SlmServing};
use tco::{FleetFigures, PlanResult, Policies, Scenario};

/// A part of a fleet's month: what the breakdown calls it, and its amount.
pub type Part = (&'static str, fn(&Breakdown) -> f64);

/// The parts of a fleet's month, in the order the breakdown lists them.
pub const PARTS: [Part; 8] = [
    ("Reserved instances", |b| b.reserved_usd),
    ("On demand", |b| b.on_demand_usd),
    ("Spot", |b| b.spot_usd),
    ("Cold starts", |b| b.cold_start_usd),
    ("Owned GPUs: capital", |b| b.owned_capital_usd),
    ("Owned GPUs: energy", |b| b.owned_energy_usd),
    ("People (operations)", |b| b.ops_usd),
    ("Fixed cost", |b| b.fixed_usd),
];

/// A figure of a fleet, "—" where the option has none (no SLM share in the hybrid).
fn figure(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), count)
}

/// A monthly part, "—" where the option has no fleet.
fn money(b: Option<&Breakdown>, part: fn(&Breakdown) -> f64) -> String {
    b.map_or_else(|| "—".to_string(), |b| usd(part(b)))
}

/// The breakdown table: each part for all traffic on the SLM and for the hybrid's SLM.
fn breakdown(own: &FleetFigures, hybrid: &FleetFigures) -> impl IntoView {
    let (a, h) = (own.breakdown.as_ref(), hybrid.breakdown.as_ref());
    let rows = PARTS
        .iter()
        .map(|(name, part)| {
            view! { <tr><th scope="row">{*name}</th><td class="num">{money(a, *part)}</td><td class="num">{money(h, *part)}</td></tr> }
        })
        .collect_view();
    view! {
        <table class="rows breakdown" id="cost-breakdown">
            <caption>"Where the fleet's month goes (USD/month)"</caption>
            <thead><tr><th>"Part"</th><th>"Self-hosted, all traffic"</th><th>"Hybrid's SLM"</th></tr></thead>
            <tbody>
                {rows}
                <tr class="total"><th scope="row">"Total"</th>
                    <td class="num" id="breakdown-total">{money(a, Breakdown::total_usd)}</td>
                    <td class="num">{money(h, Breakdown::total_usd)}</td></tr>
            </tbody>
        </table>
    }
}

/// Which of the three policies the scenario itself runs, if one of them.
fn current_policy(s: &Scenario) -> Option<usize> {
    let SlmServing::SelfHosted(f) = &s.slm.serving else {
        return None;
    };
    let reserved = match f.gpu {
        FleetGpu::Rented {
            reserved_instances, ..
        } => reserved_instances,
        // Owned GPUs have no reserved base: hourly is hourly on the owned fleet.
        FleetGpu::Owned { .. } => Some(0.0),
    };
    match (f.scaling, reserved) {
        (Scaling::AlwaysOn, _) => Some(0),
        (Scaling::Hourly, Some(0.0)) => Some(1),
        (Scaling::Hourly, None) => Some(2),
        (Scaling::Hourly, Some(_)) => None,
    }
}

/// The policy comparison: each policy's month, and what it saves against always on.
fn policies(s: &Scenario, p: &Policies) -> impl IntoView {
    let base = p.always_on_usd;
    let current = current_policy(s);
    let rows = [
        ("Always on at the busiest hour", p.always_on_usd),
        ("Hour by hour, nothing reserved", p.hourly_usd),
        (
            "Hour by hour, optimal reserved base",
            p.hourly_optimal_reserved_usd,
        ),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (name, cost))| {
        let saving = base - cost;
        let saves = if i == 0 {
            "—".to_string()
        } else if saving > 0.0 && base > 0.0 {
            format!("{} ({})", usd(saving), percent(saving / base))
        } else if saving < 0.0 {
            format!("costs {} more", usd(-saving))
        } else {
            "none".to_string()
        };
        let mine = current == Some(i);
        view! {
            <tr class:current=mine data-policy=i>
                <th scope="row">{name}{mine.then(|| view! { <span class="marker">" ← this scenario"</span> })}</th>
                <td class="num">{usd(cost)}</td>
                <td class="num">{saves}</td>
            </tr>
        }
    })
    .collect_view();
    view! {
        <table class="rows policies" id="policies">
            <caption>"Scaling policies, self-hosted, all traffic (USD/month, people and fixed cost included)"</caption>
            <thead><tr><th>"Policy"</th><th>"Monthly cost"</th><th>"Saves against always on"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The fleet's figures, breakdown and policies; nothing for a hosted SLM.
pub fn fleet(s: &Scenario, r: &PlanResult) -> Option<impl IntoView> {
    let SlmServing::SelfHosted(f) = &s.slm.serving else {
        return None;
    };
    let own = &r.self_hosted.fleet;
    let g = f.gpus_per_instance;
    let policy = r.self_hosted.policies.as_ref().map_or_else(
        || view! {
            <p class="hint" id="policies-hint">{if crate::scenarios::read_only() {
                "This scenario gives no load shape, so always-on and hour-by-hour scaling are not compared. Fork to edit, then give one under Traffic."
            } else {
                "Give a load shape (Traffic) to compare always-on with hour-by-hour scaling."
            }}</p>
        }
        .into_any(),
        |p| policies(s, p).into_any(),
    );
    Some(view! {
        <section class="fleet-results" id="fleet-results" aria-label="Self-hosted fleet">
            <h2>"Self-hosted fleet"</h2>
            <dl class="facts">
                <dt>"Instances at the busiest hour"</dt>
                <dd id="instances">{format!("{} of {} GPU{}", figure(own.instances), count(g), if g == 1.0 { "" } else { "s" })}</dd>
                <dt>"Reserved instances"</dt>
                <dd id="reserved-instances">{figure(own.reserved_instances)}</dd>
                <dt>"GPU-hours billed a month"</dt>
                <dd id="gpu-hours">{figure(own.gpu_hours_per_month)}</dd>
                <dt>"Replica-hours a month"</dt>
                <dd id="replica-hours">{figure(own.replica_hours_per_month)}</dd>
                <dt>"Instances started a month"</dt>
                <dd id="instance-starts">{figure(own.instance_starts_per_month)}</dd>
            </dl>
            {breakdown(own, &r.hybrid.fleet)}
            {policy}
        </section>
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planner::form::{defaults, evaluate};

    #[test]
    fn the_scenario_policy_is_marked_only_when_it_is_one_of_the_three() {
        let mut v = defaults();
        let (s, _) = evaluate(&v, None, pricing::bundled_table()).expect("valid");
        assert_eq!(current_policy(&s), Some(0));
        crate::planner::form::fill_preset(
            &mut v,
            profiles::preset("code-completion").expect("preset"),
        );
        v.insert("slm.scaling", "hourly".into());
        let (s, r) = evaluate(&v, None, pricing::bundled_table()).expect("valid");
        assert_eq!(current_policy(&s), Some(2));
        let p = r.self_hosted.policies.expect("a shape gives policies");
        // Hourly with the optimal base is never dearer than always on (the engine's promise).
        assert!(p.hourly_optimal_reserved_usd <= p.always_on_usd + 1e-9);
        assert!((r.self_hosted.monthly_usd - p.hourly_optimal_reserved_usd).abs() < 1e-6);
        v.insert("slm.reserved_instances", "0".into());
        let (s, _) = evaluate(&v, None, pricing::bundled_table()).expect("valid");
        assert_eq!(current_policy(&s), Some(1));
        v.insert("slm.reserved_instances", "3".into());
        let (s, _) = evaluate(&v, None, pricing::bundled_table()).expect("valid");
        assert_eq!(current_policy(&s), None);
    }

    #[test]
    fn the_breakdown_parts_add_up_to_the_monthly_cost() {
        let mut v = defaults();
        v.insert("slm.ops_fte", "0.25".into());
        v.insert("slm.fte_usd_per_year", "180000".into());
        let (_, r) = evaluate(&v, None, pricing::bundled_table()).expect("valid");
        let b = r.self_hosted.fleet.breakdown.expect("a fleet");
        let sum: f64 = PARTS.iter().map(|(_, part)| part(&b)).sum();
        assert!((sum - r.self_hosted.monthly_usd).abs() < 1e-6);
        // A quarter of a $180,000 engineer is $3,750 a month.
        assert!((b.ops_usd - 3750.0).abs() < 1e-9);
    }
}
