//! Read + analyse a generated 1,000,000-row LiteLLM spend-log CSV (`make bench-traffic`, or
//! `cargo bench -p traffic --bench traffic`): `traffic::read` over the bytes into a
//! `Trace`, then the workload. Goal (issue 17): ≤ 3 s native release. The file is built in
//! memory once, before timing (`benches/common/spend_log.rs`: realistic columns with a
//! metadata JSON cell, 8 days, three models). Peak memory: `examples/traffic_memory.rs`.
//! Figures: docs/performance.md. Not part of `make test` (`cargo test --tests` builds no
//! benches; clippy only compiles this).

// criterion_group! defines an undocumented public function.
#![allow(missing_docs)]

#[path = "common/spend_log.rs"]
mod spend_log;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use traffic::analysis::{workload, Trace};
use traffic::Format;

const ROWS: u64 = 1_000_000;

fn read_and_analyse(bytes: &[u8]) -> Result<(u64, f64), traffic::TrafficError> {
    let mut trace = Trace::new();
    let report = traffic::read(&Format::LitellmSpendLogsCsv, bytes, &mut |record| {
        trace.add(&record)
    })?;
    let w = workload(&trace, "bench.csv", 0);
    Ok((report.rows_used, w.requests_per_month))
}

fn bench(c: &mut Criterion) {
    let bytes = match spend_log::spend_log(ROWS) {
        Ok(bytes) => bytes,
        Err(e) => panic!("generating the log: {e}"),
    };
    // The file must read as intended: every row but the failed and the bad ones used.
    match read_and_analyse(&bytes) {
        Ok((used, _)) => assert!(used >= ROWS - ROWS / 5_000, "{used} rows used"),
        Err(e) => panic!("the generated log does not read: {e}"),
    }
    let mut group = c.benchmark_group("traffic");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("read_analyse_1m_litellm_csv", |b| {
        b.iter(|| std::hint::black_box(read_and_analyse(std::hint::black_box(&bytes))))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
