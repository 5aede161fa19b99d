//! `apigw-vtl new TEMPLATE` (alias `init`): scaffolds a template (when missing) and a cases file
//! with a realistic REST proxy event, so a newcomer starts from a suite that runs.

use std::path::{Path, PathBuf};

use super::{write_stdout, Outcome, UsageError};

/// Arguments of `new`.
#[derive(clap::Args)]
pub struct Args {
    /// The template to create or to add a cases file to (`.vtl` is added when missing).
    template: PathBuf,
}

/// The case name of the scaffolded event.
const CASE: &str = "create_order";

/// A request template touching what most real ones use: the body, parameters, stage variables,
/// `$context`, escaping and a condition.
const TEMPLATE: &str = r#"## Request mapping template: reshapes a client's POST /orders/{orderId} for the backend.
#set($order = $input.path('$'))
{
  "orderId": "$util.escapeJavaScript($input.params('orderId'))",
## escapeJavaScript turns ' into \' (not valid JSON): the replaceAll undoes that.
  "customer": "$util.escapeJavaScript($order.customer).replaceAll("\\'", "'")",
  "items": $input.json('$.items'),
#if($input.params('express') == "true")
  "shipping": "express",
#else
  "shipping": "standard",
#end
  "userAgent": "$util.escapeJavaScript($input.params('User-Agent'))",
  "table": "$stageVariables.tableName",
  "requestId": "$context.requestId",
  "sourceIp": "$context.identity.sourceIp",
  "stage": "$context.stage"
}
"#;

/// A REST proxy event (the shape `sam local generate-event apigateway aws-proxy` prints).
const CASES: &str = r#"{
  "create_order": {
    "note": "POST /orders/o-1001 with a JSON body, as API Gateway hands it to the template",
    "event": {
      "resource": "/orders/{orderId}",
      "path": "/orders/o-1001",
      "httpMethod": "POST",
      "headers": {
        "Content-Type": "application/json",
        "Host": "abc123.execute-api.us-east-1.amazonaws.com",
        "User-Agent": "curl/8.5.0"
      },
      "queryStringParameters": {
        "express": "true"
      },
      "pathParameters": {
        "orderId": "o-1001"
      },
      "stageVariables": {
        "tableName": "orders-dev"
      },
      "requestContext": {
        "accountId": "123456789012",
        "apiId": "abc123",
        "resourceId": "r1s2t3",
        "resourcePath": "/orders/{orderId}",
        "httpMethod": "POST",
        "stage": "dev",
        "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
        "requestTimeEpoch": 1700000000000,
        "identity": {
          "sourceIp": "203.0.113.10",
          "userAgent": "curl/8.5.0"
        }
      },
      "body": "{\"customer\": \"Ann O'Neil\", \"items\": [{\"sku\": \"A-1\", \"qty\": 2}, {\"sku\": \"B-7\", \"qty\": 1}]}",
      "isBase64Encoded": false
    }
  }
}
"#;

pub fn run(args: Args) -> Result<Outcome, UsageError> {
    let template = if args.template.extension().is_some_and(|e| e == "vtl") {
        args.template
    } else {
        let mut name = args.template.into_os_string();
        name.push(".vtl");
        PathBuf::from(name)
    };
    let cases = template.with_extension("cases.json");
    if cases.exists() {
        return Err(UsageError(format!(
            "{}: already exists; add cases to it by hand",
            cases.display()
        )));
    }
    if let Some(parent) = template.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| UsageError(format!("{}: cannot create: {e}", parent.display())))?;
    }
    let mut report = String::new();
    if template.exists() {
        report.push_str(&format!("kept     {} (it exists)\n", template.display()));
    } else {
        create(&template, TEMPLATE)?;
        report.push_str(&format!(
            "created  {} (a sample request template)\n",
            template.display()
        ));
    }
    create(&cases, CASES)?;
    report.push_str(&format!(
        "created  {} (case `{CASE}`: a REST proxy event with body, headers, query string, path \
         parameters, stage variables and request context)\n",
        cases.display()
    ));
    let t = template.display();
    let stem = template
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    report.push_str(&format!(
        "\nnext:\n  apigw-vtl render {t} --case {CASE}\n      shows the case's output\n  \
         apigw-vtl test {t}\n      runs the cases; a new output is written as \
         {stem}@{CASE}.snap.new and counts as failed\n  apigw-vtl test {t} --update\n      \
         accepts it as {stem}@{CASE}.snap: commit it with the template\n"
    ));
    write_stdout(report.as_bytes())?;
    Ok(Outcome::Success)
}

fn create(path: &Path, text: &str) -> Result<(), UsageError> {
    std::fs::write(path, text)
        .map_err(|e| UsageError(format!("{}: cannot write: {e}", path.display())))
}
