//! The planner's session in headless Chromium against the real server: the address follows
//! the scenario (unsaved edits in `?state=`, a saved one at `/p/<id>?revision=N`), so a
//! reload and back/forward bring the same work back; Undo, Redo and Reset; Save as copy
//! names the copy once and its revision 1 is the form; the shared view's Fork to edit.
//!
//! Worked figures (the ticket-classification preset on GPT-4o, 400 fresh input tokens and 5
//! output per request): N requests × (400·$2.50 + 5·$10)/1e6 = N × $0.00105, so 300k is
//! $315.00, 600k $630.00 and 150k $157.50 a month on the API.

use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use breakeven_tests::fantoccini::Client;
use breakeven_tests::*;

const VOLUME: &str = "#workload-requests_per_month";

/// The address bar's path and query, once `ok` holds for it.
#[track_caller]
fn address_when<'a>(
    client: &'a Client,
    ok: impl Fn(&str) -> bool + 'a,
) -> impl std::future::Future<Output = anyhow::Result<String>> + 'a {
    let line = std::panic::Location::caller().line();
    async move {
        address_at(client, ok)
            .await
            .with_context(|| format!("session.rs line {line}"))
    }
}

async fn address_at(client: &Client, ok: impl Fn(&str) -> bool) -> anyhow::Result<String> {
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut last = String::new();
    while Instant::now() < deadline {
        let url = client.current_url().await?;
        last = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        };
        if ok(&last) {
            return Ok(last);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let carried = carried(&last).map(|s| (volume(&s), s.name));
    bail!("the address never became as expected; last seen: {last:?}, carrying {carried:?}")
}

/// The scenario an address carries in `?state=`, if any.
fn carried(address: &str) -> Option<tco::ScenarioInput> {
    let state = address.split("state=").nth(1)?.split('&').next()?;
    tco::share::decode(state).ok().map(|s| s.scenario)
}

fn volume(scenario: &tco::ScenarioInput) -> Option<f64> {
    scenario.workload.as_ref()?.requests_per_month
}

/// Whether the address carries edits with this name and volume (settled, not half-typed).
fn carries(address: &str, name: &str, requests: f64) -> bool {
    carried(address)
        .is_some_and(|s| s.name.as_deref() == Some(name) && volume(&s) == Some(requests))
}

/// The saved scenario's id in an address `/p/<id>?…`.
fn edited_id(address: &str) -> anyhow::Result<String> {
    let id = address
        .strip_prefix("/p/")
        .and_then(|rest| rest.split('?').next())
        .with_context(|| format!("{address:?} is not a saved scenario's address"))?;
    if id.len() != 32 {
        bail!("{id:?} is not a scenario id");
    }
    Ok(id.to_string())
}

async fn api_is(client: &Client, figure: &str) -> anyhow::Result<()> {
    text_when(client, "#api-monthly", |t| t == figure).await?;
    Ok(())
}

async fn status_is(client: &Client, status: &str) -> anyhow::Result<()> {
    text_when(client, "#scenario-status", |t| t == status).await?;
    Ok(())
}

/// Whether the button can be pressed now.
async fn enabled(client: &Client, css: &str) -> anyhow::Result<bool> {
    Ok(element(client, css)
        .await?
        .attr("disabled")
        .await?
        .is_none())
}

#[tokio::test]
async fn the_address_follows_the_scenario_with_undo_reset_copies_and_forks() -> anyhow::Result<()> {
    in_browser(None, async |client, base| {
        client.goto(base).await?;
        status_is(client, "Not saved").await?;
        api_is(client, "$3,250.00").await?;
        if enabled(client, "#undo").await? || enabled(client, "#redo").await? {
            bail!("Undo or Redo is offered before any edit");
        }
        element(
            client,
            "#workload-preset option[value='preset:ticket-classification']",
        )
        .await?;
        element(client, "#workload-preset")
            .await?
            .select_by_value("preset:ticket-classification")
            .await?;
        api_is(client, "$315.00").await?;
        set_field(client, "#name", "Tickets").await?;

        // Unsaved edits ride in the address: a reload brings them back.
        address_when(client, |a| {
            a.starts_with("/?state=1.") && carries(a, "Tickets", 300_000.0)
        })
        .await?;
        client.refresh().await?;
        api_is(client, "$315.00").await?;
        status_is(client, "Not saved").await?;
        if value_of(client, "#name").await? != "Tickets" {
            bail!("the reload lost the name");
        }

        // Saved: the id is in the path, and no state while the form is as saved.
        click(client, "#save-scenario").await?;
        status_is(client, "Tickets · revision 1 of 1").await?;
        let saved = address_when(client, |a| {
            a.starts_with("/p/") && a.ends_with("?revision=1")
        })
        .await?;
        let id = edited_id(&saved)?;

        // Edits of the saved revision ride in the address too; a reload keeps both.
        set_field(client, VOLUME, "600000").await?;
        api_is(client, "$630.00").await?;
        address_when(client, |a| {
            a.starts_with(&format!("/p/{id}?revision=1&state=1."))
                && carries(a, "Tickets", 600_000.0)
        })
        .await?;
        client.refresh().await?;
        status_is(client, "Tickets · revision 1 of 1").await?;
        api_is(client, "$630.00").await?;
        if value_of(client, VOLUME).await? != "600000" {
            bail!("the reload lost the edited volume");
        }
        text_when(client, "#scenario-note", |t| t.contains("not saved yet")).await?;

        // Undo steps back to the saved revision (the reload kept the step), Redo forward.
        click(client, "#undo").await?;
        api_is(client, "$315.00").await?;
        address_when(client, |a| a == format!("/p/{id}?revision=1")).await?;
        click(client, "#redo").await?;
        api_is(client, "$630.00").await?;
        // Each settled edit is a step: 600k → 150k, undone twice, is the saved form again.
        set_field(client, VOLUME, "150000").await?;
        api_is(client, "$157.50").await?;
        if enabled(client, "#redo").await? {
            bail!("Redo is offered after a new edit");
        }
        click(client, "#undo").await?;
        api_is(client, "$630.00").await?;
        click(client, "#undo").await?;
        api_is(client, "$315.00").await?;
        if value_of(client, VOLUME).await? != "300000" {
            bail!("Undo did not restore the volume's field");
        }

        // Reset returns to the saved revision, and is itself an edit Undo reverts.
        set_field(client, VOLUME, "150000").await?;
        api_is(client, "$157.50").await?;
        element(client, "#reset")
            .await?
            .send_keys("\u{E007}")
            .await?; // Enter
        api_is(client, "$315.00").await?;
        click(client, "#undo").await?;
        api_is(client, "$157.50").await?;

        // A second revision is a new history entry: back is revision 1 with the edits it
        // had, forward revision 2.
        set_field(client, VOLUME, "600000").await?;
        api_is(client, "$630.00").await?;
        // (As a person pausing before Save: the edit has reached the address.)
        address_when(client, |a| carries(a, "Tickets", 600_000.0)).await?;
        click(client, "#save-scenario").await?;
        status_is(client, "Tickets · revision 2 of 2").await?;
        address_when(client, |a| a == format!("/p/{id}?revision=2")).await?;
        client.back().await?;
        status_is(client, "Tickets · revision 1 of 2").await?;
        api_is(client, "$630.00").await?;
        client.forward().await?;
        status_is(client, "Tickets · revision 2 of 2").await?;
        api_is(client, "$630.00").await?;

        // Save as copy: named once from the current name, a scenario of its own whose
        // revision 1 is the form; the original is unchanged.
        set_field(client, VOLUME, "150000").await?;
        api_is(client, "$157.50").await?;
        address_when(client, |a| carries(a, "Tickets", 150_000.0)).await?;
        click(client, "#save-copy").await?;
        status_is(client, "Tickets (copy) · revision 1 of 1").await?;
        let copy = address_when(client, |a| a.starts_with("/p/") && !a.contains(&id)).await?;
        let copy_id = edited_id(&copy)?;
        click(client, "#show-revisions").await?;
        let revisions = text_when(client, "#revision-list", |t| !t.is_empty()).await?;
        if revisions.lines().count() != 1 || !revisions.contains("Tickets (copy)") {
            bail!("the copy's revisions are {revisions:?}");
        }
        click(client, "#revision-list .open-revision[data-revision='1']").await?;
        api_is(client, "$157.50").await?;
        // A name the user changed is the copy's name as typed, not "… (copy)".
        set_field(client, "#name", "Tickets at scale").await?;
        address_when(client, |a| carries(a, "Tickets at scale", 150_000.0)).await?;
        click(client, "#save-copy").await?;
        status_is(client, "Tickets at scale · revision 1 of 1").await?;
        // Back through the copies to the original, as saved.
        client.back().await?;
        address_when(client, |a| a.starts_with(&format!("/p/{copy_id}"))).await?;
        status_is(client, "Tickets (copy) · revision 1 of 1").await?;
        client.goto(&format!("{base}/p/{id}")).await?;
        status_is(client, "Tickets · revision 2 of 2").await?;
        api_is(client, "$630.00").await?;
        address_when(client, |a| a == format!("/p/{id}?revision=2")).await?;

        // The shared view asks nothing of a reader but offers Fork to edit: an unsaved copy.
        client.goto(&format!("{base}/s/{id}")).await?;
        text_when(client, "#shared-name", |t| t == "Tickets").await?;
        let hint = text_when(client, "#monte-carlo-hint", |t| !t.is_empty()).await?;
        if hint.contains("tick")
            || hint.contains("planner's form")
            || !hint.contains("Fork to edit")
        {
            bail!("the shared view's Monte Carlo hint is {hint:?}");
        }
        click(client, "#fork").await?;
        status_is(client, "Not saved").await?;
        api_is(client, "$630.00").await?;
        if value_of(client, "#name").await? != "Tickets (copy)" {
            bail!("the fork is not named as a copy");
        }
        address_when(client, |a| {
            a.starts_with("/?state=1.") && carries(a, "Tickets (copy)", 600_000.0)
        })
        .await?;
        // Reset of an unsaved copy is the default scenario.
        click(client, "#reset").await?;
        api_is(client, "$3,250.00").await?;
        client.back().await?;
        text_when(client, "#shared-name", |t| t == "Tickets").await?;
        Ok(())
    })
    .await
}
