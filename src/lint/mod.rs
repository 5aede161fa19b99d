//! Pre-deploy lint: finds mapping templates where they live (template files, OpenAPI, CloudFormation,
//! Serverless, Terraform), checks them with API-Gateway-aware rules, and reports at host-file positions.

pub mod config;
pub mod deep;
pub mod diagnostic;
pub mod host;
pub mod json_position;
pub mod load;
pub mod output;
pub mod refs;
pub mod rule;
pub mod rules;
pub mod run;
pub mod source;
pub mod suppress;
#[cfg(test)]
pub mod testing;
pub mod values;
pub mod walk;
