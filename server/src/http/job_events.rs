//! The Server-Sent Events of a queued job, one shape for a benchmark and an eval: the status
//! now (with the latest progress while it runs), then every progress and status change
//! until it finishes. Events are named `status` (a `StatusEvent`) and `progress` (the job's
//! progress type), with JSON data; a finished job's stream says its status once and ends.

use std::convert::Infallible;

use api::bench::{JobStatus, StatusEvent};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream, StreamExt};
use serde::Serialize;
use tokio::sync::broadcast;

use crate::jobs::{JobEvent, LiveState};

/// Where a job's stream starts.
pub(super) enum Start<P> {
    /// Queued or running: its state now, and its events from here on.
    Live(LiveState<P>, broadcast::Receiver<JobEvent<P>>),
    /// Finished (a recorded status never changes again), its error already made public.
    Finished {
        status: JobStatus,
        error: Option<String>,
    },
}

/// The job's events from `start` on.
pub(super) fn stream<P>(start: Start<P>) -> Sse<impl Stream<Item = Result<Event, Infallible>>>
where
    P: Serialize + Clone + Send + 'static,
{
    let (first, receiver) = match start {
        Start::Live(now, receiver) => {
            let mut first = vec![status_event(now.status, now.error)];
            first.extend(now.progress.map(|p| sse_event("progress", &p)));
            (first, Some(receiver))
        }
        Start::Finished { status, error } => (vec![status_event(status, error)], None),
    };
    let rest = stream::unfold(receiver, |receiver| async move {
        let mut receiver = receiver?;
        loop {
            match receiver.recv().await {
                Ok(JobEvent::Progress(p)) => {
                    return Some((sse_event("progress", &p), Some(receiver)))
                }
                Ok(JobEvent::Status { status, error }) => {
                    let next = (!status.is_finished()).then_some(receiver);
                    return Some((status_event(status, error), next));
                }
                // Only old progress is dropped when a slow reader lags; the end still comes.
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let events = stream::iter(first).chain(rest).map(Ok);
    Sse::new(events).keep_alive(KeepAlive::default())
}

fn sse_event(name: &'static str, data: &impl Serialize) -> Event {
    Event::default()
        .event(name)
        .json_data(data)
        .unwrap_or_else(|_| Event::default().event(name).data("{}"))
}

fn status_event(status: JobStatus, error: Option<String>) -> Event {
    sse_event("status", &StatusEvent { status, error })
}
