//! Jobs shared by server instances on one PostgreSQL database (docs/deploy.md). A device's
//! benchmark is queued unheld; every instance runs a claimer per device it has, which
//! claims the oldest such job whenever that device's lane is idle (`FOR UPDATE SKIP
//! LOCKED`: one instance gets each row). A keeper renews the leases of the jobs this
//! instance holds, fails the jobs of instances whose lease expired, records the latest
//! progress of the jobs it runs (streams on other instances read it) and stops the jobs
//! another instance was asked to cancel. Evals and endpoint benchmarks stay with the
//! instance that received them (an eval's sample and the endpoint allowlist are its own),
//! under the same lease. On SQLite none of this runs: one server holds every job.

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use api::bench::{BenchRequest, Device, JobStatus};
use pgstore::PgPool;
use tokio::sync::Notify;

use super::live::{Lane, LiveJob};
use super::queue::{resolved, BenchQueue, Claimed, Job};
use crate::clock::now_unix;
use crate::store::{benchmarks, leases};

/// How long a job stays held without its holder renewing it (`serve --job-lease-s`).
pub const DEFAULT_JOB_LEASE: Duration = Duration::from_secs(30);

/// How often an idle claimer looks for a queued benchmark another instance stored.
const CLAIM_POLL: Duration = Duration::from_millis(500);

/// This instance as the jobs it holds name it.
pub struct Shared {
    /// `pid-<pid>-<8 hex digits>`: unique among the instances on a database.
    pub instance: Arc<str>,
    /// How long a held job stays held unless renewed.
    pub lease: Duration,
    /// The devices whose shared benchmarks this instance claims; None: every device it has.
    pub claims: Option<Vec<Device>>,
    /// The devices this instance's claimers take, once `start_shared` has resolved them.
    claiming: OnceLock<Vec<Device>>,
    /// Woken when a lane becomes idle or a benchmark is queued here.
    wake: Notify,
}

/// An instance and the end of its lease, as a row records them.
pub struct Holder {
    instance: Arc<str>,
    lease_until: i64,
}

impl Holder {
    /// (instance, lease end in Unix seconds).
    pub fn as_ref(&self) -> (&str, i64) {
        (&self.instance, self.lease_until)
    }
}

impl Shared {
    /// A new instance id, with the default lease.
    pub fn new() -> Self {
        let instance = format!("pid-{}-{:08x}", std::process::id(), rand::random::<u32>());
        Self::with(instance.into(), DEFAULT_JOB_LEASE, None)
    }

    /// `instance` holding its jobs for `lease` at a time, claiming benchmarks on `claims`.
    pub fn with(instance: Arc<str>, lease: Duration, claims: Option<Vec<Device>>) -> Self {
        Self {
            instance,
            lease,
            claims,
            claiming: OnceLock::new(),
            wake: Notify::new(),
        }
    }

    /// This instance with a lease from now.
    pub fn holder(&self) -> Holder {
        Holder {
            instance: self.instance.clone(),
            lease_until: self.lease_until(),
        }
    }

    fn lease_until(&self) -> i64 {
        now_unix().saturating_add(i64::try_from(self.lease.as_secs()).unwrap_or(i64::MAX))
    }

    /// A lane may take another job: the claimers look now rather than at their next poll.
    pub fn lane_freed(&self) {
        self.wake.notify_waiters();
    }

    /// How often the keeper runs: a third of the lease (so two renewals can fail before it
    /// expires), at most a second (progress and cancels travel at that pace).
    fn tick(&self) -> Duration {
        (self.lease / 3).clamp(Duration::from_millis(200), Duration::from_secs(1))
    }
}

impl Default for Shared {
    fn default() -> Self {
        Self::new()
    }
}

impl BenchQueue {
    /// Jobs this instance holds stay held `lease` without a renewal, and it claims the
    /// shared benchmarks of `claims` (None: every device it has; empty: none, a web-only
    /// instance). Before `start_shared`.
    pub fn with_job_sharing(mut self, lease: Duration, claims: Option<Vec<Device>>) -> Self {
        self.shared = Arc::new(Shared::with(self.shared.instance.clone(), lease, claims));
        self
    }

    /// This instance's id.
    pub fn instance(&self) -> &str {
        &self.shared.instance
    }

    /// Starts the keeper and one claimer per device this server has (PostgreSQL only).
    pub async fn start_shared(&self, pool: PgPool) {
        tokio::spawn(keeper(self.clone(), pool.clone()));
        let devices = match &self.shared.claims {
            Some(devices) => devices.clone(),
            None => tokio::task::spawn_blocking(super::offered::devices)
                .await
                .unwrap_or_else(|_| vec![Device::Cpu]),
        };
        for device in &devices {
            tokio::spawn(claimer(self.clone(), pool.clone(), *device));
        }
        let _ = self.shared.claiming.set(devices);
        tracing::info!(instance = %self.shared.instance, "sharing jobs with the instances on this database");
    }

    /// A benchmark for `device` was just queued here: when this instance takes that device
    /// and its lane is idle, claims the oldest queued one now (so a job submitted to an idle
    /// instance starts at once, ahead of an eval submitted after it); then wakes the
    /// claimers.
    pub(super) async fn claim_after_submit(&self, pool: &PgPool, device: Device) {
        let takes = self
            .shared
            .claiming
            .get()
            .is_some_and(|devices| devices.contains(&device));
        if takes && self.lock().in_lane(Lane::Device(device)) == 0 {
            claim_one(self, pool, device).await;
        }
        self.shared.lane_freed();
    }
}

/// Claims `device`'s queued benchmarks one at a time while its lane here is idle.
async fn claimer(queue: BenchQueue, pool: PgPool, device: Device) {
    let lane = Lane::Device(device);
    while !queue.is_stopping() {
        let wake = queue.shared.wake.notified();
        if queue.lock().in_lane(lane) == 0 && claim_one(&queue, &pool, device).await {
            continue;
        }
        tokio::select! {
            _ = wake => {}
            _ = tokio::time::sleep(CLAIM_POLL) => {}
        }
    }
}

/// Claims one benchmark for `device` and hands it to the lane's worker; whether it got one.
async fn claim_one(queue: &BenchQueue, pool: &PgPool, device: Device) -> bool {
    let instance = queue.shared.instance.clone();
    let claimed =
        match leases::claim_benchmark(pool, &[device], &instance, queue.shared.lease_until()).await
        {
            Ok(Some(claimed)) => claimed,
            Ok(None) => return false,
            Err(e) => {
                tracing::error!(error = ?e, "cannot claim a queued benchmark");
                return false;
            }
        };
    let id = claimed.id;
    let request: BenchRequest = match serde_json::from_str(&claimed.request_json) {
        Ok(request) => request,
        Err(e) => {
            tracing::error!(job = %id, error = %e, "a claimed benchmark's request does not read");
            let failed = JobStatus::Failed;
            let why = Some("its stored request does not read");
            let _ = benchmarks::finish_unsuccessful(queue.db(), id, failed, why).await;
            return true;
        }
    };
    tracing::info!(job = %id, instance = %instance, "benchmark claimed");
    let run = resolved(request, queue.models_dir());
    let job = Arc::new(LiveJob::new(id, run, claimed.command));
    let lane = job.lane;
    let sent = {
        let mut inner = queue.lock();
        inner.live.insert(id, job.clone());
        let sent = inner.send(queue, lane, Job::Benchmark(job, Claimed::Yes));
        if sent.is_err() {
            inner.live.remove(&id);
        }
        sent.is_ok()
    };
    if !sent {
        let failed = JobStatus::Failed;
        let why = Some("the worker for its device stopped");
        let _ = benchmarks::finish_unsuccessful(queue.db(), id, failed, why).await;
    }
    true
}

/// Renews this instance's leases, fails expired ones, records progress, passes cancels.
async fn keeper(queue: BenchQueue, pool: PgPool) {
    let shared = queue.shared.clone();
    let mut written: HashMap<String, String> = HashMap::new();
    let mut ticks = tokio::time::interval(shared.tick());
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    while !queue.is_stopping() {
        ticks.tick().await;
        // Renewals and cancels concern only jobs held here: an idle instance (most web
        // instances, most of the time) skips their queries. A job claimed after this check
        // is renewed at the next tick, well inside its lease (a tick is a third of it).
        let holds_jobs = {
            let inner = queue.lock();
            !inner.live.is_empty() || !inner.evals.is_empty()
        };
        if holds_jobs {
            if let Err(e) = leases::renew(&pool, &shared.instance, shared.lease_until()).await {
                tracing::error!(error = ?e, "cannot renew this instance's job leases");
            }
        }
        match leases::fail_expired(&pool).await {
            Ok(0) => {}
            Ok(n) => {
                tracing::warn!("{n} job(s) of a stopped instance marked failed (lease expired)")
            }
            Err(e) => tracing::error!(error = ?e, "cannot fail the jobs of stopped instances"),
        }
        if holds_jobs {
            pass_cancels(&queue, &pool).await;
        }
        // No query when nothing runs here; it also forgets the progress of ended jobs.
        record_progress(&queue, &pool, &mut written).await;
    }
}

/// Stops the jobs running here that another instance was asked to cancel.
async fn pass_cancels(queue: &BenchQueue, pool: &PgPool) {
    let (benchmark_ids, eval_ids) = match leases::cancels_for(pool, &queue.shared.instance).await {
        Ok(ids) => ids,
        Err(e) => {
            tracing::error!(error = ?e, "cannot read the cancels asked of this instance");
            return;
        }
    };
    let inner = queue.lock();
    for id in benchmark_ids {
        if let Some(job) = inner.live.get(&id) {
            job.cancel.store(true, Ordering::SeqCst);
        }
    }
    for id in eval_ids {
        if let Some(job) = inner.evals.get(&id) {
            job.cancel.store(true, Ordering::SeqCst);
        }
    }
}

/// Stores the latest progress of every job running here that moved since the last tick.
async fn record_progress(queue: &BenchQueue, pool: &PgPool, written: &mut HashMap<String, String>) {
    let (benchmarks, evals) = {
        let inner = queue.lock();
        let benchmarks: Vec<_> = inner
            .live
            .values()
            .filter_map(|job| {
                Some((
                    job.id,
                    serde_json::to_string(&job.snapshot().progress?).ok()?,
                ))
            })
            .collect();
        let evals: Vec<_> = inner
            .evals
            .values()
            .filter_map(|job| {
                Some((
                    job.id,
                    serde_json::to_string(&job.snapshot().progress?).ok()?,
                ))
            })
            .collect();
        (benchmarks, evals)
    };
    let mut seen = Vec::new();
    for (id, json) in benchmarks {
        let key = format!("benchmark {id}");
        if written.get(&key) != Some(&json) {
            if let Err(e) = leases::benchmark_progress(pool, id, &json).await {
                tracing::warn!(error = ?e, "cannot record a benchmark's progress");
            }
            written.insert(key.clone(), json);
        }
        seen.push(key);
    }
    for (id, json) in evals {
        let key = format!("eval {}", id.0);
        if written.get(&key) != Some(&json) {
            if let Err(e) = leases::eval_progress(pool, id, &json).await {
                tracing::warn!(error = ?e, "cannot record an eval's progress");
            }
            written.insert(key.clone(), json);
        }
        seen.push(key);
    }
    written.retain(|key, _| seen.contains(key));
}
