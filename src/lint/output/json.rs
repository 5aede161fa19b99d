//! The JSON format: one array of findings with `code`, `name`, `severity`, `message`, `help`,
//! `file`, 1-based `line`/`column`/`endLine`/`endColumn` in the host file, and `note` when present.

use serde_json::{json, Value};

use super::display_path;
use crate::lint::diagnostic::Diagnostic;

/// The whole report, pretty-printed, with a final newline.
pub fn render(diagnostics: &[Diagnostic]) -> String {
    let items: Vec<Value> = diagnostics.iter().map(item).collect();
    let mut text = serde_json::to_string_pretty(&Value::Array(items)).unwrap_or_default();
    text.push('\n');
    text
}

/// One finding as a JSON object.
pub fn item(diagnostic: &Diagnostic) -> Value {
    let (line, column) = diagnostic.start();
    let (end_line, end_column) = diagnostic.end();
    let mut object = json!({
        "code": diagnostic.code,
        "name": diagnostic.name,
        "severity": diagnostic.severity.name(),
        "message": diagnostic.message,
        "help": diagnostic.help,
        "file": display_path(&diagnostic.file.path),
        "line": line,
        "column": column,
        "endLine": end_line,
        "endColumn": end_column,
    });
    if let (Some(note), Some(map)) = (&diagnostic.note, object.as_object_mut()) {
        map.insert("note".to_string(), Value::String(note.clone()));
    }
    object
}
