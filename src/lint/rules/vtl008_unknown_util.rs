//! VTL008 `unknown-util`: `$util.x` where x is not one of API Gateway's six `$util` functions;
//! AppSync-only helpers (`$util.toJson`, `$util.qr`...) get a message naming the equivalent.

use crate::gateway::util::{APPSYNC_ONLY, FUNCTIONS};
use crate::lint::diagnostic::Severity;
use crate::lint::rule::{Check, Findings, Rule, TemplateContext};
use crate::lint::walk::{walk, Place, Scope, Visitor};
use crate::syntax::ast::{RefPart, Reference};

/// ## What it does
/// Finds `$util.name` and `$util.name(...)` where `name` is not one of `escapeJavaScript`,
/// `parseJson`, `urlEncode`, `urlDecode`, `base64Encode`, `base64Decode`.
///
/// ## Why is this bad?
/// API Gateway's `$util` has only those six functions. Anything else, including the AppSync
/// helpers found in many examples (`$util.toJson`, `$util.qr`, `$util.isNull`, `$util.time`...),
/// is null: it renders nothing, and a condition on it is always false. Nothing fails; the
/// output is silently wrong.
///
/// ## Example
/// ```vtl
/// {"item": $util.toJson($input.path('$.item'))}
/// ```
/// Use instead:
/// ```vtl
/// {"item": $input.json('$.item')}
/// ```
pub const RULE: Rule = Rule {
    code: "VTL008",
    name: "unknown-util",
    severity: Severity::Error,
    summary: "`$util.x` that API Gateway does not have (AppSync-only helpers such as `$util.toJson` render nothing)",
    check: Check::Template(check),
};

fn check(context: &TemplateContext<'_>, findings: &mut Findings) {
    let Ok(body) = context.parsed else {
        return;
    };
    let mut utils = Utils {
        text: &context.template.text,
        findings,
    };
    walk(body, &mut utils);
}

struct Utils<'t, 'f> {
    text: &'t str,
    findings: &'f mut Findings,
}

impl<'a> Visitor<'a> for Utils<'_, '_> {
    fn reference(&mut self, reference: &'a Reference, _place: Place, _scope: &Scope<'a>) {
        if &*reference.root != "util" || reference.escaped {
            return;
        }
        let (name, span) = match reference.parts.first() {
            Some(RefPart::Property(name, span)) | Some(RefPart::Method(name, _, span)) => {
                (&**name, *span)
            }
            _ => return,
        };
        if FUNCTIONS.contains(&name) {
            return;
        }
        let start = reference.span.start as usize;
        // Up to the end of the name: the arguments are not what is wrong.
        let part_start = span.start as usize;
        let name_start = part_start + usize::from(self.text.get(part_start..=part_start) == Some("."));
        let name_end = name_start + name.len();
        let end = if self.text.get(name_start..name_end) == Some(name) {
            name_end
        } else {
            (span.end as usize).max(start)
        };
        if APPSYNC_ONLY.contains(&name) {
            self.findings
                .at_template(
                    start,
                    end,
                    format!("`$util.{name}` is AppSync-only; API Gateway renders nothing"),
                )
                .help(appsync_equivalent(name));
            return;
        }
        let report = self.findings.at_template(
            start,
            end,
            format!("`$util.{name}` is not an API Gateway `$util` function; it renders nothing"),
        );
        let help = match closest_function(name) {
            Some(function) => format!("did you mean `$util.{function}`?"),
            None => format!("API Gateway's `$util` has {}", FUNCTIONS.join(", ")),
        };
        drop(report.help(help));
    }
}

/// What to write on API Gateway instead of an AppSync helper.
fn appsync_equivalent(name: &str) -> String {
    let help = match name {
        "toJson" => "print `$input.json('$.path')` for request data; it is already JSON",
        "qr" | "quiet" => "call it inside `#set($discard = ...)` to discard the result",
        "isNull" | "isNullOrEmpty" | "isNullOrBlank" => {
            "test the value itself: `#if(!$x)` or `#if(\"$!x\" == \"\")`"
        }
        "defaultIfNull" | "defaultIfNullOrEmpty" | "defaultIfNullOrBlank" => {
            "use `#if($x)$x#{else}default#end`"
        }
        "error" | "appendError" | "unauthorized" | "validate" => {
            "set `$context.responseOverride.status` and print the error body yourself"
        }
        "time" => "use `$context.requestTime` or `$context.requestTimeEpoch`",
        "autoId" | "autoUlid" => "use `$context.requestId` for a unique id",
        "escapeJavaScript2" => "use `$util.escapeJavaScript`",
        "dynamodb" => "write DynamoDB's typed JSON (`{\"S\": \"...\"}`) in the template",
        "str" | "list" | "map" | "math" => {
            "call Java's methods on the value itself (`$s.toUpperCase()`, `$list.size()`, `$map.keySet()`)"
        }
        "isString" | "isNumber" | "isBoolean" | "isList" | "isMap" | "typeOf" => {
            "compare `$x.getClass().getSimpleName()` (e.g. `String`, `Integer`, `ArrayList`)"
        }
        "matches" => "call Java's `$s.matches(\"regex\")` on the string",
        _ => "API Gateway has no equivalent; build the value with VTL directives",
    };
    help.to_string()
}

/// The API Gateway function a misspelling most likely means.
fn closest_function(name: &str) -> Option<&'static str> {
    FUNCTIONS
        .iter()
        .copied()
        .map(|function| {
            let distance = if function.eq_ignore_ascii_case(name) {
                0
            } else {
                strsim::levenshtein(&name.to_ascii_lowercase(), &function.to_ascii_lowercase())
            };
            (distance, function)
        })
        .filter(|&(distance, _)| distance <= 3)
        .min()
        .map(|(_, function)| function)
}
