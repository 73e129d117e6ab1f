//! JSON documents cut into values as their bytes arrive, in chunks of any size: a top-level
//! array's elements, a sequence of top-level values (pretty-printed pages one after
//! another), or one value per line (JSONL). Only the value being read is in memory.

/// The longest value (or CSV row) kept: a LiteLLM row carrying its prompt and response can
/// be long, and a longer one is skipped and reported, so memory stays bounded whatever the
/// file.
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

/// Cuts a JSON document into values. A document that starts with `[` is read as one array
/// whose elements are the values, whatever the layout says.
#[derive(Debug)]
pub(crate) struct Scanner {
    layout: Layout,
    /// The line being read, 1-based.
    line: u64,
    /// Bytes seen so far, to recognise a byte-order mark at the start.
    offset: u64,
    started: bool,
    in_array: bool,
    opened: bool,
    array_closed: bool,
    trailing_reported: bool,
    depth: usize,
    in_string: bool,
    escaped: bool,
    current: Vec<u8>,
    current_line: u64,
    /// The value being read passed [`MAX_VALUE_BYTES`]; the rest of it is skipped.
    oversize: bool,
}

const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

impl Scanner {
    pub(crate) fn new(layout: Layout) -> Self {
        Scanner {
            layout,
            line: 1,
            offset: 0,
            started: false,
            in_array: false,
            opened: false,
            array_closed: false,
            trailing_reported: false,
            depth: 0,
            in_string: false,
            escaped: false,
            current: Vec::new(),
            current_line: 1,
            oversize: false,
        }
    }

    /// Reads the next bytes of the document, handing each finished value to `each`.
    pub(crate) fn feed(&mut self, mut chunk: &[u8], each: &mut dyn FnMut(Piece)) {
        while !chunk.is_empty() {
            if self.started && self.lines_mode() {
                // JSONL: whole line segments at once (most of a large file).
                let (segment, newline, rest) = match chunk.iter().position(|&b| b == b'\n') {
                    Some(i) => (chunk.get(..i), true, chunk.get(i + 1..)),
                    None => (Some(chunk), false, None),
                };
                let segment = segment.unwrap_or_default();
                self.offset += (segment.len() + usize::from(newline)) as u64;
                self.extend_line(segment);
                if newline {
                    self.flush(each);
                    self.line += 1;
                }
                chunk = rest.unwrap_or_default();
                continue;
            }
            let Some((&b, rest)) = chunk.split_first() else {
                break;
            };
            chunk = rest;
            let at = self.offset;
            self.offset += 1;
            if usize::try_from(at).is_ok_and(|i| i < 3 && BOM.get(i) == Some(&b)) && !self.started {
                continue;
            }
            self.byte(b, each);
            if b == b'\n' {
                self.line += 1;
            }
        }
    }

    /// A piece of a JSONL line: leading blanks dropped, the rest kept (up to the cap).
    fn extend_line(&mut self, segment: &[u8]) {
        let segment = if self.current.is_empty() {
            let trimmed = segment.trim_ascii_start();
            if !trimmed.is_empty() {
                self.current_line = self.line;
            }
            trimmed
        } else {
            segment
        };
        if self.current.len() + segment.len() > MAX_VALUE_BYTES {
            self.oversize = true;
        } else if !self.oversize {
            self.current.extend_from_slice(segment);
        }
    }

    fn lines_mode(&self) -> bool {
        !self.in_array && self.layout == Layout::Lines
    }

    fn keep(&mut self, b: u8) {
        if self.current.len() < MAX_VALUE_BYTES {
            self.current.push(b);
        } else {
            self.oversize = true;
        }
    }

    fn byte(&mut self, b: u8, each: &mut dyn FnMut(Piece)) {
        if !self.started {
            if b.is_ascii_whitespace() {
                return;
            }
            self.started = true;
            self.in_array = b == b'[';
        }
        if self.lines_mode() {
            if b == b'\n' {
                self.flush(each);
            } else if !(self.current.is_empty() && b.is_ascii_whitespace()) {
                if self.current.is_empty() {
                    self.current_line = self.line;
                }
                self.keep(b);
            }
            return;
        }
        if self.in_array && !self.opened {
            self.opened = true; // the array's own bracket
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
        self.keep(b);
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
        if std::mem::take(&mut self.oversize) {
            self.current.clear();
            each((
                self.current_line,
                Err(format!("a value longer than {MAX_VALUE_BYTES} bytes")),
            ));
        } else if !self.current.is_empty() {
            let mut value = std::mem::take(&mut self.current);
            if self.lines_mode() {
                value.truncate(value.trim_ascii_end().len());
            }
            each((self.current_line, Ok(value)));
        }
    }

    /// The end of the document: the last value, and what is left unfinished.
    pub(crate) fn finish(&mut self, each: &mut dyn FnMut(Piece)) {
        if !self.lines_mode() && (self.depth > 0 || self.in_string) {
            self.current.clear();
            self.oversize = false;
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
