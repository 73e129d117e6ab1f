//! The form's edits as a bounded history: Undo steps back one settled edit, Redo forward
//! again, and a new edit after an Undo drops the steps it undid (as in every editor).
//! Pure, so it is tested natively; `trail` records the form into it.

/// How many past states Undo can reach; older ones are dropped first. A state is a few
/// KiB of text, so this bounds the history to about a megabyte.
pub const DEPTH: usize = 100;

/// The states before the present one (oldest first), the present, and the undone ones
/// (the next Redo last).
#[derive(Debug, Clone, PartialEq)]
pub struct History<T> {
    past: Vec<T>,
    present: T,
    future: Vec<T>,
    depth: usize,
}

impl<T: Clone + PartialEq> History<T> {
    /// A history that starts at `present`, keeping at most `depth` past states.
    pub fn new(present: T, depth: usize) -> Self {
        Self {
            past: Vec::new(),
            present,
            future: Vec::new(),
            depth,
        }
    }

    /// The state the history is at.
    pub fn present(&self) -> &T {
        &self.present
    }

    /// Records `state` as an edit after the present one; the same state again is no edit.
    /// Returns whether it was recorded.
    pub fn record(&mut self, state: T) -> bool {
        if state == self.present {
            return false;
        }
        let before = std::mem::replace(&mut self.present, state);
        self.past.push(before);
        if self.past.len() > self.depth {
            let extra = self.past.len() - self.depth;
            self.past.drain(..extra);
        }
        self.future.clear();
        true
    }

    /// Steps back one edit: the state to show, or None when there is nothing to undo.
    pub fn undo(&mut self) -> Option<&T> {
        let before = self.past.pop()?;
        let undone = std::mem::replace(&mut self.present, before);
        self.future.push(undone);
        Some(&self.present)
    }

    /// Steps forward one undone edit: the state to show, or None when there is none.
    pub fn redo(&mut self) -> Option<&T> {
        let next = self.future.pop()?;
        let before = std::mem::replace(&mut self.present, next);
        self.past.push(before);
        Some(&self.present)
    }

    /// Whether Undo has a step.
    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    /// Whether Redo has a step.
    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies `steps` ('a'–'z' record that letter, '<' undo, '>' redo) and returns the
    /// present state, what can be undone (oldest first) and what can be redone.
    fn run(steps: &str, depth: usize) -> (char, String, String) {
        let mut h = History::new('0', depth);
        for step in steps.chars() {
            match step {
                '<' => {
                    h.undo();
                }
                '>' => {
                    h.redo();
                }
                c => {
                    h.record(c);
                }
            }
        }
        (
            *h.present(),
            h.past.iter().collect(),
            h.future.iter().rev().collect(),
        )
    }

    #[test]
    fn undo_and_redo_walk_the_edits() {
        for (steps, depth, present, past, future) in [
            ("", 5, '0', "", ""),
            ("abc", 5, 'c', "0ab", ""),
            ("abc<", 5, 'b', "0a", "c"),
            ("abc<<", 5, 'a', "0", "bc"),
            ("abc<<<", 5, '0', "", "abc"),
            // Nothing before the start: Undo stops there.
            ("abc<<<<", 5, '0', "", "abc"),
            ("abc<<>", 5, 'b', "0a", "c"),
            ("abc<<>>>", 5, 'c', "0ab", ""),
            // A new edit after Undo drops what was undone.
            ("abc<<d", 5, 'd', "0a", ""),
            ("abc<<d>", 5, 'd', "0a", ""),
            // The same state again is not an edit.
            ("aab", 5, 'b', "0a", ""),
            ("ab<a", 5, 'a', "0", "b"),
            // Bounded: the oldest states go first.
            ("abcdef", 3, 'f', "cde", ""),
            ("abcdef<<<<", 3, 'c', "", "def"),
        ] {
            let got = run(steps, depth);
            assert_eq!(
                got,
                (present, past.to_string(), future.to_string()),
                "{steps} (depth {depth})"
            );
        }
    }

    #[test]
    fn what_can_be_done_is_said_before_it_is_tried() {
        let mut h = History::new(1, DEPTH);
        assert!(!h.can_undo() && !h.can_redo());
        assert!(h.record(2));
        assert!(!h.record(2));
        assert!(h.can_undo() && !h.can_redo());
        assert_eq!(h.undo(), Some(&1));
        assert!(!h.can_undo() && h.can_redo());
        assert_eq!(h.undo(), None);
        assert_eq!(h.redo(), Some(&2));
        assert_eq!(h.redo(), None);
    }
}
