//! The planner's form as a person types into it (issue 16, item 3): "2M" and "40%" are
//! read as meant and change the plan; an invalid field keeps the last results on screen,
//! dimmed and marked "Not updated", and lists every problem at once — the text that is not
//! a number and the range error together — each beside its field and in a list whose
//! entries go to their fields; each field's help opens from a "?"; the load-shape editor's
//! preset days and its bars (keyboard) change the plan.

use anyhow::bail;
use breakeven_tests::fantoccini::Client;
use breakeven_tests::*;

#[tokio::test]
async fn the_form_reads_people_numbers_keeps_results_and_lists_every_error() -> anyhow::Result<()> {
    in_browser(None, drive).await
}

/// The results' figures are dimmed (an earlier plan shown while the form is invalid).
async fn stale(client: &Client) -> anyhow::Result<bool> {
    Ok(element(client, "#results-figures")
        .await?
        .attr("data-stale")
        .await?
        .is_some())
}

async fn drive(client: &Client, base: &str) -> anyhow::Result<()> {
    client.goto(base).await?;
    text_when(client, "#api-monthly", |t| t == "$3,250.00").await?;

    // "2M" is two million requests: GPT-4o's $3,250 a month doubles.
    set_field(client, "#workload-requests_per_month", "2M").await?;
    text_when(client, "#api-monthly", |t| t == "$6,500.00").await?;
    // "40%" of the traffic to the SLM is a share of 0.4: the hybrid priced from "40%" is
    // the one priced from "0.4" (by way of the default 0.8, so each wait sees a change).
    let hybrid_at_80 = element(client, "#hybrid-monthly").await?.text().await?;
    set_field(client, "#routing-slm_share", "0.4").await?;
    text_when(client, "#hybrid-monthly", |t| {
        !t.is_empty() && t != hybrid_at_80
    })
    .await?;
    let hybrid_at_40 = element(client, "#hybrid-monthly").await?.text().await?;
    set_field(client, "#routing-slm_share", "0.8").await?;
    text_when(client, "#hybrid-monthly", |t| t == hybrid_at_80).await?;
    set_field(client, "#routing-slm_share", "40%").await?;
    text_when(client, "#hybrid-monthly", |t| t == hybrid_at_40).await?;
    text_when(client, "#recommended", |t| !t.is_empty()).await?;
    if stale(client).await? {
        bail!("valid input shows dimmed results");
    }

    // A volume that is not a number and a share out of range, at once.
    set_field(client, "#workload-requests_per_month", "lots").await?;
    set_field(client, "#routing-slm_share", "150%").await?;
    text_when(client, "#workload-requests_per_month-error", |t| {
        t.contains("must be a number")
    })
    .await?;
    text_when(client, "#routing-slm_share-error", |t| {
        t.contains("between 0 and 1")
    })
    .await?;
    let listed = text_when(client, "#problems", |t| {
        t.contains("Requests per month")
            && t.contains("must be a number")
            && t.contains("(got 1.5)")
    })
    .await?;
    if listed.contains("workload.requests_per_month") || listed.contains("routing.slm_share") {
        bail!("the list names a field by its path: {listed}");
    }
    // The last results stay, dimmed, under the note that links to the list.
    text_when(client, "#stale-note", |t| {
        t.contains("Not updated: fix 2 fields")
    })
    .await?;
    if !stale(client).await? {
        bail!("the results are not marked as not updated");
    }
    text_when(client, "#api-monthly", |t| t == "$6,500.00").await?;
    scroll_to(client, ".results").await?;
    screenshot(client, "form-invalid-keeps-results.png").await?;
    // An entry of the list goes to its field.
    click(client, "#problems li[data-field='routing.slm_share'] a").await?;
    let focused = client
        .execute("return document.activeElement.id", vec![])
        .await?;
    if focused.as_str() != Some("routing-slm_share") {
        bail!("the list's entry did not focus its field: {focused:?}");
    }
    // A percent where no share is asked is refused, naming the unit it wants.
    set_field(client, "#workload-requests_per_month", "40%").await?;
    text_when(client, "#workload-requests_per_month-error", |t| {
        t.contains("is not a share") && t.contains("requests/month")
    })
    .await?;

    // Fixed: fresh figures, no list, nothing dimmed.
    set_field(client, "#workload-requests_per_month", "2,000,000").await?;
    set_field(client, "#routing-slm_share", "40 %").await?;
    // The dimmed figures already read $6,500: wait for the list to go, then nothing may
    // be dimmed.
    absent(client, "#problems").await?;
    text_when(client, "#api-monthly", |t| t == "$6,500.00").await?;
    if stale(client).await? {
        bail!("valid input still shows dimmed results");
    }

    // Help from the vocabulary behind the "?" beside the volume's name.
    click(client, "#workload-requests_per_month-help summary").await?;
    text_when(client, "#workload-requests_per_month-help .help-pop", |t| {
        t.contains("Requests the workload sends in month 1") && t.contains("Unit: requests/month")
    })
    .await?;
    let expanded = element(client, "#workload-requests_per_month-help")
        .await?
        .attr("open")
        .await?;
    if expanded.is_none() {
        bail!("the help did not open");
    }
    screenshot(client, "form-help-popover.png").await?;

    // A preset day: the evening-peak shape (peak 1.6 × the mean) is flatter than the
    // default's typed peak of 3, which it replaces, so the fleet sized for the busiest hour
    // needs fewer replicas at 2M requests a month.
    let replicas = element(client, "#replicas").await?.text().await?;
    let self_hosted = element(client, "#self-hosted-monthly")
        .await?
        .text()
        .await?;
    click(client, "#load-shape-evening-peak").await?;
    let shape = value_of(client, "#workload-load_shape").await?;
    if shape.split(", ").count() != 24 || !shape.contains("100") {
        bail!("the preset did not fill a 24-hour shape: {shape:?}");
    }
    if !value_of(client, "#workload-peak_to_average")
        .await?
        .is_empty()
    {
        bail!("the typed peak-to-average stayed beside a shape that carries its own");
    }
    text_when(client, "#replicas", |t| !t.is_empty() && t != replicas).await?;
    text_when(client, "#self-hosted-monthly", |t| {
        !t.is_empty() && t != self_hosted
    })
    .await?;
    // A bar moved from the keyboard: End raises the quietest hour (05:00) to the peak, so
    // the shape's peak-to-average (the engine's, shown as the field's placeholder) falls.
    let peak = element(client, "#workload-peak_to_average")
        .await?
        .attr("placeholder")
        .await?
        .unwrap_or_default();
    element(client, "#workload-load_shape-5-bar")
        .await?
        .send_keys("\u{E010}")
        .await?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let now = element(client, "#workload-peak_to_average")
            .await?
            .attr("placeholder")
            .await?
            .unwrap_or_default();
        let hour = value_of(client, "#workload-load_shape-5").await?;
        if hour == "100" && now != peak && now.contains("from the shape") {
            break;
        }
        if std::time::Instant::now() > deadline {
            bail!("End on the 05:00 bar (now {hour:?}) did not change the plan's peak-to-average ({peak} → {now})");
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    scroll_to(client, "#fieldset-traffic").await?;
    screenshot(client, "form-load-shape-editor.png").await?;
    Ok(())
}
