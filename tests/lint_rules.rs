//! Lint rule fixtures: every `fixtures/lint/rules/<CODE>/bad*.vtl` must raise that rule (its
//! diagnostics are snapshotted), every `good*.vtl` must not; every rule has both, and the README
//! rule table lists exactly the registered rules.

use std::path::{Path, PathBuf};

use apigw_vtl::lint::config::Config;
use apigw_vtl::lint::diagnostic::Diagnostic;
use apigw_vtl::lint::output::human;
use apigw_vtl::lint::{load, rules, run};

const ROOT: &str = "fixtures/lint/rules";
const HOST_ROOT: &str = "fixtures/lint/host-rules";

fn fixtures(code: &str) -> Vec<PathBuf> {
    let dir = Path::new(ROOT).join(code);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|path| load::is_template_file(path));
    files.sort();
    files
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn lint(path: &Path, code: &str) -> Vec<Diagnostic> {
    let documents = load::load(path).expect("fixture is readable");
    // Deep rules run too, so their fixtures are checked like the others.
    let mut config = Config::default();
    config.deep = true;
    run::lint_documents(&documents, &config)
        .into_iter()
        .filter(|d| d.code == code)
        .collect()
}

#[test]
fn bad_fixtures_raise_their_rule_and_good_ones_do_not() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/lint_rules");
    settings.set_prepend_module_to_snapshot(false);
    let _guard = settings.bind_to_scope();
    let mut failures = Vec::new();
    let mut checked = 0;
    for rule in rules::ALL {
        for path in fixtures(rule.code) {
            let name = stem(&path);
            let found = lint(&path, rule.code);
            checked += 1;
            if name.starts_with("bad") {
                if found.is_empty() {
                    failures.push(format!("{}: no {} diagnostic", path.display(), rule.code));
                    continue;
                }
                insta::assert_snapshot!(
                    format!("{}-{name}", rule.code),
                    human::render(&found, false)
                );
            } else if name.starts_with("good") && !found.is_empty() {
                failures.push(format!(
                    "{}: unexpected {}:\n{}",
                    path.display(),
                    rule.code,
                    human::render(&found, false)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > rules::ALL.len(), "only {checked} fixtures found");
}

#[test]
fn every_rule_has_bad_and_good_fixtures() {
    let mut missing = Vec::new();
    for rule in rules::ALL {
        // Its bad case is a template over 300 KB, built in code by tests/lint_hosts.rs.
        if rule.code == "VTL043" {
            continue;
        }
        let mut names: Vec<String> = fixtures(rule.code).iter().map(|p| stem(p)).collect();
        // Rules about host settings keep host files (OpenAPI, CloudFormation, Terraform...),
        // checked by tests/lint_hosts.rs.
        if let Ok(entries) = std::fs::read_dir(Path::new(HOST_ROOT).join(rule.code)) {
            names.extend(entries.filter_map(|e| e.ok().map(|e| stem(&e.path()))));
        }
        for kind in ["bad", "good"] {
            if !names.iter().any(|n| n.starts_with(kind)) {
                missing.push(format!("{ROOT}/{}/{kind}*.vtl", rule.code));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "missing fixtures: {}",
        missing.join(", ")
    );
}

#[test]
fn fixture_folders_are_registered_rules() {
    for entry in std::fs::read_dir(ROOT).expect("fixtures/lint/rules exists") {
        let name = entry.expect("readable").file_name();
        let name = name.to_string_lossy();
        assert!(
            rules::by_code(&name).is_some(),
            "{ROOT}/{name} is not a registered rule"
        );
    }
}

/// `| VTL003 | `foreach-trailing-comma` | error | ... |` rows of README.md.
fn readme_rules() -> Vec<(String, String)> {
    let readme = std::fs::read_to_string("README.md").expect("README.md is readable");
    readme
        .lines()
        .filter_map(|line| {
            let cells: Vec<String> = line
                .split('|')
                .map(|cell| cell.trim().trim_matches('`').to_string())
                .collect();
            let code = cells.get(1)?;
            let is_code = code.len() == 6
                && code.starts_with("VTL")
                && code[3..].chars().all(|c| c.is_ascii_digit());
            is_code.then(|| (code.clone(), cells.get(2).cloned().unwrap_or_default()))
        })
        .collect()
}

#[test]
fn readme_rule_table_lists_exactly_the_registered_rules() {
    let registered: Vec<(String, String)> = rules::ALL
        .iter()
        .map(|rule| (rule.code.to_string(), rule.name.to_string()))
        .collect();
    assert_eq!(readme_rules(), registered);
}
