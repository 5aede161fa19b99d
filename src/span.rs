//! Source positions: byte ranges with 1-based line and column, shared by every layer.
//! A `LineIndex` turns byte offsets into lines and columns once per source text.

use std::fmt;

/// A byte range in a template's source, with the 1-based line and column of its start.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
    /// 1-based line of `start`.
    pub line: u32,
    /// 1-based column of `start`, counted in characters.
    pub column: u32,
}

impl Span {
    /// The byte range as `usize` bounds, for slicing the source.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// True when the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Start offsets of every line of a text, to map byte offsets to lines and columns.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<u32>,
}

impl LineIndex {
    /// Indexes `text`; a line ends after `\n`, `\r\n` or a lone `\r`, as Velocity counts lines.
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0u32];
        let mut i = 0;
        while let Some(&byte) = bytes.get(i) {
            match byte {
                b'\n' => line_starts.push(i as u32 + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    line_starts.push(i as u32 + 1);
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex { line_starts }
    }

    /// 1-based line and character column of a byte offset in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (u32, u32) {
        let line = match self.line_starts.binary_search(&(offset as u32)) {
            Ok(exact) => exact,
            Err(next) => next.saturating_sub(1),
        };
        let line_start = self.line_starts.get(line).copied().unwrap_or(0) as usize;
        let column = text
            .get(line_start..offset.min(text.len()))
            .map_or(0, |prefix| prefix.chars().count());
        (line as u32 + 1, column as u32 + 1)
    }

    /// A span for the byte range `start..end` of `text`.
    pub fn span(&self, text: &str, start: usize, end: usize) -> Span {
        let (line, column) = self.line_col(text, start);
        Span {
            start: start as u32,
            end: end as u32,
            line,
            column,
        }
    }
}

/// `at`, or the start of the character it falls inside; at most `text.len()`.
pub fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `at`, or the end of the character it falls inside; at most `text.len()`.
pub fn ceil_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The byte offset of a serde_json error position: its 1-based line (counted at `\n`) and its
/// column (in bytes, the last one read), on a character boundary.
pub fn json_error_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    floor_char_boundary(text, line_start + column.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_boundaries_round_down_and_up_inside_a_character() {
        let text = "aéb";
        assert_eq!(
            (floor_char_boundary(text, 2), ceil_char_boundary(text, 2)),
            (1, 3)
        );
        assert_eq!(
            (floor_char_boundary(text, 3), ceil_char_boundary(text, 3)),
            (3, 3)
        );
        assert_eq!(
            (floor_char_boundary(text, 9), ceil_char_boundary(text, 9)),
            (4, 4)
        );
    }

    #[test]
    fn json_error_positions_become_offsets() {
        let text = "{\n  \"a\": é,\n}";
        let error = serde_json::from_str::<serde_json::Value>(text).expect_err("invalid");
        assert_eq!(json_error_offset(text, error.line(), error.column()), 9);
        assert_eq!(json_error_offset(text, 0, 0), 0);
    }

    #[test]
    fn lines_and_columns_follow_all_three_line_endings() {
        let text = "ab\ncd\r\nef\rgh";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), (1, 1));
        assert_eq!(index.line_col(text, 4), (2, 2));
        assert_eq!(index.line_col(text, 7), (3, 1));
        assert_eq!(index.line_col(text, 10), (4, 1));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "é$x";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 2), (1, 2));
    }
}
