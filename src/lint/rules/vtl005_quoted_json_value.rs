//! VTL005 `quoted-json-value`: `$input.json(...)` printed inside quotes; it already prints JSON
//! (a string comes with its own quotes), so the output has doubled quotes or broken strings.

use crate::lint::diagnostic::Severity;
use crate::lint::json_position::JsonPosition;
use crate::lint::rule::{Check, Findings, Rule, TemplateContext};
use crate::lint::values::{classify, ValueKind};

/// ## What it does
/// Finds `$input.json(...)` (directly, or through a `#set` variable) printed inside a JSON string.
///
/// ## Why is this bad?
/// `$input.json` prints JSON text: a string value comes with its quotes, an object with its
/// braces. `"$input.json('$.name')"` prints `""Ann""` and an object's quotes end the string early.
///
/// ## Example
/// ```vtl
/// {"name": "$input.json('$.name')"}
/// ```
/// Use instead:
/// ```vtl
/// {"name": $input.json('$.name')}
/// ```
pub const RULE: Rule = Rule {
    code: "VTL005",
    name: "quoted-json-value",
    severity: Severity::Error,
    summary: "`$input.json(...)` wrapped in quotes: prints `\"\"value\"\"` or a string broken by the JSON's quotes",
    check: Check::Template(check),
};

fn check(context: &TemplateContext<'_>, findings: &mut Findings) {
    let Some(shape) = context.output_shape() else {
        return;
    };
    for printed in &shape.references {
        let JsonPosition::InString { whole } = printed.position else {
            continue;
        };
        if classify(printed.origin) != ValueKind::InputJson {
            continue;
        }
        let span = printed.reference.span;
        let (message, help) = if whole {
            (
                format!("`{}` prints JSON, quotes included: inside quotes a string value prints as `\"\"value\"\"`", printed.reference.literal),
                "remove the quotes around it (or use `$input.path(...)` for the raw string)",
            )
        } else {
            (
                format!("`{}` prints JSON inside a JSON string: its quotes end the string early", printed.reference.literal),
                "use `$input.path(...)` for the raw value, or `$util.escapeJavaScript($input.json(...))` to embed JSON as text",
            )
        };
        findings
            .at_template(span.start as usize, span.end as usize, message)
            .help(help);
    }
}
