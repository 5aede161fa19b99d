//! Runs one template rule over a template text in unit tests, before any runner or host reader:
//! findings come back as (1-based line, the template text they point at, message).

use std::sync::Arc;

use crate::lint::rule::{Check, Finding, Findings, Rule, Target, TemplateContext};
use crate::lint::source::{EmbeddedTemplate, SourceFile, TemplateRole};
use crate::Template;

/// A standalone template file holding `text`, as `role`.
pub fn template(text: &str, role: TemplateRole) -> EmbeddedTemplate {
    let mut template = EmbeddedTemplate::whole_file(Arc::new(SourceFile::new("t.vtl", text)));
    template.role = role;
    template
}

/// The raw findings of `rule` on `template`.
pub fn findings(rule: &Rule, template: &EmbeddedTemplate) -> Vec<Finding> {
    let parsed = Template::parse("t.vtl", &template.text);
    let context = TemplateContext::new(template, parsed.as_ref().map(Template::body), None);
    let mut findings = Findings::default();
    if let Check::Template(check) = rule.check {
        check(&context, &mut findings);
    }
    findings.into_vec()
}

/// `(line, pointed-at text, message)` of each finding of `rule` on a standalone template file.
pub fn check(rule: &Rule, text: &str) -> Vec<(u32, String, String)> {
    let template = template(text, TemplateRole::Unknown);
    findings(rule, &template)
        .into_iter()
        .map(|finding| match finding.target {
            Target::Template(start, end) => (
                template.host.line_col(start).0,
                text.get(start..end).unwrap_or("").to_string(),
                finding.message,
            ),
            Target::Host(range) => (
                template.host.line_col(range.start).0,
                String::new(),
                finding.message,
            ),
        })
        .collect()
}

/// The pointed-at texts of each finding.
pub fn pointed(rule: &Rule, text: &str) -> Vec<String> {
    check(rule, text).into_iter().map(|(_, at, _)| at).collect()
}
