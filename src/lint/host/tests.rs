//! Every format: a template whose third line holds a marker token must map that token to the
//! exact host line and column; plus format detection, syntax-error positions and discovery.

use std::sync::Arc;

use super::*;

fn read_text(path: &str, text: &str) -> HostDocument {
    read(Arc::new(SourceFile::new(path, text)))
        .unwrap()
        .expect("a host document")
}

/// The host (line, column) of `token` inside template `index`, after checking that the template
/// holds the token on its third line and that the host bytes there spell it.
fn token_at(document: &HostDocument, index: usize, token: &str) -> (u32, u32) {
    let template = &document.templates[index];
    let start = template.text.find(token).expect("token in template");
    let line = template.text[..start].matches('\n').count() + 1;
    assert_eq!(
        line, 3,
        "token on the third template line: {:?}",
        template.text
    );
    let range = template.host_range(start, start + token.len());
    assert_eq!(&template.host.text[range.start..range.end], token);
    template.host.line_col(range.start)
}

#[test]
fn openapi_json_escaped_string() {
    let text = r#"{
  "openapi": "3.0.1",
  "paths": {
    "/pets": {
      "post": {
        "x-amazon-apigateway-integration": {
          "type": "aws",
          "requestTemplates": {
            "application/json": "{\n  \"name\": \"$input.path('$.name')\",\n  \"tag\": \"MARKER\"\n}"
          }
        }
      }
    }
  }
}
"#;
    let document = read_text("api.json", text);
    assert_eq!(document.format, HostFormat::OpenApi);
    assert_eq!(token_at(&document, 0, "MARKER"), (9, 90));
    assert_eq!(document.integrations[0].name, "POST /pets");
}

#[test]
fn minified_and_tab_indented_json() {
    let minified = "{\"swagger\":\"2.0\",\"paths\":{\"/a\":{\"get\":{\"x-amazon-apigateway-integration\":{\"requestTemplates\":{\"application/json\":\"a\\nb\\nc MARKER\"}}}}}}";
    let document = read_text("min.json", minified);
    assert_eq!(token_at(&document, 0, "MARKER"), (1, 123));
    let tabs = "{\n\t\"openapi\": \"3.0.1\",\n\t\"paths\": {\n\t\t\"/a\": {\n\t\t\t\"get\": {\n\t\t\t\t\"x-amazon-apigateway-integration\": {\n\t\t\t\t\t\"requestTemplates\": {\n\t\t\t\t\t\t\"application/json\": \"a\\r\\nb\\n\\tc MARKER\"\n\t\t\t\t\t}\n\t\t\t\t}\n\t\t\t}\n\t\t}\n\t}\n}\n";
    let document = read_text("tabs.json", tabs);
    assert_eq!(token_at(&document, 0, "MARKER"), (8, 40));
}

#[test]
fn swagger_yaml_literal_block() {
    let text = "swagger: '2.0'\npaths:\n  /pets:\n    get:\n      x-amazon-apigateway-integration:\n        type: aws\n        responses:\n          default:\n            statusCode: '200'\n            responseTemplates:\n              application/json: |\n                #set($items = $input.path('$'))\n                [\n                  MARKER\n                ]\n";
    let document = read_text("api.yaml", text);
    assert_eq!(token_at(&document, 0, "MARKER"), (14, 19));
}

#[test]
fn yaml_double_and_single_quoted_strings() {
    let text = "openapi: 3.0.1\npaths:\n  /a:\n    get:\n      x-amazon-apigateway-integration:\n        requestTemplates:\n          application/json: \"{\\n\\t\\\"a\\\": 1,\\n  \\u0022MARKER\\\": 2}\"\n          text/plain: 'one\n\n            two ''x''\n\n            three MARKER'\n";
    let document = read_text("api.yaml", text);
    assert_eq!(token_at(&document, 0, "MARKER"), (7, 54));
    assert_eq!(token_at(&document, 1, "MARKER"), (12, 19));
}

#[test]
fn cloudformation_yaml_sub_block() {
    let text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  PostPets:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      HttpMethod: POST\n      Integration:\n        Type: AWS\n        Uri: !Sub arn:aws:apigateway:${AWS::Region}:sqs:path/${AWS::AccountId}/q\n        RequestTemplates:\n          application/json: !Sub |\n            Action=SendMessage&MessageBody=${!input.body}\n\n            ${!context.requestId} MARKER\n";
    let document = read_text("stack.yaml", text);
    assert_eq!(document.format, HostFormat::CloudFormation);
    let template = &document.templates[0];
    assert_eq!(
        template.substitution,
        Substitution::CloudFormationSub { variables: vec![] }
    );
    assert!(template
        .text
        .starts_with("Action=SendMessage&MessageBody=${input.body}\n"));
    assert_eq!(token_at(&document, 0, "MARKER"), (14, 35));
    // The `${` of an escaped `${!...}` still points at its host bytes.
    let at = template.text.find("${input").unwrap();
    let range = template.host_range(at, at + 2);
    assert_eq!(&text[range.start..range.start + 3], "${!");
}

#[test]
fn cloudformation_json_sub_list_and_join() {
    let text = r#"{
  "Resources": {
    "M": {
      "Type": "AWS::ApiGateway::Method",
      "Properties": {
        "Integration": {
          "RequestTemplates": {
            "application/json": {"Fn::Sub": ["a\nb\n${Table} MARKER", {"Table": {"Ref": "T"}}]},
            "text/plain": {"Fn::Join": ["\n", ["one", "two", "x MARKER"]]}
          },
          "IntegrationResponses": [
            {"StatusCode": "200", "ResponseTemplates": {"application/json": {"Ref": "Body"}}},
            {"StatusCode": "400", "ResponseTemplates": {"Fn::If": ["C", {}, {}]}}
          ]
        }
      }
    }
  }
}
"#;
    let document = read_text("stack.template.json", text);
    assert_eq!(token_at(&document, 0, "MARKER"), (8, 62));
    assert_eq!(
        document.templates[0].substitution,
        Substitution::CloudFormationSub {
            variables: vec!["Table".to_owned()]
        }
    );
    assert_eq!(token_at(&document, 1, "MARKER"), (9, 65));
    assert_eq!(document.skipped.len(), 2);
    assert!(document.skipped[1]
        .value
        .ends_with("ResponseTemplates: not a map of content types to templates"));
    assert!(document.skipped[0].value.contains("Ref"));
}

#[test]
fn sam_definition_body() {
    let text = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      DefinitionBody:\n        openapi: 3.0.1\n        paths:\n          /x:\n            get:\n              x-amazon-apigateway-integration:\n                requestTemplates:\n                  application/json: |-\n                    {\n                      \"a\": 1,\n                      \"b\": \"MARKER\"\n                    }\n";
    let document = read_text("template.yaml", text);
    assert_eq!(document.format, HostFormat::CloudFormation);
    assert!(document.templates[0]
        .location
        .starts_with("Resources.Api.Properties.DefinitionBody.paths./x.get"));
    assert_eq!(token_at(&document, 0, "MARKER"), (16, 29));
}

#[test]
fn serverless_request_and_status_templates() {
    let text = "service: pets\nprovider:\n  name: aws\nfunctions:\n  create:\n    handler: h.create\n    events:\n      - http:\n          path: pets\n          method: post\n          integration: lambda\n          request:\n            passThrough: NEVER\n            template:\n              application/json: >-\n                {\"a\": 1,\n\n                \"b\": 2,\n\n                MARKER}\n          response:\n            statusCodes:\n              400:\n                pattern: '.*\\[400\\].*'\n                template: |\n                  #set($e = $input.path('$.errorMessage'))\n                  {\n                    \"error\": \"MARKER\"\n";
    let document = read_text("serverless.yml", text);
    assert_eq!(document.format, HostFormat::Serverless);
    assert_eq!(token_at(&document, 0, "MARKER"), (20, 17));
    assert_eq!(token_at(&document, 1, "MARKER"), (28, 31));
    let integration = &document.integrations[0];
    assert_eq!(integration.integration_type.as_ref().unwrap().value, "AWS");
    assert_eq!(
        integration.responses[0]
            .selection_pattern
            .as_ref()
            .unwrap()
            .value,
        ".*\\[400\\].*"
    );
}

#[test]
fn serverless_file_variables_are_read_beside_the_service() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("t")).unwrap();
    std::fs::write(dir.path().join("t/req.vtl"), "a\nb\n  MARKER\n").unwrap();
    let yml = "service: s\nfunctions:\n  f:\n    events:\n      - http:\n          path: x\n          method: get\n          request:\n            template:\n              application/json: ${file(./t/req.vtl)}\n              text/plain: ${self:custom.t}\n              text/html: ${file(t/missing.vtl)}\n";
    let path = dir.path().join("serverless.yml");
    let document = read_text(path.to_str().unwrap(), yml);
    assert_eq!(document.templates.len(), 1);
    assert_eq!(
        document.templates[0].host.path,
        dir.path().join("t/req.vtl")
    );
    assert_eq!(token_at(&document, 0, "MARKER"), (3, 3));
    assert_eq!(document.skipped.len(), 2);
    assert!(document.skipped[0].value.contains("Serverless Framework"));
    assert!(document.skipped[1].value.contains("cannot read"));
}

#[test]
fn terraform_heredocs_and_quoted_strings() {
    let text = "resource \"aws_api_gateway_integration\" \"pets\" {\n  rest_api_id = aws_api_gateway_rest_api.api.id\n  resource_id = aws_api_gateway_resource.pets.id\n  http_method = \"POST\"\n  type        = \"AWS\"\n  request_templates = {\n    \"application/json\" = <<EOF\n#set($b = $input.path('$'))\n{\n  \"x\": \"$${b} ${var.stage} MARKER\"\n}\nEOF\n    \"text/plain\" = <<-EOT\n      one\n        two\n      three MARKER\n    EOT\n    \"application/xml\" = \"<a>\\n  \\\"$${x}\\\"\\n  MARKER</a>\"\n  }\n}\n";
    let document = read_text("main.tf", text);
    assert_eq!(document.format, HostFormat::Terraform);
    assert_eq!(document.templates.len(), 3);
    let heredoc = &document.templates[0];
    assert_eq!(heredoc.substitution, Substitution::Terraform);
    assert!(heredoc.text.contains("\"${b} ${var.stage} MARKER\""));
    assert_eq!(token_at(&document, 0, "MARKER"), (10, 28));
    assert_eq!(document.templates[1].text, "one\n  two\nthree MARKER\n");
    assert_eq!(token_at(&document, 1, "MARKER"), (16, 13));
    assert_eq!(document.templates[2].text, "<a>\n  \"${x}\"\n  MARKER</a>");
    assert_eq!(token_at(&document, 2, "MARKER"), (18, 46));
}

#[test]
fn terraform_file_and_templatefile_references() {
    let dir = tempfile::tempdir().unwrap();
    let vtl = "#set($a = 1)\n$a\n  MARKER\n";
    std::fs::create_dir(dir.path().join("templates")).unwrap();
    std::fs::write(dir.path().join("templates/req.vtl"), vtl).unwrap();
    std::fs::write(dir.path().join("res.vtl"), "a $${b}\n${c}\n MARKER\n").unwrap();
    let tf = "resource \"aws_api_gateway_integration\" \"i\" {\n  request_templates = {\n    \"application/json\" = file(\"${path.module}/templates/req.vtl\")\n    \"text/plain\" = templatefile(\"res.vtl\", { c = 1 })\n    \"application/xml\" = file(\"missing.vtl\")\n    \"text/html\" = local.body\n  }\n}\nresource \"aws_api_gateway_integration\" \"j\" {\n  request_templates = local.templates\n}\n";
    let path = dir.path().join("main.tf");
    let document = read_text(path.to_str().unwrap(), tf);
    assert_eq!(document.templates.len(), 2);
    let file = &document.templates[0];
    assert_eq!(file.host.path, dir.path().join("templates/req.vtl"));
    assert_eq!(file.substitution, Substitution::None);
    assert_eq!(token_at(&document, 0, "MARKER"), (3, 3));
    let rendered = &document.templates[1];
    assert_eq!(rendered.text, "a ${b}\n${c}\n MARKER\n");
    assert_eq!(rendered.substitution, Substitution::Terraform);
    assert_eq!(token_at(&document, 1, "MARKER"), (3, 2));
    assert_eq!(document.skipped.len(), 3);
    assert!(document.skipped[0].value.contains("cannot read"));
    assert!(document.skipped[1].value.contains("computed"));
    assert!(document.skipped[2]
        .value
        .starts_with("aws_api_gateway_integration.j.request_templates: "));
}

#[test]
fn terraform_responses_join_their_integration() {
    let text = "resource \"aws_api_gateway_integration\" \"i\" {\n  rest_api_id = aws_api_gateway_rest_api.a.id\n  resource_id = aws_api_gateway_resource.r.id\n  http_method = \"GET\"\n}\nresource \"aws_api_gateway_integration_response\" \"ok\" {\n  rest_api_id = aws_api_gateway_rest_api.a.id\n  resource_id = aws_api_gateway_resource.r.id\n  http_method = \"GET\"\n  status_code = \"400\"\n  selection_pattern = \"4\\\\d{2}\"\n  response_templates = {\n    \"application/json\" = \"{}\"\n  }\n}\n";
    let document = read_text("main.tf", text);
    assert_eq!(document.integrations.len(), 1);
    let response = &document.integrations[0].responses[0];
    assert_eq!(
        response.selection_pattern.as_ref().unwrap().value,
        "4\\d{2}"
    );
    assert_eq!(document.templates[0].integration, Some(0));
}

#[test]
fn a_template_file_is_one_whole_template() {
    let document = read_text("t.vtl", "a\nb\nc MARKER\n");
    assert_eq!(document.format, HostFormat::Template);
    assert_eq!(token_at(&document, 0, "MARKER"), (3, 3));
}

#[test]
fn unrelated_files_are_not_host_documents() {
    for (path, text) in [
        ("ci.yml", "on: push\njobs: {}\n"),
        ("package.json", "{\"name\": \"x\"}"),
        ("list.yaml", "- a\n- b\n"),
        ("empty.yaml", ""),
        ("notes.md", "# x"),
    ] {
        assert!(
            read(Arc::new(SourceFile::new(path, text)))
                .unwrap()
                .is_none(),
            "{path}"
        );
    }
}

#[test]
fn syntax_errors_have_positions() {
    let cases = [
        (
            "a.yaml",
            "openapi: 3\npaths:\n  /a: [1,\n b: c\n",
            "YAML",
            (4, 2),
        ),
        (
            "a.json",
            "{\n  \"openapi\": \"3\",\n  \"paths\": {\n}\n",
            "JSON",
            (5, 1),
        ),
        ("a.tf", "resource \"x\" \"y\" {\n  a = \n}\n", "HCL", (2, 7)),
    ];
    for (path, text, language, position) in cases {
        let file = Arc::new(SourceFile::new(path, text));
        let error = read(file.clone()).unwrap_err();
        let range = error.range.expect("a position");
        assert!(
            error
                .message
                .starts_with(&format!("{language} syntax error")),
            "{path}: {error}"
        );
        assert_eq!(file.line_col(range.start), position, "{path}: {error}");
    }
}

#[test]
fn discovery_walks_sorted_and_skips_build_folders() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for file in [
        "b.yaml",
        "a/api.json",
        "a/t.vtl",
        "a/t.vm",
        "main.tf",
        "README.md",
        "node_modules/x/serverless.yml",
        ".aws-sam/build/template.yaml",
        ".serverless/cloudformation-template-update-stack.json",
        "target/debug/x.json",
        ".git/config.yaml",
        "cdk.out/Stack.template.json",
        "cdk.out/manifest.json",
        "cdk.out/tree.json",
    ] {
        let path = root.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "").unwrap();
    }
    let found: Vec<String> = discover(root)
        .unwrap()
        .iter()
        .map(|p| {
            p.strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    assert_eq!(
        found,
        [
            "a/api.json",
            "a/t.vm",
            "a/t.vtl",
            "b.yaml",
            "cdk.out/Stack.template.json",
            "main.tf"
        ]
    );
    assert_eq!(discover(&root.join("b.yaml")).unwrap().len(), 1);
}
