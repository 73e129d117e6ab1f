//! A job that has not finished: its cancel flag, latest progress and event channel. Every
//! event is sent under the job's state lock, and a subscriber reads the state and subscribes
//! under the same lock, so it misses nothing between the two.

use std::sync::atomic::AtomicBool;
use std::sync::{Mutex, MutexGuard};

use bench::{BenchRequest, Progress};
use tokio::sync::broadcast;

use crate::bench_store::JobStatus;

/// What a live job tells its subscribers.
#[derive(Debug, Clone)]
pub enum JobEvent {
    Progress(Progress),
    Status {
        status: JobStatus,
        error: Option<String>,
    },
}

/// A job that has not finished yet.
pub struct LiveJob {
    pub id: i64,
    pub device: String,
    pub(crate) request: BenchRequest,
    pub(crate) command: String,
    pub(crate) cancel: AtomicBool,
    /// Every event is sent while this lock is held, so a subscriber that reads the state and
    /// subscribes under it misses nothing.
    state: Mutex<LiveState>,
    events: broadcast::Sender<JobEvent>,
}

#[derive(Debug, Clone)]
pub struct LiveState {
    pub status: JobStatus,
    pub error: Option<String>,
    pub progress: Option<Progress>,
}

impl LiveJob {
    pub(crate) fn new(id: i64, request: BenchRequest, command: String) -> Self {
        let (events, _) = broadcast::channel(256);
        Self {
            id,
            device: request.device.clone(),
            request,
            command,
            cancel: AtomicBool::new(false),
            state: Mutex::new(LiveState {
                status: JobStatus::Queued,
                error: None,
                progress: None,
            }),
            events,
        }
    }

    fn lock(&self) -> MutexGuard<'_, LiveState> {
        // A poisoned lock only means a panic elsewhere; the state itself stays usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn snapshot(&self) -> LiveState {
        self.lock().clone()
    }

    /// The current state and a receiver for every event after it.
    pub fn subscribe(&self) -> (LiveState, broadcast::Receiver<JobEvent>) {
        let state = self.lock();
        (state.clone(), self.events.subscribe())
    }

    pub(crate) fn progress(&self, progress: &Progress) {
        let mut state = self.lock();
        state.progress = Some(progress.clone());
        let _ = self.events.send(JobEvent::Progress(progress.clone()));
    }

    pub(crate) fn set_status(&self, status: JobStatus, error: Option<String>) {
        let mut state = self.lock();
        state.status = status;
        state.error = error.clone();
        let _ = self.events.send(JobEvent::Status { status, error });
    }
}
