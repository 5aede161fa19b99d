//! `## apigw-vtl: allow VTL003, quoted-json-value` comments: which findings the author accepted,
//! on the comment's line and the next, or for the whole template when written before any output.

/// A code or name written in a suppression comment, with where it is in the template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllowedName {
    /// As written: `VTL003` or `foreach-trailing-comma`.
    pub text: String,
    /// Template byte offset of its first byte.
    pub start: usize,
    /// Template byte offset past its last byte.
    pub end: usize,
}

/// One `## apigw-vtl: allow ...` comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// Template byte offset of the `##`.
    pub offset: usize,
    /// 1-based template line of the comment.
    pub line: u32,
    /// True when only blank lines and `##` comments come before it: it covers the whole template.
    pub whole_template: bool,
    /// The codes and names it allows.
    pub names: Vec<AllowedName>,
}

impl Suppression {
    /// True when this comment allows the rule `code`/`name` for a finding on template line `line`.
    pub fn allows(&self, code: &str, name: &str, line: u32) -> bool {
        let in_reach = self.whole_template || line == self.line || line == self.line + 1;
        in_reach
            && self
                .names
                .iter()
                .any(|n| n.text.eq_ignore_ascii_case(code) || n.text == name)
    }
}

const MARKER: &str = "apigw-vtl:";

/// Every suppression comment of a template, in order.
pub fn parse(text: &str) -> Vec<Suppression> {
    let mut found = Vec::new();
    let mut before_output = true;
    let mut line_start = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        let comment_only = trimmed.starts_with("##");
        if let Some(at) = line.find("##") {
            if let Some(names) = allowed_names(line, at, line_start) {
                found.push(Suppression {
                    offset: line_start + at,
                    line: index as u32 + 1,
                    whole_template: before_output && comment_only,
                    names,
                });
            }
        }
        if !comment_only && !trimmed.trim_end().is_empty() {
            before_output = false;
        }
        line_start += line.len();
    }
    found
}

/// The names after `## apigw-vtl: allow` in `line` (whose `##` is at byte `at`), or None when the
/// comment is not a suppression.
fn allowed_names(line: &str, at: usize, line_start: usize) -> Option<Vec<AllowedName>> {
    let after_hashes = line.get(at..)?.trim_start_matches('#');
    let rest = after_hashes.trim_start().strip_prefix(MARKER)?;
    let rest = rest.trim_start().strip_prefix("allow")?;
    let list_offset = line.len() - rest.len();
    let mut names = Vec::new();
    let mut position = list_offset;
    for piece in rest.split(|c: char| c == ',' || c.is_ascii_whitespace()) {
        if !piece.is_empty() {
            names.push(AllowedName {
                text: piece.to_string(),
                start: line_start + position,
                end: line_start + position + piece.len(),
            });
        }
        position += piece.len() + 1;
    }
    Some(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leading_comment_covers_the_whole_template() {
        let found = parse("## header\n## apigw-vtl: allow VTL003, quoted-json-value\n{\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].whole_template);
        assert_eq!(found[0].line, 2);
        assert!(found[0].allows("VTL003", "x", 40));
        assert!(found[0].allows("VTL005", "quoted-json-value", 40));
        assert!(!found[0].allows("VTL004", "y", 40));
    }

    #[test]
    fn a_later_comment_covers_its_line_and_the_next() {
        let text = "{\n  \"a\": $x ## apigw-vtl: allow VTL006\n}";
        let found = parse(text);
        assert_eq!(found.len(), 1);
        assert!(!found[0].whole_template);
        assert!(found[0].allows("VTL006", "n", 2));
        assert!(found[0].allows("VTL006", "n", 3));
        assert!(!found[0].allows("VTL006", "n", 1));
        let name = &found[0].names[0];
        assert_eq!(&text[name.start..name.end], "VTL006");
    }

    #[test]
    fn other_comments_are_not_suppressions() {
        assert!(parse("## allow VTL003\n## apigw-vtl: deny VTL003\n").is_empty());
    }
}
