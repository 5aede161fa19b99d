//! Builds the AST from pest pairs: one `build_<rule>` per rule, spans attached to every node.
//! It also settles what Velocity decides at parse time: escapes, macro registration, literals.

use std::collections::HashSet;
use std::sync::Arc;

use pest::iterators::Pair;
use pest::Parser as _;

use super::ast::*;
use super::parser::{syntax_error, Rule, VtlParser};
use crate::error::{Error, ErrorKind, Result, Source};
use crate::limit::Limit;
use crate::span::{LineIndex, Span};

/// Directives Velocity 1.7 registers by default (`directive.properties`).
const DIRECTIVES: [&str; 9] = [
    "foreach", "include", "parse", "macro", "literal", "evaluate", "break", "define", "stop",
];

/// A directive's name, whether it is a `#@` block call, its arguments (with their source text)
/// when it has parentheses, and its body when it owns a block.
type DirectiveParts<'p> = (
    String,
    bool,
    Option<Vec<(Expr, Name)>>,
    Option<Pair<'p, Rule>>,
);

/// The result of parsing: the body and the macros it defines, in definition order.
pub struct Parsed {
    /// The template's nodes.
    pub body: Block,
    /// Every `#macro` in the template (Velocity registers them while parsing).
    pub macros: Vec<Arc<MacroDef>>,
}

/// How deeply brackets and blocks may nest. The parser and evaluator recurse once per level; 64
/// keeps them within a 1 MiB stack (a browser's wasm stack) even unoptimised, and is seven times
/// the deepest of the 179 published real-world templates (9).
pub const MAX_NESTING: usize = 64;

/// Parses a whole template.
pub fn parse(source: &Source) -> Result<Parsed> {
    parse_nested_at_most(source, MAX_NESTING)
}

/// Fails at the first place where brackets and blocks nest deeper than `max_nesting` levels
/// (never more than [`MAX_NESTING`]).
pub fn check_nesting(source: &Source, max_nesting: usize) -> Result<()> {
    let max_nesting = max_nesting.min(MAX_NESTING);
    let Some(offset) = too_deep(&source.text, max_nesting) else {
        return Ok(());
    };
    let lines = LineIndex::new(&source.text);
    let text: &str = &source.text;
    let end = offset
        + text
            .get(offset..)
            .and_then(|r| r.chars().next())
            .map_or(0, char::len_utf8);
    Err(Limit::Nesting
        .error(
            format!("brackets and blocks nest deeper than {max_nesting} levels here"),
            max_nesting,
        )
        .with_span(lines.span(text, offset, end))
        .with_source(source)
        .with_help("flatten the expression or split the template"))
}

/// Parses a whole template whose brackets and blocks nest at most `max_nesting` levels (never
/// more than [`MAX_NESTING`]).
pub fn parse_nested_at_most(source: &Source, max_nesting: usize) -> Result<Parsed> {
    check_nesting(source, max_nesting)?;
    let lines = LineIndex::new(&source.text);
    let mut builder = Builder {
        source,
        lines: &lines,
        offset: 0,
        text: source.text.to_string(),
        macros: Vec::new(),
        macro_names: HashSet::new(),
    };
    let body = builder.parse_body(&source.text)?;
    Ok(Parsed {
        body,
        macros: builder.macros,
    })
}

struct Builder<'s> {
    source: &'s Source,
    lines: &'s LineIndex,
    /// Byte offset of `text` inside the source (non-zero inside interpolated strings).
    offset: usize,
    /// The text being parsed now (the source, or an interpolated string's content).
    text: String,
    macros: Vec<Arc<MacroDef>>,
    macro_names: HashSet<Name>,
}

impl<'s> Builder<'s> {
    fn parse_body(&mut self, text: &str) -> Result<Block> {
        let mut pairs = VtlParser::parse(Rule::template, text).map_err(|err| {
            let shifted = shift_error(err, self.offset);
            syntax_error(shifted, self.source, self.lines)
        })?;
        let template = pairs
            .next()
            .ok_or_else(|| Error::new(ErrorKind::Syntax, "empty parse"))?;
        let body = template
            .into_inner()
            .find(|p| p.as_rule() == Rule::body)
            .ok_or_else(|| Error::new(ErrorKind::Syntax, "template without a body"))?;
        self.build_body(body)
    }

    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        self.span_of(s.start(), s.end())
    }

    fn span_of(&self, start: usize, end: usize) -> Span {
        let start = start + self.offset;
        let end = end + self.offset;
        self.lines.span(&self.source.text, start, end)
    }

    fn error(&self, pair: &Pair<'_, Rule>, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Syntax, message)
            .with_span(self.span(pair))
            .with_source(self.source)
    }

    /// An error at the start of `pair`, for markers that swallow the rest of the text.
    fn error_at(&self, pair: &Pair<'_, Rule>, message: impl Into<String>) -> Error {
        let start = pair.as_span().start();
        Error::new(ErrorKind::Syntax, message)
            .with_span(self.span_of(start, start))
            .with_source(self.source)
    }

    fn build_body(&mut self, body: Pair<'_, Rule>) -> Result<Block> {
        let statements: Vec<Pair<'_, Rule>> = body.into_inner().collect();
        let mut block: Block = Vec::with_capacity(statements.len());
        // Set when a `#set` glued to a property reference left Velocity's lexer in its property
        // state, where `##` starts no comment: the next comment line then prints as text.
        let mut comment_is_text_at: Option<usize> = None;
        for (i, pair) in statements.iter().enumerate() {
            let comment_is_text = comment_is_text_at == Some(pair.as_span().start());
            comment_is_text_at = None;
            let node = match pair.as_rule() {
                Rule::text => Some(self.text_node(pair, pair.as_str().to_string())),
                Rule::lone_char => {
                    let next = self.text.get(pair.as_span().end()..).unwrap_or("");
                    Some(self.text_node(pair, lone_text(pair.as_str(), next)))
                }
                Rule::line_comment if comment_is_text => {
                    Some(self.text_node(pair, pair.as_str().to_string()))
                }
                Rule::line_comment | Rule::block_comment => {
                    self.check_comment_end(pair)?;
                    None
                }
                Rule::unparsed => {
                    let inner = pair.clone().into_inner().next().map_or("", |p| p.as_str());
                    Some(self.text_node(pair, inner.to_string()))
                }
                Rule::escaped_directive => {
                    let text = self.escaped_directive(pair.as_str());
                    Some(self.text_node(pair, text))
                }
                Rule::double_escapes => {
                    let next = statements.get(i + 1);
                    let text = self.double_escapes(pair, next);
                    Some(self.text_node(pair, text))
                }
                Rule::reference => {
                    let hash = pair
                        .clone()
                        .into_inner()
                        .flat_map(|p| p.into_inner())
                        .find(|p| p.as_rule() == Rule::property_hash);
                    let reference = Node::Reference(Box::new(self.build_reference(pair.clone())?));
                    push_merging_text(&mut block, reference);
                    if let Some(hash) = hash {
                        push_merging_text(&mut block, self.text_node(&hash, "#".to_string()));
                    }
                    for tail in self.reference_tails(pair.clone())? {
                        push_merging_text(&mut block, tail);
                    }
                    if leaves_property_state_after_set(pair) {
                        comment_is_text_at = Some(pair.as_span().end());
                    }
                    None
                }
                Rule::set_directive => Some(self.build_set(pair.clone())?),
                Rule::if_directive => Some(self.build_if(pair.clone())?),
                Rule::block_directive => self.build_block_directive(pair.clone())?,
                Rule::line_directive => Some(self.build_line_directive(pair.clone())?),
                other => return Err(self.error(pair, format!("unexpected {other:?} in a body"))),
            };
            if let Some(node) = node {
                push_merging_text(&mut block, node);
            }
        }
        Ok(block)
    }

    /// The text of `start..end` widened over the blanks and newlines on both sides.
    fn with_surrounding_whitespace(&self, start: usize, end: usize) -> String {
        let text = self.text.as_str();
        let is_ws = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
        let bytes = text.as_bytes();
        let mut a = start;
        while a > 0 && bytes.get(a - 1).is_some_and(|b| is_ws(*b)) {
            a -= 1;
        }
        let mut b = end;
        while bytes.get(b).is_some_and(|c| is_ws(*c)) {
            b += 1;
        }
        text.get(a..b).unwrap_or("").to_string()
    }

    fn text_node(&self, pair: &Pair<'_, Rule>, text: String) -> Node {
        Node::Text(Text {
            text: text.into(),
            span: self.span(pair),
        })
    }

    /// `\#if` prints `#if` (half the backslashes) for directives Velocity knows; other words keep theirs.
    fn escaped_directive(&self, image: &str) -> String {
        let last = image.rfind('\\').unwrap_or(0);
        let directive = image.get(last + 1..).unwrap_or("");
        let tag = directive.get(1..).unwrap_or("");
        let tag = tag
            .strip_prefix('{')
            .and_then(|t| t.strip_suffix('}'))
            .unwrap_or(tag);
        let recognized = DIRECTIVES.contains(&tag)
            || self.macro_names.contains(tag)
            || matches!(tag, "if" | "end" | "set" | "else" | "elseif");
        if recognized {
            format!("{}{}", "\\".repeat(last / 2), directive)
        } else {
            image.to_string()
        }
    }

    /// Pairs of backslashes print one backslash each when a directive follows, two otherwise.
    fn double_escapes(&self, pair: &Pair<'_, Rule>, next: Option<&Pair<'_, Rule>>) -> String {
        let count = pair.as_str().len() / 2;
        let control = match next {
            Some(next) => match next.as_rule() {
                Rule::if_directive => true,
                // Velocity looks at the next token's text without its first character.
                Rule::line_directive | Rule::block_directive => {
                    let tag = next_token_tag(next.as_str());
                    DIRECTIVES.contains(&tag.as_str()) || self.macro_names.contains(tag.as_str())
                }
                Rule::text => {
                    let tag = next.as_str().get(1..).unwrap_or("");
                    DIRECTIVES.contains(&tag) || self.macro_names.contains(tag)
                }
                _ => false,
            },
            // `#end`, `#else` and `#elseif` close the enclosing block right after the escapes.
            None => {
                let rest = self.text.get(pair.as_span().end()..).unwrap_or("");
                rest.starts_with("#end")
                    || rest.starts_with("#{end}")
                    || rest.starts_with("#else")
                    || rest.starts_with("#{else")
            }
        };
        if control { "\\" } else { "\\\\" }.repeat(count)
    }

    /// What follows a plain reference in Velocity's reference lexer state: identifiers printed
    /// as their names (runt references), `#set` directives, and the parse errors of that state.
    fn reference_tails(&mut self, pair: Pair<'_, Rule>) -> Result<Vec<Node>> {
        let mut nodes = Vec::new();
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::runt_tail => nodes.extend(self.runt_tail(inner)),
                Rule::glued_block => {
                    if let Some(block) = inner.into_inner().next() {
                        if block.as_rule() == Rule::unparsed {
                            let text = block.clone().into_inner().next().map_or("", |p| p.as_str());
                            nodes.push(self.text_node(&block, text.to_string()));
                        } else {
                            self.check_comment_end(&block)?;
                        }
                    }
                }
                Rule::glued_set => {
                    for part in inner.into_inner() {
                        match part.as_rule() {
                            Rule::set_directive => nodes.push(self.build_set(part)?),
                            Rule::runt_tail => nodes.extend(self.runt_tail(part)),
                            Rule::err_index_after_set => {
                                return Err(self.error(&part, "`[` right after a `#set` that follows a reference opens an index with nothing to index"))
                            }
                            _ => {}
                        }
                    }
                }
                Rule::err_keyword_after_reference => {
                    let end = inner.as_span().start()
                        + self.text.get(inner.as_span().start()..).map_or(4, |r| {
                            if r.starts_with("true") {
                                4
                            } else {
                                5
                            }
                        });
                    return Err(Error::new(ErrorKind::Syntax, "`true`/`false` directly after a reference is read as a keyword there: add a space or write `${...}`")
                        .with_span(self.span_of(inner.as_span().start(), end))
                        .with_source(self.source));
                }
                _ => {}
            }
        }
        Ok(nodes)
    }

    /// A runt reference prints its name only; its properties and calls are never evaluated.
    fn runt_tail(&self, pair: Pair<'_, Rule>) -> Vec<Node> {
        let mut nodes = Vec::new();
        for part in pair.clone().into_inner() {
            match part.as_rule() {
                Rule::identifier => nodes.push(self.text_node(&part, part.as_str().to_string())),
                Rule::property_hash => nodes.push(self.text_node(&part, "#".to_string())),
                _ => {}
            }
        }
        nodes
    }

    /// Comments that reach the end of the input may not end in an open `#` or `$` token.
    fn check_comment_end(&self, pair: &Pair<'_, Rule>) -> Result<()> {
        let text = pair.as_str();
        let at_end = pair.as_span().end() == self.text.len();
        let body = text.get(2..).unwrap_or("");
        let closed = text.starts_with("##") && (text.ends_with('\n') || text.ends_with('\r'))
            || text.starts_with("#*") && text.ends_with("*#") && text.len() >= 4;
        if at_end && !closed && (body.ends_with('#') || body.ends_with('$') || body.ends_with("$!"))
        {
            let end = pair.as_span().end();
            return Err(Error::new(
                ErrorKind::Syntax,
                "lexical error: the comment runs to the end of the template and ends with an unfinished `#` or `$`",
            )
            .with_span(self.span_of(end.saturating_sub(1), end))
            .with_source(self.source)
            .with_help("end the comment with a newline"));
        }
        Ok(())
    }

    fn build_set(&mut self, pair: Pair<'_, Rule>) -> Result<Node> {
        let span = self.span(&pair);
        let mut target = None;
        let mut value = None;
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::reference => target = Some(self.build_reference(inner)?),
                Rule::expression => value = Some(self.build_expression(inner)?),
                _ => {}
            }
        }
        match (target, value) {
            (Some(target), Some(value)) => Ok(Node::Set(Box::new(Set {
                target,
                value,
                span,
            }))),
            _ => Err(Error::new(ErrorKind::Syntax, "incomplete #set")
                .with_span(span)
                .with_source(self.source)),
        }
    }

    fn build_if(&mut self, pair: Pair<'_, Rule>) -> Result<Node> {
        let span = self.span(&pair);
        let mut branches = Vec::new();
        let mut otherwise = None;
        let mut condition = None;
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::condition => condition = Some(self.build_condition(inner)?),
                Rule::body => {
                    if let Some(cond) = condition.take() {
                        branches.push((cond, self.build_body(inner)?));
                    }
                }
                Rule::elseif_branch => {
                    let mut cond = None;
                    for part in inner.into_inner() {
                        match part.as_rule() {
                            Rule::condition => cond = Some(self.build_condition(part)?),
                            Rule::body => {
                                if let Some(c) = cond.take() {
                                    branches.push((c, self.build_body(part)?));
                                }
                            }
                            _ => {}
                        }
                    }
                }
                Rule::else_branch => {
                    for part in inner.into_inner() {
                        if part.as_rule() == Rule::body {
                            otherwise = Some(self.build_body(part)?);
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(Node::If(Box::new(If {
            branches,
            otherwise,
            span,
        })))
    }

    fn build_condition(&mut self, pair: Pair<'_, Rule>) -> Result<Expr> {
        let span = self.span(&pair);
        for inner in pair.into_inner() {
            if inner.as_rule() == Rule::expression {
                return self.build_expression(inner);
            }
        }
        Err(Error::new(ErrorKind::Syntax, "missing condition")
            .with_span(span)
            .with_source(self.source))
    }

    fn directive_parts<'p>(&mut self, pair: Pair<'p, Rule>) -> Result<DirectiveParts<'p>> {
        let mut name = String::new();
        let mut block_call = false;
        let mut args = None;
        let mut body = None;
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::block_name | Rule::word => {
                    let word = inner.as_str();
                    block_call = word.starts_with('@');
                    name = word.trim_start_matches('@').to_string();
                }
                Rule::bracketed_word => {
                    name = inner
                        .as_str()
                        .trim_start_matches('{')
                        .trim_end_matches('}')
                        .to_string();
                }
                Rule::directive_args => {
                    let mut list = Vec::new();
                    for arg in inner.into_inner() {
                        if arg.as_rule() == Rule::rparen {
                            continue;
                        }
                        let literal: Name = arg.as_str().into();
                        list.push((self.build_operand(arg)?, literal));
                    }
                    args = Some(list);
                }
                Rule::body => body = Some(inner),
                _ => {}
            }
        }
        Ok((name, block_call, args, body))
    }

    fn build_block_directive(&mut self, pair: Pair<'_, Rule>) -> Result<Option<Node>> {
        let span = self.span(&pair);
        let source_text = pair.as_str().to_string();
        let (name, block_call, args, body) = self.directive_parts(pair)?;
        let args = args.unwrap_or_default();
        let syntax = |message: String| {
            Error::new(ErrorKind::Syntax, message)
                .with_span(span)
                .with_source(self.source)
        };
        if block_call {
            let body = match body {
                Some(b) => self.build_body(b)?,
                None => Vec::new(),
            };
            let (exprs, literals) = args.into_iter().unzip();
            return Ok(Some(Node::Call(Box::new(Call {
                name: name.into(),
                args: exprs,
                arg_literals: literals,
                body: Some(Arc::new(body)),
                literal: source_text.into(),
                span,
            }))));
        }
        if matches!(name.as_str(), "foreach" | "define" | "literal") {
            let allowed = |index: usize| name == "foreach" && index == 1;
            if let Some((index, _)) = args
                .iter()
                .enumerate()
                .find(|(i, (e, _))| matches!(e.kind, ExprKind::Word(_)) && !allowed(*i))
            {
                return Err(syntax(format!("Invalid arg #{index} in directive #{name}")));
            }
        }
        match name.as_str() {
            "macro" => {
                let mut params = Vec::new();
                let mut macro_name: Option<Name> = None;
                for (i, (arg, _)) in args.iter().enumerate() {
                    match (&arg.kind, i) {
                        (ExprKind::Word(w), 0) => macro_name = Some(w.clone()),
                        (_, 0) => return Err(syntax(
                            "the first argument of #macro must be the macro's name, without quotes"
                                .into(),
                        )),
                        (ExprKind::Reference(r), _) => params.push(r.root.clone()),
                        _ => {
                            return Err(syntax(format!(
                            "#macro parameters must be references such as `$name` (argument {})",
                            i + 1
                        )))
                        }
                    }
                }
                let Some(macro_name) = macro_name else {
                    return Err(syntax(
                        "a macro declaration requires at least a name argument".into(),
                    ));
                };
                // Registered before the body is built so the body may call itself recursively.
                self.macro_names.insert(macro_name.clone());
                let body = match body {
                    Some(b) => self.build_body(b)?,
                    None => Vec::new(),
                };
                let def = Arc::new(MacroDef {
                    name: macro_name,
                    params,
                    body,
                    span,
                });
                self.macros.push(def.clone());
                Ok(Some(Node::Macro(def)))
            }
            "foreach" => {
                let body = match body {
                    Some(b) => self.build_body(b)?,
                    None => Vec::new(),
                };
                let mut args = args.into_iter();
                let first = args.next();
                let _in = args.next();
                let iterable = args.next();
                let var: Name = match first.as_ref().map(|(e, _)| &e.kind) {
                    Some(ExprKind::Reference(r)) => r.root.clone(),
                    // Velocity takes the first token's text without its first character.
                    Some(_) => first
                        .as_ref()
                        .map(|(_, lit)| lit.get(1..).unwrap_or("").into())
                        .unwrap_or_else(|| "".into()),
                    None => "".into(),
                };
                match iterable {
                    Some((iterable, _)) => Ok(Some(Node::Foreach(Box::new(Foreach {
                        var,
                        iterable,
                        body,
                        span,
                    })))),
                    // `#foreach($i in)` parses and renders nothing.
                    None => Ok(None),
                }
            }
            "define" => {
                let body = match body {
                    Some(b) => self.build_body(b)?,
                    None => Vec::new(),
                };
                let name = match args.first().map(|(e, _)| &e.kind) {
                    Some(ExprKind::Reference(r)) => r.root.clone(),
                    // Velocity accepts `#define('x')` and then renders nothing for it.
                    _ => return Ok(None),
                };
                Ok(Some(Node::Define(Box::new(Define {
                    name,
                    body: Arc::new(body),
                    span,
                }))))
            }
            "literal" => {
                let inner = body.map(|b| b.as_str().to_string()).unwrap_or_default();
                Ok(Some(Node::Literal(Text {
                    text: inner.into(),
                    span,
                })))
            }
            _ => Err(syntax(format!("unknown block directive #{name}"))),
        }
    }

    fn build_line_directive(&mut self, pair: Pair<'_, Rule>) -> Result<Node> {
        let span = self.span(&pair);
        let source_text = pair.as_str().to_string();
        let (name, _, args, _) = self.directive_parts(pair)?;
        let has_parens = args.is_some();
        let args = args.unwrap_or_default();
        let syntax = |message: String| {
            Error::new(ErrorKind::Syntax, message)
                .with_span(span)
                .with_source(self.source)
        };
        // Parser.Directive(): a bare word is a valid argument only as a macro's name or the
        // `in` of #foreach; for any other known directive it is "Invalid arg #N".
        if DIRECTIVES.contains(&name.as_str()) {
            if let Some((index, _)) = args
                .iter()
                .enumerate()
                .find(|(_, (e, _))| matches!(e.kind, ExprKind::Word(_)))
            {
                return Err(syntax(format!("Invalid arg #{index} in directive #{name}")));
            }
        }
        Ok(match name.as_str() {
            "break" => Node::Break(Box::new(Break {
                scope: args.into_iter().next().map(|(e, _)| e),
                span,
            })),
            "stop" => Node::Stop(span),
            "macro" => {
                return Err(syntax(
                    "a macro declaration requires at least a name argument".into(),
                ))
            }
            "include" | "parse" => Node::Unsupported(Unsupported {
                name: name.as_str().into(),
                span,
            }),
            "evaluate" => match args.into_iter().next() {
                Some((arg, _))
                    if matches!(
                        arg.kind,
                        ExprKind::String(_) | ExprKind::Interpolated(_) | ExprKind::Reference(_)
                    ) =>
                {
                    Node::Evaluate(Box::new(Evaluate { arg, span }))
                }
                _ => {
                    return Err(syntax(
                        "#evaluate() argument must be a string literal or reference".into(),
                    ))
                }
            },
            "foreach" | "define" | "literal" if !has_parens => Node::Broken(Broken {
                message: format!("#{name} needs its arguments in parentheses").into(),
                span,
            }),
            _ => {
                let (exprs, literals) = args.into_iter().unzip();
                Node::Call(Box::new(Call {
                    name: name.into(),
                    args: exprs,
                    arg_literals: literals,
                    body: None,
                    literal: source_text.into(),
                    span,
                }))
            }
        })
    }

    fn build_reference(&mut self, pair: Pair<'_, Rule>) -> Result<Reference> {
        let span = self.span(&pair);
        let start = pair.as_span().start();
        let body_end = pair
            .clone()
            .into_inner()
            .find(|p| matches!(p.as_rule(), Rule::ref_plain | Rule::ref_braced))
            .map_or(pair.as_span().end(), |p| p.as_span().end());
        let whole = self.text.get(start..body_end).unwrap_or("").to_string();
        let whole = whole.as_str();
        let mut backslashes = 0;
        let mut quiet = false;
        let mut has_property_hash = false;
        let mut root: Name = "".into();
        let mut parts = Vec::new();
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::ref_head => {
                    let head = inner.as_str();
                    backslashes = head.bytes().take_while(|b| *b == b'\\').count();
                    quiet = head.ends_with('!');
                }
                Rule::ref_plain | Rule::ref_braced => {
                    for part in inner.into_inner() {
                        match part.as_rule() {
                            Rule::property_hash => has_property_hash = true,
                            Rule::identifier => root = part.as_str().into(),
                            Rule::property => parts
                                .push(RefPart::Property(part.as_str().into(), self.span(&part))),
                            Rule::method => parts.push(self.build_method(part)?),
                            Rule::index => parts.push(self.build_index(part)?),
                            Rule::err_unclosed_brace => {
                                return Err(self.error(&part, "expected `}` to close the reference"))
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        // A trailing `property_hash` belongs to the text after the reference.
        let whole = match whole.strip_suffix('#') {
            Some(trimmed) if has_property_hash => trimmed,
            _ => whole,
        };
        let literal: Name = whole.get(backslashes..).unwrap_or(whole).into();
        let escaped = backslashes % 2 == 1;
        let null_text = if quiet && !escaped {
            "".into()
        } else {
            literal.clone()
        };
        Ok(Reference {
            root,
            parts,
            kind: if quiet {
                RefKind::Quiet
            } else {
                RefKind::Normal
            },
            escaped,
            escape_prefix: "\\".repeat(backslashes / 2).into(),
            null_text,
            literal,
            span,
        })
    }

    fn build_method(&mut self, pair: Pair<'_, Rule>) -> Result<RefPart> {
        let span = self.span(&pair);
        let mut name: Name = "".into();
        let mut args = Vec::new();
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::property => name = inner.as_str().into(),
                Rule::method_args => {
                    for arg in inner.into_inner() {
                        args.push(self.build_operand(arg)?);
                    }
                }
                Rule::err_method_args => {
                    return Err(self.error_at(
                        &inner,
                        "expected method arguments: literals, lists, maps or references, separated by commas",
                    ))
                }
                _ => {}
            }
        }
        Ok(RefPart::Method(name, args, span))
    }

    fn build_index(&mut self, pair: Pair<'_, Rule>) -> Result<RefPart> {
        let span = self.span(&pair);
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::index_arg => {
                    if let Some(arg) = inner.into_inner().next() {
                        return Ok(RefPart::Index(Box::new(self.build_operand(arg)?), span));
                    }
                }
                Rule::err_index => {
                    return Err(self.error_at(
                        &inner,
                        "expected an index: a string, an integer, `true`/`false` or a reference, then `]`",
                    ))
                }
                _ => {}
            }
        }
        Err(Error::new(ErrorKind::Syntax, "empty index")
            .with_span(span)
            .with_source(self.source))
    }

    fn build_expression(&mut self, pair: Pair<'_, Rule>) -> Result<Expr> {
        // Each parenthesis level passes through eight precedence rules; descend the ones with a
        // single child in a loop rather than recursing, to keep deep nesting off the stack.
        let mut pair = pair;
        loop {
            let is_chain = matches!(
                pair.as_rule(),
                Rule::expression
                    | Rule::or_expr
                    | Rule::and_expr
                    | Rule::eq_expr
                    | Rule::rel_expr
                    | Rule::add_expr
                    | Rule::mul_expr
            );
            if !is_chain {
                break;
            }
            let mut inner = pair.clone().into_inner();
            match (inner.next(), inner.next()) {
                (Some(only), None) => pair = only,
                _ => break,
            }
        }
        match pair.as_rule() {
            Rule::expression => match pair.into_inner().next() {
                Some(inner) => self.build_expression(inner),
                None => Err(Error::new(ErrorKind::Syntax, "empty expression")),
            },
            Rule::or_expr
            | Rule::and_expr
            | Rule::eq_expr
            | Rule::rel_expr
            | Rule::add_expr
            | Rule::mul_expr => {
                let mut inner = pair.into_inner();
                let first = inner
                    .next()
                    .ok_or_else(|| Error::new(ErrorKind::Syntax, "empty expression"))?;
                let mut left = self.build_expression(first)?;
                while let (Some(op), Some(right)) = (inner.next(), inner.next()) {
                    let op = binary_op(op.as_rule());
                    // JJTree opens a binary node's scope at its right operand, whitespace included.
                    let literal: Name = self
                        .with_surrounding_whitespace(right.as_span().start(), right.as_span().end())
                        .into();
                    let right = self.build_expression(right)?;
                    let span = join(left.span, right.span, self.lines, &self.source.text);
                    left = Expr {
                        kind: ExprKind::Binary(op, Box::new(left), Box::new(right), literal),
                        span,
                    };
                }
                Ok(left)
            }
            Rule::unary => {
                let span = self.span(&pair);
                let mut inner = pair.into_inner();
                let first = inner
                    .next()
                    .ok_or_else(|| Error::new(ErrorKind::Syntax, "empty expression"))?;
                if first.as_rule() == Rule::op_not {
                    let operand = inner
                        .next()
                        .ok_or_else(|| Error::new(ErrorKind::Syntax, "`!` without an operand"))?;
                    Ok(Expr {
                        kind: ExprKind::Not(Box::new(self.build_expression(operand)?)),
                        span,
                    })
                } else if first.as_rule() == Rule::expression {
                    // `( ... )` as an operand keeps its own node (and source text).
                    self.build_operand(first)
                } else {
                    self.build_expression(first)
                }
            }
            _ => self.build_operand(pair),
        }
    }

    /// `[a..b]`: both ends must be an integer or a reference, as in Velocity's grammar.
    fn build_range(
        &self,
        ends: Vec<(Rule, pest::Span<'_>, Expr)>,
        dots: pest::Span<'_>,
    ) -> Result<ExprKind> {
        let mut ends = ends.into_iter();
        let (Some(from), Some(to)) = (ends.next(), ends.next()) else {
            return Err(Error::new(ErrorKind::Syntax, "incomplete range")
                .with_span(self.span_of(dots.start(), dots.end()))
                .with_source(self.source));
        };
        for (rule, span, _) in [&from, &to] {
            if !matches!(rule, Rule::integer | Rule::reference) {
                return Err(Error::new(
                    ErrorKind::Syntax,
                    format!(
                        "expected an integer or a reference as a range's end, found `{}`",
                        span.as_str()
                    ),
                )
                .with_span(self.span_of(span.start(), span.end()))
                .with_source(self.source));
            }
        }
        Ok(ExprKind::Range(Box::new(from.2), Box::new(to.2)))
    }

    fn build_operand(&mut self, pair: Pair<'_, Rule>) -> Result<Expr> {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::string => {
                let raw = pair.as_str();
                return self.build_string(raw, pair.as_span().start(), span);
            }
            Rule::integer => ExprKind::Number(integer_literal(pair.as_str())),
            Rule::float => {
                let value: f64 = pair.as_str().parse().map_err(|_| {
                    self.error(&pair, format!("invalid number `{}`", pair.as_str()))
                })?;
                ExprKind::Number(NumberLiteral::Double(value))
            }
            Rule::boolean => ExprKind::Bool(pair.as_str() == "true"),
            Rule::reference => ExprKind::Reference(Box::new(self.build_reference(pair)?)),
            Rule::runt => {
                let name: Name = pair.as_str().into();
                ExprKind::Reference(Box::new(Reference {
                    root: name.clone(),
                    parts: Vec::new(),
                    kind: RefKind::Runt,
                    escaped: false,
                    escape_prefix: "".into(),
                    null_text: name.clone(),
                    literal: name,
                    span,
                }))
            }
            Rule::directive_word => ExprKind::Word(pair.as_str().into()),
            Rule::list => {
                let mut items = Vec::new();
                let mut dots = None;
                for inner in pair.into_inner() {
                    if inner.as_rule() == Rule::range_dots {
                        dots = Some(inner.as_span());
                    } else {
                        items.push((inner.as_rule(), inner.as_span(), self.build_operand(inner)?));
                    }
                }
                match dots {
                    None => ExprKind::List(items.into_iter().map(|(_, _, item)| item).collect()),
                    Some(dots) => self.build_range(items, dots)?,
                }
            }
            Rule::map => {
                let mut entries = Vec::new();
                for entry in pair.into_inner() {
                    let mut kv = entry.into_inner();
                    if let (Some(k), Some(v)) = (kv.next(), kv.next()) {
                        entries.push((self.build_operand(k)?, self.build_operand(v)?));
                    }
                }
                ExprKind::Map(entries)
            }
            // A parenthesised group: Velocity's ASTExpression, whose text is all between the parens.
            Rule::expression => {
                let literal: Name = self
                    .with_surrounding_whitespace(pair.as_span().start(), pair.as_span().end())
                    .into();
                ExprKind::Group(Box::new(self.build_expression(pair)?), literal)
            }
            Rule::or_expr
            | Rule::and_expr
            | Rule::eq_expr
            | Rule::rel_expr
            | Rule::add_expr
            | Rule::mul_expr
            | Rule::unary => return self.build_expression(pair),
            other => {
                return Err(self.error(&pair, format!("unexpected {other:?} in an expression")))
            }
        };
        Ok(Expr { kind, span })
    }

    /// String literals: `''`/`""` doubling, `\uXXXX` in double quotes, interpolation of `$` and `#`.
    fn build_string(&mut self, raw: &str, start: usize, span: Span) -> Result<Expr> {
        let double = raw.starts_with('"');
        let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or("");
        let mut content = if double {
            unescape_unicode(inner).map_err(|message| {
                Error::new(ErrorKind::Syntax, message)
                    .with_span(span)
                    .with_source(self.source)
            })?
        } else {
            inner.to_string()
        };
        let quote = if double { "\"\"" } else { "''" };
        if content.contains(quote) {
            content = content.replace(quote, &quote[..1]);
        }
        let interpolate = double && (raw.contains('$') || raw.contains('#'));
        if !interpolate {
            return Ok(Expr {
                kind: ExprKind::String(content.into()),
                span,
            });
        }
        // Velocity parses the content plus a trailing space, then drops the last character of
        // the output, unless the content holds `##` (the space would be inside the comment).
        let has_comment = content.contains("##");
        if !has_comment {
            content.push(' ');
        }
        let saved_offset = self.offset;
        let saved_text = std::mem::replace(&mut self.text, content.clone());
        self.offset = saved_offset + start + 1;
        let body = match VtlParser::parse(Rule::template, &content) {
            Ok(mut pairs) => match pairs
                .next()
                .and_then(|t| t.into_inner().find(|p| p.as_rule() == Rule::body))
            {
                Some(body) => self.build_body(body),
                None => Ok(Vec::new()),
            },
            Err(err) => {
                let inner = syntax_error(shift_error(err, self.offset), self.source, self.lines);
                Err(Error::new(
                    ErrorKind::Syntax,
                    format!("failed to parse the string literal: {}", inner.message()),
                )
                .with_span(inner.span().unwrap_or(span))
                .with_source(self.source))
            }
        };
        self.offset = saved_offset;
        self.text = saved_text;
        Ok(Expr {
            kind: ExprKind::Interpolated(Arc::new(Interpolated {
                body: body?,
                trim_last: !has_comment,
            })),
            span,
        })
    }
}

/// Where nesting first exceeds `max_nesting`, counting `(`, `[`, `{` and block directives
/// (`#if`, `#foreach`, `#macro`, `#define`, `#literal`, `#@`) against their closers and `#end`.
fn too_deep(text: &str, max_nesting: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth: usize = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        match byte {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'#' => {
                let rest = bytes.get(i + 1..).unwrap_or_default();
                let rest = rest.strip_prefix(b"{").unwrap_or(rest);
                let opens = [
                    &b"if"[..],
                    b"foreach",
                    b"macro",
                    b"define",
                    b"literal",
                    b"@",
                ]
                .iter()
                .any(|kw| rest.starts_with(kw));
                if opens {
                    depth += 1;
                } else if rest.starts_with(b"end") {
                    depth = depth.saturating_sub(1);
                }
            }
            _ => {}
        }
        if depth > max_nesting {
            return Some(i);
        }
    }
    None
}

/// A plain reference ending in a property, followed by glued `#set`s and nothing else: after the
/// last `)` Velocity's lexer is back in its property (REFMODIFIER) state.
fn leaves_property_state_after_set(pair: &Pair<'_, Rule>) -> bool {
    let parts: Vec<Pair<'_, Rule>> = pair.clone().into_inner().collect();
    let Some(plain) = parts.iter().find(|p| p.as_rule() == Rule::ref_plain) else {
        return false;
    };
    let tails: Vec<Rule> = parts
        .iter()
        .map(Pair::as_rule)
        .filter(|r| matches!(r, Rule::runt_tail | Rule::glued_set | Rule::glued_block))
        .collect();
    if tails.last() != Some(&Rule::glued_set) || tails.contains(&Rule::runt_tail) {
        return false;
    }
    let last_step = plain
        .clone()
        .into_inner()
        .filter(|p| p.as_rule() != Rule::index)
        .last()
        .map(|p| p.as_rule());
    last_step == Some(Rule::property)
}

/// The tag Velocity compares against directive names: the token after `#`, braces kept.
fn next_token_tag(directive_source: &str) -> String {
    let rest = directive_source.get(1..).unwrap_or("");
    rest.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '@' | '{' | '}'))
        .collect()
}

/// What a lone `$`, `$!` or `#` prints. Velocity keeps it as a prefix of the next token, so it
/// vanishes when that token is a `#set` (or, for `$`, any directive or comment) and prints
/// otherwise; the `!` of a `$!` that starts no reference is dropped unless `{` follows.
fn lone_text(text: &str, next: &str) -> String {
    let is_dollar = text.ends_with('$') || text.ends_with("$!");
    if (text == "#" || is_dollar) && starts_glued_set(next) {
        return String::new();
    }
    if is_dollar && starts_directive_or_comment(next) {
        return String::new();
    }
    if next.starts_with('{') {
        return text.to_string();
    }
    if let Some(stripped) = text.strip_suffix("$!") {
        format!("{stripped}$")
    } else {
        text.to_string()
    }
}

/// `[ \t]*#set *(` or `#{set}`: Velocity's SET_DIRECTIVE token.
fn starts_glued_set(next: &str) -> bool {
    let rest = next.trim_start_matches([' ', '\t']);
    let rest = match rest
        .strip_prefix("#set")
        .or_else(|| rest.strip_prefix("#{set}"))
    {
        Some(r) => r,
        None => return false,
    };
    rest.trim_start_matches(' ').starts_with('(')
}

/// `#` followed by what makes a directive, a comment or an unparsed block.
fn starts_directive_or_comment(next: &str) -> bool {
    let Some(rest) = next.strip_prefix('#') else {
        return false;
    };
    let mut chars = rest.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '@' || c == '#' || c == '*' => true,
        Some('{') => chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_'),
        Some('[') => chars.next() == Some('['),
        _ => false,
    }
}

fn binary_op(rule: Rule) -> BinaryOp {
    match rule {
        Rule::op_or => BinaryOp::Or,
        Rule::op_and => BinaryOp::And,
        Rule::op_eq => BinaryOp::Eq,
        Rule::op_ne => BinaryOp::Ne,
        Rule::op_lt => BinaryOp::Lt,
        Rule::op_le => BinaryOp::Le,
        Rule::op_gt => BinaryOp::Gt,
        Rule::op_ge => BinaryOp::Ge,
        Rule::op_add => BinaryOp::Add,
        Rule::op_sub => BinaryOp::Sub,
        Rule::op_mul => BinaryOp::Mul,
        Rule::op_div => BinaryOp::Div,
        _ => BinaryOp::Mod,
    }
}

/// Integer literals as ASTIntegerLiteral types them: Integer, else Long, else BigInteger.
fn integer_literal(text: &str) -> NumberLiteral {
    if let Ok(v) = text.parse::<i32>() {
        NumberLiteral::Integer(v)
    } else if let Ok(v) = text.parse::<i64>() {
        NumberLiteral::Long(v)
    } else {
        NumberLiteral::BigInteger(text.into())
    }
}

/// Velocity's `unescape`: every `\uXXXX` becomes that UTF-16 unit; other backslashes stay.
fn unescape_unicode(text: &str) -> std::result::Result<String, String> {
    if !text.contains("\\u") {
        return Ok(text.to_string());
    }
    let mut units: Vec<u16> = Vec::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\\u") {
        units.extend(rest[..at].encode_utf16());
        let hex = rest.get(at + 2..at + 6).ok_or_else(|| {
            "a `\\u` escape in a string literal needs four hex digits".to_string()
        })?;
        let unit = u16::from_str_radix(hex, 16)
            .map_err(|_| format!("invalid `\\u{hex}` escape in a string literal"))?;
        units.push(unit);
        rest = &rest[at + 6..];
    }
    units.extend(rest.encode_utf16());
    // A lone surrogate becomes `?`, as Java's UTF-8 encoder writes it.
    Ok(char::decode_utf16(units)
        .map(|r| r.unwrap_or('?'))
        .collect())
}

fn join(a: Span, b: Span, lines: &LineIndex, text: &str) -> Span {
    lines.span(text, a.start as usize, b.end.max(a.end) as usize)
}

fn push_merging_text(block: &mut Block, node: Node) {
    if let Node::Text(next) = &node {
        if let Some(Node::Text(prev)) = block.last_mut() {
            let mut merged = String::with_capacity(prev.text.len() + next.text.len());
            merged.push_str(&prev.text);
            merged.push_str(&next.text);
            prev.text = merged.into();
            prev.span.end = next.span.end;
            return;
        }
    }
    block.push(node);
}

fn shift_error(err: pest::error::Error<Rule>, offset: usize) -> pest::error::Error<Rule> {
    if offset == 0 {
        return err;
    }
    let mut err = err;
    err.location = match err.location {
        pest::error::InputLocation::Pos(p) => pest::error::InputLocation::Pos(p + offset),
        pest::error::InputLocation::Span((a, b)) => {
            pest::error::InputLocation::Span((a + offset, b + offset))
        }
    };
    err
}
