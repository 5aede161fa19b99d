//! VTL000 `unknown-suppression`: an `## apigw-vtl: allow` comment names a code or rule that does
//! not exist, so it suppresses nothing (usually a typo or a rule that was renamed).

use crate::lint::diagnostic::Severity;
use crate::lint::rule::{Check, Findings, Rule, TemplateContext};
use crate::lint::rules;
use crate::lint::suppress;

/// ## What it does
/// Checks that every code or name in an `## apigw-vtl: allow ...` comment is a lint rule.
///
/// ## Why is this bad?
/// A misspelt code suppresses nothing: the finding the author meant to accept still fails the run,
/// or, after a fix, the comment silently stays behind and hides nothing.
///
/// ## Example
/// ```vtl
/// ## apigw-vtl: allow VTL03
/// #foreach($item in $input.path('$.items'))$item,#end
/// ```
/// Use instead:
/// ```vtl
/// ## apigw-vtl: allow VTL003
/// #foreach($item in $input.path('$.items'))$item,#end
/// ```
pub const RULE: Rule = Rule {
    code: "VTL000",
    name: "unknown-suppression",
    severity: Severity::Warning,
    summary: "an `## apigw-vtl: allow` comment names a code or rule that does not exist",
    check: Check::Template(check),
};

fn check(context: &TemplateContext<'_>, findings: &mut Findings) {
    for suppression in suppress::parse(&context.template.text) {
        if suppression.names.is_empty() {
            findings
                .at_template(suppression.offset, suppression.offset + 2, "this `apigw-vtl: allow` comment names no rule")
                .help("list codes or names after `allow`, separated by commas: `## apigw-vtl: allow VTL003`");
        }
        for name in &suppression.names {
            if rules::lookup(&name.text).is_some() {
                continue;
            }
            let mut report = findings.at_template(
                name.start,
                name.end,
                format!("`{}` is not a lint rule; this suppression has no effect", name.text),
            );
            if let Some(closest) = closest_rule(&name.text) {
                report = report.help(format!("did you mean `{closest}`?"));
            } else {
                report = report.help("`apigw-vtl lint --list-rules` lists the codes and names");
            }
            drop(report);
        }
    }
}

/// The code or name closest to a misspelling, when one is close enough to be a likely meaning.
fn closest_rule(written: &str) -> Option<String> {
    let upper = written.to_ascii_uppercase();
    rules::ALL
        .iter()
        .flat_map(|rule| [rule.code, rule.name])
        .filter_map(|candidate| {
            if candidate.starts_with("VTL") {
                // Another code one digit away is a different rule, not a typo: only a dropped or
                // added character (`VTL03`) is suggested.
                let distance = strsim::levenshtein(&upper, candidate);
                (distance == 1 && upper.len() != candidate.len()).then_some((distance, candidate))
            } else {
                let distance = strsim::levenshtein(written, candidate);
                (distance <= 2.max(candidate.len() / 4)).then_some((distance, candidate))
            }
        })
        .min()
        .map(|(_, candidate)| candidate.to_string())
}
