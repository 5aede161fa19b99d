//! From template text to syntax tree: the pest grammar, the tree types and the builder.
//! Nothing here evaluates; `parse` is the only entry point the rest of the library needs.

pub mod ast;
mod build;
pub mod parser;

pub use build::{check_nesting, parse, parse_nested_at_most, Parsed, MAX_NESTING};
