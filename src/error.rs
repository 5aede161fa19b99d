//! The one error type of the library: what went wrong, where, and in which source.
//! `Error::render` draws the rustc-style excerpt (line, column, caret) used by the CLI, tests and wasm.

use std::fmt;
use std::sync::Arc;

use crate::span::Span;

/// What kind of failure an [`Error`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The template does not parse (Velocity's ParseErrorException).
    Syntax,
    /// Rendering failed where Velocity throws (a Java exception, a bad argument).
    Render,
    /// A method the template calls does not exist on that Java type.
    UnknownMethod,
    /// A construct API Gateway does not offer (`#include`, `#parse`).
    Unsupported,
    /// A configured limit was reached (iterations, depth, output size, time).
    Limit,
    /// Input around the template is malformed (variables, events).
    Input,
}

impl ErrorKind {
    /// A short lowercase name, used as the diagnostic code's suffix.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "syntax",
            ErrorKind::Render => "render",
            ErrorKind::UnknownMethod => "unknown-method",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Limit => "limit",
            ErrorKind::Input => "input",
        }
    }
}

/// The source an error points into: its display name and text.
#[derive(Clone, Debug)]
pub struct Source {
    /// File name (or `<template>`) shown in the excerpt.
    pub name: Arc<str>,
    /// The whole source text.
    pub text: Arc<str>,
}

/// A failure with its kind, message, optional location and optional help line.
#[derive(Clone, Debug)]
pub struct Error {
    // Boxed so that `Result<T, Error>` stays one pointer wide on the happy path.
    inner: Box<Inner>,
}

#[derive(Clone, Debug)]
struct Inner {
    kind: ErrorKind,
    message: String,
    span: Option<Span>,
    source: Option<Source>,
    label: Option<String>,
    help: Option<String>,
}

impl Error {
    /// A new error without a location; the evaluator attaches the failing node's span later.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            inner: Box::new(Inner {
                kind,
                message: message.into(),
                span: None,
                source: None,
                label: None,
                help: None,
            }),
        }
    }

    /// The same error pointing at `span`.
    pub fn with_span(mut self, span: Span) -> Error {
        self.inner.span = Some(span);
        self
    }

    /// Sets the span only when none is set yet, so the innermost location wins.
    pub fn or_span(mut self, span: Span) -> Error {
        if self.inner.span.is_none() {
            self.inner.span = Some(span);
        }
        self
    }

    /// Attaches the source text the span refers to (kept if one is already set).
    pub fn with_source(mut self, source: &Source) -> Error {
        if self.inner.source.is_none() {
            self.inner.source = Some(source.clone());
        }
        self
    }

    /// A short label drawn under the caret.
    pub fn with_label(mut self, label: impl Into<String>) -> Error {
        self.inner.label = Some(label.into());
        self
    }

    /// A line telling how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Error {
        self.inner.help = Some(help.into());
        self
    }

    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The message, without location.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// Where in the source the error points, if known.
    pub fn span(&self) -> Option<Span> {
        self.inner.span
    }

    /// The help line, if any.
    pub fn help(&self) -> Option<&str> {
        self.inner.help.as_deref()
    }

    /// The name of the source the error points into, if known.
    pub fn source_name(&self) -> Option<&str> {
        self.inner.source.as_ref().map(|s| &*s.name)
    }

    /// The excerpt a person reads: message, `--> file:line:column`, the source line and a caret.
    pub fn render(&self) -> String {
        use annotate_snippets::{Level, Renderer, Snippet};
        let title = self.inner.message.as_str();
        let mut message = Level::Error.title(title);
        let label = self.inner.label.as_deref().unwrap_or("");
        let printable = self
            .inner
            .source
            .as_ref()
            .map(|source| excerpt_text(&source.text));
        if let (Some(span), Some(source), Some(text)) =
            (self.inner.span, &self.inner.source, printable.as_deref())
        {
            let (start, end) = clamp_to_chars(text, span.start as usize, span.end as usize);
            message = message.snippet(
                Snippet::source(text)
                    .line_start(1)
                    .origin(&source.name)
                    .fold(true)
                    .annotation(Level::Error.span(start..end).label(label)),
            );
        }
        let help = self.inner.help.as_deref();
        if let Some(help) = help {
            message = message.footer(Level::Help.title(help));
        }
        // Bound first: the rendered value borrows `printable`, which a tail expression outlives.
        let width = match (self.inner.span, printable.as_deref()) {
            (Some(span), Some(text)) => excerpt_width(
                text,
                clamp_to_chars(text, span.start as usize, span.end as usize).0,
            ),
            _ => 140,
        };
        let rendered = Renderer::plain()
            .term_width(width)
            .render(message)
            .to_string();
        rendered
    }
}

/// A file that could not be read as it must be (invalid UTF-8, invalid JSON): `message`,
/// `--> name:line:column` and the line with a caret at byte `offset`, as template errors show.
/// The text is the file's, invalid UTF-8 already replaced; no leading `error: `.
pub fn file_excerpt(name: &str, text: &str, offset: usize, message: &str) -> String {
    let (start, end) = clamp_to_chars(text, offset, offset);
    let (line, column) = crate::span::LineIndex::new(text).line_col(text, start);
    let span = Span {
        start: start as u32,
        end: end as u32,
        line,
        column,
    };
    let source = Source {
        name: name.into(),
        text: text.into(),
    };
    let rendered = Error::new(ErrorKind::Input, message)
        .with_span(span)
        .with_source(&source)
        .render();
    match rendered.strip_prefix("error: ") {
        Some(rest) => rest.to_string(),
        None => rendered,
    }
}

/// The source as the excerpt shows it: control characters (an escape sequence would reach the
/// terminal raw) and whitespace other than space and line ends become spaces of the same byte
/// length, so byte offsets still hold; a lone `\r` becomes `\n`, as it ends a line for Velocity
/// (and so in the error's line number) but not for the excerpt renderer.
// Tabs become spaces too: annotate-snippets 0.11 counts a leading tab as four columns but a
// caret's column as one per character, and underflows when the two disagree.
pub(crate) fn excerpt_text(text: &str) -> std::borrow::Cow<'_, str> {
    let odd = |c: char| (c.is_control() || c.is_whitespace()) && !matches!(c, ' ' | '\n' | '\r');
    let lone_cr = |at: usize| text.as_bytes().get(at + 1) != Some(&b'\n');
    if !text
        .char_indices()
        .any(|(at, c)| odd(c) || (c == '\r' && lone_cr(at)))
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        if c == '\r' && lone_cr(at) {
            out.push('\n');
        } else if odd(c) {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The width an excerpt is cut to: wide enough for the whole annotated line when the annotation
/// starts inside that line's indentation.
// annotate-snippets 0.11 underflows (a panic with overflow checks) when it trims a line wider
// than the terminal around an annotation that starts in the line's leading whitespace.
pub(crate) fn excerpt_width(text: &str, start: usize) -> usize {
    const DEFAULT: usize = 140;
    let before = text.get(..start).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let rest = text.get(line_start..).unwrap_or("");
    let line = rest.split('\n').next().unwrap_or("");
    let indent = line.len() - line.trim_start().len();
    if start - line_start <= indent {
        // An upper bound of the line's width on screen: a character takes at most two columns.
        DEFAULT.max(2 * line.chars().count() + 16)
    } else {
        DEFAULT
    }
}

/// Keeps an annotation inside the text and on character boundaries, never empty.
pub(crate) fn clamp_to_chars(text: &str, start: usize, end: usize) -> (usize, usize) {
    let start = crate::span::floor_char_boundary(text, start);
    let mut end = crate::span::ceil_char_boundary(text, end.max(start));
    if end == start && start < text.len() {
        end = start + text[start..].chars().next().map_or(1, char::len_utf8);
    }
    (start, end)
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.inner.source, self.inner.span) {
            (Some(source), Some(span)) => write!(
                f,
                "{}:{}:{}: {}",
                source.name, span.line, span.column, self.inner.message
            ),
            (None, Some(span)) => {
                write!(f, "{}:{}: {}", span.line, span.column, self.inner.message)
            }
            _ => f.write_str(&self.inner.message),
        }
    }
}

impl std::error::Error for Error {}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_of_a_line_starting_with_vertical_tabs_renders() {
        // Found by fuzzing: annotate-snippets underflowed on `\u{b}` at a line's start.
        let text = format!(
            "#if(false)\nA\u{11}#elseif\n\n\n\n{}{}{}B\n#en~d\n",
            "\u{b}".repeat(28),
            "q".repeat(128),
            "\u{b}".repeat(45)
        );
        let error = crate::Template::parse("f", &text).expect_err("`#elseif` without a condition");
        let rendered = error.render();
        assert!(rendered.contains("f:6:1"), "{rendered}");
        assert!(rendered.contains("qqq"), "{rendered}");
    }

    #[test]
    fn lone_carriage_returns_end_excerpt_lines_as_they_end_velocity_lines() {
        // Found by fuzzing: an error after a run of lone `\r`s underflowed annotate-snippets.
        let text = "\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r#\\#t($a $s.matches('\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}?\u{0}\u{0}\u{0}\u{0}\u{7}\u{0}\u{0}\u{0}\u{0}\u{0}$s.repll*\u{0}\u{1d}ake(\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}^\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{1}?\u{0}\u{0}\u{0}\u{0}\u{7}\u{0}m'(?x\u{0}eclaatc'ss.paclase\u{0}s(f($v == \"\")A#t.pat.patth('$.missing'))#";
        assert_excerpt_names_the_error_position(text);
    }

    #[test]
    fn tab_indented_lines_render_their_excerpt() {
        // Found by fuzzing: tabs (four columns each to annotate-snippets) and NULs before an error.
        let text = "\t\t\t\t\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\t\t\t\t#set(\t\t\t\t\tpl$q.matche8('\\d+') .\u{0}.matchd') $s.matches('.mastch#d>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>=\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>i>>";
        assert_excerpt_names_the_error_position(text);
    }

    /// `text` fails to parse, and its excerpt renders with the error's own line and column.
    fn assert_excerpt_names_the_error_position(text: &str) {
        let error = crate::Template::parse("f", text).expect_err("a parse error");
        let rendered = error.render();
        let span = error.span().expect("a span");
        assert!(
            rendered.contains(&format!("f:{}:{}", span.line, span.column)),
            "{rendered}"
        );
    }

    #[test]
    fn excerpt_text_keeps_byte_offsets() {
        let text = "a\u{b}b\u{2028}c\td\re\r\nf";
        let shown = excerpt_text(text);
        assert_eq!(shown.len(), text.len());
        assert_eq!(shown, "a b   c d\ne\r\nf");
    }
}
