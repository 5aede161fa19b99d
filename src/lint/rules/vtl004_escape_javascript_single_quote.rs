//! VTL004 `escape-javascript-single-quote`: `$util.escapeJavaScript(...)` printed inside a JSON
//! string turns `'` into `\'`, which JSON does not allow, unless the escape is undone.

use crate::lint::diagnostic::Severity;
use crate::lint::json_position::JsonPosition;
use crate::lint::rule::{Check, Findings, Rule, TemplateContext};
use crate::lint::values::{classify, ValueKind};

/// ## What it does
/// Finds `$util.escapeJavaScript(...)` (directly, or through a `#set` variable) printed inside a
/// JSON string without `.replaceAll("\\'", "'")` after it.
///
/// ## Why is this bad?
/// `escapeJavaScript` escapes for JavaScript, where `\'` is valid; in JSON it is not. Any input
/// with an apostrophe ("O'Brien", "don't") produces invalid JSON, and the backend rejects the
/// request. AWS documents the workaround (`.replaceAll("\\'","'")`).
///
/// ## Example
/// ```vtl
/// {"comment": "$util.escapeJavaScript($input.path('$.comment'))"}
/// ```
/// Use instead:
/// ```vtl
/// {"comment": "$util.escapeJavaScript($input.path('$.comment')).replaceAll("\\'","'")"}
/// ```
pub const RULE: Rule = Rule {
    code: "VTL004",
    name: "escape-javascript-single-quote",
    severity: Severity::Warning,
    summary: "`$util.escapeJavaScript(...)` in a JSON string without `.replaceAll(\"\\\\'\", \"'\")`: `'` becomes `\\'`, invalid JSON",
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
        if classify(printed.origin) != (ValueKind::EscapedJavaScript { fixed: false }) {
            continue;
        }
        let span = printed.reference.span;
        let mut report = findings
            .at_template(
                span.start as usize,
                span.end as usize,
                "`$util.escapeJavaScript` turns `'` into `\\'`, which is not valid in a JSON string",
            )
            .help("undo that one escape: `$util.escapeJavaScript(...).replaceAll(\"\\\\'\",\"'\")`");
        if let Some(note) = printed.origin_note() {
            report = report.note(note);
        }
        drop(report);
    }
}
