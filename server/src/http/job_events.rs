//! The Server-Sent Events of a queued job, one shape for a benchmark and an eval: the status
//! now (with the latest progress while it runs), then every progress and status change
//! until it finishes. Events are named `status` (a `StatusEvent`) and `progress` (the job's
//! progress type), with JSON data; a finished job's stream says its status once and ends.
//! A job another instance holds (PostgreSQL) is followed in the store: its status and the
//! progress its holder records, read every [`POLL_INTERVAL`]; once this instance claims it
//! (a queued job any instance may take), the stream follows its live events instead.

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

/// The job's live state and events, once this instance runs it.
pub(super) type Attach<P> =
    Arc<dyn Fn() -> Option<(LiveState<P>, broadcast::Receiver<JobEvent<P>>)> + Send + Sync>;

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
    /// the store until it ends, or live from when this instance runs it.
    Polled(Stored<P>, Poll<P>, Attach<P>),
}

/// Where the stream of a job this instance does not run starts: `now` once when it has
/// finished (or on a database no other instance shares), else followed in the store with
/// `read` until it ends, or through `attach` once this instance runs it.
pub(super) fn from_store<P, F, R>(
    now: Stored<P>,
    shared: bool,
    read: F,
    attach: Attach<P>,
) -> Start<P>
where
    F: Fn() -> R + Send + Sync + 'static,
    R: Future<Output = Option<Stored<P>>> + Send + 'static,
{
    if shared && !now.status.is_finished() {
        let poll: Poll<P> = Arc::new(move || Box::pin(read()));
        Start::Polled(now, poll, attach)
    } else {
        Start::Finished {
            status: now.status,
            error: now.error,
        }
    }
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
        Start::Polled(now, poll, attach) => {
            let events = polled(now, poll, attach).map(Ok::<_, Infallible>);
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
/// progress seen, until a finished status; from when this instance runs the job, its live
/// events (every step, the last included), back to the store if they stop short of the end.
fn polled<P>(now: Stored<P>, poll: Poll<P>, attach: Attach<P>) -> impl Stream<Item = Event> + Send
where
    P: Serialize + Clone + Send + 'static,
{
    struct Follow<P> {
        poll: Poll<P>,
        attach: Attach<P>,
        live: Option<broadcast::Receiver<JobEvent<P>>>,
        status: JobStatus,
        progress: Option<String>,
        pending: VecDeque<Event>,
        ended: bool,
    }
    impl<P: Serialize> Follow<P> {
        /// Queues what changed: a progress unlike the last one sent, then a new status.
        fn seen(&mut self, status: JobStatus, error: Option<String>, progress: Option<P>) {
            let text = progress
                .as_ref()
                .and_then(|p| serde_json::to_string(p).ok());
            if text.is_some() && text != self.progress {
                self.pending
                    .extend(progress.map(|p| sse_event("progress", &p)));
                self.progress = text;
            }
            if status != self.status {
                self.status = status;
                self.ended = status.is_finished();
                self.pending.push_back(status_event(status, error));
            }
        }
    }
    let mut follow = Follow {
        poll,
        attach,
        live: None,
        status: now.status,
        progress: None,
        pending: VecDeque::from([status_event(now.status, now.error)]),
        ended: now.status.is_finished(),
    };
    follow.seen(now.status, None, now.progress);
    stream::unfold(follow, |mut f| async move {
        loop {
            if let Some(event) = f.pending.pop_front() {
                return Some((event, f));
            }
            if f.ended {
                return None;
            }
            if let Some(receiver) = f.live.as_mut() {
                match receiver.recv().await {
                    Ok(JobEvent::Progress(p)) => {
                        let status = f.status;
                        f.seen(status, None, Some(p));
                    }
                    Ok(JobEvent::Status { status, error }) => f.seen(status, error, None),
                    Err(broadcast::error::RecvError::Lagged(_)) => {}
                    // Ended without a finished status reaching us: the store has it.
                    Err(broadcast::error::RecvError::Closed) => f.live = None,
                }
                continue;
            }
            if let Some((now, receiver)) = (f.attach)() {
                f.seen(now.status, now.error, now.progress);
                f.live = Some(receiver);
                continue;
            }
            tokio::time::sleep(POLL_INTERVAL).await;
            if let Some(stored) = (f.poll)().await {
                f.seen(stored.status, stored.error, stored.progress);
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
