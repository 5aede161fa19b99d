//! `apigw-vtl test [PATH...]`: runs every case of the suites found under PATH against its
//! snapshots, prints a diff for each mismatch and ends with the line `N passed, N failed`.

use std::io::Write;
use std::path::PathBuf;

use apigw_vtl::harness::{discover, run_template, Produced, SnapshotStatus, Verdict};

use super::{Outcome, UsageError};

/// Arguments of `test`.
#[derive(clap::Args)]
pub struct Args {
    /// Suite folders or template files (default: the current folder).
    paths: Vec<PathBuf>,
    /// Only run cases whose `template@case` id contains this text.
    #[arg(long)]
    filter: Option<String>,
}

pub fn run(args: Args) -> Result<Outcome, UsageError> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    let mut out = std::io::stdout().lock();
    let (mut passed, mut failed, mut skipped) = (0usize, 0usize, 0usize);
    for path in &paths {
        if !path.exists() {
            return Err(UsageError(format!(
                "{}: no such file or folder",
                path.display()
            )));
        }
        let suites = discover(path).map_err(UsageError)?;
        for suite in &suites {
            for result in run_template(suite) {
                if let Some(filter) = &args.filter {
                    if !result.id.contains(filter.as_str()) {
                        continue;
                    }
                }
                let report = match &result.verdict {
                    Verdict::Pass => {
                        passed += 1;
                        None
                    }
                    Verdict::Skipped(reason) => {
                        skipped += 1;
                        Some(format!("SKIP {}: {reason}\n", result.id))
                    }
                    Verdict::KnownGap(reason) => {
                        skipped += 1;
                        Some(format!("SKIP {}: known gap: {reason}\n", result.id))
                    }
                    Verdict::GapClosed(reason) => {
                        failed += 1;
                        Some(format!(
                            "FAIL {}: matches now; remove its `knownGap` ({reason})\n",
                            result.id
                        ))
                    }
                    Verdict::Missing { produced } => {
                        failed += 1;
                        Some(format!(
                            "FAIL {}: no snapshot {}\n{}",
                            result.id,
                            result.snapshot_path.display(),
                            indent(&describe(produced))
                        ))
                    }
                    Verdict::Mismatch { expected, produced } => {
                        failed += 1;
                        let detail = match (expected.status, produced) {
                            (SnapshotStatus::Ok, Produced::Output(output)) => {
                                unified_diff(&expected.body, output)
                            }
                            (SnapshotStatus::Ok, Produced::Failed(error)) => {
                                format!(
                                    "expected output, but the template failed:\n{}",
                                    error.render()
                                )
                            }
                            (SnapshotStatus::Error, Produced::Output(output)) => format!(
                                "expected a failure ({}), but it rendered:\n{output}",
                                expected.body.trim_end()
                            ),
                            (SnapshotStatus::Error, Produced::Failed(_)) => String::new(),
                        };
                        Some(format!("FAIL {}\n{}", result.id, indent(&detail)))
                    }
                };
                if let Some(report) = report {
                    let _ = out.write_all(report.as_bytes());
                }
            }
        }
    }
    let skipped_note = if skipped > 0 {
        format!(", {skipped} skipped")
    } else {
        String::new()
    };
    let _ = writeln!(out, "{passed} passed, {failed} failed{skipped_note}");
    Ok(if failed > 0 {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}

fn describe(produced: &Produced) -> String {
    match produced {
        Produced::Output(output) => format!("output:\n{output}"),
        Produced::Failed(error) => error.render(),
    }
}

fn unified_diff(expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .context_radius(3)
        .header("expected", "actual")
        .missing_newline_hint(true)
        .to_string()
}

fn indent(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        out.push_str("    ");
        out.push_str(line);
        out.push('\n');
    }
    out
}
