//! `jobs`: the recorded command line's shell quoting, and what of an error may leave the
//! server.

use std::path::Path;

use breakeven::jobs::{public_text, shell_quote};

#[test]
fn only_plain_words_go_unquoted() {
    assert_eq!(shell_quote("cuda:0"), "cuda:0");
    assert_eq!(shell_quote("my model.gguf"), "'my model.gguf'");
    assert_eq!(shell_quote("it's"), r"'it'\''s'");
    assert_eq!(shell_quote(""), "''");
}

#[test]
fn backtraces_and_paths_are_removed() {
    let dir = Path::new("/srv/models");
    let text = "weights: /srv/models/bad.gguf: not a readable GGUF file (unexpected eof\n   0: candle_core::error::Error::bt\n             at /home/u/.cargo/registry/src/candle-core-0.11.1/src/error.rs:255:25\n   1: std::rt::lang_start\n)";
    assert_eq!(
        public_text(text, dir),
        "weights: bad.gguf: not a readable GGUF file (unexpected eof )"
    );
    assert_eq!(
        public_text("cannot open /etc/shadow: denied", dir),
        "cannot open shadow: denied"
    );
    assert_eq!(
        public_text("see http://host:8000/v1/chat and (/v1)", dir),
        "see http://host:8000/v1/chat and (/v1)"
    );
    assert_eq!(
        public_text("panicked\nstack backtrace:\n  0: x", dir),
        "panicked"
    );
    assert_eq!(
        public_text("sub/dir/x.gguf is relative", dir),
        "sub/dir/x.gguf is relative"
    );
}
