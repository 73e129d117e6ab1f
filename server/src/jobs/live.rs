//! A job that has not finished: its cancel flag, latest progress and event channel. Every
//! event is sent under the job's state lock, and a subscriber reads the state and subscribes
//! under the same lock, so it misses nothing between the two. A benchmark ([`LiveJob`]) and a
//! quality eval ([`LiveEval`]) are the same kind of job over their own id, request and
//! progress types.

use std::sync::atomic::AtomicBool;
use std::sync::{Mutex, MutexGuard};

use api::bench::{BenchRequest, Device, JobStatus, Progress};
use api::quality::{EvalProgress, EvalRequest};
use api::{BenchmarkId, EvalId};
use quality::sample::Sample;
use tokio::sync::broadcast;

/// What a live job tells its subscribers.
#[derive(Debug, Clone)]
pub enum JobEvent<P = Progress> {
    /// The job moved on (a benchmark's phase, fraction, points so far; an eval's items).
    Progress(P),
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

/// A job that has not finished yet: a benchmark unless said otherwise.
pub struct LiveJob<Id = BenchmarkId, R = BenchRequest, P = Progress> {
    /// Its row in the `benchmarks` (or `evals`) table.
    pub id: Id,
    /// The worker that runs it.
    pub lane: Lane,
    pub(super) request: R,
    pub(super) command: String,
    pub(super) cancel: AtomicBool,
    /// Every event is sent while this lock is held, so a subscriber that reads the state and
    /// subscribes under it misses nothing.
    state: Mutex<LiveState<P>>,
    events: broadcast::Sender<JobEvent<P>>,
}

/// What a queued eval runs: the request as stored, the weights' full path and the sample,
/// read once when the eval was submitted (the only copy the server holds of it).
pub struct EvalWork {
    /// The request (an inline sample's text left out).
    pub request: EvalRequest,
    /// The weights file inside the models directory.
    pub weights: std::path::PathBuf,
    /// The sample as read.
    pub sample: Sample,
    /// How results name the sample.
    pub sample_name: String,
}

/// A quality eval that has not finished yet.
pub type LiveEval = LiveJob<EvalId, EvalWork, EvalProgress>;

/// What a live job has reported so far.
#[derive(Debug, Clone)]
pub struct LiveState<P = Progress> {
    /// Queued or running (finished once the last event is sent).
    pub status: JobStatus,
    /// Why it failed, if it did.
    pub error: Option<String>,
    /// The latest progress, once it runs.
    pub progress: Option<P>,
}

impl LiveJob {
    pub(super) fn new(id: BenchmarkId, request: BenchRequest, command: String) -> Self {
        Self::in_lane(id, Lane::of(&request), request, command)
    }
}

impl LiveEval {
    pub(super) fn eval(id: EvalId, work: EvalWork, command: String) -> Self {
        Self::in_lane(id, Lane::Device(work.request.device), work, command)
    }
}

impl<Id, R, P: Clone> LiveJob<Id, R, P> {
    fn in_lane(id: Id, lane: Lane, request: R, command: String) -> Self {
        let (events, _) = broadcast::channel(256);
        Self {
            id,
            lane,
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

    fn lock(&self) -> MutexGuard<'_, LiveState<P>> {
        // A poisoned lock only means a panic elsewhere; the state itself stays usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// What the job has reported so far.
    pub fn snapshot(&self) -> LiveState<P> {
        self.lock().clone()
    }

    /// The current state and a receiver for every event after it.
    pub fn subscribe(&self) -> (LiveState<P>, broadcast::Receiver<JobEvent<P>>) {
        let state = self.lock();
        (state.clone(), self.events.subscribe())
    }

    pub(super) fn progress(&self, progress: &P) {
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
