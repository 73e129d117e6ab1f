//! What server instances sharing a PostgreSQL database do to share jobs: claim a queued
//! benchmark for a device they have, renew the leases of the jobs they hold, fail the jobs
//! of an instance whose lease expired (it died: the job is failed, not re-queued, since a
//! half-run benchmark may have loaded its device in ways a rerun would not reproduce, and
//! its requester decides whether to queue it again), record progress for streams on other
//! instances, and pass cancels to the instance running a job. A SQLite file has one server,
//! which holds its jobs itself: these take the PostgreSQL pool only.

use api::bench::{BenchRequest, Device, JobStatus};
use api::{BenchmarkId, EvalId};
use pgstore::PgPool;

use super::error::{db, write_json, StoreError};
use crate::clock::now_unix;

/// What a job whose holder's lease expired is marked with.
pub const EXPIRED_MESSAGE: &str =
    "the server instance running it stopped (its lease expired); queue it again";

/// A benchmark claimed for this instance: its id, request (JSON) and command line.
pub struct ClaimedBenchmark {
    /// Its id.
    pub id: BenchmarkId,
    /// Its request as stored.
    pub request_json: String,
    /// Its command line.
    pub command: String,
}

/// Claims the oldest unheld queued benchmark on one of `devices` for `instance`, running
/// from now and held until `lease_until`. At most one instance gets a row.
pub async fn claim_benchmark(
    pool: &PgPool,
    devices: &[Device],
    instance: &str,
    lease_until: i64,
) -> Result<Option<ClaimedBenchmark>, StoreError> {
    let devices: Vec<String> = devices.iter().map(Device::to_string).collect();
    let claimed =
        pgstore::benchmarks::claim_next(pool, &devices, instance, now_unix(), lease_until)
            .await
            .map_err(db("cannot claim a queued benchmark"))?;
    Ok(claimed.map(|c| ClaimedBenchmark {
        id: BenchmarkId(c.id),
        request_json: c.request_json,
        command: c.command,
    }))
}

/// Stores a queued benchmark no instance holds yet, if its device's line (queued and
/// running jobs on every instance) is below `max_unfinished`: Ok((id, jobs ahead)) or
/// Err(unfinished) when full.
pub async fn queue_shared_benchmark(
    pool: &PgPool,
    request: &BenchRequest,
    command: &str,
    max_unfinished: i64,
) -> Result<Result<(BenchmarkId, i64), i64>, StoreError> {
    let request_json = write_json(request, "a benchmark request")?;
    let device = request.device.to_string();
    let job = pgstore::benchmarks::NewQueued {
        device: &device,
        model: request.model.as_deref(),
        request_json: &request_json,
        command,
        now: now_unix(),
        instance: None,
        lease_until: None,
    };
    let queued = pgstore::benchmarks::insert_queued_within(pool, job, max_unfinished)
        .await
        .map_err(db("cannot queue the benchmark"))?;
    Ok(queued.map(|(id, ahead)| (BenchmarkId(id), ahead)))
}

/// Renews the leases of every unfinished job `instance` holds until `lease_until`.
pub async fn renew(pool: &PgPool, instance: &str, lease_until: i64) -> Result<(), StoreError> {
    pgstore::benchmarks::renew(pool, instance, lease_until)
        .await
        .map_err(db("cannot renew the benchmarks' leases"))?;
    pgstore::evals::renew(pool, instance, lease_until)
        .await
        .map_err(db("cannot renew the evals' leases"))?;
    Ok(())
}

/// Fails every unfinished job whose lease has expired; returns how many.
pub async fn fail_expired(pool: &PgPool) -> Result<u64, StoreError> {
    let now = now_unix();
    let benchmarks = pgstore::benchmarks::fail_expired(pool, EXPIRED_MESSAGE, now)
        .await
        .map_err(db("cannot fail the benchmarks of a stopped instance"))?;
    let evals = pgstore::evals::fail_expired(pool, EXPIRED_MESSAGE, now)
        .await
        .map_err(db("cannot fail the evals of a stopped instance"))?;
    Ok(benchmarks + evals)
}

/// Fails every unfinished job `instance` holds with `message` (its shutdown).
pub async fn fail_held_by(pool: &PgPool, instance: &str, message: &str) -> Result<u64, StoreError> {
    let now = now_unix();
    let benchmarks = pgstore::benchmarks::fail_held_by(pool, instance, message, now)
        .await
        .map_err(db("cannot fail the benchmarks this instance holds"))?;
    let evals = pgstore::evals::fail_held_by(pool, instance, message, now)
        .await
        .map_err(db("cannot fail the evals this instance holds"))?;
    Ok(benchmarks + evals)
}

/// Records a running benchmark's latest progress (JSON).
pub async fn benchmark_progress(
    pool: &PgPool,
    id: BenchmarkId,
    json: &str,
) -> Result<(), StoreError> {
    pgstore::benchmarks::set_progress(pool, id.0, json)
        .await
        .map_err(db(format!("cannot record the progress of benchmark {id}")))
}

/// Records a running eval's latest progress (JSON).
pub async fn eval_progress(pool: &PgPool, id: EvalId, json: &str) -> Result<(), StoreError> {
    pgstore::evals::set_progress(pool, id.0, json)
        .await
        .map_err(db(format!("cannot record the progress of eval {}", id.0)))
}

/// Asks the instance running benchmark `id` to stop it; false when it is not running.
pub async fn request_benchmark_cancel(pool: &PgPool, id: BenchmarkId) -> Result<bool, StoreError> {
    pgstore::benchmarks::request_cancel(pool, id.0)
        .await
        .map_err(db(format!("cannot ask for benchmark {id} to stop")))
}

/// Asks the instance running eval `id` to stop it; false when it is not running.
pub async fn request_eval_cancel(pool: &PgPool, id: EvalId) -> Result<bool, StoreError> {
    pgstore::evals::request_cancel(pool, id.0)
        .await
        .map_err(db(format!("cannot ask for eval {} to stop", id.0)))
}

/// The running jobs of `instance` whose cancel another instance asked for.
pub async fn cancels_for(
    pool: &PgPool,
    instance: &str,
) -> Result<(Vec<BenchmarkId>, Vec<EvalId>), StoreError> {
    let benchmarks = pgstore::benchmarks::cancels_for(pool, instance)
        .await
        .map_err(db("cannot read the benchmarks asked to stop"))?;
    let evals = pgstore::evals::cancels_for(pool, instance)
        .await
        .map_err(db("cannot read the evals asked to stop"))?;
    Ok((
        benchmarks.into_iter().map(BenchmarkId).collect(),
        evals.into_iter().map(EvalId).collect(),
    ))
}

/// The progress a running job's holder recorded (None once it has ended, or when it does
/// not read: progress is a hint, never worth failing a read for). `kind` names the job's
/// table in the warning ("benchmark", "eval").
pub fn stored_progress<P: serde::de::DeserializeOwned>(
    kind: &str,
    id: i64,
    status: JobStatus,
    json: Option<&str>,
) -> Option<P> {
    if status != JobStatus::Running {
        return None;
    }
    let text = json?;
    serde_json::from_str(text)
        .map_err(|e| tracing::warn!(kind, id, error = %e, "stored progress does not read"))
        .ok()
}
