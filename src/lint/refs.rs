//! What rules read off a reference: its root and the member names after it (`$context.identity.x`,
//! `$context['identity']`, `.get('x')`), literal string arguments, and did-you-mean suggestions.

use crate::span::Span;
use crate::syntax::ast::{Expr, ExprKind, RefPart, Reference};

/// One step of a reference read as a member name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member<'a> {
    /// The member's name (`sourceIp`, or the literal key of `['x']` / `.get('x')`).
    pub name: std::borrow::Cow<'a, str>,
    /// Where the step is written.
    pub span: Span,
    /// Written as `.name`, rather than as an index or a `get` call.
    pub dotted: bool,
}

/// The leading member names of a reference: `.name`, `['literal']` and `.get('literal')` steps,
/// up to the first step that is anything else (a method call, a computed index).
pub fn members(reference: &Reference) -> Vec<Member<'_>> {
    let mut found = Vec::new();
    for part in &reference.parts {
        let member = match part {
            RefPart::Property(name, span) => Member {
                name: std::borrow::Cow::Borrowed(name),
                span: *span,
                dotted: true,
            },
            RefPart::Index(index, span) => match string_literal(index) {
                Some(key) => Member {
                    name: std::borrow::Cow::Owned(key),
                    span: *span,
                    dotted: false,
                },
                None => break,
            },
            RefPart::Method(name, args, span) if &**name == "get" => match args.as_slice() {
                [key] => match string_literal(key) {
                    Some(key) => Member {
                        name: std::borrow::Cow::Owned(key),
                        span: *span,
                        dotted: false,
                    },
                    None => break,
                },
                _ => break,
            },
            RefPart::Method(..) => break,
        };
        found.push(member);
    }
    found
}

/// The text of a string literal: `'x'`, or `"x"` with nothing interpolated in it.
pub fn string_literal(expr: &Expr) -> Option<String> {
    match &expr.kind {
        ExprKind::String(text) => Some(text.to_string()),
        ExprKind::Interpolated(interpolated) => {
            let mut text = String::new();
            for node in &interpolated.body {
                match node {
                    crate::syntax::ast::Node::Text(piece) => text.push_str(&piece.text),
                    _ => return None,
                }
            }
            // The parsed body carries the extra trailing character Velocity appends and drops.
            if interpolated.trim_last {
                text.pop();
            }
            Some(text)
        }
        _ => None,
    }
}

/// The candidate that differs from `written` only in letter case.
pub fn same_but_case<'c>(written: &str, candidates: &[&'c str]) -> Option<&'c str> {
    candidates
        .iter()
        .find(|c| c.eq_ignore_ascii_case(written))
        .copied()
}

/// The closest of `candidates` to `written`, when it is close enough to be a likely typo:
/// a different case (`httpmethod`), or a small edit (`sourceIP`, `requestID`, `parms`).
pub fn did_you_mean<'c>(written: &str, candidates: &[&'c str]) -> Option<&'c str> {
    if let Some(same) = same_but_case(written, candidates) {
        return Some(same);
    }
    let lower = written.to_lowercase();
    candidates
        .iter()
        .map(|c| {
            (
                strsim::normalized_damerau_levenshtein(&lower, &c.to_lowercase()),
                *c,
            )
        })
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ast::Node;
    use crate::Template;

    fn first_reference(text: &str) -> Reference {
        let template = Template::parse("t.vtl", text).expect("parses");
        match template.body().first() {
            Some(Node::Reference(reference)) => (**reference).clone(),
            other => panic!("not a reference: {other:?}"),
        }
    }

    #[test]
    fn members_follow_dots_literal_indexes_and_get_calls() {
        let reference = first_reference("$context['identity'].get(\"sourceIp\").length()");
        let names: Vec<_> = members(&reference)
            .iter()
            .map(|m| (m.name.to_string(), m.dotted))
            .collect();
        assert_eq!(
            names,
            vec![("identity".into(), false), ("sourceIp".into(), false)]
        );
    }

    #[test]
    fn members_stop_at_a_computed_index() {
        let reference = first_reference("$context.requestOverride.header[$name].x");
        let names: Vec<_> = members(&reference)
            .iter()
            .map(|m| m.name.to_string())
            .collect();
        assert_eq!(names, vec!["requestOverride", "header"]);
    }

    #[test]
    fn double_quoted_strings_without_references_are_literals() {
        let reference = first_reference("$input.path(\"$.a[0]\")");
        let Some(RefPart::Method(_, args, _)) = reference.parts.first() else {
            panic!("no method")
        };
        assert_eq!(
            args.first().and_then(string_literal).as_deref(),
            Some("$.a[0]")
        );
        let reference = first_reference("$input.path(\"$.a[$i]\")");
        let Some(RefPart::Method(_, args, _)) = reference.parts.first() else {
            panic!("no method")
        };
        assert_eq!(args.first().and_then(string_literal), None);
    }

    #[test]
    fn suggestions_catch_case_and_small_typos_only() {
        let keys = ["sourceIp", "userAgent", "requestId", "httpMethod"];
        assert_eq!(did_you_mean("sourceIP", &keys), Some("sourceIp"));
        assert_eq!(did_you_mean("httpmethod", &keys), Some("httpMethod"));
        assert_eq!(did_you_mean("requestID", &keys), Some("requestId"));
        assert_eq!(did_you_mean("userAgnet", &keys), Some("userAgent"));
        assert_eq!(did_you_mean("custom", &keys), None);
    }
}
