//! VTL043: a mapping template larger than API Gateway's 300 KB quota, which the deploy refuses.

use crate::gateway::MAX_TEMPLATE_BYTES;
use crate::lint::diagnostic::Severity;
use crate::lint::rule::{Check, Findings, Rule, TemplateContext};

/// ## What it does
/// Measures each template as API Gateway receives it (host escapes and indentation removed).
///
/// ## Why is this bad?
/// API Gateway's quotas cap a mapping template at 300 KB; a larger one is refused when the API
/// is deployed, long after it rendered fine offline.
///
/// ## Example
/// A request template that inlines a 400 KB lookup table as a `#set($table = {...})` literal.
/// Use instead: keep the table in the backend (or a stage variable) and send only the key.
pub const RULE: Rule = Rule {
    code: "VTL043",
    name: "template-over-quota",
    severity: Severity::Error,
    summary: "template is larger than API Gateway's 300 KB mapping template quota",
    check: Check::Template(check),
};

fn check(context: &TemplateContext<'_>, findings: &mut Findings) {
    let size = context.template.text.len();
    if size <= MAX_TEMPLATE_BYTES {
        return;
    }
    // Underline the first line only: the whole template would bury the message.
    let first_line_end = context.template.text.find('\n').unwrap_or(size);
    findings
        .at_template(
            0,
            first_line_end,
            format!(
                "the template has {size} bytes; API Gateway refuses mapping templates over {} KB ({MAX_TEMPLATE_BYTES} bytes)",
                MAX_TEMPLATE_BYTES / 1024
            ),
        )
        .help("move data out of the template (into the backend or stage variables) or split the work across integrations");
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::lint::rule::Target;
    use crate::lint::source::{EmbeddedTemplate, SourceFile};

    fn findings_for(text: String) -> Vec<crate::lint::rule::Finding> {
        let template = EmbeddedTemplate::whole_file(Arc::new(SourceFile::new("t.vtl", text)));
        let error = crate::Error::new(crate::ErrorKind::Syntax, "not parsed in this test");
        let context = TemplateContext::new(&template, Err(&error), None);
        let mut findings = Findings::default();
        check(&context, &mut findings);
        findings.into_vec()
    }

    #[test]
    fn exactly_at_the_quota_is_accepted() {
        assert!(findings_for("a".repeat(MAX_TEMPLATE_BYTES)).is_empty());
    }

    #[test]
    fn one_byte_over_is_reported_on_the_first_line() {
        let text = format!("#set($a = 1)\n{}", "a".repeat(MAX_TEMPLATE_BYTES));
        let found = findings_for(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].target, Target::Template(0, 12));
        assert!(found[0].message.contains("307213 bytes"));
    }
}
