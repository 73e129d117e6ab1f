//! Quality evals on the queue: submitted, cancelled and run like benchmarks, in the same
//! lane as the device's benchmarks (one job at a time per device, first in first out), their
//! rows in `store::evals`. A running eval streams [`EvalProgress`] after every batch and
//! stops at the next batch once cancelled.

use std::panic::AssertUnwindSafe;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use api::bench::JobStatus;
use api::quality::{EvalProgress, EvalResult};
use api::EvalId;
use bench::BenchError;

use super::{BenchQueue, CancelOutcome, Inner, Job, QueueError};
use crate::jobs::live::{EvalWork, Lane, LiveEval};
use crate::store::evals::{self as store, NewEval, STOPPED_MESSAGE};
use crate::store::{leases, Db, StoreError};

/// What an eval that panicked or failed inside candle is marked with (the log has the cause).
const GENERIC_FAILURE: &str = "the eval failed unexpectedly; the server log has the details";

/// Why an eval ended without a result.
enum Failure {
    /// The eval refused or failed (cancelled included).
    Bench(BenchError),
    /// It panicked, or its thread or record failed.
    Internal,
}

impl BenchQueue {
    /// The eval, while it is queued or running.
    pub fn live_eval(&self, id: EvalId) -> Option<Arc<LiveEval>> {
        self.lock().evals.get(&id).cloned()
    }

    /// Stores the eval as queued and hands it to its device's worker, behind the benchmarks
    /// and evals already there. Returns its id and how many jobs are ahead of it (0: it
    /// starts now); [`QueueError::Full`] (nothing stored) when the device's lane already
    /// holds a running job and the waiting limit.
    pub async fn submit_eval(
        &self,
        work: EvalWork,
        command: String,
    ) -> Result<(EvalId, usize), QueueError> {
        let lane = Lane::Device(work.request.device);
        // On SQLite the line is this server's, counted here; on PostgreSQL the store counts
        // every instance's under a lock as it stores.
        let counted_here = !self.db.is_shared();
        if counted_here {
            let mut inner = self.lock();
            let reserved = inner.reserved.get(&lane).copied().unwrap_or(0);
            if inner.in_lane(lane) + reserved > self.waiting {
                let waiting = self.waiting;
                return Err(QueueError::Full { lane, waiting });
            }
            *inner.reserved.entry(lane).or_default() += 1;
        }
        let row = NewEval {
            request: &work.request,
            sample: &work.sample_name,
            sample_sha256: &work.sample.sha256,
            items: work.sample.items.len(),
            command: &command,
        };
        let holder = self.shared.holder();
        let limit = i64::try_from(self.waiting.saturating_add(1)).unwrap_or(i64::MAX);
        let inserted = store::insert_queued(&self.db, &row, holder.as_ref(), limit).await;
        let unreserve = |inner: &mut Inner| {
            if !counted_here {
                return;
            }
            if let Some(n) = inner.reserved.get_mut(&lane) {
                *n = n.saturating_sub(1);
            }
        };
        let (id, ahead_in_store) = match inserted {
            Ok(Ok(stored)) => stored,
            Ok(Err(_)) => {
                let waiting = self.waiting;
                return Err(QueueError::Full { lane, waiting });
            }
            Err(e) => {
                unreserve(&mut self.lock());
                return Err(e.into());
            }
        };
        let job = Arc::new(LiveEval::eval(id, work, command));
        let queued = {
            let mut inner = self.lock();
            unreserve(&mut inner);
            // Every live job of the lane was handed to its worker before this one (on
            // PostgreSQL the store counted the line on every instance).
            let ahead = ahead_in_store.unwrap_or_else(|| inner.in_lane(lane));
            inner.evals.insert(id, job.clone());
            match inner.send(self, lane, Job::Eval(job)) {
                Ok(()) => Ok(ahead),
                Err(_) => {
                    inner.evals.remove(&id);
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

    /// Cancels an eval: a queued one at once, a running one after its current batch.
    pub async fn cancel_eval(&self, id: EvalId) -> Result<CancelOutcome, StoreError> {
        if store::cancel_queued(&self.db, id).await? {
            if let Some(job) = self.lock().evals.remove(&id) {
                job.set_status(JobStatus::Cancelled, None);
            }
            return Ok(CancelOutcome::Accepted(JobStatus::Cancelled));
        }
        if let Some(job) = self.live_eval(id) {
            job.cancel.store(true, Ordering::SeqCst);
            return Ok(match job.snapshot().status {
                status if status.is_finished() => CancelOutcome::AlreadyFinished(status),
                _ => CancelOutcome::Accepted(JobStatus::Running),
            });
        }
        match store::get(&self.db, id).await? {
            None => Ok(CancelOutcome::NotFound),
            Some(job) if job.status.is_finished() => Ok(CancelOutcome::AlreadyFinished(job.status)),
            // Running on another instance: it stops after its current batch once it reads the
            // request (within a second), or its lease expires if it died.
            Some(_) if self.db.is_shared() => {
                if let Db::Postgres(pool) = &self.db {
                    leases::request_eval_cancel(pool, id).await?;
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

    /// The evals' part of [`BenchQueue::shutdown`] (called after `stopping` is set).
    pub(super) async fn shutdown_evals(&self) {
        // On PostgreSQL the benchmarks' part has failed every job this instance holds, evals
        // included; on SQLite every unfinished eval is this server's.
        if let Db::Sqlite(_) = &self.db {
            if let Err(e) = store::recover(&self.db).await {
                tracing::error!(error = ?e, "cannot record the evals the shutdown stops");
            }
        }
        let live: Vec<Arc<LiveEval>> = self.lock().evals.values().cloned().collect();
        for job in live {
            job.cancel.store(true, Ordering::SeqCst);
            if job.snapshot().status == JobStatus::Queued {
                self.lock().evals.remove(&job.id);
                job.set_status(JobStatus::Failed, Some(STOPPED_MESSAGE.to_string()));
            }
        }
    }
}

/// Runs one eval on its lane's worker: marks it running, evaluates on a blocking thread
/// inside `catch_unwind`, records the end.
pub(super) async fn run(queue: &BenchQueue, lane: Lane, job: &Arc<LiveEval>) {
    let id = job.id;
    match store::mark_running(&queue.db, id).await {
        Ok(true) => {}
        // No longer queued (cancelled while it waited, or the server is stopping): whoever
        // changed it recorded and announced it, unless the change came before it went live.
        Ok(false) => {
            let stale = queue.lock().evals.remove(&id);
            if let Some(job) = stale {
                match store::get(&queue.db, id).await.ok().flatten() {
                    Some(row) => job.set_status(row.status, row.error),
                    None => job.set_status(JobStatus::Cancelled, None),
                }
            }
            return;
        }
        Err(e) => {
            tracing::error!(eval = %id, error = ?e, "cannot start eval");
            finish(queue, job, Err(Failure::Internal)).await;
            return;
        }
    }
    job.set_status(JobStatus::Running, None);
    tracing::info!(eval = %id, lane = %lane, "eval started");
    let (runner, public) = (job.clone(), queue.clone());
    let outcome = tokio::task::spawn_blocking(move || run_eval(&runner, &public))
        .await
        .unwrap_or_else(|e| {
            tracing::error!(eval = %id, error = %e, "eval thread failed");
            Err(Failure::Internal)
        });
    finish(queue, job, outcome).await;
}

fn run_eval(job: &LiveEval, queue: &BenchQueue) -> Result<EvalResult, Failure> {
    let work = &job.request;
    let mut on_progress = |p: &EvalProgress| job.progress(p);
    let run = std::panic::catch_unwind(AssertUnwindSafe(|| {
        bench::eval::evaluate(
            &work.request,
            &work.weights,
            &work.sample,
            &work.sample_name,
            &job.command,
            &mut on_progress,
            &job.cancel,
        )
    }));
    match run {
        Ok(result) => result
            .map(|r| public_result(r, queue))
            .map_err(Failure::Bench),
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(no message)".to_string());
            tracing::error!(eval = %job.id, panic = %message, "eval panicked");
            Err(Failure::Internal)
        }
    }
}

/// A server eval's result as stored: no path on this machine in its texts (an inline
/// sample's text is already out: `POST /api/v1/evals` takes it from the request it queues,
/// and `bench::eval::evaluate` leaves it out of the result's).
fn public_result(mut result: EvalResult, queue: &BenchQueue) -> EvalResult {
    result.request.weights = queue.public(&result.request.weights);
    let r = &mut result.reproducibility;
    r.weights = queue.public(&r.weights);
    r.model = queue.public(&r.model);
    r.command = queue.public(&r.command);
    result.label = queue.public(&result.label);
    result
}

/// Records the end of an eval (a result only when complete), tells subscribers, forgets it.
async fn finish(queue: &BenchQueue, job: &LiveEval, outcome: Result<EvalResult, Failure>) {
    let id = job.id;
    let stopping = queue.stopping.load(Ordering::SeqCst);
    let (status, error) = match &outcome {
        Ok(_) => (JobStatus::Done, None),
        Err(Failure::Bench(BenchError::Cancelled)) if stopping => {
            (JobStatus::Failed, Some(STOPPED_MESSAGE.to_string()))
        }
        Err(Failure::Bench(BenchError::Cancelled)) => (JobStatus::Cancelled, None),
        Err(Failure::Bench(BenchError::Candle(e))) => {
            tracing::error!(eval = %id, error = %e, "eval failed in candle");
            (JobStatus::Failed, Some(GENERIC_FAILURE.to_string()))
        }
        // Its Display only (never `{:?}`), without backtrace or path whatever the environment.
        Err(Failure::Bench(e)) => (JobStatus::Failed, Some(queue.public(&e.to_string()))),
        Err(Failure::Internal) => (JobStatus::Failed, Some(GENERIC_FAILURE.to_string())),
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
            tracing::error!(eval = %id, error = ?e, "cannot record the end of an eval");
            // Never reported done without a stored result; the next start marks it failed.
            let failed = JobStatus::Failed;
            let _ = store::finish_unsuccessful(&queue.db, id, failed, Some(GENERIC_FAILURE)).await;
            (JobStatus::Failed, Some(GENERIC_FAILURE.to_string()))
        }
    };
    tracing::info!(eval = %id, status = status.as_str(), "eval ended");
    // Removed before the last event: a subscriber either holds the live job (and gets the
    // event) or finds it gone and reads the stored status.
    queue.lock().evals.remove(&id);
    job.set_status(status, error);
}
