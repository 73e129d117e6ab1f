//! The benchmark on show, kept up to date: running one from the form, opening a past one,
//! cancelling, and following a queued or running one over its `EventSource`
//! (`/api/v1/benchmarks/{id}/events`: `progress` and `status` events), with polling of the
//! benchmark as the fallback when the stream cannot be opened or breaks for good.

use std::time::Duration;

use ::api::bench::{Benchmark, JobStatus, Progress, StatusEvent};
use ::api::endpoints::{CancelBenchmark, Endpoint, GetBenchmark, SubmitBenchmark};
use ::api::BenchmarkId;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{EventSource, MessageEvent};

use super::form::{self, Problem};
use super::state::{BenchState, Current, Known};
use super::stream::Stream;
use crate::api::{Call, Failure};

/// The stream's address: the benchmark's own path and `/events` (a stream, not a JSON
/// endpoint, so it has no entry of its own in `::api::endpoints`).
fn events_url(id: BenchmarkId) -> String {
    format!("{}/events", GetBenchmark::path_for(&id))
}

/// An event's data as `T`; an event without text data or with other JSON is no event of ours.
fn event_data<T: serde::de::DeserializeOwned>(event: JsValue) -> Option<T> {
    let data = event.unchecked_into::<MessageEvent>().data().as_string()?;
    serde_json::from_str(&data).ok()
}

/// Benchmark `id` as the server has it, or why not (one line).
async fn read(id: BenchmarkId) -> Result<Benchmark, String> {
    Call::<GetBenchmark>::at(&id)
        .send()
        .await
        .map_err(|f| f.line(form::words))
}

impl BenchState {
    /// Checks the form and asks the server to run it; then follows the new benchmark.
    pub fn run(self) {
        self.submit_error.set(None);
        let request = match self.fields.with_untracked(form::request) {
            Ok(r) => r,
            Err(problems) => {
                self.problems.set(problems);
                return;
            }
        };
        self.problems.set(Vec::new());
        self.submitting.set(true);
        spawn_local(async move {
            let answer = Call::<SubmitBenchmark>::new()
                .bearer(self.bearer())
                .send_body(&request)
                .await;
            self.submitting.set(false);
            match answer {
                Ok(queued) => {
                    self.list_version.update(|v| *v += 1);
                    self.show(Current {
                        position: queued.position,
                        ..Current::new(queued.id, Known::Job(queued.status))
                    });
                    self.follow(queued.id);
                }
                Err(Failure::Fields(problems)) => self.problems.set(
                    problems
                        .into_iter()
                        .map(|e| Problem {
                            field: e.field,
                            message: e.message,
                        })
                        .collect(),
                ),
                Err(other) => self.submit_error.set(Some(other.line(form::words))),
            }
        });
    }

    fn show(&self, current: Current) {
        // Dropping the previous stream closes it. This runs from a click or a fetch, never
        // from inside one of that stream's own handlers.
        self.stream.set_value(None);
        self.current.set(Some(current));
    }

    /// Shows a benchmark from the list; follows it while it is queued or running.
    pub fn open(self, id: BenchmarkId) {
        self.show(Current::new(id, Known::Loading));
        spawn_local(async move {
            match read(id).await {
                Ok(benchmark) => {
                    let finished = benchmark.status.is_finished();
                    self.apply(benchmark);
                    if !finished {
                        self.follow(id);
                    }
                }
                Err(e) => self.update(id, |c| {
                    c.status = Known::Unknown;
                    c.error = Some(e);
                }),
            }
        });
    }

    /// Asks the server to cancel the benchmark on show.
    pub fn cancel(self) {
        let Some(id) = self.current.with_untracked(|c| c.as_ref().map(|c| c.id)) else {
            return;
        };
        spawn_local(async move {
            let call = Call::<CancelBenchmark>::at(&id).bearer(self.bearer());
            if let Err(e) = call.send().await {
                self.update(id, |c| {
                    c.note = Some(format!("cancel failed: {}", e.line(form::words)))
                });
            }
            self.refresh(id);
        });
    }

    /// Updates the benchmark on show, if it is still `id`.
    fn update(&self, id: BenchmarkId, change: impl FnOnce(&mut Current)) {
        self.current.update(|c| {
            if let Some(c) = c.as_mut().filter(|c| c.id == id) {
                change(c);
            }
        });
    }

    /// Shows what the server says of the benchmark.
    fn apply(&self, b: Benchmark) {
        self.update(b.id, |c| {
            c.status = Known::Job(b.status);
            c.error = b.error;
            c.command = Some(b.command);
            c.request = Some(b.request);
            c.source = Some(b.source);
            c.created_unix = Some(b.created_unix);
            c.started_unix = b.started_unix;
            c.finished_unix = b.finished_unix;
            if b.progress.is_some() {
                c.progress = b.progress;
            }
            if b.result.is_some() {
                c.result = b.result;
            }
            if b.status.is_finished() {
                c.note = None;
                c.position = None;
            }
        });
    }

    /// Reads the benchmark again; a finished one stops being followed.
    fn refresh(self, id: BenchmarkId) {
        spawn_local(async move {
            match read(id).await {
                Ok(benchmark) => {
                    if benchmark.status.is_finished() {
                        self.close_stream();
                        self.list_version.update(|v| *v += 1);
                    }
                    self.apply(benchmark);
                }
                Err(e) => self.update(id, |c| c.note = Some(format!("cannot read it: {e}"))),
            }
        });
    }

    /// Closes the stream without dropping its handlers (one of them may be running).
    fn close_stream(&self) {
        self.stream.with_value(|s| {
            if let Some(s) = s {
                s.close();
            }
        });
    }

    /// Polls the benchmark every second until it ends (when the stream is unavailable).
    fn poll(self, id: BenchmarkId) {
        let still_shown = self
            .current
            .with_untracked(|c| c.as_ref().is_some_and(|c| c.id == id));
        if !still_shown {
            return;
        }
        spawn_local(async move {
            if let Ok(benchmark) = read(id).await {
                let finished = benchmark.status.is_finished();
                self.apply(benchmark);
                if finished {
                    self.list_version.update(|v| *v += 1);
                    return;
                }
            }
            set_timeout(move || self.poll(id), Duration::from_secs(1));
        });
    }

    fn polling(self, id: BenchmarkId) {
        self.update(id, |c| {
            c.note = Some("live updates unavailable: polling".into())
        });
        self.poll(id);
    }

    /// Opens the events stream of `id`: progress events update the bar and the rows, a
    /// finishing status event closes it and loads the result.
    fn follow(self, id: BenchmarkId) {
        let Ok(source) = EventSource::new(&events_url(id)) else {
            self.polling(id);
            return;
        };
        let progress = Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
            let Some(p) = event_data::<Progress>(ev) else {
                return;
            };
            let mut started = false;
            self.update(id, |c| {
                if matches!(c.status, Known::Loading | Known::Job(JobStatus::Queued)) {
                    c.status = Known::Job(JobStatus::Running);
                    started = true;
                }
                c.position = None;
                c.note = None;
                c.progress = Some(p);
            });
            // The past-runs list said "queued": it reads the row again.
            if started {
                self.list_version.update(|v| *v += 1);
            }
        });
        let status = Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
            let Some(s) = event_data::<StatusEvent>(ev) else {
                return;
            };
            self.update(id, |c| {
                c.status = Known::Job(s.status);
                if s.error.is_some() {
                    c.error = s.error;
                }
            });
            if s.status == JobStatus::Running {
                self.list_version.update(|v| *v += 1);
            }
            if s.status.is_finished() {
                self.close_stream();
                self.refresh(id);
            }
        });
        // The stream broke or could not be opened: see where the benchmark is; the browser
        // reconnects by itself unless the stream is closed for good, then poll.
        let error = {
            let source = source.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
                let closed = source.ready_state() == EventSource::CLOSED;
                spawn_local(async move {
                    match read(id).await {
                        Ok(b) if b.status.is_finished() => {
                            self.close_stream();
                            self.list_version.update(|v| *v += 1);
                            self.apply(b);
                        }
                        Ok(b) => {
                            self.apply(b);
                            if closed {
                                self.polling(id);
                            }
                        }
                        Err(e) => self.update(id, |c| {
                            c.note = Some(format!("connection lost ({e}); retrying"))
                        }),
                    }
                });
            })
        };
        for (event, handler) in [("progress", &progress), ("status", &status)] {
            // Adding a listener fails only for a malformed event name; these are constants.
            let _ =
                source.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
        }
        source.set_onerror(Some(error.as_ref().unchecked_ref()));
        self.stream
            .set_value(Some(Stream::new(source, vec![progress, status, error])));
    }
}
