//! Where in the output JSON each printed reference lands (inside a string, as a value, as a key),
//! found by scanning an approximation of the output with a small JSON tokenizer state.
//!
//! This is a heuristic. The output is approximated as the template's literal text with each printed
//! reference as an opaque value: `#if` branches each start from the state before the `#if` and the
//! first branch's end state continues; a `#foreach` body is scanned once; `#macro` and `#define`
//! bodies are skipped. Rules use it to spot JSON mistakes, and should stay quiet when it says
//! [`JsonPosition::Other`] (not JSON-looking output, or a spot it cannot place).

use std::collections::HashMap;

use crate::syntax::ast::{Block, ExprKind, Foreach, Node, Reference};

/// Where a printed reference sits in the output JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonPosition {
    /// Inside a JSON string. `whole` when the reference is the string's only content (`"$x"`).
    InString {
        /// The string is exactly `"` + the reference + `"`.
        whole: bool,
    },
    /// A bare value: after `:`, after `[`, or after `,` in an array.
    Value,
    /// A bare object key: after `{` or after `,` in an object.
    Key,
    /// Anywhere else: top level, after another value, or output that does not look like JSON.
    Other,
}

/// A reference printed into the output, with its JSON position.
#[derive(Clone, Debug)]
pub struct PrintedReference<'a> {
    /// The reference as written.
    pub reference: &'a Reference,
    /// Where it lands.
    pub position: JsonPosition,
    /// What its value comes from: the reference itself, or for a plain `$v`, the reference that
    /// the last `#set($v = ...)` before it assigned.
    pub origin: &'a Reference,
    /// How many `#foreach` loops enclose it.
    pub loop_depth: usize,
}

impl PrintedReference<'_> {
    /// "`$v` is set from `…`" when the value comes through a variable, for a finding's note.
    pub fn origin_note(&self) -> Option<String> {
        (!std::ptr::eq(self.origin, self.reference)).then(|| {
            format!(
                "`{}` is set from `{}`",
                self.reference.literal, self.origin.literal
            )
        })
    }
}

/// What follows the end of a `#foreach` body.
#[derive(Clone, Debug)]
pub struct LoopEnd<'a> {
    /// The loop.
    pub foreach: &'a Foreach,
    /// The body's output ends inside a JSON string.
    pub body_ends_in_string: bool,
    /// The first non-whitespace character printed after the loop (`$` for a reference), if any.
    pub next: Option<char>,
}

/// The positions of a template's printed references and what follows its loops.
#[derive(Clone, Debug, Default)]
pub struct OutputShape<'a> {
    /// Printed references, in source order.
    pub references: Vec<PrintedReference<'a>>,
    /// Every `#foreach`, in the order its body ends.
    pub loops: Vec<LoopEnd<'a>>,
}

/// Scans the approximate output of `body`.
pub fn scan(body: &Block) -> OutputShape<'_> {
    let mut scanner = Scanner::default();
    scanner.block(body);
    scanner.shape
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Last {
    /// Nothing significant printed yet.
    #[default]
    Start,
    OpenObject,
    OpenArray,
    Colon,
    Comma,
    /// A scalar, a closed string or a closed container.
    Value,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct State {
    in_string: bool,
    escaped: bool,
    /// Characters printed since the current string opened.
    string_length: usize,
    /// `true` for an array, `false` for an object.
    containers: Vec<bool>,
    last: Last,
}

impl State {
    fn position(&self) -> JsonPosition {
        // Quotes outside any `{` or `[` are not JSON strings: XML attributes, form bodies, text.
        if self.containers.is_empty() {
            return JsonPosition::Other;
        }
        if self.in_string {
            return JsonPosition::InString { whole: false };
        }
        let in_array = self.containers.last().copied();
        match (self.last, in_array) {
            (Last::Colon | Last::OpenArray, _) | (Last::Comma, Some(true)) => JsonPosition::Value,
            (Last::OpenObject, _) | (Last::Comma, Some(false)) => JsonPosition::Key,
            _ => JsonPosition::Other,
        }
    }

    /// Advances over one printed character.
    fn push(&mut self, c: char) {
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if c == '\\' {
                self.escaped = true;
            } else if c == '"' {
                self.in_string = false;
                self.last = Last::Value;
                return;
            }
            self.string_length += 1;
            return;
        }
        match c {
            '"' => {
                self.in_string = true;
                self.string_length = 0;
            }
            '{' => {
                self.containers.push(false);
                self.last = Last::OpenObject;
            }
            '[' => {
                self.containers.push(true);
                self.last = Last::OpenArray;
            }
            '}' | ']' => {
                self.containers.pop();
                self.last = Last::Value;
            }
            ':' => self.last = Last::Colon,
            ',' => self.last = Last::Comma,
            c if c.is_whitespace() => {}
            _ => self.last = Last::Value,
        }
    }
}

#[derive(Default)]
struct Scanner<'a> {
    state: State,
    shape: OutputShape<'a>,
    /// The printed reference that opened its string, until we learn whether the string closes next.
    whole_candidate: Option<usize>,
    /// Loops whose following character is not known yet.
    open_loop_ends: Vec<usize>,
    /// `$v` → the reference the last `#set($v = $ref)` assigned.
    assigned: HashMap<&'a str, &'a Reference>,
    loop_depth: usize,
}

impl<'a> Scanner<'a> {
    fn block(&mut self, block: &'a Block) {
        for node in block {
            self.node(node);
        }
    }

    fn node(&mut self, node: &'a Node) {
        match node {
            Node::Text(text) | Node::Literal(text) => self.text(&text.text),
            Node::Reference(reference) => self.reference(reference),
            Node::Set(set) => {
                if set.target.parts.is_empty() {
                    match &set.value.kind {
                        ExprKind::Reference(value) => {
                            self.assigned.insert(&set.target.root, value);
                        }
                        _ => {
                            self.assigned.remove(&*set.target.root);
                        }
                    }
                }
            }
            Node::If(branches) => {
                let before = self.state.clone();
                let mut after: Option<State> = None;
                let bodies = branches
                    .branches
                    .iter()
                    .map(|(_, body)| body)
                    .chain(branches.otherwise.as_ref());
                for body in bodies {
                    self.state = before.clone();
                    self.whole_candidate = None;
                    self.block(body);
                    after.get_or_insert_with(|| self.state.clone());
                }
                self.whole_candidate = None;
                self.state = after.unwrap_or(before);
            }
            Node::Foreach(foreach) => {
                self.loop_depth += 1;
                self.block(&foreach.body);
                self.loop_depth -= 1;
                self.whole_candidate = None;
                self.shape.loops.push(LoopEnd {
                    foreach,
                    body_ends_in_string: self.state.in_string,
                    next: None,
                });
                self.open_loop_ends.push(self.shape.loops.len() - 1);
            }
            // An unknown macro prints its own text, a known one its body, `#evaluate` whatever
            // its argument renders: each is an opaque value here.
            Node::Call(_) | Node::Evaluate(_) => self.opaque(),
            Node::Define(_)
            | Node::Macro(_)
            | Node::Break(_)
            | Node::Stop(_)
            | Node::Unsupported(_)
            | Node::Broken(_) => {}
        }
    }

    fn text(&mut self, text: &str) {
        for c in text.chars() {
            if !c.is_whitespace() {
                self.note_next(c);
            }
            if let Some(index) = self.whole_candidate.take() {
                if c == '"' && self.state.in_string && !self.state.escaped {
                    if let Some(printed) = self.shape.references.get_mut(index) {
                        if let JsonPosition::InString { whole } = &mut printed.position {
                            *whole = true;
                        }
                    }
                }
            }
            self.state.push(c);
        }
    }

    fn reference(&mut self, reference: &'a Reference) {
        self.note_next('$');
        let at_string_start = self.state.in_string && self.state.string_length == 0;
        let position = self.state.position();
        let origin = if reference.parts.is_empty() {
            self.assigned
                .get(&*reference.root)
                .copied()
                .unwrap_or(reference)
        } else {
            reference
        };
        self.shape.references.push(PrintedReference {
            reference,
            position,
            origin,
            loop_depth: self.loop_depth,
        });
        self.whole_candidate = at_string_start.then(|| self.shape.references.len() - 1);
        self.opaque();
    }

    /// Something printed whose text is unknown: a value outside strings, content inside them.
    fn opaque(&mut self) {
        if self.state.in_string {
            self.state.string_length += 1;
        } else {
            self.state.last = Last::Value;
        }
    }

    fn note_next(&mut self, c: char) {
        for index in self.open_loop_ends.drain(..) {
            if let Some(end) = self.shape.loops.get_mut(index) {
                end.next = Some(c);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Template;

    fn positions(text: &str) -> Vec<(String, JsonPosition)> {
        let template = Template::parse("t.vtl", text).expect("parses");
        scan(template.body())
            .references
            .iter()
            .map(|p| (p.reference.literal.to_string(), p.position))
            .collect()
    }

    #[test]
    fn references_are_placed_in_strings_values_and_keys() {
        let found = positions(r#"{"a": "$x", "b": $y, "c": "id-$z", $k: [$v, "$w"]} $t"#);
        assert_eq!(
            found,
            vec![
                ("$x".to_string(), JsonPosition::InString { whole: true }),
                ("$y".to_string(), JsonPosition::Value),
                ("$z".to_string(), JsonPosition::InString { whole: false }),
                ("$k".to_string(), JsonPosition::Key),
                ("$v".to_string(), JsonPosition::Value),
                ("$w".to_string(), JsonPosition::InString { whole: true }),
                ("$t".to_string(), JsonPosition::Other),
            ]
        );
    }

    #[test]
    fn quotes_outside_json_containers_are_not_json_strings() {
        let found = positions(r#"<order id="$id">$note</order> Action=Send&Body="$body""#);
        assert!(
            found.iter().all(|(_, p)| *p == JsonPosition::Other),
            "{found:?}"
        );
    }

    #[test]
    fn escaped_quotes_and_branches_keep_the_state() {
        let found = positions(r##"{"a": "say \"$x\"", "b": #if($c)"$y"#else null#end, "d": $z}"##);
        assert_eq!(found[0].1, JsonPosition::InString { whole: false });
        assert_eq!(found.len(), 3, "conditions are not printed: {found:?}");
        assert_eq!(found[1].1, JsonPosition::InString { whole: true });
        assert_eq!(found[2].1, JsonPosition::Value);
    }

    #[test]
    fn assigned_references_keep_their_origin_and_loops_their_follower() {
        let template = Template::parse(
            "t.vtl",
            "#set($n = $input.path('$.n'))[#foreach($i in $l)\"$n\",#end]",
        )
        .expect("parses");
        let shape = scan(template.body());
        let printed = shape.references.last().expect("printed");
        assert_eq!(&*printed.origin.literal, "$input.path('$.n')");
        assert_eq!(printed.loop_depth, 1);
        assert_eq!(shape.loops.len(), 1);
        assert_eq!(shape.loops[0].next, Some(']'));
        assert!(!shape.loops[0].body_ends_in_string);
    }
}
