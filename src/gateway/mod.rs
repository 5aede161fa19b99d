//! The API Gateway layer: `$input`, JSONPath, `$util`, `$context`, `$stageVariables` and overrides
//! around the Velocity engine, rendering request and response templates as API Gateway does.

pub mod chain;
pub mod context;
pub mod event;
mod input;
pub mod jsonpath;
mod path;
pub mod profile;
pub mod smartjson;
mod strictjson;
pub mod util;

use std::collections::HashMap;
use std::rc::Rc;

pub use event::{Event, IntegrationResponse};
pub use profile::{open, MAX_BODY_BYTES, MAX_FOREACH_ITERATIONS, MAX_TEMPLATE_BYTES};

use crate::error::Result;
use crate::limit::Limit;
use crate::render::value::{Key, Style, Value};
use crate::render::value_to_json;
use crate::syntax::ast::Name;
use crate::template::{RenderOptions, Template};
use context::ContextObject;

/// The override state after a template ran: what `$context.requestOverride` and
/// `$context.responseOverride` hold, applied by API Gateway after rendering.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overrides {
    /// `{"path": {...}, "header": {...}, "querystring": {...}}`.
    pub request_override: serde_json::Value,
    /// `{"header": {...}, "status": N, ...}`.
    pub response_override: serde_json::Value,
}

impl Overrides {
    /// The `"overrides"` object of batch results.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "requestOverride": self.request_override,
            "responseOverride": self.response_override,
        })
    }
}

/// A rendered gateway template.
#[derive(Clone, Debug)]
pub struct Rendered {
    /// The output bytes.
    pub output: String,
    /// The overrides after rendering.
    pub overrides: Overrides,
}

/// Renders a request template for `event`.
pub fn render_request(
    template: &Template,
    event: &Event,
    options: &RenderOptions,
) -> Result<Rendered> {
    render(template, event, None, None, options)
}

/// Renders a response template: `$input` reads the integration response's body, while
/// `$context`, `$stageVariables` and `$input.params()` still come from the request. Overrides set
/// by the request template are carried in and readable (aws-mock-responseoverride-*).
pub fn render_response(
    template: &Template,
    event: &Event,
    response: &IntegrationResponse,
    carried: Option<&Overrides>,
    options: &RenderOptions,
) -> Result<Rendered> {
    render(template, event, Some(&response.body), carried, options)
}

fn render(
    template: &Template,
    event: &Event,
    response_body: Option<&str>,
    carried: Option<&Overrides>,
    options: &RenderOptions,
) -> Result<Rendered> {
    // The template's own size is checked by `Template::render`.
    if let Some(max) = options.limits.max_body_bytes {
        let body = response_body.unwrap_or(&event.body);
        if body.len() > max {
            return Err(Limit::BodyBytes.error(
                format!("the payload has {} bytes, more than {max}", body.len()),
                max,
            ));
        }
    }
    let (context, context_value) = context::context_value(event);
    if let Some(carried) = carried {
        context.set_section("requestOverride", override_value(&carried.request_override));
        context.set_section(
            "responseOverride",
            override_value(&carried.response_override),
        );
    }
    let mut vars: HashMap<Name, Value> = HashMap::new();
    vars.insert(
        "input".into(),
        Value::Object(Rc::new(
            input::Input::new(event, response_body)
                .with_max_path_segments(options.limits.max_jsonpath_depth)
                .reading_whole_body_from_text(!template.reads_json_below_root()),
        )),
    );
    vars.insert("util".into(), Value::Object(Rc::new(util::Util)));
    vars.insert("context".into(), context_value);
    vars.insert("stageVariables".into(), context::stage_variables(event));
    let output = template.render(vars, options)?;
    Ok(Rendered {
        output,
        overrides: overrides_of(&context),
    })
}

fn overrides_of(context: &ContextObject) -> Overrides {
    // An untouched $context still has its initial, empty override sections.
    let section = |name: &str, initial: serde_json::Value| {
        context
            .section(name)
            .map_or(initial, |value| value_to_json(&value))
    };
    Overrides {
        request_override: section(
            "requestOverride",
            serde_json::json!({"path": {}, "header": {}, "querystring": {}}),
        ),
        response_override: section("responseOverride", serde_json::json!({"header": {}})),
    }
}

/// Rebuilds an override section from its JSON form, with `$context`'s printing style.
fn override_value(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Object(map) => {
            let mut entries = indexmap::IndexMap::default();
            for (k, v) in map {
                entries.insert(Key::str(k.as_str()), override_value(v));
            }
            Value::styled_map(entries, Style::Opaque)
        }
        other => crate::render::json_to_value(other),
    }
}
