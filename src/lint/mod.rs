//! Pre-deploy lint: finds mapping templates where they live (template files, OpenAPI, CloudFormation,
//! Serverless, Terraform), checks them with API-Gateway-aware rules, and reports at host-file positions.

pub mod diagnostic;
pub mod host;
pub mod rule;
pub mod rules;
pub mod source;
