//! Runs every suite under fixtures/ through the shared harness: outputs must match the recorded
//! snapshots byte for byte, and every expected failure's diagnostic is pinned with insta.

use std::collections::BTreeMap;
use std::path::Path;

use apigw_vtl::harness::{discover, run_template, Produced, Verdict};

fn known_gaps() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string("fixtures/known-gaps.txt").unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once("  "))
        .map(|(id, why)| (id.trim().to_string(), why.trim().to_string()))
        .collect()
}

#[test]
fn fixtures_match_their_snapshots() {
    let gaps = known_gaps();
    let root = Path::new("fixtures");
    let suites = discover(root).expect("fixtures/ is readable");
    assert!(
        suites.len() > 250,
        "expected the bundled fixtures, found {}",
        suites.len()
    );
    let mut failures = Vec::new();
    let mut still_gaps = Vec::new();
    let mut passed = 0;
    for suite in &suites {
        for result in run_template(suite) {
            let gap = gaps.get(&result.id);
            match (&result.verdict, gap) {
                (Verdict::Pass, None) => passed += 1,
                (Verdict::Pass, Some(_)) => failures.push(format!(
                    "{}: passes now; remove it from fixtures/known-gaps.txt",
                    result.id
                )),
                (Verdict::Skipped(_), _) => {}
                (_, Some(_)) => still_gaps.push(result.id.clone()),
                (Verdict::Mismatch { expected, produced }, None) => failures.push(format!(
                    "{}:\n  expected ({:?}): {:?}\n  produced: {}",
                    result.id,
                    expected.status,
                    expected.body,
                    describe(produced)
                )),
                (Verdict::Missing { produced }, None) => failures.push(format!(
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
    eprintln!(
        "{passed} fixture cases match; {} known gaps still open",
        still_gaps.len()
    );
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
