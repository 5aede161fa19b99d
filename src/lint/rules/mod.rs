//! Lint rules, one per file. The host-level rules here check integration settings and how a host
//! file rewrites its templates, rather than the template text itself.

pub mod vtl040_selection_pattern_never_matches;
pub mod vtl041_passthrough_content_type_gap;
pub mod vtl042_host_substitutes_dollar_brace;
pub mod vtl043_template_over_quota;

use crate::lint::rule::Rule;

/// The rules about host settings, in code order.
pub const HOST_RULES: &[&Rule] = &[
    &vtl040_selection_pattern_never_matches::RULE,
    &vtl041_passthrough_content_type_gap::RULE,
    &vtl042_host_substitutes_dollar_brace::RULE,
    &vtl043_template_over_quota::RULE,
];
