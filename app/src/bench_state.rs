//! The Benchmarks page's state, kept by the app (not the page) so that a run goes on being
//! followed while another tab is open: the form's text, the benchmark on show, and the
//! `EventSource` that follows it (`/api/v1/benchmarks/{id}/events`), with polling of the
//! benchmark as the fallback when the stream cannot be opened or breaks.

use std::collections::BTreeSet;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{EventSource, MessageEvent};

use crate::api;
use crate::bench::{
    self, is_terminal, BenchRequest, BenchResult, Created, Detail, Fields, Problem, Progress,
    StatusEvent,
};

/// The benchmark on show.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Current {
    pub id: String,
    /// queued | running | done | failed | cancelled; "loading" until the server answers.
    pub status: String,
    /// Place in the queue, when queued.
    pub position: Option<u64>,
    pub error: Option<String>,
    pub progress: Option<Progress>,
    pub result: Option<Result<BenchResult, String>>,
    pub command: Option<String>,
    /// Who ran it: "server" or "agent:NAME".
    pub source: Option<String>,
    pub created_unix: Option<i64>,
    pub started_unix: Option<i64>,
    pub finished_unix: Option<i64>,
    /// A line about following it ("connection lost, polling").
    pub note: Option<String>,
}

/// An open events stream and its handlers; closed when dropped.
struct Follow {
    source: EventSource,
    _handlers: Vec<Closure<dyn FnMut(JsValue)>>,
}

impl Drop for Follow {
    fn drop(&mut self) {
        self.source.close();
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
    follow: StoredValue<Option<Follow>, LocalStorage>,
}

fn url(id: &str, tail: &str) -> String {
    format!("/api/v1/benchmarks/{id}{tail}")
}

impl BenchState {
    pub fn new() -> Self {
        let fields = [
            (bench::WEIGHTS, bench::SYNTHETIC),
            (bench::CONCURRENCY, "1,2,4,8"),
            (bench::REPETITIONS, "5"),
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
            follow: StoredValue::new_local(None),
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
                .filter(|p| bench::form_key(&p.field) == Some(key))
                .map(|p| {
                    if p.field == key {
                        p.message.clone()
                    } else {
                        format!("{}: {}", p.field, p.message)
                    }
                })
                .reduce(|a, b| format!("{a}; {b}"))
        })
    }

    /// Problems that name no field of the form.
    pub fn other_problems(&self) -> Vec<Problem> {
        self.problems.with(|p| {
            p.iter()
                .filter(|p| bench::form_key(&p.field).is_none())
                .cloned()
                .collect()
        })
    }

    /// Checks the form and asks the server to run it; then follows the new benchmark.
    pub fn run(self) {
        self.submit_error.set(None);
        let request: BenchRequest = match self.fields.with_untracked(bench::request) {
            Ok(r) => r,
            Err(problems) => {
                self.problems.set(problems);
                return;
            }
        };
        self.problems.set(Vec::new());
        self.submitting.set(true);
        spawn_local(async move {
            let answer = api::post_checked::<_, Created>("/api/v1/benchmarks", &request).await;
            self.submitting.set(false);
            match answer {
                Ok(created) => {
                    self.list_version.update(|v| *v += 1);
                    self.show(Current {
                        id: created.id.0.clone(),
                        status: if created.status.is_empty() {
                            "queued".into()
                        } else {
                            created.status
                        },
                        position: created.position,
                        ..Default::default()
                    });
                    self.follow(created.id.0);
                }
                Err(api::Failure::Fields(problems)) => self.problems.set(
                    problems
                        .into_iter()
                        .map(|(field, message)| Problem { field, message })
                        .collect(),
                ),
                Err(api::Failure::Other(message)) => self.submit_error.set(Some(message)),
            }
        });
    }

    fn show(&self, current: Current) {
        // Dropping the previous stream closes it. This runs from a click or a fetch, never
        // from inside one of that stream's own handlers.
        self.follow.set_value(None);
        self.current.set(Some(current));
    }

    /// Shows a benchmark from the list; follows it while it is queued or running.
    pub fn open(self, id: String) {
        self.show(Current {
            id: id.clone(),
            status: "loading".into(),
            ..Default::default()
        });
        spawn_local(async move {
            match api::get::<Detail>(&url(&id, "")).await {
                Ok(detail) => {
                    let terminal = is_terminal(&detail.status);
                    self.apply(detail);
                    if !terminal {
                        self.follow(id);
                    }
                }
                Err(e) => self.update(&id, |c| {
                    c.status = "unknown".into();
                    c.error = Some(e);
                }),
            }
        });
    }

    /// Asks the server to cancel the benchmark on show.
    pub fn cancel(self) {
        let Some(id) = self
            .current
            .with_untracked(|c| c.as_ref().map(|c| c.id.clone()))
        else {
            return;
        };
        spawn_local(async move {
            let answer =
                api::post::<_, serde_json::Value>(&url(&id, "/cancel"), &serde_json::json!({}))
                    .await;
            if let Err(e) = answer {
                self.update(&id, |c| c.note = Some(format!("cancel failed: {e}")));
            }
            self.refresh(id);
        });
    }

    /// Updates the benchmark on show, if it is still `id`.
    fn update(&self, id: &str, change: impl FnOnce(&mut Current)) {
        self.current.update(|c| {
            if let Some(c) = c.as_mut().filter(|c| c.id == id) {
                change(c);
            }
        });
    }

    fn apply(&self, d: Detail) {
        let result = d.result();
        self.update(&d.id.0, |c| {
            c.status = d.status;
            c.error = d.error;
            c.command = d.command;
            c.source = d.source;
            c.created_unix = d.created_unix;
            c.started_unix = d.started_unix;
            c.finished_unix = d.finished_unix;
            if d.progress.is_some() {
                c.progress = d.progress;
            }
            if result.is_some() {
                c.result = result;
            }
            if is_terminal(&c.status) {
                c.note = None;
                c.position = None;
            }
        });
    }

    /// Reads the benchmark again; a finished one stops being followed.
    fn refresh(self, id: String) {
        spawn_local(async move {
            match api::get::<Detail>(&url(&id, "")).await {
                Ok(detail) => {
                    if is_terminal(&detail.status) {
                        self.close_stream();
                        self.list_version.update(|v| *v += 1);
                    }
                    self.apply(detail);
                }
                Err(e) => self.update(&id, |c| c.note = Some(format!("cannot read it: {e}"))),
            }
        });
    }

    /// Closes the stream without dropping its handlers (one of them may be running).
    fn close_stream(&self) {
        self.follow.with_value(|f| {
            if let Some(f) = f {
                f.source.close();
            }
        });
    }

    /// Polls the benchmark every second until it ends (when the stream is unavailable).
    fn poll(self, id: String) {
        let still_shown = self
            .current
            .with_untracked(|c| c.as_ref().is_some_and(|c| c.id == id));
        if !still_shown {
            return;
        }
        spawn_local(async move {
            if let Ok(detail) = api::get::<Detail>(&url(&id, "")).await {
                let terminal = is_terminal(&detail.status);
                self.apply(detail);
                if terminal {
                    self.list_version.update(|v| *v += 1);
                    return;
                }
            }
            set_timeout(move || self.poll(id), Duration::from_secs(1));
        });
    }

    /// Opens the events stream of `id`: progress events update the bar and the rows, a
    /// terminal status event closes it and loads the result.
    fn follow(self, id: String) {
        let source = match EventSource::new(&url(&id, "/events")) {
            Ok(s) => s,
            Err(_) => {
                self.update(&id, |c| {
                    c.note = Some("live updates unavailable: polling".into())
                });
                self.poll(id);
                return;
            }
        };
        let progress = {
            let id = id.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
                let Some(data) = ev.unchecked_into::<MessageEvent>().data().as_string() else {
                    return;
                };
                if let Ok(p) = serde_json::from_str::<Progress>(&data) {
                    self.update(&id, |c| {
                        if c.status == "queued" || c.status == "loading" {
                            c.status = "running".into();
                        }
                        c.position = None;
                        c.note = None;
                        c.progress = Some(p);
                    });
                }
            })
        };
        let status = {
            let id = id.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
                let Some(data) = ev.unchecked_into::<MessageEvent>().data().as_string() else {
                    return;
                };
                let Ok(s) = serde_json::from_str::<StatusEvent>(&data) else {
                    return;
                };
                let terminal = is_terminal(&s.status);
                self.update(&id, |c| {
                    c.status = s.status;
                    if s.error.is_some() {
                        c.error = s.error;
                    }
                });
                if terminal {
                    self.close_stream();
                    self.refresh(id.clone());
                }
            })
        };
        // The stream broke or could not be opened: see where the benchmark is; the browser
        // reconnects by itself unless the stream is closed for good, then poll.
        let error = {
            let id = id.clone();
            let source = source.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
                let closed = source.ready_state() == EventSource::CLOSED;
                let id = id.clone();
                spawn_local(async move {
                    let detail = api::get::<Detail>(&url(&id, "")).await;
                    match detail {
                        Ok(d) if is_terminal(&d.status) => {
                            self.close_stream();
                            self.list_version.update(|v| *v += 1);
                            self.apply(d);
                        }
                        Ok(d) => {
                            self.apply(d);
                            if closed {
                                self.update(&id, |c| {
                                    c.note = Some("live updates unavailable: polling".into())
                                });
                                self.poll(id);
                            }
                        }
                        Err(e) => self.update(&id, |c| {
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
        self.follow.set_value(Some(Follow {
            source,
            _handlers: vec![progress, status, error],
        }));
    }
}
