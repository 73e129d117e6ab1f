//! The job queue of benchmarks and quality evals (`eval`). One worker per lane (a device,
//! `cpu`, `cuda:0`, …, or the endpoint benchmarks), started the first time that lane gets a
//! job; a worker runs its jobs one at a time, first in first out (a device's benchmarks and
//! evals in one line, so an eval never runs beside a benchmark it would slow down), a device's each on a blocking thread inside
//! `catch_unwind`, an endpoint's on a task of its own (a panic ends only that task). The database row is the record
//! (`store::benchmarks`); what only a live job has (its cancel flag, latest progress, event
//! channel) lives here until the job ends.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use api::bench::{BenchRequest, BenchResult, JobStatus, Progress, WeightsSource};
use api::BenchmarkId;
use bench::BenchError;
use tokio::sync::mpsc;

use super::live::{Lane, LiveEval, LiveJob};
use super::public::public_text;
use super::shared::Shared;
use crate::endpoint_bench::{self, EndpointError};
use crate::store::benchmarks::{self as store, STOPPED_MESSAGE};
use crate::store::{leases, Db, StoreError};

/// What a job that panicked or failed inside candle is marked with (the log has the cause).
const GENERIC_FAILURE: &str = "the benchmark failed unexpectedly; the server log has the details";

/// Why a job could not be queued.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The lane's worker is gone (it never stops on its own); the job is marked failed.
    #[error("the worker for {0} stopped")]
    WorkerStopped(Lane),
    /// The lane already holds its running job and `waiting` queued ones; nothing was stored.
    #[error("the queue for {lane} is full: one running and {waiting} waiting (serve --bench-queue {waiting}); try again when one has finished")]
    Full {
        /// The full lane.
        lane: Lane,
        /// Jobs that may wait in a lane besides the running one.
        waiting: usize,
    },
}

/// Jobs that may wait in one lane besides the one it runs (`serve --bench-queue`). A CPU
/// benchmark takes minutes and holds every core, so a longer line only means a longer wait
/// for the last in it; four lets a few people queue one each. Past it a submission is 429.
pub const DEFAULT_QUEUE_WAITING: usize = 4;

/// `Retry-After` of a full queue, seconds: about the shortest CPU benchmark (load, probes and
/// one concurrency of a small model), so a retry has a chance to find a free place.
pub const QUEUE_RETRY_AFTER_S: u64 = 60;

/// The queue, shared by every handler (cheap to clone).
#[derive(Clone)]
pub struct BenchQueue {
    db: Db,
    /// This instance's id and lease: whom the jobs it holds name (on PostgreSQL).
    pub(super) shared: Arc<Shared>,
    inner: Arc<Mutex<Inner>>,
    /// Jobs that may wait per lane besides the running one.
    waiting: usize,
    /// `serve --models-dir`: a request names weights relative to it, and nothing a job
    /// stores or streams shows it.
    models_dir: Arc<PathBuf>,
    /// Set by [`BenchQueue::shutdown`]: interrupted jobs are then failed, not cancelled.
    stopping: Arc<AtomicBool>,
}

mod eval;

/// What a lane's worker is handed.
pub(super) enum Job {
    /// A benchmark, and whether this instance has already claimed it from the shared queue
    /// (then it is running in the database already).
    Benchmark(Arc<LiveJob>, Claimed),
    /// A quality eval.
    Eval(Arc<LiveEval>),
}

/// Whether a benchmark handed to a worker was claimed from the shared queue (PostgreSQL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Claimed {
    /// Queued by this instance for itself: its worker marks it running.
    No,
    /// Claimed: already running in the database, held by this instance.
    Yes,
}

#[derive(Default)]
pub(super) struct Inner {
    workers: HashMap<Lane, mpsc::UnboundedSender<Job>>,
    pub(super) live: HashMap<BenchmarkId, Arc<LiveJob>>,
    /// The evals queued or running.
    pub(super) evals: HashMap<api::EvalId, Arc<LiveEval>>,
    /// Submissions past the limit check whose row is being written, by lane: they count
    /// against the limit until they are live, so concurrent submissions cannot overshoot it.
    reserved: HashMap<Lane, usize>,
}

impl Inner {
    /// Live jobs (benchmarks and evals) in `lane`.
    pub(super) fn in_lane(&self, lane: Lane) -> usize {
        let benchmarks = self.live.values().filter(|j| j.lane == lane).count();
        benchmarks + self.evals.values().filter(|j| j.lane == lane).count()
    }

    /// Hands `job` to `lane`'s worker (started now if it has none); gives it back when the
    /// worker is gone (it never stops on its own), forgetting the worker.
    pub(super) fn send(&mut self, queue: &BenchQueue, lane: Lane, job: Job) -> Result<(), Job> {
        let sender = self.workers.entry(lane).or_insert_with(|| {
            let (tx, rx) = mpsc::unbounded_channel();
            tokio::spawn(worker(queue.clone(), lane, rx));
            tx
        });
        sender.send(job).map_err(|mpsc::error::SendError(job)| {
            self.workers.remove(&lane);
            job
        })
    }
}

/// What a cancel request did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelOutcome {
    /// It was queued and is now cancelled, or it is running and will stop soon.
    Accepted(JobStatus),
    /// It had already ended with this status.
    AlreadyFinished(JobStatus),
    /// No job has this id.
    NotFound,
}

impl BenchQueue {
    /// An empty queue over the database; workers start with their device's first job.
    pub fn new(db: Db) -> Self {
        Self {
            db,
            shared: Arc::new(Shared::new()),
            inner: Arc::default(),
            waiting: DEFAULT_QUEUE_WAITING,
            models_dir: Arc::new(PathBuf::from(crate::state::DEFAULT_MODELS_DIR)),
            stopping: Arc::default(),
        }
    }

    /// At most `waiting` jobs wait in a lane besides its running one (before any is queued).
    pub fn with_waiting(mut self, waiting: usize) -> Self {
        self.waiting = waiting;
        self
    }

    /// Weights named in requests are files in `dir` (before any job is queued).
    pub fn with_models_dir(mut self, dir: Arc<PathBuf>) -> Self {
        self.models_dir = dir;
        self
    }

    /// Jobs that may wait per lane besides the running one.
    pub fn waiting_limit(&self) -> usize {
        self.waiting
    }

    /// `text` as a job may store or stream it: no backtrace, no path on this machine.
    pub fn public(&self, text: &str) -> String {
        public_text(text, &self.models_dir)
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The job, while it is queued or running.
    pub fn live(&self, id: BenchmarkId) -> Option<Arc<LiveJob>> {
        self.lock().live.get(&id).cloned()
    }

    /// Stores the job as queued and hands it to its device's worker. Returns its id and how
    /// many jobs on the same device are ahead of it (0: it starts now); [`QueueError::Full`]
    /// (nothing stored) when its lane already holds a running job and the waiting limit.
    /// Weights are named relative to the models directory in `request` (as stored) and run
    /// from inside it.
    pub async fn submit(
        &self,
        request: BenchRequest,
        command: String,
    ) -> Result<(BenchmarkId, usize), QueueError> {
        let lane = Lane::of(&request);
        if let (Db::Postgres(pool), Lane::Device(_)) = (&self.db, lane) {
            return self.submit_shared(pool, lane, &request, &command).await;
        }
        {
            let mut inner = self.lock();
            let live = inner.in_lane(lane);
            let reserved = inner.reserved.get(&lane).copied().unwrap_or(0);
            if live + reserved > self.waiting {
                let waiting = self.waiting;
                return Err(QueueError::Full { lane, waiting });
            }
            *inner.reserved.entry(lane).or_default() += 1;
        }
        let holder = self.shared.holder();
        let inserted =
            store::insert_queued(&self.db, &request, &command, Some(holder.as_ref())).await;
        let unreserve = |inner: &mut Inner| {
            if let Some(n) = inner.reserved.get_mut(&lane) {
                *n = n.saturating_sub(1);
            }
        };
        let id = match inserted {
            Ok(id) => id,
            Err(e) => {
                unreserve(&mut self.lock());
                return Err(e.into());
            }
        };
        let run = resolved(request, &self.models_dir);
        let job = Arc::new(LiveJob::new(id, run, command));
        let queued = {
            let mut inner = self.lock();
            unreserve(&mut inner);
            let ahead = inner
                .live
                .values()
                .filter(|j| j.lane == job.lane && j.id < id)
                .count()
                + inner.evals.values().filter(|j| j.lane == job.lane).count();
            inner.live.insert(id, job.clone());
            let lane = job.lane;
            match inner.send(self, lane, Job::Benchmark(job, Claimed::No)) {
                Ok(()) => Ok(ahead),
                // The worker is gone: fail the job.
                Err(_) => {
                    inner.live.remove(&id);
                    Err(lane)
                }
            }
        };
        match queued {
            Ok(ahead) => Ok((id, ahead)),
            Err(lane) => {
                let failed = JobStatus::Failed;
                store::finish_unsuccessful(&self.db, id, failed, Some(GENERIC_FAILURE)).await?;
                Err(QueueError::WorkerStopped(lane))
            }
        }
    }

    /// A device's benchmark on a shared database: stored unheld, for whichever instance with
    /// the device claims it first (this one if its lane is idle: its claimers are woken).
    /// The limit counts the device's queued and running jobs on every instance.
    async fn submit_shared(
        &self,
        pool: &pgstore::PgPool,
        lane: Lane,
        request: &BenchRequest,
        command: &str,
    ) -> Result<(BenchmarkId, usize), QueueError> {
        let limit = i64::try_from(self.waiting.saturating_add(1)).unwrap_or(i64::MAX);
        let queued = leases::queue_shared_benchmark(pool, request, command, limit).await?;
        match queued {
            Ok((id, ahead)) => {
                if let Lane::Device(device) = lane {
                    self.claim_after_submit(pool, device).await;
                } else {
                    self.shared.lane_freed();
                }
                Ok((id, usize::try_from(ahead).unwrap_or(usize::MAX)))
            }
            Err(_) => Err(QueueError::Full {
                lane,
                waiting: self.waiting,
            }),
        }
    }

    /// The database the queue records its jobs in.
    pub(super) fn db(&self) -> &Db {
        &self.db
    }

    /// Where requests name their weights files.
    pub(super) fn models_dir(&self) -> &Path {
        &self.models_dir
    }

    /// Whether the server is shutting down.
    pub(super) fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    /// Cancels a job: a queued one at once, a running one when its worker next checks.
    pub async fn cancel(&self, id: BenchmarkId) -> Result<CancelOutcome, StoreError> {
        if store::cancel_queued(&self.db, id).await? {
            if let Some(job) = self.lock().live.remove(&id) {
                job.set_status(JobStatus::Cancelled, None);
            }
            return Ok(CancelOutcome::Accepted(JobStatus::Cancelled));
        }
        if let Some(job) = self.live(id) {
            job.cancel.store(true, Ordering::SeqCst);
            return Ok(match job.snapshot().status {
                status if status.is_finished() => CancelOutcome::AlreadyFinished(status),
                // No longer queued in the database: its worker has just started it.
                _ => CancelOutcome::Accepted(JobStatus::Running),
            });
        }
        match store::get(&self.db, id).await? {
            None => Ok(CancelOutcome::NotFound),
            Some(job) if job.status.is_finished() => Ok(CancelOutcome::AlreadyFinished(job.status)),
            // Running on another instance: it stops the job when it next reads the request
            // (within a second), or its lease expires if it died.
            Some(_) if self.db.is_shared() => {
                if let Db::Postgres(pool) = &self.db {
                    leases::request_benchmark_cancel(pool, id).await?;
                }
                Ok(CancelOutcome::Accepted(JobStatus::Running))
            }
            // Running in the database but unknown to this process: an orphan.
            Some(_) => {
                store::finish_unsuccessful(&self.db, id, JobStatus::Cancelled, None).await?;
                Ok(CancelOutcome::Accepted(JobStatus::Cancelled))
            }
        }
    }

    /// For a server shutdown: queued jobs are failed now and running ones interrupted (and
    /// failed when they stop), all with [`STOPPED_MESSAGE`], so every event stream ends.
    pub async fn shutdown(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        // The jobs this server holds: on SQLite every unfinished one, on PostgreSQL only
        // those it holds (the others belong to other instances, or wait for one).
        let recorded = match &self.db {
            Db::Sqlite(_) => store::recover(&self.db).await.map(drop),
            Db::Postgres(pool) => {
                leases::fail_held_by(pool, &self.shared.instance, STOPPED_MESSAGE)
                    .await
                    .map(drop)
            }
        };
        if let Err(e) = recorded {
            tracing::error!(error = ?e, "cannot record the jobs the shutdown stops");
        }
        self.shutdown_evals().await;
        let live: Vec<Arc<LiveJob>> = self.lock().live.values().cloned().collect();
        for job in live {
            job.cancel.store(true, Ordering::SeqCst);
            if job.snapshot().status == JobStatus::Queued {
                self.lock().live.remove(&job.id);
                job.set_status(JobStatus::Failed, Some(STOPPED_MESSAGE.to_string()));
            }
        }
    }
}

/// Runs one lane's jobs in order, forever.
async fn worker(queue: BenchQueue, lane: Lane, mut jobs: mpsc::UnboundedReceiver<Job>) {
    while let Some(job) = jobs.recv().await {
        let (job, claimed) = match job {
            Job::Benchmark(job, claimed) => (job, claimed),
            Job::Eval(eval) => {
                eval::run(&queue, lane, &eval).await;
                queue.shared.lane_freed();
                continue;
            }
        };
        let id = job.id;
        let started = match claimed {
            Claimed::Yes => Ok(true),
            Claimed::No => {
                let holder = queue.shared.holder();
                store::mark_running(&queue.db, id, holder.as_ref()).await
            }
        };
        match started {
            Ok(true) => {}
            // No longer queued (cancelled while it waited, or the server is stopping): the
            // code that changed it has recorded it, and announced it unless the change came
            // between the row's insert and the job going live (a cancel of the next id): then
            // the job is forgotten here, or it would hold its lane's place for ever.
            Ok(false) => {
                let stale = queue.lock().live.remove(&id);
                if let Some(job) = stale {
                    match store::get(&queue.db, id).await.ok().flatten() {
                        Some(row) => job.set_status(row.status, row.error),
                        None => job.set_status(JobStatus::Cancelled, None),
                    }
                }
                continue;
            }
            Err(e) => {
                tracing::error!(job = %id, error = ?e, "cannot start benchmark");
                finish(&queue, &job, Err(JobFailure::Internal)).await;
                continue;
            }
        }
        job.set_status(JobStatus::Running, None);
        tracing::info!(job = %id, lane = %lane, "benchmark started");
        let runner = job.clone();
        let outcome = match lane {
            Lane::Device(_) => {
                let public = queue.clone();
                tokio::task::spawn_blocking(move || run_job(&runner, &public)).await
            }
            // Network waits only: a task of its own, so a panic is caught like a thread's.
            Lane::Endpoint => tokio::spawn(async move { run_endpoint_job(&runner).await }).await,
        }
        .unwrap_or_else(|e| {
            tracing::error!(job = %id, error = %e, "benchmark thread failed");
            Err(JobFailure::Internal)
        });
        finish(&queue, &job, outcome).await;
        queue.shared.lane_freed();
    }
}

/// Why a job ended without a result.
enum JobFailure {
    /// The benchmark refused or failed (cancelled included).
    Bench(BenchError),
    /// The endpoint benchmark refused or failed (cancelled included).
    Endpoint(EndpointError),
    /// It panicked, or its thread or record failed.
    Internal,
}

/// `request` with its weights path inside `models_dir` (a request names the file as the
/// catalog lists it, relative to that directory; the submit handler has checked it is one).
pub(super) fn resolved(mut request: BenchRequest, models_dir: &Path) -> BenchRequest {
    if let WeightsSource::Path { path } = &mut request.weights {
        *path = models_dir.join(&*path).to_string_lossy().to_string();
    }
    request
}

fn run_job(job: &LiveJob, queue: &BenchQueue) -> Result<BenchResult, JobFailure> {
    // The run names its weights by their full path: what it streams and returns says the
    // name inside the models directory only.
    let mut on_progress = |p: &Progress| {
        let mut p = p.clone();
        p.message = queue.public(&p.message);
        job.progress(&p)
    };
    let run = std::panic::catch_unwind(AssertUnwindSafe(|| {
        bench::run(&job.request, &job.command, &mut on_progress, &job.cancel)
    }));
    match run {
        Ok(result) => result
            .map(|r| public_result(r, queue))
            .map_err(JobFailure::Bench),
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(no message)".to_string());
            tracing::error!(job = %job.id, panic = %message, "benchmark panicked");
            Err(JobFailure::Internal)
        }
    }
}

/// A server job's result as stored: its texts without paths on this machine, its weights
/// path the name the request gave.
fn public_result(mut result: BenchResult, queue: &BenchQueue) -> BenchResult {
    result.model = queue.public(&result.model);
    result.stopped = queue.public(&result.stopped);
    let r = &mut result.reproducibility;
    r.weights_path = r.weights_path.as_deref().map(|p| queue.public(p));
    r.weights_kind = queue.public(&r.weights_kind);
    result
}

/// Measures a job's endpoint (no API key, default timeout: what the operator's allowlist
/// lets a browser ask for).
async fn run_endpoint_job(job: &LiveJob) -> Result<BenchResult, JobFailure> {
    let mut on_progress = |p: &Progress| job.progress(p);
    let options = endpoint_bench::Options::default();
    endpoint_bench::run(
        &job.request,
        &job.command,
        &options,
        &mut on_progress,
        &job.cancel,
    )
    .await
    .map_err(JobFailure::Endpoint)
}

/// Records the end of a job (a result only when complete), tells subscribers, forgets it.
async fn finish(queue: &BenchQueue, job: &LiveJob, outcome: Result<BenchResult, JobFailure>) {
    let id = job.id;
    let (status, error) = match &outcome {
        Ok(_) => (JobStatus::Done, None),
        Err(JobFailure::Bench(BenchError::Cancelled)) if queue.stopping.load(Ordering::SeqCst) => {
            (JobStatus::Failed, Some(STOPPED_MESSAGE.to_string()))
        }
        Err(JobFailure::Bench(BenchError::Cancelled)) => (JobStatus::Cancelled, None),
        Err(JobFailure::Bench(BenchError::Candle(e))) => {
            tracing::error!(job = %id, error = %e, "benchmark failed in candle");
            (JobStatus::Failed, Some(GENERIC_FAILURE.to_string()))
        }
        // Its Display only (never `{:?}`), without backtrace or path whatever the environment.
        Err(JobFailure::Bench(e)) => (JobStatus::Failed, Some(queue.public(&e.to_string()))),
        Err(JobFailure::Endpoint(EndpointError::Cancelled))
            if queue.stopping.load(Ordering::SeqCst) =>
        {
            (JobStatus::Failed, Some(STOPPED_MESSAGE.to_string()))
        }
        Err(JobFailure::Endpoint(EndpointError::Cancelled)) => (JobStatus::Cancelled, None),
        // The endpoint's own words, naming the cause; a server job sends no API key.
        Err(JobFailure::Endpoint(e)) => (JobStatus::Failed, Some(queue.public(&e.to_string()))),
        Err(JobFailure::Internal) => (JobStatus::Failed, Some(GENERIC_FAILURE.to_string())),
    };
    let stored = match &outcome {
        Ok(result) => store::finish_done(&queue.db, id, result).await,
        Err(_) => store::finish_unsuccessful(&queue.db, id, status, error.as_deref()).await,
    };
    let (status, error) = match stored {
        Ok(true) => (status, error),
        // Already ended by someone else (a shutdown): announce what is stored.
        Ok(false) => match store::get(&queue.db, id).await {
            Ok(Some(row)) => (row.status, row.error),
            _ => (JobStatus::Failed, Some(STOPPED_MESSAGE.to_string())),
        },
        Err(e) => {
            tracing::error!(job = %id, error = ?e, "cannot record the end of a benchmark");
            // Never reported done without a stored result; the next start marks the row failed.
            let failed = JobStatus::Failed;
            let _ = store::finish_unsuccessful(&queue.db, id, failed, Some(GENERIC_FAILURE)).await;
            (JobStatus::Failed, Some(GENERIC_FAILURE.to_string()))
        }
    };
    tracing::info!(job = %id, status = status.as_str(), "benchmark ended");
    // Removed before the last event: a subscriber either holds the live job (and gets the
    // event) or finds it gone and reads the stored status.
    queue.lock().live.remove(&id);
    job.set_status(status, error);
}
