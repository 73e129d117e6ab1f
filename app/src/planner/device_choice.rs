//! A stored benchmark priced on a GPU it did not run on (a CPU benchmark on an L4 offer): the
//! engine warns (`throughput_device`), and this offers the ways to make the figure and the
//! price agree, each visibly — the benchmark's projection onto the GPU priced (or why it has
//! none), the measurement with the device measured priced instead, or the measurement kept
//! as it is with the warning showing. Every figure comes from the stored result through
//! `api::bench::BenchResult::throughput_input`.

use ::api::bench::{BenchResult, ThroughputChoice};
use ::api::endpoints::GetBenchmark;
use ::api::BenchmarkId;
use leptos::prelude::*;
use tco::scenario::GpuBasis;

use super::Form;
use crate::api::Call;

/// A stored benchmark's result, or why there is none.
pub async fn stored_result(id: BenchmarkId) -> Result<BenchResult, String> {
    let benchmark = Call::<GetBenchmark>::at(&id)
        .send()
        .await
        .map_err(|f| f.line(|field| field.to_string()))?;
    benchmark
        .result
        .ok_or_else(|| format!("benchmark #{id} has no result"))
}

/// Puts benchmark `id`'s figures for `choice` into the form, or says why it cannot.
pub fn use_result(
    form: Form,
    id: BenchmarkId,
    r: &BenchResult,
    choice: &ThroughputChoice,
) -> Result<(), String> {
    let (section, prefill, decode) = r.throughput_input(id, choice)?;
    form.use_throughput(section, prefill, decode);
    Ok(())
}

/// The GPU table's offer of the spec GPU `spec_name` to price a GPU measurement on: the
/// cheapest on-demand offer that is not flagged suspect.
fn offer_of(spec_name: &str) -> Option<&'static pricing::gpus::GpuOffer> {
    pricing::gpus::bundled_gpus()
        .defaults()
        .filter(|o| o.spec.as_ref().is_some_and(|s| s.name == spec_name))
        .min_by(|a, b| {
            a.on_demand_usd_per_gpu_hour
                .total_cmp(&b.on_demand_usd_per_gpu_hour)
        })
}

/// What is to be decided: the benchmark and the table offer priced, while the engine warns
/// that the throughput's device is not the GPU priced.
#[derive(Debug, Clone, PartialEq)]
struct Mismatch {
    id: BenchmarkId,
    offer: String,
    /// The offer's GPU by its spec sheet's name (None: the table has no sheet for it).
    spec: Option<String>,
}

fn mismatch(form: Form) -> Option<Mismatch> {
    let id = form
        .throughput
        .with(|t| t.as_ref().and_then(|t| t.benchmark))
        .filter(|id| id.is_finite() && *id >= 1.0)?;
    form.outcome.with(|o| {
        let (s, r) = o.as_ref().ok()?;
        if !r.warnings.iter().any(|w| w.code == "throughput_device") {
            return None;
        }
        let Some(GpuBasis::Table { offer, .. }) = &s.slm.gpu else {
            return None;
        };
        let spec = pricing::gpus::bundled_gpus()
            .get(offer)
            .ok()
            .and_then(|o| o.spec.as_ref())
            .map(|spec| spec.name.clone());
        Some(Mismatch {
            id: BenchmarkId(id as i64),
            offer: offer.clone(),
            spec,
        })
    })
}

/// "Use as measured and price the device measured": the measurement as it was made, and the
/// price switched to what ran it — the GPU table's offer of that GPU, or for a CPU (or a GPU
/// the table does not rent) a typed price the user must give.
fn price_measured(form: Form, m: &Mismatch, r: &BenchResult, note: RwSignal<Option<String>>) {
    if let Err(why) = use_result(form, m.id, r, &ThroughputChoice::Measured) {
        note.set(Some(why));
        return;
    }
    let device = r.device_name();
    let offer = (!device.eq_ignore_ascii_case("cpu"))
        .then(|| tco::throughput::spec_gpu_named(&device))
        .flatten()
        .and_then(|spec| offer_of(&spec));
    match offer {
        Some(offer) => {
            form.set("slm.gpu_source", "table".into());
            form.set("slm.gpu", offer.id.clone());
            form.set("slm.gpu_price", "on_demand".into());
            note.set(Some(format!(
                "Priced on {} ({}), the GPU benchmark #{} ran on, at its on-demand price.",
                offer.id, offer.gpu, m.id
            )));
        }
        None => {
            form.set("slm.gpu_source", "typed".into());
            form.set("slm.gpu_usd_per_hour", String::new());
            let what = if device.eq_ignore_ascii_case("cpu") {
                "CPU instance"
            } else {
                "machine"
            };
            note.set(Some(format!(
                "The GPU table rents no {device}: type the hourly price of the {what} benchmark #{} ran on ({}) as the GPU price, per instance-hour.",
                m.id,
                r.hardware()
            )));
        }
    }
}

#[component]
pub fn DeviceChoices(form: Form) -> impl IntoView {
    let wanted = Memo::new(move |_| mismatch(form));
    let id = Memo::new(move |_| wanted.with(|w| w.as_ref().map(|w| w.id)));
    let result = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => Some(stored_result(id).await),
                None => None,
            }
        }
    });
    let kept = RwSignal::new(None::<Mismatch>);
    let note = RwSignal::new(None::<String>);
    let choices = move || {
        let m = wanted.get()?;
        if kept.with(|k| k.as_ref() == Some(&m)) {
            return None;
        }
        let body = match result.get().flatten() {
            None => {
                view! { <p class="hint">"Reading benchmark #"{m.id.to_string()}"…"</p> }.into_any()
            }
            Some(Err(why)) => view! { <p class="error">{why}</p> }.into_any(),
            Some(Ok(r)) => options(form, m.clone(), r, kept, note).into_any(),
        };
        Some(view! {
            <div class="device-choices" id="device-choices" data-device-choices=m.offer.clone()>
                {body}
            </div>
        })
    };
    view! {
        {choices}
        {move || note.get().map(|n| view! { <p class="note" id="device-choice-note" role="status">{n}</p> })}
    }
}

fn options(
    form: Form,
    m: Mismatch,
    r: BenchResult,
    kept: RwSignal<Option<Mismatch>>,
    note: RwSignal<Option<String>>,
) -> impl IntoView {
    let device = r.device_name();
    let projection = match &m.spec {
        None => Err(format!(
            "the GPU table has no spec sheet for {}'s GPU, so there is nothing to project onto",
            m.offer
        )),
        Some(spec) => r
            .throughput_input(m.id, &ThroughputChoice::Projected(spec.clone()))
            .map(|_| spec.clone()),
    };
    let project = {
        let (m, r) = (m.clone(), r.clone());
        move |_| {
            if let Some(spec) = m.spec.clone() {
                match use_result(form, m.id, &r, &ThroughputChoice::Projected(spec)) {
                    Ok(()) => note.set(None),
                    Err(why) => note.set(Some(why)),
                }
            }
        }
    };
    let measured = {
        let (m, r) = (m.clone(), r.clone());
        move |_| price_measured(form, &m, &r, note)
    };
    let keep = {
        let m = m.clone();
        move |_| {
            note.set(None);
            kept.set(Some(m.clone()));
        }
    };
    let (id, offer) = (m.id, m.offer.clone());
    view! {
        <p>{format!("Benchmark #{id} ran on {device}; this scenario is priced on {offer}. Choose which figure to price:")}</p>
        <ul class="choices">
            {match projection {
                Ok(spec) => view! {
                    <li><button type="button" class="primary" data-choice="projection" on:click=project>
                        {format!("Use the projection for {spec}")}</button>
                        <span class="sub">" projected, not measured: the "{spec.clone()}" spec sheet × the efficiency measured on "{device.clone()}</span></li>
                }.into_any(),
                Err(why) => view! {
                    <li data-choice="no-projection">{format!("No projection for {offer}: {why}.")}</li>
                }.into_any(),
            }}
            <li><button type="button" data-choice="price-measured" on:click=measured>
                "Use as measured and price the device measured"</button>
                <span class="sub">{format!(" ({})", r.hardware())}</span></li>
            <li><button type="button" data-choice="keep" on:click=keep>
                "Keep the measurement as it is"</button>
                <span class="sub">" (priced on the offer; the warning stays)"</span></li>
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gpu_measured_is_priced_on_the_cheapest_sound_offer_of_it() {
        let table = pricing::gpus::bundled_gpus();
        let l4 = offer_of("L4").expect("the table rents L4s");
        assert_eq!(l4.spec.as_ref().map(|s| s.name.as_str()), Some("L4"));
        assert_ne!(l4.flag, "suspect");
        for other in table.defaults() {
            if other.spec.as_ref().is_some_and(|s| s.name == "L4") {
                assert!(l4.on_demand_usd_per_gpu_hour <= other.on_demand_usd_per_gpu_hour);
            }
        }
        // A CPU, or a GPU the table does not rent, has no offer: its price is typed.
        assert!(offer_of("cpu").is_none());
        assert!(offer_of("No Such GPU").is_none());
    }
}
