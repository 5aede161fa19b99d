//! The progress line on stderr: shown only once a run has taken a second (short runs stay
//! quiet), redrawn in place, and erased when the run ends.

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Draws `done/total` on stderr until `finished` is set. The caller checks stderr is a terminal.
pub fn watch(done: &AtomicUsize, total: usize, finished: &AtomicBool, started: Instant) {
    let mut drawn = false;
    while !finished.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(50));
        if started.elapsed() < Duration::from_secs(1) || finished.load(Ordering::Relaxed) {
            continue;
        }
        let line = format!(
            "\r\x1b[Krunning: {}/{total} cases",
            done.load(Ordering::Relaxed)
        );
        let _ = std::io::stderr().write_all(line.as_bytes());
        drawn = true;
    }
    if drawn {
        let _ = std::io::stderr().write_all(b"\r\x1b[K");
    }
}
