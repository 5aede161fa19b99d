//! VTL042: a `${...}` reference inside a CloudFormation `Fn::Sub` string or a Terraform string that
//! the host substitutes (or fails on) before API Gateway ever sees the template.

use crate::lint::diagnostic::Severity;
use crate::lint::rule::{Check, Findings, Rule, TemplateContext};
use crate::lint::source::{EmbeddedTemplate, Substitution};

/// ## What it does
/// Finds `${name}` in templates written inside CloudFormation `Fn::Sub` / `!Sub` or inside a
/// Terraform string, heredoc or `templatefile()`, where `name` is a template variable
/// (`input`, `context`, `util`, `stageVariables`, or, under `Fn::Sub`, any name that is not a
/// Sub variable, a pseudo parameter or a capitalised logical id).
///
/// ## Why is this bad?
/// The host rewrites `${...}` before deploying: CloudFormation refuses the stack (or replaces
/// the reference with a resource attribute) and Terraform evaluates it as its own expression, so
/// API Gateway never receives `${input.body}`. VTL's braces are optional, or can be escaped for
/// the host.
///
/// ## Example
/// ```yaml
/// RequestTemplates:
///   application/json: !Sub '{"body": ${input.body}, "queue": "${QueueName}"}'
/// ```
/// Use instead:
/// ```yaml
/// RequestTemplates:
///   application/json: !Sub '{"body": ${!input.body}, "queue": "${QueueName}"}'
/// ```
/// In Terraform, write `$${input.body}` (or `$input.body`).
pub const RULE: Rule = Rule {
    code: "VTL042",
    name: "host-substitutes-dollar-brace",
    severity: Severity::Error,
    summary: "`${...}` in a CloudFormation Sub or Terraform string is replaced by the host before API Gateway sees it",
    check: Check::Template(check),
};

/// The variables API Gateway gives templates: a `${...}` reference starting with one of these is
/// meant for the template, never for the host.
const TEMPLATE_ROOTS: &[&str] = &["input", "context", "util", "stageVariables"];

fn check(context: &TemplateContext<'_>, findings: &mut Findings) {
    let template = context.template;
    let text = template.text.as_str();
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find("${")) {
        let start = from + found;
        from = start + 2;
        let Some(close) = text.get(start..).and_then(|rest| rest.find('}')) else {
            break;
        };
        let end = start + close + 1;
        let inner = text.get(start + 2..end - 1).unwrap_or_default();
        match &template.substitution {
            Substitution::CloudFormationSub { variables } => {
                if escaped_for_sub(template, start) || !sub_would_replace(inner, variables) {
                    continue;
                }
                findings
                    .at_template(
                        start,
                        end,
                        format!("Fn::Sub replaces `${{{inner}}}` before API Gateway sees the template"),
                    )
                    .help(format!(
                        "write `${{!{inner}}}` to keep it for the template, or drop the braces: `${inner}`"
                    ))
                    .note("CloudFormation fails the deploy when the name is not a parameter, resource or Sub variable");
            }
            Substitution::Terraform => {
                if escaped_for_terraform(template, start) || !names_template_variable(inner) {
                    continue;
                }
                findings
                    .at_template(
                        start,
                        end,
                        format!("Terraform interpolates `${{{inner}}}` before API Gateway sees the template"),
                    )
                    .help(format!(
                        "write `$${{{inner}}}` to keep it for the template, or drop the braces: `${inner}`"
                    ));
            }
            Substitution::None => return,
        }
        from = end;
    }
}

/// `${!Name}` in the host: the template's `${` came from an escaped reference.
fn escaped_for_sub(template: &EmbeddedTemplate, start: usize) -> bool {
    let brace = template.offsets.host_offset(start + 1);
    template.host.text.as_bytes().get(brace + 1) == Some(&b'!')
}

/// `$${` in the host: the template's `${` came from Terraform's escape.
fn escaped_for_terraform(template: &EmbeddedTemplate, start: usize) -> bool {
    let dollar = template.offsets.host_offset(start);
    template
        .host
        .text
        .get(dollar..)
        .is_some_and(|rest| rest.starts_with("$${"))
}

/// Whether `Fn::Sub` would treat `${inner}` as a reference the author meant for the template.
fn sub_would_replace(inner: &str, variables: &[String]) -> bool {
    let name = inner.trim();
    if variables.iter().any(|v| v == name) || name.starts_with("AWS::") {
        return false;
    }
    // Logical ids and parameters are capitalised by convention; template variables are not.
    names_template_variable(name)
        || name.starts_with(|c: char| c.is_ascii_lowercase())
        || name.contains(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
}

fn names_template_variable(inner: &str) -> bool {
    let root = inner
        .trim()
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .next()
        .unwrap_or_default();
    TEMPLATE_ROOTS.contains(&root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_names_that_are_meant_for_the_host() {
        assert!(!sub_would_replace("QueueName", &[]));
        assert!(!sub_would_replace("Table.Arn", &[]));
        assert!(!sub_would_replace("AWS::Region", &[]));
        assert!(!sub_would_replace("table", &["table".to_owned()]));
        assert!(sub_would_replace("input.body", &[]));
        assert!(sub_would_replace("input.json('$')", &[]));
        assert!(sub_would_replace("item", &[]));
    }

    #[test]
    fn terraform_names_that_are_template_variables() {
        assert!(names_template_variable("input.path('$.a')"));
        assert!(names_template_variable(" context.requestId "));
        assert!(!names_template_variable("var.stage"));
        assert!(!names_template_variable("aws_sqs_queue.q.url"));
    }
}
