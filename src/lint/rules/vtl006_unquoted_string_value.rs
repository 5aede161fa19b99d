//! VTL006 `unquoted-string-value`: a value that is always (or by its name, probably) a string —
//! a request parameter, a `$context` string — printed as a bare JSON value, without quotes.

use crate::lint::diagnostic::Severity;
use crate::lint::json_position::JsonPosition;
use crate::lint::rule::{Check, Findings, Rule, TemplateContext};
use crate::lint::values::{classify, ValueKind};

/// Last JSONPath keys that name text; `$input.path` prints a string without quotes.
const STRING_NAMES: &[&str] = &[
    "name", "email", "message", "text", "title", "description", "comment", "address", "city",
    "country", "url", "username", "firstname", "lastname", "status", "type", "label", "note",
    "subject", "body", "content",
];

/// ## What it does
/// Finds values that are strings printed in a JSON value position (after `:` or in an array)
/// without quotes: `$input.params('x')` and `$input.params().header.x` (always strings),
/// `$context` strings (`$context.requestId`, `$context.identity.sourceIp`...), and
/// `$input.path('$.name')` when the last key names text (`name`, `email`, `message`...).
///
/// ## Why is this bad?
/// The value is printed as it is: `{"id": abc-123}` is not JSON. It only works when every value
/// happens to be a number or a boolean, and an absent parameter prints nothing (`{"id": }`).
///
/// ## Example
/// ```vtl
/// {"id": $input.params('id'), "requestId": $context.requestId}
/// ```
/// Use instead:
/// ```vtl
/// {"id": "$util.escapeJavaScript($input.params('id'))", "requestId": "$context.requestId"}
/// ```
pub const RULE: Rule = Rule {
    code: "VTL006",
    name: "unquoted-string-value",
    severity: Severity::Warning,
    summary: "a string (`$input.params('x')`, a `$context` string, `$input.path('$.name')`) printed as a JSON value without quotes",
    check: Check::Template(check),
};

fn check(context: &TemplateContext<'_>, findings: &mut Findings) {
    let Some(shape) = context.output_shape() else {
        return;
    };
    for printed in &shape.references {
        if printed.position != JsonPosition::Value {
            continue;
        }
        let what = match classify(printed.origin) {
            ValueKind::InputParam => "a request parameter, always a string,",
            ValueKind::ContextString => "a `$context` string",
            ValueKind::InputPath(Some(path)) if names_text(&path) => "probably a string (by its name)",
            _ => continue,
        };
        let span = printed.reference.span;
        let mut report = findings
            .at_template(
                span.start as usize,
                span.end as usize,
                format!(
                    "`{}` is {what} printed without quotes: the output is not JSON unless it is a number or boolean",
                    printed.reference.literal
                ),
            )
            .help(format!("quote it: `\"{}\"`", printed.reference.literal));
        if let Some(note) = printed.origin_note() {
            report = report.note(note);
        }
        drop(report);
    }
}

/// True when the JSONPath's last key names text.
fn names_text(path: &str) -> bool {
    let last = path
        .rsplit(['.', '[', ']', '\'', '"'])
        .find(|segment| !segment.is_empty())
        .unwrap_or("");
    let last = last.to_ascii_lowercase();
    STRING_NAMES
        .iter()
        .any(|name| last == *name || (last.len() > name.len() && last.ends_with(name)))
}
