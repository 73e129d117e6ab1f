//! The eval on show, kept up to date: running one from the form, opening a past one,
//! cancelling, and following a queued or running one over its `EventSource`
//! (`/api/v1/evals/{id}/events`: `progress` and `status` events), with polling of the eval
//! as the fallback when the stream cannot be opened or breaks for good.

use std::time::Duration;

use ::api::bench::{JobStatus, StatusEvent};
use ::api::endpoints::{CancelEval, Endpoint, GetEval, SubmitEval};
use ::api::quality::{CascadePrices, EvalJob, EvalProgress};
use ::api::EvalId;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{EventSource, MessageEvent};

use super::state::{self, Current, Problem, QualityState, SampleChoice};
use super::words;
use crate::api::{Call, Failure};
use crate::benchmarks::stream::Stream;

fn events_url(id: EvalId) -> String {
    format!("{}/events", GetEval::path_for(&id))
}

fn event_data<T: serde::de::DeserializeOwned>(event: JsValue) -> Option<T> {
    let data = event.unchecked_into::<MessageEvent>().data().as_string()?;
    serde_json::from_str(&data).ok()
}

async fn read(id: EvalId) -> Result<EvalJob, String> {
    Call::<GetEval>::at(&id)
        .send()
        .await
        .map_err(|f| f.line(words::words))
}

impl QualityState {
    /// Checks the form and asks the server to run it (on `sample`); then follows the new
    /// eval. `bearer`: the server's benchmark token, when one was typed.
    pub fn run(
        self,
        sample: SampleChoice,
        prices: Option<CascadePrices>,
        bearer: Option<String>,
        opened: impl Fn(EvalId) + 'static,
    ) {
        self.submit_error.set(None);
        self.sample.set(sample.clone());
        let template = self
            .template_typed
            .get_untracked()
            .then(|| self.value(super::words::TEMPLATE));
        let request = match self
            .fields
            .with_untracked(|f| state::request(f, template, &sample, prices))
        {
            Ok(r) => r,
            Err(problems) => {
                self.problems.set(problems);
                return;
            }
        };
        self.problems.set(Vec::new());
        self.submitting.set(true);
        spawn_local(async move {
            let answer = Call::<SubmitEval>::new()
                .bearer(bearer)
                .send_body(&request)
                .await;
            self.submitting.set(false);
            match answer {
                Ok(queued) => {
                    self.list_version.update(|v| *v += 1);
                    self.show(Current::new(queued.id, queued.position));
                    opened(queued.id);
                    self.refresh(queued.id);
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
                Err(other) => self.submit_error.set(Some(other.line(words::words))),
            }
        });
    }

    fn show(&self, current: Current) {
        // Dropping the previous stream closes it (never from inside its own handlers).
        self.stream.set_value(None);
        self.current.set(Some(current));
    }

    /// Shows an eval (from the list or the address bar); follows it while it runs.
    pub fn open(self, id: EvalId) {
        if self
            .current
            .with_untracked(|c| c.as_ref().is_some_and(|c| c.id == id))
        {
            return;
        }
        self.show(Current::new(id, None));
        spawn_local(async move {
            match read(id).await {
                Ok(job) => {
                    let finished = job.status.is_finished();
                    self.apply(job);
                    if !finished {
                        self.follow(id);
                    }
                }
                Err(e) => self.update(id, |c| c.note = Some(e)),
            }
        });
    }

    /// Asks the server to cancel the eval on show.
    pub fn cancel(self, bearer: Option<String>) {
        let Some(id) = self.current.with_untracked(|c| c.as_ref().map(|c| c.id)) else {
            return;
        };
        spawn_local(async move {
            if let Err(e) = Call::<CancelEval>::at(&id).bearer(bearer).send().await {
                self.update(id, |c| {
                    c.note = Some(format!("cancel failed: {}", e.line(words::words)))
                });
            }
            self.refresh(id);
        });
    }

    fn update(&self, id: EvalId, change: impl FnOnce(&mut Current)) {
        self.current.update(|c| {
            if let Some(c) = c.as_mut().filter(|c| c.id == id) {
                change(c);
            }
        });
    }

    fn apply(&self, job: EvalJob) {
        self.update(job.id, |c| {
            if job.status.is_finished() {
                c.note = None;
                c.position = None;
            }
            // A progress event newer than the read keeps its figures.
            let newer = c
                .progress
                .as_ref()
                .zip(job.progress.as_ref())
                .is_some_and(|(seen, read)| seen.items_done > read.items_done);
            if !newer && job.progress.is_some() {
                c.progress = job.progress.clone();
            }
            c.job = Some(job);
        });
    }

    fn refresh(self, id: EvalId) {
        spawn_local(async move {
            match read(id).await {
                Ok(job) => {
                    if job.status.is_finished() {
                        self.close_stream();
                        self.list_version.update(|v| *v += 1);
                    }
                    self.apply(job);
                }
                Err(e) => self.update(id, |c| c.note = Some(format!("cannot read it: {e}"))),
            }
        });
    }

    fn close_stream(&self) {
        self.stream.with_value(|s| {
            if let Some(s) = s {
                s.close();
            }
        });
    }

    fn poll(self, id: EvalId) {
        let still_shown = self
            .current
            .with_untracked(|c| c.as_ref().is_some_and(|c| c.id == id));
        if !still_shown {
            return;
        }
        spawn_local(async move {
            if let Ok(job) = read(id).await {
                let finished = job.status.is_finished();
                self.apply(job);
                if finished {
                    self.list_version.update(|v| *v += 1);
                    return;
                }
            }
            set_timeout(move || self.poll(id), Duration::from_secs(1));
        });
    }

    fn polling(self, id: EvalId) {
        self.update(id, |c| {
            c.note = Some("live updates unavailable: polling".into())
        });
        self.poll(id);
    }

    /// Opens the events stream of `id`: progress events move the bar, a finishing status
    /// event closes it and loads the result.
    fn follow(self, id: EvalId) {
        let Ok(source) = EventSource::new(&events_url(id)) else {
            self.polling(id);
            return;
        };
        let progress = Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
            let Some(p) = event_data::<EvalProgress>(ev) else {
                return;
            };
            self.update(id, |c| {
                c.position = None;
                c.note = None;
                if let Some(job) = c.job.as_mut() {
                    if job.status == JobStatus::Queued {
                        job.status = JobStatus::Running;
                    }
                }
                c.progress = Some(p);
            });
        });
        let status = Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
            let Some(s) = event_data::<StatusEvent>(ev) else {
                return;
            };
            self.update(id, |c| {
                if let Some(job) = c.job.as_mut() {
                    job.status = s.status;
                    if s.error.is_some() {
                        job.error = s.error;
                    }
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
        let error = {
            let source = source.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
                let closed = source.ready_state() == EventSource::CLOSED;
                spawn_local(async move {
                    match read(id).await {
                        Ok(job) if job.status.is_finished() => {
                            self.close_stream();
                            self.list_version.update(|v| *v += 1);
                            self.apply(job);
                        }
                        Ok(job) => {
                            self.apply(job);
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
            let _ =
                source.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
        }
        source.set_onerror(Some(error.as_ref().unchecked_ref()));
        self.stream
            .set_value(Some(Stream::new(source, vec![progress, status, error])));
    }
}
