//! OpenAPI 3 and Swagger 2 documents (JSON or YAML, alone or as a SAM `DefinitionBody` / RestApi
//! `Body`): each operation's `x-amazon-apigateway-integration` with its templates and responses.

use crate::lint::host::yaml::Node;
use crate::lint::host::{Document, Intrinsics};
use crate::lint::source::{Integration, IntegrationResponse, Located, TemplateRole};

/// The operation keys of a path item that API Gateway reads.
const METHODS: &[&str] = &[
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    "x-amazon-apigateway-any-method",
];

/// Reads the integrations of the OpenAPI document at `root`; `prefix` starts every location (the
/// path of the document inside a CloudFormation stack), `in_stack` allows CloudFormation functions.
pub(crate) fn read(document: &mut Document, root: &Node, prefix: &str, in_stack: bool) {
    let intrinsics = if in_stack {
        Intrinsics::CloudFormation
    } else {
        Intrinsics::None
    };
    let Some(paths) = root.get("paths") else {
        return;
    };
    for (path_key, path_item) in paths.entries() {
        let Some(path) = path_key.as_str() else {
            continue;
        };
        for (method_key, operation) in path_item.entries() {
            let Some(method) = method_key.as_str() else {
                continue;
            };
            if !METHODS.contains(&method.to_ascii_lowercase().as_str()) {
                continue;
            }
            let Some(spec) = operation.get("x-amazon-apigateway-integration") else {
                continue;
            };
            let verb = if method.eq_ignore_ascii_case("x-amazon-apigateway-any-method") {
                "ANY".to_owned()
            } else {
                method.to_ascii_uppercase()
            };
            let here = format!("{prefix}paths.{path}.{method}");
            read_integration(document, spec, format!("{verb} {path}"), &here, intrinsics);
        }
    }
}

fn read_integration(
    document: &mut Document,
    spec: &Node,
    name: String,
    here: &str,
    intrinsics: Intrinsics,
) {
    let upper = |located: Located<String>| Located {
        value: located.value.to_ascii_uppercase(),
        range: located.range,
    };
    let mut integration = Integration {
        name,
        range: Some(document.value_range(spec)),
        integration_type: spec
            .get("type")
            .and_then(|n| document.located(n))
            .map(upper),
        passthrough_behavior: spec
            .get("passthroughBehavior")
            .and_then(|n| document.located(n))
            .map(upper),
        ..Integration::default()
    };
    if let Some(templates) = spec.get("requestTemplates") {
        integration.request_template_content_types = document.content_types(templates);
    }
    if let Some(responses) = spec.get("responses") {
        for (key, response) in responses.entries() {
            let key = document.located(key);
            let mut entry = IntegrationResponse {
                // The response key is the selection pattern; `default` is the response without one.
                selection_pattern: key.clone().filter(|k| k.value != "default"),
                key,
                status_code: response.get("statusCode").and_then(|n| document.located(n)),
                ..IntegrationResponse::default()
            };
            if let Some(templates) = response.get("responseTemplates") {
                entry.template_content_types = document.content_types(templates);
            }
            integration.responses.push(entry);
        }
    }
    let index = document.add_integration(integration);

    if let Some(templates) = spec.get("requestTemplates") {
        document.add_template_map(
            templates,
            &format!("{here} requestTemplates"),
            |content_type| TemplateRole::Request {
                content_type: content_type.to_owned(),
            },
            Some(index),
            intrinsics,
        );
    }
    if let Some(responses) = spec.get("responses") {
        for (key, response) in responses.entries() {
            let key = key.as_str().unwrap_or_default();
            let status = response
                .get("statusCode")
                .and_then(Node::as_str)
                .map(str::to_owned);
            let Some(templates) = response.get("responseTemplates") else {
                continue;
            };
            document.add_template_map(
                templates,
                &format!("{here} responses.{key}.responseTemplates"),
                |content_type| TemplateRole::Response {
                    status: status.clone(),
                    content_type: content_type.to_owned(),
                },
                Some(index),
                intrinsics,
            );
        }
    }
}
