//! The Benchmarks page's state, kept by the app (not the page) so that a run goes on being
//! followed while another tab is open: the form's text and its problems, and the benchmark
//! on show (which `follow.rs` keeps up to date).

use std::collections::BTreeSet;

use ::api::bench::{BenchRequest, BenchResult, JobStatus, Progress};
use ::api::BenchmarkId;
use leptos::prelude::*;

use super::form::{self, Fields, Problem};
use super::stream::Stream;

/// What the page knows of a benchmark's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known {
    /// Asked, not answered yet.
    Loading,
    /// The server could not say (the reason is the benchmark's error).
    Unknown,
    Job(JobStatus),
}

impl Known {
    /// The word shown, also the status's CSS class.
    pub fn text(self) -> &'static str {
        match self {
            Known::Loading => "loading",
            Known::Unknown => "unknown",
            Known::Job(status) => status.as_str(),
        }
    }

    /// Queued or running: it can be cancelled, and has progress to show.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            Known::Job(JobStatus::Queued) | Known::Job(JobStatus::Running)
        )
    }
}

/// The benchmark on show.
#[derive(Debug, Clone, PartialEq)]
pub struct Current {
    pub id: BenchmarkId,
    pub status: Known,
    /// Place in the queue, when queued.
    pub position: Option<usize>,
    pub error: Option<String>,
    pub progress: Option<Progress>,
    pub result: Option<BenchResult>,
    /// What was asked for (the fixes of a run without goodput rerun it).
    pub request: Option<BenchRequest>,
    pub command: Option<String>,
    /// Who ran it: "server" or "agent:NAME".
    pub source: Option<String>,
    pub created_unix: Option<i64>,
    pub started_unix: Option<i64>,
    pub finished_unix: Option<i64>,
    /// A line about following it ("connection lost, polling").
    pub note: Option<String>,
}

impl Current {
    pub fn new(id: BenchmarkId, status: Known) -> Self {
        Self {
            id,
            status,
            position: None,
            error: None,
            progress: None,
            result: None,
            request: None,
            command: None,
            source: None,
            created_unix: None,
            started_unix: None,
            finished_unix: None,
            note: None,
        }
    }
}

#[derive(Clone, Copy)]
pub struct BenchState {
    pub fields: RwSignal<Fields>,
    /// Fields the user typed in: the planner no longer refills them.
    pub touched: RwSignal<BTreeSet<&'static str>>,
    /// Problems with the form (its own checks, then the server's), by field.
    pub problems: RwSignal<Vec<Problem>>,
    /// A failed run request that names no field.
    pub submit_error: RwSignal<Option<String>>,
    pub submitting: RwSignal<bool>,
    pub current: RwSignal<Option<Current>>,
    /// Bumped to reload the list of past benchmarks.
    pub list_version: RwSignal<u32>,
    /// The server's benchmark token as typed (sessionStorage; `token.rs`).
    pub token: RwSignal<String>,
    /// The events stream of the benchmark on show, while it is followed.
    pub(super) stream: StoredValue<Option<Stream>, LocalStorage>,
}

impl BenchState {
    pub fn new() -> Self {
        let fields = [
            (form::WEIGHTS, form::SYNTHETIC),
            (form::CONCURRENCY, "1,2,4,8"),
            (form::REPETITIONS, "5"),
        ]
        .into_iter()
        .map(|(k, v)| (k, v.to_string()))
        .collect();
        Self {
            fields: RwSignal::new(fields),
            touched: RwSignal::new(BTreeSet::new()),
            problems: RwSignal::new(Vec::new()),
            submit_error: RwSignal::new(None),
            submitting: RwSignal::new(false),
            current: RwSignal::new(None),
            list_version: RwSignal::new(0),
            token: RwSignal::new(super::token::stored()),
            stream: StoredValue::new_local(None),
        }
    }

    pub fn value(&self, key: &'static str) -> String {
        self.fields
            .with(|f| f.get(key).cloned().unwrap_or_default())
    }

    /// A value the user typed or chose.
    pub fn input(&self, key: &'static str, text: String) {
        self.touched.update(|t| {
            t.insert(key);
        });
        self.fields.update(|f| {
            f.insert(key, text);
        });
        // The message about this field was about the old text.
        self.problems.update(|p| p.retain(|p| p.field != key));
    }

    /// A value filled in for the user (from the planner or the catalog), unless they typed one.
    pub fn suggest(&self, key: &'static str, text: String) {
        if self.touched.with_untracked(|t| t.contains(key)) {
            return;
        }
        if self.fields.with_untracked(|f| f.get(key) != Some(&text)) {
            self.fields.update(|f| {
                f.insert(key, text);
            });
        }
    }

    /// The message for a form field, if any.
    pub fn problem(&self, key: &'static str) -> Option<String> {
        self.problems.with(|p| {
            p.iter()
                .filter(|p| form::form_key(&p.field) == Some(key))
                .map(|p| {
                    if p.field == key {
                        p.message.clone()
                    } else {
                        format!("{}: {}", form::words(&p.field), p.message)
                    }
                })
                .reduce(|a, b| format!("{a}; {b}"))
        })
    }

    /// Problems that name no field of the form (the token's are shown beside its field).
    pub fn other_problems(&self) -> Vec<Problem> {
        self.problems.with(|p| {
            p.iter()
                .filter(|p| {
                    form::form_key(&p.field).is_none() && p.field != super::token::TOKEN_FIELD
                })
                .cloned()
                .collect()
        })
    }
}
