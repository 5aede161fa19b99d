//! apigw-vtl renders AWS API Gateway mapping templates offline, byte for byte as Apache
//! Velocity 1.7 (the engine behind API Gateway) renders them.
//!
//! ```
//! use apigw_vtl::{RenderOptions, Template};
//!
//! let template = Template::parse("greeting.vtl", "#set($n = $name.toUpperCase())Hello, $n!")?;
//! let vars = serde_json::json!({"name": "ann"});
//! let output = template.render_json(vars.as_object().unwrap(), &RenderOptions::default())?;
//! assert_eq!(output, "Hello, ANN!");
//! # Ok::<(), apigw_vtl::Error>(())
//! ```
#![deny(missing_docs)]
// Templates and events are user input: library code reaches data only through checked access.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod error;
pub mod gateway;
pub mod harness;
pub mod limit;
pub mod lint;
pub mod render;
pub mod span;
pub mod syntax;
mod template;

pub use error::{Error, ErrorKind, Result};
pub use limit::Limit;
pub use render::value::Value;
pub use render::{LimitOverrides, Limits, Profile};
pub use span::Span;
pub use template::{RenderOptions, Template};
