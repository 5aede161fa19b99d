//! Rendering: the value model, Java semantics and the evaluator that turns a parsed template
//! and its variables into output. Nothing here knows pest or API Gateway.

mod context;
pub(crate) mod eval;
pub mod java;
mod json;
pub mod methods;
pub mod ops;
mod scope;
pub mod value;

pub use json::{json_to_value, value_to_json};

/// Limits that keep a render bounded, whatever the template and input.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Iterations one `#foreach` may run (API Gateway stops at 1000); `None` is unlimited.
    pub max_foreach_iterations: Option<u64>,
    /// Nested macro calls (Velocity's `velocimacro.max.depth` is 20).
    pub max_macro_depth: usize,
    /// Nested `#evaluate`.
    pub max_evaluate_depth: usize,
    /// Bytes of output.
    pub max_output_bytes: usize,
    /// Evaluation steps (directives, method calls, loop iterations); `None` is unlimited.
    pub fuel: Option<u64>,
    /// Items a range literal `[a..b]` may produce.
    pub max_range_items: u64,
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
        }
    }
}

/// Switches between stock Velocity 1.7 and API Gateway's behaviour; `Profile::apigateway`
/// (in the gateway module) sets them with their evidence.
#[derive(Clone, Debug, Default)]
pub struct Profile {
    /// A null reference prints nothing instead of its source text.
    pub null_prints_empty: bool,
    /// `==` holds between null and the empty string.
    pub null_equals_empty_string: bool,
}

impl Profile {
    /// Stock Apache Velocity 1.7, as `../shared/oracle` runs it.
    pub fn velocity() -> Profile {
        Profile::default()
    }
}
