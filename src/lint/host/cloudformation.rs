//! CloudFormation and SAM stacks (YAML with short-form `!Tags` or JSON, `cdk synth` output too):
//! `AWS::ApiGateway::Method` integrations, and OpenAPI bodies of `AWS::Serverless::Api` and
//! `AWS::ApiGateway::RestApi`.

use crate::lint::host::yaml::{Node, NodeKind};
use crate::lint::host::{openapi, template_map, Document, Intrinsics};
use crate::lint::source::{Integration, IntegrationResponse, TemplateRole};

/// Reads every resource of the stack at `root`.
pub(crate) fn read(document: &mut Document, root: &Node) {
    let Some(resources) = root.get("Resources") else {
        return;
    };
    for (id, resource) in resources.entries() {
        let Some(id) = id.as_str() else {
            continue;
        };
        let kind = resource.get("Type").and_then(Node::as_str).unwrap_or("");
        let Some(properties) = resource.get("Properties") else {
            continue;
        };
        let here = format!("Resources.{id}.Properties");
        match kind {
            "AWS::ApiGateway::Method" => {
                if let Some(integration) = properties.get("Integration") {
                    read_method(document, id, integration, &format!("{here}.Integration"));
                }
            }
            "AWS::Serverless::Api" => {
                if let Some(body) = properties.get("DefinitionBody") {
                    openapi::read(document, body, &format!("{here}.DefinitionBody."), true);
                }
            }
            "AWS::ApiGateway::RestApi" => {
                if let Some(body) = properties.get("Body") {
                    openapi::read(document, body, &format!("{here}.Body."), true);
                }
            }
            _ => {}
        }
    }
}

fn read_method(document: &mut Document, id: &str, spec: &Node, here: &str) {
    let mut integration = Integration {
        name: id.to_owned(),
        range: Some(document.value_range(spec)),
        integration_type: spec.get("Type").and_then(|n| document.located(n)),
        passthrough_behavior: spec
            .get("PassthroughBehavior")
            .and_then(|n| document.located(n)),
        ..Integration::default()
    };
    if let Some(templates) = spec.get("RequestTemplates") {
        for (key, _) in template_map(templates) {
            integration
                .request_template_content_types
                .extend(document.located(key));
        }
    }
    let responses = spec
        .get("IntegrationResponses")
        .map(Node::items)
        .unwrap_or_default();
    for response in responses {
        let mut entry = IntegrationResponse {
            selection_pattern: response
                .get("SelectionPattern")
                .and_then(|n| document.located(n)),
            status_code: response.get("StatusCode").and_then(|n| document.located(n)),
            ..IntegrationResponse::default()
        };
        if let Some(templates) = response.get("ResponseTemplates") {
            for (content_type, _) in template_map(templates) {
                entry
                    .template_content_types
                    .extend(document.located(content_type));
            }
        }
        integration.responses.push(entry);
    }
    let index = document.add_integration(integration);

    if let Some(templates) = spec.get("RequestTemplates") {
        let location = format!("{here}.RequestTemplates");
        for (key, template) in document.template_entries(templates, &location) {
            let Some(content_type) = key.as_str() else {
                continue;
            };
            document.add_yaml_template(
                template,
                format!("{location}.{content_type}"),
                TemplateRole::Request {
                    content_type: content_type.to_owned(),
                },
                Some(index),
                Intrinsics::CloudFormation,
            );
        }
    }
    for (i, response) in responses.iter().enumerate() {
        let status = response
            .get("StatusCode")
            .and_then(Node::as_str)
            .map(str::to_owned);
        let Some(templates) = response.get("ResponseTemplates") else {
            continue;
        };
        let location = format!("{here}.IntegrationResponses[{i}].ResponseTemplates");
        for (content_type, template) in document.template_entries(templates, &location) {
            let Some(content_type) = content_type.as_str() else {
                continue;
            };
            document.add_yaml_template(
                template,
                format!("{location}.{content_type}"),
                TemplateRole::Response {
                    status: status.clone(),
                    content_type: content_type.to_owned(),
                },
                Some(index),
                Intrinsics::CloudFormation,
            );
        }
    }
}

/// The CloudFormation function a node calls, in long form (`Fn::Sub`, `Ref`), with its argument:
/// a short-form tag (`!Sub x`: the node itself) or a one-key mapping (`{"Fn::Sub": x}`).
pub(crate) fn intrinsic(node: &Node) -> Option<(String, &Node)> {
    if let Some(tag) = node.tag.as_deref() {
        let name = tag.strip_prefix('!').filter(|n| !n.starts_with('!'))?;
        let function = match name {
            "Ref" | "Condition" => name.to_owned(),
            _ => format!("Fn::{name}"),
        };
        return Some((function, node));
    }
    match &node.kind {
        NodeKind::Mapping(entries) => match entries.as_slice() {
            [(key, value)] => {
                let key = key.as_str()?;
                (key == "Ref" || key.starts_with("Fn::")).then(|| (key.to_owned(), value))
            }
            _ => None,
        },
        _ => None,
    }
}
