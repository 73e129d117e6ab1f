//! A job that has not finished: its cancel flag, latest progress and event channel. Every
//! event is sent under the job's state lock, and a subscriber reads the state and subscribes
//! under the same lock, so it misses nothing between the two.

use std::sync::atomic::AtomicBool;
use std::sync::{Mutex, MutexGuard};

use api::bench::{BenchRequest, Device, JobStatus, Progress};
use api::BenchmarkId;
use tokio::sync::broadcast;

/// What a live job tells its subscribers.
#[derive(Debug, Clone)]
pub enum JobEvent {
    /// The benchmark moved on (phase, fraction, points so far).
    Progress(Progress),
    /// The job's status changed; a finished status is the last event.
    Status {
        /// The new status.
        status: JobStatus,
        /// Why it failed, if it did.
        error: Option<String>,
    },
}

/// The line a job waits in: one per device, and one for endpoint benchmarks, which only
/// wait on the network and so never hold up (or wait for) a device's jobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lane {
    /// Candle on this device.
    Device(Device),
    /// An OpenAI-compatible endpoint measured over HTTP.
    Endpoint,
}

impl Lane {
    /// The line `request` waits in.
    pub fn of(request: &BenchRequest) -> Self {
        match request.endpoint {
            Some(_) => Lane::Endpoint,
            None => Lane::Device(request.device),
        }
    }
}

impl std::fmt::Display for Lane {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Lane::Device(device) => write!(f, "device {device}"),
            Lane::Endpoint => f.write_str("endpoint benchmarks"),
        }
    }
}

/// A job that has not finished yet.
pub struct LiveJob {
    /// Its row in the `benchmarks` table.
    pub id: BenchmarkId,
    /// The worker that runs it.
    pub lane: Lane,
    pub(super) request: BenchRequest,
    pub(super) command: String,
    pub(super) cancel: AtomicBool,
    /// Every event is sent while this lock is held, so a subscriber that reads the state and
    /// subscribes under it misses nothing.
    state: Mutex<LiveState>,
    events: broadcast::Sender<JobEvent>,
}

/// What a live job has reported so far.
#[derive(Debug, Clone)]
pub struct LiveState {
    /// Queued or running (finished once the last event is sent).
    pub status: JobStatus,
    /// Why it failed, if it did.
    pub error: Option<String>,
    /// The latest progress, once it runs.
    pub progress: Option<Progress>,
}

impl LiveJob {
    pub(super) fn new(id: BenchmarkId, request: BenchRequest, command: String) -> Self {
        let (events, _) = broadcast::channel(256);
        Self {
            id,
            lane: Lane::of(&request),
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

    /// What the job has reported so far.
    pub fn snapshot(&self) -> LiveState {
        self.lock().clone()
    }

    /// The current state and a receiver for every event after it.
    pub fn subscribe(&self) -> (LiveState, broadcast::Receiver<JobEvent>) {
        let state = self.lock();
        (state.clone(), self.events.subscribe())
    }

    pub(super) fn progress(&self, progress: &Progress) {
        let mut state = self.lock();
        state.progress = Some(progress.clone());
        let _ = self.events.send(JobEvent::Progress(progress.clone()));
    }

    pub(super) fn set_status(&self, status: JobStatus, error: Option<String>) {
        let mut state = self.lock();
        state.status = status;
        state.error = error.clone();
        let _ = self.events.send(JobEvent::Status { status, error });
    }
}
