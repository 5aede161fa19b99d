//! Test suites of templates with named cases and expected-output snapshots, shared by
//! `cargo test` and `apigw-vtl test`. The layout is documented in `fixtures/README.md`.

mod case;
mod discover;
mod snapshot;

pub use case::{Case, CaseInput, Compare};
pub use discover::{discover, SuiteTemplate};
pub use snapshot::{Snapshot, SnapshotStatus};

use std::path::PathBuf;

use crate::error::Error;
use crate::gateway::{self, Event, IntegrationResponse};
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
    /// The snapshot file for this case.
    pub snapshot_path: PathBuf,
    /// The verdict.
    pub verdict: Verdict,
}

/// Renders one case of a parsed template.
pub fn produce(template: &Template, case: &Case) -> Result<Produced, String> {
    match &case.input {
        CaseInput::Vars(vars) => Ok(
            match template.render_json(vars, &RenderOptions::default()) {
                Ok(output) => Produced::Output(output),
                Err(error) => Produced::Failed(error),
            },
        ),
        CaseInput::Event {
            event,
            integration_response,
        } => {
            let event = Event::from_json(event).map_err(|e| e.to_string())?;
            let options = RenderOptions::apigateway();
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
    let parsed = Template::parse(&suite.display_name(), &suite.text);
    suite
        .cases
        .iter()
        .map(|case| {
            let snapshot_path = suite.snapshot_path(&case.name);
            let id = format!("{}@{}", suite.display_name(), case.name);
            let produced = match &parsed {
                Ok(template) => produce(template, case),
                Err(error) => Ok(Produced::Failed(error.clone())),
            };
            let verdict = match produced {
                Err(reason) => Verdict::Skipped(reason),
                Ok(produced) => match Snapshot::read(&snapshot_path) {
                    Ok(None) => Verdict::Missing { produced },
                    Ok(Some(expected)) => {
                        let matches = expected.matches(&produced, case.compare);
                        match (matches, &case.known_gap) {
                            (true, None) => Verdict::Pass,
                            (true, Some(reason)) => Verdict::GapClosed(reason.clone()),
                            (false, Some(reason)) => Verdict::KnownGap(reason.clone()),
                            (false, None) => Verdict::Mismatch { expected, produced },
                        }
                    }
                    Err(reason) => Verdict::Skipped(reason),
                },
            };
            CaseResult {
                id,
                snapshot_path,
                verdict,
            }
        })
        .collect()
}
