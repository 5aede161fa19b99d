//! Lint report formats: human (rustc-style excerpts), JSON, SARIF 2.1.0 and GitHub workflow
//! commands; each reads only the sorted diagnostics and writes one string.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use std::path::Path;

use crate::lint::diagnostic::{Diagnostic, Severity};

/// A report format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Excerpts with carets, then a summary line.
    Human,
    /// One JSON array of findings.
    Json,
    /// SARIF 2.1.0 for code-scanning tools.
    Sarif,
    /// GitHub Actions `::error`/`::warning` workflow commands.
    Github,
}

impl Format {
    /// The format named on the command line.
    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "human" => Some(Format::Human),
            "json" => Some(Format::Json),
            "sarif" => Some(Format::Sarif),
            "github" => Some(Format::Github),
            _ => None,
        }
    }
}

/// Writes `diagnostics` in `format`; paths in SARIF are made relative to `base`.
pub fn render(format: Format, diagnostics: &[Diagnostic], base: &Path, color: bool) -> String {
    match format {
        Format::Human => human::render(diagnostics, color),
        Format::Json => json::render(diagnostics),
        Format::Sarif => sarif::render(diagnostics, base),
        Format::Github => github::render(diagnostics),
    }
}

/// `2 errors, 1 warning` (and `, 3 infos` when there are some).
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let count = |severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let mut line = format!(
        "{}, {}",
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning")
    );
    let infos = count(Severity::Info);
    if infos > 0 {
        line.push_str(&format!(", {}", plural(infos, "info")));
    }
    line
}

/// A path as shown in reports: forward slashes, no leading `./`.
pub fn display_path(path: &Path) -> String {
    let shown = path.strip_prefix(".").unwrap_or(path);
    shown.to_string_lossy().replace('\\', "/")
}
