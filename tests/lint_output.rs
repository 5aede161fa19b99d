//! Lint report formats: one fixture linted and snapshotted in each format; the SARIF log checked
//! for the shape GitHub code scanning requires, the JSON for exactly the documented keys.

use std::path::Path;

use apigw_vtl::lint::config::Config;
use apigw_vtl::lint::diagnostic::Diagnostic;
use apigw_vtl::lint::output::{self, Format};
use apigw_vtl::lint::{load, rules, run};
use serde_json::Value;

const FIXTURE: &str = "fixtures/lint/output/orders.vtl";

fn diagnostics() -> Vec<Diagnostic> {
    let documents = load::load(Path::new(FIXTURE)).expect("fixture is readable");
    let found = run::lint_documents(&documents, &Config::default());
    assert!(
        found.len() >= 4,
        "the fixture should raise several findings"
    );
    found
}

fn rendered(format: Format) -> String {
    output::render(format, &diagnostics(), Path::new("."), false)
}

fn snapshot(name: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/lint_output");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

#[test]
fn human_report() {
    let text = rendered(Format::Human);
    assert!(text.ends_with("2 errors, 2 warnings\n"), "{text}");
    snapshot("human", &text);
}

#[test]
fn json_report_has_exactly_the_documented_keys() {
    let text = rendered(Format::Json);
    let items: Vec<Value> = serde_json::from_str(&text).expect("valid JSON");
    let documented = [
        "code",
        "name",
        "severity",
        "message",
        "help",
        "file",
        "line",
        "column",
        "endLine",
        "endColumn",
    ];
    let mut notes = 0;
    for item in &items {
        let object = item.as_object().expect("an object per finding");
        let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
        if keys.contains(&"note") {
            notes += 1;
            keys.retain(|k| *k != "note");
        }
        assert_eq!(keys, documented);
        for key in ["line", "column", "endLine", "endColumn"] {
            assert!(
                object[key].as_u64().is_some_and(|n| n >= 1),
                "{key} is 1-based"
            );
        }
        assert_eq!(object["file"], FIXTURE);
    }
    assert_eq!(notes, 1, "the finding through `#set` carries a note");
    snapshot("json", &text);
}

#[test]
fn sarif_report_has_the_shape_code_scanning_requires() {
    let text = rendered(Format::Sarif);
    let log: Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"]
        .as_str()
        .is_some_and(|s| s.contains("sarif-2.1.0")));
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "apigw-vtl");
    assert!(driver["informationUri"]
        .as_str()
        .is_some_and(|u| u.starts_with("https://")));
    let rule_list = driver["rules"].as_array().expect("rules");
    assert_eq!(rule_list.len(), rules::ALL.len());
    for (rule, registered) in rule_list.iter().zip(rules::ALL) {
        assert_eq!(rule["id"], registered.code);
        assert_eq!(rule["name"], registered.name);
        assert!(rule["shortDescription"]["text"]
            .as_str()
            .is_some_and(|t| !t.is_empty()));
        assert!(rule["helpUri"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://")));
        let level = rule["defaultConfiguration"]["level"]
            .as_str()
            .expect("level");
        assert!(["error", "warning", "note"].contains(&level));
    }
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), diagnostics().len());
    for result in results {
        let id = result["ruleId"].as_str().expect("ruleId");
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rule_list[index]["id"], id);
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().expect("level")));
        assert!(result["message"]["text"]
            .as_str()
            .is_some_and(|t| !t.is_empty()));
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], FIXTURE);
        let region = &location["region"];
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[key].as_u64().is_some_and(|n| n >= 1), "{key}");
        }
    }
    snapshot("sarif", &text);
}

#[test]
fn github_report_is_one_workflow_command_per_finding() {
    let text = rendered(Format::Github);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), diagnostics().len());
    for line in &lines {
        assert!(
            line.starts_with("::error file=") || line.starts_with("::warning file="),
            "{line}"
        );
        let (properties, message) = line
            .trim_start_matches("::")
            .split_once("::")
            .expect("properties::message");
        assert!(properties.contains(",title=VTL"), "{properties}");
        assert!(!message.contains('\n'));
    }
    snapshot("github", &text);
}
