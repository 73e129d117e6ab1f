//! The Monte Carlo off the typing path. The deterministic plan is recomputed on every
//! keystroke (`form::evaluate` leaves the draws out); the draws run once the scenario has
//! stayed the same for `QUIET`, and their result is shown only for the scenario it was
//! drawn from, so a range never sits beside figures of other inputs.

use std::time::Duration;

use leptos::prelude::*;
use tco::uncertainty::UncertaintyResult;
use tco::Scenario;

use super::form::{monte_carlo, Outcome};

/// How long the scenario must stay unchanged before the draws run: longer than the pause
/// between keystrokes, short enough to feel immediate once typing stops.
pub const QUIET: Duration = Duration::from_millis(400);

/// What the results show of the Monte Carlo.
#[derive(Debug, Clone, PartialEq)]
pub enum Draws {
    /// The scenario has no beliefs (Monte Carlo switched off), or is invalid.
    Off,
    /// The scenario changed since the last draws: they are being recomputed.
    Pending,
    /// The draws of exactly the scenario shown (boxed: a result is a few hundred bytes).
    Ready(Box<UncertaintyResult>),
}

impl Draws {
    /// The result, when it belongs to the scenario shown.
    pub fn ready(&self) -> Option<&UncertaintyResult> {
        match self {
            Draws::Ready(u) => Some(u),
            Draws::Off | Draws::Pending => None,
        }
    }
}

/// The Monte Carlo of a form: the draws of the scenario last asked for, once quiet (the
/// scenario is kept with them, to tell whether they belong to the one shown).
#[derive(Clone, Copy)]
pub struct MonteCarlo {
    drawn: Memo<Option<(Scenario, UncertaintyResult)>>,
}

impl MonteCarlo {
    /// Follows `outcome`: each change of a scenario with beliefs (re)starts a `QUIET` timer,
    /// whose end asks for its draws. The timer lives in the browser only (an effect).
    pub fn follow(outcome: Memo<Outcome>) -> Self {
        let asked = RwSignal::new(None::<Scenario>);
        let drawn = Memo::new(move |_| {
            asked.with(|s| {
                s.as_ref()
                    .and_then(|s| monte_carlo(s).map(|u| (s.clone(), u)))
            })
        });
        let timer = StoredValue::new(None::<TimeoutHandle>);
        let cancel = move || {
            if let Some(handle) = timer.try_update_value(Option::take).flatten() {
                handle.clear();
            }
        };
        Effect::new(move |_| {
            let wanted = outcome.with(|o| {
                o.as_ref()
                    .ok()
                    .filter(|(s, _)| s.uncertainty.is_some())
                    .map(|(s, _)| s.clone())
            });
            cancel();
            let Some(wanted) = wanted else {
                return;
            };
            if asked.with_untracked(|a| a.as_ref() == Some(&wanted)) {
                return;
            }
            // The callback runs outside the reactive owner, possibly after the page that
            // owns the form is gone: `try_set` does nothing then.
            let handle = set_timeout_with_handle(
                move || {
                    let _ = asked.try_set(Some(wanted));
                },
                QUIET,
            );
            if let Ok(handle) = handle {
                timer.set_value(Some(handle));
            }
        });
        on_cleanup(cancel);
        Self { drawn }
    }

    /// The draws for the scenario `outcome` holds now.
    pub fn for_outcome(&self, outcome: &Outcome) -> Draws {
        let Ok((shown, _)) = outcome else {
            return Draws::Off;
        };
        if shown.uncertainty.is_none() {
            return Draws::Off;
        }
        self.drawn.with(|d| match d {
            Some((drawn, result)) if drawn == shown => Draws::Ready(Box::new(result.clone())),
            _ => Draws::Pending,
        })
    }
}
