//! The planner's charts: the fleet over the week, cost against volume, the routing curve,
//! the monthly breakdown, cumulative savings, the Monte Carlo distribution and the
//! sensitivity tornado. Each is drawn by `charts::plan` (the same code the reports use) as
//! an SVG string, set inline so its text takes the page's colour in either theme.

use leptos::prelude::*;
use tco::format::{count, percent, usd};
use tco::quality::Choice;
use tco::scenario::SlmServing;
use tco::uncertainty::UncertaintyResult;
use tco::{PlanResult, Scenario};

use super::draws::Draws;

/// One chart: the figure's id (what tests and links find), its caption, a line on what it
/// shows and how it was computed, and the SVG.
struct Chart {
    id: &'static str,
    caption: &'static str,
    note: String,
    svg: String,
}

/// The routing curve: the hybrid against the SLM's share, or, with a measured cascade curve
/// (`routing.measured`), the cascade against the share escalated at each measured threshold.
fn routing_chart(s: &Scenario, r: &PlanResult) -> Chart {
    if let Some(m) = &s.routing.measured {
        return Chart {
            id: "chart-routing",
            caption: "Cascade cost and measured quality against the share escalated",
            note: format!(
                "Chosen {} escalated; cheapest threshold{} {}. Quality {}; the floor is judged on its lower 95 % bound.",
                percent(s.routing.escalation_rate),
                if s.routing.min_quality.is_some() { " meeting the quality floor" } else { "" },
                r.routing_best_escalation_rate.map_or_else(|| "none".to_string(), percent),
                m.label
            ),
            svg: ::charts::plan::routing_measured(
                &r.routing_curve,
                s.routing.escalation_rate,
                r.routing_best_escalation_rate,
                &m.label,
            ),
        };
    }
    Chart {
        id: "chart-routing",
        caption: "Hybrid cost against the SLM's share of traffic",
        note: format!(
            "Chosen share {}; cheapest share{} {}. Quality is drawn when both qualities are set (Routing).",
            percent(r.hybrid.slm_share),
            if s.routing.min_quality.is_some() { " meeting the quality floor" } else { "" },
            r.routing_best_slm_share.map_or_else(|| "none".to_string(), percent)
        ),
        svg: ::charts::plan::routing(
            &r.routing_curve,
            r.hybrid.slm_share,
            r.routing_best_slm_share,
        ),
    }
}

/// The week chart, for a self-hosted fleet with a load shape (without one the fleet has
/// one size every hour, and the chart would only say so).
fn week_chart(s: &Scenario, r: &PlanResult) -> Option<Chart> {
    if s.load_shape.is_none() || !matches!(s.slm.serving, SlmServing::SelfHosted(_)) {
        return None;
    }
    let own = &r.self_hosted.fleet;
    Some(Chart {
        id: "chart-week",
        caption: "Fleet over the week",
        note: format!(
            "Instances each hour, Monday 00:00 UTC first: reserved, on demand and spot stacked, traffic drawn over them. Busiest hour: {} replicas on {} instances; {} reserved.",
            own.replicas.map_or_else(|| "—".into(), count),
            own.instances.map_or_else(|| "—".into(), count),
            own.reserved_instances.map_or_else(|| "—".into(), count)
        ),
        svg: ::charts::plan::week(s, r),
    })
}

/// Every chart of a plan; the Monte Carlo's only with draws of these very inputs.
fn plan_charts(s: &Scenario, r: &PlanResult, draws: Option<&UncertaintyResult>) -> Vec<Chart> {
    let curve = tco::curves::volume_curve(s);
    let savings = tco::sensitivity::hybrid_savings(s);
    let mut out: Vec<Chart> = week_chart(s, r).into_iter().collect();
    out.extend([
        Chart {
            id: "chart-cost-vs-volume",
            caption: "Monthly cost against volume",
            note: match r.break_even.requests_per_month {
                Some(b) => format!(
                    "Break-even at {} requests/month; this scenario: {}. Log scale.",
                    count(b),
                    count(s.workload.requests_per_month)
                ),
                None => format!(
                    "No break-even: self-hosting never costs less per request than the API. This scenario: {} requests/month. Log scale.",
                    count(s.workload.requests_per_month)
                ),
            },
            svg: ::charts::plan::cost_vs_volume(
                &curve,
                s.workload.requests_per_month,
                r.break_even.requests_per_month,
            ),
        },
        routing_chart(s, r),
        Chart {
            id: "chart-breakdown",
            caption: "Where the monthly cost goes",
            note: "GPUs, people, fixed costs, LLM calls and the router fee of each option, per month.".into(),
            svg: ::charts::plan::breakdown(r),
        },
        Chart {
            id: "chart-cumulative-savings",
            caption: "Cumulative savings against the API",
            note: format!(
                "Over {} months, net of the one-time {}; payback where a line crosses zero.",
                s.finance.horizon_months,
                usd(s.slm.one_time_usd)
            ),
            svg: ::charts::plan::cumulative_savings(&r.roi),
        },
    ]);
    if let Some(u) = draws {
        out.push(Chart {
            id: "chart-monte-carlo",
            caption: "Monte Carlo: hybrid monthly savings",
            note: format!(
                "{} draws; P10 {}, median {}, P90 {}.",
                count(f64::from(u.draws)),
                usd(u.hybrid_savings_usd.p10),
                usd(u.hybrid_savings_usd.p50),
                usd(u.hybrid_savings_usd.p90)
            ),
            svg: ::charts::plan::monte_carlo(u),
        });
    }
    out.push(Chart {
        id: "chart-tornado",
        caption: "Sensitivity of hybrid savings",
        note: format!(
            "Each input moved ±{} on its own; savings now {} a month.",
            percent(tco::sensitivity::MOVE),
            usd(savings)
        ),
        svg: ::charts::plan::tornado(&r.sensitivity, savings),
    });
    // The recommended option's own tornado, when it is not the hybrid shown above.
    if r.recommended == Some(Choice::SelfHosted) && !r.sensitivity_recommended.is_empty() {
        let own = tco::sensitivity::savings(s, Choice::SelfHosted);
        out.push(Chart {
            id: "chart-tornado-recommended",
            caption: "Sensitivity of self-hosted savings (the recommended option)",
            note: format!(
                "Each input moved ±{} on its own; self-hosting saves {} a month now.",
                percent(tco::sensitivity::MOVE),
                usd(own)
            ),
            svg: ::charts::plan::tornado_named(
                &r.sensitivity_recommended,
                own,
                "tornado-recommended",
            ),
        });
    }
    out
}

/// The chart section of the results.
pub fn charts(s: &Scenario, r: &PlanResult, draws: &Draws) -> impl IntoView {
    let uncertain = !matches!(draws, Draws::Off);
    let figures = plan_charts(s, r, draws.ready())
        .into_iter()
        .map(|c| {
            view! {
                <figure class="chart plan-chart" id=c.id>
                    <figcaption>{c.caption}<span class="sub">{c.note}</span></figcaption>
                    <div class="svg" inner_html=c.svg></div>
                </figure>
            }
        })
        .collect_view();
    view! {
        <section class="plan-charts" id="plan-charts" aria-label="Charts">
            <h2>"Charts"</h2>
            {(!uncertain).then(|| view! {
                <p class="hint" id="monte-carlo-hint">{if crate::scenarios::read_only() {
                    "Monte Carlo is off in this scenario, so it shows no distribution of savings and no P10–P90 ranges. To add them, Fork to edit, then give a P10 and P90 for the inputs you are unsure of under Uncertainty (Monte Carlo)."
                } else {
                    "Monte Carlo is off. For a distribution of savings and P10–P90 ranges, tick \"Draw the uncertain inputs\" under Uncertainty (Monte Carlo) in the planner's form, then give a P10 and P90 for the inputs you are unsure of."
                }}</p>
            })}
            <div class="charts plan-grid">{figures}</div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planner::form::{defaults, evaluate};

    #[test]
    fn every_chart_is_drawn_with_its_markers_and_no_nan() {
        let mut v = defaults();
        let (s, r) = evaluate(&v, None, pricing::bundled_table()).expect("valid");
        let ids: Vec<_> = plan_charts(&s, &r, None).iter().map(|c| c.id).collect();
        // Without uncertainty there is no distribution to draw (the section says how), and
        // without a load shape no week.
        assert!(!ids.contains(&"chart-monte-carlo"), "{ids:?}");
        assert!(!ids.contains(&"chart-week"), "{ids:?}");
        // The default recommends self-hosting, so its own tornado is drawn too.
        assert!(ids.contains(&"chart-tornado-recommended"), "{ids:?}");
        assert_eq!(ids.len(), 6);
        v.insert("uncertainty.enabled", "on".into());
        for (k, x) in crate::planner::beliefs::starting_beliefs(&s) {
            v.insert(k, x);
        }
        crate::planner::form::fill_preset(
            &mut v,
            profiles::preset("code-completion").expect("preset"),
        );
        v.insert("slm.scaling", "hourly".into());
        let (s, r) = evaluate(&v, None, pricing::bundled_table()).expect("valid");
        let drawn = crate::planner::form::monte_carlo(&s);
        let charts = plan_charts(&s, &r, drawn.as_ref());
        for c in &charts {
            let name = c.id.trim_start_matches("chart-");
            assert!(
                c.svg.contains(&format!("data-chart=\"{name}\"")),
                "{}",
                c.id
            );
            for bad in ["NaN", "inf"] {
                assert!(
                    !c.svg.contains(bad) && !c.note.contains(bad),
                    "{bad} in {}",
                    c.id
                );
            }
        }
        assert!(charts.iter().any(|c| c.id == "chart-monte-carlo"));
        assert_eq!(charts[0].id, "chart-week");
        let volume = &charts[1];
        assert_eq!(volume.id, "chart-cost-vs-volume");
        assert!(r.break_even.requests_per_month.is_some());
        assert!(volume.svg.contains("data-marker=\"break-even\""));
    }
}
