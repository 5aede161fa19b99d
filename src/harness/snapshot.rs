//! Snapshot files: a `---` header (`source`, `status`) then the expected output, byte for byte.
//! Nothing is trimmed or added, so outputs with or without a final newline compare exactly.

use std::path::Path;

use super::case::Compare;
use super::mask;
use super::Produced;

/// Sources recorded from a reference (Velocity 1.7, the gateway model, real AWS): accepting the
/// engine's output over them would hide an engine bug, so `--update` and `--review` refuse to.
pub const PROTECTED_SOURCES: [&str; 3] = ["oracle", "oracle-gateway-model", "aws"];

/// The source written by `--update`, `--review` and into pending files.
pub const ACCEPTED_SOURCE: &str = "accepted";

/// Whether the expected result is output or a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnapshotStatus {
    /// The template renders; the body is its output.
    Ok,
    /// The template must fail; the body is the reference engine's message.
    Error,
}

/// A parsed snapshot file.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Where the expected output came from (`oracle`, `aws`, `accepted`).
    pub source: String,
    /// Output or failure.
    pub status: SnapshotStatus,
    /// The expected output (or the recorded error message).
    pub body: String,
}

impl Snapshot {
    /// Reads a snapshot; `Ok(None)` when the file does not exist.
    pub fn read(path: &Path) -> Result<Option<Snapshot>, String> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("{}: cannot read: {e}", path.display())),
        };
        let text = String::from_utf8(bytes)
            .map_err(|_| format!("{}: snapshot is not UTF-8", path.display()))?;
        Snapshot::parse(&text)
            .map(Some)
            .map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses snapshot text.
    pub fn parse(text: &str) -> Result<Snapshot, String> {
        let rest = text
            .strip_prefix("---\n")
            .ok_or("a snapshot starts with a `---` line")?;
        let (header, body) = rest
            .split_once("\n---\n")
            .ok_or("the snapshot header must end with a `---` line")?;
        let mut source = String::new();
        let mut status = SnapshotStatus::Ok;
        for line in header.lines() {
            match line.split_once(':') {
                Some(("source", v)) => source = v.trim().to_string(),
                Some(("status", v)) => {
                    status = match v.trim() {
                        "ok" => SnapshotStatus::Ok,
                        "error" => SnapshotStatus::Error,
                        other => return Err(format!("unknown status `{other}`")),
                    }
                }
                _ => {}
            }
        }
        Ok(Snapshot {
            source,
            status,
            body: body.to_string(),
        })
    }

    /// The file text for this snapshot.
    pub fn to_text(&self) -> String {
        let status = match self.status {
            SnapshotStatus::Ok => "ok",
            SnapshotStatus::Error => "error",
        };
        format!(
            "---\nsource: {}\nstatus: {status}\n---\n{}",
            self.source, self.body
        )
    }

    /// The snapshot that records `produced` as the expected result.
    pub fn from_produced(produced: &Produced, source: &str) -> Snapshot {
        let (status, body) = match produced {
            Produced::Output(output) => (SnapshotStatus::Ok, output.clone()),
            Produced::Failed(error) => (SnapshotStatus::Error, format!("{error}\n")),
        };
        Snapshot {
            source: source.to_string(),
            status,
            body,
        }
    }

    /// Whether this snapshot was recorded from a reference and must not be replaced by our output.
    pub fn is_protected(&self) -> bool {
        PROTECTED_SOURCES.contains(&self.source.as_str())
    }

    /// Whether `produced` agrees with this snapshot; `masks` apply with `compare: json`.
    pub fn matches(&self, produced: &Produced, compare: Compare, masks: &[String]) -> bool {
        match (self.status, produced) {
            (SnapshotStatus::Error, Produced::Failed(_)) => true,
            (SnapshotStatus::Ok, Produced::Output(output)) => match compare {
                Compare::Exact => *output == self.body,
                Compare::Json => {
                    let a = mask::parse_masked(output, masks);
                    let b = mask::parse_masked(&self.body, masks);
                    matches!((a, b), (Some(a), Some(b)) if a == b)
                }
            },
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_is_kept_byte_for_byte() {
        let snap = Snapshot::parse("---\nsource: oracle\nstatus: ok\n---\na\n\n").unwrap();
        assert_eq!(snap.body, "a\n\n");
        assert_eq!(
            snap.to_text(),
            "---\nsource: oracle\nstatus: ok\n---\na\n\n"
        );
    }

    #[test]
    fn json_compare_ignores_masked_values_and_key_order() {
        let snap =
            Snapshot::parse("---\nsource: accepted\nstatus: ok\n---\n{\"id\":\"a\",\"n\":1}")
                .unwrap();
        let produced = Produced::Output("{\"n\": 1, \"id\": \"b\"}".to_string());
        assert!(!snap.matches(&produced, Compare::Json, &[]));
        assert!(snap.matches(&produced, Compare::Json, &["id".to_string()]));
        assert!(!snap.matches(&produced, Compare::Exact, &["id".to_string()]));
    }

    #[test]
    fn empty_body_is_allowed() {
        let snap = Snapshot::parse("---\nsource: oracle\nstatus: ok\n---\n").unwrap();
        assert_eq!(snap.body, "");
    }
}
