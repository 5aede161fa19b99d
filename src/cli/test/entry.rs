//! A case's reported result: its verdict settled under the snapshot policy of the run (pending
//! files, `--update`, CI), with the message and diff every format shows.

use apigw_vtl::harness::pending::{self, Accepted};
use apigw_vtl::harness::{CaseResult, Produced, Verdict};

use super::diff;

/// What happens to new or changed outputs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    /// Written as `.snap.new` beside the snapshot.
    Pending,
    /// Accepted into `.snap` (`--update`).
    Update,
    /// Written as pending, then reviewed one by one (`--review`).
    Review,
    /// `CI` is set: nothing is written.
    Ci,
}

/// Where a case counts in the summary line.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Status {
    Passed,
    Failed,
    Skipped,
}

/// One case as reported.
pub struct Entry {
    /// The run's result.
    pub result: CaseResult,
    /// Passed, failed or skipped.
    pub status: Status,
    /// What happened, one word for machines: `passed`, `mismatch`, `missing`, `accepted`,
    /// `refused`, `rejected`, `skipped`, `known-gap`, `gap-closed`.
    pub kind: &'static str,
    /// One line saying why (empty for a plain pass).
    pub message: String,
    /// A unified diff (when `is_diff`) or the produced output / error.
    pub detail: String,
    /// Whether `detail` is a unified diff (coloured in terminals).
    pub is_diff: bool,
    /// What was done about snapshot files.
    pub notes: Vec<String>,
    /// Whether the detail was already shown (by `--review`).
    pub shown: bool,
}

impl Entry {
    fn new(result: CaseResult, status: Status, kind: &'static str, message: String) -> Entry {
        Entry {
            result,
            status,
            kind,
            message,
            detail: String::new(),
            is_diff: false,
            notes: Vec::new(),
            shown: false,
        }
    }

    /// The output to accept, for a missing or changed snapshot.
    pub fn produced(&self) -> Option<&Produced> {
        match &self.result.verdict {
            Verdict::Missing { produced } | Verdict::Mismatch { produced, .. } => Some(produced),
            _ => None,
        }
    }

    /// Records the outcome of accepting this entry's output.
    pub fn accept(&mut self) {
        let Some(produced) = self.produced() else {
            return;
        };
        let path = self.result.snapshot_path.clone();
        match pending::accept(&path, produced) {
            Ok(Accepted::Written) => {
                self.status = Status::Passed;
                self.kind = "accepted";
                self.notes = vec![format!("accepted: wrote {}", path.display())];
            }
            Ok(Accepted::Refused(source)) => {
                self.kind = "refused";
                self.notes = vec![format!(
                    "refused: {} was recorded from `{source}` and is kept; the engine must change instead",
                    path.display()
                )];
            }
            Err(error) => self.notes = vec![error],
        }
    }
}

/// Settles `result` under `mode`: writes or removes pending files, accepts under `--update`.
pub fn settle(result: CaseResult, mode: Mode) -> Entry {
    let mut entry = match &result.verdict {
        Verdict::Pass => {
            let mut entry = Entry::new(result, Status::Passed, "passed", String::new());
            // A pending file of a passing case is stale: the accepted snapshot already agrees.
            if mode != Mode::Ci {
                if let Err(error) = pending::remove_pending(&entry.result.snapshot_path) {
                    entry.notes.push(error);
                }
            }
            return entry;
        }
        Verdict::Skipped(reason) => {
            let message = reason.clone();
            return Entry::new(result, Status::Skipped, "skipped", message);
        }
        Verdict::KnownGap(reason) => {
            let message = format!("known gap: {reason}");
            return Entry::new(result, Status::Skipped, "known-gap", message);
        }
        Verdict::GapClosed(reason) => {
            let message = format!("matches now; remove its `knownGap` ({reason})");
            return Entry::new(result, Status::Failed, "gap-closed", message);
        }
        Verdict::Missing { produced } => {
            let message = format!("no snapshot {}", result.snapshot_path.display());
            let detail = diff::describe(produced);
            let mut entry = Entry::new(result, Status::Failed, "missing", message);
            entry.detail = detail;
            entry
        }
        Verdict::Mismatch { expected, produced } => {
            let (detail, is_diff) = diff::mismatch(&result, expected, produced);
            let message = format!("differs from {}", result.snapshot_path.display());
            let mut entry = Entry::new(result, Status::Failed, "mismatch", message);
            entry.detail = detail;
            entry.is_diff = is_diff;
            entry
        }
    };
    match mode {
        Mode::Update => entry.accept(),
        Mode::Ci => entry
            .notes
            .push("CI is set: no pending snapshot written".to_string()),
        Mode::Pending | Mode::Review => {
            if let Some(produced) = entry.produced() {
                let note = match pending::write_pending(&entry.result.snapshot_path, produced) {
                    Ok(path) => format!(
                        "pending snapshot: {} (accept with --update or --review)",
                        path.display()
                    ),
                    Err(error) => error,
                };
                entry.notes.push(note);
            }
        }
    }
    entry
}
