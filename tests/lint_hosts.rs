//! Host-format readers on realistic fixtures: every template found, where it starts in its host
//! file and its first line (so offsets can be reviewed), plus the host-level rules' findings.

use std::fmt::Write;
use std::path::Path;
use std::sync::Arc;

use apigw_vtl::lint::config::Config;
use apigw_vtl::lint::host::{discover, read};
use apigw_vtl::lint::rules::ALL;
use apigw_vtl::lint::run::lint_with;
use apigw_vtl::lint::source::{HostDocument, SourceFile, Substitution, TemplateRole};

fn relative(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn load(path: &Path) -> Option<HostDocument> {
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    read(Arc::new(SourceFile::new(path, text))).expect("fixture parses")
}

/// Runs every host rule on a document: `line:col CODE severity: message (help)` per finding.
fn host_findings(document: &HostDocument, root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for rule in ALL.iter().filter(|rule| rule.code >= "VTL040") {
        let found = lint_with(std::slice::from_ref(document), &Config::default(), &[rule]);
        for diagnostic in found {
            let (line, column) = diagnostic.start();
            let range = diagnostic.range;
            let mut line_out = format!(
                "{}:{line}:{column} {} {}: {} `{}`",
                relative(&diagnostic.file.path, root),
                rule.code,
                rule.severity.name(),
                diagnostic.message,
                &diagnostic.file.text[range.start..range.end]
            );
            if let Some(help) = &diagnostic.help {
                write!(line_out, "\n    help: {help}").unwrap();
            }
            out.push(line_out);
        }
    }
    out
}

/// Every visible template character maps to the same character in its host file (or to the
/// backslash of the escape that wrote it).
fn assert_offsets_exact(template: &apigw_vtl::lint::source::EmbeddedTemplate) {
    for (i, c) in template.text.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        let at = template.offsets.host_offset(i);
        let found = template
            .host
            .text
            .get(at..)
            .and_then(|rest| rest.chars().next());
        assert!(
            found == Some(c) || found == Some('\\'),
            "{}: template byte {i} is {c:?} but its host offset {at} holds {found:?}",
            template.location
        );
    }
}

fn listing(document: &HostDocument, root: &Path) -> String {
    let mut out = String::new();
    writeln!(
        out,
        "== {} ({})",
        relative(&document.file.path, root),
        document.format.name()
    )
    .unwrap();
    for template in &document.templates {
        let (line, column) = template.host.line_col(template.offsets.host_offset(0));
        let role = match &template.role {
            TemplateRole::Request { content_type } => format!("request {content_type}"),
            TemplateRole::Response {
                status,
                content_type,
            } => format!(
                "response {} {content_type}",
                status.as_deref().unwrap_or("-")
            ),
            TemplateRole::Unknown => "unknown".to_owned(),
        };
        let substitution = match &template.substitution {
            Substitution::None => "none".to_owned(),
            Substitution::CloudFormationSub { variables } => {
                format!("cloudformation-sub {variables:?}")
            }
            Substitution::Terraform => "terraform".to_owned(),
        };
        let integration = template
            .integration
            .and_then(|i| document.integrations.get(i))
            .map_or("-", |i| i.name.as_str());
        writeln!(out, "template {}", template.location).unwrap();
        writeln!(out, "  role: {role}; substitution: {substitution}").unwrap();
        writeln!(out, "  integration: {integration}").unwrap();
        writeln!(
            out,
            "  starts at {}:{line}:{column}: {}",
            relative(&template.host.path, root),
            template.text.lines().next().unwrap_or_default()
        )
        .unwrap();
        assert_offsets_exact(template);
    }
    for skipped in &document.skipped {
        let (line, column) = document.file.line_col(skipped.range.start);
        writeln!(out, "skipped at {line}:{column}: {}", skipped.value).unwrap();
    }
    for finding in host_findings(document, root) {
        writeln!(out, "finding {finding}").unwrap();
    }
    out
}

#[test]
fn every_host_fixture_lists_its_templates() {
    let root = Path::new("fixtures/lint/hosts");
    let files = discover(root).expect("fixtures/lint/hosts is readable");
    let mut formats = std::collections::BTreeSet::new();
    let mut out = String::new();
    for path in &files {
        let Some(document) = load(path) else {
            writeln!(out, "== {} (not a host file)\n", relative(path, root)).unwrap();
            continue;
        };
        formats.insert(document.format.name());
        let text = listing(&document, root);
        // Each fixture holds a clean template and one a host rule catches.
        if document.format.name() != "template" {
            assert!(text.contains("\nfinding "), "{text}");
        }
        out.push_str(&text);
        out.push('\n');
    }
    assert_eq!(
        formats.into_iter().collect::<Vec<_>>(),
        [
            "cloudformation",
            "openapi",
            "serverless",
            "template",
            "terraform"
        ]
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!("lint_hosts", out));
}

/// The rule fixtures: `bad.*` files must raise findings of their folder's rule (snapshotted),
/// `good.*` files none.
fn rule_fixtures(code: &str) -> String {
    let root = Path::new("fixtures/lint/host-rules").join(code);
    let files = discover(&root).expect("rule fixtures are readable");
    assert!(!files.is_empty(), "no fixtures for {code}");
    let mut out = String::new();
    for path in &files {
        let name = relative(path, &root);
        let document = load(path).unwrap_or_else(|| panic!("{name} is a host file"));
        let findings: Vec<String> = host_findings(&document, &root)
            .into_iter()
            .filter(|f| f.contains(&format!(" {code} ")))
            .collect();
        if name.starts_with("good") {
            assert!(findings.is_empty(), "{name}: {findings:#?}");
        } else {
            assert!(!findings.is_empty(), "{name} raises no {code}");
        }
        writeln!(out, "== {name}").unwrap();
        for finding in findings {
            writeln!(out, "{finding}").unwrap();
        }
    }
    out
}

#[test]
fn vtl040_selection_pattern_never_matches() {
    insta::assert_snapshot!(rule_fixtures("VTL040"));
}

#[test]
fn vtl041_passthrough_content_type_gap() {
    insta::assert_snapshot!(rule_fixtures("VTL041"));
}

#[test]
fn vtl042_host_substitutes_dollar_brace() {
    insta::assert_snapshot!(rule_fixtures("VTL042"));
}

#[test]
fn vtl043_template_over_quota_in_a_host_file() {
    // 300 KB of template does not belong in the repository: the host file is built here.
    let line = "#set($x = \"0123456789012345678901234567890123456789012345678\")\n";
    let mut text = String::from(
        "openapi: 3.0.1\npaths:\n  /x:\n    get:\n      x-amazon-apigateway-integration:\n        passthroughBehavior: when_no_templates\n        requestTemplates:\n          application/json: |\n",
    );
    for _ in 0..=(300 * 1024 / line.len()) {
        text.push_str("            ");
        text.push_str(line);
    }
    let document = read(Arc::new(SourceFile::new("big.yaml", text)))
        .unwrap()
        .unwrap();
    assert!(document.templates[0].text.len() > 300 * 1024);
    let findings: Vec<String> = host_findings(&document, Path::new("."))
        .into_iter()
        .filter(|f| f.contains(" VTL043 "))
        .collect();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert!(
        findings[0].starts_with("big.yaml:9:13 VTL043 error: the template has 307"),
        "{}",
        findings[0]
    );
}

/// Cut-off and damaged host files are errors with a position inside the file, never a panic.
#[test]
fn damaged_host_files_fail_cleanly() {
    let root = Path::new("fixtures/lint/hosts");
    for path in discover(root).expect("fixtures are readable") {
        let text = std::fs::read_to_string(&path).expect("fixture is readable");
        let mut cuts: Vec<usize> = (0..text.len()).step_by(13).collect();
        cuts.push(text.len());
        for cut in cuts {
            if !text.is_char_boundary(cut) {
                continue;
            }
            for damaged in [
                text[..cut].to_owned(),
                format!("{}\"{}", &text[..cut], &text[cut..]),
            ] {
                let file = Arc::new(SourceFile::new(&path, damaged.clone()));
                match read(file) {
                    Ok(Some(document)) => {
                        for template in &document.templates {
                            let end = template.offsets.host_offset(template.text.len());
                            assert!(end <= template.host.text.len(), "{}", path.display());
                        }
                    }
                    Ok(None) => {}
                    Err(error) => {
                        if let Some(range) = error.range {
                            assert!(range.end <= damaged.len(), "{}: {error}", path.display());
                        }
                    }
                }
            }
        }
    }
}

/// Host files found by fuzzing: every finding's range covers whole characters of its file (the
/// offsets there are approximate: the host text does not spell the template the reader built).
#[test]
fn fuzz_found_host_files_keep_findings_on_whole_characters() {
    let root = Path::new("fixtures/lint/regressions");
    let mut out = String::new();
    for path in discover(root).expect("fixtures/lint/regressions is readable") {
        let document = load(&path).expect("a host file");
        for diagnostic in lint_with(std::slice::from_ref(&document), &Config::default(), ALL) {
            let text = &diagnostic.file.text;
            let range = diagnostic.range;
            assert!(
                text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
                "{}: {range:?} splits a character",
                path.display()
            );
            let (line, column) = diagnostic.start();
            writeln!(
                out,
                "{}:{line}:{column} {} {}",
                relative(&path, root),
                diagnostic.code,
                diagnostic.message
            )
            .unwrap();
        }
    }
    insta::assert_snapshot!(out);
}
