//! Runs every suite under fixtures/ through the shared harness: outputs must match the recorded
//! snapshots byte for byte, and every expected failure's diagnostic is pinned with insta.

use std::path::Path;

use apigw_vtl::harness::{discover, run_template, Produced, Verdict};

#[test]
fn fixtures_match_their_snapshots() {
    let root = Path::new("fixtures");
    let suites = discover(root).expect("fixtures/ is readable");
    assert!(
        suites.len() > 250,
        "expected the bundled fixtures, found {}",
        suites.len()
    );
    let mut failures = Vec::new();
    let mut still_gaps = 0;
    let mut passed = 0;
    for suite in &suites {
        for result in run_template(suite) {
            match &result.verdict {
                Verdict::Pass => passed += 1,
                Verdict::KnownGap(_) => still_gaps += 1,
                Verdict::Skipped(_) => {}
                Verdict::GapClosed(reason) => failures.push(format!(
                    "{}: passes now; remove its knownGap ({reason})",
                    result.id
                )),
                Verdict::Mismatch { expected, produced } => failures.push(format!(
                    "{}:\n  expected ({:?}): {:?}\n  produced: {}",
                    result.id,
                    expected.status,
                    expected.body,
                    describe(produced)
                )),
                Verdict::Missing { produced } => failures.push(format!(
                    "{}: no snapshot file ({}); produced {}",
                    result.id,
                    result.snapshot_path.display(),
                    describe(produced)
                )),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{passed} fixture cases match; {still_gaps} known gaps still open");
}

/// Our own diagnostics for templates Velocity refuses: pinned so their wording and carets are reviewed.
#[test]
fn error_fixtures_report_located_diagnostics() {
    let suites = discover(Path::new("fixtures")).expect("fixtures/ is readable");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/diagnostics");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for suite in &suites {
            for result in run_template(suite) {
                if let Verdict::Pass = result.verdict {
                    let Ok(Some(snapshot)) =
                        apigw_vtl::harness::Snapshot::read(&result.snapshot_path)
                    else {
                        continue;
                    };
                    if snapshot.status != apigw_vtl::harness::SnapshotStatus::Error {
                        continue;
                    }
                    let template = apigw_vtl::Template::parse(&suite.display_name(), &suite.text);
                    let error = match template {
                        Err(e) => e,
                        Ok(t) => match apigw_vtl::harness::produce(
                            &t,
                            suite
                                .cases
                                .iter()
                                .find(|c| result.id.ends_with(&format!("@{}", c.name)))
                                .expect("case exists"),
                        ) {
                            Ok(Produced::Failed(e)) => e,
                            _ => continue,
                        },
                    };
                    let name = result.id.replace(['/', '@'], "__");
                    insta::assert_snapshot!(name, error.render());
                }
            }
        }
    });
}

fn describe(produced: &Produced) -> String {
    match produced {
        Produced::Output(o) => format!("output {o:?}"),
        Produced::Failed(e) => format!("error {}", e),
    }
}
