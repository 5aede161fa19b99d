//! A read-only walk over a parsed template for lint rules: every node, reference and expression,
//! with where it sits (printed into the output, inside a directive, inside a string literal, in loops).

use crate::syntax::ast::{Block, Expr, ExprKind, Foreach, Node, RefPart, Reference};

/// Where a reference or expression is evaluated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Printed straight into the template's output.
    Output,
    /// An argument or operand of a directive, method call or operator.
    Expression,
    /// Inside a double-quoted string literal (`"..$x.."`), rendered into that string.
    StringLiteral,
}

/// The enclosing constructs of the item being visited.
#[derive(Debug, Default)]
pub struct Scope<'a> {
    /// Enclosing `#foreach` loops, outermost first.
    pub loops: Vec<&'a Foreach>,
    /// Inside a `#macro` body.
    pub in_macro: bool,
    /// Inside a `#define` body.
    pub in_define: bool,
    /// Inside an `#if`/`#elseif`/`#else` branch (at any depth).
    pub conditional_depth: usize,
}

/// Callbacks for a walk; each has an empty default so a rule implements only what it needs.
pub trait Visitor<'a> {
    /// A node, before its children.
    fn node(&mut self, _node: &'a Node, _scope: &Scope<'a>) {}
    /// A node, after its children.
    fn leave_node(&mut self, _node: &'a Node, _scope: &Scope<'a>) {}
    /// A reference, wherever it is written (its arguments are visited after it).
    fn reference(&mut self, _reference: &'a Reference, _place: Place, _scope: &Scope<'a>) {}
    /// An expression, before its operands.
    fn expr(&mut self, _expr: &'a Expr, _scope: &Scope<'a>) {}
}

/// Walks `block` in source order.
pub fn walk<'a>(block: &'a Block, visitor: &mut impl Visitor<'a>) {
    let mut scope = Scope::default();
    walk_block(block, Place::Output, visitor, &mut scope);
}

fn walk_block<'a>(
    block: &'a Block,
    place: Place,
    visitor: &mut impl Visitor<'a>,
    scope: &mut Scope<'a>,
) {
    for node in block {
        walk_node(node, place, visitor, scope);
    }
}

fn walk_node<'a>(
    node: &'a Node,
    place: Place,
    visitor: &mut impl Visitor<'a>,
    scope: &mut Scope<'a>,
) {
    visitor.node(node, scope);
    match node {
        Node::Text(_)
        | Node::Literal(_)
        | Node::Stop(_)
        | Node::Unsupported(_)
        | Node::Broken(_) => {}
        Node::Reference(reference) => walk_reference(reference, place, visitor, scope),
        Node::Set(set) => {
            walk_reference(&set.target, Place::Expression, visitor, scope);
            walk_expr(&set.value, visitor, scope);
        }
        Node::If(branches) => {
            scope.conditional_depth += 1;
            for (condition, body) in &branches.branches {
                walk_expr(condition, visitor, scope);
                walk_block(body, place, visitor, scope);
            }
            if let Some(otherwise) = &branches.otherwise {
                walk_block(otherwise, place, visitor, scope);
            }
            scope.conditional_depth -= 1;
        }
        Node::Foreach(foreach) => {
            walk_expr(&foreach.iterable, visitor, scope);
            scope.loops.push(foreach);
            walk_block(&foreach.body, place, visitor, scope);
            scope.loops.pop();
        }
        Node::Define(define) => {
            let outer = std::mem::replace(&mut scope.in_define, true);
            walk_block(&define.body, place, visitor, scope);
            scope.in_define = outer;
        }
        Node::Macro(def) => {
            let outer = std::mem::replace(&mut scope.in_macro, true);
            walk_block(&def.body, place, visitor, scope);
            scope.in_macro = outer;
        }
        Node::Call(call) => {
            for arg in &call.args {
                walk_expr(arg, visitor, scope);
            }
            if let Some(body) = &call.body {
                walk_block(body, place, visitor, scope);
            }
        }
        Node::Evaluate(evaluate) => walk_expr(&evaluate.arg, visitor, scope),
        Node::Break(brk) => {
            if let Some(target) = &brk.scope {
                walk_expr(target, visitor, scope);
            }
        }
    }
    visitor.leave_node(node, scope);
}

fn walk_reference<'a>(
    reference: &'a Reference,
    place: Place,
    visitor: &mut impl Visitor<'a>,
    scope: &mut Scope<'a>,
) {
    visitor.reference(reference, place, scope);
    for part in &reference.parts {
        match part {
            RefPart::Property(..) => {}
            RefPart::Method(_, args, _) => {
                for arg in args {
                    walk_expr(arg, visitor, scope);
                }
            }
            RefPart::Index(index, _) => walk_expr(index, visitor, scope),
        }
    }
}

fn walk_expr<'a>(expr: &'a Expr, visitor: &mut impl Visitor<'a>, scope: &mut Scope<'a>) {
    visitor.expr(expr, scope);
    match &expr.kind {
        ExprKind::String(_) | ExprKind::Number(_) | ExprKind::Bool(_) | ExprKind::Word(_) => {}
        ExprKind::Interpolated(interpolated) => {
            walk_block(&interpolated.body, Place::StringLiteral, visitor, scope);
        }
        ExprKind::Reference(reference) => {
            walk_reference(reference, Place::Expression, visitor, scope)
        }
        ExprKind::List(items) => {
            for item in items {
                walk_expr(item, visitor, scope);
            }
        }
        ExprKind::Map(entries) => {
            for (key, value) in entries {
                walk_expr(key, visitor, scope);
                walk_expr(value, visitor, scope);
            }
        }
        ExprKind::Range(from, to) | ExprKind::Binary(_, from, to, _) => {
            walk_expr(from, visitor, scope);
            walk_expr(to, visitor, scope);
        }
        ExprKind::Group(inner, _) | ExprKind::Not(inner) => walk_expr(inner, visitor, scope),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Template;

    #[derive(Default)]
    struct Seen(Vec<(String, Place, usize)>);

    impl<'a> Visitor<'a> for Seen {
        fn reference(&mut self, reference: &'a Reference, place: Place, scope: &Scope<'a>) {
            self.0
                .push((reference.literal.to_string(), place, scope.loops.len()));
        }
    }

    #[test]
    fn references_are_seen_with_their_place_and_loops() {
        let template = Template::parse(
            "t.vtl",
            "#foreach($x in $list)\"$x.a(\"k$y\")\"#end#set($z = 1)",
        )
        .expect("parses");
        let mut seen = Seen::default();
        walk(template.body(), &mut seen);
        let names: Vec<_> = seen
            .0
            .iter()
            .map(|(n, p, l)| (n.as_str(), *p, *l))
            .collect();
        assert_eq!(
            names,
            vec![
                ("$list", Place::Expression, 0),
                ("$x.a(\"k$y\")", Place::Output, 1),
                ("$y", Place::StringLiteral, 1),
                ("$z", Place::Expression, 0),
            ]
        );
    }
}
