//! Runs the real `apigw-vtl` binary on temporary suites: snapshot policy (pending files, CI,
//! `--update`, `--review`), report formats parsed back, `new`, `render --case` and exit codes.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_apigw-vtl");

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn snap(source: &str, body: &str) -> String {
    format!("---\nsource: {source}\nstatus: ok\n---\n{body}")
}

/// A suite with one template and one case whose snapshot is `body` (none when `None`).
fn greeting_suite(body: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "greet.vtl", "Hello, $name!");
    write(
        dir.path(),
        "greet.cases.json",
        r#"{"ann": {"vars": {"name": "Ann"}}}"#,
    );
    if let Some(body) = body {
        write(dir.path(), "greet@ann.snap", &snap("accepted", body));
    }
    dir
}

/// Runs the binary in `dir` as a developer would, outside CI.
fn run(dir: &Path, args: &[&str]) -> Output {
    command(dir, args).output().unwrap()
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .current_dir(dir)
        .env_remove("CI")
        .stdin(Stdio::null());
    command
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn last_line(text: &str) -> &str {
    text.lines().last().unwrap_or("")
}

#[test]
fn all_cases_pass() {
    let dir = greeting_suite(Some("Hello, Ann!"));
    let output = run(dir.path(), &["test"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stdout(&output), "1 passed, 0 failed\n");
}

#[test]
fn changed_output_shows_a_diff_and_fails() {
    let dir = greeting_suite(Some("Hello, Bob!"));
    let output = run(dir.path(), &["test"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(text.contains("FAIL greet@ann"), "{text}");
    assert!(text.contains("-Hello, Bob!"), "{text}");
    assert!(text.contains("+Hello, Ann!"), "{text}");
    assert_eq!(last_line(&text), "0 passed, 1 failed");
    // The accepted snapshot is never overwritten; the new output waits beside it.
    assert_eq!(
        read(dir.path(), "greet@ann.snap"),
        snap("accepted", "Hello, Bob!")
    );
    assert_eq!(
        read(dir.path(), "greet@ann.snap.new"),
        snap("accepted", "Hello, Ann!")
    );
}

#[test]
fn missing_snapshot_is_written_as_pending_locally() {
    let dir = greeting_suite(None);
    let output = run(dir.path(), &["test"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("pending snapshot"));
    assert!(!dir.path().join("greet@ann.snap").exists());
    assert_eq!(
        read(dir.path(), "greet@ann.snap.new"),
        snap("accepted", "Hello, Ann!")
    );
}

#[test]
fn missing_snapshot_under_ci_fails_and_writes_nothing() {
    let dir = greeting_suite(None);
    let output = command(dir.path(), &["test"])
        .env("CI", "true")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(last_line(&stdout(&output)), "0 passed, 1 failed");
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(files.len(), 2, "only the template and its cases");
}

#[test]
fn update_accepts_new_outputs_but_refuses_recorded_ones() {
    let dir = greeting_suite(None);
    write(dir.path(), "bye.vtl", "Bye, $name!");
    write(
        dir.path(),
        "bye.cases.json",
        r#"{"ann": {"vars": {"name": "Ann"}}}"#,
    );
    write(dir.path(), "bye@ann.snap", &snap("oracle", "Bye, Bob!"));
    assert_eq!(run(dir.path(), &["test"]).status.code(), Some(1));
    assert!(dir.path().join("bye@ann.snap.new").exists());

    let output = run(dir.path(), &["test", "--update"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("ACCEPT greet@ann"), "{text}");
    assert!(text.contains("refused"), "{text}");
    assert_eq!(last_line(&text), "1 passed, 1 failed");
    assert_eq!(
        read(dir.path(), "greet@ann.snap"),
        snap("accepted", "Hello, Ann!")
    );
    assert_eq!(
        read(dir.path(), "bye@ann.snap"),
        snap("oracle", "Bye, Bob!")
    );
    assert!(!dir.path().join("greet@ann.snap.new").exists());
    assert!(!dir.path().join("bye@ann.snap.new").exists());
}

#[test]
fn update_passes_once_everything_is_accepted() {
    let dir = greeting_suite(Some("Hello, Bob!"));
    let output = run(dir.path(), &["test", "--update"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(last_line(&stdout(&output)), "1 passed, 0 failed");
    assert_eq!(run(dir.path(), &["test"]).status.code(), Some(0));
}

#[test]
fn stale_pending_file_of_a_passing_case_is_removed() {
    let dir = greeting_suite(Some("Hello, Ann!"));
    write(dir.path(), "greet@ann.snap.new", &snap("accepted", "old"));
    assert_eq!(run(dir.path(), &["test"]).status.code(), Some(0));
    assert!(!dir.path().join("greet@ann.snap.new").exists());
}

#[test]
fn review_accepts_rejects_and_skips_at_the_prompt() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a", "b", "c"] {
        write(dir.path(), &format!("{name}.vtl"), name);
    }
    let mut child = command(dir.path(), &["test", "--review"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // An unknown answer is asked again; input ends before `c`, which is skipped.
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a\nmaybe\nr\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert_eq!(
        text.matches("accept, reject or skip? [a/r/s]").count(),
        4,
        "{text}"
    );
    assert_eq!(last_line(&text), "1 passed, 2 failed");
    assert_eq!(read(dir.path(), "a@default.snap"), snap("accepted", "a"));
    assert!(!dir.path().join("b@default.snap").exists());
    assert!(!dir.path().join("b@default.snap.new").exists());
    assert!(dir.path().join("c@default.snap.new").exists());
}

#[test]
fn junit_report_is_well_formed_xml() {
    let dir = greeting_suite(Some("Hello, Bob!"));
    // Markup characters and a control character in the output must survive as XML.
    write(dir.path(), "odd.vtl", "<a & \"b\">\u{1}]]>");
    write(dir.path(), "odd@default.snap", &snap("accepted", "<a>"));
    write(dir.path(), "fine.vtl", "ok");
    write(dir.path(), "fine@default.snap", &snap("accepted", "ok"));
    let output = command(dir.path(), &["test", "--format", "junit"])
        .env("CI", "true")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let xml = stdout(&output);
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("tests"), Some("3"));
    assert_eq!(root.attribute("failures"), Some("2"));
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 3);
    let greet = cases
        .iter()
        .find(|c| c.attribute("classname") == Some("greet.vtl"))
        .unwrap();
    assert_eq!(greet.attribute("name"), Some("ann"));
    let failure = greet
        .children()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    let diff = failure.text().unwrap_or("");
    assert!(
        diff.contains("-Hello, Bob!") && diff.contains("+Hello, Ann!"),
        "{diff}"
    );
    let odd = cases
        .iter()
        .find(|c| c.attribute("classname") == Some("odd.vtl"))
        .unwrap();
    let text = odd
        .descendants()
        .filter_map(|n| n.text())
        .collect::<String>();
    assert!(text.contains("+<a & \"b\">\\u{0001}]]>"), "{text}");
    // The summary line goes to stderr so stdout is only the document.
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(last_line(&stderr), "1 passed, 2 failed");
}

#[test]
fn json_report_parses_back() {
    let dir = greeting_suite(Some("Hello, Bob!"));
    write(dir.path(), "fine.vtl", "ok");
    write(dir.path(), "fine@default.snap", &snap("accepted", "ok"));
    let output = run(dir.path(), &["test", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["totals"]["passed"], 1);
    assert_eq!(doc["totals"]["failed"], 1);
    assert_eq!(doc["totals"]["skipped"], 0);
    let results = doc["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["id"], "fine@default");
    assert_eq!(results[0]["status"], "passed");
    assert_eq!(results[1]["id"], "greet@ann");
    assert_eq!(results[1]["status"], "failed");
    assert_eq!(results[1]["kind"], "mismatch");
    assert!(results[1]["diff"]
        .as_str()
        .unwrap()
        .contains("+Hello, Ann!"));
}

#[test]
fn json_compare_ignores_masked_values_and_diffs_pretty_json() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "req.vtl",
        r#"{"id": "$context.requestId", "n": $n}"#,
    );
    write(
        dir.path(),
        "req.cases.json",
        r#"{"one": {"event": {"body": "{}", "stageVariables": {}}, "compare": "json", "masks": ["id"]}}"#,
    );
    write(
        dir.path(),
        "req@one.snap",
        &snap("accepted", "{\n  \"n\": \"\",\n  \"id\": \"other\"\n}"),
    );
    // `$n` is undefined under the apigateway profile, so the output is not JSON: plain diff.
    let text = stdout(&run(dir.path(), &["test"]));
    assert!(text.contains("FAIL req@one"), "{text}");

    write(
        dir.path(),
        "req.vtl",
        r#"{"id": "$context.requestId", "n": 1}"#,
    );
    write(
        dir.path(),
        "req@one.snap",
        &snap("accepted", "{\"n\": 1, \"id\": \"other\"}"),
    );
    let output = run(dir.path(), &["test"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));

    write(
        dir.path(),
        "req@one.snap",
        &snap("accepted", "{\"n\": 2, \"id\": \"other\"}"),
    );
    let text = stdout(&run(dir.path(), &["test"]));
    assert!(text.contains("-  \"n\": 2"), "{text}");
    assert!(text.contains("+  \"n\": 1"), "{text}");
    assert!(
        !text.contains("other"),
        "masked values are not shown: {text}"
    );
}

#[test]
fn new_scaffold_runs_then_update_passes() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(dir.path(), &["new", "api/orders"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("apigw-vtl test api/orders.vtl --update"));
    let output = run(dir.path(), &["test"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(dir.path().join("api/orders@create_order.snap.new").exists());
    assert_eq!(
        run(dir.path(), &["test", "--update"]).status.code(),
        Some(0)
    );
    let output = run(dir.path(), &["test"]);
    assert_eq!(stdout(&output), "1 passed, 0 failed\n");
    // The scaffolded request template renders valid JSON from the sample event.
    let body = read(dir.path(), "api/orders@create_order.snap");
    let json = body.splitn(3, "---\n").nth(2).unwrap();
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(value["customer"], "Ann O'Neil");
    // A second `new` (or `init`) does not overwrite the cases.
    assert_eq!(
        run(dir.path(), &["init", "api/orders.vtl"]).status.code(),
        Some(2)
    );
}

#[test]
fn render_case_prints_one_case_output() {
    let dir = greeting_suite(None);
    for args in [
        &["render", "greet.vtl", "--case", "ann"][..],
        &["render", "--case", "greet.vtl#ann"][..],
    ] {
        let output = run(dir.path(), args);
        assert_eq!(output.status.code(), Some(0));
        assert_eq!(stdout(&output), "Hello, Ann!");
    }
    let output = run(dir.path(), &["render", "greet.vtl", "--case", "bob"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no case `bob` (cases: ann)"));
}

#[test]
fn missing_paths_exit_with_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run(dir.path(), &["test", "nowhere"]).status.code(), Some(2));
    assert_eq!(
        run(dir.path(), &["render", "--case", "nowhere.vtl#x"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn filter_and_jobs_keep_a_stable_report() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..30 {
        write(dir.path(), &format!("t{i:02}.vtl"), &format!("v{i}"));
        write(
            dir.path(),
            &format!("t{i:02}@default.snap"),
            &snap("accepted", "x"),
        );
    }
    let one = command(dir.path(), &["test", "--jobs", "1"])
        .env("CI", "true")
        .output()
        .unwrap();
    let four = command(dir.path(), &["test", "-j", "4"])
        .env("CI", "true")
        .output()
        .unwrap();
    assert_eq!(stdout(&one), stdout(&four));
    assert_eq!(last_line(&stdout(&one)), "0 passed, 30 failed");
    let filtered = command(dir.path(), &["test", "--filter", "t1"])
        .env("CI", "true")
        .output()
        .unwrap();
    assert_eq!(last_line(&stdout(&filtered)), "0 passed, 10 failed");
    assert_eq!(
        run(dir.path(), &["test", "--jobs", "0"]).status.code(),
        Some(2)
    );
}

#[test]
fn bad_combinations_and_cases_are_usage_errors() {
    let dir = greeting_suite(Some("Hello, Ann!"));
    let review_json = run(dir.path(), &["test", "--review", "--format", "json"]);
    assert_eq!(review_json.status.code(), Some(2));
    assert_eq!(
        run(dir.path(), &["test", "--review", "--update"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(dir.path(), &["test", "greet.cases.json"]).status.code(),
        Some(2)
    );
    write(
        dir.path(),
        "greet.cases.json",
        r#"{"ann": {"vars": {"name": "Ann"}, "masks": ["id"]}}"#,
    );
    let output = run(dir.path(), &["test"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("`masks` needs"));
}

#[test]
fn bench_reports_the_median_on_its_last_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "t.vtl", "#foreach($i in [1..3])$i#end");
    let output = run(
        dir.path(),
        &["bench", "t.vtl", "--iterations", "5", "--warmup", "1"],
    );
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    let last = last_line(&text);
    let median: f64 = last
        .strip_prefix("render_us_median=")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("last line was {last:?}"));
    assert!(median > 0.0);
    assert!(text.contains("output        3 bytes"), "{text}");
}
