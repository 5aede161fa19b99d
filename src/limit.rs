//! The named limits and their errors: each limit has one name, which is also its command-line
//! flag, and every limit error's message carries it so a reader knows what to raise.

use crate::error::{Error, ErrorKind};

/// One limit, named as its command-line flag (without the dashes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// [`crate::Limits::max_foreach_iterations`].
    ForeachIterations,
    /// [`crate::Limits::max_macro_depth`].
    MacroDepth,
    /// [`crate::Limits::max_evaluate_depth`].
    EvaluateDepth,
    /// [`crate::Limits::max_output_bytes`].
    OutputBytes,
    /// [`crate::Limits::fuel`].
    Fuel,
    /// [`crate::Limits::max_range_items`].
    RangeItems,
    /// [`crate::Limits::max_nesting`].
    Nesting,
    /// [`crate::Limits::max_template_bytes`].
    TemplateBytes,
    /// [`crate::Limits::max_body_bytes`].
    BodyBytes,
    /// [`crate::Limits::max_jsonpath_depth`].
    JsonPathDepth,
}

/// Marks a host object's error message as a limit error: `$input` reports its limits through the
/// same `Result<Value, String>` as Java exceptions, and the evaluator turns this prefix into
/// [`ErrorKind::Limit`].
pub const LIMIT_EXCEEDED: &str = "apigw_vtl.LimitExceeded: ";

impl Limit {
    /// The limit's name, which is also its flag: `max-fuel` is set with `--max-fuel`.
    pub fn name(self) -> &'static str {
        match self {
            Limit::ForeachIterations => "max-foreach-iterations",
            Limit::MacroDepth => "max-macro-depth",
            Limit::EvaluateDepth => "max-evaluate-depth",
            Limit::OutputBytes => "max-output-bytes",
            Limit::Fuel => "max-fuel",
            Limit::RangeItems => "max-range-items",
            Limit::Nesting => "max-nesting",
            Limit::TemplateBytes => "max-template-bytes",
            Limit::BodyBytes => "max-body-bytes",
            Limit::JsonPathDepth => "max-jsonpath-depth",
        }
    }

    /// `what happened (limit --max-x N)`: the message every limit error carries.
    pub fn message(self, what: impl std::fmt::Display, value: impl std::fmt::Display) -> String {
        format!("{what} (limit --{} {value})", self.name())
    }

    /// A located-later [`ErrorKind::Limit`] error with [`Limit::message`].
    pub fn error(self, what: impl std::fmt::Display, value: impl std::fmt::Display) -> Error {
        Error::new(ErrorKind::Limit, self.message(what, value))
    }

    /// True when `error` reports this limit.
    pub fn reached_in(self, error: &Error) -> bool {
        error.kind() == ErrorKind::Limit
            && error
                .message()
                .contains(&format!("(limit --{} ", self.name()))
    }

    /// The message for a host object to return (see [`LIMIT_EXCEEDED`]).
    pub fn host_message(
        self,
        what: impl std::fmt::Display,
        value: impl std::fmt::Display,
    ) -> String {
        format!("{LIMIT_EXCEEDED}{}", self.message(what, value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_limit_as_its_flag() {
        assert_eq!(
            Limit::Fuel.message("evaluation stopped after 10 steps", 10),
            "evaluation stopped after 10 steps (limit --max-fuel 10)"
        );
        assert!(Limit::JsonPathDepth
            .host_message("x", 1)
            .starts_with(LIMIT_EXCEEDED));
    }
}
