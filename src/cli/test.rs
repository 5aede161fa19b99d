//! `apigw-vtl test [PATH...]`: runs every case of the suites found under PATH against its
//! snapshots, handles pending snapshots, and reports as text, JSON or JUnit XML.

mod diff;
mod entry;
mod human;
mod json;
mod junit;
mod progress;
mod review;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

use apigw_vtl::harness::{discover, run_all_with, SuiteTemplate};
use apigw_vtl::LimitOverrides;

use self::entry::{Entry, Mode, Status};
use super::limits::LimitArgs;
use super::{write_stdout, Outcome, UsageError};

/// Report formats.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Failures with diffs, then `N passed, N failed`.
    Human,
    /// One JSON document with per-case results and totals.
    Json,
    /// JUnit XML: one testcase per case, for CI test reports.
    Junit,
}

/// Arguments of `test`.
#[derive(clap::Args)]
pub struct Args {
    /// Suite folders or template files (default: the current folder).
    paths: Vec<PathBuf>,
    /// Only run cases whose `template@case` id contains this text.
    #[arg(long)]
    filter: Option<String>,
    /// Accept every new or changed output into its `.snap` (never over oracle or aws snapshots).
    #[arg(long, conflicts_with = "review")]
    update: bool,
    /// Review each new or changed output: accept, reject or skip it at a prompt.
    #[arg(long)]
    review: bool,
    /// Report format; json and junit print the summary line on stderr so stdout stays one document.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Worker threads (default: one per CPU).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    #[command(flatten)]
    limits: LimitArgs,
}

pub fn run(args: Args) -> Result<Outcome, UsageError> {
    if args.review && args.format != Format::Human {
        return Err(UsageError(
            "--review is interactive and needs --format human".to_string(),
        ));
    }
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    let mut suites: Vec<SuiteTemplate> = Vec::new();
    for path in &paths {
        if !path.exists() {
            return Err(UsageError(format!(
                "{}: no such file or folder",
                path.display()
            )));
        }
        if path.is_file() && path.extension().is_none_or(|e| e != "vtl") {
            return Err(UsageError(format!(
                "{}: not a template; give a folder or a `.vtl` file",
                path.display()
            )));
        }
        suites.extend(discover(path).map_err(UsageError)?);
    }
    let jobs = args.jobs.map(usize::from).unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let filter = args.filter.as_deref();
    let results = run_with_progress(&suites, filter, jobs, &args.limits.overrides());

    let mode = if args.update {
        Mode::Update
    } else if args.review {
        Mode::Review
    } else if ci_is_set() {
        Mode::Ci
    } else {
        Mode::Pending
    };
    let mut entries: Vec<Entry> = results
        .into_iter()
        .map(|r| entry::settle(r, mode))
        .collect();
    let colour = args.format == Format::Human
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    if mode == Mode::Review {
        review::review_all(&mut entries, colour);
    }

    let count = |s: Status| entries.iter().filter(|e| e.status == s).count();
    let (passed, failed, skipped) = (
        count(Status::Passed),
        count(Status::Failed),
        count(Status::Skipped),
    );
    let skipped_note = if skipped > 0 {
        format!(", {skipped} skipped")
    } else {
        String::new()
    };
    let summary = format!("{passed} passed, {failed} failed{skipped_note}\n");
    match args.format {
        Format::Human => write_stdout((human::report(&entries, colour) + &summary).as_bytes())?,
        Format::Json => {
            write_stdout(json::report(&entries, passed, failed, skipped).as_bytes())?;
            let _ = std::io::stderr().write_all(summary.as_bytes());
        }
        Format::Junit => {
            write_stdout(junit::report(&entries).as_bytes())?;
            let _ = std::io::stderr().write_all(summary.as_bytes());
        }
    }
    Ok(if failed > 0 {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}

/// CI services set `CI` (to `true`); there a missing snapshot fails and nothing is written.
fn ci_is_set() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

/// Runs the cases; a progress line appears on stderr when the run takes over a second and
/// stderr is a terminal.
fn run_with_progress(
    suites: &[SuiteTemplate],
    filter: Option<&str>,
    jobs: usize,
    overrides: &LimitOverrides,
) -> Vec<apigw_vtl::harness::CaseResult> {
    let done = AtomicUsize::new(0);
    let finished = AtomicBool::new(false);
    let started = Instant::now();
    std::thread::scope(|scope| {
        if std::io::stderr().is_terminal() {
            let total: usize = suites
                .iter()
                .map(|s| {
                    let name = s.display_name();
                    s.cases
                        .iter()
                        .filter(|c| filter.is_none_or(|f| format!("{name}@{}", c.name).contains(f)))
                        .count()
                })
                .sum();
            let (done, finished) = (&done, &finished);
            scope.spawn(move || progress::watch(done, total, finished, started));
        }
        let results = run_all_with(suites, filter, jobs, &done, overrides);
        finished.store(true, Ordering::Relaxed);
        results
    })
}
