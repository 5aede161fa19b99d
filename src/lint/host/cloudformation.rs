//! CloudFormation and SAM stacks (YAML with short-form `!Tags` or JSON, `cdk synth` output too):
//! `AWS::ApiGateway::Method` integrations, and OpenAPI bodies of `AWS::Serverless::Api` and
//! `AWS::ApiGateway::RestApi`.

use crate::lint::host::scalar::{self, MapBuilder};
use crate::lint::host::yaml::{Node, NodeKind};
use crate::lint::host::{openapi, plain_string, Document, Intrinsics};
use crate::lint::source::{
    Integration, IntegrationResponse, OffsetMap, Substitution, TemplateRole,
};

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
        integration.request_template_content_types = document.content_types(templates);
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
            entry.template_content_types = document.content_types(templates);
        }
        integration.responses.push(entry);
    }
    let index = document.add_integration(integration);

    if let Some(templates) = spec.get("RequestTemplates") {
        document.add_template_map(
            templates,
            &format!("{here}.RequestTemplates"),
            |content_type| TemplateRole::Request {
                content_type: content_type.to_owned(),
            },
            Some(index),
            Intrinsics::CloudFormation,
        );
    }
    for (i, response) in responses.iter().enumerate() {
        let status = response
            .get("StatusCode")
            .and_then(Node::as_str)
            .map(str::to_owned);
        let Some(templates) = response.get("ResponseTemplates") else {
            continue;
        };
        document.add_template_map(
            templates,
            &format!("{here}.IntegrationResponses[{i}].ResponseTemplates"),
            |content_type| TemplateRole::Response {
                status: status.clone(),
                content_type: content_type.to_owned(),
            },
            Some(index),
            Intrinsics::CloudFormation,
        );
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

/// The text of a template written as a CloudFormation function: `Fn::Sub` of a string (its
/// `${!Name}` escapes undone) or `Fn::Join` of strings; other functions are known only at deploy
/// time.
pub(crate) fn function_text(
    host: &str,
    node: &Node,
) -> Result<(String, OffsetMap, Substitution), String> {
    let Some((function, argument)) = intrinsic(node) else {
        return Err("not a string".to_owned());
    };
    match function.as_str() {
        "Fn::Sub" => {
            let (string, variables) = match &argument.kind {
                NodeKind::Scalar { .. } => (argument, Vec::new()),
                NodeKind::Sequence(items) => {
                    let string = items
                        .first()
                        .ok_or_else(|| "Fn::Sub without a string".to_owned())?;
                    let variables = items
                        .get(1)
                        .map(|vars| {
                            vars.entries()
                                .iter()
                                .filter_map(|(k, _)| k.as_str().map(str::to_owned))
                                .collect()
                        })
                        .unwrap_or_default();
                    (string, variables)
                }
                NodeKind::Mapping(_) => return Err("Fn::Sub of a mapping".to_owned()),
            };
            // In the short form `!Sub "..."` the string is the tagged node itself.
            let short_form =
                std::ptr::eq(string, node) && matches!(string.kind, NodeKind::Scalar { .. });
            if !plain_string(string) && !short_form {
                return Err("Fn::Sub of a value that is not a string".to_owned());
            }
            let mut builder = MapBuilder::default();
            scalar::align_node(host, string, 0, &mut builder);
            let offsets = builder.finish(string.range.start);
            let (text, offsets) = undo_sub_escapes(string.as_str().unwrap_or_default(), &offsets);
            Ok((text, offsets, Substitution::CloudFormationSub { variables }))
        }
        "Fn::Join" => {
            let (Some(delimiter), Some(parts)) =
                (argument.items().first(), argument.items().get(1))
            else {
                return Err("Fn::Join without a delimiter and a list".to_owned());
            };
            if !plain_string(delimiter) {
                return Err("Fn::Join with a delimiter that is not a string".to_owned());
            }
            let mut text = String::new();
            let mut builder = MapBuilder::default();
            for (i, part) in parts.items().iter().enumerate() {
                if i > 0 {
                    scalar::align_node(host, delimiter, text.len(), &mut builder);
                    text.push_str(delimiter.as_str().unwrap_or_default());
                }
                if !plain_string(part) {
                    return Err(format!(
                        "Fn::Join part {} is known only at deploy time",
                        i + 1
                    ));
                }
                scalar::align_node(host, part, text.len(), &mut builder);
                text.push_str(part.as_str().unwrap_or_default());
            }
            Ok((
                text,
                builder.finish(argument.range.start),
                Substitution::None,
            ))
        }
        other => Err(format!("{other} is known only at deploy time")),
    }
}

/// `${!Name}` in `Fn::Sub` reaches API Gateway as `${Name}`: drops each such `!`, keeping the
/// host offsets of the bytes around it.
fn undo_sub_escapes(text: &str, offsets: &OffsetMap) -> (String, OffsetMap) {
    let mut out = String::with_capacity(text.len());
    let mut builder = MapBuilder::default();
    for (i, c) in text.char_indices() {
        if c == '!' && text.get(..i).is_some_and(|before| before.ends_with("${")) {
            continue;
        }
        builder.map(out.len(), offsets.host_offset(i), c.len_utf8());
        out.push(c);
    }
    (out, builder.finish(offsets.host_offset(0)))
}
