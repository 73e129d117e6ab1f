//! What a benchmark is asked to do and what it reports. The types are the HTTP contract's
//! (`api::bench`): the server stores them and the browser app reads them as they are, so
//! they are defined there, once, and re-exported here for the benchmark's own code.

pub use api::bench::{
    default_repetitions, BenchRequest, BenchResult, Device as DeviceName, Goodput, Point, Progress,
    Projection, Reproducibility, Roofline, Slo, Summary, WeightDtype, WeightsSource,
};
