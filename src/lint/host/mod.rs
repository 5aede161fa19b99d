//! Host-format readers: find the mapping templates and integrations inside template files, OpenAPI
//! and Swagger exports, CloudFormation/SAM/CDK stacks, `serverless.yml` and Terraform modules.
//!
//! [`read`] detects a file's format and returns a [`HostDocument`]; [`discover`] lists the files
//! under a folder that may hold templates.

mod cloudformation;
mod openapi;
mod scalar;
mod serverless;
mod terraform;
mod yaml;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::lint::source::{
    EmbeddedTemplate, HostDocument, HostFormat, HostRange, Integration, Located, OffsetMap,
    SourceFile, Substitution, TemplateRole,
};
use scalar::MapBuilder;
use yaml::{Node, NodeKind};

/// A host file that cannot be read: a syntax error (with its position) or an unreadable path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostError {
    /// What went wrong, in one line.
    pub message: String,
    /// Where in the file, when the error has a position.
    pub range: Option<HostRange>,
}

impl HostError {
    /// An error without a position (an I/O error, a folder that cannot be walked).
    pub fn new(message: impl Into<String>) -> HostError {
        HostError {
            message: message.into(),
            range: None,
        }
    }

    /// An error at a host byte range.
    pub fn at(message: impl Into<String>, range: HostRange) -> HostError {
        HostError {
            message: message.into(),
            range: Some(range),
        }
    }
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for HostError {}

/// Reads a host file: `Ok(None)` when it is none of the formats lint reads (an unrelated YAML or
/// JSON file, another extension).
pub fn read(file: Arc<SourceFile>) -> Result<Option<HostDocument>, HostError> {
    let extension = file
        .path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "vtl" | "vm" => {
            let mut document = Document::new(file.clone(), HostFormat::Template);
            document
                .templates
                .push(EmbeddedTemplate::whole_file(file.clone()));
            Ok(Some(document.finish()))
        }
        "tf" => terraform::read(file).map(Some),
        "json" | "yaml" | "yml" => {
            let language = if extension == "json" { "JSON" } else { "YAML" };
            let Some(root) = yaml::parse(&file.text, language)? else {
                return Ok(None);
            };
            if !root.is_mapping() {
                return Ok(None);
            }
            if root.get("openapi").is_some() || root.get("swagger").is_some() {
                let mut document = Document::new(file, HostFormat::OpenApi);
                openapi::read(&mut document, &root, "", false);
                return Ok(Some(document.finish()));
            }
            if root.get("Resources").is_some_and(Node::is_mapping)
                || root.get("AWSTemplateFormatVersion").is_some()
            {
                let mut document = Document::new(file, HostFormat::CloudFormation);
                cloudformation::read(&mut document, &root);
                return Ok(Some(document.finish()));
            }
            let serverless_name = file
                .path
                .file_stem()
                .is_some_and(|stem| stem.eq_ignore_ascii_case("serverless"));
            if serverless_name
                || (root.get("service").is_some()
                    && (root.get("provider").is_some() || root.get("functions").is_some()))
            {
                let mut document = Document::new(file, HostFormat::Serverless);
                serverless::read(&mut document, &root);
                return Ok(Some(document.finish()));
            }
            Ok(None)
        }
        _ => Ok(None),
    }
}

/// Folders never searched: version control, build output, installed packages, and the copies
/// that deploy tools keep of what they deployed (`.aws-sam/build`, `.serverless`, `.terraform`
/// modules), which would report every finding twice.
const SKIPPED_FOLDERS: &[&str] = &[
    ".git",
    "target",
    "node_modules",
    ".aws-sam",
    ".serverless",
    ".terraform",
];

/// Every file under `root` that may hold templates (`.vtl`, `.vm`, `.json`, `.yaml`, `.yml`,
/// `.tf`), sorted; under a `cdk.out` folder only the synthesized `*.template.json` stacks.
/// A `root` that is a file is returned as it is.
pub fn discover(root: &Path) -> Result<Vec<PathBuf>, HostError> {
    if root.is_file() {
        return Ok(vec![root.to_path_buf()]);
    }
    let mut found = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0
                || !entry.file_type().is_dir()
                || !SKIPPED_FOLDERS.contains(&entry.file_name().to_string_lossy().as_ref())
        });
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(root).display().to_string();
            HostError::new(format!("{path}: cannot read: {e}"))
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_ascii_lowercase();
        let Some((_, extension)) = name.rsplit_once('.') else {
            continue;
        };
        let in_cdk_out = path
            .strip_prefix(root)
            .unwrap_or(path)
            .components()
            .any(|c| c.as_os_str() == "cdk.out");
        let wanted = match extension {
            "vtl" | "vm" | "yaml" | "yml" | "tf" => true,
            // A cdk.out folder also holds manifests and asset indexes: only stacks are templates.
            "json" => !in_cdk_out || name.ends_with(".template.json"),
            _ => false,
        };
        if wanted {
            found.push(path.to_path_buf());
        }
    }
    found.sort();
    Ok(found)
}

/// The entries of a map of content type to template; none when the value is computed (a
/// CloudFormation function) or not a map.
fn template_map(node: &Node) -> &[(Node, Node)] {
    if cloudformation::intrinsic(node).is_some() {
        return &[];
    }
    node.entries()
}

/// Whether a node is a string as written (no tag, or YAML's own `!!str`).
pub(crate) fn plain_string(node: &Node) -> bool {
    matches!(node.kind, NodeKind::Scalar { .. })
        && node
            .tag
            .as_deref()
            .is_none_or(|t| t == "!!str" || t == "tag:yaml.org,2002:str")
}

/// A host document being assembled by a reader.
pub(crate) struct Document {
    file: Arc<SourceFile>,
    format: HostFormat,
    templates: Vec<EmbeddedTemplate>,
    integrations: Vec<Integration>,
    skipped: Vec<Located<String>>,
}

/// Which host intrinsics may wrap a YAML/JSON template value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Intrinsics {
    /// Plain strings only (OpenAPI, Serverless).
    None,
    /// CloudFormation functions: `!Sub`/`Fn::Sub`, `!Join`/`Fn::Join`; others are skipped.
    CloudFormation,
}

impl Document {
    fn new(file: Arc<SourceFile>, format: HostFormat) -> Document {
        Document {
            file,
            format,
            templates: Vec::new(),
            integrations: Vec::new(),
            skipped: Vec::new(),
        }
    }

    fn finish(self) -> HostDocument {
        HostDocument {
            file: self.file,
            format: self.format,
            templates: self.templates,
            integrations: self.integrations,
            skipped: self.skipped,
        }
    }

    /// Reads a template file named relative to the host file's folder (Terraform `file()`,
    /// Serverless `${file(...)}`).
    fn read_beside(&self, relative: &str) -> Result<Arc<SourceFile>, String> {
        let base = self.file.path.parent().unwrap_or(Path::new(""));
        // Without `.` components, locations read `api/x.vtl`, not `api/./x.vtl`.
        let resolved: PathBuf = base
            .join(relative)
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect();
        let contents = std::fs::read_to_string(&resolved)
            .map_err(|e| format!("cannot read {}: {e}", resolved.display()))?;
        Ok(Arc::new(SourceFile::new(resolved, contents)))
    }

    /// Adds an integration; returns its index.
    fn add_integration(&mut self, integration: Integration) -> usize {
        self.integrations.push(integration);
        self.integrations.len() - 1
    }

    /// Records a template the reader found but cannot turn into text.
    fn skip(&mut self, range: HostRange, reason: impl Into<String>) {
        self.skipped.push(Located {
            value: reason.into(),
            range,
        });
    }

    /// The entries of a map of content type to template; anything but a map (an `!If`, a `Ref`)
    /// is recorded as skipped, an empty value is no templates.
    fn template_entries<'a>(&mut self, node: &'a Node, location: &str) -> &'a [(Node, Node)] {
        let empty = node
            .as_str()
            .is_some_and(|v| v.is_empty() || v == "null" || v == "~");
        let computed = cloudformation::intrinsic(node).is_some();
        if (!node.is_mapping() && !empty) || computed {
            self.skip(
                self.value_range(node),
                format!("{location}: not a map of content types to templates"),
            );
        }
        template_map(node)
    }

    /// The content types of a map of content type to template, where each is written.
    fn content_types(&self, templates: &Node) -> Vec<Located<String>> {
        template_map(templates)
            .iter()
            .filter_map(|(key, _)| self.located(key))
            .collect()
    }

    /// Adds each template of a map of content type to template, found at `location`, with the
    /// role its content type gives it.
    fn add_template_map(
        &mut self,
        templates: &Node,
        location: &str,
        role: impl Fn(&str) -> TemplateRole,
        integration: Option<usize>,
        intrinsics: Intrinsics,
    ) {
        for (key, template) in self.template_entries(templates, location) {
            let Some(content_type) = key.as_str() else {
                continue;
            };
            self.add_yaml_template(
                template,
                format!("{location}.{content_type}"),
                role(content_type),
                integration,
                intrinsics,
            );
        }
    }

    /// A located scalar (a content type, a status code, a pattern), written as a plain value.
    fn located(&self, node: &Node) -> Option<Located<String>> {
        let value = match &node.kind {
            NodeKind::Scalar { value, .. } => value.clone(),
            _ => return None,
        };
        Some(Located {
            value,
            range: self.value_range(node),
        })
    }

    /// A node's range without its tag or anchor.
    fn value_range(&self, node: &Node) -> HostRange {
        HostRange {
            start: scalar::skip_properties(&self.file.text, node.range.start).min(node.range.end),
            end: node.range.end,
        }
    }

    /// Adds the template written at `node` (a string, or a CloudFormation `Sub`/`Join` of strings
    /// when `intrinsics` allow); anything else is recorded as skipped.
    fn add_yaml_template(
        &mut self,
        node: &Node,
        location: String,
        role: TemplateRole,
        integration: Option<usize>,
        intrinsics: Intrinsics,
    ) {
        match self.yaml_text(node, intrinsics) {
            Ok((text, offsets, substitution)) => self.templates.push(EmbeddedTemplate {
                host: self.file.clone(),
                text,
                offsets,
                location,
                role,
                substitution,
                integration,
            }),
            Err(reason) => self.skip(self.value_range(node), format!("{location}: {reason}")),
        }
    }

    fn yaml_text(
        &self,
        node: &Node,
        intrinsics: Intrinsics,
    ) -> Result<(String, OffsetMap, Substitution), String> {
        let host = &self.file.text;
        if plain_string(node) {
            let text = node.as_str().unwrap_or_default().to_owned();
            let mut builder = MapBuilder::default();
            scalar::align_node(host, node, 0, &mut builder);
            return Ok((text, builder.finish(node.range.start), Substitution::None));
        }
        if intrinsics == Intrinsics::None {
            return Err("not a string".to_owned());
        }
        cloudformation::function_text(host, node)
    }
}

#[cfg(test)]
mod tests;
