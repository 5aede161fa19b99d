//! Reading the files a command is given: UTF-8 text and JSON, with errors naming file and place.

use std::path::Path;

use super::UsageError;

/// Reads a UTF-8 text file; invalid UTF-8 is reported with its line and column.
pub fn read_text(path: &Path) -> Result<String, UsageError> {
    if path.is_dir() {
        return Err(UsageError(format!(
            "{}: is a directory, not a file",
            path.display()
        )));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| UsageError(format!("{}: cannot read: {e}", path.display())))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let line = prefix.matches('\n').count() + 1;
        let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        UsageError(format!(
            "{}:{line}:{column}: invalid UTF-8 (byte offset {valid})",
            path.display()
        ))
    })
}

/// Reads a JSON file whose top level must be an object.
pub fn read_json_object(
    path: &Path,
) -> Result<serde_json::Map<String, serde_json::Value>, UsageError> {
    let text = read_text(path)?;
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        Ok(_) => Err(UsageError(format!(
            "{}: expected a JSON object at the top level",
            path.display()
        ))),
        Err(e) => Err(UsageError(format!(
            "{}:{}:{}: invalid JSON: {e}",
            path.display(),
            e.line(),
            e.column()
        ))),
    }
}
