//! What lint reports: a rule's finding at a host-file range, with severity, message and fix.
//! Output formats (human, JSON, SARIF, GitHub) read only this type.

use std::sync::Arc;

use crate::lint::source::{HostRange, SourceFile};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Info,
    /// Likely wrong; fails a run with `--deny warnings`.
    Warning,
    /// Wrong: API Gateway rejects the template or renders something the author did not mean.
    Error,
}

impl Severity {
    /// `error`, `warning` or `info`, as written in JSON output and `apigw-vtl.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses a name written by [`Severity::name`].
    pub fn from_name(name: &str) -> Option<Severity> {
        match name {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// One finding, positioned in the file the user edits.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// The rule's stable code, `VTL001`...
    pub code: &'static str,
    /// The rule's kebab-case name.
    pub name: &'static str,
    /// Severity after configuration.
    pub severity: Severity,
    /// What is wrong, in one line.
    pub message: String,
    /// How to fix it, in one line.
    pub help: Option<String>,
    /// Further context (for `--deep`: the request that broke the output).
    pub note: Option<String>,
    /// The file the finding is in.
    pub file: Arc<SourceFile>,
    /// Where in that file.
    pub range: HostRange,
}

impl Diagnostic {
    /// 1-based line and column of the start, in the host file.
    pub fn start(&self) -> (u32, u32) {
        self.file.line_col(self.range.start)
    }

    /// 1-based line and column of the end (exclusive), in the host file.
    pub fn end(&self) -> (u32, u32) {
        self.file.line_col(self.range.end)
    }
}
