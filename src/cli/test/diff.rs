//! Diff text for a case that differs from its snapshot: a unified diff of the outputs (of the
//! pretty-printed, masked JSON for `compare: json` cases), coloured for terminals.

use apigw_vtl::harness::mask::parse_masked;
use apigw_vtl::harness::{CaseResult, Compare, Produced, Snapshot, SnapshotStatus};

/// What a case produced, for a case without a snapshot.
pub fn describe(produced: &Produced) -> String {
    match produced {
        Produced::Output(output) => format!("output:\n{output}"),
        Produced::Failed(error) => error.render(),
    }
}

/// The detail for a mismatch, and whether it is a unified diff.
pub fn mismatch(result: &CaseResult, expected: &Snapshot, produced: &Produced) -> (String, bool) {
    match (expected.status, produced) {
        (SnapshotStatus::Ok, Produced::Output(output)) => {
            if result.compare == Compare::Json {
                if let (Some(want), Some(got)) = (
                    pretty(&expected.body, &result.masks),
                    pretty(output, &result.masks),
                ) {
                    return (
                        unified(&want, &got, "expected (JSON)", "actual (JSON)"),
                        true,
                    );
                }
            }
            (unified(&expected.body, output, "expected", "actual"), true)
        }
        (SnapshotStatus::Ok, Produced::Failed(error)) => (
            format!(
                "expected output, but the template failed:\n{}",
                error.render()
            ),
            false,
        ),
        (SnapshotStatus::Error, Produced::Output(output)) => (
            format!(
                "expected a failure ({}), but it rendered:\n{output}",
                expected.body.trim_end()
            ),
            false,
        ),
        // Not a mismatch (an expected failure matches any failure); kept total for safety.
        (SnapshotStatus::Error, Produced::Failed(_)) => (String::new(), false),
    }
}

/// Pretty-printed JSON with the masks applied, ending in a newline so diffs stay tidy. Keys are
/// sorted because the comparison ignores their order, so the diff must not show it either.
fn pretty(text: &str, masks: &[String]) -> Option<String> {
    let value = sort_keys(parse_masked(text, masks)?);
    serde_json::to_string_pretty(&value).ok().map(|s| s + "\n")
}

fn sort_keys(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            entries
                .into_iter()
                .map(|(k, v)| (k, sort_keys(v)))
                .collect::<serde_json::Map<_, _>>()
                .into()
        }
        serde_json::Value::Array(items) => items.into_iter().map(sort_keys).collect(),
        other => other,
    }
}

fn unified(expected: &str, actual: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .context_radius(3)
        .header(old, new)
        .missing_newline_hint(true)
        .to_string()
}

/// Colours one line of a unified diff with ANSI codes: removals red, additions green, hunks cyan.
pub fn colour_line(line: &str) -> String {
    let code = if line.starts_with("---") || line.starts_with("+++") {
        "1"
    } else if line.starts_with('-') {
        "31"
    } else if line.starts_with('+') {
        "32"
    } else if line.starts_with("@@") {
        "36"
    } else {
        return line.to_string();
    };
    format!("\x1b[{code}m{line}\x1b[0m")
}

#[cfg(test)]
mod tests {
    use super::colour_line;

    #[test]
    fn diff_lines_are_coloured_by_kind() {
        assert_eq!(colour_line("-old"), "\x1b[31m-old\x1b[0m");
        assert_eq!(colour_line("+new"), "\x1b[32m+new\x1b[0m");
        assert_eq!(colour_line("@@ -1 +1 @@"), "\x1b[36m@@ -1 +1 @@\x1b[0m");
        assert_eq!(colour_line("--- expected"), "\x1b[1m--- expected\x1b[0m");
        assert_eq!(colour_line(" same"), " same");
    }
}
