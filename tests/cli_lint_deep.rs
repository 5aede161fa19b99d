//! Runs the real `apigw-vtl lint --deep`: the rendering check (VTL030) runs only when asked, and its
//! finding carries the request that broke the output.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_apigw-vtl");

/// A missing `count` leaves `"count": ,` — but only a rendered request shows it.
const UNQUOTED_COUNT: &str = "{\n  \"count\": $input.path('$.count')\n}\n";

fn lint_json(dir: &std::path::Path, extra: &[&str]) -> (Option<i32>, serde_json::Value) {
    let output = Command::new(BIN)
        .args(["lint", "--format", "json"])
        .args(extra)
        .current_dir(dir)
        .output()
        .unwrap();
    let report = serde_json::from_slice(&output.stdout).unwrap();
    (output.status.code(), report)
}

fn codes(report: &serde_json::Value) -> Vec<String> {
    report
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn deep_findings_appear_only_with_deep() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("count.vtl"), UNQUOTED_COUNT).unwrap();

    let (_, plain) = lint_json(dir.path(), &[]);
    assert!(!codes(&plain).contains(&"VTL030".to_string()), "{plain}");

    let (_, deep) = lint_json(dir.path(), &["--deep"]);
    let found: Vec<&serde_json::Value> = deep
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "VTL030")
        .collect();
    assert_eq!(found.len(), 1, "{deep}");
    assert_eq!(found[0]["line"], 2);
    assert_eq!(found[0]["severity"], "warning");
    let note = found[0]["note"].as_str().unwrap();
    let request: serde_json::Value =
        serde_json::from_str(note.strip_prefix("request: ").unwrap()).unwrap();
    assert!(request.is_object(), "{note}");
}

#[test]
fn deep_can_be_ignored_like_any_rule() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("count.vtl"), UNQUOTED_COUNT).unwrap();
    let (_, deep) = lint_json(dir.path(), &["--deep", "--ignore", "deep-invalid-json"]);
    assert!(!codes(&deep).contains(&"VTL030".to_string()), "{deep}");
}
