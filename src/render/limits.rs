//! The limits that keep a render bounded whatever the template and input, and overrides that
//! change a profile's limits (what the command-line flags set).

use crate::syntax::MAX_NESTING;

/// Limits that keep a render bounded, whatever the template and input.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Iterations one `#foreach` may run (API Gateway stops at 1000); `None` is unlimited.
    pub max_foreach_iterations: Option<u64>,
    /// Nested macro calls (Velocity's `velocimacro.max.depth` is 20, which is also the ceiling).
    pub max_macro_depth: usize,
    /// Nested `#evaluate`.
    pub max_evaluate_depth: usize,
    /// Bytes of output, and of any one string a template builds.
    pub max_output_bytes: usize,
    /// Evaluation steps (directives, method calls, loop iterations); `None` is unlimited.
    pub fuel: Option<u64>,
    /// Items a range literal `[a..b]` may produce.
    pub max_range_items: u64,
    /// How deeply brackets and blocks may nest; values above [`MAX_NESTING`] act as it, since the
    /// parser and evaluator recurse once per level.
    pub max_nesting: usize,
    /// Bytes of template source (API Gateway refuses templates over 300 KB); `None` is unlimited.
    pub max_template_bytes: Option<usize>,
    /// Bytes of the payload `$input` reads (API Gateway's payload quota is 10 MB); `None` is
    /// unlimited.
    pub max_body_bytes: Option<usize>,
    /// Segments (`.name`, `[...]`) one JSONPath given to `$input.path`/`$input.json` may have.
    pub max_jsonpath_depth: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_foreach_iterations: None,
            max_macro_depth: 20,
            max_evaluate_depth: 16,
            // The reference harness fails a case past 16 M characters of output.
            max_output_bytes: 16 * 1024 * 1024,
            fuel: Some(50_000_000),
            max_range_items: 10_000_000,
            max_nesting: MAX_NESTING,
            max_template_bytes: None,
            max_body_bytes: None,
            // The JSONPath evaluator's own recursion bound (`jsonpath::MAX_EVAL_DEPTH`).
            max_jsonpath_depth: 1024,
        }
    }
}

/// Changes to some limits, applied on top of a profile's own (`RenderOptions::apigateway` sets
/// API Gateway's quotas; a caller may lower or raise them). `None` keeps the profile's value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LimitOverrides {
    /// Replaces [`Limits::max_foreach_iterations`].
    pub max_foreach_iterations: Option<u64>,
    /// Replaces [`Limits::max_macro_depth`].
    pub max_macro_depth: Option<usize>,
    /// Replaces [`Limits::max_evaluate_depth`].
    pub max_evaluate_depth: Option<usize>,
    /// Replaces [`Limits::max_output_bytes`].
    pub max_output_bytes: Option<usize>,
    /// Replaces [`Limits::fuel`].
    pub max_fuel: Option<u64>,
    /// Replaces [`Limits::max_range_items`].
    pub max_range_items: Option<u64>,
    /// Replaces [`Limits::max_nesting`].
    pub max_nesting: Option<usize>,
    /// Replaces [`Limits::max_template_bytes`].
    pub max_template_bytes: Option<usize>,
    /// Replaces [`Limits::max_body_bytes`].
    pub max_body_bytes: Option<usize>,
    /// Replaces [`Limits::max_jsonpath_depth`].
    pub max_jsonpath_depth: Option<usize>,
}

impl LimitOverrides {
    /// `limits` with every set override applied.
    pub fn apply(&self, mut limits: Limits) -> Limits {
        if let Some(n) = self.max_foreach_iterations {
            limits.max_foreach_iterations = Some(n);
        }
        if let Some(n) = self.max_macro_depth {
            limits.max_macro_depth = n;
        }
        if let Some(n) = self.max_evaluate_depth {
            limits.max_evaluate_depth = n;
        }
        if let Some(n) = self.max_output_bytes {
            limits.max_output_bytes = n;
        }
        if let Some(n) = self.max_fuel {
            limits.fuel = Some(n);
        }
        if let Some(n) = self.max_range_items {
            limits.max_range_items = n;
        }
        if let Some(n) = self.max_nesting {
            limits.max_nesting = n;
        }
        if let Some(n) = self.max_template_bytes {
            limits.max_template_bytes = Some(n);
        }
        if let Some(n) = self.max_body_bytes {
            limits.max_body_bytes = Some(n);
        }
        if let Some(n) = self.max_jsonpath_depth {
            limits.max_jsonpath_depth = n;
        }
        limits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_replace_only_what_they_set() {
        let overrides = LimitOverrides {
            max_fuel: Some(7),
            max_template_bytes: Some(10),
            ..LimitOverrides::default()
        };
        let limits = overrides.apply(Limits::default());
        assert_eq!(limits.fuel, Some(7));
        assert_eq!(limits.max_template_bytes, Some(10));
        assert_eq!(limits.max_macro_depth, Limits::default().max_macro_depth);
    }
}
