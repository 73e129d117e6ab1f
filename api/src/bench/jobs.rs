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
    pub id: BenchmarkId,
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
    pub id: BenchmarkId,
    pub status: JobStatus,
    /// The catalog id, once known (a weights file names its own architecture).
    pub model: Option<String>,
    pub device: Device,
    /// The measured format, or the requested one until there is a result.
    pub dtype: Option<WeightDtype>,
    /// "synthetic weights" or "real weights".
    pub weights_label: String,
    pub created_unix: i64,
    pub started_unix: Option<i64>,
    pub finished_unix: Option<i64>,
    pub error: Option<String>,
    /// The goodput point, once done (None when no point met the SLO).
    pub goodput: Option<Goodput>,
    /// "server" or "agent:NAME".
    pub source: String,
}

/// 200 of `GET /api/v1/benchmarks`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BenchmarkList {
    pub benchmarks: Vec<BenchmarkSummary>,
}

/// 200 of `GET /api/v1/benchmarks/{id}`: a job with its request and, once done, its result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Benchmark {
    pub id: BenchmarkId,
    pub status: JobStatus,
    pub request: BenchRequest,
    /// The command line that reruns it.
    pub command: String,
    /// Present exactly when `status` is `done`.
    pub result: Option<BenchResult>,
    pub error: Option<String>,
    /// The latest progress while it runs.
    pub progress: Option<Progress>,
    /// "server" or "agent:NAME".
    pub source: String,
    pub device: Device,
    pub model: Option<String>,
    pub created_unix: i64,
    pub started_unix: Option<i64>,
    pub finished_unix: Option<i64>,
}

/// The `status` event of `GET /api/v1/benchmarks/{id}/events` (Server-Sent Events; the
/// `progress` event carries a [`Progress`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StatusEvent {
    pub status: JobStatus,
    pub error: Option<String>,
}

/// The body of `POST /api/v1/benchmarks/results`: what `breakeven bench --post` sends from a
/// GPU host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AgentReport {
    pub request: BenchRequest,
    /// The command line that ran it.
    pub command: String,
    pub result: BenchResult,
}

/// 201 of `POST /api/v1/benchmarks/results`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResultStored {
    pub id: BenchmarkId,
}
