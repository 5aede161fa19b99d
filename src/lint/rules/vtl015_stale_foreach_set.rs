//! VTL015 `stale-foreach-set`: inside `#foreach`, `#set($v = <value that can be null>)` with `$v`
//! used afterwards: Velocity 1.7 keeps the previous iteration's value when the value is null.

use crate::lint::diagnostic::Severity;
use crate::lint::rule::{Check, Findings, Rule, TemplateContext};
use crate::lint::walk::{walk, Place, Scope, Visitor};
use crate::syntax::ast::{Expr, ExprKind, Foreach, Node, RefPart, Reference, Set};

/// ## What it does
/// Finds `#set($v = ...)` in a loop body whose right side can be null (a property, method call,
/// index or `$input.path` read), when the loop reads `$v` and does not reset it to a non-null
/// value earlier in the body.
///
/// ## Why is this bad?
/// In Velocity 1.7, the engine API Gateway runs, `#set` with a null right side leaves the variable
/// unchanged: an item without the field silently gets the previous item's value
/// (fixtures/render/set/set_from_null_var_keeps_old, foreach_null_element_keeps_previous).
///
/// ## Example
/// ```vtl
/// #foreach($item in $input.path('$.items'))
///   #set($note = $item.note)
///   {"id": "$item.id", "note": "$!note"}#if($foreach.hasNext),#end
/// #end
/// ```
/// Use instead:
/// ```vtl
/// #foreach($item in $input.path('$.items'))
///   #set($note = "")
///   #set($note = $item.note)
///   {"id": "$item.id", "note": "$!note"}#if($foreach.hasNext),#end
/// #end
/// ```
pub const RULE: Rule = Rule {
    code: "VTL015",
    name: "stale-foreach-set",
    severity: Severity::Warning,
    summary: "`#set` in a loop from a value that can be null keeps the previous item's value",
    check: Check::Template(check),
};

fn check(context: &TemplateContext<'_>, findings: &mut Findings) {
    let Ok(block) = context.parsed else { return };
    let mut candidates = LoopSets::default();
    walk(block, &mut candidates);
    for (set, foreach, written) in candidates.found {
        let var = &*set.target.root;
        if var == &*foreach.var || reset_before(foreach, set) || !read_in(foreach, set) {
            continue;
        }
        findings
            .at_template(
                set.span.start as usize,
                set.span.end as usize,
                format!(
                    "when `{written}` is null, `${var}` keeps the previous iteration's value: `#set` with a null value leaves the variable unchanged"
                ),
            )
            .help(format!(
                "reset it at the start of the loop body with `#set(${var} = \"\")`, or test the value with `#if`"
            ));
    }
}

#[derive(Default)]
struct LoopSets<'a> {
    /// A `#set` of a plain variable to a nullable value, its innermost loop, the value's text.
    found: Vec<(&'a Set, &'a Foreach, String)>,
}

impl<'a> Visitor<'a> for LoopSets<'a> {
    fn node(&mut self, node: &'a Node, scope: &Scope<'a>) {
        let Node::Set(set) = node else { return };
        let Some(foreach) = scope.loops.last() else {
            return;
        };
        if !set.target.parts.is_empty() {
            return;
        }
        if let Some(written) = nullable(&set.value) {
            self.found.push((set, foreach, written));
        }
    }
}

/// The value's text when it can evaluate to null.
fn nullable(expr: &Expr) -> Option<String> {
    match &expr.kind {
        ExprKind::Reference(reference) if can_be_null(reference) => {
            Some(reference.literal.to_string())
        }
        ExprKind::Group(inner, _) => nullable(inner),
        _ => None,
    }
}

fn can_be_null(reference: &Reference) -> bool {
    let first = reference.parts.first();
    let never_null = match (&*reference.root, first) {
        // A plain variable is a copy; reads through it are what go missing.
        (_, None) => true,
        // `$input.json` prints "null" text, `$input.params(..)` is "" when absent, `body` is "{}".
        ("input", Some(RefPart::Method(name, _, _))) => {
            matches!(&**name, "json" | "params" | "body" | "getBody")
        }
        ("input", Some(RefPart::Property(name, _))) => name.eq_ignore_ascii_case("body"),
        ("foreach" | "velocityCount" | "velocityHasNext", _) => true,
        _ => false,
    };
    !never_null
}

/// An earlier `#set` of the same variable, directly in the loop body, to a value that is never null.
fn reset_before(foreach: &Foreach, set: &Set) -> bool {
    foreach.body.iter().any(|node| match node {
        Node::Set(earlier) => {
            earlier.span.start < set.span.start
                && earlier.target.parts.is_empty()
                && earlier.target.root == set.target.root
                && nullable(&earlier.value).is_none()
                && !matches!(&earlier.value.kind, ExprKind::Reference(r) if r.parts.is_empty())
        }
        _ => false,
    })
}

/// Whether the loop body reads the variable: it is referenced more often than it is assigned
/// (each plain `#set` target is visited as a reference too).
fn read_in(foreach: &Foreach, set: &Set) -> bool {
    let mut uses = Uses {
        name: &set.target.root,
        references: 0,
        assignments: 0,
    };
    walk(&foreach.body, &mut uses);
    uses.references > uses.assignments
}

struct Uses<'n> {
    name: &'n str,
    references: usize,
    assignments: usize,
}

impl<'a> Visitor<'a> for Uses<'_> {
    fn node(&mut self, node: &'a Node, _scope: &Scope<'a>) {
        if let Node::Set(set) = node {
            if set.target.parts.is_empty() && &*set.target.root == self.name {
                self.assignments += 1;
            }
        }
    }

    fn reference(&mut self, reference: &'a Reference, _place: Place, _scope: &Scope<'a>) {
        if &*reference.root == self.name {
            self.references += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing;

    #[test]
    fn nullable_sets_read_later_in_the_loop_fire() {
        let text = "#foreach($item in $input.path('$.items'))\n\
            #set($note = $item.note)\n\
            #set($price = $input.path(\"$.prices[$foreach.index]\"))\n\
            {\"note\": \"$!note\", \"price\": $price}\n\
            #end";
        let lines: Vec<_> = testing::check(&RULE, text).iter().map(|f| f.0).collect();
        assert_eq!(lines, vec![2, 3]);
    }

    #[test]
    fn reset_unread_and_never_null_sets_do_not_fire() {
        let text = "#foreach($item in $items)\n\
            #set($note = \"\")\n\
            #set($note = $item.note)\n\
            #set($unused = $item.other)\n\
            #set($raw = $input.json('$.x'))#set($copy = $item)#set($n = \"$item.n\")\n\
            $note $raw $copy $n\n\
            #end\n\
            #set($outside = $a.b)$outside";
        assert_eq!(testing::check(&RULE, text), vec![]);
    }
}
