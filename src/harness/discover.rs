//! Finds the templates of a suite folder (recursively) and their cases, in a stable order, and
//! looks up one case by name for `render --case`.

use std::path::{Path, PathBuf};

use super::case::Case;

/// A template file with its cases.
#[derive(Debug, Clone)]
pub struct SuiteTemplate {
    /// The `.vtl` file.
    pub path: PathBuf,
    /// The folder the search started from (names are shown relative to it).
    pub root: PathBuf,
    /// The template text.
    pub text: String,
    /// Its cases, in file order.
    pub cases: Vec<Case>,
}

impl SuiteTemplate {
    /// The path shown in reports: relative to the suite root, without `.vtl`.
    pub fn display_name(&self) -> String {
        let relative = self.path.strip_prefix(&self.root).unwrap_or(&self.path);
        relative
            .with_extension("")
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// `NAME@CASE.snap` beside the template.
    pub fn snapshot_path(&self, case: &str) -> PathBuf {
        let stem = self
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.path.with_file_name(format!("{stem}@{case}.snap"))
    }
}

/// A folder holding a file of this name is skipped: its templates have no cases (lint fixtures).
pub const NOT_A_SUITE: &str = ".not-a-test-suite";

/// Every `.vtl` under `root` with its cases, sorted by path.
pub fn discover(root: &Path) -> Result<Vec<SuiteTemplate>, String> {
    let mut files = Vec::new();
    if root.is_file() {
        files.push(root.to_path_buf());
    } else {
        collect(root, &mut files)?;
    }
    if root == Path::new(".") {
        // `./x@case.snap` reads worse than `x@case.snap` in every report line.
        for file in &mut files {
            if let Ok(short) = file.strip_prefix(".") {
                *file = short.to_path_buf();
            }
        }
    }
    files.sort();
    let base = if root.is_file() {
        root.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        root.to_path_buf()
    };
    // Reading and parsing the files is most of a large suite's start-up, so it is spread over
    // threads; chunks are joined in order, keeping the sorted order (and the first error).
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let chunk = files.len().div_ceil(threads).max(64);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|paths| scope.spawn(|| paths.iter().map(|p| load(p, &base)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|_| vec![Err("a suite reader thread failed".to_string())])
            })
            .collect()
    })
}

/// The text of a file's bytes; invalid UTF-8 is reported as `FILE:LINE:COLUMN` of the first
/// bad byte (the column counts characters).
pub fn decode_utf8(path: &Path, bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        // The bytes before the first invalid one are unchanged by the lossy decoding.
        let shown = String::from_utf8_lossy(e.as_bytes());
        crate::error::file_excerpt(
            &path.display().to_string(),
            &shown,
            valid,
            &format!("invalid UTF-8 (byte offset {valid})"),
        )
    })
}

/// Reads one template and its cases.
fn load(path: &Path, base: &Path) -> Result<SuiteTemplate, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let text = decode_utf8(path, bytes)?;
    let cases_path = path.with_extension("cases.json");
    let cases = if cases_path.exists() {
        Case::read_all(&cases_path)?
    } else {
        vec![Case::default_case()]
    };
    Ok(SuiteTemplate {
        path: path.to_path_buf(),
        root: base.to_path_buf(),
        text,
        cases,
    })
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: cannot read folder: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            if path.join(NOT_A_SUITE).exists() {
                continue;
            }
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "vtl") {
            out.push(path);
        }
    }
    Ok(())
}

/// The case `name` of the template at `template`, from its `NAME.cases.json` (or the implicit
/// `default` case when there is no cases file).
pub fn find_case(template: &Path, name: &str) -> Result<Case, String> {
    let cases_path = template.with_extension("cases.json");
    let cases = if cases_path.exists() {
        Case::read_all(&cases_path)?
    } else {
        vec![Case::default_case()]
    };
    let names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    let known = names.join(", ");
    cases
        .iter()
        .find(|c| c.name == name)
        .cloned()
        .ok_or_else(|| {
            format!(
                "{}: no case `{name}` (cases: {known})",
                if cases_path.exists() {
                    cases_path.display()
                } else {
                    template.display()
                }
            )
        })
}
