//! Replays ../shared/oracle/probes.jsonl (behaviours recorded from Apache Velocity 1.7) when that
//! folder is present: every probe must render the recorded bytes, or fail where Velocity failed.

use std::path::Path;

use apigw_vtl::gateway::{self, Event};
use apigw_vtl::{RenderOptions, Template};

#[test]
fn recorded_velocity_probes_agree() {
    let path = Path::new("../shared/oracle/probes.jsonl");
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipped: {} is not present", path.display());
        return;
    };
    let mut checked = 0;
    let mut failures = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let probe: serde_json::Value = serde_json::from_str(line).expect("probe lines are JSON");
        let id = probe["id"].as_str().unwrap_or("?");
        let template = probe["template"].as_str().unwrap_or("");
        let empty = serde_json::Map::new();
        let vars = probe["vars"].as_object().unwrap_or(&empty);
        let result = match probe.get("event") {
            // The oracle's gateway mode is stock Velocity plus its model of AWS's variables: the
            // gateway layer under the `velocity` profile (null references print their source).
            Some(event) => Event::from_json(event).and_then(|event| {
                let t = Template::parse(id, template)?;
                gateway::render_request(&t, &event, &RenderOptions::default()).map(|r| r.output)
            }),
            None => Template::parse(id, template)
                .and_then(|t| t.render_json(vars, &RenderOptions::default())),
        };
        checked += 1;
        match (probe.get("output").and_then(|o| o.as_str()), result) {
            (Some(expected), Ok(output)) if output == expected => {}
            (None, Err(_)) => {}
            (expected, got) => failures.push(format!(
                "{id}: template {template:?}\n  expected {expected:?}\n  got {got:?}"
            )),
        }
    }
    assert!(checked > 100, "only {checked} probes were read");
    assert!(
        failures.is_empty(),
        "{} probe(s) disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{checked} probes agree");
}
