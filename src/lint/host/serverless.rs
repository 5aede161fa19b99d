//! Serverless Framework `serverless.yml`: the `http` events of each function, with their request
//! and response templates, `statusCodes` patterns, `integration` and `request.passThrough`.

use crate::lint::host::yaml::{Node, NodeKind};
use crate::lint::host::{Document, Intrinsics};
use crate::lint::source::{
    EmbeddedTemplate, Integration, IntegrationResponse, Located, OffsetMap, Substitution,
    TemplateRole,
};

/// The content type of `response.template` and of a `statusCodes.<code>.template` string: the
/// framework writes them as the `application/json` response template.
const DEFAULT_CONTENT_TYPE: &str = "application/json";

/// Reads every `http` event of every function.
pub(crate) fn read(document: &mut Document, root: &Node) {
    let Some(functions) = root.get("functions") else {
        return;
    };
    for (name, function) in functions.entries() {
        let Some(name) = name.as_str() else {
            continue;
        };
        let events = function.get("events").map(Node::items).unwrap_or_default();
        for (i, event) in events.iter().enumerate() {
            let Some(http) = event.get("http") else {
                continue;
            };
            if !http.is_mapping() {
                // The `GET /path` shorthand declares a proxy integration without templates.
                continue;
            }
            let here = format!("functions.{name}.events[{i}].http");
            read_event(document, http, &here);
        }
    }
}

fn read_event(document: &mut Document, http: &Node, here: &str) {
    let method = http.get("method").and_then(Node::as_str).unwrap_or("ANY");
    let path = http.get("path").and_then(Node::as_str).unwrap_or("");
    let path = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    };
    let request = http.get("request");
    let response = http.get("response");
    let request_templates = request.and_then(|r| r.get("template"));
    let mut integration = Integration {
        name: format!("{} {path}", method.to_ascii_uppercase()),
        range: Some(document.value_range(http)),
        integration_type: http
            .get("integration")
            .and_then(|n| document.located(n))
            .map(|located| Located {
                value: integration_type(&located.value),
                range: located.range,
            }),
        passthrough_behavior: request
            .and_then(|r| r.get("passThrough"))
            .and_then(|n| document.located(n)),
        ..Integration::default()
    };
    if let Some(templates) = request_templates {
        integration.request_template_content_types = document.content_types(templates);
    }
    let default_template = response.and_then(|r| r.get("template"));
    let status_codes = response
        .and_then(|r| r.get("statusCodes"))
        .map(Node::entries)
        .unwrap_or_default();
    for (code, settings) in status_codes {
        let mut entry = IntegrationResponse {
            key: document.located(code),
            selection_pattern: settings.get("pattern").and_then(|n| document.located(n)),
            status_code: document.located(code),
            ..IntegrationResponse::default()
        };
        if let Some(template) = settings.get("template") {
            entry.template_content_types = content_types(document, template);
        } else if let Some(template) = default_template {
            entry.template_content_types = content_types(document, template);
        }
        integration.responses.push(entry);
    }
    let index = document.add_integration(integration);

    if let Some(templates) = request_templates {
        let location = format!("{here}.request.template");
        for (key, template) in document.template_entries(templates, &location) {
            let Some(content_type) = key.as_str() else {
                continue;
            };
            add_template(
                document,
                template,
                format!("{location}.{content_type}"),
                TemplateRole::Request {
                    content_type: content_type.to_owned(),
                },
                index,
            );
        }
    }
    if let Some(template) = default_template {
        add_response_templates(
            document,
            template,
            &format!("{here}.response.template"),
            None,
            index,
        );
    }
    for (code, settings) in status_codes {
        let Some(template) = settings.get("template") else {
            continue;
        };
        let code = code.as_str().unwrap_or_default();
        add_response_templates(
            document,
            template,
            &format!("{here}.response.statusCodes.{code}.template"),
            Some(code.to_owned()),
            index,
        );
    }
}

/// A response template is a string (for `application/json`) or a map of content type to string.
fn add_response_templates(
    document: &mut Document,
    template: &Node,
    here: &str,
    status: Option<String>,
    index: usize,
) {
    if let NodeKind::Mapping(entries) = &template.kind {
        for (content_type, template) in entries {
            let Some(content_type) = content_type.as_str() else {
                continue;
            };
            add_template(
                document,
                template,
                format!("{here}.{content_type}"),
                TemplateRole::Response {
                    status: status.clone(),
                    content_type: content_type.to_owned(),
                },
                index,
            );
        }
    } else {
        add_template(
            document,
            template,
            here.to_owned(),
            TemplateRole::Response {
                status,
                content_type: DEFAULT_CONTENT_TYPE.to_owned(),
            },
            index,
        );
    }
}

fn content_types(document: &Document, template: &Node) -> Vec<Located<String>> {
    match &template.kind {
        NodeKind::Mapping(entries) => entries
            .iter()
            .filter_map(|(key, _)| document.located(key))
            .collect(),
        _ => vec![Located {
            value: DEFAULT_CONTENT_TYPE.to_owned(),
            range: document.value_range(template),
        }],
    }
}

/// The API Gateway integration type behind the framework's `integration` names.
fn integration_type(written: &str) -> String {
    match written.to_ascii_lowercase().replace('_', "-").as_str() {
        "lambda" | "aws" => "AWS".to_owned(),
        "lambda-proxy" | "aws-proxy" => "AWS_PROXY".to_owned(),
        "http" => "HTTP".to_owned(),
        "http-proxy" => "HTTP_PROXY".to_owned(),
        "mock" => "MOCK".to_owned(),
        _ => written.to_ascii_uppercase(),
    }
}

/// Adds a template written inline, or named by the framework's `${file(path)}` variable (read
/// from the folder of `serverless.yml`); other variables are resolved only at deploy time.
fn add_template(
    document: &mut Document,
    template: &Node,
    location: String,
    role: TemplateRole,
    index: usize,
) {
    let Some(variable) = template
        .as_str()
        .map(str::trim)
        .and_then(|v| v.strip_prefix("${"))
        .and_then(|v| v.strip_suffix('}'))
        .filter(|v| !v.contains("${"))
    else {
        document.add_yaml_template(template, location, role, Some(index), Intrinsics::None);
        return;
    };
    let range = document.value_range(template);
    let path = variable
        .trim()
        .strip_prefix("file(")
        .and_then(|v| v.strip_suffix(')'))
        .map(|p| p.trim().trim_matches(|c| c == '\'' || c == '"'));
    let Some(path) = path else {
        document.skip(
            range,
            format!("{location}: `${{{variable}}}` is resolved by the Serverless Framework at deploy time"),
        );
        return;
    };
    match document.read_beside(path) {
        Ok(file) => document.templates.push(EmbeddedTemplate {
            text: file.text.clone(),
            host: file,
            offsets: OffsetMap::identity(),
            location,
            role,
            substitution: Substitution::None,
            integration: Some(index),
        }),
        Err(reason) => document.skip(range, format!("{location}: {reason}")),
    }
}
