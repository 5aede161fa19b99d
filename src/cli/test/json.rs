//! The JSON report: one document with every case's result and the totals, for scripts and CI
//! dashboards (the summary line goes to stderr so stdout parses as one document).

use serde_json::json;

use super::entry::{Entry, Status};

/// The document text, ending in a newline.
pub fn report(entries: &[Entry], passed: usize, failed: usize, skipped: usize) -> String {
    let results: Vec<serde_json::Value> = entries.iter().map(result).collect();
    let document = json!({
        "results": results,
        "totals": {
            "passed": passed,
            "failed": failed,
            "skipped": skipped,
            "total": entries.len(),
        },
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

fn result(entry: &Entry) -> serde_json::Value {
    let status = match entry.status {
        Status::Passed => "passed",
        Status::Failed => "failed",
        Status::Skipped => "skipped",
    };
    let (diff, output) = if entry.is_diff {
        (Some(entry.detail.as_str()), None)
    } else if entry.detail.is_empty() {
        (None, None)
    } else {
        (None, Some(entry.detail.as_str()))
    };
    let r = &entry.result;
    json!({
        "id": r.id,
        "template": r.template_name,
        "case": r.case,
        "status": status,
        "kind": entry.kind,
        "message": entry.message,
        "diff": diff,
        "detail": output,
        "snapshot": r.snapshot_path.to_string_lossy(),
        "notes": entry.notes,
        "durationMs": r.duration.as_secs_f64() * 1000.0,
    })
}
