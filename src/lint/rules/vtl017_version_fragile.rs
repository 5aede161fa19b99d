//! VTL017 `version-fragile`: loop variables whose behaviour depends on the Velocity version or its
//! settings (`$velocityCount`, `$velocityHasNext`, `$foreach.parent`, `$foreach.topmost`).

use crate::lint::diagnostic::Severity;
use crate::lint::rule::{Check, Findings, Rule, TemplateContext};
use crate::lint::walk::{walk, Place, Scope, Visitor};
use crate::syntax::ast::{RefPart, Reference};

/// ## What it does
/// Reports `$velocityCount` and `$velocityHasNext` (Velocity 1.x loop variables, deprecated in 1.7
/// and removed in 2.0), and `$foreach.parent` / `$foreach.topmost` (Velocity's scope-control objects,
/// which API Gateway does not document), and `$velocityCount` outside any loop.
///
/// ## Why is this bad?
/// They work in the Velocity 1.7 engine API Gateway runs today, but their names and values come from
/// engine settings (`directive.foreach.counter.name`, `...initial.value`) and they are gone from
/// later Velocity versions: a template that relies on them depends on an engine detail rather than on
/// what API Gateway documents (`$foreach.count`, `$foreach.index`, `$foreach.hasNext`).
///
/// ## Example
/// ```vtl
/// #foreach($item in $input.path('$.items'))"$item"#if($velocityHasNext),#end#end
/// ```
/// Use instead:
/// ```vtl
/// #foreach($item in $input.path('$.items'))"$item"#if($foreach.hasNext),#end#end
/// ```
pub const RULE: Rule = Rule {
    code: "VTL017",
    name: "version-fragile",
    severity: Severity::Info,
    summary: "`$velocityCount`, `$velocityHasNext`, `$foreach.parent`/`topmost`: engine-version details",
    check: Check::Template(check),
};

fn check(context: &TemplateContext<'_>, findings: &mut Findings) {
    let Ok(block) = context.parsed else { return };
    walk(block, &mut Fragile { findings });
}

struct Fragile<'f> {
    findings: &'f mut Findings,
}

impl<'a> Visitor<'a> for Fragile<'_> {
    fn reference(&mut self, reference: &'a Reference, _place: Place, scope: &Scope<'a>) {
        let start = reference.span.start as usize;
        match &*reference.root {
            "velocityCount" | "velocityHasNext" => {
                let (instead, meaning) = if &*reference.root == "velocityCount" {
                    ("$foreach.count", "the 1-based iteration number")
                } else {
                    ("$foreach.hasNext", "whether more items follow")
                };
                let name_end = start + reference.literal.find('.').unwrap_or(reference.literal.len());
                let outside = scope.loops.is_empty() && !scope.in_macro && !scope.in_define;
                let message = if outside {
                    format!(
                        "`${}` outside any `#foreach` is undefined and renders as empty",
                        reference.root
                    )
                } else {
                    format!(
                        "`${}` ({meaning}) is a deprecated Velocity 1.x loop variable, removed in Velocity 2.0",
                        reference.root
                    )
                };
                let report = self.findings.at_template(start, name_end, message);
                let report = report.help(format!("use `{instead}`"));
                if outside {
                    report.severity(Severity::Warning);
                }
            }
            "foreach" => {
                if let Some(RefPart::Property(name, span)) = reference.parts.first() {
                    if matches!(&**name, "parent" | "topmost") {
                        self.findings
                            .at_template(
                                start,
                                span.end as usize,
                                format!(
                                    "`$foreach.{name}` is a Velocity scope-control detail that API Gateway does not document"
                                ),
                            )
                            .help(
                                "keep the outer loop's values in variables (`#set($outerIndex = $foreach.index)`) before the inner `#foreach`",
                            );
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing;

    #[test]
    fn old_loop_variables_and_scope_control_fire() {
        let text = "#foreach($a in $as)$velocityCount#if($velocityHasNext),#end\n\
            #foreach($b in $bs)$foreach.parent.index#end#end\n\
            $velocityCount";
        let found = testing::check(&RULE, text);
        let at: Vec<_> = found.iter().map(|f| (f.0, f.1.as_str())).collect();
        assert_eq!(
            at,
            vec![
                (1, "$velocityCount"),
                (1, "$velocityHasNext"),
                (2, "$foreach.parent"),
                (3, "$velocityCount")
            ]
        );
        assert!(found[3].2.contains("outside"), "{}", found[3].2);
    }

    #[test]
    fn documented_loop_variables_do_not_fire() {
        let text = "#foreach($a in $as)$foreach.count $foreach.index #if($foreach.hasNext),#end$foreach.first#end";
        assert_eq!(testing::check(&RULE, text), vec![]);
    }
}
