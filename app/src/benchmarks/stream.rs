//! An open Server-Sent Events stream and its handlers, which live exactly as long as it:
//! dropping it closes the stream.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;
use web_sys::EventSource;

pub struct Stream {
    source: EventSource,
    _handlers: Vec<Closure<dyn FnMut(JsValue)>>,
}

impl Stream {
    pub fn new(source: EventSource, handlers: Vec<Closure<dyn FnMut(JsValue)>>) -> Self {
        Self {
            source,
            _handlers: handlers,
        }
    }

    /// Closes the stream, keeping its handlers (one of them may be running).
    pub fn close(&self) {
        self.source.close();
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        self.source.close();
    }
}
