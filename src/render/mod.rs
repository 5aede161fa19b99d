//! Rendering: the value model, Java semantics and the evaluator that turns a parsed template
//! and its variables into output. Nothing here knows pest or API Gateway.

mod context;
pub(crate) mod eval;
pub mod java;
mod json;
mod limits;
pub mod methods;
pub mod ops;
mod scope;
pub mod value;

pub use json::{json_to_value, value_to_json};
pub use limits::{LimitOverrides, Limits};

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
