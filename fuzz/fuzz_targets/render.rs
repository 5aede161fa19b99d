//! Fuzz target: any template (and, after a \u{1} byte, any JSON body) parses and renders in both
//! profiles without a panic, a hang or unbounded memory; limits are small so runaways end fast.
#![no_main]
use apigw_vtl::gateway::{self, Event};
use apigw_vtl::{Limits, RenderOptions, Template};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (tpl, body) = text
        .split_once('\u{1}')
        .unwrap_or((text, "{\"a\":[1,{\"b\":\"x\"}],\"s\":\"y\"}"));
    let Ok(template) = Template::parse("f", tpl) else {
        return;
    };
    let mut options = RenderOptions::default();
    options.limits = Limits {
        fuel: Some(20_000),
        max_output_bytes: 1 << 16,
        max_range_items: 10_000,
        ..Limits::default()
    };
    let vars = serde_json::json!({"s": "héllo", "n": 3, "l": [1, "a", null], "m": {"k": "v"}});
    let _ = template.render_json(vars.as_object().expect("a JSON object"), &options);
    let ev = serde_json::json!({"body": body, "headers": {"H": "v"}, "queryStringParameters": {"q": "1"}});
    let Ok(event) = Event::from_json(&ev) else {
        return;
    };
    let mut gopts = RenderOptions::apigateway();
    gopts.limits.fuel = Some(20_000);
    gopts.limits.max_output_bytes = 1 << 16;
    let _ = gateway::render_request(&template, &event, &gopts);
});
