//! Reads a path into host documents: a `.vtl`/`.vm` file is one template; OpenAPI, CloudFormation,
//! Serverless and Terraform files go through the host readers in `lint::host`.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::lint::host;
use crate::lint::source::{EmbeddedTemplate, HostDocument, HostFormat, SourceFile};

/// Extensions of standalone template files.
pub const TEMPLATE_EXTENSIONS: &[&str] = &["vtl", "vm"];

/// A file that cannot be linted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line and column of the problem, when it is inside the file.
    pub position: Option<(usize, usize)>,
    /// Why.
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => {
                write!(
                    f,
                    "{}:{line}:{column}: {}",
                    self.path.display(),
                    self.message
                )
            }
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// The documents in the file at `path` (none when it is not a format lint reads).
pub fn load(path: &Path) -> Result<Vec<HostDocument>, LoadError> {
    if !is_candidate(path) {
        return Ok(Vec::new());
    }
    let file = Arc::new(read(path)?);
    match host::read(file.clone()) {
        Ok(document) => Ok(document.into_iter().collect()),
        Err(error) => Err(LoadError {
            path: path.to_path_buf(),
            position: error.range.map(|range| {
                let (line, column) = file.line_col(range.start);
                (line as usize, column as usize)
            }),
            message: error.message,
        }),
    }
}

/// Drops standalone template documents for files a host document already reads as a template
/// (a Terraform `file()` or a Serverless `${file()}` target), so each finding is reported once.
pub fn drop_referenced_templates(documents: &mut Vec<HostDocument>) {
    let referenced: HashSet<PathBuf> = documents
        .iter()
        .filter(|document| document.format != HostFormat::Template)
        .flat_map(|document| {
            document
                .templates
                .iter()
                .filter(|template| !Arc::ptr_eq(&template.host, &document.file))
        })
        .map(|template| same_file_key(&template.host.path))
        .collect();
    if referenced.is_empty() {
        return;
    }
    documents.retain(|document| {
        document.format != HostFormat::Template
            || !referenced.contains(&same_file_key(&document.file.path))
    });
}

/// One spelling per file: `a/./b.vtl` and `a/b.vtl` compare equal.
fn same_file_key(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// True for the extensions lint reads: templates and the host formats.
pub fn is_candidate(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["vtl", "vm", "json", "yaml", "yml", "tf"]
            .iter()
            .any(|t| e.eq_ignore_ascii_case(t))
    })
}

/// A standalone template file as a document of one template.
pub fn template_document(file: Arc<SourceFile>) -> HostDocument {
    HostDocument {
        templates: vec![EmbeddedTemplate::whole_file(file.clone())],
        file,
        format: HostFormat::Template,
        integrations: Vec::new(),
        skipped: Vec::new(),
    }
}

/// True for `.vtl` and `.vm` files.
pub fn is_template_file(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        TEMPLATE_EXTENSIONS
            .iter()
            .any(|t| e.eq_ignore_ascii_case(t))
    })
}

/// The files to lint under `root` (itself when it is a file), sorted; tools' copies and installed
/// dependencies skipped (see `lint::host::discover`).
pub fn discover(root: &Path) -> Result<Vec<PathBuf>, LoadError> {
    host::discover(root).map_err(|e| LoadError {
        path: root.to_path_buf(),
        position: None,
        message: e.message,
    })
}

fn read(path: &Path) -> Result<SourceFile, LoadError> {
    let bytes = std::fs::read(path).map_err(|e| LoadError {
        path: path.to_path_buf(),
        position: None,
        message: format!("cannot read: {e}"),
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(e.as_bytes().get(..valid).unwrap_or_default());
        let (line, column) = crate::span::LineIndex::new(&prefix).line_col(&prefix, valid);
        LoadError {
            path: path.to_path_buf(),
            position: Some((line as usize, column as usize)),
            message: format!("invalid UTF-8 (byte offset {valid})"),
        }
    })?;
    Ok(SourceFile::new(path, text))
}
