//! Runs the real `apigw-vtl lint` on temporary folders: exit codes 0/1/2, `--deny warnings`,
//! `--format json`, suppressions, the configuration file, `--select`/`--ignore`, bad input.

use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_apigw-vtl");

/// A template with one error (VTL008) and one warning (VTL007).
const ERROR_AND_WARNING: &str = "{\"a\": $util.toJson($x), \"b\": \"$input.body\"}\n";
/// A template with one warning (VTL007).
const WARNING_ONLY: &str = "{\"b\": \"$input.body\"}\n";
const CLEAN: &str =
    "{\"id\": \"$util.escapeJavaScript($input.params('id')).replaceAll(\"\\\\'\",\"'\")\"}\n";

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

fn lint(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("lint")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn codes(output: &Output) -> Vec<String> {
    let items: Vec<serde_json::Value> =
        serde_json::from_slice(&output.stdout).expect("JSON report");
    items
        .iter()
        .map(|item| item["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn clean_templates_exit_0_and_errors_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.vtl", CLEAN);
    let output = lint(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stdout(&output), "0 errors, 0 warnings\n");

    write(dir.path(), "templates/bad.vm", ERROR_AND_WARNING);
    let output = lint(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("error[VTL008 unknown-util]"), "{text}");
    assert!(text.contains("--> templates/bad.vm:1:7"), "{text}");
    assert!(text.ends_with("1 error, 1 warning\n"), "{text}");
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "w.vtl", WARNING_ONLY);
    assert_eq!(lint(dir.path(), &["w.vtl"]).status.code(), Some(0));
    assert_eq!(
        lint(dir.path(), &["w.vtl", "--deny", "warnings"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn json_format_lists_findings_with_host_positions() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "t.vtl", ERROR_AND_WARNING);
    let output = lint(dir.path(), &["--format", "json", "t.vtl"]);
    assert_eq!(output.status.code(), Some(1));
    let items: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["code"], "VTL008");
    assert_eq!(items[0]["file"], "t.vtl");
    assert_eq!(items[0]["line"], 1);
    assert_eq!(items[0]["column"], 7);
    assert_eq!(items[1]["code"], "VTL007");
    assert_eq!(items[1]["severity"], "warning");
}

#[test]
fn suppression_comments_silence_findings() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "t.vtl",
        "{\"a\": $util.toJson($x), ## apigw-vtl: allow VTL008\n \"b\": \"$input.body\"} ## apigw-vtl: allow raw-value-in-json-string, VTL999\n",
    );
    let output = lint(dir.path(), &["--format", "json"]);
    assert_eq!(codes(&output), vec!["VTL000"], "{}", stdout(&output));
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn the_configuration_file_sets_severities_excludes_and_deny() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "api/t.vtl", ERROR_AND_WARNING);
    write(dir.path(), "legacy/old.vtl", ERROR_AND_WARNING);
    write(
        dir.path(),
        "apigw-vtl.toml",
        "exclude = [\"legacy/**\"]\n[rules]\nunknown-util = \"warning\"\nVTL007 = \"off\"\n",
    );
    // Found in the linted folder; `legacy/` is excluded.
    let output = lint(dir.path(), &["--format", "json"]);
    assert_eq!(codes(&output), vec!["VTL008"], "{}", stdout(&output));
    assert_eq!(output.status.code(), Some(0));
    // Found from the linted folder's parent.
    let output = lint(dir.path(), &["--format", "json", "api"]);
    assert_eq!(codes(&output), vec!["VTL008"]);

    write(
        dir.path(),
        "strict.toml",
        "deny = [\"warnings\"]\n[rules]\nVTL008 = \"warning\"\n",
    );
    let output = lint(
        dir.path(),
        &["--config", "strict.toml", "--format", "json", "api"],
    );
    assert_eq!(codes(&output), vec!["VTL008", "VTL007"]);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn select_and_ignore_choose_rules() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "t.vtl", ERROR_AND_WARNING);
    let output = lint(dir.path(), &["--format", "json", "--select", "VTL007"]);
    assert_eq!(codes(&output), vec!["VTL007"]);
    assert_eq!(output.status.code(), Some(0));
    let output = lint(
        dir.path(),
        &["--format", "json", "--ignore", "VTL007,unknown-util"],
    );
    assert_eq!(codes(&output), Vec::<String>::new());
}

#[test]
fn bad_input_exits_2_with_a_located_message() {
    let dir = tempfile::tempdir().unwrap();
    let output = lint(dir.path(), &["missing.vtl"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("missing.vtl: cannot read"));

    std::fs::write(dir.path().join("latin1.vtl"), b"{\"a\": \"caf\xe9\"}").unwrap();
    let output = lint(dir.path(), &["latin1.vtl"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("latin1.vtl:1:11: invalid UTF-8"),
        "{}",
        stderr(&output)
    );

    write(dir.path(), "bad.toml", "[rules]\nVTL003 = \"loud\"\n");
    write(dir.path(), "t.vtl", CLEAN);
    let output = lint(dir.path(), &["--config", "bad.toml", "t.vtl"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("bad.toml:2:10: unknown level `loud`"),
        "{}",
        stderr(&output)
    );

    let output = lint(dir.path(), &["--select", "VTL999"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("unknown rule `VTL999`"));
}

#[test]
fn explain_and_list_rules_print_the_registry() {
    let dir = tempfile::tempdir().unwrap();
    let output = lint(dir.path(), &["--explain", "foreach-trailing-comma"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.starts_with("VTL003 foreach-trailing-comma (error)"),
        "{text}"
    );
    assert!(text.contains("## Why is this bad?"));
    let output = lint(dir.path(), &["--list-rules"]);
    let text = stdout(&output);
    assert!(
        text.lines().any(|l| l.starts_with("VTL008  error")),
        "{text}"
    );
    assert_eq!(
        lint(dir.path(), &["--explain", "VTL999"]).status.code(),
        Some(2)
    );
}
