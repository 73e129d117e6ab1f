//! The planner's summary bar. On a phone the results come after the whole form (about
//! 2,400 px of it), so this bar sticks to the top of the screen with the three monthly
//! costs and the recommendation while the form is edited, and one tap scrolls to the full
//! results. On a wide screen the results sit beside the form and the bar is hidden
//! (style/layout.css). While a field is invalid it keeps the last figures, marked as not
//! updated, like the results panel.

use leptos::prelude::*;
use tco::format::usd;
use tco::quality::Choice;
use tco::vocabulary::option_short;
use tco::PlanResult;

use super::Form;

/// What the bar shows: the three monthly costs and the recommended option.
#[derive(Debug, Clone, PartialEq)]
struct Figures {
    api: f64,
    self_hosted: f64,
    hybrid: f64,
    /// The options' short names, in [`CHOICES`]' order (`tco::vocabulary::option_short`:
    /// "SLM API" when the SLM is bought from an API).
    names: [&'static str; 3],
    recommended: Option<Choice>,
}

/// The options in the bar's order.
const CHOICES: [Choice; 3] = [Choice::Api, Choice::SelfHosted, Choice::Hybrid];

impl Figures {
    fn of(r: &PlanResult) -> Self {
        Self {
            api: r.api.monthly_usd,
            self_hosted: r.self_hosted.monthly_usd,
            hybrid: r.hybrid.monthly_usd,
            names: CHOICES.map(|c| option_short(c, r)),
            recommended: r.recommended,
        }
    }

    /// The recommendation in a few words (the results panel says why).
    fn recommendation(&self) -> String {
        match self
            .recommended
            .and_then(|r| CHOICES.iter().position(|c| *c == r))
        {
            Some(i) => format!("Recommended: {}", self.names[i]),
            None => "None meets the quality floor".to_string(),
        }
    }

    /// The three costs: (element id, short name, monthly cost, recommended).
    fn costs(&self) -> [(&'static str, &'static str, String, bool); 3] {
        let is = |c: Choice| self.recommended == Some(c);
        [
            ("summary-api", self.names[0], usd(self.api), is(Choice::Api)),
            (
                "summary-self-hosted",
                self.names[1],
                usd(self.self_hosted),
                is(Choice::SelfHosted),
            ),
            (
                "summary-hybrid",
                self.names[2],
                usd(self.hybrid),
                is(Choice::Hybrid),
            ),
        ]
    }
}

#[component]
pub fn SummaryBar(form: Form) -> impl IntoView {
    let last = StoredValue::new(None::<Figures>);
    // (figures, stale): the plan of the inputs shown, or the last valid one while a field
    // is invalid.
    let shown = move || {
        form.outcome.with(|o| match o {
            Ok((_, r)) => {
                let figures = Figures::of(r);
                last.set_value(Some(figures.clone()));
                Some((figures, false))
            }
            Err(_) => last.get_value().map(|f| (f, true)),
        })
    };
    view! {
        <aside class="summary-bar" id="summary-bar" aria-label="Results summary">
            {move || shown().map(|(figures, stale)| {
                let costs = figures
                    .costs()
                    .into_iter()
                    .map(|(id, name, money, recommended)| view! {
                        <span class="summary-cost" class:recommended=recommended>
                            <span class="summary-name">{name}</span>
                            <strong id=id>{money}</strong>
                        </span>
                    })
                    .collect_view();
                view! {
                    <div class="summary-figures" class:stale=stale>
                        <p class="summary-costs">{costs}</p>
                        <p class="summary-recommendation">
                            <span class="summary-unit">"per month · "</span>
                            <span id="summary-recommended">{figures.recommendation()}</span>
                            {stale.then_some(" · not updated: fix the fields marked in red")}
                        </p>
                    </div>
                }
            })}
            <button type="button" class="to-results" on:click=|_| scroll_to_results()>"Results ↓"</button>
        </aside>
    }
}

/// Brings the full results panel into view (below the bar: style/layout.css gives it a
/// scroll margin).
fn scroll_to_results() {
    if let Ok(Some(results)) = document().query_selector("main.planner .results") {
        results.scroll_into_view();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(recommended: Option<Choice>, self_hosted_name: &'static str) -> Figures {
        Figures {
            api: 1234.5,
            self_hosted: 800.0,
            hybrid: 950.25,
            names: ["LLM API", self_hosted_name, "Hybrid"],
            recommended,
        }
    }

    #[test]
    fn the_bar_names_the_recommendation_and_marks_its_cost() {
        let cases = [
            (
                Some(Choice::Api),
                "Self-hosted SLM",
                "Recommended: LLM API",
                0,
            ),
            (
                Some(Choice::SelfHosted),
                "Self-hosted SLM",
                "Recommended: Self-hosted SLM",
                1,
            ),
            (
                Some(Choice::SelfHosted),
                "SLM API",
                "Recommended: SLM API",
                1,
            ),
            (
                Some(Choice::Hybrid),
                "Self-hosted SLM",
                "Recommended: Hybrid",
                2,
            ),
        ];
        for (choice, name, words, marked) in cases {
            let f = figures(choice, name);
            assert_eq!(f.recommendation(), words);
            let costs = f.costs();
            assert_eq!(costs[1].1, name);
            for (i, cost) in costs.iter().enumerate() {
                assert_eq!(cost.3, i == marked, "{words}: cost {i}");
            }
        }
        let none = figures(None, "Self-hosted SLM");
        assert_eq!(none.recommendation(), "None meets the quality floor");
        assert!(none.costs().iter().all(|c| !c.3));
    }

    #[test]
    fn the_costs_are_money_in_the_one_format() {
        let costs = figures(None, "Self-hosted SLM").costs();
        let money: Vec<&str> = costs.iter().map(|c| c.2.as_str()).collect();
        assert_eq!(money, ["$1,234.50", "$800.00", "$950.25"]);
        assert_eq!(
            costs.map(|c| c.0),
            ["summary-api", "summary-self-hosted", "summary-hybrid"]
        );
    }
}
