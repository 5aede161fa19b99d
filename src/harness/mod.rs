//! Test suites of templates with named cases and expected-output snapshots, shared by
//! `cargo test` and `apigw-vtl test`. The layout is documented in `fixtures/README.md`.

mod case;
mod discover;
pub mod mask;
pub mod pending;
mod run;
mod snapshot;

pub use case::{Case, CaseInput, Compare};
pub use discover::{decode_utf8, discover, find_case, SuiteTemplate};
pub use run::{run_all, run_all_with};
pub use snapshot::{Snapshot, SnapshotStatus, ACCEPTED_SOURCE, PROTECTED_SOURCES};

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::error::Error;
use crate::gateway::{self, Event, IntegrationResponse};
use crate::render::LimitOverrides;
use crate::template::{RenderOptions, Template};

/// What rendering one case produced.
#[derive(Debug)]
pub enum Produced {
    /// The output bytes.
    Output(String),
    /// The template failed to parse or render.
    Failed(Error),
}

/// The verdict on one case.
#[derive(Debug)]
pub enum Verdict {
    /// Output (or failure) matches the snapshot.
    Pass,
    /// Output differs from the snapshot's.
    Mismatch {
        /// What the snapshot expects.
        expected: Snapshot,
        /// What the engine produced.
        produced: Produced,
    },
    /// No snapshot file exists yet.
    Missing {
        /// What the engine produced.
        produced: Produced,
    },
    /// The case could not run (an unsupported case kind, bad case input).
    Skipped(String),
    /// The output still differs, as the case's `knownGap` says it does.
    KnownGap(String),
    /// The case is marked `knownGap` but now matches: the marker must go.
    GapClosed(String),
}

/// One case's result.
#[derive(Debug)]
pub struct CaseResult {
    /// `path/to/template@case`.
    pub id: String,
    /// The template file.
    pub template_path: PathBuf,
    /// The template's path relative to its suite root, with `.vtl` (JUnit's classname).
    pub template_name: String,
    /// The case name.
    pub case: String,
    /// How the case compares outputs (the diff is shown on pretty JSON for `json`).
    pub compare: Compare,
    /// The case's masks (applied to both sides of a `json` diff too).
    pub masks: Vec<String>,
    /// The snapshot file for this case.
    pub snapshot_path: PathBuf,
    /// How long rendering and comparing took.
    pub duration: Duration,
    /// The verdict.
    pub verdict: Verdict,
}

/// Renders one case of a parsed template.
pub fn produce(template: &Template, case: &Case) -> Result<Produced, String> {
    produce_with(template, case, &LimitOverrides::default())
}

/// Renders one case of a parsed template, with `overrides` on the profile's limits.
pub fn produce_with(
    template: &Template,
    case: &Case,
    overrides: &LimitOverrides,
) -> Result<Produced, String> {
    let with_overrides = |mut options: RenderOptions| {
        options.limits = overrides.apply(options.limits);
        options
    };
    match &case.input {
        CaseInput::Vars(vars) => Ok(
            match template.render_json(vars, &with_overrides(RenderOptions::default())) {
                Ok(output) => Produced::Output(output),
                Err(error) => Produced::Failed(error),
            },
        ),
        CaseInput::Event {
            event,
            integration_response,
        } => {
            let event = Event::from_json(event).map_err(|e| e.to_string())?;
            let options = with_overrides(RenderOptions::apigateway());
            let result = match integration_response {
                None | Some(serde_json::Value::Null) => {
                    gateway::render_request(template, &event, &options)
                }
                Some(response) => {
                    let response =
                        IntegrationResponse::from_json(response).map_err(|e| e.to_string())?;
                    gateway::render_response(template, &event, &response, None, &options)
                }
            };
            Ok(match result {
                Ok(rendered) => Produced::Output(rendered.output),
                Err(error) => Produced::Failed(error),
            })
        }
    }
}

/// Runs every case of `suite` against its snapshots.
pub fn run_template(suite: &SuiteTemplate) -> Vec<CaseResult> {
    run_template_filtered(suite, None)
}

/// Runs the cases of `suite` whose `template@case` id contains `filter` (all without one).
pub fn run_template_filtered(suite: &SuiteTemplate, filter: Option<&str>) -> Vec<CaseResult> {
    run_template_with(suite, filter, &LimitOverrides::default())
}

/// [`run_template_filtered`] with `overrides` on the limits of every case.
pub fn run_template_with(
    suite: &SuiteTemplate,
    filter: Option<&str>,
    overrides: &LimitOverrides,
) -> Vec<CaseResult> {
    let display_name = suite.display_name();
    let selected: Vec<&Case> = suite
        .cases
        .iter()
        .filter(|case| filter.is_none_or(|f| format!("{display_name}@{}", case.name).contains(f)))
        .collect();
    if selected.is_empty() {
        // Parsing is skipped too, so a filtered-out template costs nothing.
        return Vec::new();
    }
    let started = Instant::now();
    let parse_limits = overrides.apply(crate::render::Limits::default());
    let parsed = Template::parse_with_limits(&display_name, &suite.text, &parse_limits);
    let parse_time = started.elapsed();
    let template_name = suite
        .path
        .strip_prefix(&suite.root)
        .unwrap_or(&suite.path)
        .to_string_lossy()
        .replace('\\', "/");
    selected
        .into_iter()
        .enumerate()
        .map(|(index, case)| {
            let started = Instant::now();
            let snapshot_path = suite.snapshot_path(&case.name);
            let produced = match &parsed {
                Ok(template) => produce_with(template, case, overrides),
                Err(error) => Ok(Produced::Failed(error.clone())),
            };
            let verdict = match produced {
                Err(reason) => Verdict::Skipped(reason),
                Ok(produced) => judge(&snapshot_path, case, produced),
            };
            CaseResult {
                id: format!("{display_name}@{}", case.name),
                template_path: suite.path.clone(),
                template_name: template_name.clone(),
                case: case.name.clone(),
                compare: case.compare,
                masks: case.masks.clone(),
                snapshot_path,
                // The shared parse is charged to the first case, so durations add up.
                duration: started.elapsed()
                    + if index == 0 {
                        parse_time
                    } else {
                        Duration::ZERO
                    },
                verdict,
            }
        })
        .collect()
}

fn judge(snapshot_path: &std::path::Path, case: &Case, produced: Produced) -> Verdict {
    match Snapshot::read(snapshot_path) {
        Ok(None) => Verdict::Missing { produced },
        Ok(Some(expected)) => {
            let matches = expected.matches(&produced, case.compare, &case.masks);
            match (matches, &case.known_gap) {
                (true, None) => Verdict::Pass,
                (true, Some(reason)) => Verdict::GapClosed(reason.clone()),
                (false, Some(reason)) => Verdict::KnownGap(reason.clone()),
                (false, None) => Verdict::Mismatch { expected, produced },
            }
        }
        Err(reason) => Verdict::Skipped(reason),
    }
}
