//! `--review`: shows each new or changed output with its diff and asks, on plain stdin/stdout,
//! whether to accept it into the snapshot, reject it (drop the pending file) or skip it.

use std::io::{BufRead, Write};

use apigw_vtl::harness::pending;

use super::entry::{Entry, Status};
use super::human::block;

/// Reviews every entry with a pending output, in report order. At end of input the remaining
/// entries are skipped (their pending files stay).
pub fn review_all(entries: &mut [Entry], colour: bool) {
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut out = std::io::stdout();
    let mut input_ended = false;
    for entry in entries.iter_mut() {
        if entry.status != Status::Failed || entry.produced().is_none() {
            continue;
        }
        entry.shown = true;
        let _ = out.write_all(block(entry, colour, true).as_bytes());
        let answer = loop {
            if input_ended {
                break 's';
            }
            let _ = write!(out, "accept, reject or skip? [a/r/s] ");
            let _ = out.flush();
            match lines.next() {
                Some(Ok(line)) => match line.trim().to_ascii_lowercase().as_str() {
                    "a" | "accept" => break 'a',
                    "r" | "reject" => break 'r',
                    "s" | "skip" => break 's',
                    _ => continue,
                },
                _ => {
                    let _ = writeln!(out);
                    input_ended = true;
                }
            }
        };
        match answer {
            'a' => entry.accept(),
            'r' => {
                entry.kind = "rejected";
                entry.notes = match pending::remove_pending(&entry.result.snapshot_path) {
                    Ok(_) => vec!["rejected: pending snapshot removed".to_string()],
                    Err(error) => vec![error],
                };
            }
            _ => {}
        }
    }
}
