//! The integration chain of one REST API method call, as one function: request template or
//! passthrough, backend request, integration response selection, response template and overrides.

// Evidence grades in comments follow ../shared/conformance/AWS-SEMANTICS.md: [AWS-rec] a case
// recorded against real API Gateway (by id), [Doc] the AWS developer guide, [LS] LocalStack's
// implementation or unit tests only (its belief, not proof).

use std::fmt::Display;

use indexmap::IndexMap;
use serde_json::{json, Value as Json};

use super::event::kind_of;
use super::jsonpath::{read_path, ReadResult};
use super::open::HEADER_LOOKUP_CASE_SENSITIVE;
use super::smartjson::{self, SmartJson};
use super::{render_request, render_response, Event, IntegrationResponse, Overrides};
use crate::error::{Error, ErrorKind, Result};
use crate::render::java::regex::JavaRegex;
use crate::template::{RenderOptions, Template};

/// The media type assumed when the request has no `Content-Type`, and the response template
/// used when `Accept` matches none: [Doc] passthrough table, [AWS-rec aws-s3-response-accept-fallback].
const APPLICATION_JSON: &str = "application/json";

/// The integration `type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntegrationType {
    /// `MOCK`: no backend; the request template's `{"statusCode": N}` picks the response.
    Mock,
    /// `AWS`: an AWS service action, or a Lambda function without proxy.
    Aws,
    /// `AWS_PROXY`: Lambda proxy; no mapping templates.
    AwsProxy,
    /// `HTTP`: an HTTP backend with mapping templates.
    Http,
    /// `HTTP_PROXY`: an HTTP backend receiving the request as is; no mapping templates.
    HttpProxy,
}

impl IntegrationType {
    /// The name as the AWS API spells it.
    pub fn name(self) -> &'static str {
        match self {
            IntegrationType::Mock => "MOCK",
            IntegrationType::Aws => "AWS",
            IntegrationType::AwsProxy => "AWS_PROXY",
            IntegrationType::Http => "HTTP",
            IntegrationType::HttpProxy => "HTTP_PROXY",
        }
    }

    /// Proxy integrations have no mapping templates.
    pub fn is_proxy(self) -> bool {
        matches!(self, IntegrationType::AwsProxy | IntegrationType::HttpProxy)
    }
}

/// What happens to a request whose Content-Type has no request template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PassthroughBehavior {
    /// Unmatched types pass the body through untransformed (the default).
    WhenNoMatch,
    /// Pass through only when no template is defined at all; otherwise 415.
    WhenNoTemplates,
    /// Never pass through: 415 when no template matches.
    Never,
}

impl PassthroughBehavior {
    /// The name as the AWS API spells it.
    pub fn name(self) -> &'static str {
        match self {
            PassthroughBehavior::WhenNoMatch => "WHEN_NO_MATCH",
            PassthroughBehavior::WhenNoTemplates => "WHEN_NO_TEMPLATES",
            PassthroughBehavior::Never => "NEVER",
        }
    }
}

/// Where a request or response parameter mapping takes its value from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamSource {
    /// `'text'`: a literal.
    Literal(String),
    /// `method.request.path.NAME`.
    RequestPath(String),
    /// `method.request.querystring.NAME`.
    RequestQuery(String),
    /// `method.request.multivaluequerystring.NAME` (values joined with `,`).
    RequestMultiQuery(String),
    /// `method.request.header.NAME`.
    RequestHeader(String),
    /// `method.request.multivalueheader.NAME` (values joined with `,`).
    RequestMultiHeader(String),
    /// `method.request.body`.
    RequestBody,
    /// `method.request.body.JSONPATH`.
    RequestBodyPath(String),
    /// `integration.response.header.NAME`.
    ResponseHeader(String),
    /// `integration.response.multivalueheader.NAME`.
    ResponseMultiHeader(String),
    /// `integration.response.body`.
    ResponseBody,
    /// `integration.response.body.JSONPATH`.
    ResponseBodyPath(String),
    /// `context.NAME` (dotted, e.g. `context.identity.sourceIp`).
    Context(String),
    /// `stageVariables.NAME`.
    StageVariable(String),
}

/// Where a request parameter mapping writes (`integration.request.LOCATION.NAME`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestTarget {
    /// `integration.request.path.NAME`: fills `{NAME}` in the integration URI.
    Path(String),
    /// `integration.request.querystring.NAME` (or `multivaluequerystring`).
    Query(String),
    /// `integration.request.header.NAME` (or `multivalueheader`).
    Header(String),
}

/// One integration response: the method response chosen when its selectionPattern matches.
#[derive(Clone, Debug)]
pub struct ResponseMapping {
    /// The key it was given under (the selection pattern or `default` in an OpenAPI export, the
    /// status code in `integrationResponses`), used in messages and template names.
    pub key: String,
    /// The compiled selectionPattern; `None` marks the default response.
    pub selection_pattern: Option<JavaRegex>,
    /// The method response status.
    pub status_code: u16,
    /// Response templates by media type, in definition order.
    pub response_templates: IndexMap<String, String>,
    /// `method.response.header.NAME` mappings, in definition order.
    pub response_parameters: Vec<(String, ParamSource)>,
    /// `contentHandling`, noted in the trace but not applied (bodies here are text).
    pub content_handling: Option<String>,
}

/// An integration as `x-amazon-apigateway-integration` (OpenAPI export) or `get-integration`
/// describes it.
#[derive(Clone, Debug)]
pub struct Integration {
    /// The integration type.
    pub kind: IntegrationType,
    /// The integration URI (a Lambda ARN path marks Lambda non-proxy).
    pub uri: Option<String>,
    /// The integration's HTTP method (`ANY` or absent: the client's).
    pub http_method: Option<String>,
    /// Request templates by media type, in definition order.
    pub request_templates: IndexMap<String, String>,
    /// Request parameter mappings, in definition order.
    pub request_parameters: Vec<(RequestTarget, ParamSource)>,
    /// The passthrough behaviour.
    pub passthrough_behavior: PassthroughBehavior,
    /// The integration responses, in definition order.
    pub responses: Vec<ResponseMapping>,
    /// `contentHandling` of the request, noted but not applied.
    pub content_handling: Option<String>,
}

/// The request the backend receives.
#[derive(Clone, Debug, PartialEq)]
pub struct BackendRequest {
    /// The integration type.
    pub integration_type: IntegrationType,
    /// The HTTP method.
    pub method: String,
    /// The integration URI with stage variables and path parameters filled in.
    pub uri: Option<String>,
    /// The path part of `uri` (HTTP URLs and `:path/` service ARNs).
    pub path: Option<String>,
    /// Path parameters after mappings and `requestOverride.path`.
    pub path_parameters: IndexMap<String, String>,
    /// Headers after mappings and `requestOverride.header`.
    pub headers: IndexMap<String, String>,
    /// Query string after mappings and `requestOverride.querystring`.
    pub querystring: IndexMap<String, String>,
    /// The body: the request template's output, or the client's body passed through.
    pub body: String,
}

/// The response the client receives.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientResponse {
    /// The HTTP status.
    pub status_code: u16,
    /// Headers from responseParameters, then `responseOverride.header`.
    pub headers: IndexMap<String, String>,
    /// The body.
    pub body: String,
}

/// What one call through the chain produced.
#[derive(Clone, Debug)]
pub struct ChainResult {
    /// The backend request; `None` when API Gateway answered before calling the backend (415).
    pub backend_request: Option<BackendRequest>,
    /// The client's response.
    pub response: ClientResponse,
    /// The override state after the last template that ran.
    pub overrides: Overrides,
    /// A human-readable trace: which template or response was selected, and why.
    pub steps: Vec<String>,
}

fn map_json(map: &IndexMap<String, String>) -> Json {
    Json::Object(
        map.iter()
            .map(|(k, v)| (k.clone(), Json::String(v.clone())))
            .collect(),
    )
}

impl BackendRequest {
    /// `{"integrationType", "method", "uri", "path", "pathParameters", "headers", "querystring", "body"}`.
    pub fn to_json(&self) -> Json {
        json!({
            "integrationType": self.integration_type.name(),
            "method": self.method,
            "uri": self.uri,
            "path": self.path,
            "pathParameters": map_json(&self.path_parameters),
            "headers": map_json(&self.headers),
            "querystring": map_json(&self.querystring),
            "body": self.body,
        })
    }
}

impl ClientResponse {
    /// `{"statusCode", "headers", "body"}`.
    pub fn to_json(&self) -> Json {
        json!({
            "statusCode": self.status_code,
            "headers": map_json(&self.headers),
            "body": self.body,
        })
    }
}

impl ChainResult {
    /// `{"backendRequest", "response", "overrides", "steps"}`.
    pub fn to_json(&self) -> Json {
        json!({
            "backendRequest": self.backend_request.as_ref().map(BackendRequest::to_json),
            "response": self.response.to_json(),
            "overrides": self.overrides.to_json(),
            "steps": self.steps,
        })
    }
}

// ---------------------------------------------------------------------------
// Reading the integration definition
// ---------------------------------------------------------------------------

fn field_error(field: &str, what: impl Display) -> Error {
    Error::new(
        ErrorKind::Input,
        format!("integration field `{field}`: {what}"),
    )
}

fn opt_string(
    map: &serde_json::Map<String, Json>,
    key: &str,
    field: &str,
) -> Result<Option<String>> {
    match map.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(field_error(
            field,
            format!("expected a string, found {}", kind_of(other)),
        )),
    }
}

/// A `{key: string}` object; null values are dropped (as if the key were absent).
fn string_map(
    map: &serde_json::Map<String, Json>,
    key: &str,
    field: &str,
) -> Result<IndexMap<String, String>> {
    match map.get(key) {
        None | Some(Json::Null) => Ok(IndexMap::new()),
        Some(Json::Object(entries)) => {
            let mut out = IndexMap::new();
            for (k, v) in entries {
                match v {
                    Json::Null => {}
                    Json::String(s) => {
                        out.insert(k.clone(), s.clone());
                    }
                    other => {
                        return Err(field_error(
                            &format!("{field}[{k:?}]"),
                            format!("expected a string, found {}", kind_of(other)),
                        ))
                    }
                }
            }
            Ok(out)
        }
        Some(other) => Err(field_error(
            field,
            format!("expected an object, found {}", kind_of(other)),
        )),
    }
}

fn parse_type(text: &str) -> Option<IntegrationType> {
    // OpenAPI exports spell types in lower case (`aws_proxy`), the API in upper case.
    Some(match text.to_ascii_uppercase().as_str() {
        "MOCK" => IntegrationType::Mock,
        "AWS" => IntegrationType::Aws,
        "AWS_PROXY" => IntegrationType::AwsProxy,
        "HTTP" => IntegrationType::Http,
        "HTTP_PROXY" => IntegrationType::HttpProxy,
        _ => return None,
    })
}

fn parse_passthrough(text: &str) -> Option<PassthroughBehavior> {
    Some(match text.to_ascii_uppercase().as_str() {
        "WHEN_NO_MATCH" => PassthroughBehavior::WhenNoMatch,
        "WHEN_NO_TEMPLATES" => PassthroughBehavior::WhenNoTemplates,
        "NEVER" => PassthroughBehavior::Never,
        _ => return None,
    })
}

/// A `context.` name: dotted identifiers (Velocity identifiers may contain `-`).
fn valid_context_name(name: &str) -> bool {
    !name.is_empty()
        && name.split('.').all(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
}

/// Which parameter sources a side may use ([Doc] request-response-data-mappings).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response,
}

fn parse_source(text: &str, side: Side, field: &str) -> Result<ParamSource> {
    let bad = |what: &str| field_error(field, format!("{what} in mapping source {text:?}"));
    if text.len() >= 2 && text.starts_with('\'') && text.ends_with('\'') {
        return Ok(ParamSource::Literal(text[1..text.len() - 1].to_string()));
    }
    let named = |rest: &str| -> Result<String> {
        if rest.is_empty() {
            Err(bad("a parameter name is missing"))
        } else {
            Ok(rest.to_string())
        }
    };
    let jsonpath = |expr: &str| -> Result<String> {
        let path = body_path(expr);
        super::jsonpath::JsonPath::compile(&path)
            .map_err(|e| bad(&format!("invalid JSONPath ({e})")))?;
        Ok(expr.to_string())
    };
    if let Some(rest) = text.strip_prefix("stageVariables.") {
        return Ok(ParamSource::StageVariable(named(rest)?));
    }
    if let Some(rest) = text.strip_prefix("context.") {
        if !valid_context_name(rest) {
            return Err(bad("an invalid context variable name"));
        }
        return Ok(ParamSource::Context(rest.to_string()));
    }
    if side == Side::Request {
        if let Some(rest) = text.strip_prefix("method.request.") {
            let source = if let Some(n) = rest.strip_prefix("path.") {
                ParamSource::RequestPath(named(n)?)
            } else if let Some(n) = rest.strip_prefix("querystring.") {
                ParamSource::RequestQuery(named(n)?)
            } else if let Some(n) = rest.strip_prefix("multivaluequerystring.") {
                ParamSource::RequestMultiQuery(named(n)?)
            } else if let Some(n) = rest.strip_prefix("header.") {
                ParamSource::RequestHeader(named(n)?)
            } else if let Some(n) = rest.strip_prefix("multivalueheader.") {
                ParamSource::RequestMultiHeader(named(n)?)
            } else if rest == "body" {
                ParamSource::RequestBody
            } else if let Some(expr) = rest.strip_prefix("body.") {
                ParamSource::RequestBodyPath(jsonpath(expr)?)
            } else {
                return Err(bad("an unknown method.request location"));
            };
            return Ok(source);
        }
    } else if let Some(rest) = text.strip_prefix("integration.response.") {
        let source = if let Some(n) = rest.strip_prefix("header.") {
            ParamSource::ResponseHeader(named(n)?)
        } else if let Some(n) = rest.strip_prefix("multivalueheader.") {
            ParamSource::ResponseMultiHeader(named(n)?)
        } else if rest == "body" {
            ParamSource::ResponseBody
        } else if let Some(expr) = rest.strip_prefix("body.") {
            ParamSource::ResponseBodyPath(jsonpath(expr)?)
        } else {
            return Err(bad("an unknown integration.response location"));
        };
        return Ok(source);
    }
    Err(bad(match side {
        Side::Request => {
            "expected 'literal', method.request.{path|querystring|multivaluequerystring|header|multivalueheader|body}..., context.NAME or stageVariables.NAME"
        }
        Side::Response => {
            "expected 'literal', integration.response.{header|multivalueheader|body}..., context.NAME or stageVariables.NAME"
        }
    }))
}

fn parse_request_parameters(
    map: &serde_json::Map<String, Json>,
) -> Result<Vec<(RequestTarget, ParamSource)>> {
    let mut out = Vec::new();
    for (target, source) in string_map(map, "requestParameters", "requestParameters")? {
        let field = format!("requestParameters[{target:?}]");
        let location = target
            .strip_prefix("integration.request.")
            .and_then(|rest| rest.split_once('.'));
        let target = match location {
            Some(("path", name)) if !name.is_empty() => RequestTarget::Path(name.to_string()),
            Some(("querystring" | "multivaluequerystring", name)) if !name.is_empty() => {
                RequestTarget::Query(name.to_string())
            }
            Some(("header" | "multivalueheader", name)) if !name.is_empty() => RequestTarget::Header(name.to_string()),
            _ => {
                return Err(field_error(
                    &field,
                    "the target must be integration.request.{path|querystring|multivaluequerystring|header|multivalueheader}.NAME",
                ))
            }
        };
        out.push((target, parse_source(&source, Side::Request, &field)?));
    }
    Ok(out)
}

fn parse_status(value: Option<&Json>, field: &str) -> Result<Option<u16>> {
    let status = match value {
        None | Some(Json::Null) => return Ok(None),
        Some(Json::String(s)) => s.trim().parse::<u16>().ok(),
        Some(Json::Number(n)) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
        Some(other) => {
            return Err(field_error(
                field,
                format!("expected an HTTP status, found {}", kind_of(other)),
            ));
        }
    };
    match status {
        Some(s) if (100..=599).contains(&s) => Ok(Some(s)),
        _ => Err(field_error(
            field,
            "expected an HTTP status from 100 to 599",
        )),
    }
}

/// One entry of `responses` (OpenAPI: keyed by selection pattern) or `integrationResponses`
/// (the API's shape: keyed by status code, or a list).
fn parse_response(
    label: &str,
    key: Option<&str>,
    key_pattern: Option<&str>,
    key_status: Option<&str>,
    value: &Json,
) -> Result<ResponseMapping> {
    let Json::Object(map) = value else {
        return Err(field_error(
            label,
            format!("expected an object, found {}", kind_of(value)),
        ));
    };
    let status_field = format!("{label}.statusCode");
    let status_code = match parse_status(map.get("statusCode"), &status_field)? {
        Some(s) => s,
        None => match key_status {
            Some(k) => parse_status(Some(&Json::String(k.to_string())), &status_field)?
                .ok_or_else(|| field_error(&status_field, "missing"))?,
            None => {
                return Err(field_error(
                    &status_field,
                    "missing (the method response status to answer with)",
                ))
            }
        },
    };
    let pattern_field = format!("{label}.selectionPattern");
    // An explicit selectionPattern wins over the OpenAPI key; empty means "default" ([AWS-rec
    // aws-lambda-selection-reqtmpl: the 200 default had selectionPattern '').
    let pattern = match opt_string(map, "selectionPattern", &pattern_field)? {
        Some(p) => Some(p),
        None => key_pattern.map(str::to_string),
    }
    .filter(|p| !p.is_empty());
    let selection_pattern =
        match pattern {
            // API Gateway compiles selection patterns as Java regular expressions.
            Some(p) => Some(JavaRegex::new(&p).map_err(|e| {
                field_error(&pattern_field, format!("invalid Java regex {p:?}: {e}"))
            })?),
            None => None,
        };
    let mut response_parameters = Vec::new();
    let params_field = format!("{label}.responseParameters");
    for (target, source) in string_map(map, "responseParameters", &params_field)? {
        let field = format!("{params_field}[{target:?}]");
        let header = match target.strip_prefix("method.response.header.") {
            Some(h) if !h.is_empty() => h.to_string(),
            _ => {
                return Err(field_error(
                    &field,
                    "the target must be method.response.header.NAME",
                ))
            }
        };
        response_parameters.push((header, parse_source(&source, Side::Response, &field)?));
    }
    Ok(ResponseMapping {
        key: key.map_or_else(|| status_code.to_string(), str::to_string),
        selection_pattern,
        status_code,
        response_templates: string_map(
            map,
            "responseTemplates",
            &format!("{label}.responseTemplates"),
        )?,
        response_parameters,
        content_handling: opt_string(map, "contentHandling", &format!("{label}.contentHandling"))?,
    })
}

fn parse_responses(map: &serde_json::Map<String, Json>) -> Result<Vec<ResponseMapping>> {
    let mut out = Vec::new();
    match (map.get("responses"), map.get("integrationResponses")) {
        (Some(r), Some(i)) if !r.is_null() && !i.is_null() => {
            return Err(field_error(
                "responses",
                "give either `responses` (OpenAPI) or `integrationResponses` (API), not both",
            ));
        }
        _ => {}
    }
    match map.get("responses") {
        None | Some(Json::Null) => {}
        Some(Json::Object(entries)) => {
            for (key, value) in entries {
                // OpenAPI keys each response by its selection pattern; `default` is the default.
                let pattern = (key != "default").then_some(key.as_str());
                out.push(parse_response(
                    &format!("responses[{key:?}]"),
                    Some(key),
                    pattern,
                    None,
                    value,
                )?);
            }
        }
        Some(other) => {
            return Err(field_error(
                "responses",
                format!("expected an object, found {}", kind_of(other)),
            ))
        }
    }
    match map.get("integrationResponses") {
        None | Some(Json::Null) => {}
        Some(Json::Object(entries)) => {
            for (key, value) in entries {
                out.push(parse_response(
                    &format!("integrationResponses[{key:?}]"),
                    Some(key),
                    None,
                    Some(key),
                    value,
                )?);
            }
        }
        Some(Json::Array(items)) => {
            for (i, value) in items.iter().enumerate() {
                out.push(parse_response(
                    &format!("integrationResponses[{i}]"),
                    None,
                    None,
                    None,
                    value,
                )?);
            }
        }
        Some(other) => {
            return Err(field_error(
                "integrationResponses",
                format!("expected an object or a list, found {}", kind_of(other)),
            ))
        }
    }
    Ok(out)
}

impl Integration {
    /// Reads an `x-amazon-apigateway-integration` object (or an OpenAPI method object holding
    /// one); every malformed field is reported by name as an [`ErrorKind::Input`] error.
    pub fn from_json(json: &Json) -> Result<Integration> {
        let Json::Object(map) = json else {
            return Err(Error::new(
                ErrorKind::Input,
                format!(
                    "an integration must be a JSON object, found {}",
                    kind_of(json)
                ),
            ));
        };
        if let Some(inner) = map.get("x-amazon-apigateway-integration") {
            if inner.is_object() {
                return Integration::from_json(inner);
            }
            return Err(field_error(
                "x-amazon-apigateway-integration",
                format!("expected an object, found {}", kind_of(inner)),
            ));
        }
        let kind = match map.get("type") {
            Some(Json::String(s)) => parse_type(s).ok_or_else(|| {
                field_error("type", format!("unknown integration type {s:?} (expected mock, aws, aws_proxy, http or http_proxy)"))
            })?,
            None | Some(Json::Null) => return Err(field_error("type", "missing (mock, aws, aws_proxy, http or http_proxy)")),
            Some(other) => return Err(field_error("type", format!("expected a string, found {}", kind_of(other)))),
        };
        let passthrough_behavior =
            match opt_string(map, "passthroughBehavior", "passthroughBehavior")? {
                // WHEN_NO_MATCH is what the API sets when none is given [AWS-rec integration object of
                // test_integration_mock_with_path_param].
                None => PassthroughBehavior::WhenNoMatch,
                Some(s) => parse_passthrough(&s).ok_or_else(|| {
                    field_error(
                        "passthroughBehavior",
                        format!(
                        "unknown value {s:?} (expected when_no_match, when_no_templates or never)"
                    ),
                    )
                })?,
            };
        Ok(Integration {
            kind,
            uri: opt_string(map, "uri", "uri")?,
            http_method: opt_string(map, "httpMethod", "httpMethod")?,
            request_templates: string_map(map, "requestTemplates", "requestTemplates")?,
            request_parameters: parse_request_parameters(map)?,
            passthrough_behavior,
            responses: parse_responses(map)?,
            content_handling: opt_string(map, "contentHandling", "contentHandling")?,
        })
    }

    /// Lambda non-proxy: an `AWS` integration whose URI is a Lambda invocation ARN path
    /// (`arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/ARN/invocations`).
    pub fn is_lambda(&self) -> bool {
        self.kind == IntegrationType::Aws
            && self
                .uri
                .as_deref()
                .is_some_and(|u| u.contains(":lambda:path/") && u.contains("/functions/"))
    }
}

// ---------------------------------------------------------------------------
// The chain
// ---------------------------------------------------------------------------

/// The media type without parameters, lower-cased: media types compare case-insensitively
/// (RFC 9110 §8.3.1), and `application/json; charset=utf-8` is still `application/json`.
fn media_type(text: &str) -> String {
    text.split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The template whose key has the media type `wanted`.
fn template_for<'a>(
    templates: &'a IndexMap<String, String>,
    wanted: &str,
) -> Option<(&'a str, &'a str)> {
    templates
        .iter()
        .find(|(k, _)| media_type(k) == wanted)
        .map(|(k, v)| (k.as_str(), v.as_str()))
}

enum RequestChoice<'a> {
    Template(&'a str, &'a str),
    Passthrough,
    Reject,
}

fn choose_request_template<'a>(
    integration: &'a Integration,
    event: &Event,
    steps: &mut Vec<String>,
) -> RequestChoice<'a> {
    let templates = &integration.request_templates;
    // A missing Content-Type is treated as application/json [Doc passthrough table; AWS-derived
    // SQS tests: a body without Content-Type used the application/json template under NEVER].
    let content_type = match event
        .header("Content-Type")
        .filter(|c| !c.trim().is_empty())
    {
        Some(c) => media_type(c),
        None => {
            steps
                .push("request has no Content-Type: treated as application/json (AWS docs)".into());
            APPLICATION_JSON.to_string()
        }
    };
    if let Some((key, text)) = template_for(templates, &content_type) {
        steps.push(format!(
            "request template: requestTemplates[{key:?}] matches Content-Type {content_type}"
        ));
        return RequestChoice::Template(key, text);
    }
    // `$default` is LocalStack's (ls-default-template); AWS documents it only for WebSocket APIs,
    // so this is unverified for REST APIs. A specific media type wins over it.
    if let Some(text) = templates.get("$default") {
        steps.push(format!(
            "request template: requestTemplates[\"$default\"] (no template for {content_type}; $default is LocalStack behaviour, unverified on AWS REST APIs)"
        ));
        return RequestChoice::Template("$default", text);
    }
    // [Doc] integration-passthrough-behaviors: WHEN_NO_MATCH passes unmatched types through;
    // WHEN_NO_TEMPLATES passes through only when no template is defined, else 415; NEVER
    // answers 415 whenever no template matches (none defined included).
    let behavior = integration.passthrough_behavior;
    let pass = match behavior {
        PassthroughBehavior::WhenNoMatch => true,
        PassthroughBehavior::WhenNoTemplates => templates.is_empty(),
        PassthroughBehavior::Never => false,
    };
    let what = if templates.is_empty() {
        "no request templates are defined".to_string()
    } else {
        format!("no request template for {content_type}")
    };
    if pass {
        steps.push(format!(
            "passthroughBehavior {}: {what}; the body passes through unchanged",
            behavior.name()
        ));
        RequestChoice::Passthrough
    } else {
        steps.push(format!(
            "passthroughBehavior {}: {what}; API Gateway answers 415 Unsupported Media Type",
            behavior.name()
        ));
        RequestChoice::Reject
    }
}

/// A response API Gateway produces itself: its default gateway response template is
/// `{"message":$context.error.messageString}` [Doc gateway responses], hence no space.
fn gateway_response(status_code: u16, message: &str) -> ClientResponse {
    let mut headers = IndexMap::new();
    headers.insert("Content-Type".to_string(), APPLICATION_JSON.to_string());
    ClientResponse {
        status_code,
        headers,
        body: format!("{{\"message\":{}}}", Json::String(message.to_string())),
    }
}

/// The override state when no template ran: the sections `$context` starts with
/// [AWS-rec aws-sqs-context-keyset: requestOverride has path, header, querystring; responseOverride header].
fn empty_overrides() -> Overrides {
    Overrides {
        request_override: json!({"path": {}, "header": {}, "querystring": {}}),
        response_override: json!({"header": {}}),
    }
}

/// An override value as the text a header or parameter carries.
fn override_text(value: &Json) -> Option<String> {
    match value {
        Json::Null => None,
        Json::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn lookup<'a>(
    map: &'a IndexMap<String, String>,
    name: &str,
    case_sensitive: bool,
) -> Option<&'a str> {
    map.get(name).map(String::as_str).or_else(|| {
        if case_sensitive {
            None
        } else {
            map.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        }
    })
}

/// Reads `$.EXPR` from a JSON body as API Gateway's JSONPath does; unreadable means absent.
fn body_path(expr: &str) -> String {
    if expr.starts_with('$') {
        expr.to_string()
    } else {
        format!("$.{expr}")
    }
}

fn read_body_path(body: &str, expr: &str) -> Option<String> {
    let doc = smartjson::parse(body).ok()?;
    match read_path(&doc, &body_path(expr)).ok()? {
        ReadResult::Missing | ReadResult::Value(SmartJson::Null) => None,
        ReadResult::Value(SmartJson::String(s)) => Some(s.to_string()),
        ReadResult::Value(v) => Some(smartjson::to_json_compress(&v)),
        ReadResult::List(items) => Some(smartjson::to_json_compress(&SmartJson::Array(items))),
    }
}

/// The value of a parameter mapping source; `None` when the source is absent.
fn source_value(
    source: &ParamSource,
    event: &Event,
    endpoint: Option<&IntegrationResponse>,
    options: &RenderOptions,
) -> Result<Option<String>> {
    let joined =
        |values: Option<&Vec<String>>| values.filter(|v| !v.is_empty()).map(|v| v.join(","));
    Ok(match source {
        ParamSource::Literal(s) => Some(s.clone()),
        ParamSource::RequestPath(n) => event.path_parameters.get(n).cloned(),
        ParamSource::RequestQuery(n) => event.query.get(n).cloned(),
        ParamSource::RequestMultiQuery(n) => {
            joined(event.multi_value_query.get(n)).or_else(|| event.query.get(n).cloned())
        }
        // Header names follow the same case rule as `$input.params()` (gateway::input).
        ParamSource::RequestHeader(n) => {
            lookup(&event.headers, n, HEADER_LOOKUP_CASE_SENSITIVE).map(str::to_string)
        }
        ParamSource::RequestMultiHeader(n) => {
            let multi = event.multi_value_headers.iter().find(|(k, _)| {
                if HEADER_LOOKUP_CASE_SENSITIVE {
                    *k == n
                } else {
                    k.eq_ignore_ascii_case(n)
                }
            });
            joined(multi.map(|(_, v)| v)).or_else(|| {
                lookup(&event.headers, n, HEADER_LOOKUP_CASE_SENSITIVE).map(str::to_string)
            })
        }
        ParamSource::RequestBody => Some(event.body.clone()),
        ParamSource::RequestBodyPath(expr) => read_body_path(&event.body, expr),
        // Integration response headers are HTTP headers: any case.
        ParamSource::ResponseHeader(n) | ParamSource::ResponseMultiHeader(n) => endpoint
            .and_then(|e| lookup(&e.headers, n, false))
            .map(str::to_string),
        ParamSource::ResponseBody => endpoint.map(|e| e.body.clone()),
        ParamSource::ResponseBodyPath(expr) => endpoint.and_then(|e| read_body_path(&e.body, expr)),
        ParamSource::StageVariable(n) => event.stage_variables.get(n).cloned(),
        ParamSource::Context(name) => {
            // `$context` with its defaults lives in the template layer; reading it through a
            // one-reference template keeps mappings and templates in agreement. The name was
            // validated as dotted identifiers, so the template cannot be anything else.
            let template = Template::parse("context", &format!("$context.{name}"))?;
            let output = render_request(&template, event, options)?.output;
            (!output.is_empty()).then_some(output)
        }
    })
}

fn describe(source: &ParamSource) -> String {
    match source {
        ParamSource::Literal(s) => format!("'{s}'"),
        ParamSource::RequestPath(n) => format!("method.request.path.{n}"),
        ParamSource::RequestQuery(n) => format!("method.request.querystring.{n}"),
        ParamSource::RequestMultiQuery(n) => format!("method.request.multivaluequerystring.{n}"),
        ParamSource::RequestHeader(n) => format!("method.request.header.{n}"),
        ParamSource::RequestMultiHeader(n) => format!("method.request.multivalueheader.{n}"),
        ParamSource::RequestBody => "method.request.body".into(),
        ParamSource::RequestBodyPath(e) => format!("method.request.body.{e}"),
        ParamSource::ResponseHeader(n) => format!("integration.response.header.{n}"),
        ParamSource::ResponseMultiHeader(n) => format!("integration.response.multivalueheader.{n}"),
        ParamSource::ResponseBody => "integration.response.body".into(),
        ParamSource::ResponseBodyPath(e) => format!("integration.response.body.{e}"),
        ParamSource::Context(n) => format!("context.{n}"),
        ParamSource::StageVariable(n) => format!("stageVariables.{n}"),
    }
}

/// Sets `name` to `value`, replacing an entry whose name differs only in case (HTTP headers).
fn set_header(headers: &mut IndexMap<String, String>, name: &str, value: String) {
    if let Some(existing) = headers
        .keys()
        .find(|k| k.eq_ignore_ascii_case(name))
        .cloned()
    {
        headers.shift_remove(&existing);
    }
    headers.insert(name.to_string(), value);
}

/// Applies one `requestOverride` section (`path`, `header`, `querystring`) to `target`.
fn apply_request_override(
    overrides: Option<&Overrides>,
    section: &str,
    target: &mut IndexMap<String, String>,
    steps: &mut Vec<String>,
) {
    let Some(Json::Object(values)) = overrides.and_then(|o| o.request_override.get(section)) else {
        return;
    };
    for (name, value) in values {
        let Some(text) = override_text(value) else {
            continue;
        };
        steps.push(format!(
            "requestOverride.{section}.{name} = {text:?} applied to the backend request"
        ));
        if section == "header" {
            set_header(target, name, text);
        } else {
            target.insert(name.clone(), text);
        }
    }
}

/// Fills `${stageVariables.NAME}` and `{param}` / `{param+}` in the integration URI.
fn render_uri(
    uri: &str,
    event: &Event,
    path_parameters: &IndexMap<String, String>,
    steps: &mut Vec<String>,
) -> String {
    let mut out = String::with_capacity(uri.len());
    let mut rest = uri;
    while let Some(start) = rest.find('{') {
        let dollar = start > 0 && rest.as_bytes().get(start - 1) == Some(&b'$');
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let inner = &rest[start + 1..start + len];
        let before = &rest[..if dollar { start - 1 } else { start }];
        out.push_str(before);
        if dollar {
            // Stage variables may appear in integration URIs [Doc stage-variables].
            match inner
                .strip_prefix("stageVariables.")
                .and_then(|n| event.stage_variables.get(n))
            {
                Some(v) => out.push_str(v),
                None => {
                    steps.push(format!(
                        "integration URI: ${{{inner}}} is not a defined stage variable; left as is"
                    ));
                    out.push_str(&rest[start - 1..=start + len]);
                }
            }
        } else {
            let name = inner.strip_suffix('+').unwrap_or(inner);
            match path_parameters.get(name) {
                Some(v) => out.push_str(v),
                None => {
                    steps.push(format!("integration URI: {{{inner}}} has no integration.request.path mapping or override; left as is"));
                    out.push_str(&rest[start..=start + len]);
                }
            }
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// The path of an HTTP URL or of a `...:service:path/...` ARN.
fn uri_path(uri: &str) -> Option<String> {
    if let Some((_, after_scheme)) = uri.split_once("://") {
        let path_start = after_scheme.find('/').unwrap_or(after_scheme.len());
        let path = &after_scheme[path_start..];
        let path = path.split(['?', '#']).next().unwrap_or_default();
        return Some(if path.is_empty() {
            "/".to_string()
        } else {
            path.to_string()
        });
    }
    uri.split_once(":path/").map(|(_, p)| format!("/{p}"))
}

fn build_backend_request(
    integration: &Integration,
    event: &Event,
    body: String,
    carried: Option<&Overrides>,
    options: &RenderOptions,
    steps: &mut Vec<String>,
) -> Result<BackendRequest> {
    let method = match integration.http_method.as_deref() {
        Some(m) if !m.eq_ignore_ascii_case("ANY") => m.to_ascii_uppercase(),
        // Lambda is always invoked with POST [Doc: Lambda integrations require POST].
        _ if integration.is_lambda() => "POST".to_string(),
        _ => event.http_method.clone(),
    };
    let mut path_parameters = IndexMap::new();
    let mut headers = IndexMap::new();
    let mut querystring = IndexMap::new();
    // Non-proxy integrations receive only what requestParameters map ([Doc] request parameter
    // mapping; [LS] integration_request.py builds headers from the mapping alone).
    for (target, source) in &integration.request_parameters {
        let Some(value) = source_value(source, event, None, options)? else {
            steps.push(format!(
                "requestParameters: {} is absent; nothing mapped",
                describe(source)
            ));
            continue;
        };
        match target {
            RequestTarget::Path(n) => {
                path_parameters.insert(n.clone(), value);
            }
            RequestTarget::Query(n) => {
                querystring.insert(n.clone(), value);
            }
            RequestTarget::Header(n) => set_header(&mut headers, n, value),
        }
    }
    // Overrides are applied after the template ran and win over mappings [Doc overrides page;
    // LS merge_recursive(request_override, request_data_mapping, overwrite=True)].
    apply_request_override(carried, "path", &mut path_parameters, steps);
    apply_request_override(carried, "header", &mut headers, steps);
    apply_request_override(carried, "querystring", &mut querystring, steps);
    let uri = integration
        .uri
        .as_deref()
        .map(|u| render_uri(u, event, &path_parameters, steps));
    let path = uri.as_deref().and_then(uri_path);
    Ok(BackendRequest {
        integration_type: integration.kind,
        method,
        uri,
        path,
        path_parameters,
        headers,
        querystring,
        body,
    })
}

/// The Lambda error message: `errorMessage` of a JSON object result; "" for a success.
fn lambda_error_message(body: &str) -> String {
    match serde_json::from_str::<Json>(body) {
        Ok(Json::Object(map)) => map
            .get("errorMessage")
            .and_then(override_text)
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// The MOCK integration's status: the request template output's integer `statusCode`.
fn mock_status(output: &str) -> Option<u16> {
    let value: Json = serde_json::from_str(output).ok()?;
    value
        .get("statusCode")?
        .as_u64()
        .and_then(|s| u16::try_from(s).ok())
}

/// Picks the integration response for `value` (None: no value to match, use the default).
///
/// The selectionPattern must match the WHOLE value (Java `Matcher.matches()`), not just a part
/// (`find()`): the API reference warns that `.+` fails on an error message containing `\n`,
/// which only holds for a whole-value match (`find()` would match the first line), and
/// `5\d{2}`/`.*four hundred.*` [Doc console example; AWS-rec aws-lambda-selection-reqtmpl]
/// are written for whole-value matching (users also reported the docs' old `Invalid*` example
/// never matching "Invalid ..." until it became `Invalid.*`, which `find()` would have matched);
/// the recorded cases alone match under either rule.
/// Several matching patterns: the first in definition order wins (LocalStack's choice, unverified;
/// the recorded `.*four hundred.*` (405) beating `.+` (502) agrees with it).
fn select_response<'a>(
    integration: &'a Integration,
    value: Option<&str>,
    steps: &mut Vec<String>,
) -> Result<Option<&'a ResponseMapping>> {
    if let Some(value) = value {
        for mapping in &integration.responses {
            let Some(regex) = &mapping.selection_pattern else {
                continue;
            };
            let matched = regex.matches(value).map_err(|e| {
                Error::new(
                    ErrorKind::Limit,
                    format!(
                        "selectionPattern {:?} could not be matched against {value:?}: {e}",
                        regex.pattern()
                    ),
                )
            })?;
            if matched {
                steps.push(format!(
                    "integration response: selectionPattern {:?} matches {value:?} as a whole -> method response {}",
                    regex.pattern(),
                    mapping.status_code
                ));
                return Ok(Some(mapping));
            }
        }
    }
    let default = integration
        .responses
        .iter()
        .find(|m| m.selection_pattern.is_none());
    if let Some(mapping) = default {
        let why = match value {
            Some(v) => format!("no selectionPattern matches {v:?}"),
            None => "nothing to match".to_string(),
        };
        steps.push(format!(
            "integration response: {why}; the default response -> method response {}",
            mapping.status_code
        ));
    }
    Ok(default)
}

/// The response template for the client's `Accept`: a listed media type with a template, else
/// application/json [AWS-rec aws-s3-response-accept-fallback: Accept image/png still got the
/// application/json template], else the first template ([LS] "first"; unverified on AWS).
fn choose_response_template<'a>(
    mapping: &'a ResponseMapping,
    event: &Event,
    steps: &mut Vec<String>,
) -> Option<(&'a str, &'a str)> {
    let templates = &mapping.response_templates;
    let label = format!("responses[{:?}]", mapping.key);
    if templates.is_empty() {
        return None;
    }
    let accept = event.header("Accept").unwrap_or_default();
    for wanted in accept.split(',').map(media_type).filter(|m| !m.is_empty()) {
        if let Some((key, text)) = template_for(templates, &wanted) {
            steps.push(format!(
                "response template: {label}.responseTemplates[{key:?}] matches Accept {wanted}"
            ));
            return Some((key, text));
        }
    }
    let why = if accept.trim().is_empty() {
        "no Accept header".to_string()
    } else {
        format!("no template for Accept {accept:?}")
    };
    if let Some((key, text)) = template_for(templates, APPLICATION_JSON) {
        steps.push(format!("response template: {label}.responseTemplates[{key:?}] ({why}; application/json is the fallback)"));
        return Some((key, text));
    }
    let (key, text) = templates.iter().next()?;
    steps.push(format!(
        "response template: {label}.responseTemplates[{key:?}] ({why} and no application/json template; the first one, as LocalStack does, unverified on AWS)"
    ));
    Some((key.as_str(), text.as_str()))
}

fn parse_template(name: String, text: &str) -> Result<Template> {
    Template::parse(&name, text)
}

/// Runs one call through the integration: the request template (or passthrough / 415), the
/// backend request, the integration response selection and the response template.
///
/// `backend` is what the integration answered: for Lambda non-proxy, `body` is the function's
/// result (an `errorMessage` in it is what selection patterns match); MOCK ignores it. Template
/// failures are returned as the template's error; malformed input as [`ErrorKind::Input`].
pub fn invoke(
    integration: &Integration,
    event: &Event,
    backend: Option<&IntegrationResponse>,
    options: &RenderOptions,
) -> Result<ChainResult> {
    let mut steps = vec![format!(
        "integration type {}{}",
        integration.kind.name(),
        if integration.is_lambda() {
            " (Lambda non-proxy)"
        } else {
            ""
        }
    )];
    if integration.kind.is_proxy() {
        return proxy(integration, event, backend, options, steps);
    }
    if let Some(handling) = &integration.content_handling {
        steps.push(format!(
            "contentHandling {handling} noted, not applied (bodies here are text)"
        ));
    }

    // 1. Request template, passthrough or 415.
    let (body, carried) = match choose_request_template(integration, event, &mut steps) {
        RequestChoice::Reject => {
            return Ok(ChainResult {
                backend_request: None,
                response: gateway_response(415, "Unsupported Media Type"),
                overrides: empty_overrides(),
                steps,
            });
        }
        RequestChoice::Passthrough => (event.body.clone(), None),
        RequestChoice::Template(key, text) => {
            let template = parse_template(format!("requestTemplates[{key:?}]"), text)?;
            let rendered = render_request(&template, event, options)?;
            (rendered.output, Some(rendered.overrides))
        }
    };
    let backend_request = build_backend_request(
        integration,
        event,
        body,
        carried.as_ref(),
        options,
        &mut steps,
    )?;

    // 2. The integration's answer and the value selection patterns match.
    let (endpoint, selection_value) = if integration.kind == IntegrationType::Mock {
        if backend.is_some() {
            steps.push("MOCK integration: the given integration response is not used (MOCK has no backend)".into());
        }
        let status = if carried.is_some() {
            match mock_status(&backend_request.body) {
                Some(s) => Some(s),
                None => {
                    // [LS] mock.py; the message is API Gateway's execution log text.
                    steps.push("MOCK integration: Unable to parse statusCode. It should be an integer that is defined in the request template -> 500".into());
                    return Ok(ChainResult {
                        backend_request: Some(backend_request),
                        response: gateway_response(500, "Internal server error"),
                        overrides: carried.unwrap_or_else(empty_overrides),
                        steps,
                    });
                }
            }
        } else {
            // "you can have a method of the mock integration return the default integration
            // response without defining the integration request mapping template" [Doc mock].
            steps.push("MOCK integration without a request template: the default integration response is used".into());
            None
        };
        if let Some(s) = status {
            steps.push(format!(
                "MOCK integration: statusCode {s} from the request template output"
            ));
        }
        // MOCK answers with no body [AWS-rec aws-mock-responseoverride-in-request-no-template].
        let endpoint = IntegrationResponse {
            status_code: status.unwrap_or(200),
            headers: IndexMap::new(),
            body: String::new(),
        };
        (endpoint, status.map(|s| s.to_string()))
    } else {
        let Some(backend) = backend else {
            return Err(Error::new(
                ErrorKind::Input,
                format!(
                    "the {} integration calls a backend: give its answer as the integration response ({{\"statusCode\", \"headers\", \"body\"}})",
                    integration.kind.name()
                ),
            ));
        };
        let value = if integration.is_lambda() {
            // Lambda non-proxy: patterns match the errorMessage, never the status; a success
            // has none and matches as "" (pattern `200` did not match a successful call)
            // [AWS-rec aws-lambda-selection-reqtmpl; Doc: "the Lambda function error header is matched"].
            let message = lambda_error_message(&backend.body);
            if message.is_empty() {
                steps.push("Lambda result has no errorMessage: selection value \"\"".into());
            } else {
                steps.push(format!(
                    "Lambda errorMessage {message:?} is the selection value"
                ));
            }
            message
        } else {
            // "For all other HTTP and AWS back ends, the HTTP status code is matched" [Doc API reference].
            steps.push(format!(
                "integration status {} is the selection value",
                backend.status_code
            ));
            backend.status_code.to_string()
        };
        (backend.clone(), Some(value))
    };

    // 3. Integration response selection.
    let Some(mapping) = select_response(integration, selection_value.as_deref(), &mut steps)?
    else {
        // No match and no default: API Gateway reports a configuration error and answers 500
        // ([LS-unit] ls-selpattern-no-default; API Gateway's log reads "No match for output
        // mapping and no default output mapping specified").
        steps.push(format!(
            "integration response: nothing matches {:?} and there is no default response -> 500 (configuration error)",
            selection_value.unwrap_or_default()
        ));
        return Ok(ChainResult {
            backend_request: Some(backend_request),
            response: gateway_response(500, "Internal server error"),
            overrides: carried.unwrap_or_else(empty_overrides),
            steps,
        });
    };
    if let Some(handling) = &mapping.content_handling {
        steps.push(format!(
            "responses[{:?}].contentHandling {handling} noted, not applied",
            mapping.key
        ));
    }

    // 4. Method response headers from responseParameters.
    let mut headers = IndexMap::new();
    for (header, source) in &mapping.response_parameters {
        match source_value(source, event, Some(&endpoint), options)? {
            Some(value) => {
                steps.push(format!(
                    "responseParameters: header {header} from {}",
                    describe(source)
                ));
                set_header(&mut headers, header, value);
            }
            None => steps.push(format!(
                "responseParameters: {} is absent; header {header} not set",
                describe(source)
            )),
        }
    }

    // 5. Response template (overrides from the request template are carried in and readable
    // [AWS-rec aws-mock-responseoverride-in-request-with-template, aws-mock-requestoverride-path-*]).
    let (body, overrides) = match choose_response_template(mapping, event, &mut steps) {
        Some((key, text)) => {
            let template = parse_template(
                format!("responses[{:?}].responseTemplates[{key:?}]", mapping.key),
                text,
            )?;
            let rendered = render_response(&template, event, &endpoint, carried.as_ref(), options)?;
            (rendered.output, rendered.overrides)
        }
        None => {
            // No template: the integration body passes through [AWS-rec aws-lambda-selection-reqtmpl
            // notes], which for MOCK is empty [AWS-rec aws-mock-responseoverride-in-request-no-template].
            steps.push(if integration.kind == IntegrationType::Mock {
                "no response template: MOCK has no body to pass through; the body is empty"
                    .to_string()
            } else {
                "no response template: the integration body passes through".to_string()
            });
            (
                endpoint.body.clone(),
                carried.unwrap_or_else(empty_overrides),
            )
        }
    };

    // 6. responseOverride: status (when 100-599) and headers, applied last.
    let mut status_code = mapping.status_code;
    match overrides.response_override.get("status").unwrap_or(&Json::Null) {
        Json::Null => {}
        Json::Number(n) => match n.as_u64().and_then(|s| u16::try_from(s).ok()).filter(|s| (100..=599).contains(s)) {
            // [AWS-rec aws-mock-responseoverride-*: 444; aws-lambda-resptmpl-override-*: 202/400].
            Some(s) => {
                steps.push(format!("responseOverride.status {s} replaces {status_code}"));
                status_code = s;
            }
            // [LS-unit ls-resp-status-override-600/-99]: outside 100-599 it is ignored.
            None => steps.push(format!("responseOverride.status {n} ignored: not an integer from 100 to 599")),
        },
        other => steps.push(format!(
            "responseOverride.status {other} ignored: not an integer (LocalStack ignores non-integers; unverified on AWS)"
        )),
    }
    if let Some(Json::Object(values)) = overrides.response_override.get("header") {
        for (name, value) in values {
            if let Some(text) = override_text(value) {
                // The override wins over a responseParameters mapping of the same header
                // [LS-unit ls-resp-header-override; Doc: overrides are applied last].
                steps.push(format!("responseOverride.header.{name} = {text:?}"));
                set_header(&mut headers, name, text);
            }
        }
    }
    Ok(ChainResult {
        backend_request: Some(backend_request),
        response: ClientResponse {
            status_code,
            headers,
            body,
        },
        overrides,
        steps,
    })
}

/// Proxy integrations: no mapping templates; the request goes through as is and the answer
/// comes back as is (HTTP_PROXY) or as the Lambda proxy result describes it (AWS_PROXY).
fn proxy(
    integration: &Integration,
    event: &Event,
    backend: Option<&IntegrationResponse>,
    options: &RenderOptions,
    mut steps: Vec<String>,
) -> Result<ChainResult> {
    steps.push(format!(
        "{} is a proxy integration: mapping templates do not apply{}",
        integration.kind.name(),
        if integration.request_templates.is_empty()
            && integration
                .responses
                .iter()
                .all(|r| r.response_templates.is_empty())
        {
            ""
        } else {
            " (the templates given are ignored)"
        }
    ));
    let mut request = build_backend_request(
        integration,
        event,
        event.body.clone(),
        None,
        options,
        &mut steps,
    )?;
    for (k, v) in &event.headers {
        if !request.headers.keys().any(|h| h.eq_ignore_ascii_case(k)) {
            request.headers.insert(k.clone(), v.clone());
        }
    }
    for (k, v) in &event.query {
        request
            .querystring
            .entry(k.clone())
            .or_insert_with(|| v.clone());
    }
    if integration.kind == IntegrationType::AwsProxy {
        steps.push("AWS_PROXY: the function receives the whole request as its event; shown here as the body alone".into());
    }
    let Some(backend) = backend else {
        return Err(Error::new(
            ErrorKind::Input,
            format!(
                "the {} integration calls a backend: give its answer as the integration response ({{\"statusCode\", \"headers\", \"body\"}})",
                integration.kind.name()
            ),
        ));
    };
    let response = if integration.kind == IntegrationType::HttpProxy {
        steps.push("HTTP_PROXY: the backend's status, headers and body reach the client".into());
        ClientResponse {
            status_code: backend.status_code,
            headers: backend.headers.clone(),
            body: backend.body.clone(),
        }
    } else {
        match lambda_proxy_result(&backend.body) {
            Some(r) => {
                steps.push(
                    "AWS_PROXY: the function's result gives statusCode, headers and body".into(),
                );
                r
            }
            None => {
                // [Doc handle-errors-in-lambda-integration / set-up-lambda-proxy-integrations]:
                // a result not in the proxy format is a "Malformed Lambda proxy response", 502.
                steps.push("AWS_PROXY: the function's result is not {\"statusCode\", \"headers\", \"body\"}: Malformed Lambda proxy response -> 502".into());
                gateway_response(502, "Internal server error")
            }
        }
    };
    Ok(ChainResult {
        backend_request: Some(request),
        response,
        overrides: empty_overrides(),
        steps,
    })
}

/// Reads a Lambda proxy result `{"statusCode", "headers", "multiValueHeaders", "body"}`.
fn lambda_proxy_result(body: &str) -> Option<ClientResponse> {
    let Json::Object(map) = serde_json::from_str::<Json>(body).ok()? else {
        return None;
    };
    let status_code = match map.get("statusCode") {
        Some(Json::Number(n)) => n.as_u64().and_then(|s| u16::try_from(s).ok())?,
        Some(Json::String(s)) => s.parse().ok()?,
        None => 200,
        Some(_) => return None,
    };
    let mut headers = IndexMap::new();
    if let Some(Json::Object(h)) = map.get("multiValueHeaders") {
        for (k, v) in h {
            if let Json::Array(values) = v {
                let texts: Vec<String> = values.iter().filter_map(override_text).collect();
                headers.insert(k.clone(), texts.join(","));
            }
        }
    }
    match map.get("headers") {
        None | Some(Json::Null) => {}
        Some(Json::Object(h)) => {
            for (k, v) in h {
                headers.insert(k.clone(), override_text(v)?);
            }
        }
        Some(_) => return None,
    }
    let body = match map.get("body") {
        None | Some(Json::Null) => String::new(),
        Some(Json::String(s)) => s.clone(),
        Some(_) => return None,
    };
    Some(ClientResponse {
        status_code,
        headers,
        body,
    })
}
