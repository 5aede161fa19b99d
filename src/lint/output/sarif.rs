//! The SARIF 2.1.0 format, as GitHub code scanning reads it: the tool with every rule (id, name,
//! descriptions, help link, default level) and one result per finding with its region.

use std::path::Path;

use serde_json::{json, Value};

use super::display_path;
use crate::lint::diagnostic::{Diagnostic, Severity};
use crate::lint::rules;

/// The schema SARIF 2.1.0 documents name.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The whole log, pretty-printed, with a final newline; artifact paths are relative to `base`.
pub fn render(diagnostics: &[Diagnostic], base: &Path) -> String {
    let rule_list: Vec<Value> = rules::ALL
        .iter()
        .map(|rule| {
            let explanation = rules::explanation(rule);
            json!({
                "id": rule.code,
                "name": rule.name,
                "shortDescription": {"text": rule.summary},
                "help": {"text": explanation, "markdown": explanation},
                "helpUri": rules::help_uri(rule),
                "defaultConfiguration": {"level": level(rule.severity)},
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics.iter().map(|d| result(d, base)).collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "apigw-vtl",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://crates.io/crates/apigw-vtl",
                    "rules": rule_list,
                }
            },
            "results": results,
        }]
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

fn result(diagnostic: &Diagnostic, base: &Path) -> Value {
    let (line, column) = diagnostic.start();
    let (end_line, end_column) = diagnostic.end();
    let mut text = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let mut result = json!({
        "ruleId": diagnostic.code,
        "level": level(diagnostic.severity),
        "message": {"text": text},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": relative_uri(&diagnostic.file.path, base)},
                "region": {
                    "startLine": line,
                    "startColumn": column,
                    "endLine": end_line,
                    "endColumn": end_column,
                }
            }
        }],
    });
    if let Some(index) = rules::ALL.iter().position(|r| r.code == diagnostic.code) {
        if let Some(map) = result.as_object_mut() {
            map.insert("ruleIndex".to_string(), json!(index));
        }
    }
    result
}

/// SARIF's levels: `error`, `warning`, `note`.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The path relative to `base` with forward slashes (code scanning resolves it from the checkout).
fn relative_uri(path: &Path, base: &Path) -> String {
    let relative = if path.is_absolute() {
        let base = std::path::absolute(base).unwrap_or_else(|_| base.to_path_buf());
        path.strip_prefix(&base).unwrap_or(path)
    } else {
        path
    };
    let encoded = display_path(relative)
        .split('/')
        .map(percent_encode_segment)
        .collect::<Vec<_>>()
        .join("/");
    // A file outside the base folder keeps its absolute path, as a `file:` URI.
    if relative.is_absolute() && encoded.starts_with('/') {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

/// URIs cannot hold spaces, `%`, `#` or `?` literally.
fn percent_encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn artifact_uris_are_relative_with_forward_slashes_and_encoded() {
        assert_eq!(
            relative_uri(Path::new("/work/api/my orders.vtl"), Path::new("/work")),
            "api/my%20orders.vtl"
        );
        assert_eq!(
            relative_uri(Path::new("./api/a.vtl"), Path::new(".")),
            "api/a.vtl"
        );
        assert_eq!(
            relative_uri(Path::new("/elsewhere/a.vtl"), Path::new("/work")),
            "file:///elsewhere/a.vtl"
        );
    }
}
