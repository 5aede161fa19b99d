//! `apigw-vtl invoke --integration INTEGRATION.json --event EVENT.json [--integration-response R.json]
//! [--format human|json]`: runs one call through the integration chain and prints both ends of it.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use apigw_vtl::gateway::chain::{
    self, BackendRequest, ChainResult, ClientResponse, Integration, IntegrationType,
};
use apigw_vtl::gateway::{Event, IntegrationResponse};
use apigw_vtl::limit::Limit;
use apigw_vtl::{ErrorKind, RenderOptions};
use indexmap::IndexMap;

use super::input::read_json_object;
use super::limits::LimitArgs;
use super::{write_stdout, Outcome, UsageError};

/// Output formats of `invoke`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// The backend request and the client response as HTTP messages, then the trace.
    Human,
    /// `{"backendRequest", "response", "overrides", "steps"}`.
    Json,
}

/// Arguments of `invoke`.
#[derive(clap::Args)]
pub struct Args {
    /// The integration: an `x-amazon-apigateway-integration` object (or a method object holding one).
    #[arg(long, value_name = "INTEGRATION.json")]
    integration: PathBuf,
    /// The client request: an API Gateway REST proxy event.
    #[arg(long, value_name = "EVENT.json")]
    event: PathBuf,
    /// What the backend answered (`{"statusCode", "headers", "body"}`); not needed for MOCK.
    #[arg(long, value_name = "RESPONSE.json")]
    integration_response: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    #[command(flatten)]
    limits: LimitArgs,
}

/// Reads a JSON file and converts it, naming the file in any error.
fn load<T>(
    path: &Path,
    convert: impl FnOnce(&serde_json::Value) -> apigw_vtl::Result<T>,
) -> Result<T, UsageError> {
    let json = serde_json::Value::Object(read_json_object(path)?);
    convert(&json).map_err(|e| UsageError(format!("{}: {}", path.display(), e.message())))
}

pub fn run(args: Args) -> Result<Outcome, UsageError> {
    let integration = load(&args.integration, Integration::from_json)?;
    let event = load(&args.event, Event::from_json)?;
    for field in &event.unknown_fields {
        let _ = writeln!(
            std::io::stderr(),
            "warning: {}: unknown event field `{field}` is ignored",
            args.event.display()
        );
    }
    let backend = match &args.integration_response {
        Some(path) => Some(load(path, IntegrationResponse::from_json)?),
        None => None,
    };
    let options = args.limits.apply(RenderOptions::apigateway());
    match chain::invoke(&integration, &event, backend.as_ref(), &options) {
        Ok(result) => {
            let text = match args.format {
                Format::Json => format!("{:#}\n", result.to_json()),
                Format::Human => human(&result),
            };
            write_stdout(text.as_bytes())?;
            Ok(Outcome::Success)
        }
        // The chain's input errors are about the integration response (missing or unusable).
        Err(error) if error.kind() == ErrorKind::Input => {
            let file = args.integration_response.as_ref().map_or_else(
                || "--integration-response".to_string(),
                |p| p.display().to_string(),
            );
            Err(UsageError(format!("{file}: {}", error.message())))
        }
        // The payload's size is the request's, or else the backend's.
        Err(error) if Limit::BodyBytes.reached_in(&error) => {
            let request_too_big = options
                .limits
                .max_body_bytes
                .is_some_and(|max| event.body.len() > max);
            let file = match (&args.integration_response, request_too_big) {
                (Some(path), false) => path.display().to_string(),
                _ => args.event.display().to_string(),
            };
            Err(UsageError(format!("{file}: {}", error.message())))
        }
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "{}", error.render());
            Ok(Outcome::Failure)
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        415 => "Unsupported Media Type",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

fn headers_and_body(out: &mut String, headers: &IndexMap<String, String>, body: &str) {
    for (k, v) in headers {
        let _ = writeln!(out, "{k}: {v}");
    }
    out.push('\n');
    out.push_str(body);
    if !body.is_empty() && !body.ends_with('\n') {
        out.push('\n');
    }
}

fn backend_request(out: &mut String, request: &BackendRequest) {
    let _ = writeln!(
        out,
        "== backend request ({}) ==",
        request.integration_type.name()
    );
    let mut target = request
        .uri
        .clone()
        .unwrap_or_else(|| match request.integration_type {
            IntegrationType::Mock => "(MOCK: no backend is called)".to_string(),
            _ => "(no URI)".to_string(),
        });
    if !request.querystring.is_empty() {
        let query: Vec<String> = request
            .querystring
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        target.push(if target.contains('?') { '&' } else { '?' });
        target.push_str(&query.join("&"));
    }
    let _ = writeln!(out, "{} {target}", request.method);
    if !request.path_parameters.is_empty() {
        let params: Vec<String> = request
            .path_parameters
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let _ = writeln!(out, "(path parameters: {})", params.join(", "));
    }
    headers_and_body(out, &request.headers, &request.body);
}

fn client_response(out: &mut String, response: &ClientResponse) {
    let _ = writeln!(out, "== client response ==");
    let line = format!(
        "HTTP/1.1 {} {}",
        response.status_code,
        reason(response.status_code)
    );
    let _ = writeln!(out, "{}", line.trim_end());
    headers_and_body(out, &response.headers, &response.body);
}

fn human(result: &ChainResult) -> String {
    let mut out = String::new();
    match &result.backend_request {
        Some(request) => backend_request(&mut out, request),
        None => out.push_str("== backend request ==\n(not sent: API Gateway answered itself)\n"),
    }
    out.push('\n');
    client_response(&mut out, &result.response);
    out.push_str("\n== steps ==\n");
    for (i, step) in result.steps.iter().enumerate() {
        let _ = writeln!(out, "{}. {step}", i + 1);
    }
    out
}
