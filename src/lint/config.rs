//! `apigw-vtl.toml`: per-rule severities (or `off`), `deny = ["warnings"]` and excluded paths,
//! found in the linted folder or its parents; command-line `--select`/`--ignore` narrow it further.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::lint::diagnostic::Severity;
use crate::lint::rule::Rule;
use crate::lint::rules;
use crate::span::LineIndex;

/// The configuration file's name.
pub const FILE_NAME: &str = "apigw-vtl.toml";

/// What to check and how seriously.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Severities set by the file or the command line; `None` = the rule is off.
    levels: HashMap<&'static str, Option<Severity>>,
    /// When set, only these rules run (`--select`).
    selected: Option<Vec<&'static str>>,
    /// Warnings fail the run.
    pub deny_warnings: bool,
    /// Run the rules that render templates (`--deep`).
    pub deep: bool,
    exclude: Option<GlobSet>,
    /// The folder the exclude patterns are relative to.
    base: PathBuf,
    /// The file the configuration was read from.
    pub source: Option<PathBuf>,
}

/// A configuration file that cannot be used, with the position of the problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line and column, when known.
    pub position: Option<(u32, u32)>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => write!(
                f,
                "{}:{line}:{column}: {}",
                self.path.display(),
                self.message
            ),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    deny: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
}

impl Config {
    /// The nearest `apigw-vtl.toml` in `start` (a folder, or a file's folder) or its parents.
    pub fn find(start: &Path) -> Option<PathBuf> {
        let absolute = std::path::absolute(start).ok()?;
        let folder = if absolute.is_dir() {
            absolute.as_path()
        } else {
            absolute.parent()?
        };
        folder
            .ancestors()
            .map(|dir| dir.join(FILE_NAME))
            .find(|candidate| candidate.is_file())
    }

    /// Reads and checks a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            position: None,
            message: format!("cannot read: {e}"),
        })?;
        Config::parse(path, &text)
    }

    /// Checks configuration text read from `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let lines = LineIndex::new(text);
        let error_at = |span: Option<std::ops::Range<usize>>, message: String| ConfigError {
            path: path.to_path_buf(),
            position: span.map(|s| lines.line_col(text, s.start)),
            message,
        };
        let raw: RawConfig = toml::from_str(text)
            .map_err(|e| error_at(e.span(), e.message().trim_end().to_string()))?;
        let mut config = Config {
            base: path.parent().map(Path::to_path_buf).unwrap_or_default(),
            source: Some(path.to_path_buf()),
            ..Config::default()
        };
        for (key, value) in &raw.rules {
            let rule = rules::lookup(key.get_ref()).ok_or_else(|| {
                error_at(
                    Some(key.span()),
                    format!("unknown rule `{}`", key.get_ref()),
                )
            })?;
            let level = match value.get_ref().as_str() {
                "off" => None,
                name => Some(Severity::from_name(name).ok_or_else(|| {
                    error_at(
                        Some(value.span()),
                        format!(
                            "unknown level `{name}` for {}: use \"error\", \"warning\", \"info\" or \"off\"",
                            rule.code
                        ),
                    )
                })?),
            };
            config.levels.insert(rule.code, level);
        }
        for item in &raw.deny {
            match item.get_ref().as_str() {
                "warnings" => config.deny_warnings = true,
                other => {
                    return Err(error_at(
                        Some(item.span()),
                        format!("unknown `deny` entry `{other}`: the only one is \"warnings\""),
                    ))
                }
            }
        }
        if !raw.exclude.is_empty() {
            let mut builder = GlobSetBuilder::new();
            for pattern in &raw.exclude {
                let glob = Glob::new(pattern.get_ref())
                    .map_err(|e| error_at(Some(pattern.span()), format!("bad glob: {e}")))?;
                builder.add(glob);
            }
            let set = builder
                .build()
                .map_err(|e| error_at(None, format!("bad exclude patterns: {e}")))?;
            config.exclude = Some(set);
        }
        Ok(config)
    }

    /// Runs only these rules (`--select`), keeping their configured severities.
    pub fn select(&mut self, rules: &[&'static Rule]) {
        self.selected = Some(rules.iter().map(|rule| rule.code).collect());
    }

    /// Turns these rules off (`--ignore`).
    pub fn ignore(&mut self, rules: &[&'static Rule]) {
        for rule in rules {
            self.levels.insert(rule.code, None);
        }
    }

    /// The severity `rule` reports at, or `None` when it is off.
    pub fn severity(&self, rule: &Rule) -> Option<Severity> {
        if let Some(selected) = &self.selected {
            if !selected.contains(&rule.code) {
                return None;
            }
        }
        match self.levels.get(rule.code) {
            Some(level) => *level,
            None => Some(rule.severity),
        }
    }

    /// True when the file was set to a severity explicitly (not just the rule's default).
    pub fn is_configured(&self, rule: &Rule) -> bool {
        self.levels.contains_key(rule.code)
    }

    /// True when `path` matches an `exclude` pattern (relative to the configuration's folder, or
    /// as given).
    pub fn is_excluded(&self, path: &Path) -> bool {
        let Some(set) = &self.exclude else {
            return false;
        };
        if set.is_match(path) || path.strip_prefix(".").is_ok_and(|p| set.is_match(p)) {
            return true;
        }
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let base = std::path::absolute(&self.base).unwrap_or_else(|_| self.base.clone());
        absolute
            .strip_prefix(&base)
            .is_ok_and(|relative| set.is_match(relative))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("dir/apigw-vtl.toml"), text)
    }

    #[test]
    fn levels_deny_and_excludes_are_read() {
        let config = parse(
            "deny = [\"warnings\"]\nexclude = [\"legacy/**\"]\n[rules]\nVTL002 = \"warning\"\nunknown-suppression = \"off\"\n",
        )
        .expect("valid");
        assert!(config.deny_warnings);
        let vtl002 = rules::lookup("VTL002").expect("registered");
        let vtl000 = rules::lookup("VTL000").expect("registered");
        let vtl001 = rules::lookup("VTL001").expect("registered");
        assert_eq!(config.severity(vtl002), Some(Severity::Warning));
        assert_eq!(config.severity(vtl000), None);
        assert_eq!(config.severity(vtl001), Some(Severity::Error));
        assert!(config.is_excluded(Path::new("dir/legacy/a.vtl")));
        assert!(!config.is_excluded(Path::new("dir/current/a.vtl")));
    }

    #[test]
    fn mistakes_are_located() {
        let error = parse("[rules]\nVTL999 = \"error\"\n").expect_err("unknown rule");
        assert_eq!(error.position, Some((2, 1)));
        assert!(error.message.contains("VTL999"), "{error}");
        let error = parse("[rules]\nVTL001 = \"loud\"\n").expect_err("unknown level");
        assert_eq!(error.position, Some((2, 10)));
        let error = parse("deny = [\"errors\"]").expect_err("unknown deny");
        assert_eq!(error.position, Some((1, 9)));
        let error = parse("[rulez]\n").expect_err("unknown table");
        assert!(error.position.is_some(), "{error}");
        assert!(error.to_string().starts_with("dir/apigw-vtl.toml:"));
    }

    #[test]
    fn select_and_ignore_narrow_the_rules() {
        let mut config = Config::default();
        let vtl002 = rules::lookup("VTL002").expect("registered");
        let vtl000 = rules::lookup("VTL000").expect("registered");
        config.select(&[vtl002, vtl000]);
        config.ignore(&[vtl000]);
        assert_eq!(config.severity(vtl002), Some(Severity::Error));
        assert_eq!(config.severity(vtl000), None);
        assert_eq!(
            config.severity(rules::lookup("VTL001").expect("registered")),
            None
        );
    }
}
