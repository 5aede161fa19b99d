//! VTL012 `invalid-jsonpath`: a literal JSONPath given to `$input.path` or `$input.json` that
//! Jayway JsonPath (API Gateway's implementation) refuses to compile.

use crate::gateway::jsonpath::JsonPath;
use crate::lint::diagnostic::Severity;
use crate::lint::refs::string_literal;
use crate::lint::rule::{Check, Findings, Rule, TemplateContext};
use crate::lint::walk::{walk, Place, Scope, Visitor};
use crate::syntax::ast::{RefPart, Reference};

/// ## What it does
/// Compiles every literal path of `$input.path('...')` and `$input.json('...')` with the same
/// JSONPath parser API Gateway uses (Jayway JsonPath) and reports the ones it refuses.
///
/// ## Why is this bad?
/// The path is only compiled when a request arrives: the deploy succeeds and every request through
/// the template fails.
///
/// ## Example
/// ```vtl
/// #set($items = $input.path('$.order.items[')) {"first": $input.json('$.order.items.')}
/// ```
/// Use instead:
/// ```vtl
/// #set($items = $input.path('$.order.items')) {"first": $input.json('$.order.items[0]')}
/// ```
pub const RULE: Rule = Rule {
    code: "VTL012",
    name: "invalid-jsonpath",
    severity: Severity::Error,
    summary: "literal JSONPath of `$input.path`/`$input.json` that Jayway JsonPath cannot compile",
    check: Check::Template(check),
};

fn check(context: &TemplateContext<'_>, findings: &mut Findings) {
    let Ok(block) = context.parsed else { return };
    walk(block, &mut Paths { findings });
}

struct Paths<'f> {
    findings: &'f mut Findings,
}

impl<'a> Visitor<'a> for Paths<'_> {
    fn reference(&mut self, reference: &'a Reference, _place: Place, _scope: &Scope<'a>) {
        if &*reference.root != "input" {
            return;
        }
        let Some(RefPart::Method(name, args, _)) = reference.parts.first() else {
            return;
        };
        let ([arg], "path" | "json") = (args.as_slice(), &**name) else {
            return;
        };
        let Some(path) = string_literal(arg) else {
            return;
        };
        if let Err(error) = JsonPath::compile(&path) {
            self.findings
                .at_template(
                    arg.span.start as usize,
                    arg.span.end as usize,
                    format!(
                        "`{path}` is not a valid JSONPath ({}); `$input.{name}` fails on every request",
                        reason(&error)
                    ),
                )
                .help("JSONPaths start at the document root `$`: `$`, `$.items`, `$.items[0].id`, `$['key-name']`");
        }
    }
}

/// The Java exception text without its class names.
fn reason(error: &str) -> &str {
    let mut reason = error;
    for prefix in [
        "com.jayway.jsonpath.InvalidPathException: ",
        "java.lang.IllegalArgumentException: ",
        "java.lang.",
    ] {
        while let Some(rest) = reason.strip_prefix(prefix) {
            reason = rest;
        }
    }
    reason
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing;

    #[test]
    fn paths_jayway_refuses_fire_at_the_literal() {
        let text = "#set($a = $input.path('$.items['))\n$input.json(\"$.order.\")\n$input.path('')";
        let found = testing::check(&RULE, text);
        let at: Vec<_> = found.iter().map(|f| (f.0, f.1.as_str())).collect();
        assert_eq!(
            at,
            vec![(1, "'$.items['"), (2, "\"$.order.\""), (3, "''")]
        );
        assert!(!found[0].2.contains("com.jayway"), "{}", found[0].2);
    }

    #[test]
    fn valid_and_computed_paths_do_not_fire() {
        let text = "$input.path('$') $input.json(\"$.items[0].id\") $input.path(\"$.records[${i}]\") \
            $input.path($p) $input.json('$..price') $input.path(\"$['content-type']\") \
            $input.path('$.items[?(@.price > 10)]')";
        assert_eq!(testing::check(&RULE, text), vec![]);
    }
}
