//! Workload profiles: the presets (each citing its seed and naming its assumptions) and
//! the profiles users saved. Using one fills the scenario's workload section.

use ::api::endpoints::{ListProfiles, SaveProfile};
use leptos::prelude::*;
use leptos::task::spawn_local;
use profiles::{LatencySlo, SavedProfile, Workload};
use tco::format::{count, percent};

use super::matches;
use crate::api::Call;
use crate::app::Page;
use crate::planner::Form;

/// A refused field of a profile in words: its workload fields are the scenario's.
fn profile_words(field: &str) -> String {
    match field {
        "name" => "Profile name".to_string(),
        _ => tco::vocabulary::label(field),
    }
}

fn slo_text(slo: Option<&LatencySlo>) -> String {
    slo.map_or_else(
        || "—".into(),
        |s| format!("TTFT {} ms · {} ms/token", s.ttft_ms, s.tpot_ms),
    )
}

fn workload_text(w: &Workload) -> String {
    format!(
        "{} requests/month · {} in / {} out tokens · cache {} · peak/avg {:.2} · growth {}/month",
        count(w.requests_per_month),
        count(w.input_tokens),
        count(w.output_tokens),
        percent(w.cached_input_share),
        w.peak_to_average,
        percent(w.monthly_growth)
    )
}

/// A preset's weekly shape in words, said to be an assumption as its text says.
fn week_text(weekly: Option<&[f64; 7]>) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    match weekly {
        None => "week: every day alike (no weekly shape)".to_string(),
        Some(days) => format!(
            "weekly shape (assumption): {}",
            DAYS.iter()
                .zip(days)
                .map(|(d, w)| format!("{d} {w}"))
                .collect::<Vec<_>>()
                .join(" · ")
        ),
    }
}

#[component]
pub fn Profiles(form: Form, page: RwSignal<Page>) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let save_name = RwSignal::new(String::new());
    let saved = LocalResource::new(|| Call::<ListProfiles>::new().send());
    let use_preset = move |p: &'static profiles::Preset| {
        form.fill_preset(p);
        page.set(Page::Planner);
    };
    let save = move |_| {
        let Ok((scenario, _)) = form.outcome.get_untracked() else {
            status.set("fix the planner's marked fields before saving its workload".into());
            return;
        };
        let profile = SavedProfile {
            name: save_name.get_untracked(),
            workload: scenario.workload,
            slo: scenario.latency_slo,
        };
        spawn_local(async move {
            match Call::<SaveProfile>::new().send_body(&profile).await {
                Ok(created) => {
                    status.set(format!("saved as {}", created.id));
                    saved.refetch();
                }
                Err(e) => status.set(e.line(profile_words)),
            }
        });
    };
    let presets = move || {
        let q = query.get();
        profiles::presets()
            .iter()
            .filter(|p| matches(&q, &format!("{} {} {}", p.id, p.name, p.from_seed)))
            .map(|p| {
                view! {
                    <article class="preset" id=format!("preset-{}", p.id)>
                        <h3>{p.name.clone()}</h3>
                        <p class="figures">{workload_text(&p.workload)}</p>
                        <p class="figures week">{week_text(p.weekly_shape.as_ref())}</p>
                        <p class="figures">{slo_text(Some(&p.slo))}" · suggested: "{p.suggested_routing.mode.clone()}" "
                            {percent(p.suggested_routing.slm_share)}" to the SLM, "{percent(p.suggested_routing.escalation_rate)}" escalated"</p>
                        <p><strong>"From the seeds ("{p.seed.clone()}"): "</strong>{p.from_seed.clone()}</p>
                        <p><strong>"Assumptions: "</strong>{p.assumptions.clone()}</p>
                        <button type="button" class="use-preset" on:click=move |_| use_preset(p)>"Use this workload"</button>
                    </article>
                }
            })
            .collect_view()
    };
    view! {
        <main class="catalog">
            <h2>"Workload profiles"</h2>
            <div class="toolbar">
                <label for="profile-search">"Search"</label>
                <input id="profile-search" type="search" placeholder="e.g. classification"
                    prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev)) />
            </div>
            <section class="presets">{presets}</section>
            <h2>"Saved profiles"</h2>
            <div class="toolbar">
                <label for="profile-name">"Save the planner's workload as"</label>
                <input id="profile-name" type="text" prop:value=move || save_name.get()
                    on:input=move |ev| save_name.set(event_target_value(&ev)) />
                <button type="button" id="save-profile" on:click=save>"Save"</button>
                <span class="status" id="profile-status">{move || status.get()}</span>
            </div>
            <Suspense fallback=|| view! { <p>"loading…"</p> }>
                {move || saved.get().map(|answer| match answer {
                    Ok(answer) if answer.saved.is_empty() => view! { <p>"None saved yet."</p> }.into_any(),
                    Ok(answer) => view! {
                        <ul class="saved" id="saved-profiles">
                            {answer.saved.into_iter().map(|s| {
                                let (w, slo) = (s.profile.workload, s.profile.slo);
                                view! {
                                    <li id=format!("saved-{}", s.id)>
                                        <strong>{s.name.clone()}</strong>" · "{workload_text(&w)}" · "{slo_text(s.profile.slo.as_ref())}" "
                                        <button type="button" on:click=move |_| { form.fill_workload(&w, slo.as_ref()); page.set(Page::Planner); }>"Use"</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <p class="error">{e.line(profile_words)}</p> }.into_any(),
                })}
            </Suspense>
        </main>
    }
}
