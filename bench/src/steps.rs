//! The steps of a run counted as they finish, with the clock read after each: what a
//! progress event's [`Steps`] says (the bar moves per step; the time left is estimated
//! from the latest sweep steps). Used by the candle benchmark and the server's endpoint
//! benchmark alike.

use std::collections::VecDeque;
use std::time::Instant;

use api::bench::{Point, Progress, Steps, RECENT_STEPS};

/// Steps done and planned, and the durations of the latest sweep steps.
#[derive(Debug, Clone)]
pub struct StepClock {
    started: Instant,
    last: Instant,
    total: usize,
    done: usize,
    recent: VecDeque<f64>,
}

impl StepClock {
    /// A run that plans `setup` one-off steps (loading, probes) and, at each of
    /// `concurrencies` concurrencies, a warm-up and `repetitions` timed repetitions.
    pub fn new(setup: usize, concurrencies: usize, repetitions: usize) -> Self {
        let now = Instant::now();
        Self {
            started: now,
            last: now,
            total: setup + concurrencies * (repetitions + 1),
            done: 0,
            recent: VecDeque::with_capacity(RECENT_STEPS),
        }
    }

    /// A one-off set-up step finished: counted, its duration kept out of the estimate.
    pub fn setup_done(&mut self) {
        self.last = Instant::now();
        self.done = (self.done + 1).min(self.total);
    }

    /// A warm-up or a timed repetition finished: counted, and its duration joins the
    /// latest ones the time left is estimated from.
    pub fn sweep_step_done(&mut self) {
        let now = Instant::now();
        if self.recent.len() == RECENT_STEPS {
            self.recent.pop_front();
        }
        self.recent
            .push_back(now.duration_since(self.last).as_secs_f64());
        self.last = now;
        self.done = (self.done + 1).min(self.total);
    }

    /// The run ended (a sweep that stopped early skips its remaining steps).
    pub fn finish(&mut self) {
        self.done = self.total;
    }

    /// Where the run is now.
    pub fn steps(&self) -> Steps {
        Steps {
            total: self.total,
            done: self.done,
            elapsed_s: self.started.elapsed().as_secs_f64(),
            recent_s: self.recent.iter().copied().collect(),
        }
    }
}
/// A progress event of either benchmark (candle's and an endpoint's): what the run is doing
/// and the steps done so far (the share done is the steps' share, so the bar moves per step).
pub fn progress(phase: &str, message: String, clock: &StepClock, points: &[Point]) -> Progress {
    let steps = clock.steps();
    Progress {
        phase: phase.to_string(),
        message,
        fraction: steps.fraction(),
        points: points.to_vec(),
        steps: Some(steps),
    }
}
