//! Peak memory of read + analyse on a generated 1,000,000-row LiteLLM spend log
//! (`cargo run --release -p traffic --example traffic_memory`, run by `make bench-traffic`):
//! a counting global allocator records the most heap bytes held at once while the log is
//! generated a row at a time (so the file itself is never in memory, as when a file is read
//! from disk or a request body streamed) and fed through `traffic::read` into a `Trace`,
//! then the workload. Also prints the time of that one pass. Figures: docs/performance.md.

#[path = "../benches/common/spend_log.rs"]
mod spend_log;

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::BufReader;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use traffic::analysis::{workload, Trace};
use traffic::Format;

/// The system allocator, counting the bytes held and their peak.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let held = HELD.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(held, Ordering::Relaxed);
}

// SAFETY: every call goes to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's layout, passed on.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) };
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as the caller guarantees for `GlobalAlloc::realloc`.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            match new_size >= layout.size() {
                true => grew(new_size - layout.size()),
                false => {
                    HELD.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
                }
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const ROWS: u64 = 1_000_000;

fn mib(bytes: f64) -> f64 {
    bytes / (1024.0 * 1024.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The file's size, from a tenth of a percent of it (freed before the measure).
    let file_bytes = spend_log::spend_log(10_000)?.len() as f64 * (ROWS as f64 / 10_000.0);
    let before = HELD.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let started = Instant::now();
    let mut trace = Trace::new();
    let log = BufReader::with_capacity(64 * 1024, spend_log::SpendLog::new(ROWS));
    let report = traffic::read(&Format::LitellmSpendLogsCsv, log, &mut |record| {
        trace.add(&record)
    })?;
    let w = workload(&trace, "generated.csv", 0);
    let elapsed = started.elapsed();
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(before);
    println!(
        "{} rows (about {:.0} MiB of CSV): {} used, {} skipped, {} bad; {} requests over {} hours, {} models, {} hour × model entries",
        report.rows_read,
        mib(file_bytes),
        report.rows_used,
        report.rows_skipped,
        report.bad_rows_total,
        w.requests,
        w.hours,
        trace.models.len(),
        trace.hours.len(),
    );
    println!(
        "generated + read + analysed in {:.2} s; peak heap {:.2} MiB (the file is never held)",
        elapsed.as_secs_f64(),
        mib(peak as f64)
    );
    Ok(())
}
