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
    apigw_vtl::harness::decode_utf8(path, bytes).map_err(UsageError)
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
        Err(e) => {
            let offset = apigw_vtl::span::json_error_offset(&text, e.line(), e.column());
            let message = e.to_string();
            let message = message
                .rfind(" at line ")
                .and_then(|cut| message.get(..cut))
                .unwrap_or(&message);
            Err(UsageError(apigw_vtl::error::file_excerpt(
                &path.display().to_string(),
                &text,
                offset,
                &format!("invalid JSON: {message}"),
            )))
        }
    }
}
