//! The human report: one block per case that did not simply pass (its diff or output, and what
//! was done with snapshot files); the caller appends the `N passed, N failed` line.

use super::diff::colour_line;
use super::entry::{Entry, Status};

/// The report text, without the summary line.
pub fn report(entries: &[Entry], colour: bool) -> String {
    let mut out = String::new();
    for entry in entries {
        out.push_str(&block(entry, colour, !entry.shown));
    }
    out
}

/// One case's block; `with_detail` false leaves out a diff already shown.
pub fn block(entry: &Entry, colour: bool, with_detail: bool) -> String {
    let label = match (entry.status, entry.kind) {
        (Status::Passed, "accepted") => "ACCEPT",
        (Status::Passed, _) if entry.notes.is_empty() => return String::new(),
        (Status::Passed, _) => "PASS",
        (Status::Failed, _) => "FAIL",
        (Status::Skipped, _) => "SKIP",
    };
    let label = match (colour, entry.status) {
        (true, Status::Failed) => format!("\x1b[1;31m{label}\x1b[0m"),
        (true, Status::Passed) => format!("\x1b[1;32m{label}\x1b[0m"),
        (true, Status::Skipped) => format!("\x1b[1;33m{label}\x1b[0m"),
        (false, _) => label.to_string(),
    };
    let mut out = format!("{label} {}", entry.result.id);
    if !entry.message.is_empty() {
        out.push_str(": ");
        out.push_str(&entry.message);
    }
    out.push('\n');
    if with_detail {
        for line in entry.detail.lines() {
            out.push_str("    ");
            if colour && entry.is_diff {
                out.push_str(&colour_line(line));
            } else {
                out.push_str(line);
            }
            out.push('\n');
        }
    }
    for note in &entry.notes {
        out.push_str("    ");
        out.push_str(note);
        out.push('\n');
    }
    out
}
