//! Replays LocalStack's unit-test beliefs (../shared/conformance/localstack-unit.jsonl, when
//! present): the selection cases through `gateway::chain::invoke`, the plain request and response
//! cases through `gateway::render_request` / `render_response`. LocalStack is not AWS: a case is
//! skipped, with its reason, where the AWS docs, an AWS-recorded case or a documented project
//! choice (gateway::profile::open) say otherwise.

use std::path::Path;

use apigw_vtl::gateway::chain::{invoke, Integration};
use apigw_vtl::gateway::{self, Event, IntegrationResponse};
use apigw_vtl::{RenderOptions, Template};
use serde_json::{json, Value};

/// Cases not expected to pass, with the reason.
const SKIPPED: &[(&str, &str)] = &[
    (
        "ls-util-escapejs-0",
        "contradicts the AWS docs: $util.escapeJavaScript turns ' into \\' (LocalStack leaves it)",
    ),
    (
        "ls-util-escapejs-null",
        "LocalStack's unit test calls the Python function with None directly; in a template the helper returns null for a null argument and API Gateway renders a null reference as \"\" (AWS-SEMANTICS §1.1); unverified on AWS",
    ),
    (
        "ls-input-json-nonobject-body",
        "unverified on AWS; the project renders $input.json of a missing path as null (profile::open::INPUT_JSON_MISSING_IS_NULL), LocalStack as \"\"",
    ),
    (
        "ls-input-json-invalid-body",
        "unverified on AWS (which may fail the request on invalid JSON); the project follows Jayway/json-smart, not LocalStack's \"\"",
    ),
    (
        "ls-escapejs-input-json-empty",
        "depends on $input.json of a missing path, rendered null by project choice (profile::open::INPUT_JSON_MISSING_IS_NULL), \"\" by LocalStack",
    ),
];

const LAMBDA_URI: &str =
    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations";

fn backend(status: u16, body: &str) -> IntegrationResponse {
    IntegrationResponse {
        status_code: status,
        headers: Default::default(),
        body: body.to_string(),
    }
}

fn options() -> RenderOptions {
    RenderOptions::apigateway()
}

/// request-selection: an HTTP integration with the case's templates and passthrough behaviour.
fn request_selection(case: &Value, event: &Event) -> Result<(), String> {
    let integration = Integration::from_json(&json!({
        "type": "http",
        "uri": "https://backend.example.com/",
        "requestTemplates": case["requestTemplates"],
        "passthroughBehavior": case["passthroughBehavior"],
        "responses": {"default": {"statusCode": "200"}},
    }))
    .map_err(|e| e.to_string())?;
    let r =
        invoke(&integration, event, Some(&backend(200, "")), &options()).map_err(|e| e.render())?;
    match case["expected_status"].as_u64() {
        Some(415) => match (&r.backend_request, r.response.status_code) {
            (None, 415) => Ok(()),
            (_, status) => Err(format!("expected 415, got {status}")),
        },
        Some(other) => Err(format!("unexpected expected_status {other}")),
        None => {
            let got = r.backend_request.as_ref().map(|b| b.body.as_str());
            let expected = case["expected"].as_str();
            if got == expected {
                Ok(())
            } else {
                Err(format!("backend body {got:?}, expected {expected:?}"))
            }
        }
    }
}

/// response-selection: the case's response templates on the default response; the event body is
/// what the integration answered.
fn response_selection(case: &Value, event: &Event) -> Result<(), String> {
    let integration = Integration::from_json(&json!({
        "type": "http",
        "uri": "https://backend.example.com/",
        "responses": {"default": {"statusCode": "200", "responseTemplates": case["responseTemplates"]}},
    }))
    .map_err(|e| e.to_string())?;
    let r = invoke(
        &integration,
        event,
        Some(&backend(200, &event.body)),
        &options(),
    )
    .map_err(|e| e.render())?;
    let expected = case["expected"].as_str().unwrap_or_default();
    if r.response.body == expected {
        Ok(())
    } else {
        Err(format!("body {:?}, expected {expected:?}", r.response.body))
    }
}

/// integration-response-selection: the selection value is the integration status (HTTP), or a
/// Lambda errorMessage ("" for a success) when the case says Lambda non-proxy.
fn integration_response_selection(case: &Value, event: &Event) -> Result<(), String> {
    let value = case["selectionValue"].as_str().unwrap_or_default();
    let lambda = case["notes"]
        .as_str()
        .unwrap_or_default()
        .contains("Lambda non-proxy");
    let (kind, uri, answer) = if lambda {
        let body = if value.is_empty() {
            "{}".to_string()
        } else {
            json!({"errorMessage": value, "errorType": "Exception"}).to_string()
        };
        ("aws", LAMBDA_URI, backend(200, &body))
    } else {
        let status = value
            .parse::<u16>()
            .map_err(|e| format!("selectionValue {value:?}: {e}"))?;
        ("http", "https://backend.example.com/", backend(status, ""))
    };
    let integration = Integration::from_json(&json!({
        "type": kind,
        "uri": uri,
        "integrationResponses": case["integrationResponses"],
    }))
    .map_err(|e| e.to_string())?;
    let r = invoke(&integration, event, Some(&answer), &options()).map_err(|e| e.render())?;
    let expected = match (case["expected"].as_str(), case["expected_status"].as_u64()) {
        (Some(s), _) => s
            .parse::<u64>()
            .map_err(|e| format!("expected {s:?}: {e}"))?,
        (None, Some(status)) => status,
        (None, None) => return Err("the case names no expected status".into()),
    };
    if u64::from(r.response.status_code) == expected {
        Ok(())
    } else {
        Err(format!(
            "status {}, expected {expected}",
            r.response.status_code
        ))
    }
}

/// Plain request and response cases: the output, and for response cases the status and headers
/// the chain derives from the overrides (integration response status 300, as in LocalStack's
/// test, and a responseParameters mapping the override must beat).
fn plain(case: &Value, event: &Event) -> Result<(), String> {
    let id = case["id"].as_str().unwrap_or("?");
    let text = case["template"].as_str().ok_or("no template")?;
    let template = Template::parse(id, text).map_err(|e| e.render())?;
    let (output, overrides) = if case["kind"] == "request" {
        let rendered =
            gateway::render_request(&template, event, &options()).map_err(|e| e.render())?;
        (rendered.output, rendered.overrides)
    } else {
        let answer = backend(300, &event.body);
        let rendered = gateway::render_response(&template, event, &answer, None, &options())
            .map_err(|e| e.render())?;
        let integration = Integration::from_json(&json!({
            "type": "http",
            "uri": "https://backend.example.com/",
            "responses": {"default": {
                "statusCode": "300",
                "responseParameters": {"method.response.header.header": "'from mapping'"},
                "responseTemplates": {"application/json": text},
            }},
        }))
        .map_err(|e| e.to_string())?;
        let r = invoke(&integration, event, Some(&answer), &options()).map_err(|e| e.render())?;
        if let Some(status) = case["expected_status"].as_u64() {
            if u64::from(r.response.status_code) != status {
                return Err(format!(
                    "status {}, expected {status}",
                    r.response.status_code
                ));
            }
        }
        for (k, v) in case["expected_headers"].as_object().into_iter().flatten() {
            if r.response.headers.get(k).map(String::as_str) != v.as_str() {
                return Err(format!(
                    "header {k} = {:?}, expected {v}",
                    r.response.headers.get(k)
                ));
            }
        }
        if r.response.body != rendered.output {
            return Err(format!(
                "chain body {:?} differs from render_response {:?}",
                r.response.body, rendered.output
            ));
        }
        (rendered.output, rendered.overrides)
    };
    if let Some(expected) = case["expected"].as_str() {
        if output != expected {
            return Err(format!("output {output:?}, expected {expected:?}"));
        }
    }
    if let Some(subset) = case.get("expected_json_subset").filter(|v| !v.is_null()) {
        let got: Value = serde_json::from_str(&output)
            .map_err(|e| format!("output is not JSON ({e}): {output:?}"))?;
        contains(&got, subset, "$")?;
    }
    if let Some(subset) = case
        .get("expected_request_override")
        .filter(|v| !v.is_null())
    {
        contains(&overrides.request_override, subset, "requestOverride")?;
    }
    if let Some(subset) = case
        .get("expected_response_override")
        .filter(|v| !v.is_null())
    {
        contains(&overrides.response_override, subset, "responseOverride")?;
    }
    Ok(())
}

/// `got` has every key of `subset` (recursively for objects) with an equal value.
fn contains(got: &Value, subset: &Value, at: &str) -> Result<(), String> {
    match (got, subset) {
        (Value::Object(g), Value::Object(s)) => {
            for (k, v) in s {
                let inner = g
                    .get(k)
                    .ok_or_else(|| format!("{at}.{k} is missing (expected {v})"))?;
                contains(inner, v, &format!("{at}.{k}"))?;
            }
            Ok(())
        }
        _ if got == subset => Ok(()),
        _ => Err(format!("{at} is {got}, expected {subset}")),
    }
}

#[test]
fn localstack_unit_cases() {
    let path = Path::new("../shared/conformance/localstack-unit.jsonl");
    let Ok(text) = std::fs::read_to_string(path) else {
        println!("skipped: {} is not present", path.display());
        return;
    };
    // (passed, skipped) per kind, in first-seen order, for the summary line.
    let mut counts: Vec<(String, usize, usize)> = Vec::new();
    let mut failures = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("case lines are JSON");
        let id = case["id"].as_str().unwrap_or("?").to_string();
        let result = Event::from_json(&case["event"])
            .map_err(|e| e.to_string())
            .and_then(|event| match case["kind"].as_str() {
                Some("request-selection") => request_selection(&case, &event),
                Some("response-selection") => response_selection(&case, &event),
                Some("integration-response-selection") => {
                    integration_response_selection(&case, &event)
                }
                Some("request" | "response") => plain(&case, &event),
                other => Err(format!("unknown kind {other:?}")),
            });
        let kind = case["kind"].as_str().unwrap_or("?").to_string();
        let index = match counts.iter().position(|(k, _, _)| *k == kind) {
            Some(i) => i,
            None => {
                counts.push((kind, 0, 0));
                counts.len() - 1
            }
        };
        let skip = SKIPPED.iter().find(|(k, _)| *k == id).map(|(_, r)| *r);
        match (result, skip) {
            (Ok(()), None) => counts[index].1 += 1,
            (Ok(()), Some(_)) => failures.push(format!("{id}: passes now; remove it from SKIPPED")),
            (Err(_), Some(reason)) => {
                counts[index].2 += 1;
                println!("skipped {id}: {reason}");
            }
            (Err(e), None) => failures.push(format!("{id}: {e}")),
        }
    }
    for (kind, passed, skipped) in &counts {
        println!("LocalStack unit cases, {kind}: {passed} passed, {skipped} skipped");
    }
    let passed: usize = counts.iter().map(|c| c.1).sum();
    let skipped: usize = counts.iter().map(|c| c.2).sum();
    println!(
        "LocalStack unit cases: {passed} passed, {skipped} skipped, {} failed",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
