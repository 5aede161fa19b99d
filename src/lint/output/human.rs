//! The human format: one rustc-style excerpt per finding (`error[VTL003 name]: message`, the host
//! file's lines with a caret, `= help:`), then the summary line.

use annotate_snippets::{Level, Renderer, Snippet};

use super::{display_path, summary};
use crate::error::{clamp_to_chars, excerpt_text, excerpt_width};
use crate::lint::diagnostic::{Diagnostic, Severity};

/// The whole report.
pub fn render(diagnostics: &[Diagnostic], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&excerpt(diagnostic, &renderer));
        out.push_str("\n\n");
    }
    out.push_str(&summary(diagnostics));
    out.push('\n');
    out
}

/// One finding as an excerpt.
pub fn excerpt(diagnostic: &Diagnostic, renderer: &Renderer) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Info,
    };
    let id = format!("{} {}", diagnostic.code, diagnostic.name);
    let origin = display_path(&diagnostic.file.path);
    let printable = excerpt_text(&diagnostic.file.text);
    let text: &str = &printable;
    let (start, end) = clamp_to_chars(text, diagnostic.range.start, diagnostic.range.end);
    let mut message = level.title(&diagnostic.message).id(&id).snippet(
        Snippet::source(text)
            .line_start(1)
            .origin(&origin)
            .fold(true)
            .annotation(level.span(start..end)),
    );
    if let Some(help) = &diagnostic.help {
        message = message.footer(Level::Help.title(help));
    }
    if let Some(note) = &diagnostic.note {
        message = message.footer(Level::Note.title(note));
    }
    // Bound first: the rendered value borrows `id` and `origin`, which a tail expression outlives.
    let renderer = renderer.clone().term_width(excerpt_width(text, start));
    let rendered = renderer.render(message).to_string();
    rendered
}
