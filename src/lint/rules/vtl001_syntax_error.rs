//! VTL001 `syntax-error`: the template does not parse, so API Gateway rejects it when the
//! integration is saved (or fails every request); reported with the parser's message and position.

use crate::lint::diagnostic::Severity;
use crate::lint::rule::{Check, Findings, Rule, TemplateContext};

/// ## What it does
/// Parses the template as Velocity 1.7 does and reports the first syntax error: a `#if`,
/// `#foreach` or `#macro` without its `#end`, an `#end` too many, an unclosed `(` or string, a
/// malformed reference.
///
/// ## Why is this bad?
/// A template that does not parse never renders: API Gateway answers every request with a 500
/// (or refuses the deployment), whatever the input.
///
/// ## Example
/// ```vtl
/// #if($input.params('debug') == "true")
/// {"debug": true}
/// ```
/// Use instead:
/// ```vtl
/// #if($input.params('debug') == "true")
/// {"debug": true}
/// #end
/// ```
pub const RULE: Rule = Rule {
    code: "VTL001",
    name: "syntax-error",
    severity: Severity::Error,
    summary: "the template does not parse (unbalanced `#if`/`#end`, bad reference, unclosed string...)",
    check: Check::Template(check),
};

fn check(context: &TemplateContext<'_>, findings: &mut Findings) {
    let Err(error) = context.parsed else {
        return;
    };
    let (start, end) = error
        .span()
        .map_or((0, 0), |span| (span.start as usize, span.end as usize));
    let report = findings.at_template(start, end, error.message());
    if let Some(help) = error.help() {
        drop(report.help(help));
    }
}
