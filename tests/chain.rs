//! The integration chain (`gateway::chain::invoke`): every selection rule, each checked against
//! an AWS-recorded case (id in ../shared/conformance/aws-recorded.jsonl) or an AWS docs statement.
//! Rules resting only on LocalStack say so in their test's comment.

use std::path::Path;

use apigw_vtl::gateway::chain::{invoke, ChainResult, Integration, IntegrationType};
use apigw_vtl::gateway::{Event, IntegrationResponse};
use apigw_vtl::{ErrorKind, RenderOptions};
use serde_json::{json, Value};

const LAMBDA_URI: &str =
    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations";

fn event(json: Value) -> Event {
    Event::from_json(&json).expect("test event")
}

fn integration(json: Value) -> Integration {
    Integration::from_json(&json).expect("test integration")
}

fn backend(status: u16, body: &str) -> IntegrationResponse {
    IntegrationResponse {
        status_code: status,
        headers: Default::default(),
        body: body.to_string(),
    }
}

fn run(i: &Integration, e: &Event, b: Option<&IntegrationResponse>) -> ChainResult {
    invoke(i, e, b, &RenderOptions::apigateway()).expect("chain runs")
}

fn backend_body(result: &ChainResult) -> &str {
    &result
        .backend_request
        .as_ref()
        .expect("the backend was called")
        .body
}

/// An HTTP integration with the given request templates and passthrough behaviour, answering
/// through a default response without templates.
fn http(templates: Value, passthrough: Option<&str>) -> Integration {
    let mut json = json!({
        "type": "http",
        "uri": "https://backend.example.com/items",
        "requestTemplates": templates,
        "responses": {"default": {"statusCode": "200"}},
    });
    if let Some(p) = passthrough {
        json["passthroughBehavior"] = json!(p);
    }
    integration(json)
}

fn client(headers: Value, body: &str) -> Event {
    event(json!({"httpMethod": "POST", "headers": headers, "body": body}))
}

// ---------------------------------------------------------------------------
// Request template selection and passthrough
// ---------------------------------------------------------------------------

/// [Doc] passthrough table: "no Content-Type header: application/json is assumed";
/// AWS-SEMANTICS §6.18 (AWS-derived SQS tests under NEVER).
#[test]
fn missing_content_type_selects_the_application_json_template() {
    let i = http(
        json!({"application/xml": "xml", "application/json": "json"}),
        Some("NEVER"),
    );
    let r = run(&i, &client(json!({}), "<a/>"), Some(&backend(200, "")));
    assert_eq!(backend_body(&r), "json");
}

/// Media types compare without their parameters and without regard to case (RFC 9110 §8.3.1);
/// API Gateway itself is not recorded on this, which is the reading the brief settled on.
#[test]
fn content_type_matches_without_parameters_or_case() {
    let i = http(
        json!({"application/xml": "xml", "application/json": "json"}),
        Some("NEVER"),
    );
    let e = client(
        json!({"Content-Type": "Application/JSON; charset=UTF-8"}),
        "{}",
    );
    assert_eq!(backend_body(&run(&i, &e, Some(&backend(200, "")))), "json");
    let e = client(json!({"content-type": "application/xml"}), "{}");
    assert_eq!(backend_body(&run(&i, &e, Some(&backend(200, "")))), "xml");
}

/// [Doc] WHEN_NO_MATCH: "passes the request body for unmapped content types through to the
/// integration back end without transformation".
#[test]
fn when_no_match_passes_an_unmatched_body_through_untransformed() {
    let i = http(json!({"application/json": "json"}), Some("WHEN_NO_MATCH"));
    let r = run(
        &i,
        &client(json!({"Content-Type": "text/plain"}), "raw $text"),
        Some(&backend(200, "ok")),
    );
    assert_eq!(backend_body(&r), "raw $text");
    assert_eq!(r.response.status_code, 200);
}

/// The API sets WHEN_NO_MATCH when none is given [AWS-rec integration object of
/// test_integration_mock_with_path_param].
#[test]
fn passthrough_defaults_to_when_no_match() {
    let i = http(json!({"application/json": "json"}), None);
    let r = run(
        &i,
        &client(json!({"Content-Type": "text/plain"}), "raw"),
        Some(&backend(200, "")),
    );
    assert_eq!(backend_body(&r), "raw");
}

/// [Doc] WHEN_NO_TEMPLATES: passthrough only when no template is defined; otherwise an
/// unmatched type is rejected with 415 Unsupported Media Type.
#[test]
fn when_no_templates_rejects_unmatched_types_when_templates_exist() {
    let i = http(
        json!({"application/json": "json"}),
        Some("WHEN_NO_TEMPLATES"),
    );
    let r = run(
        &i,
        &client(json!({"Content-Type": "text/plain"}), "raw"),
        Some(&backend(200, "")),
    );
    assert!(
        r.backend_request.is_none(),
        "a rejected request never reaches the backend"
    );
    assert_eq!(r.response.status_code, 415);
    // The default gateway response template is {"message":$context.error.messageString} [Doc].
    assert_eq!(r.response.body, r#"{"message":"Unsupported Media Type"}"#);

    let none = http(json!({}), Some("WHEN_NO_TEMPLATES"));
    let r = run(
        &none,
        &client(json!({"Content-Type": "text/plain"}), "raw"),
        Some(&backend(200, "")),
    );
    assert_eq!(backend_body(&r), "raw");
}

/// [Doc] NEVER: "rejects unmapped content types with an HTTP 415 Unsupported Media Type
/// response", also when no template is defined at all.
#[test]
fn never_rejects_whenever_no_template_matches() {
    for templates in [json!({}), json!({"application/xml": "xml"})] {
        let i = http(templates, Some("NEVER"));
        let r = run(&i, &client(json!({}), ""), Some(&backend(200, "")));
        assert_eq!(r.response.status_code, 415);
        assert!(r.backend_request.is_none());
    }
}

/// OpenAPI exports spell the behaviour in lower case (`when_no_templates`).
#[test]
fn passthrough_behavior_is_read_without_regard_to_case() {
    let i = http(
        json!({"application/json": "json"}),
        Some("when_no_templates"),
    );
    let r = run(
        &i,
        &client(json!({"Content-Type": "text/plain"}), "raw"),
        Some(&backend(200, "")),
    );
    assert_eq!(r.response.status_code, 415);
}

// ---------------------------------------------------------------------------
// Two-stage pipelines recorded against AWS
// ---------------------------------------------------------------------------

/// An HTTP integration to an identity echo (request template output comes back as the
/// integration body), as recorded in the aws-input-body-* pipeline cases.
fn echo(request_template: &str, response_template: &str, body: &str) -> ChainResult {
    let i = integration(json!({
        "type": "http",
        "httpMethod": "POST",
        "uri": "https://echo.lambda-url.us-east-1.on.aws/",
        "requestTemplates": {"application/json": request_template},
        "responses": {"default": {"statusCode": "200", "responseTemplates": {"application/json": response_template}}},
    }));
    let e = event(
        json!({"httpMethod": "POST", "headers": {"Content-Type": "application/json"}, "body": body}),
    );
    let first = run(&i, &e, Some(&backend(200, "")));
    let echoed = backend(200, backend_body(&first));
    run(&i, &e, Some(&echoed))
}

#[test]
fn identity_echo_pipelines_match_aws() {
    let raw = "#set($result = $input.body)$result";
    let sqs = "Action=SendMessage&MessageBody=$input.body";
    // aws-input-body-raw-body-empty-body: an empty body reads as {} in both templates.
    assert_eq!(echo(raw, raw, "").response.body, "{}");
    // aws-input-body-raw-body-json-body: the raw text is kept (no re-serialisation).
    assert_eq!(
        echo(raw, raw, r#"{"some": "value"}"#).response.body,
        r#"{"some": "value"}"#
    );
    // aws-input-body-str-body-all-str-body
    assert_eq!(
        echo(sqs, sqs, "some raw data").response.body,
        "Action=SendMessage&MessageBody=Action=SendMessage&MessageBody=some raw data"
    );
    // aws-input-body-body-attr-access-str-body: an empty request output reaches the response
    // template as an empty body, read as {}.
    assert_eq!(
        echo(
            "#set($result = $input.body.testAccess)$result",
            raw,
            "some raw data"
        )
        .response
        .body,
        "{}"
    );
    // aws-input-body-url-encode-json-body
    assert_eq!(
        echo(
            "EncodedBody=$util.urlEncode($input.body)&EncodedBodyAccess=$util.urlEncode($input.body.testAccess)",
            raw,
            r#"{"some": "value"}"#
        )
        .response
        .body,
        "EncodedBody=%7B%22some%22%3A+%22value%22%7D&EncodedBodyAccess="
    );
}

// ---------------------------------------------------------------------------
// MOCK
// ---------------------------------------------------------------------------

const OVERRIDE_IN_REQUEST: &str = "\n#set($context.responseOverride.status = 444)\n#set($context.responseOverride.header.foo = \"bar\")\n#set($context.responseOverride.custom = \"is also passed around\")\n{\n  \"statusCode\": 200\n}\n";

fn mock(request_template: &str, responses: Value) -> Integration {
    integration(json!({
        "type": "mock",
        "requestTemplates": {"application/json": request_template},
        "responses": responses,
    }))
}

/// aws-mock-responseoverride-in-request-no-template: status 444 and header foo from the
/// request template's responseOverride; no response template gives an EMPTY body.
#[test]
fn mock_without_response_template_has_an_empty_body_and_keeps_overrides() {
    let i = mock(
        OVERRIDE_IN_REQUEST,
        json!({"default": {"statusCode": "200"}}),
    );
    let r = run(&i, &event(json!({})), None);
    assert_eq!(r.response.status_code, 444);
    assert_eq!(
        r.response.headers.get("foo").map(String::as_str),
        Some("bar")
    );
    assert_eq!(r.response.body, "");
}

/// aws-mock-responseoverride-in-request-with-template: the overrides are readable in the
/// response template (status prints "444") and still applied.
#[test]
fn mock_response_override_is_carried_into_the_response_template() {
    let response = "\n#set($statusOverride = $context.responseOverride.status)\n#set($fooHeader = $context.responseOverride.header.foo)\n#set($custom = $context.responseOverride.custom)\n{\n    \"statusOverride\": \"$statusOverride\",\n    \"fooHeader\": \"$fooHeader\",\n    \"custom\": \"$custom\"\n}\n";
    let i = mock(
        OVERRIDE_IN_REQUEST,
        json!({"default": {"statusCode": "200", "responseTemplates": {"application/json": response}}}),
    );
    let r = run(&i, &event(json!({})), None);
    let body: Value = serde_json::from_str(&r.response.body).expect("JSON body");
    assert_eq!(
        body,
        json!({"custom": "is also passed around", "fooHeader": "bar", "statusOverride": "444"})
    );
    assert_eq!(r.response.status_code, 444);
    assert_eq!(
        r.response.headers.get("foo").map(String::as_str),
        Some("bar")
    );
}

/// aws-mock-requestoverride-path-path1/-path2/-else: requestOverride.path written by the request
/// template is readable in the response template.
#[test]
fn mock_request_override_is_readable_in_the_response_template() {
    let request = "#set($body = $util.base64Decode($input.params('testPath')))\n    #set($context.requestOverride.path.body = $body)\n    {\n      \"statusCode\": 200\n    }\n";
    let response = "\n#set($body = $util.parseJson($context.requestOverride.path.body))\n#set($inputBody = $body.message)\n#if($inputBody == \"path1\")\n{\n   \"response\": \"path was path one\"\n}\n#elseif($inputBody == \"path2\")\n{\n   \"response\": \"path was path two\"\n}\n#else\n{\n  \"response\": \"this is the else clause\"\n}\n#end\n";
    let i = mock(
        request,
        json!({"default": {"statusCode": "200", "responseTemplates": {"application/json": response}}}),
    );
    for (param, expected) in [
        ("eyJtZXNzYWdlIjogInBhdGgxIn0=", "path was path one"),
        ("eyJtZXNzYWdlIjogInBhdGgyIn0=", "path was path two"),
        (
            "eyJtZXNzYWdlIjogIndoYXRldmVyIn0=",
            "this is the else clause",
        ),
    ] {
        let r = run(
            &i,
            &event(json!({"pathParameters": {"testPath": param}})),
            None,
        );
        let body: Value = serde_json::from_str(&r.response.body).expect("JSON body");
        assert_eq!(body, json!({"response": expected}));
        assert_eq!(r.response.status_code, 200);
    }
}

/// [Doc] mock console example: the request template's `{"statusCode": N}` picks the integration
/// response, whose `5\d{2}` HTTP status regex matches 500.
#[test]
fn mock_status_selects_the_integration_response() {
    let request = "{ #if( $input.params('scope') == \"internal\" ) \"statusCode\": 200 #else \"statusCode\": 500 #end }";
    let i = mock(
        request,
        json!({
            "default": {"statusCode": "200", "responseTemplates": {"application/json": "{ \"statusCode\": 200, \"message\": \"Go ahead without me\" }"}},
            "5\\d{2}": {"statusCode": "500", "responseTemplates": {"application/json": "{ \"statusCode\": 500, \"message\": \"The invoked method is not supported on the API resource.\" }"}},
        }),
    );
    let internal = run(
        &i,
        &event(json!({"queryStringParameters": {"scope": "internal"}})),
        None,
    );
    assert_eq!(internal.response.status_code, 200);
    assert!(internal.response.body.contains("Go ahead without me"));
    let other = run(&i, &event(json!({})), None);
    assert_eq!(other.response.status_code, 500);
    assert!(other.response.body.contains("not supported"));
}

/// [Doc] "you can have a method of the mock integration return the default integration response
/// without defining the integration request mapping template".
#[test]
fn mock_without_request_template_uses_the_default_response() {
    let i = integration(json!({
        "type": "MOCK",
        "responses": {"4\\d{2}": {"statusCode": "400"}, "default": {"statusCode": "204"}},
    }));
    let r = run(&i, &event(json!({})), None);
    assert_eq!(r.response.status_code, 204);
    assert_eq!(r.response.body, "");
}

/// [LS] mock.py: a request template output without an integer statusCode is a configuration
/// error, 500 (API Gateway's log: "Unable to parse statusCode").
#[test]
fn mock_without_a_status_in_the_template_output_is_500() {
    let i = mock(
        "{\"statusCode\": \"two hundred\"}",
        json!({"default": {"statusCode": "200"}}),
    );
    let r = run(&i, &event(json!({})), None);
    assert_eq!(r.response.status_code, 500);
    assert_eq!(r.response.body, r#"{"message":"Internal server error"}"#);
}

// ---------------------------------------------------------------------------
// Lambda non-proxy and integration response selection
// ---------------------------------------------------------------------------

/// The integration of aws-lambda-selection-reqtmpl (test_lambda_selection_patterns).
fn lambda_with_patterns() -> Integration {
    integration(json!({
        "type": "aws",
        "httpMethod": "POST",
        "uri": LAMBDA_URI,
        "requestTemplates": {"application/json": "{\"statusCode\": \"$input.params('statusCode')\"}"},
        "integrationResponses": {
            "200": {"statusCode": "200", "selectionPattern": ""},
            "405": {"statusCode": "405", "selectionPattern": ".*four hundred.*"},
            "502": {"statusCode": "502", "selectionPattern": ".+"},
            "504": {"statusCode": "504", "selectionPattern": "200"},
        },
    }))
}

/// aws-lambda-selection-reqtmpl: the function received {"statusCode": "400"}; success gives
/// 200 (pattern `200` does NOT match: Lambda patterns see the errorMessage, not the status);
/// "...four hundred..." gives 405, "...five hundred..." 502; bodies pass through unchanged.
#[test]
fn lambda_selection_patterns_match_the_error_message() {
    let i = lambda_with_patterns();
    let e = event(json!({"pathParameters": {"statusCode": "400"}}));

    let ok = run(&i, &e, Some(&backend(200, r#"{"message": "ok"}"#)));
    assert_eq!(backend_body(&ok), r#"{"statusCode": "400"}"#);
    assert_eq!(
        ok.backend_request.as_ref().map(|b| b.method.as_str()),
        Some("POST")
    );
    assert_eq!(ok.response.status_code, 200);
    assert_eq!(ok.response.body, r#"{"message": "ok"}"#);

    let four = r#"{"errorMessage": "Error: Raising four hundred from within the Lambda function", "errorType": "Exception"}"#;
    let r = run(&i, &e, Some(&backend(200, four)));
    assert_eq!(r.response.status_code, 405);
    assert_eq!(r.response.body, four);

    let five = r#"{"errorMessage": "Error: Raising five hundred from within the Lambda function", "errorType": "Exception"}"#;
    assert_eq!(
        run(&i, &e, Some(&backend(200, five))).response.status_code,
        502
    );
}

/// Whole-value matching: the API reference warns that `.+` does not match an error message
/// containing a newline, which holds only if the pattern must match the whole message.
#[test]
fn selection_patterns_must_match_the_whole_value() {
    let i = lambda_with_patterns();
    let e = event(json!({}));
    let multi_line = r#"{"errorMessage": "first line\nsecond line"}"#;
    assert_eq!(
        run(&i, &e, Some(&backend(200, multi_line)))
            .response
            .status_code,
        200
    );

    // A prefix is not enough: `Invalid*` ("Invali" + any number of d) does not match.
    let prefix = integration(json!({
        "type": "aws",
        "uri": LAMBDA_URI,
        "responses": {"default": {"statusCode": "200"}, "Invalid*": {"statusCode": "400"}, "Invalid.*": {"statusCode": "422"}},
    }));
    let r = run(
        &prefix,
        &e,
        Some(&backend(200, r#"{"errorMessage": "Invalid input"}"#)),
    );
    assert_eq!(r.response.status_code, 422);
}

/// [Doc] API reference: "For all other HTTP and AWS back ends, the HTTP status code is matched".
#[test]
fn http_integrations_match_the_status_code() {
    let i = integration(json!({
        "type": "http",
        "uri": "https://backend.example.com/",
        "responses": {"default": {"statusCode": "200"}, "5\\d{2}": {"statusCode": "500"}, "404": {"statusCode": "404"}},
    }));
    let e = event(json!({}));
    assert_eq!(
        run(&i, &e, Some(&backend(503, "down")))
            .response
            .status_code,
        500
    );
    assert_eq!(
        run(&i, &e, Some(&backend(404, ""))).response.status_code,
        404
    );
    assert_eq!(
        run(&i, &e, Some(&backend(201, ""))).response.status_code,
        200
    );
    // A Lambda-style errorMessage means nothing to a non-Lambda integration.
    let r = run(&i, &e, Some(&backend(200, r#"{"errorMessage": "500"}"#)));
    assert_eq!(r.response.status_code, 200);
}

/// [LS-unit ls-selpattern-no-default] (API Gateway's log: "No match for output mapping and no
/// default output mapping specified"): no match and no default is a 500.
#[test]
fn no_match_and_no_default_is_a_500() {
    let i = integration(json!({
        "type": "http",
        "uri": "https://backend.example.com/",
        "responses": {"200": {"statusCode": "200"}},
    }));
    let r = run(&i, &event(json!({})), Some(&backend(404, "")));
    assert_eq!(r.response.status_code, 500);
    assert_eq!(r.response.body, r#"{"message":"Internal server error"}"#);
}

/// aws-lambda-resptmpl-override-202 / -400: the response template's responseOverride.status
/// changes the method response status; the output is the Lambda JSON.
#[test]
fn response_template_status_override() {
    let template = "#set($inputRoot = $input.path('$'))\n$input.json(\"$\")\n#if($inputRoot.toString().contains(\"customerror\"))\n    #set($context.responseOverride.status = 400)\n#else\n    #set($context.responseOverride.status = 202)\n#end\n";
    let i = integration(json!({
        "type": "aws",
        "uri": LAMBDA_URI,
        "responses": {"default": {"statusCode": "200", "responseTemplates": {"application/json": template}}},
    }));
    let e = event(json!({"headers": {"Content-Type": "application/json"}}));
    for (body, status) in [
        (r#"{"statusCode": 200, "body": "noerror"}"#, 202),
        (r#"{"statusCode": 200, "body": "customerror"}"#, 400),
    ] {
        let r = run(&i, &e, Some(&backend(200, body)));
        assert_eq!(r.response.status_code, status);
        let got: Value = serde_json::from_str(&r.response.body).expect("JSON body");
        let want: Value = serde_json::from_str(body).expect("JSON");
        assert_eq!(got, want);
    }
}

/// responseOverride.status outside 100-599 is ignored [LS-unit ls-resp-status-override-600/-99];
/// inside it wins [AWS-rec aws-mock-responseoverride-*].
#[test]
fn status_override_outside_100_to_599_is_ignored() {
    for (value, expected) in [("500", 500), ("600", 300), ("99", 300), ("444", 444)] {
        let i = integration(json!({
            "type": "http",
            "uri": "https://backend.example.com/",
            "responses": {"default": {"statusCode": "300", "responseTemplates": {
                "application/json": format!("#set($context.responseOverride.status = {value})")
            }}},
        }));
        let r = run(&i, &event(json!({})), Some(&backend(200, "{}")));
        assert_eq!(r.response.status_code, expected, "override {value}");
    }
}

// ---------------------------------------------------------------------------
// Response template selection and headers
// ---------------------------------------------------------------------------

fn with_response_templates(templates: Value) -> Integration {
    integration(json!({
        "type": "http",
        "uri": "https://backend.example.com/",
        "responses": {"default": {"statusCode": "200", "responseTemplates": templates}},
    }))
}

/// [Doc] the response template is chosen by the client's Accept header.
#[test]
fn accept_selects_the_response_template() {
    let i = with_response_templates(json!({"application/json": "json", "application/xml": "xml"}));
    let e = event(json!({"headers": {"Accept": "application/xml"}}));
    assert_eq!(run(&i, &e, Some(&backend(200, ""))).response.body, "xml");
}

/// aws-s3-response-accept-fallback: Accept image/png had no template and AWS still applied the
/// application/json one; the output is exactly the recorded bytes.
#[test]
fn unmatched_accept_falls_back_to_application_json() {
    let i = with_response_templates(json!({"application/json": "{\"data\": \"$input.body\"}"}));
    let body = "H4sIABRs7mMC/0vOzy0oSi0uTk1RSEksSdRRKM7IL81JUUhKVcjMK0vMyUxRCA1x07VQKC4pysxLBwC4ORBXLwAAAA==";
    let e = event(json!({"headers": {"Accept": "image/png"}}));
    let r = run(&i, &e, Some(&backend(200, body)));
    assert_eq!(r.response.body, format!("{{\"data\": \"{body}\"}}"));

    let both =
        with_response_templates(json!({"application/xml": "xml", "application/json": "json"}));
    assert_eq!(
        run(&both, &e, Some(&backend(200, ""))).response.body,
        "json"
    );
}

/// LocalStack uses the first template when neither Accept nor application/json match
/// (ls-resp-select-first); AWS behaviour is unverified (AWS-SEMANTICS §6.20).
#[test]
fn without_application_json_the_first_template_is_used_unverified() {
    let i = with_response_templates(json!({"application/xml": "xml", "text/plain": "text"}));
    let r = run(&i, &event(json!({})), Some(&backend(200, "")));
    assert_eq!(r.response.body, "xml");
    assert!(r.steps.iter().any(|s| s.contains("unverified")));
}

/// Without response templates the integration body passes through unchanged
/// [AWS-rec aws-lambda-selection-reqtmpl notes; aws-lambda-reqtmpl-param1-*].
#[test]
fn without_response_templates_the_body_passes_through() {
    let i = with_response_templates(json!({}));
    let r = run(
        &i,
        &event(json!({})),
        Some(&backend(200, "{\"param1\": \"foobar\"}")),
    );
    assert_eq!(r.response.body, "{\"param1\": \"foobar\"}");
}

/// [Doc] responseParameters sources ('literal', integration.response.header.X,
/// integration.response.body.JSONPath); responseOverride.header is applied last and wins
/// [LS-unit ls-resp-header-override].
#[test]
fn response_parameters_then_override_headers() {
    let i = integration(json!({
        "type": "http",
        "uri": "https://backend.example.com/",
        "responses": {"default": {
            "statusCode": "200",
            "responseParameters": {
                "method.response.header.X-Literal": "'fixed'",
                "method.response.header.X-Upstream": "integration.response.header.x-upstream-id",
                "method.response.header.X-Name": "integration.response.body.pet.name",
                "method.response.header.header": "'from mapping'",
            },
            "responseTemplates": {"application/json": "#set($context.responseOverride.header.header = 'from override')"},
        }},
    }));
    let mut b = backend(200, r#"{"pet": {"name": "Rex"}}"#);
    b.headers.insert("X-Upstream-Id".into(), "u-1".into());
    let r = run(&i, &event(json!({})), Some(&b));
    let h = |k: &str| r.response.headers.get(k).map(String::as_str);
    assert_eq!(h("X-Literal"), Some("fixed"));
    assert_eq!(h("X-Upstream"), Some("u-1"));
    assert_eq!(h("X-Name"), Some("Rex"));
    assert_eq!(h("header"), Some("from override"));
    assert_eq!(r.response.body, "");
}

// ---------------------------------------------------------------------------
// The backend request
// ---------------------------------------------------------------------------

/// [Doc] overrides page: requestOverride.header/.path/.querystring replace what the backend
/// receives; path parameters fill `{name}` in the integration URI; overrides win over mappings.
#[test]
fn request_mappings_and_overrides_shape_the_backend_request() {
    let i = integration(json!({
        "type": "http",
        "httpMethod": "PUT",
        "uri": "https://${stageVariables.host}/pets/{id}",
        "requestParameters": {
            "integration.request.path.id": "method.request.path.petId",
            "integration.request.header.X-Trace": "method.request.header.X-Trace",
            "integration.request.querystring.limit": "'10'",
        },
        "requestTemplates": {"application/json": "#set($context.requestOverride.header.X-Trace = \"overridden\")#set($context.requestOverride.querystring.page = \"2\")#set($context.requestOverride.path.id = \"7\")$input.json('$')"},
        "responses": {"default": {"statusCode": "200"}},
    }));
    let e = event(json!({
        "httpMethod": "POST",
        "headers": {"Content-Type": "application/json", "X-Trace": "t-1", "X-Other": "not forwarded"},
        "pathParameters": {"petId": "42"},
        "stageVariables": {"host": "pets.example.com"},
        "body": "{\"a\":1}",
    }));
    let r = run(&i, &e, Some(&backend(200, "")));
    let req = r.backend_request.expect("backend request");
    assert_eq!(req.method, "PUT");
    assert_eq!(req.uri.as_deref(), Some("https://pets.example.com/pets/7"));
    assert_eq!(req.path.as_deref(), Some("/pets/7"));
    assert_eq!(
        req.headers.get("X-Trace").map(String::as_str),
        Some("overridden")
    );
    assert!(
        !req.headers.contains_key("X-Other"),
        "non-proxy integrations forward mapped headers only"
    );
    assert_eq!(req.querystring.get("limit").map(String::as_str), Some("10"));
    assert_eq!(req.querystring.get("page").map(String::as_str), Some("2"));
    assert_eq!(req.body, "{\"a\":1}");
}

/// Proxy integrations have no mapping templates [Doc]; the request passes as is, and an
/// AWS_PROXY result's statusCode/headers/body become the response.
#[test]
fn proxy_integrations_do_not_apply_templates() {
    let i = integration(json!({
        "type": "aws_proxy",
        "httpMethod": "POST",
        "uri": LAMBDA_URI,
        "requestTemplates": {"application/json": "ignored"},
    }));
    let e = event(json!({"headers": {"Content-Type": "application/json"}, "body": "{\"x\":1}"}));
    let result = r#"{"statusCode": 201, "headers": {"X-A": "1"}, "body": "created"}"#;
    let r = run(&i, &e, Some(&backend(200, result)));
    assert_eq!(
        r.backend_request.as_ref().map(|b| b.integration_type),
        Some(IntegrationType::AwsProxy)
    );
    assert_eq!(backend_body(&r), "{\"x\":1}");
    assert_eq!(r.response.status_code, 201);
    assert_eq!(r.response.body, "created");
    assert!(r.steps.iter().any(|s| s.contains("ignored")));

    // A result not in the proxy format: "Malformed Lambda proxy response", 502 [Doc].
    let r = run(&i, &e, Some(&backend(200, "[1]")));
    assert_eq!(r.response.status_code, 502);

    let http_proxy =
        integration(json!({"type": "HTTP_PROXY", "uri": "https://backend.example.com/{proxy}"}));
    let mut b = backend(418, "teapot");
    b.headers.insert("X-B".into(), "2".into());
    let r = run(&http_proxy, &e, Some(&b));
    assert_eq!(
        (r.response.status_code, r.response.body.as_str()),
        (418, "teapot")
    );
    assert_eq!(r.response.headers.get("X-B").map(String::as_str), Some("2"));
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

#[test]
fn malformed_integrations_are_input_errors_naming_the_field() {
    for (json, field) in [
        (json!({"type": "lambda"}), "type"),
        (json!({}), "type"),
        (
            json!({"type": "http", "passthroughBehavior": "sometimes"}),
            "passthroughBehavior",
        ),
        (
            json!({"type": "http", "responses": {"(": {"statusCode": "500"}}}),
            "responses[\"(\"].selectionPattern",
        ),
        (
            json!({"type": "http", "responses": {"default": {}}}),
            "responses[\"default\"].statusCode",
        ),
        (
            json!({"type": "http", "responses": {"default": {"statusCode": "700"}}}),
            "statusCode",
        ),
        (
            json!({"type": "http", "requestTemplates": {"application/json": 1}}),
            "requestTemplates",
        ),
        (
            json!({"type": "http", "requestParameters": {"integration.request.header.A": "method.response.x"}}),
            "requestParameters",
        ),
        (
            json!({"type": "http", "responses": {"default": {"statusCode": "200", "responseParameters": {"method.response.header.A": "method.request.path.x"}}}}),
            "responseParameters",
        ),
    ] {
        let err = Integration::from_json(&json).expect_err("malformed");
        assert_eq!(err.kind(), ErrorKind::Input, "{json}");
        assert!(err.message().contains(field), "{json}: {}", err.message());
    }
}

#[test]
fn template_errors_are_returned_with_the_template_name() {
    let i = http(json!({"application/json": "#if($x"}), None);
    let err = invoke(
        &i,
        &client(json!({}), ""),
        Some(&backend(200, "")),
        &RenderOptions::apigateway(),
    )
    .expect_err("syntax error");
    assert_eq!(err.kind(), ErrorKind::Syntax);
    assert!(err
        .source_name()
        .is_some_and(|n| n.contains("requestTemplates")));
}

#[test]
fn non_mock_integrations_need_the_backend_answer() {
    let i = http(json!({}), None);
    let err = invoke(
        &i,
        &client(json!({}), ""),
        None,
        &RenderOptions::apigateway(),
    )
    .expect_err("no backend");
    assert_eq!(err.kind(), ErrorKind::Input);
}

/// The shapes an integration comes in: an OpenAPI method object holding
/// `x-amazon-apigateway-integration`, and `integrationResponses` as a list.
#[test]
fn integration_shapes() {
    let wrapped = integration(json!({
        "responses": {"200": {"description": "ok"}},
        "x-amazon-apigateway-integration": {"type": "mock", "responses": {"default": {"statusCode": 200}}},
    }));
    assert_eq!(wrapped.kind, IntegrationType::Mock);
    let listed = integration(json!({
        "type": "HTTP",
        "integrationResponses": [{"statusCode": "200"}, {"statusCode": "400", "selectionPattern": "4\\d{2}"}],
    }));
    assert_eq!(listed.responses.len(), 2);
    assert!(listed.responses[0].selection_pattern.is_none());
    let r = run(&listed, &event(json!({})), Some(&backend(404, "")));
    assert_eq!(r.response.status_code, 400);
    assert!(r.to_json()["steps"].is_array());
}

// ---------------------------------------------------------------------------
// Every AWS-recorded pipeline case through the chain
// ---------------------------------------------------------------------------

#[test]
fn aws_recorded_pipelines_through_the_chain() {
    let path = Path::new("../shared/conformance/aws-recorded.jsonl");
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipped: {} is not present", path.display());
        return;
    };
    let mut passed = 0;
    let mut failures = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("case lines are JSON");
        if case["kind"] != "pipeline" {
            continue;
        }
        let id = case["id"].as_str().unwrap_or("?");
        let mut responses = json!({"default": {"statusCode": "200"}});
        if let Some(t) = case["response_template"].as_str() {
            responses["default"]["responseTemplates"] = json!({"application/json": t});
        }
        let (kind, uri) = match case["integration"].as_str() {
            Some("MOCK") => ("mock", None),
            Some("identity-echo") => ("http", Some("https://echo.lambda-url.us-east-1.on.aws/")),
            other => panic!("{id}: unknown integration {other:?}"),
        };
        let i = integration(json!({
            "type": kind,
            "uri": uri,
            "requestTemplates": {"application/json": case["template"]},
            "responses": responses,
        }));
        let e = event(case["event"].clone());
        let mut r = run(&i, &e, Some(&backend(200, "")));
        if kind == "http" {
            let echoed = backend(200, backend_body(&r));
            r = run(&i, &e, Some(&echoed));
        }
        let mut problems = Vec::new();
        if let Some(expected) = case["expected"].as_str() {
            if r.response.body != expected {
                problems.push(format!("body {:?}, expected {expected:?}", r.response.body));
            }
        }
        if let Some(expected) = case.get("expected_json").filter(|v| !v.is_null()) {
            match serde_json::from_str::<Value>(&r.response.body) {
                Ok(got) if &got == expected => {}
                _ => problems.push(format!(
                    "body {:?}, expected JSON {expected}",
                    r.response.body
                )),
            }
        }
        if let Some(status) = case["expected_status"].as_u64() {
            if u64::from(r.response.status_code) != status {
                problems.push(format!(
                    "status {}, expected {status}",
                    r.response.status_code
                ));
            }
        }
        for (k, v) in case["expected_headers"].as_object().into_iter().flatten() {
            if r.response.headers.get(k).map(String::as_str) != v.as_str() {
                problems.push(format!(
                    "header {k}: {:?}, expected {v}",
                    r.response.headers.get(k)
                ));
            }
        }
        if problems.is_empty() {
            passed += 1;
        } else {
            failures.push(format!("{id}: {}", problems.join("; ")));
        }
    }
    println!(
        "AWS-recorded pipeline cases through the chain: {passed} passed, {} failed",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        passed >= 20,
        "expected the recorded pipeline cases, ran {passed}"
    );
}
