//! VTL014 `invalid-override-status`: `$context.responseOverride.status` set to a literal that is
//! not an integer HTTP status from 100 to 599.

use crate::lint::diagnostic::Severity;
use crate::lint::refs::{members, string_literal};
use crate::lint::rule::{Check, Findings, Rule, TemplateContext};
use crate::lint::walk::{walk, Scope, Visitor};
use crate::syntax::ast::{ExprKind, Node, NumberLiteral};

/// ## What it does
/// Checks the literal values written to `$context.responseOverride.status`.
///
/// ## Why is this bad?
/// API Gateway applies the override only when it is an HTTP status from 100 to 599; anything else
/// is dropped and the client gets the integration response's status instead of the one the template
/// chose (the 4XX the error branch meant to send arrives as a 200).
///
/// ## Example
/// ```vtl
/// #set($context.responseOverride.status = 4000)
/// ```
/// Use instead:
/// ```vtl
/// #set($context.responseOverride.status = 400)
/// ```
pub const RULE: Rule = Rule {
    code: "VTL014",
    name: "invalid-override-status",
    severity: Severity::Error,
    summary: "`$context.responseOverride.status` set to a literal that is not a status from 100 to 599",
    check: Check::Template(check),
};

fn check(context: &TemplateContext<'_>, findings: &mut Findings) {
    let Ok(block) = context.parsed else { return };
    walk(block, &mut StatusOverrides { findings });
}

struct StatusOverrides<'f> {
    findings: &'f mut Findings,
}

impl<'a> Visitor<'a> for StatusOverrides<'_> {
    fn node(&mut self, node: &'a Node, _scope: &Scope<'a>) {
        let Node::Set(set) = node else { return };
        if &*set.target.root != "context" {
            return;
        }
        let path = members(&set.target);
        let names: Vec<&str> = path.iter().map(|m| &*m.name).collect();
        if names != ["responseOverride", "status"] || path.len() != set.target.parts.len() {
            return;
        }
        let value = &set.value;
        let valid = match &value.kind {
            ExprKind::Number(NumberLiteral::Integer(status)) => (100..=599).contains(status),
            ExprKind::Number(_) | ExprKind::Bool(_) | ExprKind::List(_) | ExprKind::Map(_) => false,
            // A quoted number is converted; other text cannot be.
            ExprKind::String(_) | ExprKind::Interpolated(_) => match string_literal(value) {
                Some(text) => text
                    .trim()
                    .parse::<i64>()
                    .is_ok_and(|status| (100..=599).contains(&status)),
                None => true,
            },
            _ => true,
        };
        if !valid {
            self.findings
                .at_template(
                    value.span.start as usize,
                    value.span.end as usize,
                    "the status override is not an integer HTTP status from 100 to 599; API Gateway does not apply it",
                )
                .help("set an integer status such as `400` or `404`");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing;

    #[test]
    fn statuses_outside_the_http_range_fire() {
        let text = "#set($context.responseOverride.status = 4000)\n\
            #set($context.responseOverride.status = 99)\n\
            #set($context.responseOverride.status = 400.0)\n\
            #set($context.responseOverride.status = 'Bad Request')\n\
            #set($context.responseOverride.status = true)";
        let lines: Vec<_> = testing::check(&RULE, text).iter().map(|f| f.0).collect();
        assert_eq!(lines, vec![1, 2, 3, 4, 5]);
    }

    #[test]
    fn statuses_in_range_and_computed_ones_do_not_fire() {
        let text = "#set($context.responseOverride.status = 444)\n\
            #set($context.responseOverride.status = \"404\")\n\
            #set($context.responseOverride.status = $code)\n\
            #set($context.responseOverride.header.status = 'x')\n\
            #set($status = 1000)";
        assert_eq!(testing::check(&RULE, text), vec![]);
    }
}
