//! The rule registry: every rule, in code order, with its documentation for `--explain`.
//! Adding a rule is one file here and one line in the `rules!` list below.

use crate::lint::rule::Rule;

/// Declares each rule module and lists its `RULE` (in `ALL`) and its source (for the docs).
macro_rules! rules {
    ($($module:ident),* $(,)?) => {
        $(pub mod $module;)*

        /// Every rule, in code order.
        pub const ALL: &[&Rule] = &[$(&$module::RULE),*];

        // (module name, module source), parallel to `ALL`: the doc comment on `RULE` is the
        // rule's explanation, read from the source so the docs and `--explain` cannot differ.
        const SOURCES: &[(&str, &str)] = &[
            $((stringify!($module), include_str!(concat!(stringify!($module), ".rs")))),*
        ];
    };
}

rules! {
    vtl000_unknown_suppression,
    vtl001_syntax_error,
    vtl002_unavailable_directive,
    vtl003_foreach_trailing_comma,
    vtl004_escape_javascript_single_quote,
    vtl005_quoted_json_value,
    vtl006_unquoted_string_value,
    vtl007_raw_value_in_json_string,
    vtl008_unknown_util,
    vtl009_unknown_context_member,
    vtl010_unknown_input_member,
    vtl011_claim_key_dot_access,
    vtl012_invalid_jsonpath,
    vtl013_duplicate_override,
    vtl014_invalid_override_status,
    vtl015_stale_foreach_set,
    vtl016_java_collection_printed,
    vtl017_version_fragile,
    vtl030_deep_invalid_json,
    vtl040_selection_pattern_never_matches,
    vtl041_passthrough_content_type_gap,
    vtl042_host_substitutes_dollar_brace,
    vtl043_template_over_quota,
}

/// The rule with this code (`VTL003`, any case).
pub fn by_code(code: &str) -> Option<&'static Rule> {
    ALL.iter()
        .copied()
        .find(|rule| rule.code.eq_ignore_ascii_case(code))
}

/// The rule with this code or kebab-case name (`VTL003` or `foreach-trailing-comma`).
pub fn lookup(code_or_name: &str) -> Option<&'static Rule> {
    by_code(code_or_name).or_else(|| ALL.iter().copied().find(|rule| rule.name == code_or_name))
}

/// The rule's documentation: the `///` comment on its `RULE` (What it does, Why, Example).
pub fn explanation(rule: &Rule) -> String {
    let Some((_, source)) = source_of(rule) else {
        return String::new();
    };
    let mut doc: Vec<&str> = Vec::new();
    for line in source.lines() {
        let line = line.trim_start();
        if let Some(text) = line.strip_prefix("///") {
            doc.push(text.strip_prefix(' ').unwrap_or(text));
        } else if line.starts_with("pub const RULE") {
            break;
        } else if !line.starts_with("#[") {
            doc.clear();
        }
    }
    doc.join("\n")
}

/// Where the rule's documentation is published.
pub fn help_uri(rule: &Rule) -> String {
    let module = source_of(rule).map_or("", |(module, _)| module);
    format!("https://docs.rs/apigw-vtl/latest/apigw_vtl/lint/rules/{module}/constant.RULE.html")
}

fn source_of(rule: &Rule) -> Option<(&'static str, &'static str)> {
    let index = ALL.iter().position(|r| r.code == rule.code)?;
    SOURCES.get(index).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_in_order() {
        let codes: Vec<&str> = ALL.iter().map(|rule| rule.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted);
    }

    #[test]
    fn every_rule_explains_what_why_and_how() {
        for rule in ALL {
            let doc = explanation(rule);
            for heading in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(
                    doc.contains(heading),
                    "{} lacks {heading}:\n{doc}",
                    rule.code
                );
            }
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{} is not kebab-case",
                rule.name
            );
        }
    }

    #[test]
    fn rules_are_found_by_code_or_name() {
        assert_eq!(lookup("vtl001").map(|r| r.code), Some("VTL001"));
        assert_eq!(lookup("syntax-error").map(|r| r.code), Some("VTL001"));
        assert!(lookup("VTL999").is_none());
    }
}
