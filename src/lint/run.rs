//! The lint runner: parses each template once, runs every enabled rule, maps findings to host
//! positions, applies suppressions and configured severities, and sorts the diagnostics.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use crate::lint::config::Config;
use crate::lint::diagnostic::{Diagnostic, Severity};
use crate::lint::rule::{Check, Finding, Findings, Rule, Target, TemplateContext};
use crate::lint::rules;
use crate::lint::source::{EmbeddedTemplate, HostDocument, HostRange, SourceFile};
use crate::lint::suppress::{self, Suppression};
use crate::span::LineIndex;
use crate::Template;

/// Lints every template and document with the rules `config` enables.
pub fn lint_documents(documents: &[HostDocument], config: &Config) -> Vec<Diagnostic> {
    lint_with(documents, config, rules::ALL)
}

/// Lints with an explicit rule list (the registry's, or a subset in tests).
pub fn lint_with(
    documents: &[HostDocument],
    config: &Config,
    rules: &[&'static Rule],
) -> Vec<Diagnostic> {
    let enabled: Vec<(&'static Rule, Severity)> = rules
        .iter()
        .filter_map(|rule| config.severity(rule).map(|severity| (*rule, severity)))
        .collect();
    let mut diagnostics = Vec::new();
    for document in documents {
        let templates: Vec<TemplateSuppressions> = document
            .templates
            .iter()
            .map(TemplateSuppressions::new)
            .collect();
        for (template, suppressions) in document.templates.iter().zip(&templates) {
            let parsed = Template::parse(&template.location, &template.text);
            let context = TemplateContext::new(
                template,
                parsed.as_ref().map(Template::body),
                template
                    .integration
                    .and_then(|index| document.integrations.get(index)),
            );
            for &(rule, severity) in &enabled {
                let findings = match (&rule.check, &parsed) {
                    (Check::Template(check), _) => run_check(rule, template, || {
                        let mut findings = Findings::default();
                        check(&context, &mut findings);
                        findings
                    }),
                    (Check::Deep(check), Ok(parsed)) if config.deep => {
                        run_check(rule, template, || Findings::from(check(template, parsed)))
                    }
                    _ => continue,
                };
                for finding in findings {
                    let range = match finding.target {
                        Target::Template(start, end) => template.host_range(start, end),
                        Target::Host(range) => range,
                    };
                    let suppressed = match finding.target {
                        Target::Template(start, _) => suppressions.allows_template(rule, start),
                        Target::Host(range) => allows_host(&templates, document, rule, range),
                    };
                    if !suppressed {
                        // The template's own file: a Terraform `file()` target, not the .tf.
                        diagnostics.push(diagnostic(
                            rule,
                            severity,
                            config,
                            finding,
                            &template.host,
                            range,
                        ));
                    }
                }
            }
        }
        for &(rule, severity) in &enabled {
            let Check::Document(check) = rule.check else {
                continue;
            };
            let findings = match catch_unwind(AssertUnwindSafe(|| {
                let mut findings = Findings::default();
                check(document, &mut findings);
                findings
            })) {
                Ok(findings) => findings.into_vec(),
                Err(_) => vec![crashed(rule, HostRange { start: 0, end: 0 })],
            };
            for finding in findings {
                let range = match finding.target {
                    Target::Host(range) => range,
                    // A document rule has no one template to map from; it reports host ranges.
                    Target::Template(start, end) => HostRange { start, end },
                };
                if !allows_host(&templates, document, rule, range) {
                    diagnostics.push(diagnostic(
                        rule,
                        severity,
                        config,
                        finding,
                        &document.file,
                        range,
                    ));
                }
            }
        }
    }
    sort(&mut diagnostics);
    diagnostics
}

/// Runs a template check; a rule that panics is reported as a finding, so one bug never ends a run.
fn run_check(
    rule: &Rule,
    template: &EmbeddedTemplate,
    check: impl FnOnce() -> Findings,
) -> Vec<Finding> {
    match catch_unwind(AssertUnwindSafe(check)) {
        Ok(findings) => findings.into_vec(),
        Err(_) => {
            let mut finding = crashed(rule, HostRange { start: 0, end: 0 });
            finding.target = Target::Template(0, template.text.len().min(1));
            vec![finding]
        }
    }
}

fn crashed(rule: &Rule, range: HostRange) -> Finding {
    Finding {
        target: Target::Host(range),
        message: format!("rule {} failed on this input", rule.code),
        help: Some("this is a bug in apigw-vtl; please report it with the template".to_string()),
        note: None,
        severity: None,
    }
}

fn diagnostic(
    rule: &'static Rule,
    configured: Severity,
    config: &Config,
    finding: Finding,
    file: &Arc<SourceFile>,
    range: HostRange,
) -> Diagnostic {
    let severity = match finding.severity {
        Some(own) if !config.is_configured(rule) => own,
        _ => configured,
    };
    let length = file.text.len();
    let range = trim_trailing_whitespace(&file.text, range);
    Diagnostic {
        code: rule.code,
        name: rule.name,
        severity,
        message: finding.message,
        help: finding.help,
        note: finding.note,
        file: file.clone(),
        range: HostRange {
            start: range.start.min(length),
            end: range.end.clamp(range.start.min(length), length),
        },
    }
}

/// Directives swallow their line's newline; a range ends before it so the end stays on its line.
fn trim_trailing_whitespace(text: &str, range: HostRange) -> HostRange {
    let Some(covered) = text.get(range.start..range.end) else {
        return range;
    };
    let trimmed = covered.trim_end();
    if trimmed.is_empty() {
        return range;
    }
    HostRange {
        start: range.start,
        end: range.start + trimmed.len(),
    }
}

/// Sorts by file, line, column, then code.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        a.file
            .path
            .cmp(&b.file.path)
            .then(a.range.start.cmp(&b.range.start))
            .then(a.code.cmp(b.code))
            .then(a.range.end.cmp(&b.range.end))
    });
}

/// A template's suppression comments with what is needed to place findings against them.
struct TemplateSuppressions {
    suppressions: Vec<Suppression>,
    lines: Option<LineIndex>,
    host_extent: HostRange,
    /// Per suppression: does it cover the whole template, and its host line.
    host_lines: Vec<(bool, u32)>,
}

impl TemplateSuppressions {
    fn new(template: &EmbeddedTemplate) -> TemplateSuppressions {
        let suppressions = suppress::parse(&template.text);
        // Line indexes are built only for templates that have a suppression to compare against.
        let lines = (!suppressions.is_empty()).then(|| LineIndex::new(&template.text));
        let host_lines = suppressions
            .iter()
            .map(|s| {
                let range = template.host_range(s.offset, s.offset);
                (s.whole_template, template.host.line_col(range.start).0)
            })
            .collect();
        TemplateSuppressions {
            host_extent: template.host_range(0, template.text.len()),
            suppressions,
            lines,
            host_lines,
        }
    }

    fn allows_template(&self, rule: &Rule, offset: usize) -> bool {
        let Some(lines) = &self.lines else {
            return false;
        };
        let line = line_of(lines, offset);
        self.suppressions
            .iter()
            .any(|s| s.allows(rule.code, rule.name, line))
    }
}

fn line_of(lines: &LineIndex, offset: usize) -> u32 {
    // Columns are not needed, so no text is given: the line search uses offsets only.
    lines.line_col("", offset).0
}

/// A host-range finding is suppressed by a whole-template comment of the template it falls in,
/// or by a comment on the same host line or the line before.
fn allows_host(
    templates: &[TemplateSuppressions],
    document: &HostDocument,
    rule: &Rule,
    range: HostRange,
) -> bool {
    let line = document.file.line_col(range.start).0;
    templates.iter().any(|template| {
        template.suppressions.iter().zip(&template.host_lines).any(
            |(suppression, &(whole, host_line))| {
                let in_reach = if whole {
                    template.host_extent.start <= range.start
                        && range.start <= template.host_extent.end
                } else {
                    line == host_line || line == host_line + 1
                };
                in_reach
                    && suppression
                        .names
                        .iter()
                        .any(|n| n.text.eq_ignore_ascii_case(rule.code) || n.text == rule.name)
            },
        )
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::lint::load::template_document;
    use crate::lint::source::{OffsetMap, SourceFile};

    fn lint_text(text: &str, config: &Config) -> Vec<Diagnostic> {
        let file = Arc::new(SourceFile::new("t.vtl", text));
        lint_documents(&[template_document(file)], config)
    }

    fn codes(diagnostics: &[Diagnostic]) -> Vec<(&str, u32)> {
        diagnostics.iter().map(|d| (d.code, d.start().0)).collect()
    }

    #[test]
    fn findings_are_sorted_by_position_then_code() {
        let found = lint_text(
            "{\"a\": $util.toJson($x),\n\"b\": \"$input.json('$.b')\"}",
            &Config::default(),
        );
        assert_eq!(codes(&found), vec![("VTL008", 1), ("VTL005", 2)]);
    }

    #[test]
    fn suppressions_cover_their_line_the_next_and_the_whole_template() {
        let text = "{\"a\": $util.toJson($x), ## apigw-vtl: allow VTL008\n\"b\": $util.toJson($y),\n\"c\": $util.toJson($z)}";
        assert_eq!(
            codes(&lint_text(text, &Config::default())),
            vec![("VTL008", 3)]
        );
        let whole = format!("## apigw-vtl: allow unknown-util\n{text}");
        assert!(lint_text(&whole, &Config::default()).is_empty());
    }

    #[test]
    fn configured_severities_apply_and_off_disables() {
        let config = Config::parse(
            std::path::Path::new("apigw-vtl.toml"),
            "[rules]\nVTL008 = \"warning\"\nVTL005 = \"off\"\n",
        )
        .expect("valid");
        let found = lint_text(
            "{\"a\": $util.toJson($x), \"b\": \"$input.json('$.b')\"}",
            &config,
        );
        assert_eq!(codes(&found), vec![("VTL008", 1)]);
        assert_eq!(found[0].severity, Severity::Warning);
    }

    #[test]
    fn embedded_templates_report_at_host_positions() {
        // A template embedded in a JSON string at host offset 10, with `\n` written as two bytes.
        let host = "{\"tmpl\": \"#if($a)\\n$util.qr($b)#end\"}";
        let file = Arc::new(SourceFile::new("api.json", host));
        let mut template = EmbeddedTemplate::whole_file(file.clone());
        template.text = "#if($a)\n$util.qr($b)#end".to_string();
        template.offsets = OffsetMap::at(10);
        template.offsets.push(8, 19);
        let document = HostDocument {
            file,
            format: crate::lint::source::HostFormat::OpenApi,
            templates: vec![template],
            integrations: Vec::new(),
            skipped: Vec::new(),
        };
        let found = lint_documents(&[document], &Config::default());
        let positions: Vec<_> = found.iter().map(|d| (d.code, d.start(), d.end())).collect();
        // `$util.qr` is template bytes 8..16, after the two-byte `\n`: host columns 20 to 28.
        assert_eq!(positions, vec![("VTL008", (1, 20), (1, 28))]);
    }
}
