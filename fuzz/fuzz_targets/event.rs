//! Fuzz target: arbitrary bytes as an API Gateway event: if they are a JSON object, building the
//! event either fails with an error or renders a template touching every part of it; and the
//! whole body read straight from its text equals the body read through the parsed document.
#![no_main]
use apigw_vtl::gateway::{self, Event, IntegrationResponse};
use apigw_vtl::{RenderOptions, Template};
use libfuzzer_sys::fuzz_target;

const TEMPLATE: &str = r##"#set($all = $input.params())
{"body": $input.json('$'), "path": "$input.path('$')", "raw": "$util.escapeJavaScript($input.body)",
"parsed": "$util.parseJson($input.body)", "params": "$all", "q": "$input.params('q')",
"ctx": "$context.requestId $context.identity.sourceIp $context.path $context.stage",
"stage": "$stageVariables", "b64": "$util.base64Encode($input.body)",
#foreach($k in $all.header.keySet())"$k": "$util.urlEncode($all.header.get($k))"#if($foreach.hasNext),#end#end}"##;

/// `$input.json('$')` and `$input.path('$')` read the text directly while no JSONPath has parsed
/// the body; after `$input.path('$.x')` they read the parsed document.
const DIRECT: &str = "$input.json('$')|$input.path('$')";
const THROUGH_DOCUMENT: &str = "#set($x = $input.path('$.x'))$input.json('$')|$input.path('$')";

fn whole_body_reads_agree(event: &Event, options: &RenderOptions) {
    let (Ok(direct), Ok(document)) = (
        Template::parse("direct.vtl", DIRECT),
        Template::parse("document.vtl", THROUGH_DOCUMENT),
    ) else {
        return;
    };
    let direct = gateway::render_request(&direct, event, options).map(|r| r.output);
    let document = gateway::render_request(&document, event, options).map(|r| r.output);
    match (direct, document) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "body {:?}", event.body),
        (a, b) => assert_eq!(a.is_ok(), b.is_ok(), "body {:?}", event.body),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let Ok(template) = Template::parse("event.vtl", TEMPLATE) else {
        return;
    };
    let mut options = RenderOptions::apigateway();
    options.limits.fuel = Some(50_000);
    if let Ok(event) = Event::from_json(&json) {
        let _ = gateway::render_request(&template, &event, &options);
        whole_body_reads_agree(&event, &options);
    }
    // The same bytes as an integration response.
    if let Ok(response) = IntegrationResponse::from_json(&json) {
        if let Ok(event) = Event::from_json(&serde_json::json!({})) {
            let _ = gateway::render_response(&template, &event, &response, None, &options);
        }
    }
});
