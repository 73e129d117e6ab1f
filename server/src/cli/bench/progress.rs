//! The progress line `breakeven bench` draws on stderr while it measures.

use std::io::{IsTerminal, Write};

use api::bench::Progress;

/// The progress line on stderr: redrawn in place on a terminal, one line per step otherwise.
pub struct ProgressLine {
    tty: bool,
    last: String,
}

impl Default for ProgressLine {
    fn default() -> Self {
        Self {
            tty: std::io::stderr().is_terminal(),
            last: String::new(),
        }
    }
}

impl ProgressLine {
    /// Shows `p`: redrawn in place on a terminal, a new line (when it changed) otherwise.
    pub fn update(&mut self, p: &Progress) {
        let fraction = p.fraction.clamp(0.0, 1.0);
        let text = format!("{}: {}", p.phase, p.message);
        let mut err = std::io::stderr().lock();
        if self.tty {
            let filled = (fraction * 24.0).round() as usize;
            let bar = format!("{}{}", "#".repeat(filled), "-".repeat(24 - filled));
            let mut shown: String = text.chars().take(70).collect();
            shown.push_str("\x1b[K");
            let _ = write!(err, "\r[{bar}] {:>3.0}% {shown}", fraction * 100.0);
            let _ = err.flush();
        } else if text != self.last {
            let _ = writeln!(err, "[{:>3.0}%] {text}", fraction * 100.0);
        }
        self.last = text;
    }

    /// Ends the in-place line so what follows starts on its own line.
    pub fn finish(&mut self) {
        if self.tty && !self.last.is_empty() {
            let _ = writeln!(std::io::stderr());
        }
        self.last.clear();
    }
}
