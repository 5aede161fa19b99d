//! VTL010 `unknown-input-member`: `$input.x` that is not `body`, `json(path)`, `path(path)` or
//! `params()`/`params(name)`, or a call with the wrong number of arguments.

use crate::lint::diagnostic::Severity;
use crate::lint::refs::{did_you_mean, string_literal};
use crate::lint::rule::{Check, Findings, Rule, TemplateContext};
use crate::lint::walk::{walk, Place, Scope, Visitor};
use crate::syntax::ast::{Expr, RefPart, Reference};

/// ## What it does
/// Checks the member read on `$input`: API Gateway's `$input` has the property `body` and the
/// methods `json(path)`, `path(path)`, `params()` and `params(name)`; the map `$input.params()`
/// has the keys `path`, `querystring` and `header`.
///
/// ## Why is this bad?
/// Anything else is null, and API Gateway renders null as an empty string: `$input.param('id')`
/// or `$input.Json('$')` silently sends nothing to the backend.
///
/// ## Example
/// ```vtl
/// {"id": "$input.param('id')", "item": $input.Json('$.item')}
/// ```
/// Use instead:
/// ```vtl
/// {"id": "$input.params('id')", "item": $input.json('$.item')}
/// ```
pub const RULE: Rule = Rule {
    code: "VTL010",
    name: "unknown-input-member",
    severity: Severity::Error,
    summary: "`$input` member that does not exist or a call with the wrong arguments (renders empty)",
    check: Check::Template(check),
};

const MEMBERS: &[&str] = &["body", "json", "path", "params"];

const PARAM_SECTIONS: &[&str] = &["path", "querystring", "header"];

/// Methods every Java object has; calling them on `$input` is odd but works.
const OBJECT_METHODS: &[&str] = &["toString", "hashCode", "getClass", "equals"];

fn check(context: &TemplateContext<'_>, findings: &mut Findings) {
    let Ok(block) = context.parsed else { return };
    let mut visitor = InputReferences {
        text: &context.template.text,
        findings,
    };
    walk(block, &mut visitor);
}

struct InputReferences<'t, 'f> {
    text: &'t str,
    findings: &'f mut Findings,
}

impl<'a> Visitor<'a> for InputReferences<'_, '_> {
    fn reference(&mut self, reference: &'a Reference, _place: Place, _scope: &Scope<'a>) {
        if &*reference.root != "input" {
            return;
        }
        match reference.parts.first() {
            Some(RefPart::Property(name, span)) => self.property(name, span.start, span.end),
            Some(RefPart::Method(name, args, span)) => {
                self.method(name, args, span.start, span.end);
                if &**name == "params" && args.is_empty() {
                    self.params_section(reference.parts.get(1));
                }
            }
            Some(RefPart::Index(..)) | None => {}
        }
    }
}

impl InputReferences<'_, '_> {
    fn property(&mut self, name: &str, start: u32, end: u32) {
        // Velocity reads `.body` and `.Body` through `getBody()`.
        if name.eq_ignore_ascii_case("body") {
            return;
        }
        let (start, end) = (start as usize, end as usize);
        let help = match did_you_mean(name, MEMBERS) {
            Some("body") => Some("did you mean `$input.body`?".to_string()),
            Some("params") => Some("call it: `$input.params()` or `$input.params('name')`".into()),
            Some(method) => Some(format!("call it with a JSONPath: `$input.{method}('$')`")),
            None => None,
        };
        let message = if MEMBERS.contains(&name) {
            format!("`$input.{name}` is a method; read as a property it renders as empty")
        } else {
            format!("`$input.{name}` does not exist; it renders as empty")
        };
        let report = self.findings.at_template(start, end, message);
        if let Some(help) = help {
            report.help(help);
        }
    }

    fn method(&mut self, name: &str, args: &[Expr], start: u32, end: u32) {
        let (start, end) = (start as usize, end as usize);
        let arity_ok = match name {
            "body" | "getBody" => args.is_empty(),
            "json" | "path" => args.len() == 1,
            "params" => args.len() <= 1,
            _ if OBJECT_METHODS.contains(&name) => return,
            _ => {
                let message = format!("`$input.{name}(..)` does not exist; it renders as empty");
                let call = did_you_mean(name, MEMBERS).map(|close| match close {
                    "body" => "$input.body".to_string(),
                    _ => format!("$input.{close}({})", self.args_text(args)),
                });
                let report = self.findings.at_template(start, end, message);
                if let Some(call) = call {
                    report.help(format!("did you mean `{call}`?"));
                }
                return;
            }
        };
        if arity_ok {
            return;
        }
        let expected = match name {
            "json" | "path" => "one argument, a JSONPath such as '$.items'",
            "params" => "no argument (all parameters) or one (a parameter's name)",
            _ => "no argument",
        };
        self.findings.at_template(
            start,
            end,
            format!(
                "`$input.{name}` takes {expected}, not {}; the call renders as empty",
                args.len()
            ),
        );
    }

    /// `$input.params().x`: only `path`, `querystring` and `header` exist.
    fn params_section(&mut self, next: Option<&RefPart>) {
        let (section, span) = match next {
            Some(RefPart::Property(name, span)) => (name.to_string(), *span),
            Some(RefPart::Index(index, span)) => match string_literal(index) {
                Some(key) => (key, *span),
                None => return,
            },
            Some(RefPart::Method(name, args, span)) if &**name == "get" => {
                match args.first().and_then(string_literal) {
                    Some(key) if args.len() == 1 => (key, *span),
                    _ => return,
                }
            }
            _ => return,
        };
        if PARAM_SECTIONS.contains(&section.as_str()) {
            return;
        }
        let report = self.findings.at_template(
            span.start as usize,
            span.end as usize,
            format!(
                "`$input.params()` has no `{section}`: its keys are `path`, `querystring` and `header`"
            ),
        );
        if let Some(close) = did_you_mean(&section, PARAM_SECTIONS) {
            report.help(format!("did you mean `$input.params().{close}`?"));
        }
    }

    fn args_text(&self, args: &[Expr]) -> &str {
        match (args.first(), args.last()) {
            (Some(first), Some(last)) => self
                .text
                .get(first.span.start as usize..last.span.end as usize)
                .unwrap_or(""),
            _ => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::source::TemplateRole;
    use crate::lint::testing;

    fn helps(text: &str) -> Vec<Option<String>> {
        testing::findings(&RULE, &testing::template(text, TemplateRole::Unknown))
            .into_iter()
            .map(|f| f.help)
            .collect()
    }

    #[test]
    fn misspelt_methods_fire_with_the_call_to_write() {
        assert_eq!(
            helps("\"$input.param('id')\" $input.Json('$.item') $input.getBody()"),
            vec![
                Some("did you mean `$input.params('id')`?".to_string()),
                Some("did you mean `$input.json('$.item')`?".to_string()),
            ]
        );
    }

    #[test]
    fn methods_read_as_properties_fire() {
        let found = testing::check(&RULE, "$input.json\n$input.params.header\n$input.boddy");
        let lines: Vec<_> = found.iter().map(|f| f.0).collect();
        assert_eq!(lines, vec![1, 2, 3], "{found:?}");
    }

    #[test]
    fn wrong_arities_fire() {
        let found = testing::check(&RULE, "$input.path() $input.json('$', 1) $input.params('a', 'b')");
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].2.contains("one argument"));
    }

    #[test]
    fn params_sections_are_checked() {
        assert_eq!(
            helps("$input.params().headers.get('x') $input.params().querystring $input.params()['path']"),
            vec![Some("did you mean `$input.params().header`?".to_string())]
        );
    }

    #[test]
    fn the_members_of_input_do_not_fire() {
        let text = "$input.body $input.Body $input.json('$') $input.path(\"$.a\").size() \
            $input.params() $input.params('id') $input.params().header.get('Accept') $input.toString()";
        assert_eq!(testing::check(&RULE, text), vec![]);
    }
}
