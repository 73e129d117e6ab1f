//! Reading a File in the page: 1 MiB slices (`Blob.slice` + `arrayBuffer`), each fed to the
//! `traffic::Importer` and its records to a `Trace`, the event loop given a turn between
//! slices so the page repaints the progress bar and answers Cancel. Nothing is sent
//! anywhere: the bytes live in this function only.

use ::traffic::analysis::Trace;
use ::traffic::{Format, ImportReport, Importer, TrafficError};
use js_sys::{Promise, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The slice read at a time.
pub const SLICE_BYTES: f64 = 1024.0 * 1024.0;
/// What format detection looks at: the file's first 64 KiB.
pub const SNIFF_BYTES: f64 = 64.0 * 1024.0;

/// Where a read stands, for the progress bar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    pub bytes_read: f64,
    pub size: f64,
    pub rows_read: u64,
    pub rows_used: u64,
    pub rows_bad: u64,
    /// Seconds since the read began.
    pub seconds: f64,
}

impl Progress {
    pub fn fraction(&self) -> f64 {
        if self.size > 0.0 {
            (self.bytes_read / self.size).clamp(0.0, 1.0)
        } else {
            1.0
        }
    }

    pub fn rows_per_second(&self) -> Option<f64> {
        (self.seconds > 0.0).then(|| self.rows_read as f64 / self.seconds)
    }
}

/// A finished read: the account of every row and the trace gathered from the used ones.
pub struct Read {
    pub report: ImportReport,
    pub trace: Trace,
    pub seconds: f64,
}

/// Why a read stopped without a trace.
pub enum Stopped {
    /// Cancel was pressed.
    Cancelled,
    /// The browser could not read the file.
    Browser(String),
    /// The reader refused the file (a missing column, nothing usable: the report says).
    Refused(TrafficError),
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The bytes of `file` from `start` to `end`.
pub async fn slice(file: &web_sys::File, start: f64, end: f64) -> Result<Vec<u8>, String> {
    let blob = file
        .slice_with_f64_and_f64(start, end)
        .map_err(|e| format!("cannot slice the file: {e:?}"))?;
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|e| format!("cannot read the file: {e:?}"))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Gives the event loop a turn (a `setTimeout(0)`): the page repaints and handles clicks.
/// Without a window, or when the timer cannot be set, it resolves at once (a microtask)
/// rather than never.
async fn yield_now() {
    let promise = Promise::new(&mut |resolve, _| {
        let scheduled = web_sys::window()
            .is_some_and(|w| w.set_timeout_with_callback(resolve.unchecked_ref()).is_ok());
        if !scheduled {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Reads `file` in `format`, telling `progress` after each slice; stops when `cancelled`
/// says so.
pub async fn read(
    file: &web_sys::File,
    format: &Format,
    progress: &dyn Fn(Progress),
    cancelled: &dyn Fn() -> bool,
) -> Result<Read, Stopped> {
    let started = now_ms();
    let size = file.size();
    let mut importer = Importer::new(format).map_err(Stopped::Refused)?;
    let mut trace = Trace::new();
    let mut start = 0.0;
    let tell = |importer: &Importer, bytes: f64| {
        let r = importer.report();
        progress(Progress {
            bytes_read: bytes,
            size,
            rows_read: r.rows_read,
            rows_used: r.rows_used,
            rows_bad: r.bad_rows_total,
            seconds: (now_ms() - started) / 1000.0,
        });
    };
    tell(&importer, 0.0);
    while start < size {
        if cancelled() {
            return Err(Stopped::Cancelled);
        }
        let end = (start + SLICE_BYTES).min(size);
        let bytes = slice(file, start, end).await.map_err(Stopped::Browser)?;
        importer
            .feed(&bytes, &mut |record| trace.add(&record))
            .map_err(Stopped::Refused)?;
        start = end;
        tell(&importer, start);
        yield_now().await;
    }
    if cancelled() {
        return Err(Stopped::Cancelled);
    }
    let report = importer
        .finish(&mut |record| trace.add(&record))
        .map_err(Stopped::Refused)?;
    Ok(Read {
        report,
        trace,
        seconds: (now_ms() - started) / 1000.0,
    })
}
