//! VTL041: request content types that no template covers, given the integration's
//! `passthroughBehavior`: bodies that reach the backend untransformed, or requests answered 415.

use crate::lint::diagnostic::Severity;
use crate::lint::rule::{Check, Findings, Rule};
use crate::lint::source::{HostDocument, HostFormat, HostRange, Integration};

/// ## What it does
/// Compares each non-proxy integration's request templates with its `passthroughBehavior`
/// (`WHEN_NO_MATCH` when not set, except in `serverless.yml`, whose framework picks its own).
///
/// ## Why is this bad?
/// API Gateway picks the request template by the request's `Content-Type`:
/// - with `WHEN_NO_MATCH`, a request of any other content type skips the template and its body
///   reaches the backend untransformed and unvalidated (a client sending `text/plain` bypasses
///   the mapping);
/// - with `NEVER` or `WHEN_NO_TEMPLATES`, a request whose type has no template gets
///   `415 Unsupported Media Type`; requests without a `Content-Type` count as
///   `application/json`, so templates that leave out `application/json` refuse them;
/// - with `NEVER` and no template at all, every request gets 415.
///
/// ## Example
/// ```yaml
/// x-amazon-apigateway-integration:
///   type: aws
///   requestTemplates:
///     application/json: '{"TableName": "pets", "Item": $input.json("$")}'
///   # passthroughBehavior not set: WHEN_NO_MATCH
/// ```
/// Use instead:
/// ```yaml
/// x-amazon-apigateway-integration:
///   type: aws
///   passthroughBehavior: when_no_templates
///   requestTemplates:
///     application/json: '{"TableName": "pets", "Item": $input.json("$")}'
/// ```
pub const RULE: Rule = Rule {
    code: "VTL041",
    name: "passthrough-content-type-gap",
    severity: Severity::Warning,
    summary: "passthroughBehavior lets other content types bypass the request templates, or answers 415 for requests without a matching template",
    check: Check::Document(check),
};

/// The content type API Gateway assumes when a request has no `Content-Type` header.
const DEFAULT_CONTENT_TYPE: &str = "application/json";

fn check(document: &HostDocument, findings: &mut Findings) {
    for integration in &document.integrations {
        check_integration(document, integration, findings);
    }
}

fn check_integration(document: &HostDocument, integration: &Integration, findings: &mut Findings) {
    let kind = integration
        .integration_type
        .as_ref()
        .map(|t| t.value.to_ascii_uppercase());
    if kind.as_deref().is_some_and(|k| k.ends_with("_PROXY")) {
        // Proxy integrations pass the request through whole: templates do not apply.
        return;
    }
    let templates: Vec<&str> = integration
        .request_template_content_types
        .iter()
        .map(|t| t.value.as_str())
        .collect();
    let declared = integration
        .passthrough_behavior
        .as_ref()
        .map(|p| p.value.to_ascii_uppercase());
    let behavior = match declared.as_deref() {
        Some(behavior) => behavior,
        // The Serverless Framework sets its own default; elsewhere API Gateway's applies.
        None if document.format == HostFormat::Serverless => return,
        None => "WHEN_NO_MATCH",
    };
    let at = where_to_point(integration);
    let listed = templates
        .iter()
        .map(|t| format!("`{t}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let setting = setting_name(document.format, integration);
    match behavior {
        "WHEN_NO_MATCH" if !templates.is_empty() => {
            let default = if declared.is_none() {
                ", the default"
            } else {
                ""
            };
            findings
                .at_host(
                    at,
                    format!(
                        "{}: requests with a Content-Type other than {listed} skip the template and reach the backend untransformed ({setting} is WHEN_NO_MATCH{default})",
                        integration.name
                    ),
                )
                .help(format!(
                    "set {setting} to WHEN_NO_TEMPLATES (or NEVER) so API Gateway answers 415 for content types without a template"
                ));
        }
        "NEVER" | "WHEN_NO_TEMPLATES"
            if !templates.is_empty()
                && !templates
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case(DEFAULT_CONTENT_TYPE)) =>
        {
            findings
                .at_host(
                    at,
                    format!(
                        "{}: requests without a Content-Type count as application/json, which has no template: API Gateway answers 415 ({setting} is {behavior})",
                        integration.name
                    ),
                )
                .help("add an application/json request template, or make sure every client sends one of the templated content types")
                .note(format!("templates exist for {listed}"));
        }
        "NEVER" if templates.is_empty() => {
            findings
                .at_host(
                    at,
                    format!(
                        "{}: {setting} NEVER without any request template: API Gateway answers 415 to every request",
                        integration.name
                    ),
                )
                .help(format!(
                    "add a request template for each content type clients send, or set {setting} to WHEN_NO_TEMPLATES"
                ));
        }
        _ => {}
    }
}

/// The setting, as the host format spells it.
fn setting_name(format: HostFormat, integration: &Integration) -> &'static str {
    match format {
        // A method resource is named by its logical id; an OpenAPI body inside a stack by `GET /x`.
        HostFormat::CloudFormation if !integration.name.contains(' ') => "PassthroughBehavior",
        HostFormat::CloudFormation => "passthroughBehavior",
        HostFormat::Terraform => "passthrough_behavior",
        HostFormat::Serverless => "request.passThrough",
        HostFormat::OpenApi | HostFormat::Template => "passthroughBehavior",
    }
}

fn where_to_point(integration: &Integration) -> HostRange {
    integration
        .passthrough_behavior
        .as_ref()
        .map(|p| p.range)
        .or_else(|| {
            integration
                .request_template_content_types
                .first()
                .map(|t| t.range)
        })
        .or(integration.range)
        .unwrap_or(HostRange { start: 0, end: 0 })
}
