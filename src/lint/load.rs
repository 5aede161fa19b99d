//! Reads a path into host documents: today a `.vtl`/`.vm` file is one template; host formats
//! (OpenAPI, CloudFormation, Serverless, Terraform) plug in here, in one place.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    if !is_template_file(path) {
        return Ok(Vec::new());
    }
    let file = Arc::new(read(path)?);
    Ok(vec![template_document(file)])
}

/// A standalone template file as a document of one template.
pub fn template_document(file: Arc<SourceFile>) -> HostDocument {
    HostDocument {
        templates: vec![EmbeddedTemplate::whole_file(file.clone())],
        file,
        format: HostFormat::Template,
        integrations: Vec::new(),
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

/// The files to lint under `root` (itself when it is a file), sorted, hidden entries skipped.
pub fn discover(root: &Path) -> Result<Vec<PathBuf>, LoadError> {
    if root.is_file() {
        return Ok(vec![root.to_path_buf()]);
    }
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden_or_build(entry.file_name()));
    for entry in walker {
        let entry = entry.map_err(|e| LoadError {
            path: e.path().unwrap_or(root).to_path_buf(),
            position: None,
            message: format!("cannot read: {e}"),
        })?;
        if entry.file_type().is_file() && is_template_file(entry.path()) {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// Folders no template of the project lives in: hidden ones and installed dependencies.
fn is_hidden_or_build(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name == "node_modules"
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
        let line = prefix.matches('\n').count() + 1;
        let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        LoadError {
            path: path.to_path_buf(),
            position: Some((line, column)),
            message: format!("invalid UTF-8 (byte offset {valid})"),
        }
    })?;
    Ok(SourceFile::new(path, text))
}
