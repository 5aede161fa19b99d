//! `apigw-vtl batch`: JSON lines in (`{"id", "template", "vars"}`, or `"event"` and optionally
//! `"integrationResponse"` for API Gateway), JSON lines out (`{"id", "ok": true, "output"}` or
//! `{"id", "ok": false, "error"}`, plus `"overrides"` for event lines), in input order.

use std::io::{BufRead, Write};

use apigw_vtl::gateway::{self, Event, IntegrationResponse};
use apigw_vtl::RenderOptions;
use serde_json::{json, Value};

use super::limits::LimitArgs;
use super::{Outcome, UsageError};

/// Arguments of `batch`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    limits: LimitArgs,
}

/// Evaluation steps one case may take unless `--max-fuel` says otherwise: less than a single
/// render's default, so one runaway line cannot hold up the rest for long.
const BATCH_FUEL: u64 = 5_000_000;

pub fn run(args: Args) -> Result<Outcome, UsageError> {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let fuel = args.limits.max_fuel().unwrap_or(BATCH_FUEL);
    let mut options = args.limits.apply(RenderOptions::default());
    options.limits.fuel = Some(fuel);
    let mut gateway_options = args.limits.apply(RenderOptions::apigateway());
    gateway_options.limits.fuel = Some(fuel);
    let options = Options {
        velocity: options,
        gateway: gateway_options,
        limits: args.limits,
    };
    let mut any_failed = false;
    for (number, line) in stdin.lock().split(b'\n').enumerate() {
        let line = line.map_err(|e| UsageError(format!("cannot read stdin: {e}")))?;
        // A line that is not UTF-8 fails alone, like a line that is not JSON.
        let result = match String::from_utf8(line) {
            Ok(line) if line.trim().is_empty() => continue,
            Ok(line) => run_case(&line, number + 1, &options),
            Err(e) => json!({
                "id": null,
                "ok": false,
                "error": format!(
                    "bad input line {}: invalid UTF-8 at byte {}",
                    number + 1,
                    e.utf8_error().valid_up_to() + 1
                )
            }),
        };
        if result.get("ok") != Some(&Value::Bool(true)) {
            any_failed = true;
        }
        let written = serde_json::to_writer(&mut out, &result)
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n"));
        if let Err(e) = written {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(Outcome::Success);
            }
            return Err(UsageError(format!("cannot write output: {e}")));
        }
    }
    out.flush()
        .map_err(|e| UsageError(format!("cannot write output: {e}")))?;
    Ok(if any_failed {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}

/// Render options for both kinds of line, and the flags for parsing.
struct Options {
    velocity: RenderOptions,
    gateway: RenderOptions,
    limits: LimitArgs,
}

fn run_case(line: &str, number: usize, options: &Options) -> Value {
    let case: Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => {
            return json!({"id": null, "ok": false, "error": format!("bad input line {number}: {e}")})
        }
    };
    let id = case.get("id").cloned().unwrap_or(Value::Null);
    let Some(template) = case.get("template").and_then(Value::as_str) else {
        return json!({"id": id, "ok": false, "error": format!("bad input line {number}: \"template\" must be a string")});
    };
    let name = match &id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if let Some(event) = case.get("event") {
        return run_gateway_case(
            id,
            &name,
            template,
            event,
            case.get("integrationResponse"),
            options,
        );
    }
    let empty = serde_json::Map::new();
    let vars = match case.get("vars") {
        None | Some(Value::Null) => &empty,
        Some(Value::Object(map)) => map,
        Some(_) => {
            return json!({"id": id, "ok": false, "error": format!("bad input line {number}: \"vars\" must be an object")})
        }
    };
    match options
        .limits
        .parse(&name, template)
        .and_then(|t| t.render_json(vars, &options.velocity))
    {
        Ok(output) => json!({"id": id, "ok": true, "output": output}),
        Err(error) => json!({"id": id, "ok": false, "error": error.to_string()}),
    }
}

fn run_gateway_case(
    id: Value,
    name: &str,
    template: &str,
    event: &Value,
    response: Option<&Value>,
    options: &Options,
) -> Value {
    let gateway_options = &options.gateway;
    let result = Event::from_json(event).and_then(|event| {
        let template = options.limits.parse(name, template)?;
        match response {
            None | Some(Value::Null) => gateway::render_request(&template, &event, gateway_options),
            Some(r) => {
                let response = IntegrationResponse::from_json(r)?;
                gateway::render_response(&template, &event, &response, None, gateway_options)
            }
        }
    });
    match result {
        Ok(r) => {
            json!({"id": id, "ok": true, "output": r.output, "overrides": r.overrides.to_json()})
        }
        Err(error) => json!({"id": id, "ok": false, "error": error.to_string()}),
    }
}
