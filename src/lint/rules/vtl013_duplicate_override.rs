//! VTL013 `duplicate-override`: the same request or response override set twice on one
//! straight-line path, so the second assignment silently replaces the first.

use std::collections::HashMap;

use crate::lint::diagnostic::Severity;
use crate::lint::refs::{members, string_literal};
use crate::lint::rule::{Check, Findings, Rule, TemplateContext};
use crate::syntax::ast::{Block, Node, RefPart, Reference};

/// ## What it does
/// Looks at the `#set($context.requestOverride.header.X = ..)`, `.path.X`, `.querystring.X`,
/// `$context.responseOverride.header.X` and `.status` assignments (and `.put('X', ..)` calls) of
/// each block, and reports a target assigned again in the same block. Header names are compared
/// without case, as HTTP does.
///
/// ## Why is this bad?
/// Overrides are applied once, after the whole template ran: the first value never reaches the
/// request or the client. It is usually a copy-paste slip (two headers meant, one written twice),
/// and AWS documents that overriding the same parameter more than once can fail the request.
///
/// ## Example
/// ```vtl
/// #set($context.responseOverride.status = 400)
/// #set($context.responseOverride.header.Content-Type = "application/json")
/// #set($context.responseOverride.status = 404)
/// ```
/// Use instead:
/// ```vtl
/// #if($notFound)
///   #set($context.responseOverride.status = 404)
/// #else
///   #set($context.responseOverride.status = 400)
/// #end
/// #set($context.responseOverride.header.Content-Type = "application/json")
/// ```
pub const RULE: Rule = Rule {
    code: "VTL013",
    name: "duplicate-override",
    severity: Severity::Warning,
    summary: "the same `requestOverride`/`responseOverride` target set twice in a row (the first is lost)",
    check: Check::Template(check),
};

fn check(context: &TemplateContext<'_>, findings: &mut Findings) {
    let Ok(block) = context.parsed else { return };
    check_block(block, findings);
}

/// Each block is one straight-line path; nested blocks are checked on their own.
fn check_block(block: &Block, findings: &mut Findings) {
    let mut seen: HashMap<String, u32> = HashMap::new();
    for node in block {
        let target = match node {
            Node::Set(set) => override_target(&set.target, false),
            Node::Reference(reference) => override_target(reference, true),
            _ => None,
        };
        if let Some((key, written, start, end, line)) = target {
            if let Some(first_line) = seen.insert(key, line) {
                findings
                    .at_template(
                        start,
                        end,
                        format!(
                            "`{written}` is set again; the value set on line {first_line} never applies"
                        ),
                    )
                    .help("remove one of the assignments, or choose between them with `#if`/`#else`");
            }
        }
        for nested in nested_blocks(node) {
            check_block(nested, findings);
        }
    }
}

fn nested_blocks(node: &Node) -> Vec<&Block> {
    match node {
        Node::If(branches) => branches
            .branches
            .iter()
            .map(|(_, body)| body)
            .chain(branches.otherwise.as_ref())
            .collect(),
        Node::Foreach(foreach) => vec![&foreach.body],
        Node::Define(define) => vec![&*define.body],
        Node::Macro(def) => vec![&def.body],
        Node::Call(call) => call.body.iter().map(|body| &**body).collect(),
        _ => Vec::new(),
    }
}

/// The override a `#set` target (or a printed `.put('X', v)` call) writes: its comparison key,
/// a readable name, the template range to point at and the line.
fn override_target(
    reference: &Reference,
    put_call: bool,
) -> Option<(String, String, usize, usize, u32)> {
    if &*reference.root != "context" {
        return None;
    }
    let path = members(reference);
    let mut names: Vec<String> = path.iter().map(|m| m.name.to_string()).collect();
    let rest = reference.parts.get(path.len()..).unwrap_or(&[]);
    match (put_call, rest) {
        (false, []) => {}
        (true, [RefPart::Method(name, args, _)]) if &**name == "put" && args.len() == 2 => {
            names.push(args.first().and_then(string_literal)?);
        }
        _ => return None,
    }
    let key = match names.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["requestOverride" | "responseOverride", "header", header] => {
            format!("{}.header.{}", names.first()?, header.to_ascii_lowercase())
        }
        ["requestOverride", "path" | "querystring", _] | ["responseOverride", "status"] => {
            names.join(".")
        }
        _ => return None,
    };
    let span = reference.span;
    Some((
        key,
        format!("$context.{}", names.join(".")),
        span.start as usize,
        span.end as usize,
        span.line,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing;

    #[test]
    fn a_target_set_twice_in_one_block_fires_at_the_second() {
        let text = "#set($context.responseOverride.status = 400)\n\
            #set($context.requestOverride.header.X-Api-Key = $a)\n\
            #set($context.responseOverride.status = 404)\n\
            #set($context.requestOverride.header.x-api-key = $b)\n\
            $context.requestOverride.querystring.put('page', 1)$context.requestOverride.querystring.put('page', 2)";
        let found = testing::check(&RULE, text);
        let lines: Vec<_> = found.iter().map(|f| f.0).collect();
        assert_eq!(lines, vec![3, 4, 5], "{found:?}");
        assert!(found[0].2.contains("line 1"), "{}", found[0].2);
    }

    #[test]
    fn branches_and_different_targets_do_not_fire() {
        let text = "#set($context.responseOverride.status = 400)\n\
            #if($missing)#set($context.responseOverride.status = 404)#else#set($context.responseOverride.status = 500)#end\n\
            #set($context.requestOverride.querystring.page = 1)#set($context.requestOverride.path.page = 1)\n\
            #foreach($h in $hs)#set($context.requestOverride.header[$h] = 'x')#end\n\
            #set($context.responseOverride.custom = 1)#set($context.responseOverride.custom = 2)";
        assert_eq!(testing::check(&RULE, text), vec![]);
    }
}
