//! Where each byte of a decoded host string (a YAML/JSON scalar, an HCL string or heredoc) was
//! written: walks the raw host text beside the parser's decoded value and records an `OffsetMap`.
//!
//! Written by hand because no parser reports positions inside a scalar: the walk decodes escapes
//! (JSON/YAML double-quoted, YAML `''`, HCL `\n`/`$${`/`%%{`), skips block-scalar and heredoc
//! indentation, and follows line folding, checking every content byte against the decoded value.

use saphyr_parser::ScalarStyle;

use crate::lint::host::yaml::{Node, NodeKind};
use crate::lint::source::OffsetMap;

/// Builds an `OffsetMap` for a template assembled from one or more host strings.
#[derive(Debug, Default)]
pub(crate) struct MapBuilder {
    map: Option<OffsetMap>,
    // Where the next template byte lands if the current segment goes on.
    next: Option<(usize, usize)>,
}

impl MapBuilder {
    /// Records that template byte `template` (a character of `len` bytes) is host byte `host`.
    pub fn map(&mut self, template: usize, host: usize, len: usize) {
        let continues = self.next.is_some_and(|(t, h)| t == template && h == host);
        if !continues {
            match &mut self.map {
                Some(map) => map.push(template, host),
                None => {
                    let mut map = OffsetMap::at(host);
                    if template != 0 {
                        map = OffsetMap::at(host.saturating_sub(template));
                        map.push(template, host);
                    }
                    self.map = Some(map);
                }
            }
        }
        self.next = Some((template + len, host + len));
    }

    /// The finished map; `fallback` is where an empty template starts.
    pub fn finish(self, fallback: usize) -> OffsetMap {
        self.map.unwrap_or_else(|| OffsetMap::at(fallback))
    }
}

/// How the raw host text encodes the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Escapes {
    /// No escapes (YAML plain and block scalars).
    None,
    /// JSON and YAML double-quoted: backslash escapes, escaped line breaks.
    YamlDouble,
    /// YAML single-quoted: `''` is one quote.
    YamlSingle,
    /// HCL quoted string: backslash escapes plus `$${` and `%%{`.
    HclQuoted,
    /// HCL heredoc: only `$${` and `%%{`.
    HclHeredoc,
}

/// One stretch of raw host text holding (part of) a value.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Raw {
    /// First host byte of the content (after any opening quote).
    pub start: usize,
    /// One past the last host byte that may hold content.
    pub end: usize,
    /// The escape syntax.
    pub escapes: Escapes,
    /// Indentation removed at the start of each line (block scalars, `<<-` heredocs).
    pub indent: usize,
    /// Whether `start` is at the start of a line (so its indentation is removed too).
    pub starts_line: bool,
}

/// Maps `value` (already decoded by the parser) onto `raw`, recording template offsets from
/// `template_base` on. Returns false when the host text does not spell the value (the rest of the
/// value is then mapped linearly from where the walk stopped).
pub(crate) fn align(
    host: &str,
    raw: Raw,
    value: &str,
    template_base: usize,
    builder: &mut MapBuilder,
) -> bool {
    let bytes = host.as_bytes();
    let end = raw.end.min(host.len());
    let mut h = raw.start.min(end);
    let mut v = 0;
    let mut line_start = raw.starts_line;
    while v < value.len() {
        if line_start {
            line_start = false;
            let mut skipped = 0;
            while skipped < raw.indent
                && h < end
                && (bytes.get(h) == Some(&b' ')
                    || (raw.escapes == Escapes::HclHeredoc && bytes.get(h) == Some(&b'\t')))
            {
                h += 1;
                skipped += 1;
            }
        }
        let Some(expected) = value.get(v..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let Some(found) = host.get(h..end).and_then(|rest| rest.chars().next()) else {
            break;
        };
        if let Some(escape) = escape_at(host, h, end, raw.escapes) {
            match escape {
                Escape::Char(c, host_len) => {
                    if c != expected {
                        break;
                    }
                    builder.map(template_base + v, h, c.len_utf8());
                    v += c.len_utf8();
                    h += host_len;
                }
                Escape::Marker(marker) => {
                    // `$${` is three host bytes for the two template bytes `${`.
                    if !value.get(v..).is_some_and(|rest| rest.starts_with(marker)) {
                        break;
                    }
                    builder.map(template_base + v, h, 1);
                    builder.map(template_base + v + 1, h + 2, 1);
                    v += 2;
                    h += 3;
                }
                Escape::LineContinuation(host_len) => {
                    h += host_len;
                    while matches!(bytes.get(h), Some(b' ' | b'\t')) && h < end {
                        h += 1;
                    }
                }
            }
            continue;
        }
        if found == expected {
            builder.map(template_base + v, h, found.len_utf8());
            v += found.len_utf8();
            h += found.len_utf8();
            line_start = found == '\n';
            continue;
        }
        match found {
            // A folded line break reads as a space.
            '\n' if expected == ' ' => {
                builder.map(template_base + v, h, 1);
                v += 1;
                h += 1;
                line_start = true;
            }
            '\n' => {
                h += 1;
                line_start = true;
            }
            ' ' | '\t' | '\r' => h += 1,
            _ => break,
        }
    }
    if v < value.len() {
        // The host text does not spell the value: keep what is known, continue linearly, and
        // never past the end of the host file.
        let rest = value.len() - v;
        builder.map(template_base + v, h.min(host.len().saturating_sub(rest)), 1);
        return false;
    }
    true
}

enum Escape {
    Char(char, usize),
    Marker(&'static str),
    LineContinuation(usize),
}

fn escape_at(host: &str, h: usize, end: usize, escapes: Escapes) -> Option<Escape> {
    let rest = host.get(h..end)?;
    match escapes {
        Escapes::None => None,
        Escapes::YamlSingle => rest.starts_with("''").then_some(Escape::Char('\'', 2)),
        Escapes::HclHeredoc => marker(rest),
        Escapes::HclQuoted => marker(rest).or_else(|| {
            let mut chars = rest.chars();
            if chars.next()? != '\\' {
                return None;
            }
            let simple = |c| Some(Escape::Char(c, 2));
            match chars.next()? {
                'n' => simple('\n'),
                'r' => simple('\r'),
                't' => simple('\t'),
                '\\' => simple('\\'),
                '"' => simple('"'),
                'u' => hex(rest, 4),
                'U' => hex(rest, 8),
                _ => None,
            }
        }),
        Escapes::YamlDouble => {
            let mut chars = rest.chars();
            if chars.next()? != '\\' {
                return None;
            }
            let simple = |c| Some(Escape::Char(c, 2));
            match chars.next()? {
                '0' => simple('\0'),
                'a' => simple('\u{7}'),
                'b' => simple('\u{8}'),
                't' | '\t' => simple('\t'),
                'n' => simple('\n'),
                'v' => simple('\u{b}'),
                'f' => simple('\u{c}'),
                'r' => simple('\r'),
                'e' => simple('\u{1b}'),
                ' ' => simple(' '),
                '"' => simple('"'),
                '/' => simple('/'),
                '\\' => simple('\\'),
                'N' => simple('\u{85}'),
                '_' => simple('\u{a0}'),
                'L' => simple('\u{2028}'),
                'P' => simple('\u{2029}'),
                'x' => hex(rest, 2),
                'u' => hex(rest, 4),
                'U' => hex(rest, 8),
                '\n' => Some(Escape::LineContinuation(2)),
                '\r' if rest.get(2..3) == Some("\n") => Some(Escape::LineContinuation(3)),
                '\r' => Some(Escape::LineContinuation(2)),
                _ => None,
            }
        }
    }
}

fn marker(rest: &str) -> Option<Escape> {
    if rest.starts_with("$${") {
        Some(Escape::Marker("${"))
    } else if rest.starts_with("%%{") {
        Some(Escape::Marker("%{"))
    } else {
        None
    }
}

fn hex(rest: &str, digits: usize) -> Option<Escape> {
    let code = u32::from_str_radix(rest.get(2..2 + digits)?, 16).ok()?;
    Some(Escape::Char(char::from_u32(code)?, 2 + digits))
}

/// Maps a YAML/JSON scalar node's value onto its host text.
pub(crate) fn align_node(
    host: &str,
    node: &Node,
    template_base: usize,
    builder: &mut MapBuilder,
) -> bool {
    let NodeKind::Scalar { value, style } = &node.kind else {
        return false;
    };
    let Some(raw) = raw_of(host, node.range.start, node.range.end, value, *style) else {
        let start = node.range.start.min(host.len().saturating_sub(value.len()));
        builder.map(template_base, start, 1);
        return false;
    };
    align(host, raw, value, template_base, builder)
}

/// The raw content stretch of a scalar from its event range (which starts at its tag or anchor
/// when it has one, at the first content line for a block scalar without one).
fn raw_of(host: &str, start: usize, end: usize, value: &str, style: ScalarStyle) -> Option<Raw> {
    let bytes = host.as_bytes();
    let body = skip_properties(host, start);
    let plain = |start| Raw {
        start,
        end,
        escapes: Escapes::None,
        indent: 0,
        starts_line: false,
    };
    match style {
        ScalarStyle::Plain => Some(plain(body)),
        ScalarStyle::DoubleQuoted | ScalarStyle::SingleQuoted => {
            let quote = if style == ScalarStyle::DoubleQuoted {
                b'"'
            } else {
                b'\''
            };
            (bytes.get(body) == Some(&quote)).then_some(Raw {
                start: body + 1,
                end: end.saturating_sub(1),
                escapes: if quote == b'"' {
                    Escapes::YamlDouble
                } else {
                    Escapes::YamlSingle
                },
                indent: 0,
                starts_line: false,
            })
        }
        ScalarStyle::Literal | ScalarStyle::Folded => {
            let content = if matches!(bytes.get(body), Some(b'|' | b'>')) {
                // After the header line (`|-`, `>2`, a comment...).
                host.get(body..)?.find('\n').map(|i| body + i + 1)?
            } else {
                // The event starts at the first content line; blank lines before it are content.
                let mut line = host.get(..body)?.rfind('\n').map_or(0, |i| i + 1);
                while line > 0 {
                    let previous = host.get(..line - 1)?.rfind('\n').map_or(0, |i| i + 1);
                    if host.get(previous..line)?.trim().is_empty() {
                        line = previous;
                    } else {
                        break;
                    }
                }
                line
            };
            Some(Raw {
                start: content,
                end,
                escapes: Escapes::None,
                indent: block_indent(host.get(content..end.min(host.len()))?, value),
                starts_line: true,
            })
        }
    }
}

/// A block scalar's content indentation: the first content line's spaces in the host, less those
/// the value keeps (a more-indented first line under an explicit indentation indicator).
fn block_indent(raw: &str, value: &str) -> usize {
    let leading = |line: &str| line.len() - line.trim_start_matches(' ').len();
    let host_line = raw
        .lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("");
    let value_line = value.lines().find(|line| !line.is_empty()).unwrap_or("");
    leading(host_line).saturating_sub(leading(value_line))
}

/// Skips a node's tag (`!Sub`) and anchor (`&name`) and the blanks after them.
pub(crate) fn skip_properties(host: &str, mut at: usize) -> usize {
    let bytes = host.as_bytes();
    while matches!(bytes.get(at), Some(b'!' | b'&')) {
        while bytes.get(at).is_some_and(|b| !b.is_ascii_whitespace()) {
            at += 1;
        }
        while bytes.get(at).is_some_and(|b| b.is_ascii_whitespace()) {
            at += 1;
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::host::yaml::parse;

    /// Parses `text`, aligns the scalar under `key`, and checks that every character of the
    /// value that is not whitespace maps to the same character in the host.
    fn check(text: &str, key: &str) -> OffsetMap {
        let root = parse(text, "YAML").unwrap().unwrap();
        let node = root.get(key).unwrap();
        let mut builder = MapBuilder::default();
        assert!(align_node(text, node, 0, &mut builder), "{text}");
        let map = builder.finish(node.range.start);
        let value = node.as_str().unwrap();
        for (i, c) in value.char_indices() {
            if c.is_alphanumeric() || "$#{}()".contains(c) {
                let h = map.host_offset(i);
                // A character written as an escape maps to the escape's backslash.
                let found = text[h..].chars().next();
                assert!(
                    found == Some(c) || found == Some('\\'),
                    "{value:?} at {i} in {text:?}"
                );
            }
        }
        map
    }

    #[test]
    fn double_quoted_escapes_shift_later_bytes() {
        let text = "t: \"{\\n  \\\"a\\\": \\u0024input.body\\t$x\"\n";
        let map = check(text, "t");
        assert_eq!(map.host_offset(0), 4);
    }

    #[test]
    fn single_quoted_doubled_quotes() {
        check("t: 'it''s $input.path(''$'') done'\n", "t");
    }

    #[test]
    fn literal_block_with_tag_and_blank_lines() {
        check(
            "t: !Sub |\n  #set($a = 1)\n\n    $a more\n  end\nn: 1\n",
            "t",
        );
        check("t: |-\n\n  first\n  second\n", "t");
    }

    #[test]
    fn literal_block_with_indentation_indicator() {
        check("t: |2\n     more\n   less\n", "t");
    }

    #[test]
    fn folded_block_and_plain_multiline() {
        check("t: >\n  a b\n  c\n\n  d\n", "t");
        check("t: plain\n  continued $x\n", "t");
    }

    #[test]
    fn json_strings_with_escaped_slashes_and_crlf() {
        check("{\r\n  \"t\": \"a\\/b\\r\\n$c\"\r\n}\r\n", "t");
    }

    #[test]
    fn double_quoted_line_continuation() {
        check("t: \"one \\\n   two\n  three\"\n", "t");
    }

    #[test]
    fn hcl_markers_map_dollar_and_brace() {
        let host = "\"$${input.body} \\\"x\\\"\"";
        let mut builder = MapBuilder::default();
        let raw = Raw {
            start: 1,
            end: host.len() - 1,
            escapes: Escapes::HclQuoted,
            indent: 0,
            starts_line: false,
        };
        assert!(align(host, raw, "${input.body} \"x\"", 0, &mut builder));
        let map = builder.finish(1);
        assert_eq!(map.host_offset(0), 1);
        assert_eq!(map.host_offset(1), 3);
        assert_eq!(map.host_offset(2), 4);
        assert_eq!(map.host_offset(14), 16);
        assert_eq!(map.host_offset(15), 18);
    }
}
