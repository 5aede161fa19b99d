//! VTL007 `raw-value-in-json-string`: request data (`$input.body`, `$input.params(..)`,
//! `$input.path(..)`) interpolated into a JSON string without `$util.escapeJavaScript(...)`.

use crate::lint::diagnostic::Severity;
use crate::lint::json_position::JsonPosition;
use crate::lint::rule::{Check, Findings, Rule, TemplateContext};
use crate::lint::values::{classify, ValueKind};

/// ## What it does
/// Finds request data printed inside a JSON string as it is: `$input.body`, `$input.params(...)`
/// and `$input.path(...)` (directly, or through a `#set` variable).
///
/// ## Why is this bad?
/// The value is whatever the client sent. A `"`, a `\` or a newline in it ends or breaks the JSON
/// string, so the backend receives invalid JSON, or JSON with fields the client chose.
///
/// ## Example
/// ```vtl
/// {"comment": "$input.path('$.comment')"}
/// ```
/// Use instead:
/// ```vtl
/// {"comment": "$util.escapeJavaScript($input.path('$.comment')).replaceAll("\\'","'")"}
/// ```
pub const RULE: Rule = Rule {
    code: "VTL007",
    name: "raw-value-in-json-string",
    severity: Severity::Warning,
    summary: "`$input.body`, `$input.params(..)` or `$input.path(..)` in a JSON string without `$util.escapeJavaScript(...)`",
    check: Check::Template(check),
};

fn check(context: &TemplateContext<'_>, findings: &mut Findings) {
    let Some(shape) = context.output_shape() else {
        return;
    };
    for printed in &shape.references {
        if !matches!(printed.position, JsonPosition::InString { .. }) {
            continue;
        }
        let what = match classify(printed.origin) {
            ValueKind::InputBody => "the request body",
            ValueKind::InputParam => "a request parameter",
            ValueKind::InputPath(_) => "a value from the request body",
            _ => continue,
        };
        let span = printed.reference.span;
        let mut report = findings
            .at_template(
                span.start as usize,
                span.end as usize,
                format!(
                    "`{}` puts {what} into a JSON string unescaped: a `\"` or newline in it breaks the JSON",
                    printed.reference.literal
                ),
            )
            .help(format!(
                "escape it: `$util.escapeJavaScript({}).replaceAll(\"\\\\'\",\"'\")`",
                printed.origin.literal
            ));
        if let Some(note) = printed.origin_note() {
            report = report.note(note);
        }
        drop(report);
    }
}
