//! The benchmark queue's answers: a job's status, the list, one job with its result, the
//! events a running job streams, and results reported by agents on GPU hosts.

use serde::{Deserialize, Serialize};

use super::{BenchRequest, BenchResult, Device, Goodput, Progress, WeightDtype};
use crate::BenchmarkId;

/// Where a benchmark job is. `done` always has a stored result; the other endings never do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// Waiting for its device.
    Queued,
    /// Measuring.
    Running,
    /// Finished with a stored result.
    Done,
    /// Ended with an error (the job's `error` says which).
    Failed,
    /// Cancelled before it finished.
    Cancelled,
}

impl JobStatus {
    /// Every status.
    pub const ALL: [JobStatus; 5] = [
        JobStatus::Queued,
        JobStatus::Running,
        JobStatus::Done,
        JobStatus::Failed,
        JobStatus::Cancelled,
    ];

    /// The spelling in JSON and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Done => "done",
            JobStatus::Failed => "failed",
            JobStatus::Cancelled => "cancelled",
        }
    }

    /// The status `text` spells exactly.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether the job has ended (its status never changes again).
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            JobStatus::Done | JobStatus::Failed | JobStatus::Cancelled
        )
    }
}

impl std::fmt::Display for JobStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// 202 of `POST /api/v1/benchmarks` (with its place in line) and 200 of
/// `POST /api/v1/benchmarks/{id}/cancel` (without).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Queued {
    /// The job's id.
    pub id: BenchmarkId,
    /// `queued` from a submit; `cancelled` or `running` (stopping) from a cancel.
    pub status: JobStatus,
    /// Jobs ahead of it on its device (0: it starts next); only when queued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<usize>,
}

/// One row of `GET /api/v1/benchmarks` (the newest 200, newest first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BenchmarkSummary {
    /// The job's id.
    pub id: BenchmarkId,
    /// Where the job is.
    pub status: JobStatus,
    /// The catalog id, once known (a weights file names its own architecture).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub model: Option<String>,
    /// Where it runs (or ran); for an endpoint benchmark only the queue's lane (the work is
    /// the endpoint's): read `runs_on`.
    pub device: Device,
    /// Where it runs, in words: `cpu`, `cuda:0`, or `endpoint URL`.
    #[serde(default)]
    pub runs_on: String,
    /// The measured format, or the requested one until there is a result.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub dtype: Option<WeightDtype>,
    /// "synthetic weights" or "real weights".
    pub weights_label: String,
    /// When it was queued or reported (Unix seconds).
    pub created_unix: i64,
    /// When it started measuring (Unix seconds); None while queued or if it never ran.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub started_unix: Option<i64>,
    /// When it ended (Unix seconds); None until it does.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub finished_unix: Option<i64>,
    /// Why it failed; None unless `failed`.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub error: Option<String>,
    /// The goodput point, once done (None when no point met the SLO).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub goodput: Option<Goodput>,
    /// "server" or "agent:NAME".
    pub source: String,
    /// How far a running job is (its latest progress); None unless it is running and has
    /// reported progress.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub progress: Option<ProgressShare>,
}

/// A running job's progress in a list row: its share done and the time left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProgressShare {
    /// 0..=1.
    pub fraction: f64,
    /// Estimated seconds left ([`super::Steps::seconds_left`]); None while estimating.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub seconds_left: Option<f64>,
}

impl ProgressShare {
    /// The list row's share of a job's latest progress.
    pub fn of(progress: &Progress) -> Self {
        let fraction = match &progress.steps {
            Some(steps) => steps.fraction(),
            None if progress.fraction.is_finite() => progress.fraction.clamp(0.0, 1.0),
            None => 0.0,
        };
        Self {
            fraction,
            seconds_left: progress.steps.as_ref().and_then(|s| s.seconds_left()),
        }
    }
}

/// 200 of `GET /api/v1/benchmarks`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BenchmarkList {
    /// The newest jobs, newest first.
    pub benchmarks: Vec<BenchmarkSummary>,
}

/// 200 of `GET /api/v1/benchmarks/{id}`: a job with its request and, once done, its result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Benchmark {
    /// The job's id.
    pub id: BenchmarkId,
    /// Where the job is.
    pub status: JobStatus,
    /// What was asked for.
    pub request: BenchRequest,
    /// The command line that reruns it.
    pub command: String,
    /// Present exactly when `status` is `done`.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub result: Option<BenchResult>,
    /// Why it failed; None unless `failed`.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub error: Option<String>,
    /// The latest progress while it runs.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub progress: Option<Progress>,
    /// "server" or "agent:NAME".
    pub source: String,
    /// Where it runs (or ran); for an endpoint benchmark only the queue's lane (the work is
    /// the endpoint's): read `runs_on`.
    pub device: Device,
    /// Where it runs, in words: `cpu`, `cuda:0`, or `endpoint URL`.
    #[serde(default)]
    pub runs_on: String,
    /// The catalog id, once known (a weights file names its own architecture).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub model: Option<String>,
    /// When it was queued or reported (Unix seconds).
    pub created_unix: i64,
    /// When it started measuring (Unix seconds); None while queued or if it never ran.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub started_unix: Option<i64>,
    /// When it ended (Unix seconds); None until it does.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub finished_unix: Option<i64>,
}

/// The `status` event of `GET /api/v1/benchmarks/{id}/events` (Server-Sent Events; the
/// `progress` event carries a [`Progress`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StatusEvent {
    /// The job's status now.
    pub status: JobStatus,
    /// Why it failed; None unless `failed`.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub error: Option<String>,
}

/// The body of `POST /api/v1/benchmarks/results`: what `breakeven bench --post` sends from a
/// GPU host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AgentReport {
    /// What the host was asked to run.
    pub request: BenchRequest,
    /// The command line that ran it.
    pub command: String,
    /// The finished benchmark.
    pub result: BenchResult,
}

/// 201 of `POST /api/v1/benchmarks/results`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResultStored {
    /// The id the result is stored under ("benchmark #N").
    pub id: BenchmarkId,
}
