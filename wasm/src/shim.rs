//! The bindings' logic in plain Rust: JSON inputs in, the `{ output, diagnostics }` JSON out.
//! Only the library's public API is called: `Template::parse`, `render_json`,
//! `gateway::render_request`/`render_response`, `Event::from_json`, `Error`'s accessors and `lint`.

use std::sync::Arc;

use annotate_snippets::Renderer;
use apigw_vtl::gateway::{self, Event, IntegrationResponse};
use apigw_vtl::lint::config::Config;
use apigw_vtl::lint::output::human;
use apigw_vtl::lint::rule::Rule;
use apigw_vtl::lint::source::SourceFile;
use apigw_vtl::lint::{load, rules, run};
use apigw_vtl::span::LineIndex;
use apigw_vtl::{Error, RenderOptions, Template};
use serde_json::{json, Map, Value};

/// The version of this package (kept equal to the library's).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

const DEFAULT_NAME: &str = "template.vtl";

/// An argument as it came from JavaScript.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// `undefined` or `null`.
    Absent,
    /// A string: JSON text written by a person, so parse errors point into it.
    Text(String),
    /// Any other value, as `JSON.stringify` wrote it.
    Value(String),
    /// A value `JSON.stringify` refused (a cycle, a BigInt).
    Unreadable,
}

/// What a diagnostic's position refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The template text.
    Template,
    /// The event.
    Event,
    /// The integration response.
    IntegrationResponse,
    /// The variables of the velocity profile.
    Vars,
    /// The options object.
    Options,
}

impl Origin {
    fn name(self) -> &'static str {
        match self {
            Origin::Template => "template",
            Origin::Event => "event",
            Origin::IntegrationResponse => "integrationResponse",
            Origin::Vars => "vars",
            Origin::Options => "options",
        }
    }
}

/// A diagnostic for a library error in `text` (the template's source).
pub fn diagnostic(error: &Error, text: &str) -> Value {
    let (line, column, end_line, end_column) = match error.span() {
        Some(span) => {
            let index = LineIndex::new(text);
            let end = (span.end as usize).max(span.start as usize).min(text.len());
            let (end_line, end_column) = index.line_col(text, end);
            let (line, column) = (span.line, span.column);
            // An empty span still marks one position.
            (
                json!(line),
                json!(column),
                json!(end_line),
                json!(end_column),
            )
        }
        None => (Value::Null, Value::Null, Value::Null, Value::Null),
    };
    json!({
        "code": error.kind().name(),
        "message": error.message(),
        "severity": "error",
        "source": Origin::Template.name(),
        "line": line,
        "column": column,
        "endLine": end_line,
        "endColumn": end_column,
        "help": error.help(),
        "rendered": error.render(),
    })
}

/// A diagnostic about an input other than the template, optionally at a 1-based position.
fn input_diagnostic(origin: Origin, message: String, at: Option<(usize, usize)>) -> Value {
    let (line, column) = match at {
        Some((l, c)) => (json!(l), json!(c)),
        None => (Value::Null, Value::Null),
    };
    let location = at.map_or(String::new(), |(l, c)| format!(" (line {l}, column {c})"));
    json!({
        "code": "input",
        "message": message,
        "severity": "error",
        "source": origin.name(),
        "line": line,
        "column": column,
        "endLine": line,
        "endColumn": column,
        "help": Value::Null,
        "rendered": format!("error: {}: {message}{location}", origin.name()),
    })
}

fn failed(diagnostics: Vec<Value>) -> Value {
    json!({ "output": Value::Null, "diagnostics": diagnostics, "overrides": Value::Null })
}

/// Reads a JSON argument: `Ok(None)` when absent.
fn parse_input(input: &Input, origin: Origin) -> Result<Option<Value>, Value> {
    match input {
        Input::Absent => Ok(None),
        Input::Text(text) => serde_json::from_str(text).map(Some).map_err(|e| {
            let at = (e.line() > 0).then(|| (e.line(), e.column().max(1)));
            input_diagnostic(
                origin,
                format!("not valid JSON: {}", strip_position(&e)),
                at,
            )
        }),
        Input::Value(text) => serde_json::from_str(text).map(Some).map_err(|e| {
            input_diagnostic(
                origin,
                format!("not valid JSON: {}", strip_position(&e)),
                None,
            )
        }),
        Input::Unreadable => Err(input_diagnostic(
            origin,
            "the value cannot be written as JSON (a cycle or a BigInt?)".into(),
            None,
        )),
    }
}

/// serde_json's message without its " at line L column C" tail (the diagnostic carries those).
fn strip_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// A nested option that may be given as an object or as JSON text.
fn nested(options: &Map<String, Value>, key: &str, origin: Origin) -> Result<Option<Value>, Value> {
    match options.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => parse_input(&Input::Text(text.clone()), origin),
        Some(other) => Ok(Some(other.clone())),
    }
}

fn read_options(options: &Input) -> Result<Map<String, Value>, Value> {
    match parse_input(options, Origin::Options)? {
        None => Ok(Map::new()),
        Some(Value::Object(map)) => Ok(map),
        Some(_) => Err(input_diagnostic(
            Origin::Options,
            "options must be an object".into(),
            None,
        )),
    }
}

fn template_name(options: &Map<String, Value>) -> String {
    match options.get("name") {
        Some(Value::String(name)) if !name.is_empty() => name.clone(),
        _ => DEFAULT_NAME.to_string(),
    }
}

/// `render(template, event, options)` → `{ output, diagnostics, overrides }`.
pub fn render(template: &str, event: &Input, options: &Input) -> Value {
    render_inner(template, event, options).unwrap_or_else(|diagnostic| failed(vec![diagnostic]))
}

fn render_inner(text: &str, event: &Input, options: &Input) -> Result<Value, Value> {
    let options = read_options(options)?;
    let profile = match options.get("profile") {
        None | Some(Value::Null) => "apigateway",
        Some(Value::String(p)) if p == "apigateway" || p == "velocity" => p.as_str(),
        Some(other) => {
            return Err(input_diagnostic(
                Origin::Options,
                format!("profile must be \"apigateway\" or \"velocity\", found {other}"),
                None,
            ))
        }
    };
    let template =
        Template::parse(&template_name(&options), text).map_err(|e| diagnostic(&e, text))?;
    if profile == "velocity" {
        let vars = match nested(&options, "vars", Origin::Vars)? {
            None => Map::new(),
            Some(Value::Object(map)) => map,
            Some(_) => {
                return Err(input_diagnostic(
                    Origin::Vars,
                    "vars must be a JSON object".into(),
                    None,
                ))
            }
        };
        let output = template
            .render_json(&vars, &RenderOptions::default())
            .map_err(|e| diagnostic(&e, text))?;
        return Ok(json!({ "output": output, "diagnostics": [], "overrides": Value::Null }));
    }
    let event_json = parse_input(event, Origin::Event)?.unwrap_or_else(|| json!({}));
    let event = Event::from_json(&event_json)
        .map_err(|e| input_diagnostic(Origin::Event, e.message().to_string(), None))?;
    let render_options = RenderOptions::apigateway();
    let rendered = match nested(&options, "integrationResponse", Origin::IntegrationResponse)? {
        None => gateway::render_request(&template, &event, &render_options),
        Some(json) => {
            let response = IntegrationResponse::from_json(&json).map_err(|e| {
                input_diagnostic(Origin::IntegrationResponse, e.message().to_string(), None)
            })?;
            gateway::render_response(&template, &event, &response, None, &render_options)
        }
    }
    .map_err(|e| diagnostic(&e, text))?;
    Ok(json!({
        "output": rendered.output,
        "diagnostics": [],
        "overrides": rendered.overrides.to_json(),
    }))
}

/// `lint(template, options)` → `{ diagnostics }`: the library's lint rules over one template
/// (`options.deep` also renders it against edge-case requests; `select`/`ignore` take rule codes).
pub fn lint(text: &str, options: &Input) -> Value {
    match lint_inner(text, options) {
        Ok(diagnostics) => json!({ "diagnostics": diagnostics }),
        Err(diagnostic) => json!({ "diagnostics": [diagnostic] }),
    }
}

fn lint_inner(text: &str, options: &Input) -> Result<Vec<Value>, Value> {
    let options = read_options(options)?;
    let mut config = Config::default();
    config.deep = matches!(options.get("deep"), Some(Value::Bool(true)));
    if let Some(codes) = options.get("select") {
        config.select(&rules_named(codes, "select")?);
    }
    if let Some(codes) = options.get("ignore") {
        config.ignore(&rules_named(codes, "ignore")?);
    }
    let file = Arc::new(SourceFile::new(template_name(&options), text));
    let document = load::template_document(file);
    let diagnostics = run::lint_documents(&[document], &config);
    let renderer = Renderer::plain();
    Ok(diagnostics
        .iter()
        .map(|diagnostic| {
            let (line, column) = diagnostic.start();
            let (end_line, end_column) = diagnostic.end();
            json!({
                "code": diagnostic.code,
                "name": diagnostic.name,
                "message": diagnostic.message,
                "severity": diagnostic.severity.name(),
                "source": Origin::Template.name(),
                "line": line,
                "column": column,
                "endLine": end_line,
                "endColumn": end_column,
                "help": diagnostic.help,
                "note": diagnostic.note,
                "rendered": human::excerpt(diagnostic, &renderer),
            })
        })
        .collect())
}

/// The rules an option lists by code or name (`["VTL003", "unknown-util"]`).
fn rules_named(codes: &Value, option: &str) -> Result<Vec<&'static Rule>, Value> {
    let list = match codes {
        Value::Array(items) => items.as_slice(),
        Value::Null => &[],
        _ => {
            return Err(input_diagnostic(
                Origin::Options,
                format!("`{option}` must be a list of rule codes"),
                None,
            ))
        }
    };
    list.iter()
        .map(|code| {
            code.as_str().and_then(rules::lookup).ok_or_else(|| {
                input_diagnostic(
                    Origin::Options,
                    format!("`{option}` names an unknown rule: {code}"),
                    None,
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lint_reports_rules_with_their_codes_and_positions() {
        let result = lint(
            "{\n  \"items\": [#foreach($i in $input.path('$.items')){\"id\": \"$i.id\"},#end]\n}",
            &Input::Absent,
        );
        let diagnostics = result["diagnostics"].as_array().expect("a list");
        let comma = diagnostics
            .iter()
            .find(|d| d["code"] == "VTL003")
            .expect("the trailing comma is reported");
        assert_eq!(comma["name"], "foreach-trailing-comma");
        assert_eq!(comma["severity"], "error");
        assert_eq!(comma["line"], 2);
        assert!(comma["rendered"]
            .as_str()
            .expect("text")
            .contains("template.vtl:2:"));
    }

    #[test]
    fn lint_options_select_and_ignore_rules() {
        let template = "$util.toJson($x) #evaluate('x')";
        let only = lint(
            template,
            &Input::Value(r#"{"select": ["unknown-util"]}"#.into()),
        );
        let codes: Vec<&Value> = only["diagnostics"]
            .as_array()
            .expect("list")
            .iter()
            .map(|d| &d["code"])
            .collect();
        assert_eq!(codes, vec!["VTL008"]);
        let ignored = lint(
            template,
            &Input::Value(r#"{"ignore": ["VTL008", "VTL002"]}"#.into()),
        );
        assert_eq!(ignored["diagnostics"], json!([]));
        let unknown = lint(template, &Input::Value(r#"{"ignore": ["VTL999"]}"#.into()));
        assert_eq!(unknown["diagnostics"][0]["source"], "options");
    }

    fn text(s: &str) -> Input {
        Input::Text(s.to_string())
    }

    #[test]
    fn renders_a_request_template() {
        let result = render(
            "{\"id\": \"$input.params('id')\", \"name\": $input.json('$.name')}",
            &text(r#"{"pathParameters": {"id": "7"}, "body": "{\"name\": \"Ann\"}"}"#),
            &Input::Absent,
        );
        assert_eq!(result["output"], "{\"id\": \"7\", \"name\": \"Ann\"}");
        assert_eq!(result["diagnostics"], json!([]));
    }

    #[test]
    fn renders_a_response_template() {
        let result = render(
            "$input.path('$.n') $context.stage",
            &Input::Absent,
            &Input::Value(r#"{"integrationResponse": {"body": "{\"n\": 3}"}}"#.into()),
        );
        assert_eq!(result["output"], "3 prod");
    }

    #[test]
    fn renders_with_the_velocity_profile() {
        let result = render(
            "$x $missing",
            &Input::Absent,
            &Input::Value(r#"{"profile": "velocity", "vars": "{\"x\": [1, 2]}"}"#.into()),
        );
        assert_eq!(result["output"], "[1, 2] $missing");
    }

    #[test]
    fn a_parse_error_has_its_range() {
        let result = render("line one\n  #if($x)", &Input::Absent, &Input::Absent);
        assert_eq!(result["output"], Value::Null);
        let d = &result["diagnostics"][0];
        assert_eq!(d["code"], "syntax");
        assert_eq!(d["source"], "template");
        assert_eq!(d["line"], 2);
        assert!(d["rendered"].as_str().unwrap().contains("template.vtl:2:"));
        assert!(d["endLine"].as_u64().unwrap() >= 2);
    }

    #[test]
    fn a_render_error_points_into_the_template() {
        let result = render("ok\n$util.parseJson('{')", &Input::Absent, &Input::Absent);
        let d = &result["diagnostics"][0];
        assert_eq!(d["line"], 2);
        assert_eq!(d["column"], 7);
        assert_eq!(d["endLine"], 2);
        assert!(d["endColumn"].as_u64().unwrap() > 7);
    }

    #[test]
    fn bad_event_json_is_located_in_the_event() {
        let result = render("x", &text("{\n  \"body\": ,\n}"), &Input::Absent);
        let d = &result["diagnostics"][0];
        assert_eq!(d["source"], "event");
        assert_eq!(d["line"], 2);
    }

    #[test]
    fn malformed_event_fields_are_named() {
        let result = render("x", &text(r#"{"headers": []}"#), &Input::Absent);
        let d = &result["diagnostics"][0];
        assert_eq!(d["source"], "event");
        assert!(d["message"].as_str().unwrap().contains("headers"));
    }

    #[test]
    fn lint_reports_a_syntax_error_as_vtl001() {
        assert_eq!(lint("$x", &Input::Absent)["diagnostics"], json!([]));
        let result = lint("#end", &Input::Absent);
        assert_eq!(result["diagnostics"][0]["code"], "VTL001");
        assert_eq!(result["diagnostics"][0]["line"], 1);
    }
}
