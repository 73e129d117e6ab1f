//! "Where to run it": the scenario's model on every offer of the GPU table (and the CPU it
//! was measured on), cheapest first, from `tco::placements` — each row's basis labelled, the
//! offer the scenario is priced on highlighted, and "Use this offer" writing the row into the
//! scenario (`tco::placements::apply`), so the cost cards become the row's figures.
//!
//! A row is the whole scenario priced again on one offer (validation, fleet, break-even), so
//! the table is computed like the Monte Carlo: once the scenario has stayed the same for
//! `draws::QUIET`, never on the keystroke itself.

use leptos::prelude::*;
use tco::format::{count, usd};
use tco::placements::{Placement, PlacementBasis};
use tco::{FieldError, ScenarioInput};

use super::draws::QUIET;
use super::fields::in_words;
use super::Form;
use crate::benchmarks::format::rate;

/// The table of a scenario, or why there is none.
type Computed = Result<Vec<Placement>, Vec<FieldError>>;

/// The placements of the scenario last asked for, with that scenario (to tell whether they
/// belong to the one shown).
#[derive(Clone, Copy)]
struct Follow {
    /// The scenario as written now, while it is valid.
    wanted: Memo<Option<ScenarioInput>>,
    computed: Memo<Option<(ScenarioInput, Computed)>>,
}

impl Follow {
    fn new(form: Form) -> Self {
        // The outcome changes whenever the text, the throughput or the price table does.
        let wanted = Memo::new(move |_| form.outcome.with(|o| o.is_ok()).then(|| form.written()));
        let asked = RwSignal::new(None::<ScenarioInput>);
        let computed = Memo::new(move |_| {
            asked.with(|input| {
                input.as_ref().map(|input| {
                    let rows = form.prices.with(|p| tco::placements::placements(input, p));
                    (input.clone(), rows)
                })
            })
        });
        let timer = StoredValue::new(None::<TimeoutHandle>);
        let cancel = move || {
            if let Some(handle) = timer.try_update_value(Option::take).flatten() {
                handle.clear();
            }
        };
        Effect::new(move |_| {
            let Some(input) = wanted.get() else {
                cancel();
                return;
            };
            cancel();
            if asked.with_untracked(|a| a.as_ref() == Some(&input)) {
                return;
            }
            // The callback may run after the page is gone: `try_set` does nothing then.
            let handle = set_timeout_with_handle(
                move || {
                    let _ = asked.try_set(Some(input));
                },
                QUIET,
            );
            if let Ok(handle) = handle {
                timer.set_value(Some(handle));
            }
        });
        on_cleanup(cancel);
        Self { wanted, computed }
    }
}

/// A figure, or "—" (the row's note says why).
fn figure(v: Option<f64>, show: impl Fn(f64) -> String) -> String {
    v.filter(|x| x.is_finite())
        .map_or_else(|| "—".to_string(), show)
}

fn tokens(v: Option<f64>) -> String {
    figure(v, |x| rate(x).unwrap_or_else(|| "—".into()))
}

/// The basis as a `data-basis` value.
fn basis(b: PlacementBasis) -> &'static str {
    match b {
        PlacementBasis::Measured => "measured",
        PlacementBasis::ProjectedFromBenchmark => "projected-from-benchmark",
        PlacementBasis::ProjectedAssumed => "projected-assumed",
        PlacementBasis::None => "none",
    }
}

/// The basis in a few words ("measured", "projected, not measured: from benchmark #3");
/// the whole label is the cell's title.
fn short_label(p: &Placement) -> String {
    let head = p.label.split(':').next().unwrap_or_default();
    match p.basis {
        PlacementBasis::ProjectedFromBenchmark => {
            let from = p
                .apply
                .as_ref()
                .and_then(|a| a.throughput.benchmark)
                .map_or_else(String::new, |id| format!(" #{id}"));
            format!("{head}: from the efficiency of benchmark{from}")
        }
        PlacementBasis::ProjectedAssumed => format!("{head}: at an assumed efficiency"),
        PlacementBasis::Measured | PlacementBasis::None => head.to_string(),
    }
}

fn row(form: Form, p: Placement) -> impl IntoView {
    let use_it = p.apply.clone().filter(|_| !p.current).map(|apply| {
        move |_| {
            let input = tco::placements::apply(&form.written(), &apply);
            form.open(&input);
        }
    });
    let gpus = format!(
        "{} · {} per instance, {} per replica",
        p.gpu,
        count(p.gpus_per_instance),
        count(p.gpus_per_replica)
    );
    let monthly = p
        .monthly_usd
        .filter(|x| x.is_finite())
        .map(|x| format!("{x}"));
    view! {
        <tr data-placement=p.offer.clone() data-basis=basis(p.basis) data-monthly=monthly
            class:current=p.current class:no-fit=!p.fits>
            <td><strong>{p.offer.clone()}</strong><span class="sub">{format!(" {} · {}", p.provider, p.instance_type)}</span>
                {p.current.then(|| view! { <span class="badge" data-current="">" priced now"</span> })}</td>
            <td>{gpus}</td>
            <td class="source" title=p.memory.clone()>{if p.fits { "fits" } else { "does not fit" }}</td>
            <td class="source" data-label=p.label.clone() title=p.label.clone()>{short_label(&p)}</td>
            <td class="num">{figure(p.concurrency, count)}</td>
            <td class="num">{tokens(p.prefill_tokens_per_s)}</td>
            <td class="num">{tokens(p.decode_tokens_per_s)}</td>
            <td class="num">{figure(p.replicas, count)}" / "{figure(p.instances, count)}</td>
            <td class="num money-cell" data-monthly-cell="">{figure(p.monthly_usd, usd)}</td>
            <td class="num">{figure(p.usd_per_mtok, usd)}</td>
            <td class="num">{figure(p.break_even_requests_per_month, count)}</td>
            <td class="source">{p.note.clone().map(|n| in_words(&n))}</td>
            <td>{use_it.map(|f| view! { <button type="button" data-use-offer=p.offer.clone() on:click=f>"Use this offer"</button> })}</td>
        </tr>
    }
}

fn table(form: Form, rows: Vec<Placement>) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="rows placements" id="placements-table">
                <thead><tr>
                    <th>"Offer"</th><th>"GPUs"</th><th>"Memory"</th><th>"Throughput basis"</th>
                    <th>"Concurrency"</th><th>"Prefill tok/s"</th><th>"Decode tok/s"</th>
                    <th>"Replicas / instances"</th><th>"Self-hosted, month 1"</th><th>"Per million tokens"</th>
                    <th>"Break-even, requests/month"</th><th>"Note"</th><th></th>
                </tr></thead>
                <tbody>{rows.into_iter().map(|p| row(form, p)).collect_view()}</tbody>
            </table>
        </div>
    }
}

/// Why there is no table, each problem under its field's name.
fn problems(errors: &[FieldError]) -> impl IntoView {
    errors
        .iter()
        .map(|e| {
            let name = (!e.field.is_empty())
                .then(|| format!("{}: ", tco::vocabulary::label(&e.field)));
            view! { <p class="hint" data-placements-problem=e.field.clone()>{name}{in_words(&e.message)}</p> }
        })
        .collect_view()
}

/// The "Where to run it" section under the results.
#[component]
pub fn Placements(form: Form) -> impl IntoView {
    let follow = Follow::new(form);
    let body = move || {
        let wanted = follow.wanted.get()?;
        Some(follow.computed.with(|c| match c {
            Some((input, rows)) if *input == wanted => match rows {
                Ok(rows) => table(form, rows.clone()).into_any(),
                Err(errors) => problems(errors).into_any(),
            },
            _ => view! { <p class="hint" id="placements-status" role="status">"Recomputing for the inputs shown… (once typing stops)"</p> }.into_any(),
        }))
    };
    view! {
        <section class="placements-section" id="placements" aria-label="Where to run it">
            <h2>"Where to run it"</h2>
            <p class="hint">"The scenario's model on every GPU offer, cheapest first: the self-hosted cost in month 1 with the fleet sized for this workload. Each row says where its throughput comes from — measured, projected from the benchmark's efficiency, or projected at an assumed efficiency — and none is a measurement unless it says so."</p>
            {body}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planner::form::{defaults, slm::SELF_HOSTED_MODEL, to_input};

    #[test]
    fn rows_say_their_basis_in_a_few_words_and_come_cheapest_first() {
        let mut v = defaults();
        v.insert(SELF_HOSTED_MODEL, "qwen2.5-0.5b".into());
        let input = to_input(&v, None, &mut Vec::new());
        let rows = tco::placements::placements(&input, pricing::bundled_table()).expect("rows");
        let costs: Vec<f64> = rows.iter().filter_map(|p| p.monthly_usd).collect();
        assert!(costs.windows(2).all(|w| w[0] <= w[1]), "{costs:?}");
        let current = rows.iter().find(|p| p.current).expect("the L4 priced now");
        assert_eq!(current.offer, "aws:g6.xlarge");
        // Typed throughput measured nothing: every figure is projected at an assumed
        // efficiency, and says so.
        for p in rows.iter().filter(|p| p.monthly_usd.is_some()) {
            assert_eq!(p.basis, PlacementBasis::ProjectedAssumed, "{}", p.offer);
            assert_eq!(
                short_label(p),
                "projected, not measured: at an assumed efficiency"
            );
            assert_eq!(basis(p.basis), "projected-assumed");
        }
        // Without a model there is no table, and the reason names the field.
        let errors = tco::placements::placements(
            &to_input(&defaults(), None, &mut Vec::new()),
            pricing::bundled_table(),
        )
        .unwrap_err();
        assert_eq!(errors[0].field, "slm.model");
    }
}
