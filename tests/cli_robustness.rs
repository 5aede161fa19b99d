//! Malformed input through the real binary: every case names the file (and line:column where
//! one applies), exits 2 for bad input and 1 for a template error, and never panics.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_apigw-vtl");

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write a test file");
    path.display().to_string()
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin)
        .expect("stdin takes the input");
    child.wait_with_output().expect("the binary ends")
}

/// Asserts the exit code and returns (stdout, stderr); no run may panic.
fn ended(output: &Output, code: i32) -> (String, String) {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked at"), "{stderr}");
    assert_eq!(output.status.code(), Some(code), "stderr: {stderr}");
    (stdout, stderr)
}

#[test]
fn invalid_utf8_in_a_template_is_located() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let template = write(dir.path(), "bad.vtl", b"line one\nok \xff here");
    let expected = format!(
        "error: invalid UTF-8 (byte offset 12)\n --> {template}:2:4\n  |\n2 | ok \u{fffd} here\n  |    ^\n  |\n"
    );
    let (_, stderr) = ended(&run(&["render", &template]), 2);
    assert_eq!(stderr, expected);
    // `test` reads suites through the harness: same message.
    let (_, stderr) = ended(&run(&["test", &template]), 2);
    assert_eq!(stderr, expected);
    // A lone `\r` ends a line, as Velocity counts lines.
    let template = write(dir.path(), "cr.vtl", b"a\rb\xe9");
    let (_, stderr) = ended(&run(&["render", &template]), 2);
    assert!(
        stderr.contains(&format!(" --> {template}:2:2\n")),
        "{stderr}"
    );
}

#[test]
fn invalid_utf8_in_an_event_body_is_located() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let template = write(dir.path(), "t.vtl", b"$input.body");
    let event = write(dir.path(), "event.json", b"{\"body\": \"caf\xe9\"}");
    let (_, stderr) = ended(&run(&["render", &template, "--event", &event]), 2);
    assert_eq!(
        stderr,
        format!(
            "error: invalid UTF-8 (byte offset 13)\n --> {event}:1:14\n  |\n1 | {{\"body\": \"caf\u{fffd}\"}}\n  |              ^\n  |\n"
        )
    );
}

#[test]
fn an_invalid_json_event_is_located() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let template = write(dir.path(), "t.vtl", b"$input.body");
    let event = write(
        dir.path(),
        "event.json",
        b"{\n  \"body\": \"a\",\n  \"headers\": {,}\n}",
    );
    let (_, stderr) = ended(&run(&["render", &template, "--event", &event]), 2);
    assert_eq!(
        stderr,
        format!(
            "error: invalid JSON: key must be a string\n --> {event}:3:15\n  |\n3 |   \"headers\": {{,}}\n  |               ^\n  |\n"
        )
    );
    let top = write(dir.path(), "list.json", b"[]");
    let (_, stderr) = ended(&run(&["render", &template, "--event", &top]), 2);
    assert_eq!(
        stderr,
        format!("error: {top}: expected a JSON object at the top level\n")
    );
}

/// No AWS recording shows `$input.json('$')` over a body that is not JSON; the engine follows
/// json-smart's permissive parser as the reference model does (`velocity17 gateway` prints the
/// same): plain text reads as one string, truncated JSON throws InvalidJsonException.
#[test]
fn input_json_over_a_body_that_is_not_json() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let template = write(dir.path(), "t.vtl", b"$input.json('$')");
    let text = write(dir.path(), "text.json", br#"{"body": "some raw data"}"#);
    let (stdout, _) = ended(&run(&["render", &template, "--event", &text]), 0);
    assert_eq!(stdout, "\"some raw data\"");
    let truncated = write(dir.path(), "truncated.json", br#"{"body": "{\"a\": 1"}"#);
    let (stdout, stderr) = ended(&run(&["render", &template, "--event", &truncated]), 1);
    assert_eq!(stdout, "");
    assert!(
        stderr.starts_with(
            "error: com.jayway.jsonpath.InvalidJsonException: net.minidev.json.parser.ParseException: Unexpected End Of File position 6: null\n"
        ),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("--> {template}:1:8")), "{stderr}");
}

#[test]
fn a_binary_base64_body_is_refused_and_a_textual_one_decoded() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let template = write(dir.path(), "t.vtl", b"$input.body");
    let binary = write(
        dir.path(),
        "binary.json",
        br#"{"body": "3q2+7w==", "isBase64Encoded": true}"#,
    );
    let (_, stderr) = ended(&run(&["render", &template, "--event", &binary]), 2);
    assert_eq!(
        stderr,
        format!(
            "error: {binary}: event field `body`: the base64 body is binary (not UTF-8); API Gateway fails a mapping template on it with 500\n"
        )
    );
    let text = write(
        dir.path(),
        "text.json",
        br#"{"body": "eyJhIjogMX0=", "isBase64Encoded": true}"#,
    );
    let (stdout, _) = ended(&run(&["render", &template, "--event", &text]), 0);
    assert_eq!(stdout, r#"{"a": 1}"#);
}

#[test]
fn unknown_event_fields_warn_and_still_render() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let template = write(dir.path(), "t.vtl", b"$input.body");
    let event = write(dir.path(), "event.json", br#"{"body": "{}", "bodyy": 1}"#);
    let (stdout, stderr) = ended(&run(&["render", &template, "--event", &event]), 0);
    assert_eq!(stdout, "{}");
    assert_eq!(
        stderr,
        format!("warning: {event}: unknown event field `bodyy` is ignored\n")
    );
}

#[test]
fn a_directory_or_a_missing_file_is_named() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let folder = dir.path().display().to_string();
    let (_, stderr) = ended(&run(&["render", &folder]), 2);
    assert_eq!(
        stderr,
        format!("error: {folder}: is a directory, not a file\n")
    );
    let missing = dir.path().join("missing.vtl").display().to_string();
    let (_, stderr) = ended(&run(&["render", &missing]), 2);
    assert!(
        stderr.starts_with(&format!("error: {missing}: cannot read: ")),
        "{stderr}"
    );
    let template = write(dir.path(), "t.vtl", b"x");
    let (_, stderr) = ended(&run(&["render", &template, "--event", &missing]), 2);
    assert!(
        stderr.starts_with(&format!("error: {missing}: cannot read: ")),
        "{stderr}"
    );
    let (_, stderr) = ended(
        &run(&["invoke", "--integration", &folder, "--event", &missing]),
        2,
    );
    assert_eq!(
        stderr,
        format!("error: {folder}: is a directory, not a file\n")
    );
}

#[test]
fn a_template_error_exits_1_with_its_location() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let template = write(dir.path(), "t.vtl", b"ok\n#foreach($i in [1..3])");
    let (_, stderr) = ended(&run(&["render", &template]), 1);
    assert!(stderr.contains(&format!("--> {template}:2:")), "{stderr}");
}

#[test]
fn limit_flags_reach_the_engine_and_errors_name_them() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let template = write(dir.path(), "t.vtl", b"#foreach($i in [1..5])$i#end");
    let (stdout, _) = ended(&run(&["render", &template]), 0);
    assert_eq!(stdout, "12345");
    let (stdout, stderr) = ended(
        &run(&["render", &template, "--max-foreach-iterations", "3"]),
        1,
    );
    assert_eq!(stdout, "");
    assert!(
        stderr.starts_with(
            "error: #foreach stopped: more than 3 iterations (limit --max-foreach-iterations 3)\n"
        ),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("--> {template}:1:1")), "{stderr}");

    let (_, stderr) = ended(&run(&["render", &template, "--max-nesting", "1"]), 1);
    assert!(
        stderr.starts_with(
            "error: brackets and blocks nest deeper than 1 levels here (limit --max-nesting 1)\n"
        ),
        "{stderr}"
    );
    let (_, stderr) = ended(
        &run(&["render", &template, "--max-template-bytes", "10"]),
        1,
    );
    assert!(
        stderr.starts_with(
            "error: the template has 28 bytes, more than 10 (limit --max-template-bytes 10)\n"
        ),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("--> {template}:1:11")), "{stderr}");

    let body = write(dir.path(), "b.vtl", b"$input.body");
    let event = write(dir.path(), "event.json", br#"{"body": "0123456789"}"#);
    let (_, stderr) = ended(
        &run(&["render", &body, "--event", &event, "--max-body-bytes", "4"]),
        2,
    );
    assert_eq!(
        stderr,
        format!(
            "error: {event}: the payload has 10 bytes, more than 4 (limit --max-body-bytes 4)\n"
        )
    );
    let path = write(dir.path(), "p.vtl", b"$input.json('$.a.b.c')");
    let (_, stderr) = ended(
        &run(&[
            "render",
            &path,
            "--event",
            &event,
            "--max-jsonpath-depth",
            "2",
        ]),
        1,
    );
    assert!(
        stderr.starts_with("error: the JSONPath has 3 segments (limit --max-jsonpath-depth 2)\n"),
        "{stderr}"
    );
}

#[test]
fn batch_and_test_take_the_limit_flags() {
    let input = br##"{"id": "loop", "template": "#foreach($i in [1..5])$i#end"}"##;
    let (stdout, _) = ended(
        &run_with_stdin(&["batch", "--max-foreach-iterations", "2"], input),
        1,
    );
    assert_eq!(
        stdout,
        "{\"id\":\"loop\",\"ok\":false,\"error\":\"loop:1:1: #foreach stopped: more than 2 iterations (limit --max-foreach-iterations 2)\"}\n"
    );
    let (stdout, _) = ended(&run_with_stdin(&["batch", "--max-fuel", "3"], input), 1);
    assert!(stdout.contains("(limit --max-fuel 3)"), "{stdout}");

    let dir = tempfile::tempdir().expect("temporary folder");
    write(dir.path(), "loop.vtl", b"#foreach($i in [1..5])$i#end");
    write(
        dir.path(),
        "loop@default.snap",
        b"---\nsource: accepted\nstatus: ok\n---\n12345",
    );
    let folder = dir.path().display().to_string();
    let (stdout, _) = ended(&run(&["test", &folder]), 0);
    assert!(stdout.ends_with("1 passed, 0 failed\n"), "{stdout}");
    let (stdout, _) = ended(&run(&["test", &folder, "--max-foreach-iterations", "2"]), 1);
    assert!(stdout.ends_with("0 passed, 1 failed\n"), "{stdout}");
}

#[test]
fn a_batch_line_that_is_not_utf8_fails_alone() {
    let input = b"{\"id\": 1, \"template\": \"a\xff\"}\n{\"id\": 2, \"template\": \"ok\"}\n";
    let (stdout, _) = ended(&run_with_stdin(&["batch"], input), 1);
    assert_eq!(
        stdout,
        "{\"id\":null,\"ok\":false,\"error\":\"bad input line 1: invalid UTF-8 at byte 25\"}\n\
         {\"id\":2,\"ok\":true,\"output\":\"ok\"}\n"
    );
}

/// A payload over `--max-body-bytes` is bad input (exit 2) naming the file that carried it:
/// the request's event, or the backend's response.
#[test]
fn an_oversized_payload_names_its_file_in_invoke() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let integration = write(
        dir.path(),
        "integration.json",
        br#"{"type": "http", "uri": "https://example.com", "httpMethod": "POST",
            "requestTemplates": {"application/json": "$input.body"},
            "responses": {"default": {"statusCode": "200",
                "responseTemplates": {"application/json": "$input.body"}}}}"#,
    );
    let big = write(
        dir.path(),
        "big.json",
        br#"{"body": "0123456789abcdef", "headers": {"Content-Type": "application/json"}}"#,
    );
    let small = write(
        dir.path(),
        "small.json",
        br#"{"body": "{}", "headers": {"Content-Type": "application/json"}}"#,
    );
    let response = write(
        dir.path(),
        "response.json",
        br#"{"statusCode": 200, "body": "0123456789abcdefghij"}"#,
    );
    let invoke = |event: &str| {
        run(&[
            "invoke",
            "--integration",
            &integration,
            "--event",
            event,
            "--integration-response",
            &response,
            "--max-body-bytes",
            "10",
        ])
    };
    let (_, stderr) = ended(&invoke(&big), 2);
    assert_eq!(
        stderr,
        format!(
            "error: {big}: the payload has 16 bytes, more than 10 (limit --max-body-bytes 10)\n"
        )
    );
    let (_, stderr) = ended(&invoke(&small), 2);
    assert_eq!(
        stderr,
        format!("error: {response}: the payload has 20 bytes, more than 10 (limit --max-body-bytes 10)\n")
    );
}
