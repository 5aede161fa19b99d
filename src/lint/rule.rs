//! The rule interface: each rule is a `Rule` constant in its own file under `rules/`, checking either
//! one template (with its parsed tree) or a whole host document (integrations and their settings).

use std::cell::OnceCell;

use crate::lint::diagnostic::Severity;
use crate::lint::json_position::{scan, OutputShape};
use crate::lint::source::{EmbeddedTemplate, HostDocument, HostRange, Integration};
use crate::syntax::ast::Block;
use crate::{Error, Template};

/// A lint rule: its identity and its check.
pub struct Rule {
    /// Stable code, `VTL001`...; never reused once published.
    pub code: &'static str,
    /// Kebab-case name, e.g. `foreach-trailing-comma`.
    pub name: &'static str,
    /// Severity unless `apigw-vtl.toml` says otherwise.
    pub severity: Severity,
    /// What it catches, in one line (the README's rule table).
    pub summary: &'static str,
    /// The check.
    pub check: Check,
}

/// What a rule looks at.
pub enum Check {
    /// Runs once per template.
    Template(fn(&TemplateContext<'_>, &mut Findings)),
    /// Runs once per host document (integration settings, selection patterns...).
    Document(fn(&HostDocument, &mut Findings)),
    /// Renders a template that parses, only with `lint --deep` (it runs the template many times).
    Deep(fn(&EmbeddedTemplate, &Template) -> Vec<Finding>),
}

/// What a template rule sees.
pub struct TemplateContext<'a> {
    /// The template and where it lives.
    pub template: &'a EmbeddedTemplate,
    /// The parsed tree, or the syntax error when it does not parse.
    pub parsed: Result<&'a Block, &'a Error>,
    /// The integration the template belongs to, when its host declares one.
    pub integration: Option<&'a Integration>,
    output_shape: OnceCell<OutputShape<'a>>,
}

impl<'a> TemplateContext<'a> {
    /// What template rules see of one template.
    pub fn new(
        template: &'a EmbeddedTemplate,
        parsed: Result<&'a Block, &'a Error>,
        integration: Option<&'a Integration>,
    ) -> TemplateContext<'a> {
        TemplateContext {
            template,
            parsed,
            integration,
            output_shape: OnceCell::new(),
        }
    }

    /// Where the output's JSON places each printed reference (`None` when the template does not
    /// parse); scanned once per template, however many rules ask.
    pub fn output_shape(&self) -> Option<&OutputShape<'a>> {
        let body = self.parsed.ok()?;
        Some(self.output_shape.get_or_init(|| scan(body)))
    }
}

/// Where a finding points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A byte range of the template text (mapped to the host file by the runner).
    Template(usize, usize),
    /// A byte range of the host file.
    Host(HostRange),
}

/// One finding, before the runner applies configuration and suppressions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Where.
    pub target: Target,
    /// What is wrong, in one line.
    pub message: String,
    /// How to fix it, in one line.
    pub help: Option<String>,
    /// Further context.
    pub note: Option<String>,
    /// A severity other than the rule's, for a finding the rule is less (or more) sure of; the
    /// configuration file still overrides it.
    pub severity: Option<Severity>,
}

/// The findings of one rule run.
#[derive(Debug, Default)]
pub struct Findings {
    found: Vec<Finding>,
}

impl Findings {
    /// Reports a finding at a template byte range; chain `.help(..)` and `.note(..)` to add to it.
    pub fn at_template(
        &mut self,
        start: usize,
        end: usize,
        message: impl Into<String>,
    ) -> Report<'_> {
        self.report(Target::Template(start, end), message)
    }

    /// Reports a finding at a host-file byte range.
    pub fn at_host(&mut self, range: HostRange, message: impl Into<String>) -> Report<'_> {
        self.report(Target::Host(range), message)
    }

    fn report(&mut self, target: Target, message: impl Into<String>) -> Report<'_> {
        Report {
            sink: &mut self.found,
            finding: Some(Finding {
                target,
                message: message.into(),
                help: None,
                note: None,
                severity: None,
            }),
        }
    }

    /// Everything reported so far.
    pub fn into_vec(self) -> Vec<Finding> {
        self.found
    }
}

impl From<Vec<Finding>> for Findings {
    fn from(found: Vec<Finding>) -> Findings {
        Findings { found }
    }
}

/// A finding being reported; it is recorded when dropped, at the end of the statement.
pub struct Report<'a> {
    sink: &'a mut Vec<Finding>,
    finding: Option<Finding>,
}

impl Report<'_> {
    /// Adds the fix.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        if let Some(finding) = &mut self.finding {
            finding.help = Some(help.into());
        }
        self
    }

    /// Adds context.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        if let Some(finding) = &mut self.finding {
            finding.note = Some(note.into());
        }
        self
    }
}

impl Report<'_> {
    /// Reports this finding at `severity` instead of the rule's default.
    pub fn severity(mut self, severity: Severity) -> Self {
        if let Some(finding) = &mut self.finding {
            finding.severity = Some(severity);
        }
        self
    }
}

impl Drop for Report<'_> {
    fn drop(&mut self) {
        if let Some(finding) = self.finding.take() {
            self.sink.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_is_recorded_with_its_help_and_note() {
        let mut findings = Findings::default();
        findings
            .at_template(1, 3, "wrong")
            .help("fix it")
            .note("context");
        findings.at_host(HostRange { start: 0, end: 1 }, "also wrong");
        let found = findings.into_vec();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].help.as_deref(), Some("fix it"));
        assert_eq!(found[0].note.as_deref(), Some("context"));
        assert_eq!(
            found[1].target,
            Target::Host(HostRange { start: 0, end: 1 })
        );
    }
}
