//! The sample request: an API Gateway REST proxy event (as `sam local generate-event apigateway
//! aws-proxy` prints it), validated field by field, with deterministic defaults for what is missing.

use indexmap::IndexMap;
use serde_json::Value as Json;

use crate::error::{Error, ErrorKind};

/// A request as API Gateway received it: a cheap handle (renders share it, never copy it).
#[derive(Clone, Debug, Default)]
pub struct Event {
    data: std::sync::Arc<EventData>,
}

impl std::ops::Deref for Event {
    type Target = EventData;
    fn deref(&self) -> &EventData {
        &self.data
    }
}

/// The fields of an event.
#[derive(Clone, Debug, Default)]
pub struct EventData {
    /// The raw body (`{}` is substituted for an empty one when `$input.body` reads it).
    pub body: String,
    /// Headers, as sent.
    pub headers: IndexMap<String, String>,
    /// Headers with every value.
    pub multi_value_headers: IndexMap<String, Vec<String>>,
    /// Query string parameters (last value of repeated ones).
    pub query: IndexMap<String, String>,
    /// Query string parameters with every value.
    pub multi_value_query: IndexMap<String, Vec<String>>,
    /// Path parameters.
    pub path_parameters: IndexMap<String, String>,
    /// Stage variables.
    pub stage_variables: IndexMap<String, String>,
    /// `requestContext` as given (becomes `$context`, completed with defaults).
    pub request_context: serde_json::Map<String, Json>,
    /// HTTP method (`GET` when absent).
    pub http_method: String,
    /// Request path without the stage (`/` when absent).
    pub path: String,
    /// The resource path template (`/` when absent).
    pub resource: String,
    /// Field names the event had that are not part of the REST proxy format.
    pub unknown_fields: Vec<String>,
}

/// What the integration answered, for response templates.
#[derive(Clone, Debug, Default)]
pub struct IntegrationResponse {
    /// Status code.
    pub status_code: u16,
    /// Headers.
    pub headers: IndexMap<String, String>,
    /// Body text.
    pub body: String,
}

const KNOWN_FIELDS: &[&str] = &[
    "body",
    "isBase64Encoded",
    "headers",
    "multiValueHeaders",
    "queryStringParameters",
    "multiValueQueryStringParameters",
    "pathParameters",
    "stageVariables",
    "requestContext",
    "context",
    "httpMethod",
    "path",
    "resource",
    "version",
];

fn input_error(field: &str, what: &str) -> Error {
    Error::new(ErrorKind::Input, format!("event field `{field}`: {what}"))
}

/// A string map field; JSON null or absence is empty, non-string values are refused.
fn string_map(
    event: &serde_json::Map<String, Json>,
    field: &str,
) -> Result<IndexMap<String, String>, Error> {
    match event.get(field) {
        None | Some(Json::Null) => Ok(IndexMap::new()),
        Some(Json::Object(map)) => map
            .iter()
            .map(|(k, v)| match v {
                Json::String(s) => Ok((k.clone(), s.clone())),
                // Numbers and booleans are accepted as their JSON text (API Gateway only sends strings).
                Json::Number(n) => Ok((k.clone(), n.to_string())),
                Json::Bool(b) => Ok((k.clone(), b.to_string())),
                other => Err(input_error(
                    &format!("{field}.{k}"),
                    &format!("expected a string, found {}", kind_of(other)),
                )),
            })
            .collect(),
        Some(other) => Err(input_error(
            field,
            &format!("expected an object of strings, found {}", kind_of(other)),
        )),
    }
}

fn multi_map(
    event: &serde_json::Map<String, Json>,
    field: &str,
) -> Result<IndexMap<String, Vec<String>>, Error> {
    match event.get(field) {
        None | Some(Json::Null) => Ok(IndexMap::new()),
        Some(Json::Object(map)) => map
            .iter()
            .map(|(k, v)| match v {
                Json::Array(items) => items
                    .iter()
                    .map(|i| match i {
                        Json::String(s) => Ok(s.clone()),
                        other => Err(input_error(
                            &format!("{field}.{k}"),
                            &format!("expected strings, found {}", kind_of(other)),
                        )),
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map(|values| (k.clone(), values)),
                other => Err(input_error(
                    &format!("{field}.{k}"),
                    &format!("expected a list of strings, found {}", kind_of(other)),
                )),
            })
            .collect(),
        Some(other) => Err(input_error(
            field,
            &format!(
                "expected an object of string lists, found {}",
                kind_of(other)
            ),
        )),
    }
}

/// How a JSON value is named in input errors ("expected a string, found a list").
pub(crate) fn kind_of(json: &Json) -> &'static str {
    match json {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "a list",
        Json::Object(_) => "an object",
    }
}

fn string_field(
    event: &serde_json::Map<String, Json>,
    field: &str,
    default: &str,
) -> Result<String, Error> {
    match event.get(field) {
        None | Some(Json::Null) => Ok(default.to_string()),
        Some(Json::String(s)) => Ok(s.clone()),
        Some(other) => Err(input_error(
            field,
            &format!("expected a string, found {}", kind_of(other)),
        )),
    }
}

impl Event {
    /// Reads an event; every malformed field is reported by name.
    pub fn from_json(json: &Json) -> Result<Event, Error> {
        let Json::Object(event) = json else {
            return Err(Error::new(
                ErrorKind::Input,
                format!("an event must be a JSON object, found {}", kind_of(json)),
            ));
        };
        let is_base64 = match event.get("isBase64Encoded") {
            None | Some(Json::Null) => false,
            Some(Json::Bool(b)) => *b,
            Some(other) => {
                return Err(input_error(
                    "isBase64Encoded",
                    &format!("expected true or false, found {}", kind_of(other)),
                ))
            }
        };
        let raw_body = match event.get("body") {
            None | Some(Json::Null) => String::new(),
            Some(Json::String(s)) => s.clone(),
            // A JSON value given as the body is sent as its compact text.
            Some(other) => other.to_string(),
        };
        let body = if is_base64 {
            use base64::Engine as _;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(raw_body.trim())
                .map_err(|e| {
                    input_error(
                        "body",
                        &format!("isBase64Encoded is true but the body is not base64: {e}"),
                    )
                })?;
            // API Gateway answers 500 when a binary (non-UTF-8) body meets a mapping template.
            String::from_utf8(bytes).map_err(|_| {
                input_error(
                    "body",
                    "the base64 body is binary (not UTF-8); API Gateway fails a mapping template on it with 500",
                )
            })?
        } else {
            raw_body
        };
        let request_context = match event.get("requestContext").or_else(|| event.get("context")) {
            None | Some(Json::Null) => serde_json::Map::new(),
            Some(Json::Object(map)) => map.clone(),
            Some(other) => {
                return Err(input_error(
                    "requestContext",
                    &format!("expected an object, found {}", kind_of(other)),
                ))
            }
        };
        let unknown_fields = event
            .keys()
            .filter(|k| !KNOWN_FIELDS.contains(&k.as_str()))
            .cloned()
            .collect();
        Ok(Event::from(EventData {
            body,
            headers: string_map(event, "headers")?,
            multi_value_headers: multi_map(event, "multiValueHeaders")?,
            query: string_map(event, "queryStringParameters")?,
            multi_value_query: multi_map(event, "multiValueQueryStringParameters")?,
            path_parameters: string_map(event, "pathParameters")?,
            stage_variables: string_map(event, "stageVariables")?,
            request_context,
            http_method: string_field(event, "httpMethod", "GET")?,
            path: string_field(event, "path", "/")?,
            resource: string_field(event, "resource", "/")?,
            unknown_fields,
        }))
    }
}

impl From<EventData> for Event {
    fn from(data: EventData) -> Event {
        Event {
            data: std::sync::Arc::new(data),
        }
    }
}

impl EventData {
    /// A header's value, matching the name without regard to case (as HTTP does).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl IntegrationResponse {
    /// Reads `{"statusCode", "headers", "body"}`.
    pub fn from_json(json: &Json) -> Result<IntegrationResponse, Error> {
        let Json::Object(map) = json else {
            return Err(Error::new(
                ErrorKind::Input,
                format!(
                    "an integration response must be a JSON object, found {}",
                    kind_of(json)
                ),
            ));
        };
        let field = |f: &str, what: &str| {
            Error::new(
                ErrorKind::Input,
                format!("integration response field `{f}`: {what}"),
            )
        };
        let status_code = match map.get("statusCode") {
            None | Some(Json::Null) => 200,
            Some(Json::Number(n)) => n
                .as_u64()
                .and_then(|n| u16::try_from(n).ok())
                .filter(|n| (100..=599).contains(n))
                .ok_or_else(|| field("statusCode", "expected an HTTP status from 100 to 599"))?,
            Some(Json::String(s)) => s
                .parse::<u16>()
                .ok()
                .filter(|n| (100..=599).contains(n))
                .ok_or_else(|| field("statusCode", "expected an HTTP status from 100 to 599"))?,
            Some(other) => {
                return Err(field(
                    "statusCode",
                    &format!("expected a number, found {}", kind_of(other)),
                ))
            }
        };
        let body = match map.get("body") {
            None | Some(Json::Null) => String::new(),
            Some(Json::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        };
        Ok(IntegrationResponse {
            status_code,
            headers: string_map(map, "headers").map_err(|e| field("headers", e.message()))?,
            body,
        })
    }
}
