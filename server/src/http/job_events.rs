//! The Server-Sent Events of a queued job, one shape for a benchmark and an eval: the status
//! now (with the latest progress while it runs), then every progress and status change
//! until it finishes. Events are named `status` (a `StatusEvent`) and `progress` (the job's
//! progress type), with JSON data; a finished job's stream says its status once and ends.
//! A job another instance holds (PostgreSQL) is followed in the store: its status and the
//! progress its holder records, read every [`POLL_INTERVAL`].

use std::collections::VecDeque;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use api::bench::{JobStatus, StatusEvent};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream, StreamExt};
use serde::Serialize;
use tokio::sync::broadcast;

use crate::jobs::{JobEvent, LiveState};

/// How often a stream of a job held elsewhere reads the store (its holder records progress
/// about once a second).
pub(super) const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// A job as the store has it now; None from a poll: the read failed (tried again).
pub(super) struct Stored<P> {
    pub(super) status: JobStatus,
    pub(super) error: Option<String>,
    pub(super) progress: Option<P>,
}

/// Reads a job's [`Stored`] state again.
pub(super) type Poll<P> =
    Arc<dyn Fn() -> Pin<Box<dyn Future<Output = Option<Stored<P>>> + Send>> + Send + Sync>;

/// Where a job's stream starts.
pub(super) enum Start<P> {
    /// Queued or running: its state now, and its events from here on.
    Live(LiveState<P>, broadcast::Receiver<JobEvent<P>>),
    /// Finished (a recorded status never changes again), its error already made public.
    Finished {
        status: JobStatus,
        error: Option<String>,
    },
    /// Queued or running, held by another instance (or waiting to be claimed): followed in
    /// the store until it ends.
    Polled(Stored<P>, Poll<P>),
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
        Start::Polled(now, poll) => {
            let events = polled(now, poll).map(Ok::<_, Infallible>);
            return Sse::new(events.boxed()).keep_alive(KeepAlive::default());
        }
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
    Sse::new(events.boxed()).keep_alive(KeepAlive::default())
}

/// The events of a job followed in the store: its state now, then each change of status or
/// progress seen, until a finished status.
fn polled<P>(now: Stored<P>, poll: Poll<P>) -> impl Stream<Item = Event> + Send
where
    P: Serialize + Send + 'static,
{
    struct Follow<P> {
        poll: Poll<P>,
        status: JobStatus,
        progress: Option<String>,
        pending: VecDeque<Event>,
        ended: bool,
    }
    let progress = now
        .progress
        .as_ref()
        .and_then(|p| serde_json::to_string(p).ok());
    let mut pending = VecDeque::from([status_event(now.status, now.error)]);
    pending.extend(now.progress.map(|p| sse_event("progress", &p)));
    let follow = Follow {
        poll,
        status: now.status,
        progress,
        pending,
        ended: now.status.is_finished(),
    };
    stream::unfold(follow, |mut f| async move {
        loop {
            if let Some(event) = f.pending.pop_front() {
                return Some((event, f));
            }
            if f.ended {
                return None;
            }
            tokio::time::sleep(POLL_INTERVAL).await;
            let Some(stored) = (f.poll)().await else {
                continue;
            };
            let progress = stored
                .progress
                .as_ref()
                .and_then(|p| serde_json::to_string(p).ok());
            if progress.is_some() && progress != f.progress {
                f.pending
                    .extend(stored.progress.map(|p| sse_event("progress", &p)));
                f.progress = progress;
            }
            if stored.status != f.status {
                f.status = stored.status;
                f.ended = stored.status.is_finished();
                f.pending
                    .push_back(status_event(stored.status, stored.error));
            }
        }
    })
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
