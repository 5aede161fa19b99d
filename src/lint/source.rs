//! Templates as lint sees them: the VTL text API Gateway will receive, where it lives in its host
//! file (a `.vtl`, an OpenAPI export, a CloudFormation stack...), and the integration around it.

use std::path::PathBuf;
use std::sync::Arc;

use crate::span::LineIndex;

/// A file read from disk (or given in memory), with its line index.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user named it (or as discovered under a folder).
    pub path: PathBuf,
    /// The whole text.
    pub text: String,
    lines: LineIndex,
}

impl SourceFile {
    /// Wraps a file's text.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> SourceFile {
        let text = text.into();
        let lines = LineIndex::new(&text);
        SourceFile {
            path: path.into(),
            text,
            lines,
        }
    }

    /// 1-based line and character column of a byte offset in this file.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        self.lines.line_col(&self.text, offset)
    }
}

/// Maps byte offsets in an embedded template to byte offsets in its host file.
///
/// Piecewise linear: each segment says "template offset `t` is host offset `h`", and offsets
/// advance together until the next segment. A plain file is one segment at (0, 0); a YAML block
/// scalar has one per line (indentation removed); a JSON or double-quoted YAML string has one after
/// each escape sequence (`\n` is one template byte but two host bytes).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OffsetMap {
    // (template offset, host offset), sorted by template offset, starting at template offset 0.
    segments: Vec<(u32, u32)>,
}

impl OffsetMap {
    /// The identity map of a template that is the whole host file.
    pub fn identity() -> OffsetMap {
        OffsetMap {
            segments: vec![(0, 0)],
        }
    }

    /// A map from the template's start at `host_start` with no escapes or indentation in between.
    pub fn at(host_start: usize) -> OffsetMap {
        OffsetMap {
            segments: vec![(0, host_start as u32)],
        }
    }

    /// Starts a new segment: from template offset `template` on, offsets continue from `host`.
    /// Segments must be pushed in increasing template order; a segment at an offset already
    /// mapped replaces the previous one.
    pub fn push(&mut self, template: usize, host: usize) {
        let segment = (template as u32, host as u32);
        match self.segments.last_mut() {
            Some(last) if last.0 == segment.0 => *last = segment,
            _ => self.segments.push(segment),
        }
    }

    /// The host byte offset of a template byte offset.
    pub fn host_offset(&self, template: usize) -> usize {
        let template = template as u32;
        let index = self.segments.partition_point(|&(t, _)| t <= template);
        match index.checked_sub(1).and_then(|i| self.segments.get(i)) {
            Some(&(t, h)) => (h + (template - t)) as usize,
            None => template as usize,
        }
    }
}

/// Which direction a template transforms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateRole {
    /// A request (integration request) template, selected by the request's content type.
    Request {
        /// The `requestTemplates` key, e.g. `application/json`.
        content_type: String,
    },
    /// A response (integration response) template.
    Response {
        /// The method response status the integration response maps to, when known.
        status: Option<String>,
        /// The `responseTemplates` key.
        content_type: String,
    },
    /// A standalone template file: its role is not known.
    Unknown,
}

/// How the host file will rewrite the template text before API Gateway sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Substitution {
    /// The text reaches API Gateway as written.
    None,
    /// Inside CloudFormation `Fn::Sub` / `!Sub`: every `${Name}` is replaced by CloudFormation and
    /// `${!Name}` becomes a literal `${Name}`. `variables` are the names given in Sub's map form.
    /// The `text` of the template already has `${!` turned into `${` (its offsets still point at
    /// the host's `${!`); `${Name}` references are left as written.
    CloudFormationSub {
        /// Names defined in the second argument of the list form of `Fn::Sub`.
        variables: Vec<String>,
    },
    /// Inside a Terraform string or heredoc: `${...}` and `%{...}` are Terraform's, `$${` and `%%{`
    /// are literal. The `text` of the template already has Terraform's escapes undone.
    Terraform,
}

/// A position in a host file, as byte offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HostRange {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// A host-file value with the range where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it is in the host file.
    pub range: HostRange,
}

/// An integration response: how a backend status or error message selects a response template.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IntegrationResponse {
    /// The key it is declared under (`default`, `4\d{2}`, `.*error.*` in OpenAPI; a name elsewhere).
    pub key: Option<Located<String>>,
    /// `selectionPattern`, a Java regular expression matched against the whole status or message.
    pub selection_pattern: Option<Located<String>>,
    /// The method response status code it maps to.
    pub status_code: Option<Located<String>>,
    /// Content types that have a response template.
    pub template_content_types: Vec<Located<String>>,
}

/// One API Gateway integration (method) with the settings lint reasons about.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Integration {
    /// A readable name: `GET /pets`, the CloudFormation logical id, the Terraform resource address.
    pub name: String,
    /// Where the integration is declared in the host file.
    pub range: Option<HostRange>,
    /// `AWS`, `AWS_PROXY`, `HTTP`, `HTTP_PROXY`, `MOCK`, when declared.
    pub integration_type: Option<Located<String>>,
    /// `WHEN_NO_MATCH` (the default), `WHEN_NO_TEMPLATES` or `NEVER`, when declared.
    pub passthrough_behavior: Option<Located<String>>,
    /// Content types that have a request template.
    pub request_template_content_types: Vec<Located<String>>,
    /// The integration responses, in declaration order.
    pub responses: Vec<IntegrationResponse>,
}

/// A mapping template found in a host file.
#[derive(Clone, Debug)]
pub struct EmbeddedTemplate {
    /// The file that holds it.
    pub host: Arc<SourceFile>,
    /// The template text as API Gateway will receive it (host escapes and indentation removed).
    pub text: String,
    /// Where each template byte is in the host file.
    pub offsets: OffsetMap,
    /// A readable path to the template inside the host: `paths./pets.get … requestTemplates.application/json`.
    pub location: String,
    /// Request or response, with its content type.
    pub role: TemplateRole,
    /// How the host rewrites the text before deploy.
    pub substitution: Substitution,
    /// The integration the template belongs to, as an index into `HostDocument::integrations`.
    pub integration: Option<usize>,
}

impl EmbeddedTemplate {
    /// A standalone template file: the template is the whole file.
    pub fn whole_file(host: Arc<SourceFile>) -> EmbeddedTemplate {
        EmbeddedTemplate {
            text: host.text.clone(),
            location: host.path.display().to_string(),
            host,
            offsets: OffsetMap::identity(),
            role: TemplateRole::Unknown,
            substitution: Substitution::None,
            integration: None,
        }
    }

    /// The host byte range of a template byte range.
    pub fn host_range(&self, start: usize, end: usize) -> HostRange {
        let host_start = self.offsets.host_offset(start);
        // Where the next template byte starts, so an escape at the range's end stays inside it.
        let host_end = self.offsets.host_offset(end);
        // Where the host text does not spell the template exactly (the map then continues
        // byte by byte), an offset may fall inside a character: widen to whole characters.
        let text = &self.host.text;
        let start = crate::span::floor_char_boundary(text, host_start);
        let end = crate::span::ceil_char_boundary(text, host_end.max(host_start));
        HostRange { start, end }
    }
}

/// Everything lint found in one host file.
#[derive(Clone, Debug)]
pub struct HostDocument {
    /// The file.
    pub file: Arc<SourceFile>,
    /// What kind of file it was read as.
    pub format: HostFormat,
    /// Every mapping template in it.
    pub templates: Vec<EmbeddedTemplate>,
    /// Every integration in it (templates point here by index).
    pub integrations: Vec<Integration>,
    /// Templates the reader found but cannot check, each with the reason: a value known only at
    /// deploy time (`!Ref`, `Fn::Join` of a `Ref`, a computed `file()` path), a `file()` that
    /// cannot be read. Lint reports them so nothing is skipped silently.
    pub skipped: Vec<Located<String>>,
}

/// The file formats lint reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HostFormat {
    /// A `.vtl` or `.vm` template file.
    Template,
    /// OpenAPI 3 or Swagger 2, JSON or YAML.
    OpenApi,
    /// CloudFormation or SAM, JSON or YAML (including `cdk synth` output).
    CloudFormation,
    /// Serverless Framework `serverless.yml`.
    Serverless,
    /// Terraform `.tf`.
    Terraform,
}

impl HostFormat {
    /// The name used in messages and JSON output.
    pub fn name(self) -> &'static str {
        match self {
            HostFormat::Template => "template",
            HostFormat::OpenApi => "openapi",
            HostFormat::CloudFormation => "cloudformation",
            HostFormat::Serverless => "serverless",
            HostFormat::Terraform => "terraform",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_continue_linearly_within_a_segment() {
        let mut map = OffsetMap::at(10);
        map.push(4, 20);
        assert_eq!(map.host_offset(0), 10);
        assert_eq!(map.host_offset(3), 13);
        assert_eq!(map.host_offset(4), 20);
        assert_eq!(map.host_offset(9), 25);
    }

    #[test]
    fn a_range_mapped_into_a_character_widens_to_the_whole_character() {
        // The map continues byte by byte where the host does not spell the template: template
        // bytes 1..2 land on the second byte of `é` in the host.
        let file = Arc::new(SourceFile::new("x.tf", "aéb"));
        let mut template = EmbeddedTemplate::whole_file(file);
        template.text = "xyz".to_owned();
        assert_eq!(template.host_range(2, 3), HostRange { start: 1, end: 3 });
        assert_eq!(template.host_range(1, 2), HostRange { start: 1, end: 3 });
    }

    #[test]
    fn a_range_ending_in_an_escape_covers_the_whole_escape() {
        // Template `a\nb` written in JSON as `"a\\nb"` at host offset 1: the newline is two host bytes.
        let file = Arc::new(SourceFile::new("x.json", "\"a\\nb\""));
        let mut template = EmbeddedTemplate::whole_file(file);
        template.text = "a\nb".to_owned();
        template.offsets = OffsetMap::at(1);
        template.offsets.push(1, 2);
        template.offsets.push(2, 4);
        assert_eq!(template.host_range(0, 3), HostRange { start: 1, end: 5 });
        assert_eq!(template.host_range(1, 2), HostRange { start: 2, end: 4 });
    }
}
