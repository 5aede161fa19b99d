//! VTL002 `unavailable-directive`: `#include` and `#parse` need a resource loader API Gateway
//! does not have; `#evaluate` is reported unusable by users and is not documented by AWS.

use crate::lint::diagnostic::Severity;
use crate::lint::rule::{Check, Findings, Rule, TemplateContext};
use crate::lint::walk::{walk, Scope, Visitor};
use crate::syntax::ast::Node;

/// ## What it does
/// Reports `#include(...)` and `#parse(...)` (errors) and `#evaluate(...)` (a warning).
///
/// ## Why is this bad?
/// API Gateway renders each template on its own: there is no resource loader, so `#include` and
/// `#parse` fail the request. `#evaluate` is not in AWS's documentation and users report it
/// unusable (a third-party report; AWS makes no statement either way), so a template
/// that relies on it may break without notice.
///
/// ## Example
/// ```vtl
/// #parse("common/header.vtl")
/// {"id": "$input.params('id')"}
/// ```
/// Use instead (inline the shared part, or define a macro in the same template):
/// ```vtl
/// #macro(header)"source": "api"#end
/// {#header(), "id": "$input.params('id')"}
/// ```
pub const RULE: Rule = Rule {
    code: "VTL002",
    name: "unavailable-directive",
    severity: Severity::Error,
    summary: "`#include`/`#parse` (no resource loader on API Gateway); `#evaluate` (undocumented, warning)",
    check: Check::Template(check),
};

fn check(context: &TemplateContext<'_>, findings: &mut Findings) {
    let Ok(body) = context.parsed else {
        return;
    };
    let mut directives = Directives { findings };
    walk(body, &mut directives);
}

struct Directives<'f> {
    findings: &'f mut Findings,
}

impl<'a> Visitor<'a> for Directives<'_> {
    fn node(&mut self, node: &'a Node, _scope: &Scope<'a>) {
        match node {
            Node::Unsupported(directive) => {
                let span = directive.span;
                self.findings
                    .at_template(
                        span.start as usize,
                        span.end as usize,
                        format!(
                            "`#{}` is not available on API Gateway: there is no resource loader, the request fails",
                            directive.name
                        ),
                    )
                    .help("inline the shared text, or write it as a `#macro` in this template");
            }
            Node::Evaluate(evaluate) => {
                let span = evaluate.span;
                self.findings
                    .at_template(
                        span.start as usize,
                        span.end as usize,
                        "`#evaluate` is not documented by AWS for mapping templates and is reported not to work",
                    )
                    .help("build the output with `#set`, `#if` and `#foreach` instead of evaluating text")
                    .severity(Severity::Warning);
            }
            _ => {}
        }
    }
}
