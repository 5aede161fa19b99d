//! VTL011 `claim-key-dot-access`: a claim such as `custom:role` or `cognito:groups` read with a dot,
//! which Velocity parses as the claim `custom` followed by the text `:role`.

use std::collections::{HashMap, HashSet};

use crate::lint::diagnostic::Severity;
use crate::lint::refs::members;
use crate::lint::rule::{Check, Findings, Rule, TemplateContext};
use crate::lint::walk::{walk, Scope, Visitor};
use crate::syntax::ast::{ExprKind, Node, RefKind, RefPart, Reference};

/// ## What it does
/// Finds a reference into authorizer claims that ends where the template text goes on with
/// `:name`: Velocity identifiers cannot contain `:`, so `$context.authorizer.claims.custom:role`
/// is the reference `$context.authorizer.claims.custom` followed by the text `:role`. (A `-` is
/// part of a Velocity identifier, so `$claims.given-name` reads the key `given-name`.)
///
/// ## Why is this bad?
/// The claim `custom` does not exist, so the reference renders as empty and the output gets
/// `:role` instead of the role: a Cognito group or custom-attribute check that never matches.
///
/// ## Example
/// ```vtl
/// {"role": "$context.authorizer.claims.custom:role"}
/// ```
/// Use instead:
/// ```vtl
/// {"role": "$context.authorizer.claims['custom:role']"}
/// ```
pub const RULE: Rule = Rule {
    code: "VTL011",
    name: "claim-key-dot-access",
    severity: Severity::Warning,
    summary: "claim key with `:` read with a dot (`claims.custom:role` reads `custom`, prints `:role`)",
    check: Check::Template(check),
};

/// Claim namespaces written before a `:` (`custom:tenant`, `cognito:groups`).
const CLAIM_PREFIXES: &[&str] = &["custom", "cognito", "dev"];

fn check(context: &TemplateContext<'_>, findings: &mut Findings) {
    let Ok(block) = context.parsed else { return };
    let mut visitor = ClaimReads {
        text: &context.template.text,
        claim_variables: HashSet::new(),
        ends: HashMap::new(),
        findings,
    };
    walk(block, &mut visitor);
}

struct ClaimReads<'a, 't, 'f> {
    text: &'t str,
    /// Variables set to a claims map (`#set($claims = $context.authorizer.claims)`).
    claim_variables: HashSet<&'a str>,
    /// Printed references into claims, by the offset where they end.
    ends: HashMap<u32, &'a Reference>,
    findings: &'f mut Findings,
}

impl<'a> Visitor<'a> for ClaimReads<'a, '_, '_> {
    fn node(&mut self, node: &'a Node, _scope: &Scope<'a>) {
        match node {
            Node::Set(set) if set.target.parts.is_empty() => {
                if let ExprKind::Reference(value) = &set.value.kind {
                    if self.reads_claims(value) {
                        self.claim_variables.insert(&set.target.root);
                    }
                }
            }
            Node::Reference(reference) if self.reads_claims(reference) => {
                self.ends.insert(reference.span.end, reference);
            }
            Node::Text(text) => {
                if let Some(reference) = self.ends.get(&text.span.start).copied() {
                    self.check_glued(reference, &text.text);
                }
            }
            _ => {}
        }
    }
}

impl ClaimReads<'_, '_, '_> {
    fn reads_claims(&self, reference: &Reference) -> bool {
        if reference.kind == RefKind::Runt {
            return false;
        }
        let path = members(reference);
        let through_claims = (&*reference.root == "context"
            && path.first().is_some_and(|m| m.name == "authorizer"))
            || self.claim_variables.contains(&*reference.root);
        let namespace_last = path
            .last()
            .is_some_and(|m| m.dotted && CLAIM_PREFIXES.contains(&&*m.name));
        through_claims || namespace_last
    }

    fn check_glued(&mut self, reference: &Reference, following: &str) {
        let Some(RefPart::Property(key, key_span)) = reference.parts.last() else {
            return;
        };
        // A formal reference (`${a.b}:x`) ends where its author closed it.
        if reference.literal.starts_with("${") || reference.literal.starts_with("$!{") {
            return;
        }
        let Some(rest) = following.strip_prefix(':') else {
            return;
        };
        let suffix: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        if suffix.is_empty() || !suffix.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return;
        }
        let claim = format!("{key}:{suffix}");
        let start = reference.span.start as usize;
        let end = reference.span.end as usize + 1 + suffix.len();
        let written = self.text.get(start..end).unwrap_or("");
        let map = self
            .text
            .get(start..key_span.start as usize)
            .unwrap_or("")
            .trim_end_matches('.');
        let key_span_start = key_span.start as usize;
        self.findings
            .at_template(
                key_span_start,
                end,
                format!("`{written}` reads the claim `{key}` and prints `:{suffix}` after it"),
            )
            .help(format!(
                "read the claim by its whole name: `{map}['{claim}']` or `{map}.get('{claim}')`"
            ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::source::TemplateRole;
    use crate::lint::testing;

    #[test]
    fn namespaced_claims_read_with_a_dot_fire() {
        let text = "{\"role\": \"$context.authorizer.claims.custom:role\",\n\
            #set($claims = $context.authorizer.claims)\n\
            \"groups\": \"$claims.cognito:groups\"}";
        let found = testing::check(&RULE, text);
        let at: Vec<_> = found.iter().map(|f| (f.0, f.1.as_str())).collect();
        assert_eq!(at, vec![(1, "custom:role"), (3, "cognito:groups")]);
    }

    #[test]
    fn the_help_shows_the_bracket_form() {
        let found = testing::findings(
            &RULE,
            &testing::template(
                "$context.authorizer.claims.custom:tenant_id",
                TemplateRole::Unknown,
            ),
        );
        assert_eq!(
            found.first().and_then(|f| f.help.as_deref()),
            Some(
                "read the claim by its whole name: `$context.authorizer.claims['custom:tenant_id']` \
                 or `$context.authorizer.claims.get('custom:tenant_id')`"
            )
        );
    }

    #[test]
    fn colons_after_other_references_and_proper_reads_do_not_fire() {
        let text = "arn:aws:sqs:us-east-1:$context.accountId:orders\n\
            $context.authorizer.claims['custom:role'] $context.authorizer.claims.get('cognito:groups')\n\
            $context.authorizer.principalId:$context.requestId ${context.authorizer.claims.sub}:x\n\
            $context.authorizer.claims.given-name";
        assert_eq!(testing::check(&RULE, text), vec![]);
    }
}
