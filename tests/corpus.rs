//! Renders every real-world template of ../shared/corpus/realworld.jsonl (published in public
//! repositories) with its sample request, when that folder is present: each must parse and render
//! without an internal error.

use std::path::Path;

use apigw_vtl::gateway::{self, Event, IntegrationResponse};
use apigw_vtl::{ErrorKind, RenderOptions, Template};
use serde_json::Value;

/// Templates that do not parse on purpose: their source has a typo API Gateway would refuse too.
const EXPECTED_PARSE_FAILURES: &[&str] = &["rw-056"];

#[test]
fn realworld_templates_parse_and_render() {
    let path = Path::new("../shared/corpus/realworld.jsonl");
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipped: {} is not present", path.display());
        return;
    };
    let options = RenderOptions::apigateway();
    let (mut parsed, mut rendered, mut template_errors) = (0, 0, Vec::new());
    let mut failures = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("corpus lines are JSON");
        let id = case["id"].as_str().unwrap_or("?");
        let template = match Template::parse(id, case["template"].as_str().unwrap_or("")) {
            Ok(t) => t,
            Err(e) if EXPECTED_PARSE_FAILURES.contains(&id) => {
                eprintln!("{id}: refused as expected: {}", e.message());
                continue;
            }
            Err(e) => {
                failures.push(format!("{id}: does not parse:\n{}", e.render()));
                continue;
            }
        };
        if EXPECTED_PARSE_FAILURES.contains(&id) {
            failures.push(format!(
                "{id}: parses, but its source has a typo Velocity refuses"
            ));
        }
        parsed += 1;
        let event = match Event::from_json(&case["event"]) {
            Ok(e) => e,
            Err(e) => {
                failures.push(format!("{id}: sample event refused: {e}"));
                continue;
            }
        };
        let result = if case["kind"] == "response" {
            let response = IntegrationResponse {
                status_code: 200,
                headers: Default::default(),
                body: event.body.clone(),
            };
            gateway::render_response(&template, &event, &response, None, &options)
        } else {
            gateway::render_request(&template, &event, &options)
        };
        match result {
            Ok(_) => rendered += 1,
            // A Java exception the template itself causes is a faithful outcome, not an internal error.
            Err(e) if e.kind() == ErrorKind::Render => {
                template_errors.push(format!("{id}: {}", e.message()))
            }
            Err(e) => failures.push(format!("{id}: {}", e.render())),
        }
    }
    eprintln!(
        "corpus: {parsed} parsed, {rendered} rendered, {} failed with a template error:",
        template_errors.len()
    );
    for e in &template_errors {
        eprintln!("  {e}");
    }
    assert!(
        failures.is_empty(),
        "{} corpus case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
