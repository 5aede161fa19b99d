//! `apigw-vtl lint [PATH...]`: checks templates before deploy and reports findings at the line and
//! column of the file the user edits, as text, JSON, SARIF or GitHub workflow commands.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use apigw_vtl::lint::config::Config;
use apigw_vtl::lint::diagnostic::Severity;
use apigw_vtl::lint::output::{self, Format};
use apigw_vtl::lint::rule::Rule;
use apigw_vtl::lint::{load, rules, run};

use super::{write_stdout, Outcome, UsageError};

/// Report formats.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// Source excerpts with carets, then `N errors, M warnings`.
    Human,
    /// One JSON array of findings.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
}

/// What `--deny` can make fatal.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Deny {
    /// Warnings fail the run (exit 1), as errors do.
    Warnings,
}

/// Arguments of `lint`.
#[derive(clap::Args)]
pub struct Args {
    /// Template files or folders to search for `.vtl`/`.vm` files (default: the current folder).
    paths: Vec<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value = "human")]
    format: FormatArg,
    /// `--deny warnings`: exit 1 on warnings too.
    #[arg(long, value_enum, value_name = "warnings")]
    deny: Vec<Deny>,
    /// The configuration file (default: the nearest `apigw-vtl.toml` in the linted folder or its parents).
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Run only these rules (codes or names, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    select: Vec<String>,
    /// Do not run these rules (codes or names, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    ignore: Vec<String>,
    /// Also render each JSON-producing template against generated edge-case requests and report
    /// the ones whose output is not valid JSON (rule VTL030).
    #[arg(long)]
    deep: bool,
    /// Print what a rule catches, why, and an example, then exit.
    #[arg(long, value_name = "CODE", conflicts_with = "list_rules")]
    explain: Option<String>,
    /// List every rule (code, default severity, name, summary), then exit.
    #[arg(long)]
    list_rules: bool,
}

pub fn run(args: Args) -> Result<Outcome, UsageError> {
    if let Some(code) = &args.explain {
        let rule = lookup(code)?;
        let text = format!(
            "{} {} ({})\n\n{}\n\n{}\n",
            rule.code,
            rule.name,
            rule.severity.name(),
            rule.summary,
            rules::explanation(rule)
        );
        write_stdout(text.as_bytes())?;
        return Ok(Outcome::Success);
    }
    if args.list_rules {
        let mut text = String::new();
        for rule in rules::ALL {
            text.push_str(&format!(
                "{}  {:<7}  {:<32}  {}\n",
                rule.code,
                rule.severity.name(),
                rule.name,
                rule.summary
            ));
        }
        write_stdout(text.as_bytes())?;
        return Ok(Outcome::Success);
    }
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut config = load_config(args.config.as_deref(), &paths)?;
    if !args.select.is_empty() {
        config.select(&lookup_all(&args.select)?);
    }
    config.ignore(&lookup_all(&args.ignore)?);
    if !args.deny.is_empty() {
        config.deny_warnings = true;
    }
    config.deep = args.deep;
    let mut documents = Vec::new();
    for root in &paths {
        if !root.exists() {
            return Err(UsageError(format!(
                "{}: cannot read: no such file or folder",
                root.display()
            )));
        }
        let files = load::discover(root).map_err(|e| UsageError(e.to_string()))?;
        for file in files {
            if config.is_excluded(&file) {
                continue;
            }
            let found = match load::load(&file) {
                Ok(found) => found,
                // A folder holds JSON and YAML of every kind: one that does not parse is named
                // and skipped, unless it was asked for by name or is a template.
                Err(e) if file != *root && !load::is_template_file(&file) => {
                    let _ = writeln!(std::io::stderr(), "warning: {e} (skipped)");
                    continue;
                }
                Err(e) => return Err(UsageError(e.to_string())),
            };
            if found.is_empty() && file == *root {
                return Err(UsageError(format!(
                    "{}: not a file lint reads (a `.vtl`/`.vm` template, an OpenAPI, \
                     CloudFormation, SAM or Serverless file, or Terraform)",
                    file.display()
                )));
            }
            documents.extend(found);
        }
    }
    load::drop_referenced_templates(&mut documents);
    if documents.is_empty() {
        let _ = writeln!(
            std::io::stderr(),
            "warning: no templates found under {}",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let diagnostics = run::lint_documents(&documents, &config);
    let format = match args.format {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Sarif => Format::Sarif,
        FormatArg::Github => Format::Github,
    };
    let color = format == Format::Human
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let report = output::render(format, &diagnostics, Path::new("."), color);
    write_stdout(report.as_bytes())?;
    let fails = diagnostics.iter().any(|d| {
        d.severity == Severity::Error || (config.deny_warnings && d.severity == Severity::Warning)
    });
    Ok(if fails {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}

fn load_config(explicit: Option<&Path>, paths: &[PathBuf]) -> Result<Config, UsageError> {
    let found = match explicit {
        Some(path) => Some(path.to_path_buf()),
        None => paths.first().and_then(|start| Config::find(start)),
    };
    match found {
        Some(path) => Config::load(&path).map_err(|e| UsageError(e.to_string())),
        None => Ok(Config::default()),
    }
}

fn lookup(code: &str) -> Result<&'static Rule, UsageError> {
    rules::lookup(code).ok_or_else(|| {
        UsageError(format!(
            "unknown rule `{code}` (`apigw-vtl lint --list-rules` lists them)"
        ))
    })
}

fn lookup_all(codes: &[String]) -> Result<Vec<&'static Rule>, UsageError> {
    codes
        .iter()
        .map(|code| code.trim())
        .filter(|code| !code.is_empty())
        .map(lookup)
        .collect()
}
