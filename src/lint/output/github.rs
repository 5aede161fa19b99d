//! The GitHub format: one `::error`/`::warning`/`::notice` workflow command per finding, which
//! GitHub Actions shows as an annotation on the file and line.

use super::display_path;
use crate::lint::diagnostic::{Diagnostic, Severity};

/// The whole report, one command per line.
pub fn render(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&command(diagnostic));
        out.push('\n');
    }
    out
}

/// One finding as a workflow command.
pub fn command(diagnostic: &Diagnostic) -> String {
    let kind = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let (line, column) = diagnostic.start();
    let (end_line, end_column) = diagnostic.end();
    let title = format!("{} {}", diagnostic.code, diagnostic.name);
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    if let Some(note) = &diagnostic.note {
        message.push_str("\nnote: ");
        message.push_str(note);
    }
    format!(
        "::{kind} file={},line={line},col={column},endLine={end_line},endColumn={end_column},title={}::{}",
        escape_property(&display_path(&diagnostic.file.path)),
        escape_property(&title),
        escape_data(&message),
    )
}

/// Escapes a command's message, as GitHub's toolkit does (`%`, CR, LF).
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: the message escapes plus `:` and `,`, which separate properties.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_and_newlines_are_escaped() {
        assert_eq!(escape_data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
