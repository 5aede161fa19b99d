//! Pending snapshots: a missing or changed output is written as `NAME@CASE.snap.new` beside the
//! accepted `NAME@CASE.snap`, which only an explicit accept (`--update`, `--review`) replaces.

use std::path::{Path, PathBuf};

use super::snapshot::{Snapshot, ACCEPTED_SOURCE};
use super::Produced;

/// `NAME@CASE.snap.new` for `NAME@CASE.snap`.
pub fn pending_path(snapshot_path: &Path) -> PathBuf {
    let mut name = snapshot_path.as_os_str().to_owned();
    name.push(".new");
    PathBuf::from(name)
}

/// Writes the pending snapshot for `produced`. It holds exactly what accepting writes, so
/// renaming it over the `.snap` accepts it by hand.
pub fn write_pending(snapshot_path: &Path, produced: &Produced) -> Result<PathBuf, String> {
    let path = pending_path(snapshot_path);
    write(&path, &Snapshot::from_produced(produced, ACCEPTED_SOURCE))?;
    Ok(path)
}

/// Removes a leftover pending snapshot; `Ok(true)` when there was one.
pub fn remove_pending(snapshot_path: &Path) -> Result<bool, String> {
    let path = pending_path(snapshot_path);
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(format!("{}: cannot remove: {e}", path.display())),
    }
}

/// What accepting an output did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accepted {
    /// The snapshot now holds the output (source `accepted`).
    Written,
    /// The snapshot was recorded from this reference source and was left alone.
    Refused(String),
}

/// Accepts `produced` as the snapshot at `snapshot_path` unless the current snapshot is protected
/// (recorded from a reference), and removes any pending file either way.
pub fn accept(snapshot_path: &Path, produced: &Produced) -> Result<Accepted, String> {
    // Re-read rather than trust the run's copy: the file may have changed since.
    if let Some(current) = Snapshot::read(snapshot_path)? {
        if current.is_protected() {
            remove_pending(snapshot_path)?;
            return Ok(Accepted::Refused(current.source));
        }
    }
    write(
        snapshot_path,
        &Snapshot::from_produced(produced, ACCEPTED_SOURCE),
    )?;
    remove_pending(snapshot_path)?;
    Ok(Accepted::Written)
}

fn write(path: &Path, snapshot: &Snapshot) -> Result<(), String> {
    std::fs::write(path, snapshot.to_text())
        .map_err(|e| format!("{}: cannot write: {e}", path.display()))
}
