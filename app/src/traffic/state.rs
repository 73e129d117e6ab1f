//! The Traffic page's state, held by the app so an analysis outlives a visit to the planner:
//! the file picked, the format (detected, or chosen), the zone, the mapping, the read in
//! progress and what it found.

use std::collections::BTreeMap;
use std::sync::Arc;

use ::traffic::analysis::{Trace, TraceWorkload};
use ::traffic::{ImportReport, TrafficError};
use leptos::prelude::*;

use super::formats::{self, format_of, zone_minutes};
use super::read::{self, Progress, Stopped, SNIFF_BYTES};

/// A finished analysis of one file.
pub struct Analysed {
    pub file_name: String,
    /// The format it was read as (a name of `api::traffic::FORMATS`).
    pub format: &'static str,
    pub report: ImportReport,
    pub trace: Trace,
    /// Seconds the read took.
    pub seconds: f64,
    pub bytes: f64,
}

/// A read that gave no trace: what to say, and the account of the rows when there is one.
#[derive(Clone, PartialEq)]
pub struct Failure {
    pub message: String,
    pub report: Option<ImportReport>,
}

#[derive(Clone, Copy)]
pub struct TrafficState {
    /// The file picked: it stays in this page (never sent).
    pub file: RwSignal<Option<web_sys::File>, LocalStorage>,
    pub file_name: RwSignal<String>,
    /// The format the file's first 64 KiB look like (a key), once sniffed; `Some(None)`:
    /// not recognised.
    pub detected: RwSignal<Option<Option<&'static str>>>,
    /// The format chosen in the select; empty: the detected one.
    pub choice: RwSignal<String>,
    /// The zone of the weekly shape and the daily totals, `+HH:MM`.
    pub zone: RwSignal<String>,
    /// The column mapping's fields (generic formats), by `ColumnMapping` field name.
    pub mapping: RwSignal<BTreeMap<&'static str, String>>,
    /// Seconds per row when the rows of a mapped log are buckets (empty: one request each).
    pub bucket_seconds: RwSignal<String>,
    /// The read in progress.
    pub progress: RwSignal<Option<Progress>>,
    /// Bumped by each read and by Cancel: a read whose number is no longer current stops.
    run: RwSignal<u64>,
    /// The last read's outcome.
    pub outcome: RwSignal<Option<Result<Arc<Analysed>, Failure>>>,
    /// The workload of the last analysis in the chosen zone (recomputed when the zone
    /// changes; the file is not read again), or why the zone is not usable.
    pub workload: Memo<Option<Result<Arc<TraceWorkload>, String>>>,
}

/// The browser's current offset from UTC, minutes east (`Date.getTimezoneOffset` is minutes
/// west).
pub fn browser_offset() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset().round() as i32)
}

impl TrafficState {
    pub fn new() -> Self {
        let outcome: RwSignal<Option<Result<Arc<Analysed>, Failure>>> = RwSignal::new(None);
        let zone = RwSignal::new(tco::format::utc_offset(browser_offset()));
        let workload = Memo::new(move |_| {
            let analysed = outcome.with(|o| o.as_ref().and_then(|r| r.as_ref().ok().cloned()))?;
            Some(zone.with(|z| zone_minutes(z)).map(|offset| {
                Arc::new(::traffic::analysis::workload(
                    &analysed.trace,
                    &analysed.file_name,
                    offset,
                ))
            }))
        });
        Self {
            file: RwSignal::new_local(None),
            file_name: RwSignal::new(String::new()),
            detected: RwSignal::new(None),
            choice: RwSignal::new(String::new()),
            zone,
            mapping: RwSignal::new(BTreeMap::new()),
            bucket_seconds: RwSignal::new(String::new()),
            progress: RwSignal::new(None),
            run: RwSignal::new(0),
            outcome,
            workload,
        }
    }

    /// The format read with now: the one chosen, else the one detected ("" when neither).
    pub fn format_key(&self) -> String {
        let chosen = self.choice.get();
        if chosen.is_empty() {
            self.detected
                .get()
                .flatten()
                .map_or_else(String::new, str::to_string)
        } else {
            chosen
        }
    }

    pub fn reading(&self) -> bool {
        self.progress.with_untracked(Option::is_some)
    }

    /// A file picked or dropped: its first 64 KiB sniffed for the format, and read at once
    /// when the format is recognised and needs no mapping. A sniff that ends after another
    /// file was picked says nothing; one that ends after a read (or Cancel) began starts
    /// none.
    pub fn pick(self, file: web_sys::File) {
        self.stop();
        let run = self.run.get_untracked();
        self.file_name.set(file.name());
        self.file.set(Some(file.clone()));
        self.detected.set(None);
        self.choice.set(String::new());
        self.outcome.set(None);
        leptos::task::spawn_local(async move {
            let head = read::slice(&file, 0.0, SNIFF_BYTES.min(file.size()))
                .await
                .unwrap_or_default();
            if !self.file.with_untracked(|f| f.as_ref() == Some(&file)) {
                return;
            }
            let detected = ::traffic::detect(&head).map(|f| api::traffic::format_name(&f));
            self.detected.set(Some(detected));
            let current = self.run.get_untracked() == run;
            if current && detected.is_some_and(|k| !formats::is_generic(k)) {
                self.start();
            }
        });
    }

    /// Cancel: the read in progress stops, and the page says nothing was kept.
    pub fn cancel(&self) {
        if self.reading() {
            self.stop();
            self.outcome.set(Some(Err(Failure {
                message: "Cancelled: nothing was kept.".into(),
                report: None,
            })));
        }
    }

    /// Stops the read in progress, if any.
    fn stop(&self) {
        self.run.update(|n| *n += 1);
        self.progress.set(None);
    }

    /// Reads the picked file with the format, zone and mapping the page holds now.
    pub fn start(self) {
        let Some(file) = self.file.get_untracked() else {
            return;
        };
        let key = self.format_key();
        let format = zone_minutes(&self.zone.get_untracked()).and_then(|offset| {
            format_of(&key, || {
                let fields = self.mapping.get_untracked();
                formats::mapping(
                    |f| fields.get(f).cloned().unwrap_or_default(),
                    &self.bucket_seconds.get_untracked(),
                    offset,
                )
            })
        });
        let format = match format {
            Ok(f) => f,
            Err(message) => {
                self.outcome.set(Some(Err(Failure {
                    message,
                    report: None,
                })));
                return;
            }
        };
        self.run.update(|n| *n += 1);
        let run = self.run.get_untracked();
        let (progress, outcome, current) = (self.progress, self.outcome, self.run);
        let file_name = self.file_name.get_untracked();
        let key = api::traffic::format_name(&format);
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let live = move || current.try_get_untracked() == Some(run);
            let result = read::read(
                &file,
                &format,
                &|p| {
                    if live() {
                        progress.set(Some(p));
                    }
                },
                &|| !live(),
            )
            .await;
            if !live() {
                return;
            }
            progress.set(None);
            outcome.set(Some(match result {
                Ok(r) => Ok(Arc::new(Analysed {
                    file_name,
                    format: key,
                    report: r.report,
                    trace: r.trace,
                    seconds: r.seconds,
                    bytes: file.size(),
                })),
                Err(Stopped::Cancelled) => Err(Failure {
                    message: "Cancelled: nothing was kept.".into(),
                    report: None,
                }),
                Err(Stopped::Browser(message)) => Err(Failure {
                    message,
                    report: None,
                }),
                Err(Stopped::Refused(e)) => Err(Failure {
                    message: e.to_string(),
                    report: match e {
                        TrafficError::NothingUsable { report } => Some(*report),
                        _ => None,
                    },
                }),
            }));
        });
    }
}
