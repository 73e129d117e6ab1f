//! What of an error or a message may leave the server: its own words, never a backtrace or a
//! path on this machine. candle appends a backtrace to its errors' text whenever
//! `RUST_BACKTRACE` is set (`Error::WithBacktrace` displays it), and a weights file is opened
//! by its full path; both reach an error's Display. Every job error, progress message and
//! result text a job stores or streams passes through [`public_text`].

use std::path::Path;

/// `text` without backtrace lines, with `models_dir`'s prefix removed from paths in it and
/// any other absolute path cut to its last component; its lines joined by spaces.
pub fn public_text(text: &str, models_dir: &Path) -> String {
    let mut kept: Vec<&str> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("stack backtrace:") || trimmed.starts_with("Backtrace [") {
            break;
        }
        if is_frame(trimmed) || trimmed.is_empty() {
            continue;
        }
        kept.push(line.trim());
    }
    let mut joined = kept.join(" ");
    for dir in prefixes(models_dir) {
        joined = joined.replace(&dir, "");
    }
    without_absolute_paths(&joined)
}

/// `   12: candle_core::error::Error::bt` or `at /home/…/src/error.rs:255:25`: a frame of a
/// `std::backtrace::Backtrace` as it displays.
fn is_frame(trimmed: &str) -> bool {
    if let Some(rest) = trimmed.strip_prefix("at ") {
        return rest.starts_with('/') || rest.starts_with("./") || rest.contains(".rs:");
    }
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && trimmed[digits..].starts_with(": ")
}

/// The models directory as given and as the OS resolves it, each with a trailing `/`.
fn prefixes(models_dir: &Path) -> Vec<String> {
    let mut dirs = vec![models_dir.to_path_buf()];
    if let Ok(resolved) = models_dir.canonicalize() {
        dirs.push(resolved);
    }
    let mut prefixes: Vec<String> = dirs
        .iter()
        .filter_map(|d| d.to_str())
        .filter(|d| !d.is_empty() && *d != "/")
        .map(|d| format!("{}/", d.trim_end_matches('/')))
        .collect();
    // The longer first, so a resolved path inside the given one is removed whole.
    prefixes.sort_by_key(|p| std::cmp::Reverse(p.len()));
    prefixes
}

/// Characters that end a path inside a message.
fn ends_path(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '`' | ')' | ']' | '}' | ',' | ';' | '>')
}

/// Each absolute path (`/a/b…` after a space, a quote, a bracket or the start) cut to its last
/// component; `/v1` and other single-component paths are kept (URL paths, not files).
fn without_absolute_paths(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut previous: Option<char> = None;
    while let Some(c) = rest.chars().next() {
        let starts = c == '/'
            && previous.is_none_or(|p| {
                p.is_whitespace() || matches!(p, '"' | '\'' | '`' | '(' | '[' | '{' | '=' | '<')
            });
        if starts {
            let end = rest.find(ends_path).unwrap_or(rest.len());
            let path = rest[..end].trim_end_matches(['.', ':']);
            let components: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            if components.len() >= 2 {
                out.push_str(components.last().copied().unwrap_or_default());
                rest = &rest[path.len()..];
                previous = path.chars().last();
                continue;
            }
        }
        out.push(c);
        previous = Some(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}
