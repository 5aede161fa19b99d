//! The limit flags that `render`, `invoke`, `batch` and `test` share: each overrides one limit of
//! the profile in use (stock Velocity or API Gateway, whose quotas are the defaults there).

use apigw_vtl::{LimitOverrides, Limits, RenderOptions, Template};

/// Limit flags; a flag left out keeps the profile's value.
#[derive(clap::Args, Clone, Debug, Default)]
#[command(next_help_heading = "Limits")]
pub struct LimitArgs {
    /// Iterations one `#foreach` may run [API Gateway: 1000; Velocity: unlimited].
    #[arg(long, value_name = "N")]
    max_foreach_iterations: Option<u64>,
    /// Nested macro calls [default and ceiling: 20, Velocity's velocimacro.max.depth].
    #[arg(long, value_name = "N")]
    max_macro_depth: Option<usize>,
    /// Nested `#evaluate` directives [default: 16].
    #[arg(long, value_name = "N")]
    max_evaluate_depth: Option<usize>,
    /// Evaluation steps (directives, method calls, loop iterations) [default: 50000000; batch:
    /// 5000000 per case].
    #[arg(long, value_name = "N", alias = "fuel")]
    max_fuel: Option<u64>,
    /// Bytes of output, and of any one string the template builds [default: 16 MiB].
    #[arg(long, value_name = "BYTES")]
    max_output_bytes: Option<usize>,
    /// Items a range `[a..b]` may produce [default: 10000000].
    #[arg(long, value_name = "N")]
    max_range_items: Option<u64>,
    /// How deeply brackets and blocks may nest [default and ceiling: 64].
    #[arg(long, value_name = "N")]
    max_nesting: Option<usize>,
    /// Bytes of template source [API Gateway: 307200 (300 KB); Velocity: unlimited].
    #[arg(long, value_name = "BYTES")]
    max_template_bytes: Option<usize>,
    /// Bytes of the payload `$input` reads [API Gateway: 10485760 (10 MB)].
    #[arg(long, value_name = "BYTES")]
    max_body_bytes: Option<usize>,
    /// Segments one JSONPath of `$input.path`/`$input.json` may have [default: 1024].
    #[arg(long, value_name = "N")]
    max_jsonpath_depth: Option<usize>,
}

impl LimitArgs {
    /// Evaluation steps set with `--max-fuel`, if given.
    pub fn max_fuel(&self) -> Option<u64> {
        self.max_fuel
    }

    /// The overrides these flags set.
    pub fn overrides(&self) -> LimitOverrides {
        LimitOverrides {
            max_foreach_iterations: self.max_foreach_iterations,
            max_macro_depth: self.max_macro_depth,
            max_evaluate_depth: self.max_evaluate_depth,
            max_output_bytes: self.max_output_bytes,
            max_fuel: self.max_fuel,
            max_range_items: self.max_range_items,
            max_nesting: self.max_nesting,
            max_template_bytes: self.max_template_bytes,
            max_body_bytes: self.max_body_bytes,
            max_jsonpath_depth: self.max_jsonpath_depth,
        }
    }

    /// `options` with these flags applied to its limits.
    pub fn apply(&self, mut options: RenderOptions) -> RenderOptions {
        options.limits = self.overrides().apply(options.limits);
        options
    }

    /// Parses a template under these flags' size and nesting limits.
    pub fn parse(&self, name: &str, text: &str) -> apigw_vtl::Result<Template> {
        Template::parse_with_limits(name, text, &self.overrides().apply(Limits::default()))
    }
}
