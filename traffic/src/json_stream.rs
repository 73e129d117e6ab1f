//! JSON documents cut into values without holding the whole file: a top-level array's
//! elements, a sequence of top-level values (pretty-printed pages one after another), or one
//! value per line (JSONL). Only the value being read is in memory.

use std::io::BufRead;

use crate::error::TrafficError;

/// The longest value kept (a LiteLLM row carrying its prompt and response can be long);
/// a longer one is skipped and reported, so memory stays bounded whatever the file.
pub const MAX_VALUE_BYTES: usize = 32 * 1024 * 1024;

/// How the values of a document are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// Each non-blank line is one value.
    Lines,
    /// Values one after another, each possibly spanning lines.
    Sequence,
}

/// One value's bytes and the line it starts on, or why it could not be cut out.
pub(crate) type Piece = (u64, Result<Vec<u8>, String>);

/// Cuts `input` into values and hands each to `each`. A document that starts with `[` is
/// read as one array whose elements are the values, whatever `layout` says.
pub(crate) fn for_each_value(
    mut input: impl BufRead,
    layout: Layout,
    each: &mut dyn FnMut(Piece),
) -> Result<(), TrafficError> {
    let mut scanner = Scanner::default();
    let mut line_buf = Vec::new();
    loop {
        line_buf.clear();
        let n = input
            .read_until(b'\n', &mut line_buf)
            .map_err(|e| TrafficError::Read {
                line: scanner.line,
                message: e.to_string(),
            })?;
        if n == 0 {
            break;
        }
        scanner.feed(&line_buf, layout, each);
    }
    scanner.finish(each);
    Ok(())
}

#[derive(Default)]
struct Scanner {
    /// The line being read, 1-based.
    line: u64,
    started: bool,
    in_array: bool,
    opened: bool,
    array_closed: bool,
    trailing_reported: bool,
    /// The value being read passed [`MAX_VALUE_BYTES`]; the rest of it is skipped.
    oversize: bool,
    depth: usize,
    in_string: bool,
    escaped: bool,
    current: Vec<u8>,
    current_line: u64,
}

impl Scanner {
    fn feed(&mut self, chunk: &[u8], layout: Layout, each: &mut dyn FnMut(Piece)) {
        self.line += 1;
        let chunk = if self.line == 1 {
            chunk.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(chunk)
        } else {
            chunk
        };
        if !self.started {
            match chunk.iter().find(|b| !b.is_ascii_whitespace()) {
                None => return,
                Some(b'[') => {
                    self.started = true;
                    self.in_array = true;
                }
                Some(_) => self.started = true,
            }
        }
        if !self.in_array && layout == Layout::Lines {
            let text = chunk.trim_ascii();
            if !text.is_empty() {
                each((self.line, Ok(text.to_vec())));
            }
            return;
        }
        for &b in chunk {
            self.byte(b, each);
        }
    }

    fn byte(&mut self, b: u8, each: &mut dyn FnMut(Piece)) {
        if self.in_array && !self.opened {
            // Only whitespace comes before the array's bracket (`feed` checked).
            self.opened = b == b'[';
            return;
        }
        if self.depth == 0 && !self.in_string {
            if b.is_ascii_whitespace() {
                if !self.in_array {
                    self.flush(each);
                }
                return;
            }
            if self.in_array {
                if self.array_closed {
                    if !self.trailing_reported {
                        self.trailing_reported = true;
                        each((
                            self.line,
                            Err("content after the end of the JSON array".into()),
                        ));
                    }
                    return;
                }
                match b {
                    b',' => return self.flush(each),
                    b']' => {
                        self.flush(each);
                        self.array_closed = true;
                        return;
                    }
                    _ => {}
                }
            } else if matches!(b, b'{' | b'[' | b'"') {
                self.flush(each);
            }
            if self.current.is_empty() {
                self.current_line = self.line;
            }
        }
        if self.current.len() < MAX_VALUE_BYTES {
            self.current.push(b);
        } else {
            self.oversize = true;
        }
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if b == b'\\' {
                self.escaped = true;
            } else if b == b'"' {
                self.in_string = false;
            }
            return;
        }
        match b {
            b'"' => self.in_string = true,
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' => {
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 0 && !self.in_array {
                    self.flush(each);
                }
            }
            _ => {}
        }
    }

    fn flush(&mut self, each: &mut dyn FnMut(Piece)) {
        if !self.current.is_empty() {
            let value = std::mem::take(&mut self.current);
            if std::mem::take(&mut self.oversize) {
                each((
                    self.current_line,
                    Err(format!("a value longer than {MAX_VALUE_BYTES} bytes")),
                ));
            } else {
                each((self.current_line, Ok(value)));
            }
        }
    }

    fn finish(&mut self, each: &mut dyn FnMut(Piece)) {
        if self.depth > 0 || self.in_string {
            self.current.clear();
            each((
                self.current_line,
                Err("the JSON value is cut off at the end of the file".into()),
            ));
        } else {
            self.flush(each);
        }
        if self.in_array && !self.array_closed {
            each((self.line, Err("the JSON array is not closed".into())));
        }
    }
}
