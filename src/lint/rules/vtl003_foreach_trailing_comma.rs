//! VTL003 `foreach-trailing-comma`: a `#foreach` body that ends by printing `,` unguarded, so the
//! last item is followed by a comma and the JSON array or object closes with `,]` or `,}`.

use std::collections::HashMap;

use crate::lint::diagnostic::Severity;
use crate::lint::json_position::LoopEnd;
use crate::lint::rule::{Check, Findings, Rule, TemplateContext};
use crate::lint::walk::{walk, Scope, Visitor};
use crate::syntax::ast::{Foreach, Node};

/// ## What it does
/// Finds `#foreach` loops whose body ends with a literal `,` (possibly followed by whitespace)
/// that is printed after every item, when what follows the loop closes the JSON array or object.
///
/// ## Why is this bad?
/// The comma follows the last item too, so the output ends in `,]` or `,}`, which is not JSON.
/// Tests with an empty list pass; the request fails once there are items.
///
/// ## Example
/// ```vtl
/// {"ids": [
/// #foreach($id in $input.path('$.ids'))
///   "$id",
/// #end
/// ]}
/// ```
/// Use instead:
/// ```vtl
/// {"ids": [
/// #foreach($id in $input.path('$.ids'))
///   "$id"#if($foreach.hasNext),#end
/// #end
/// ]}
/// ```
pub const RULE: Rule = Rule {
    code: "VTL003",
    name: "foreach-trailing-comma",
    severity: Severity::Error,
    summary: "a `#foreach` body ends with `,` not guarded by `#if($foreach.hasNext)`: the JSON ends in `,]`",
    check: Check::Template(check),
};

fn check(context: &TemplateContext<'_>, findings: &mut Findings) {
    let (Ok(body), Some(shape)) = (context.parsed, context.output_shape()) else {
        return;
    };
    let ends: HashMap<u32, &LoopEnd<'_>> = shape
        .loops
        .iter()
        .map(|end| (end.foreach.span.start, end))
        .collect();
    let mut loops = Loops {
        ends,
        findings,
    };
    walk(body, &mut loops);
}

struct Loops<'s, 'f> {
    ends: HashMap<u32, &'s LoopEnd<'s>>,
    findings: &'f mut Findings,
}

impl<'a> Visitor<'a> for Loops<'_, '_> {
    fn node(&mut self, node: &'a Node, _scope: &Scope<'a>) {
        let Node::Foreach(foreach) = node else {
            return;
        };
        let Some(end) = self.ends.get(&foreach.span.start) else {
            return;
        };
        // Inside a string a trailing comma is text (`"a,b,"`); before anything but a closing
        // bracket it is a separator for what the template prints next (a sentinel item).
        let closes = matches!(end.next, None | Some(']') | Some('}'));
        if end.body_ends_in_string || !closes {
            return;
        }
        if let Some(comma) = trailing_comma(foreach) {
            self.findings
                .at_template(
                    comma,
                    comma + 1,
                    "this `,` is printed after every item, the last one too: the JSON ends in `,]` or `,}`",
                )
                .help("print the separator only between items: `#if($foreach.hasNext),#end`");
        }
    }
}

/// The template offset of a `,` that ends the loop body unconditionally, if there is one.
fn trailing_comma(foreach: &Foreach) -> Option<usize> {
    for node in foreach.body.iter().rev() {
        match node {
            Node::Text(text) => {
                let trimmed = text.text.trim_end();
                if trimmed.is_empty() {
                    continue;
                }
                if !trimmed.ends_with(',') {
                    return None;
                }
                // Text printed as written has the same length as its source; escaped text
                // (`\#`, `#[[...]]#`) is pointed at as a whole.
                let span = text.span;
                let source_length = (span.end - span.start) as usize;
                return Some(if source_length == text.text.len() {
                    span.start as usize + trimmed.len() - 1
                } else {
                    span.start as usize
                });
            }
            Node::Set(_) | Node::Macro(_) | Node::Define(_) => continue,
            _ => return None,
        }
    }
    None
}
