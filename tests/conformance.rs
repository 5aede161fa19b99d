//! Replays ../shared/conformance/aws-recorded.jsonl (cases recorded against real API Gateway) when
//! that folder is present: request, response and request→integration→response pipelines.

use std::collections::BTreeMap;
use std::path::Path;

use apigw_vtl::gateway::{self, Event, IntegrationResponse, Overrides};
use apigw_vtl::{RenderOptions, Template};
use serde_json::Value;

/// Cases this engine does not pass, with the reason (each is discussed in the README).
const KNOWN_FAILURES: &[(&str, &str)] = &[];

/// Values the recorded deployment had that the case's event does not carry (the request was a
/// POST to /sqs on stage `testing`, but the event has no method, path or stage): not comparable.
const NOT_IN_EVENT: &[(&str, &[&str])] = &[(
    "aws-sqs-context-keyset",
    &[
        "context.resourcePath",
        "context.httpMethod",
        "context.path",
        "context.stage",
    ],
)];

struct Outcome {
    output: String,
    status: u16,
    headers: BTreeMap<String, String>,
    overrides: Overrides,
}

fn template(name: &str, text: &str) -> Result<Template, String> {
    Template::parse(name, text).map_err(|e| e.render())
}

fn run_case(case: &Value) -> Result<Outcome, String> {
    let id = case["id"].as_str().unwrap_or("?");
    let event = Event::from_json(&case["event"]).map_err(|e| e.to_string())?;
    let options = RenderOptions::apigateway();
    let request_text = case["template"].as_str().unwrap_or("");
    match case["kind"].as_str() {
        Some("request") => {
            let t = template(id, request_text)?;
            let r = gateway::render_request(&t, &event, &options).map_err(|e| e.render())?;
            Ok(finish(r.output, 200, r.overrides))
        }
        Some("response") => {
            // The event's body is what the integration answered.
            let t = template(id, request_text)?;
            let response = IntegrationResponse {
                status_code: 200,
                headers: Default::default(),
                body: event.body.clone(),
            };
            let r = gateway::render_response(&t, &event, &response, None, &options)
                .map_err(|e| e.render())?;
            Ok(finish(r.output, 200, r.overrides))
        }
        Some("pipeline") => {
            let t = template(id, request_text)?;
            let request = gateway::render_request(&t, &event, &options).map_err(|e| e.render())?;
            let integration = case["integration"].as_str().unwrap_or("");
            let response = match integration {
                // The backend echoes the transformed request body.
                "identity-echo" => IntegrationResponse {
                    status_code: 200,
                    headers: Default::default(),
                    body: request.output.clone(),
                },
                // MOCK answers with the status the request template's output names, and no body.
                "MOCK" => {
                    let status = serde_json::from_str::<Value>(&request.output)
                        .ok()
                        .and_then(|v| v["statusCode"].as_u64())
                        .and_then(|s| u16::try_from(s).ok())
                        .unwrap_or(200);
                    IntegrationResponse {
                        status_code: status,
                        headers: Default::default(),
                        body: String::new(),
                    }
                }
                other => return Err(format!("unknown integration {other}")),
            };
            match case["response_template"].as_str() {
                Some(text) => {
                    let rt = template(&format!("{id}#response"), text)?;
                    let r = gateway::render_response(
                        &rt,
                        &event,
                        &response,
                        Some(&request.overrides),
                        &options,
                    )
                    .map_err(|e| e.render())?;
                    Ok(finish(r.output, response.status_code, r.overrides))
                }
                // Without a response template a MOCK integration returns an empty body.
                None => Ok(finish(
                    String::new(),
                    response.status_code,
                    request.overrides,
                )),
            }
        }
        other => Err(format!("unknown kind {other:?}")),
    }
}

fn finish(output: String, status: u16, overrides: Overrides) -> Outcome {
    let status = overrides.response_override["status"]
        .as_u64()
        .or_else(|| {
            overrides.response_override["status"]
                .as_str()
                .and_then(|s| s.parse().ok())
        })
        .and_then(|s| u16::try_from(s).ok())
        .unwrap_or(status);
    let headers = overrides.response_override["header"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.as_str().map_or_else(|| v.to_string(), str::to_string),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    Outcome {
        output,
        status,
        headers,
        overrides,
    }
}

/// Sets every masked dotted path to null in both documents before comparing.
fn mask(value: &mut Value, path: &str) {
    let mut parts = path.split('.').peekable();
    let mut current = value;
    while let Some(part) = parts.next() {
        let Some(next) = current.get_mut(part) else {
            return;
        };
        if parts.peek().is_none() {
            *next = Value::Null;
            return;
        }
        current = next;
    }
}

fn check(case: &Value, outcome: &Outcome) -> Result<(), String> {
    if let Some(expected) = case["expected"].as_str() {
        if outcome.output != expected {
            return Err(format!(
                "expected {expected:?}\n     got {:?}",
                outcome.output
            ));
        }
    }
    if let Some(expected_json) = case.get("expected_json").filter(|v| !v.is_null()) {
        let mut got: Value = serde_json::from_str(&outcome.output)
            .map_err(|e| format!("output is not JSON ({e}): {:?}", outcome.output))?;
        // Some cases recorded only what reached SQS: the JSON inside the MessageBody string.
        if expected_json.get("MessageBody").is_none() {
            if let Some(inner) = got.get("MessageBody").and_then(Value::as_str) {
                got = serde_json::from_str(inner)
                    .map_err(|e| format!("MessageBody is not JSON ({e}): {inner:?}"))?;
            }
        }
        let mut expected = expected_json.clone();
        let id = case["id"].as_str().unwrap_or("");
        let extra = NOT_IN_EVENT
            .iter()
            .filter(|(k, _)| *k == id)
            .flat_map(|(_, paths)| paths.iter().copied());
        for m in case["masks"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .chain(extra)
        {
            mask(&mut got, m);
            mask(&mut expected, m);
        }
        if got != expected {
            return Err(format!("expected JSON {expected}\n     got {got}"));
        }
    }
    if let Some(status) = case["expected_status"].as_u64() {
        if u64::from(outcome.status) != status {
            return Err(format!("expected status {status}, got {}", outcome.status));
        }
    }
    if let Some(headers) = case["expected_headers"].as_object() {
        for (k, v) in headers {
            if outcome.headers.get(k).map(String::as_str) != v.as_str() {
                return Err(format!(
                    "expected header {k}: {v}, got {:?}",
                    outcome.headers.get(k)
                ));
            }
        }
    }
    if let Some(expected) = case
        .get("expected_request_override")
        .filter(|v| !v.is_null())
    {
        for (section, values) in expected.as_object().into_iter().flatten() {
            for (k, v) in values.as_object().into_iter().flatten() {
                let got = &outcome.overrides.request_override[section][k];
                if got != v {
                    return Err(format!(
                        "expected requestOverride.{section}.{k} = {v}, got {got}"
                    ));
                }
            }
        }
    }
    Ok(())
}

#[test]
fn aws_recorded_cases_pass() {
    let path = Path::new("../shared/conformance/aws-recorded.jsonl");
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipped: {} is not present", path.display());
        return;
    };
    let mut passed = 0;
    let mut failures = Vec::new();
    let mut known = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("case lines are JSON");
        let id = case["id"].as_str().unwrap_or("?").to_string();
        let result = run_case(&case).and_then(|o| check(&case, &o));
        let known_reason = KNOWN_FAILURES
            .iter()
            .find(|(k, _)| *k == id)
            .map(|(_, r)| *r);
        match (result, known_reason) {
            (Ok(()), None) => passed += 1,
            (Ok(()), Some(_)) => {
                failures.push(format!("{id}: passes now; remove it from KNOWN_FAILURES"))
            }
            (Err(_), Some(_)) => known += 1,
            (Err(e), None) => failures.push(format!("{id}: {e}")),
        }
    }
    eprintln!(
        "conformance: {passed} AWS-recorded cases pass, {known} known failures, {} failing",
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} AWS-recorded case(s) fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
