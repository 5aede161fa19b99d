//! YAML and JSON host files as a tree of located nodes, built from `saphyr-parser` events
//! (YAML 1.2 is a JSON superset, so one parser serves both, with CloudFormation's `!Tags` kept).

use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Span};

use crate::lint::host::HostError;
use crate::lint::source::HostRange;

/// A YAML node with the host byte range it was written at (tag and anchor included).
#[derive(Clone, Debug)]
pub(crate) struct Node {
    /// What the node holds.
    pub kind: NodeKind,
    /// Its tag as written, e.g. `!Sub`, `!GetAtt`.
    pub tag: Option<String>,
    /// Where it is in the host file.
    pub range: HostRange,
}

/// The three YAML node kinds.
#[derive(Clone, Debug)]
pub(crate) enum NodeKind {
    /// A scalar with its decoded value and the style it was written in.
    Scalar { value: String, style: ScalarStyle },
    /// A sequence.
    Sequence(Vec<Node>),
    /// A mapping, in document order.
    Mapping(Vec<(Node, Node)>),
}

impl Node {
    /// The decoded value of a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The entries of a mapping (none for other kinds).
    pub fn entries(&self) -> &[(Node, Node)] {
        match &self.kind {
            NodeKind::Mapping(entries) => entries,
            _ => &[],
        }
    }

    /// The items of a sequence (none for other kinds).
    pub fn items(&self) -> &[Node] {
        match &self.kind {
            NodeKind::Sequence(items) => items,
            _ => &[],
        }
    }

    /// The value under a scalar key of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }

    /// Whether this is a mapping.
    pub fn is_mapping(&self) -> bool {
        matches!(self.kind, NodeKind::Mapping(_))
    }
}

/// Converts the parser's character indices to byte offsets.
struct CharOffsets {
    // Byte offset of each character index, plus the text length; empty when the text is ASCII.
    offsets: Vec<usize>,
    len: usize,
}

impl CharOffsets {
    fn new(text: &str) -> CharOffsets {
        let offsets = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(text.len()))
                .collect()
        };
        CharOffsets {
            offsets,
            len: text.len(),
        }
    }

    fn byte(&self, marker: &Marker) -> usize {
        let index = marker.index();
        if self.offsets.is_empty() {
            index.min(self.len)
        } else {
            self.offsets.get(index).copied().unwrap_or(self.len)
        }
    }

    fn range(&self, span: &Span) -> HostRange {
        let start = self.byte(&span.start);
        HostRange {
            start,
            end: self.byte(&span.end).max(start),
        }
    }
}

// A collection being built while its events arrive.
enum Open {
    Sequence(Vec<Node>),
    Mapping(Vec<(Node, Node)>, Option<Node>),
}

struct Frame {
    open: Open,
    tag: Option<String>,
    anchor: usize,
    start: usize,
}

/// Parses the first document of a YAML or JSON text (`language` names it in errors); `Ok(None)`
/// for an empty stream.
pub(crate) fn parse(text: &str, language: &str) -> Result<Option<Node>, HostError> {
    let offsets = CharOffsets::new(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    let mut root: Option<Node> = None;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|error| {
            let at = offsets.byte(error.marker());
            HostError::at(
                format!("{language} syntax error: {}", error.info()),
                HostRange { start: at, end: at },
            )
        })?;
        let range = offsets.range(&span);
        let finished = match event {
            Event::Scalar(value, style, anchor, tag) => {
                let node = Node {
                    kind: NodeKind::Scalar {
                        value: value.into_owned(),
                        style,
                    },
                    tag: tag.map(|t| format!("{}{}", t.handle, t.suffix)),
                    range,
                };
                remember(&mut anchors, anchor, &node);
                Some(node)
            }
            Event::Alias(anchor) => match anchors.get(&anchor) {
                Some(node) => Some(node.clone()),
                None => {
                    return Err(HostError::at("YAML alias to an unknown anchor", range));
                }
            },
            Event::SequenceStart(anchor, tag) => {
                stack.push(Frame {
                    open: Open::Sequence(Vec::new()),
                    tag: tag.map(|t| format!("{}{}", t.handle, t.suffix)),
                    anchor,
                    start: range.start,
                });
                None
            }
            Event::MappingStart(anchor, tag) => {
                stack.push(Frame {
                    open: Open::Mapping(Vec::new(), None),
                    tag: tag.map(|t| format!("{}{}", t.handle, t.suffix)),
                    anchor,
                    start: range.start,
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(frame) => {
                    let kind = match frame.open {
                        Open::Sequence(items) => NodeKind::Sequence(items),
                        Open::Mapping(entries, _) => NodeKind::Mapping(entries),
                    };
                    let node = Node {
                        kind,
                        tag: frame.tag,
                        range: HostRange {
                            start: frame.start,
                            end: range.end.max(frame.start),
                        },
                    };
                    remember(&mut anchors, frame.anchor, &node);
                    Some(node)
                }
                None => None,
            },
            Event::DocumentEnd if root.is_some() => break,
            _ => None,
        };
        if let Some(node) = finished {
            match stack.last_mut() {
                Some(Frame {
                    open: Open::Sequence(items),
                    ..
                }) => items.push(node),
                Some(Frame {
                    open: Open::Mapping(entries, pending),
                    ..
                }) => match pending.take() {
                    Some(key) => entries.push((key, node)),
                    None => *pending = Some(node),
                },
                None => root = Some(node),
            }
        }
    }
    Ok(root)
}

fn remember(anchors: &mut HashMap<usize, Node>, anchor: usize, node: &Node) {
    if anchor != 0 {
        anchors.insert(anchor, node.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_ranges_are_kept() {
        let text = "a: !Sub \"x ${y}\"\nb: [1, {c: d}]\n";
        let root = parse(text, "YAML").unwrap().unwrap();
        let a = root.get("a").unwrap();
        assert_eq!(a.tag.as_deref(), Some("!Sub"));
        assert_eq!(a.as_str(), Some("x ${y}"));
        assert_eq!(&text[a.range.start..a.range.end], "!Sub \"x ${y}\"");
        let b = root.get("b").unwrap();
        assert_eq!(b.items().len(), 2);
        assert_eq!(b.items()[1].get("c").unwrap().as_str(), Some("d"));
    }

    #[test]
    fn ranges_are_bytes_after_non_ascii_text() {
        let text = "é: \"ü\"\nk: v\n";
        let root = parse(text, "YAML").unwrap().unwrap();
        let k = root.get("k").unwrap();
        assert_eq!(&text[k.range.start..k.range.end], "v");
    }

    #[test]
    fn json_parses_with_positions() {
        let text = "{\n\t\"a\": \"b\\/c\",\n  \"n\": [1, true, null]\n}\n";
        let root = parse(text, "YAML").unwrap().unwrap();
        let a = root.get("a").unwrap();
        assert_eq!(a.as_str(), Some("b/c"));
        assert_eq!(&text[a.range.start..a.range.end], "\"b\\/c\"");
    }

    #[test]
    fn syntax_errors_carry_their_position() {
        let error = parse("a: [1, 2\nb: c\n", "YAML").unwrap_err();
        assert!(error.message.starts_with("YAML syntax error"));
        assert!(error.range.is_some());
    }

    #[test]
    fn aliases_resolve_to_their_anchor() {
        let root = parse("a: &t hello\nb: *t\n", "YAML").unwrap().unwrap();
        assert_eq!(root.get("b").unwrap().as_str(), Some("hello"));
    }
}
