//! Terraform `.tf` files: `aws_api_gateway_integration` and `aws_api_gateway_integration_response`
//! resources, with templates as quoted strings, heredocs, or `file()` / `templatefile()` references.

use std::sync::Arc;

use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{Attribute, Block, Body};
use hcl_edit::template::Element;
use hcl_edit::Span;

use crate::lint::host::scalar::{self, Escapes, MapBuilder, Raw};
use crate::lint::host::{Document, HostError};
use crate::lint::source::{
    EmbeddedTemplate, HostDocument, HostFormat, HostRange, Integration, IntegrationResponse,
    Located, OffsetMap, SourceFile, Substitution, TemplateRole,
};

const INTEGRATION: &str = "aws_api_gateway_integration";
const INTEGRATION_RESPONSE: &str = "aws_api_gateway_integration_response";

/// Reads the API Gateway integrations of a Terraform file.
pub(crate) fn read(file: Arc<SourceFile>) -> Result<HostDocument, HostError> {
    let body = hcl_edit::parser::parse_body(&file.text).map_err(|error| {
        let at = error.location().offset().min(file.text.len());
        HostError::at(
            format!("HCL syntax error: {}", error.message()),
            HostRange { start: at, end: at },
        )
    })?;
    let mut document = Document::new(file, HostFormat::Terraform);
    let resources: Vec<(&str, &str, &Block)> = resources(&body).collect();
    // Integrations first, so that responses can join the integration of the same method.
    let mut keys = Vec::new();
    for &(kind, name, block) in &resources {
        if kind == INTEGRATION {
            let index = read_integration(&mut document, name, block);
            keys.push((method_key(&document, block), index));
        }
    }
    for &(kind, name, block) in &resources {
        if kind == INTEGRATION_RESPONSE {
            let key = method_key(&document, block);
            let index = keys
                .iter()
                .find(|(k, _)| k.is_some() && *k == key)
                .map(|&(_, index)| index);
            read_response(&mut document, name, block, index);
        }
    }
    Ok(document.finish())
}

fn resources(body: &Body) -> impl Iterator<Item = (&str, &str, &Block)> {
    body.get_blocks("resource").filter_map(|block| {
        let kind = block.labels.first()?.as_str();
        let name = block.labels.get(1)?.as_str();
        Some((kind, name, block))
    })
}

/// The method a resource belongs to: its `rest_api_id`, `resource_id` and `http_method` as written.
fn method_key(document: &Document, block: &Block) -> Option<String> {
    let mut key = String::new();
    for attribute in ["rest_api_id", "resource_id", "http_method"] {
        let value = block.body.get_attribute(attribute)?;
        let text = raw(document, value.value.span()?)?;
        key.extend(text.chars().filter(|c| !c.is_whitespace()));
        key.push('|');
    }
    Some(key)
}

fn raw(document: &Document, span: std::ops::Range<usize>) -> Option<&str> {
    document.file.text.get(span)
}

fn range(span: Option<std::ops::Range<usize>>) -> HostRange {
    let span = span.unwrap_or(0..0);
    HostRange {
        start: span.start,
        end: span.end,
    }
}

/// A setting written as a string (or, when computed, as its expression text).
fn setting(document: &Document, attribute: Option<&Attribute>) -> Option<Located<String>> {
    let expression = &attribute?.value;
    let span = expression.span()?;
    let value = match expression {
        Expression::String(s) => s.value().clone(),
        Expression::Number(n) => n.value().to_string(),
        _ => raw(document, span.clone())?.to_owned(),
    };
    Some(Located {
        value,
        range: range(Some(span)),
    })
}

/// The content type an object key names.
fn key_name(key: &ObjectKey) -> Option<String> {
    match key {
        ObjectKey::Ident(ident) => Some(ident.as_str().to_owned()),
        ObjectKey::Expression(Expression::String(s)) => Some(s.value().clone()),
        ObjectKey::Expression(_) => None,
    }
}

/// The content types and templates of a `request_templates` / `response_templates` object; a
/// computed value (`local.templates`, `merge(...)`) is recorded as skipped.
fn template_objects<'a>(
    document: &mut Document,
    block: &'a Block,
    attribute: &str,
    address: &str,
) -> Vec<(String, HostRange, &'a Expression)> {
    let Some(value) = block.body.get_attribute(attribute).map(|a| &a.value) else {
        return Vec::new();
    };
    let Expression::Object(object) = value else {
        document.skip(
            range(value.span()),
            format!("{address}.{attribute}: is computed by Terraform"),
        );
        return Vec::new();
    };
    object
        .iter()
        .filter_map(|(key, value)| Some((key_name(key)?, range(key.span()), value.expr())))
        .collect()
}

fn read_integration(document: &mut Document, name: &str, block: &Block) -> usize {
    let address = format!("{INTEGRATION}.{name}");
    let templates = template_objects(document, block, "request_templates", &address);
    let integration = Integration {
        name: address.clone(),
        range: Some(range(block.span())),
        integration_type: setting(document, block.body.get_attribute("type")),
        passthrough_behavior: setting(document, block.body.get_attribute("passthrough_behavior")),
        request_template_content_types: templates
            .iter()
            .map(|(content_type, range, _)| Located {
                value: content_type.clone(),
                range: *range,
            })
            .collect(),
        responses: Vec::new(),
    };
    let index = document.add_integration(integration);
    for (content_type, _, expression) in templates {
        add_template(
            document,
            expression,
            format!("{address}.request_templates[\"{content_type}\"]"),
            TemplateRole::Request { content_type },
            index,
        );
    }
    index
}

fn read_response(document: &mut Document, name: &str, block: &Block, index: Option<usize>) {
    let address = format!("{INTEGRATION_RESPONSE}.{name}");
    let templates = template_objects(document, block, "response_templates", &address);
    let status_code = setting(document, block.body.get_attribute("status_code"));
    let response = IntegrationResponse {
        key: Some(Located {
            value: address.clone(),
            range: range(block.span()),
        }),
        selection_pattern: setting(document, block.body.get_attribute("selection_pattern")),
        status_code: status_code.clone(),
        template_content_types: templates
            .iter()
            .map(|(content_type, range, _)| Located {
                value: content_type.clone(),
                range: *range,
            })
            .collect(),
    };
    let index = match index.and_then(|i| document.integrations.get_mut(i).map(|x| (i, x))) {
        Some((i, integration)) => {
            integration.responses.push(response);
            i
        }
        None => document.add_integration(Integration {
            name: address.clone(),
            range: Some(range(block.span())),
            responses: vec![response],
            ..Integration::default()
        }),
    };
    for (content_type, _, expression) in templates {
        add_template(
            document,
            expression,
            format!("{address}.response_templates[\"{content_type}\"]"),
            TemplateRole::Response {
                status: status_code.as_ref().map(|s| s.value.clone()),
                content_type,
            },
            index,
        );
    }
}

/// Adds the template an attribute value holds: a string, a heredoc, `file()` or `templatefile()`.
fn add_template(
    document: &mut Document,
    expression: &Expression,
    location: String,
    role: TemplateRole,
    integration: usize,
) {
    let found = match expression {
        Expression::String(_) | Expression::StringTemplate(_) | Expression::HeredocTemplate(_) => {
            inline(document, expression).ok_or_else(|| "cannot be read as a string".to_owned())
        }
        Expression::FuncCall(call) => {
            let function = call.name.name.as_str();
            match (function, call.args.iter().next()) {
                ("file" | "templatefile", Some(path)) => {
                    referenced(document, path, function == "templatefile")
                }
                _ => Err(format!("{function}() is computed by Terraform")),
            }
        }
        _ => Err("is computed by Terraform".to_owned()),
    };
    match found {
        Ok((host, text, offsets, substitution)) => document.templates.push(EmbeddedTemplate {
            host,
            text,
            offsets,
            location,
            role,
            substitution,
            integration: Some(integration),
        }),
        Err(reason) => document.skip(range(expression.span()), format!("{location}: {reason}")),
    }
}

type Found = (Arc<SourceFile>, String, OffsetMap, Substitution);

/// A quoted string or heredoc: Terraform's escapes undone, its interpolations kept as written.
fn inline(document: &Document, expression: &Expression) -> Option<Found> {
    let host = &document.file.text;
    let mut text = String::new();
    let mut builder = MapBuilder::default();
    let start = expression.span()?.start;
    match expression {
        Expression::String(s) => {
            let span = s.span()?;
            let raw = Raw {
                start: span.start + 1,
                end: span.end.saturating_sub(1),
                escapes: Escapes::HclQuoted,
                indent: 0,
                starts_line: false,
            };
            scalar::align(host, raw, s.value(), 0, &mut builder);
            text.push_str(s.value());
        }
        Expression::StringTemplate(template) => {
            elements(
                host,
                template.iter(),
                Escapes::HclQuoted,
                0,
                &mut text,
                &mut builder,
            )?;
        }
        Expression::HeredocTemplate(heredoc) => {
            let indent = heredoc.indent().unwrap_or(0);
            elements(
                host,
                heredoc.template.iter(),
                Escapes::HclHeredoc,
                indent,
                &mut text,
                &mut builder,
            )?;
        }
        _ => return None,
    }
    Some((
        document.file.clone(),
        text,
        builder.finish(start),
        Substitution::Terraform,
    ))
}

fn elements<'a>(
    host: &str,
    elements: impl Iterator<Item = &'a Element>,
    escapes: Escapes,
    indent: usize,
    text: &mut String,
    builder: &mut MapBuilder,
) -> Option<()> {
    for element in elements {
        let span = element.span()?;
        match element {
            Element::Literal(literal) => {
                let starts_line =
                    span.start > 0 && host.as_bytes().get(span.start - 1) == Some(&b'\n');
                let raw = Raw {
                    start: span.start,
                    end: span.end,
                    escapes,
                    indent,
                    starts_line,
                };
                scalar::align(host, raw, literal.value(), text.len(), builder);
                text.push_str(literal.value());
            }
            // Interpolations and directives reach the text as written: Terraform evaluates them.
            Element::Interpolation(_) | Element::Directive(_) => {
                let written = host.get(span.clone())?;
                builder.map(text.len(), span.start, written.len());
                text.push_str(written);
            }
        }
    }
    Some(())
}

/// A template in another file, named by `file("…")` or `templatefile("…", {…})`.
fn referenced(document: &Document, path: &Expression, templatefile: bool) -> Result<Found, String> {
    let relative = literal_path(document, path)
        .ok_or_else(|| "the path is computed by Terraform".to_owned())?;
    let file = document.read_beside(&relative)?;
    if !templatefile {
        return Ok((
            file.clone(),
            file.text.clone(),
            OffsetMap::identity(),
            Substitution::None,
        ));
    }
    // templatefile() renders the file as a Terraform template: `$${` and `%%{` are escapes there.
    let text = file.text.replace("$${", "${").replace("%%{", "%{");
    let mut builder = MapBuilder::default();
    let raw = Raw {
        start: 0,
        end: file.text.len(),
        escapes: Escapes::HclHeredoc,
        indent: 0,
        starts_line: true,
    };
    scalar::align(&file.text, raw, &text, 0, &mut builder);
    Ok((file, text, builder.finish(0), Substitution::Terraform))
}

/// The path a `file()` argument names, with `${path.module}` (and `path.root`, `path.cwd`, read
/// as the module folder too) resolved to the folder of the `.tf` file.
fn literal_path(document: &Document, path: &Expression) -> Option<String> {
    match path {
        Expression::String(s) => Some(s.value().clone()),
        Expression::StringTemplate(template) => {
            let mut out = String::new();
            for element in template.iter() {
                match element {
                    Element::Literal(literal) => out.push_str(literal.value()),
                    Element::Interpolation(interpolation) => {
                        let written = raw(document, interpolation.expr.span()?)?;
                        match written.trim() {
                            "path.module" | "path.root" | "path.cwd" => out.push('.'),
                            _ => return None,
                        }
                    }
                    Element::Directive(_) => return None,
                }
            }
            Some(out)
        }
        _ => None,
    }
}
