//! Lints the templates of ../shared/conformance/aws-recorded.jsonl (deployed to and rendered by real
//! API Gateway) and of the published corpus: lint must raise no error on a template AWS accepted.

use std::path::Path;
use std::sync::Arc;

use apigw_vtl::lint::config::Config;
use apigw_vtl::lint::diagnostic::Severity;
use apigw_vtl::lint::load::template_document;
use apigw_vtl::lint::run::lint_documents;
use apigw_vtl::lint::source::SourceFile;
use serde_json::Value;

fn templates(path: &Path, keys: &[&str]) -> Option<Vec<(String, String)>> {
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipped: {} is absent", path.display());
        return None;
    };
    let mut found = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("a JSON line");
        let id = case["id"].as_str().unwrap_or("?").to_string();
        for key in keys {
            if let Some(template) = case[*key].as_str() {
                found.push((format!("{id}.{key}.vtl"), template.to_string()));
            }
        }
    }
    Some(found)
}

/// `(errors as "id: CODE message", warning count)` of linting each template alone.
fn lint(templates: &[(String, String)], config: &Config) -> (Vec<String>, usize) {
    let documents: Vec<_> = templates
        .iter()
        .map(|(name, text)| template_document(Arc::new(SourceFile::new(name, text.as_str()))))
        .collect();
    let diagnostics = lint_documents(&documents, config);
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {} {}", d.file.path.display(), d.code, d.message))
        .collect();
    let warnings = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    (errors, warnings)
}

#[test]
fn templates_aws_accepted_have_no_lint_errors() {
    let path = Path::new("../shared/conformance/aws-recorded.jsonl");
    let Some(templates) = templates(path, &["template", "response_template"]) else {
        return;
    };
    assert!(templates.len() >= 60, "only {} templates", templates.len());
    for deep in [false, true] {
        let mut config = Config::default();
        config.deep = deep;
        let (errors, warnings) = lint(&templates, &config);
        eprintln!(
            "{} AWS-recorded templates (deep: {deep}): {} errors, {warnings} warnings",
            templates.len(),
            errors.len()
        );
        assert!(errors.is_empty(), "{}", errors.join("\n"));
    }
}

#[test]
fn published_templates_lint_without_crashing() {
    let path = Path::new("../shared/corpus/realworld.jsonl");
    let Some(templates) = templates(path, &["template"]) else {
        return;
    };
    let (errors, warnings) = lint(&templates, &Config::default());
    eprintln!(
        "{} published templates: {} errors, {warnings} warnings",
        templates.len(),
        errors.len()
    );
    let crashed: Vec<&String> = errors
        .iter()
        .filter(|e| e.contains("failed on this input"))
        .collect();
    assert!(crashed.is_empty(), "{crashed:?}");
}
